/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The DNS probe: queries through one configurable resolver with ldns, with timeouts,
 * retries, TCP fallback on truncation, EDNS0 with DO, and a per-run cache shared by all
 * checks (identical concurrent queries are sent once).
 */
#pragma once

#include <gio/gio.h>
#include <ldns/ldns.h>

#include "mamori-check-options.h"

G_BEGIN_DECLS

typedef struct _MamoriDns MamoriDns;
typedef struct _MamoriDnsResponse MamoriDnsResponse;

typedef enum {
  MAMORI_DNS_FLAGS_NONE             = 0,
  /* Set CD: the resolver returns data even if its own validation fails, so that Mamori
   * can validate and say why. */
  MAMORI_DNS_FLAGS_CHECKING_DISABLED = 1 << 0,
  MAMORI_DNS_FLAGS_NO_CACHE          = 1 << 1,
} MamoriDnsFlags;

MamoriDns          *mamori_dns_new             (MamoriCheckOptions  *options,
                                                GError             **error);
MamoriDns          *mamori_dns_ref             (MamoriDns           *self);
void                mamori_dns_unref           (MamoriDns           *self);
/* "ADDR#PORT" or "system", for evidence. */
const char         *mamori_dns_get_resolver_description (MamoriDns *self);
/* The configured trust anchors (DS and/or DNSKEY records); owned by self. */
const ldns_rr_list *mamori_dns_get_trust_anchors (MamoriDns          *self);
guint               mamori_dns_get_query_count (MamoriDns           *self);

/* Any answer with an rcode (NOERROR, NXDOMAIN, SERVFAIL …) is a response; no answer
 * within the timeout and retries is an error (MAMORI_ERROR_TIMEOUT / _NETWORK). */
MamoriDnsResponse  *mamori_dns_query           (MamoriDns           *self,
                                                const char          *name,
                                                ldns_rr_type         type,
                                                MamoriDnsFlags       flags,
                                                GCancellable        *cancellable,
                                                GError             **error);

/* Starts the query in the background; a later mamori_dns_query for the same question waits
 * for (or reuses) its answer. This is how a check asks independent questions at once. */
void                mamori_dns_prefetch        (MamoriDns           *self,
                                                const char          *name,
                                                ldns_rr_type         type,
                                                MamoriDnsFlags       flags);

/* TXT records at name, each record's strings concatenated (RFC 7208 §3.3), as GBytes
 * because TXT data need not be UTF-8. NXDOMAIN and NODATA give an empty array; SERVFAIL,
 * REFUSED and no answer give an error. *nxdomain (optional) tells NXDOMAIN apart. */
GPtrArray          *mamori_dns_lookup_txt      (MamoriDns           *self,
                                                const char          *name,
                                                gboolean            *nxdomain,
                                                GCancellable        *cancellable,
                                                GError             **error);

MamoriDnsResponse  *mamori_dns_response_ref    (MamoriDnsResponse   *self);
void                mamori_dns_response_unref  (MamoriDnsResponse   *self);
/* The packet is shared and must not be modified. */
const ldns_pkt     *mamori_dns_response_get_packet (MamoriDnsResponse *self);
ldns_pkt_rcode      mamori_dns_response_get_rcode  (MamoriDnsResponse *self);
gboolean            mamori_dns_response_get_ad     (MamoriDnsResponse *self);
/* Answer-section records of this type whose owner is name (CNAMEs followed); a new list. */
ldns_rr_list       *mamori_dns_response_get_answer (MamoriDnsResponse *self,
                                                    ldns_rr_type       type);
/* Fails with a readable message for SERVFAIL, REFUSED and other non-answers. */
gboolean            mamori_dns_response_check_rcode (MamoriDnsResponse *self,
                                                     const char        *name,
                                                     GError           **error);

/* Raw TXT rdata (length-prefixed strings) to one buffer. */
GBytes             *mamori_dns_txt_rr_to_bytes (const ldns_rr      *rr);
/* A zone-file line for an rr, for evidence. */
char               *mamori_dns_rr_to_string    (const ldns_rr      *rr);
char               *mamori_dns_rdf_to_string   (const ldns_rdf     *rdf);
/* Owner or target name without the trailing dot, lower case. */
char               *mamori_dns_dname_to_string (const ldns_rdf     *dname);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriDns, mamori_dns_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriDnsResponse, mamori_dns_response_unref)

G_END_DECLS
