/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * DNSSEC validation on top of the DNS probe: walks the chain of trust from the configured
 * trust anchor down the zone cuts to a name, and says whether its records are secure,
 * insecure (provably unsigned), bogus (signed but broken: with the precise reason) or
 * indeterminate (the resolver could not get the data). The resolver is asked with CD set,
 * so that a validating resolver hands over even bogus data and Mamori can say what is
 * wrong with it.
 */
#pragma once

#include <gio/gio.h>
#include <ldns/ldns.h>

#include "mamori-dns.h"

G_BEGIN_DECLS

typedef enum {
  MAMORI_DNSSEC_STATE_SECURE,
  MAMORI_DNSSEC_STATE_INSECURE,
  MAMORI_DNSSEC_STATE_BOGUS,
  MAMORI_DNSSEC_STATE_INDETERMINATE,
} MamoriDnssecState;

typedef enum {
  MAMORI_DNSSEC_REASON_NONE,                  /* secure */
  MAMORI_DNSSEC_REASON_UNSIGNED_DELEGATION,   /* insecure: the parent proves there is no DS */
  MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM, /* insecure (RFC 4035 §5.2): no DS we can use */
  MAMORI_DNSSEC_REASON_ANCHOR_MISMATCH,       /* no key of the anchor's zone matches the anchor */
  MAMORI_DNSSEC_REASON_DS_MISMATCH,           /* DS does not match any DNSKEY */
  MAMORI_DNSSEC_REASON_NO_DNSKEY,             /* DS published, but the zone has no DNSKEY */
  MAMORI_DNSSEC_REASON_DNSKEY_NOT_SELF_SIGNED,/* no valid RRSIG over DNSKEY by a DS-matched key */
  MAMORI_DNSSEC_REASON_SIGNATURE_EXPIRED,
  MAMORI_DNSSEC_REASON_SIGNATURE_NOT_YET_VALID,
  MAMORI_DNSSEC_REASON_MISSING_RRSIG,
  MAMORI_DNSSEC_REASON_BAD_SIGNATURE,         /* an RRSIG does not verify with the zone's keys */
  MAMORI_DNSSEC_REASON_DENIAL_MISSING,        /* no valid NSEC/NSEC3 proof of an unsigned delegation
                                               * or of a missing record */
  MAMORI_DNSSEC_REASON_RESOLVER_FAILURE,      /* indeterminate: SERVFAIL, REFUSED … even with CD */
  MAMORI_DNSSEC_REASON_NOT_UNDER_ANCHOR,      /* indeterminate: the name is outside the anchor */
} MamoriDnssecReason;

/* One zone on the way down, with what was fetched for it. Lists may be empty, never NULL. */
typedef struct {
  char         *name;          /* "test", "secure.test"; "." for the root */
  gboolean      secure;        /* its DNSKEY RRset was validated */
  ldns_rr_list *ds;            /* DS RRset at the parent (or the anchor's DS records) */
  ldns_rr_list *ds_rrsigs;
  ldns_rr_list *dnskey;
  ldns_rr_list *dnskey_rrsigs;
  ldns_rr_list *denial;        /* NSEC/NSEC3 records that prove no DS (unsigned delegation) */
} MamoriDnssecZone;

typedef struct {
  MamoriDnssecState  state;
  MamoriDnssecReason reason;
  char              *reason_zone;   /* the zone (or name) where the chain ended or broke */
  guint16            key_tag;       /* of the signature or key the reason is about, or 0 */
  guint8             algorithm;     /* of that signature or key, or 0 */
  gint64             inception;     /* of that signature (UNIX time), or 0 */
  gint64             expiration;
  char              *name;          /* the name validated, without the trailing dot */
  ldns_rr_type       type;
  GPtrArray         *chain;         /* MamoriDnssecZone*, from the anchor's zone down */
  ldns_rr_list      *answer;        /* the records of name/type (empty when denied) */
  ldns_rr_list      *answer_rrsigs;
} MamoriDnssecResult;

/* now: the time signatures are checked against (UNIX time); 0 means the current time. */
MamoriDnssecResult *mamori_dnssec_validate         (MamoriDns           *dns,
                                                    const char          *name,
                                                    ldns_rr_type         type,
                                                    gint64               now,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
void                mamori_dnssec_result_free      (MamoriDnssecResult  *self);

const char         *mamori_dnssec_state_to_string  (MamoriDnssecState    state);
const char         *mamori_dnssec_reason_to_string (MamoriDnssecReason   reason);

/* The reason as an untranslated message id (N_()) with {0}-style parameters, for findings:
 * {0} is the zone, {1} the key tag, {2} the algorithm, {3} and {4} the inception and
 * expiration dates (UTC). params is a new NULL-terminated array. */
const char         *mamori_dnssec_result_get_reason_message (const MamoriDnssecResult *self,
                                                             GStrv                    *params);
/* The same, rendered in the current locale. */
char               *mamori_dnssec_result_describe  (const MamoriDnssecResult *self);

/* The deepest zone of the chain (the one that holds name), or NULL. */
const MamoriDnssecZone *mamori_dnssec_result_get_zone (const MamoriDnssecResult *self);

/* Verifies an RRset against its RRSIGs with keys (DNSKEY records) at time now. On failure
 * *reason says why, and the key tag, algorithm and dates of the most telling signature are
 * copied into the optional sig_* out parameters (an expired signature says more than a
 * signature by an unknown key). Pure: no network, for tests and for the walker. */
gboolean            mamori_dnssec_verify_rrset     (const ldns_rr_list  *rrset,
                                                    const ldns_rr_list  *rrsigs,
                                                    const ldns_rr_list  *keys,
                                                    gint64               now,
                                                    MamoriDnssecReason  *reason,
                                                    const ldns_rr      **failed_rrsig);

/* Whether a DNSSEC algorithm number is one this build of ldns can verify. */
gboolean            mamori_dnssec_algorithm_supported (guint8 algorithm);

typedef enum {
  MAMORI_DNSSEC_ALGORITHM_GOOD,
  MAMORI_DNSSEC_ALGORITHM_DEPRECATED,   /* RSA/SHA-1 (5, 7): still validated, being withdrawn */
  MAMORI_DNSSEC_ALGORITHM_BAD,          /* must not be used (RFC 8624): 1, 3, 6, 12, unknown */
} MamoriDnssecAlgorithmJudgement;

MamoriDnssecAlgorithmJudgement mamori_dnssec_judge_algorithm (guint8 algorithm);

/* Reads an NSEC3PARAM or NSEC3 record's extra iterations and salt length; FALSE for
 * anything else or a malformed record. RFC 9276 wants both to be 0. */
gboolean            mamori_dnssec_nsec3_parameters (const ldns_rr       *rr,
                                                    guint               *iterations,
                                                    guint               *salt_length);

/* "2026-11-23 10:47 UTC" for an RRSIG time field value. */
char               *mamori_dnssec_format_time      (gint64               unix_time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriDnssecResult, mamori_dnssec_result_free)

G_END_DECLS
