/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Domain names from users: IDN to A-labels, syntax checks, organisational domain (PSL). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower-case A-label form without the trailing dot. Accepts U-labels (例え.jp) and converts
 * them with libidn2 (IDNA 2008, non-transitional); rejects empty labels, labels over 63
 * octets, names over 253 octets and characters that are not letters, digits or hyphens. */
char     *mamori_domain_name_normalize       (const char  *input,
                                              GError     **error);
/* The organisational domain (RFC 7489 §3.2) via the Public Suffix List: the registrable
 * domain, or the name itself when it is a public suffix or unknown. */
char     *mamori_domain_name_organizational  (const char  *domain);
/* Unicode form for display (falls back to the input). */
char     *mamori_domain_name_to_unicode      (const char  *domain);
gboolean  mamori_domain_name_is_subdomain_of (const char  *name,
                                              const char  *parent);

G_END_DECLS
