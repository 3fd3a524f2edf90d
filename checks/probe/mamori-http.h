/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The HTTP probe: one bounded GET from the organisation's own servers with libcurl
 * (MTA-STS policies, later security headers). Thread-safe; every request has a timeout,
 * a size limit, and a readable GError for TLS and connection failures.
 */
#pragma once

#include <gio/gio.h>

#include "mamori-dns.h"

G_BEGIN_DECLS

#define MAMORI_HTTP_ERROR (mamori_http_error_quark ())

typedef enum {
  MAMORI_HTTP_ERROR_RESOLVE,       /* the host name has no address */
  MAMORI_HTTP_ERROR_CONNECT,       /* refused, unreachable */
  MAMORI_HTTP_ERROR_TIMEOUT,
  MAMORI_HTTP_ERROR_TLS,           /* handshake failed (protocol, cipher) */
  MAMORI_HTTP_ERROR_TLS_VERIFY,    /* certificate not trusted, expired, wrong name */
  MAMORI_HTTP_ERROR_TOO_LARGE,     /* body longer than max_size */
  MAMORI_HTTP_ERROR_PROTOCOL,      /* not HTTP, bad URL, anything else */
  MAMORI_HTTP_ERROR_CANCELLED,
} MamoriHttpError;

typedef struct {
  guint         timeout_ms;        /* whole request; 0 = 10 s */
  gsize         max_size;          /* body limit in bytes; 0 = 1 MiB */
  gboolean      follow_redirects;  /* MTA-STS must not (RFC 8461 §3.3) */
  const char   *ca_file;           /* extra trusted CAs (PEM) instead of the system's; NULL */
  /* libcurl CONNECT_TO entries "HOST:PORT:ADDR:PORT": where to connect for a name while
   * the URL, SNI and certificate check keep the name. NULL = the system resolver. */
  const char * const *connect_to;
} MamoriHttpOptions;

typedef struct {
  guint      status;               /* 200, 404 … */
  GPtrArray *headers;              /* char* "Name: value" of the final response */
  GBytes    *body;
  char      *effective_url;
} MamoriHttpResponse;

GQuark              mamori_http_error_quark (void);

MamoriHttpResponse *mamori_http_get         (const char               *url,
                                             const MamoriHttpOptions  *options,
                                             GCancellable             *cancellable,
                                             GError                  **error);
/* First header with this name (case-insensitive), value trimmed; NULL if absent. */
const char         *mamori_http_response_get_header (MamoriHttpResponse *self,
                                                     const char         *name);
void                mamori_http_response_free (MamoriHttpResponse *self);

/* CONNECT_TO entries for host:port from the A and AAAA records that dns returns, so that
 * the configured resolver (the lab's, in tests) decides where a web server lives.
 * connect_port 0 keeps port. Fails with MAMORI_HTTP_ERROR_RESOLVE when there is no
 * address. */
GStrv               mamori_http_connect_to_from_dns (MamoriDns     *dns,
                                                     const char    *host,
                                                     guint          port,
                                                     guint          connect_port,
                                                     GCancellable  *cancellable,
                                                     GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriHttpResponse, mamori_http_response_free)

G_END_DECLS
