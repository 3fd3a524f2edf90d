/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a TLS server offers: protocol versions, cipher suites (one handshake per suite, run
 * concurrently) and its certificate, probed with libcurl. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  MAMORI_TLS_1_0,
  MAMORI_TLS_1_1,
  MAMORI_TLS_1_2,
  MAMORI_TLS_1_3,
  MAMORI_TLS_N_VERSIONS,
} MamoriTlsVersion;

/* IPA/CRYPTREC TLS暗号設定ガイドライン (Ver.3.0.1) classes of a cipher suite. */
typedef enum {
  MAMORI_TLS_CLASS_HIGH,          /* 高セキュリティ型: ECDHE/DHE + AEAD */
  MAMORI_TLS_CLASS_RECOMMENDED,   /* 推奨セキュリティ型 adds ECDHE/DHE + CBC */
  MAMORI_TLS_CLASS_EXCEPTION,     /* セキュリティ例外型 adds RSA key exchange, 3DES */
  MAMORI_TLS_CLASS_PROHIBITED,    /* in no class: NULL, anonymous, RC4, DES, EXPORT … */
} MamoriTlsClass;

typedef struct {
  const char     *openssl_name;
  const char     *iana_name;
  MamoriTlsVersion version;       /* TLS_1_2 for every pre-1.3 suite */
  MamoriTlsClass  klass;
} MamoriTlsSuite;

typedef struct {
  char       *host;
  gboolean    reachable;
  gboolean    versions[MAMORI_TLS_N_VERSIONS];
  GPtrArray  *suites;            /* const MamoriTlsSuite* the server accepted */
  /* The certificate as a client that trusts the system's (or the given) CAs sees it. */
  gboolean    cert_verified;
  char       *cert_error;        /* libcurl's verification message when not verified */
  char       *cert_subject;
  char       *cert_issuer;
  char       *cert_signature_algorithm;
  char       *cert_public_key_algorithm;
  guint       cert_rsa_bits;     /* 0 when not RSA or unknown */
  GDateTime  *cert_not_before;
  GDateTime  *cert_not_after;
} MamoriTlsReport;

const MamoriTlsSuite *mamori_tls_suites          (guint              *n_suites);
const char           *mamori_tls_version_to_string (MamoriTlsVersion  version);
const char           *mamori_tls_class_to_string (MamoriTlsClass      klass);

/* connect_to: libcurl CONNECT_TO entries (see mamori_http_connect_to_from_dns); ca_file: the CA
 * bundle to trust instead of the system's, or NULL. Fails only when the server cannot be
 * reached at all. */
MamoriTlsReport      *mamori_tls_probe           (const char          *host,
                                                  const char * const  *connect_to,
                                                  const char          *ca_file,
                                                  guint                timeout_ms,
                                                  GCancellable        *cancellable,
                                                  GError             **error);
void                  mamori_tls_report_free     (MamoriTlsReport     *report);
/* "Feb  1 00:00:00 2025 GMT" (OpenSSL's certificate date form) → UTC date, or NULL. */
GDateTime            *mamori_tls_parse_cert_date (const char          *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriTlsReport, mamori_tls_report_free)

G_END_DECLS
