/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SMTP TLS Reporting (RFC 8460): the TXT record at _smtp._tls.<domain>. Untrusted input. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  GPtrArray *rua;         /* char*: report destinations, "mailto:…" or "https://…" */
  GPtrArray *extensions;  /* char*: other "name=value" fields */
} MamoriTlsRptRecord;

/* TRUE when the TXT data starts with "v=TLSRPTv1". */
gboolean            mamori_tls_rpt_record_is_tlsrpt (const char *data,
                                                     gsize       len);
MamoriTlsRptRecord *mamori_tls_rpt_record_parse     (const char  *data,
                                                     gsize        len,
                                                     GError     **error);
void                mamori_tls_rpt_record_free      (MamoriTlsRptRecord *record);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriTlsRptRecord, mamori_tls_rpt_record_free)

G_END_DECLS
