/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Questions put straight to one name server, not through the resolver: is it
 * authoritative for a zone (AA bit), which SOA serial does it serve. Not cached, because
 * each server's own answer is the point.
 */
#pragma once

#include <gio/gio.h>
#include <ldns/ldns.h>

G_BEGIN_DECLS

/* Sends name/type to address:port without recursion (RD=0), over UDP with TCP fallback on
 * truncation. Any answer is returned (check rcode and AA); no answer is MAMORI_ERROR_TIMEOUT. */
ldns_pkt *mamori_dns_direct_query  (const char    *address,
                                    guint16        port,
                                    const char    *name,
                                    ldns_rr_type   type,
                                    guint          timeout_ms,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* The network an address is counted in for name server diversity: its /24 for IPv4
 * ("192.0.2.0/24") and its /48 for IPv6 ("2001:db8:1::/48"), the usual smallest routed
 * prefixes. NULL with error for something that is not an IP address. */
char     *mamori_dns_network_prefix (const char  *address,
                                     GError     **error);

G_END_DECLS
