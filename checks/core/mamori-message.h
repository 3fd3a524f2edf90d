/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Messages stored as an untranslated id plus parameters, rendered through gettext when shown. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *mamori_message_render (const char         *msgid,
                             const char * const *params);

/* Bytes from the network (a TXT record, a file) as text to show or keep as evidence: valid UTF-8,
 * at most 4 KiB, "" for nothing. */
char *mamori_message_text_from_bytes (GBytes             *bytes);

/* Untrusted bytes quoted in an error message: valid UTF-8, at most 200 bytes, control
 * characters (which would garble a terminal or a log line) replaced by "?". */
char *mamori_message_quote_untrusted (const char         *data,
                                      gsize               len);

G_END_DECLS
