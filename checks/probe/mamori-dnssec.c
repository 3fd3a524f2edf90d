/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-autocleanups.h"
#include "mamori-dnssec-private.h"
#include "mamori-error.h"
#include "mamori-message.h"

/* Everything is asked with CD: a validating resolver would hide bogus data behind SERVFAIL,
 * and then Mamori could not say what is wrong. */
#define QUERY_FLAGS MAMORI_DNS_FLAGS_CHECKING_DISABLED

static ldns_rr_list *
rr_list_new (void)
{
  return ldns_rr_list_new ();
}

static void
zone_free (MamoriDnssecZone *zone)
{
  g_free (zone->name);
  ldns_rr_list_deep_free (zone->ds);
  ldns_rr_list_deep_free (zone->ds_rrsigs);
  ldns_rr_list_deep_free (zone->dnskey);
  ldns_rr_list_deep_free (zone->dnskey_rrsigs);
  ldns_rr_list_deep_free (zone->denial);
  g_free (zone);
}

static MamoriDnssecZone *
zone_new (const char *name)
{
  MamoriDnssecZone *zone = g_new0 (MamoriDnssecZone, 1);

  zone->name = g_strdup (name);
  zone->ds = rr_list_new ();
  zone->ds_rrsigs = rr_list_new ();
  zone->dnskey = rr_list_new ();
  zone->dnskey_rrsigs = rr_list_new ();
  zone->denial = rr_list_new ();
  return zone;
}

void
mamori_dnssec_result_free (MamoriDnssecResult *self)
{
  if (self == NULL)
    return;
  g_free (self->reason_zone);
  g_free (self->name);
  g_clear_pointer (&self->chain, g_ptr_array_unref);
  g_clear_pointer (&self->answer, ldns_rr_list_deep_free);
  g_clear_pointer (&self->answer_rrsigs, ldns_rr_list_deep_free);
  g_free (self);
}

const char *
mamori_dnssec_state_to_string (MamoriDnssecState state)
{
  switch (state)
    {
    case MAMORI_DNSSEC_STATE_SECURE:        return "secure";
    case MAMORI_DNSSEC_STATE_INSECURE:      return "insecure";
    case MAMORI_DNSSEC_STATE_BOGUS:         return "bogus";
    case MAMORI_DNSSEC_STATE_INDETERMINATE: return "indeterminate";
    default:                                return "indeterminate";
    }
}

const char *
mamori_dnssec_reason_to_string (MamoriDnssecReason reason)
{
  switch (reason)
    {
    case MAMORI_DNSSEC_REASON_NONE:                   return "none";
    case MAMORI_DNSSEC_REASON_UNSIGNED_DELEGATION:    return "unsigned-delegation";
    case MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM:  return "unsupported-algorithm";
    case MAMORI_DNSSEC_REASON_ANCHOR_MISMATCH:        return "anchor-mismatch";
    case MAMORI_DNSSEC_REASON_DS_MISMATCH:            return "ds-mismatch";
    case MAMORI_DNSSEC_REASON_NO_DNSKEY:              return "no-dnskey";
    case MAMORI_DNSSEC_REASON_DNSKEY_NOT_SELF_SIGNED: return "dnskey-not-self-signed";
    case MAMORI_DNSSEC_REASON_SIGNATURE_EXPIRED:      return "signature-expired";
    case MAMORI_DNSSEC_REASON_SIGNATURE_NOT_YET_VALID:return "signature-not-yet-valid";
    case MAMORI_DNSSEC_REASON_MISSING_RRSIG:          return "missing-rrsig";
    case MAMORI_DNSSEC_REASON_BAD_SIGNATURE:          return "bad-signature";
    case MAMORI_DNSSEC_REASON_DENIAL_MISSING:         return "denial-missing";
    case MAMORI_DNSSEC_REASON_RESOLVER_FAILURE:       return "resolver-failure";
    case MAMORI_DNSSEC_REASON_NOT_UNDER_ANCHOR:       return "not-under-anchor";
    default:                                          return "unknown";
    }
}

char *
mamori_dnssec_format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  if (dt == NULL)
    return g_strdup ("?");
  return g_date_time_format (dt, "%Y-%m-%d %H:%M UTC");
}

const char *
mamori_dnssec_result_get_reason_message (const MamoriDnssecResult *self,
                                         GStrv                    *params)
{
  const char *msgid;

  g_return_val_if_fail (self != NULL, NULL);

  switch (self->reason)
    {
    case MAMORI_DNSSEC_REASON_NONE:
      msgid = N_("The chain of trust from the trust anchor down to {0} is intact: its records "
                 "are signed and the signatures are valid.");
      break;
    case MAMORI_DNSSEC_REASON_UNSIGNED_DELEGATION:
      msgid = N_("{0} is not signed with DNSSEC: its parent zone proves that there is no DS "
                 "record for it, so nobody can tell forged answers from real ones.");
      break;
    case MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM:
      msgid = N_("{0} is signed only with algorithm {2}, which cannot be validated (unknown, "
                 "unsupported or withdrawn), so validators treat it as unsigned.");
      break;
    case MAMORI_DNSSEC_REASON_ANCHOR_MISMATCH:
      msgid = N_("No key of the zone {0} matches the configured trust anchor.");
      break;
    case MAMORI_DNSSEC_REASON_DS_MISMATCH:
      msgid = N_("The DS record for {0} in its parent zone (key tag {1}, algorithm {2}) does not "
                 "match any DNSKEY of {0}: validating resolvers reject all of its answers.");
      break;
    case MAMORI_DNSSEC_REASON_NO_DNSKEY:
      msgid = N_("The parent zone publishes a DS record for {0}, but {0} has no DNSKEY records: "
                 "validating resolvers reject all of its answers.");
      break;
    case MAMORI_DNSSEC_REASON_DNSKEY_NOT_SELF_SIGNED:
      msgid = N_("The DNSKEY records of {0} are not signed by the key that the parent's DS "
                 "record points to (key tag {1}, algorithm {2}).");
      break;
    case MAMORI_DNSSEC_REASON_SIGNATURE_EXPIRED:
      msgid = N_("A signature in {0} has expired (key tag {1}, algorithm {2}, valid from {3} "
                 "until {4}): validating resolvers reject its answers.");
      break;
    case MAMORI_DNSSEC_REASON_SIGNATURE_NOT_YET_VALID:
      msgid = N_("A signature in {0} is not valid yet (key tag {1}, algorithm {2}, valid from "
                 "{3} until {4}): validating resolvers reject its answers.");
      break;
    case MAMORI_DNSSEC_REASON_MISSING_RRSIG:
      msgid = N_("Records in {0} have no signature (RRSIG) although the zone is signed: "
                 "validating resolvers reject them.");
      break;
    case MAMORI_DNSSEC_REASON_BAD_SIGNATURE:
      msgid = N_("A signature in {0} (key tag {1}, algorithm {2}) does not verify with the "
                 "zone's keys: validating resolvers reject its answers.");
      break;
    case MAMORI_DNSSEC_REASON_DENIAL_MISSING:
      msgid = N_("The signed zone {0} gives no valid NSEC/NSEC3 proof for a record or "
                 "delegation that is missing, so the answer cannot be trusted.");
      break;
    case MAMORI_DNSSEC_REASON_RESOLVER_FAILURE:
      msgid = N_("The resolver could not fetch the DNSSEC records of {0}, so the chain of "
                 "trust could not be checked.");
      break;
    case MAMORI_DNSSEC_REASON_NOT_UNDER_ANCHOR:
      msgid = N_("{0} is not below the zone of the configured trust anchor, so its chain of "
                 "trust cannot be checked.");
      break;
    default:
      msgid = N_("The DNSSEC state of {0} could not be determined.");
      break;
    }

  if (params != NULL)
    {
      GStrvBuilder *builder = g_strv_builder_new ();
      g_autofree char *tag = g_strdup_printf ("%u", self->key_tag);
      g_autofree char *alg = g_strdup_printf ("%u", self->algorithm);
      g_autofree char *from = mamori_dnssec_format_time (self->inception);
      g_autofree char *until = mamori_dnssec_format_time (self->expiration);

      g_strv_builder_add (builder, self->reason_zone != NULL ? self->reason_zone : self->name);
      g_strv_builder_add (builder, tag);
      g_strv_builder_add (builder, alg);
      g_strv_builder_add (builder, from);
      g_strv_builder_add (builder, until);
      *params = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
    }
  return msgid;
}

char *
mamori_dnssec_result_describe (const MamoriDnssecResult *self)
{
  g_auto(GStrv) params = NULL;
  const char *msgid = mamori_dnssec_result_get_reason_message (self, &params);

  return mamori_message_render (msgid, (const char * const *) params);
}

const MamoriDnssecZone *
mamori_dnssec_result_get_zone (const MamoriDnssecResult *self)
{
  if (self->chain == NULL || self->chain->len == 0)
    return NULL;
  return g_ptr_array_index (self->chain, self->chain->len - 1);
}

gboolean
mamori_dnssec_algorithm_supported (guint8 algorithm)
{
  switch (algorithm)
    {
    /* RFC 8624 §3.1: RSAMD5 (1), DSA (3, 6) and GOST (12) MUST NOT be validated. */
    case LDNS_RSASHA1:
    case LDNS_RSASHA1_NSEC3:
    case LDNS_RSASHA256:
    case LDNS_RSASHA512:
    case LDNS_ECDSAP256SHA256:
    case LDNS_ECDSAP384SHA384:
    case LDNS_ED25519:
    case LDNS_ED448:
      return ldns_key_algo_supported (algorithm) != 0;
    default:
      return FALSE;
    }
}

MamoriDnssecAlgorithmJudgement
mamori_dnssec_judge_algorithm (guint8 algorithm)
{
  switch (algorithm)
    {
    case LDNS_RSASHA1:
    case LDNS_RSASHA1_NSEC3:
      return MAMORI_DNSSEC_ALGORITHM_DEPRECATED;
    case LDNS_RSASHA256:
    case LDNS_RSASHA512:
    case LDNS_ECDSAP256SHA256:
    case LDNS_ECDSAP384SHA384:
    case LDNS_ED25519:
    case LDNS_ED448:
      return MAMORI_DNSSEC_ALGORITHM_GOOD;
    default:
      return MAMORI_DNSSEC_ALGORITHM_BAD;
    }
}

gboolean
mamori_dnssec_nsec3_parameters (const ldns_rr *rr,
                                guint         *iterations,
                                guint         *salt_length)
{
  const ldns_rdf *it, *salt;

  g_return_val_if_fail (rr != NULL, FALSE);

  /* NSEC3PARAM and NSEC3 both start: algorithm, flags, iterations, salt (RFC 5155). */
  if ((ldns_rr_get_type (rr) != LDNS_RR_TYPE_NSEC3PARAM &&
       ldns_rr_get_type (rr) != LDNS_RR_TYPE_NSEC3) ||
      ldns_rr_rd_count (rr) < 4)
    return FALSE;
  it = ldns_rr_rdf (rr, 2);
  salt = ldns_rr_rdf (rr, 3);
  if (it == NULL || salt == NULL || ldns_rdf_size (it) != 2 || ldns_rdf_size (salt) < 1)
    return FALSE;
  if (iterations != NULL)
    *iterations = ldns_rdf2native_int16 (it);
  if (salt_length != NULL)
    *salt_length = ldns_rdf_data (salt)[0];   /* the salt's length octet */
  return TRUE;
}

static gboolean
digest_supported (guint8 digest)
{
  return digest == LDNS_SHA1 || digest == LDNS_SHA256 || digest == LDNS_SHA384;
}

static guint8
rrsig_algorithm (const ldns_rr *rrsig)
{
  const ldns_rdf *rdf = ldns_rr_rrsig_algorithm (rrsig);
  return rdf != NULL ? ldns_rdf2native_int8 (rdf) : 0;
}

static guint16
rrsig_key_tag (const ldns_rr *rrsig)
{
  const ldns_rdf *rdf = ldns_rr_rrsig_keytag (rrsig);
  return rdf != NULL ? ldns_rdf2native_int16 (rdf) : 0;
}

static ldns_rr_type
rrsig_type_covered (const ldns_rr *rrsig)
{
  const ldns_rdf *rdf = ldns_rr_rrsig_typecovered (rrsig);
  return rdf != NULL ? ldns_rdf2rr_type (rdf) : 0;
}

/* A total order on how much a failed signature says: expiry dates beat a key we don't have. */
static int
reason_rank (MamoriDnssecReason reason)
{
  switch (reason)
    {
    case MAMORI_DNSSEC_REASON_SIGNATURE_EXPIRED:
    case MAMORI_DNSSEC_REASON_SIGNATURE_NOT_YET_VALID:
      return 4;
    case MAMORI_DNSSEC_REASON_BAD_SIGNATURE:
      return 3;
    case MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM:
      return 2;
    default:
      return 1;
    }
}

/* --- signature checks, remembered ----------------------------------------------------------
 *
 * Whether an RRSIG's signature is good is a pure function of the RRset, the RRSIG and the
 * keys; only the validity dates depend on the time. A batch validates the same root and TLD
 * key sets for every domain, and ECDSA/RSA verification is the most expensive thing a domain
 * check does, so the cryptographic outcome is remembered for the whole process and the dates
 * are checked on every call, exactly as ldns_verify_rrsig_keylist_time() does after the
 * signature verifies. */

#define VERIFY_CACHE_MAX 8192   /* entries; the table starts over when full */

static GMutex      verify_cache_lock;
static GHashTable *verify_cache;   /* GBytes (the inputs) → GINT_TO_POINTER (ldns_status + 1) */

/* The inputs without what changes between answers (TTLs): owner, type, class and each
 * rdata field, every part with its length, so that two different inputs never give the
 * same key. */
static void
key_append (GByteArray   *key,
            const void   *data,
            gsize         size)
{
  guint32 len = GUINT32_TO_BE ((guint32) size);

  g_byte_array_append (key, (const guint8 *) &len, sizeof len);
  if (size > 0)
    g_byte_array_append (key, data, (guint) size);
}

static void
key_append_rr (GByteArray    *key,
               const ldns_rr *rr)
{
  const ldns_rdf *owner = ldns_rr_owner (rr);
  guint16 fields[3] = { GUINT16_TO_BE (ldns_rr_get_type (rr)),
                        GUINT16_TO_BE (ldns_rr_get_class (rr)),
                        GUINT16_TO_BE ((guint16) ldns_rr_rd_count (rr)) };

  key_append (key, owner != NULL ? ldns_rdf_data (owner) : NULL,
              owner != NULL ? ldns_rdf_size (owner) : 0);
  key_append (key, fields, sizeof fields);
  for (size_t i = 0; i < ldns_rr_rd_count (rr); i++)
    {
      const ldns_rdf *rdf = ldns_rr_rdf (rr, i);

      key_append (key, ldns_rdf_data (rdf), ldns_rdf_size (rdf));
    }
}

static void
key_append_list (GByteArray         *key,
                 const ldns_rr_list *list)
{
  size_t n = list != NULL ? ldns_rr_list_rr_count (list) : 0;
  guint32 count = GUINT32_TO_BE ((guint32) n);

  g_byte_array_append (key, (const guint8 *) &count, sizeof count);
  for (size_t i = 0; i < n; i++)
    key_append_rr (key, ldns_rr_list_rr (list, i));
}

static GBytes *
verify_key (const ldns_rr_list *rrset,
            const ldns_rr      *rrsig,
            const ldns_rr_list *keys)
{
  GByteArray *key = g_byte_array_sized_new (1024);

  key_append_list (key, rrset);
  key_append_rr (key, rrsig);
  key_append_list (key, keys);
  return g_byte_array_free_to_bytes (key);
}

/* As ldns (dnssec_verify.c), serial-number arithmetic on 32-bit times. */
static ldns_status
check_timestamps (const ldns_rr *rrsig,
                  time_t         now)
{
  int32_t inception = (int32_t) ldns_rdf2native_time_t (ldns_rr_rrsig_inception (rrsig));
  int32_t expiration = (int32_t) ldns_rdf2native_time_t (ldns_rr_rrsig_expiration (rrsig));

  if (expiration - inception < 0)
    return LDNS_STATUS_CRYPTO_EXPIRATION_BEFORE_INCEPTION;
  if (((int32_t) now) - inception < 0)
    return LDNS_STATUS_CRYPTO_SIG_NOT_INCEPTED;
  if (expiration - ((int32_t) now) < 0)
    return LDNS_STATUS_CRYPTO_SIG_EXPIRED;
  return LDNS_STATUS_OK;
}

/* ldns_verify_rrsig_keylist_time (rrset, rrsig, keys, now, NULL), with the signature check
 * remembered. */
static ldns_status
verify_rrsig_cached (const ldns_rr_list *rrset,
                     const ldns_rr      *rrsig,
                     const ldns_rr_list *keys,
                     time_t              now)
{
  g_autoptr(GBytes) key = verify_key (rrset, rrsig, keys);
  gpointer cached = NULL;
  ldns_status status;

  g_mutex_lock (&verify_cache_lock);
  if (verify_cache != NULL)
    cached = g_hash_table_lookup (verify_cache, key);
  g_mutex_unlock (&verify_cache_lock);

  if (cached != NULL)
    {
      status = (ldns_status) (GPOINTER_TO_INT (cached) - 1);
    }
  else
    {
      status = ldns_verify_rrsig_keylist_notime (rrset, rrsig, keys, NULL);
      g_mutex_lock (&verify_cache_lock);
      if (verify_cache == NULL || g_hash_table_size (verify_cache) >= VERIFY_CACHE_MAX)
        {
          g_clear_pointer (&verify_cache, g_hash_table_unref);
          verify_cache = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                (GDestroyNotify) g_bytes_unref, NULL);
        }
      g_hash_table_replace (verify_cache, g_bytes_ref (key), GINT_TO_POINTER ((int) status + 1));
      g_mutex_unlock (&verify_cache_lock);
    }

  if (status != LDNS_STATUS_OK)
    return status;
  return check_timestamps (rrsig, now);
}

gboolean
mamori_dnssec_verify_rrset (const ldns_rr_list  *rrset,
                            const ldns_rr_list  *rrsigs,
                            const ldns_rr_list  *keys,
                            gint64               now,
                            MamoriDnssecReason  *reason,
                            const ldns_rr      **failed_rrsig)
{
  MamoriDnssecReason best = MAMORI_DNSSEC_REASON_MISSING_RRSIG;
  const ldns_rr *best_sig = NULL;
  ldns_rr_type type;

  g_return_val_if_fail (rrset != NULL && ldns_rr_list_rr_count (rrset) > 0, FALSE);

  if (now == 0)
    now = g_get_real_time () / G_USEC_PER_SEC;
  type = ldns_rr_get_type (ldns_rr_list_rr (rrset, 0));

  for (size_t i = 0; rrsigs != NULL && i < ldns_rr_list_rr_count (rrsigs); i++)
    {
      const ldns_rr *sig = ldns_rr_list_rr (rrsigs, i);
      MamoriDnssecReason this_reason;
      ldns_status status;

      if (ldns_rr_get_type (sig) != LDNS_RR_TYPE_RRSIG || ldns_rr_rd_count (sig) < 9 ||
          rrsig_type_covered (sig) != type)
        continue;
      if (!mamori_dnssec_algorithm_supported (rrsig_algorithm (sig)))
        {
          this_reason = MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM;
        }
      else
        {
          status = verify_rrsig_cached (rrset, sig, keys, (time_t) now);
          if (status == LDNS_STATUS_OK)
            {
              if (reason != NULL)
                *reason = MAMORI_DNSSEC_REASON_NONE;
              return TRUE;
            }
          /* ldns checks the dates only once the signature verifies, so an expired
           * signature here is a real signature that has run out. */
          if (status == LDNS_STATUS_CRYPTO_SIG_EXPIRED)
            this_reason = MAMORI_DNSSEC_REASON_SIGNATURE_EXPIRED;
          else if (status == LDNS_STATUS_CRYPTO_SIG_NOT_INCEPTED)
            this_reason = MAMORI_DNSSEC_REASON_SIGNATURE_NOT_YET_VALID;
          else
            this_reason = MAMORI_DNSSEC_REASON_BAD_SIGNATURE;
        }
      if (best_sig == NULL || reason_rank (this_reason) > reason_rank (best))
        {
          best = this_reason;
          best_sig = sig;
        }
    }

  if (reason != NULL)
    *reason = best;
  if (failed_rrsig != NULL)
    *failed_rrsig = best_sig;
  return FALSE;
}

/* --- the walk ---------------------------------------------------------------------------- */

typedef struct {
  MamoriDns          *dns;
  GCancellable       *cancellable;
  gint64              now;
  MamoriDnssecResult *result;
} Walk;

static void
set_outcome (Walk               *walk,
             MamoriDnssecState   state,
             MamoriDnssecReason  reason,
             const char         *zone,
             const ldns_rr      *rrsig)
{
  MamoriDnssecResult *result = walk->result;

  result->state = state;
  result->reason = reason;
  g_free (result->reason_zone);
  result->reason_zone = g_strdup (zone);
  if (rrsig != NULL)
    {
      result->key_tag = rrsig_key_tag (rrsig);
      result->algorithm = rrsig_algorithm (rrsig);
      result->inception = ldns_rdf2native_time_t (ldns_rr_rrsig_inception (rrsig));
      result->expiration = ldns_rdf2native_time_t (ldns_rr_rrsig_expiration (rrsig));
    }
}

static char *
dname_to_display (const ldns_rdf *dname)
{
  if (ldns_dname_label_count (dname) == 0)
    return g_strdup (".");
  return mamori_dns_dname_to_string (dname);
}

/* ldns's NSEC/NSEC3 helpers assert (abort) on records that do not have the shape RFC 4034
 * and RFC 5155 give them, and these come from the network: anything else is dropped. */
static gboolean
denial_rr_well_formed (const ldns_rr *rr)
{
  const ldns_rdf *owner = ldns_rr_owner (rr);

  if (owner == NULL || ldns_rdf_get_type (owner) != LDNS_RDF_TYPE_DNAME)
    return FALSE;
  if (ldns_rr_get_type (rr) == LDNS_RR_TYPE_NSEC)
    {
      const ldns_rdf *next = ldns_rr_rdf (rr, 0);
      const ldns_rdf *bitmap = ldns_rr_rdf (rr, 1);

      return ldns_rr_rd_count (rr) == 2 && next != NULL && bitmap != NULL &&
             ldns_rdf_get_type (next) == LDNS_RDF_TYPE_DNAME &&
             ldns_rdf_get_type (bitmap) == LDNS_RDF_TYPE_BITMAP;
    }
  if (ldns_rr_get_type (rr) == LDNS_RR_TYPE_NSEC3)
    {
      const ldns_rdf *algorithm = ldns_rr_rdf (rr, 0);
      const ldns_rdf *next = ldns_rr_rdf (rr, 4);
      const ldns_rdf *bitmap = ldns_rr_rdf (rr, 5);
      const guint8 *label;

      /* SHA-1 (the only hash defined): a 20-byte next hash and a 32-character first label
       * below the zone's name. */
      if (ldns_rr_rd_count (rr) != 6 || algorithm == NULL || next == NULL || bitmap == NULL ||
          ldns_rdf_size (algorithm) != 1 || ldns_rdf2native_int8 (algorithm) != 1 ||
          ldns_rdf_size (next) != 21 || ldns_rdf_data (next)[0] != 20 ||
          ldns_rdf_get_type (bitmap) != LDNS_RDF_TYPE_BITMAP ||
          ldns_dname_label_count (owner) < 2)
        return FALSE;
      label = ldns_rdf_data (owner);
      if (ldns_rdf_size (owner) < 33 || label[0] != 32)
        return FALSE;
      for (guint i = 1; i <= 32; i++)
        if (!g_ascii_isdigit (label[i]) &&
            !(g_ascii_tolower (label[i]) >= 'a' && g_ascii_tolower (label[i]) <= 'v'))
          return FALSE;
      return TRUE;
    }
  if (ldns_rr_get_type (rr) == LDNS_RR_TYPE_RRSIG)
    {
      const ldns_rdf *signer = ldns_rr_rdf (rr, 7);

      return ldns_rr_rd_count (rr) == 9 && signer != NULL &&
             ldns_rdf_get_type (signer) == LDNS_RDF_TYPE_DNAME;
    }
  return TRUE;
}

/* Records of a type owned by name in one section, cloned. */
static ldns_rr_list *
section_rrs (const ldns_rr_list *section,
             const ldns_rdf     *owner,
             ldns_rr_type        type)
{
  ldns_rr_list *list = rr_list_new ();

  for (size_t i = 0; section != NULL && i < ldns_rr_list_rr_count (section); i++)
    {
      ldns_rr *rr = ldns_rr_list_rr (section, i);

      if (ldns_rr_get_type (rr) != type || ldns_rr_get_class (rr) != LDNS_RR_CLASS_IN)
        continue;
      if (owner != NULL && ldns_dname_compare (ldns_rr_owner (rr), owner) != 0)
        continue;
      if (!denial_rr_well_formed (rr))
        continue;
      ldns_rr_list_push_rr (list, ldns_rr_clone (rr));
    }
  return list;
}

/* RRSIGs owned by name that cover type, cloned. */
static ldns_rr_list *
section_rrsigs (const ldns_rr_list *section,
                const ldns_rdf     *owner,
                ldns_rr_type        covered)
{
  ldns_rr_list *list = rr_list_new ();

  for (size_t i = 0; section != NULL && i < ldns_rr_list_rr_count (section); i++)
    {
      ldns_rr *rr = ldns_rr_list_rr (section, i);

      if (ldns_rr_get_type (rr) != LDNS_RR_TYPE_RRSIG || ldns_rr_rd_count (rr) < 9 ||
          rrsig_type_covered (rr) != covered ||
          ldns_dname_compare (ldns_rr_owner (rr), owner) != 0)
        continue;
      ldns_rr_list_push_rr (list, ldns_rr_clone (rr));
    }
  return list;
}

/* NULL with walk's result set to indeterminate when the resolver gave no usable answer. */
static MamoriDnsResponse *
ask (Walk          *walk,
     const char    *name,
     ldns_rr_type   type,
     GError       **error)
{
  MamoriDnsResponse *response;
  ldns_pkt_rcode rcode;

  response = mamori_dns_query (walk->dns, name, type, QUERY_FLAGS, walk->cancellable, error);
  if (response == NULL)
    return NULL;
  rcode = mamori_dns_response_get_rcode (response);
  if (rcode != LDNS_RCODE_NOERROR && rcode != LDNS_RCODE_NXDOMAIN)
    {
      set_outcome (walk, MAMORI_DNSSEC_STATE_INDETERMINATE,
                   MAMORI_DNSSEC_REASON_RESOLVER_FAILURE, name, NULL);
      mamori_dns_response_unref (response);
      return NULL;
    }
  return response;
}

static gboolean
is_zone_key (const ldns_rr *key)
{
  const ldns_rdf *flags = ldns_rr_dnskey_flags (key);

  /* RFC 4034 §2.1.1: only keys with the Zone Key flag may sign the zone. */
  return flags != NULL && (ldns_rdf2native_int16 (flags) & LDNS_KEY_ZONE_KEY) != 0;
}

static gboolean
key_matches_anchor (const ldns_rr *key,
                    const ldns_rr *anchor)
{
  if (ldns_rr_get_type (anchor) == LDNS_RR_TYPE_DS)
    return ldns_rr_compare_ds (anchor, key);
  /* A DNSKEY anchor: the same algorithm and public key. */
  return ldns_rr_rd_count (anchor) == 4 && ldns_rr_rd_count (key) == 4 &&
         ldns_rdf_compare (ldns_rr_rdf (anchor, 2), ldns_rr_rdf (key, 2)) == 0 &&
         ldns_rdf_compare (ldns_rr_rdf (anchor, 3), ldns_rr_rdf (key, 3)) == 0;
}

static guint8
anchor_algorithm (const ldns_rr *anchor)
{
  /* DS: key tag, algorithm, digest type, digest; DNSKEY: flags, protocol, algorithm, key. */
  const ldns_rdf *rdf = ldns_rr_rdf (anchor, ldns_rr_get_type (anchor) == LDNS_RR_TYPE_DS ? 1 : 2);
  return rdf != NULL ? ldns_rdf2native_int8 (rdf) : 0;
}

static gboolean
anchor_usable (const ldns_rr *anchor)
{
  if (!mamori_dnssec_algorithm_supported (anchor_algorithm (anchor)))
    return FALSE;
  if (ldns_rr_get_type (anchor) == LDNS_RR_TYPE_DS)
    {
      const ldns_rdf *digest = ldns_rr_rdf (anchor, 2);
      return ldns_rr_rd_count (anchor) == 4 && digest != NULL &&
             digest_supported (ldns_rdf2native_int8 (digest));
    }
  return ldns_rr_rd_count (anchor) == 4;
}

/* Validates zone->dnskey against zone->ds (DS or DNSKEY anchors): a DS-matched key must sign
 * the DNSKEY RRset. Sets the outcome and returns FALSE when that fails. */
static gboolean
validate_dnskey (Walk             *walk,
                 MamoriDnssecZone *zone,
                 gboolean          is_anchor)
{
  g_autoptr(ldns_rr_list) matched = rr_list_new ();
  const ldns_rr *usable = NULL;
  const ldns_rr *failed = NULL;
  MamoriDnssecReason reason;

  for (size_t i = 0; i < ldns_rr_list_rr_count (zone->ds); i++)
    {
      const ldns_rr *ds = ldns_rr_list_rr (zone->ds, i);

      if (!anchor_usable (ds))
        continue;
      if (usable == NULL)
        usable = ds;
      for (size_t j = 0; j < ldns_rr_list_rr_count (zone->dnskey); j++)
        {
          ldns_rr *key = ldns_rr_list_rr (zone->dnskey, j);

          /* matched holds borrowed pointers: freed with ldns_rr_list_free below. */
          if (is_zone_key (key) && key_matches_anchor (key, ds) &&
              !ldns_rr_list_contains_rr (matched, key))
            ldns_rr_list_push_rr (matched, key);
        }
    }

  if (usable == NULL)
    {
      /* RFC 4035 §5.2: with no DS of a known algorithm and digest the zone is unsigned. */
      const ldns_rr *first = ldns_rr_list_rr (zone->ds, 0);

      set_outcome (walk, is_anchor ? MAMORI_DNSSEC_STATE_INDETERMINATE
                                   : MAMORI_DNSSEC_STATE_INSECURE,
                   MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM, zone->name, NULL);
      walk->result->algorithm = first != NULL ? anchor_algorithm (first) : 0;
      ldns_rr_list_free (g_steal_pointer (&matched));
      return FALSE;
    }

  if (ldns_rr_list_rr_count (zone->dnskey) == 0)
    {
      set_outcome (walk, MAMORI_DNSSEC_STATE_BOGUS, MAMORI_DNSSEC_REASON_NO_DNSKEY,
                   zone->name, NULL);
      ldns_rr_list_free (g_steal_pointer (&matched));
      return FALSE;
    }

  if (ldns_rr_list_rr_count (matched) == 0)
    {
      set_outcome (walk, MAMORI_DNSSEC_STATE_BOGUS,
                   is_anchor ? MAMORI_DNSSEC_REASON_ANCHOR_MISMATCH
                             : MAMORI_DNSSEC_REASON_DS_MISMATCH,
                   zone->name, NULL);
      if (ldns_rr_get_type (usable) == LDNS_RR_TYPE_DS)
        walk->result->key_tag = ldns_rdf2native_int16 (ldns_rr_rdf (usable, 0));
      else
        walk->result->key_tag = ldns_calc_keytag (usable);
      walk->result->algorithm = anchor_algorithm (usable);
      ldns_rr_list_free (g_steal_pointer (&matched));
      return FALSE;
    }

  if (!mamori_dnssec_verify_rrset (zone->dnskey, zone->dnskey_rrsigs, matched, walk->now,
                                   &reason, &failed))
    {
      /* A signature by some other key, or one that does not verify: the DS-matched key
       * did not sign the key set. */
      if (reason == MAMORI_DNSSEC_REASON_BAD_SIGNATURE ||
          reason == MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM ||
          (reason == MAMORI_DNSSEC_REASON_MISSING_RRSIG &&
           ldns_rr_list_rr_count (zone->dnskey_rrsigs) > 0))
        reason = MAMORI_DNSSEC_REASON_DNSKEY_NOT_SELF_SIGNED;
      set_outcome (walk, MAMORI_DNSSEC_STATE_BOGUS, reason, zone->name, failed);
      if (failed == NULL)
        {
          walk->result->key_tag = ldns_calc_keytag (ldns_rr_list_rr (matched, 0));
          walk->result->algorithm = ldns_rdf2native_int8 (
            ldns_rr_dnskey_algorithm (ldns_rr_list_rr (matched, 0)));
        }
      ldns_rr_list_free (g_steal_pointer (&matched));
      return FALSE;
    }

  ldns_rr_list_free (g_steal_pointer (&matched));
  zone->secure = TRUE;
  return TRUE;
}

/* Verifies each NSEC/NSEC3 record of proof (each is an RRset of its own) with keys. */
static gboolean
verify_each (Walk               *walk,
             const ldns_rr_list *proof,
             const ldns_rr_list *section,
             const ldns_rr_list *keys,
             const char         *zone_name,
             ldns_rr_list       *collect)
{
  for (size_t i = 0; i < ldns_rr_list_rr_count (proof); i++)
    {
      ldns_rr *rr = ldns_rr_list_rr (proof, i);
      g_autoptr(ldns_rr_list) rrset = rr_list_new ();
      g_autoptr(ldns_rr_list) sigs = section_rrsigs (section, ldns_rr_owner (rr),
                                                     ldns_rr_get_type (rr));
      MamoriDnssecReason reason;
      const ldns_rr *failed = NULL;

      ldns_rr_list_push_rr (rrset, ldns_rr_clone (rr));
      if (!mamori_dnssec_verify_rrset (rrset, sigs, keys, walk->now, &reason, &failed))
        {
          set_outcome (walk, MAMORI_DNSSEC_STATE_BOGUS,
                       reason == MAMORI_DNSSEC_REASON_MISSING_RRSIG
                       ? MAMORI_DNSSEC_REASON_DENIAL_MISSING : reason,
                       zone_name, failed);
          return FALSE;
        }
      if (collect != NULL)
        {
          ldns_rr_list_push_rr (collect, ldns_rr_clone (rr));
          for (size_t j = 0; j < ldns_rr_list_rr_count (sigs); j++)
            ldns_rr_list_push_rr (collect, ldns_rr_clone (ldns_rr_list_rr (sigs, j)));
        }
    }
  return TRUE;
}

static ldns_rdf *
nsec3_hashed_owner (const ldns_rr  *nsec3,
                    const ldns_rdf *name)
{
  g_autoptr(ldns_rdf) zone = ldns_dname_left_chop (ldns_rr_owner (nsec3));
  ldns_rdf *hashed = ldns_nsec3_hash_name_frm_nsec3 (nsec3, name);

  if (hashed == NULL || zone == NULL)
    {
      g_clear_pointer (&hashed, ldns_rdf_deep_free);
      return NULL;
    }
  if (ldns_dname_cat (hashed, zone) != LDNS_STATUS_OK)
    g_clear_pointer (&hashed, ldns_rdf_deep_free);
  return hashed;
}

static ldns_rr *
nsec3_matching (const ldns_rr_list *nsec3s,
                const ldns_rdf     *name)
{
  for (size_t i = 0; i < ldns_rr_list_rr_count (nsec3s); i++)
    {
      ldns_rr *nsec3 = ldns_rr_list_rr (nsec3s, i);
      g_autoptr(ldns_rdf) hashed = nsec3_hashed_owner (nsec3, name);

      if (hashed != NULL && ldns_dname_compare (hashed, ldns_rr_owner (nsec3)) == 0)
        return nsec3;
    }
  return NULL;
}

static ldns_rr *
nsec3_covering (const ldns_rr_list *nsec3s,
                const ldns_rdf     *name)
{
  for (size_t i = 0; i < ldns_rr_list_rr_count (nsec3s); i++)
    {
      ldns_rr *nsec3 = ldns_rr_list_rr (nsec3s, i);
      g_autoptr(ldns_rdf) hashed = nsec3_hashed_owner (nsec3, name);

      if (hashed != NULL && ldns_dname_compare (hashed, ldns_rr_owner (nsec3)) != 0 &&
          ldns_nsec_covers_name (nsec3, hashed))
        return nsec3;
    }
  return NULL;
}

/* The bitmap of an NSEC/NSEC3 at a delegation point without a DS (RFC 4035 §5.2,
 * RFC 5155 §8.9). */
static gboolean
bitmap_is_unsigned_delegation (const ldns_rr *rr)
{
  const ldns_rdf *bitmap = ldns_nsec_get_bitmap (rr);

  return bitmap != NULL &&
         ldns_nsec_bitmap_covers_type (bitmap, LDNS_RR_TYPE_NS) &&
         !ldns_nsec_bitmap_covers_type (bitmap, LDNS_RR_TYPE_DS) &&
         !ldns_nsec_bitmap_covers_type (bitmap, LDNS_RR_TYPE_SOA);
}

/* The records in authority that prove that child (a zone cut below parent) has no DS:
 * an NSEC at child, an NSEC3 matching it, or an opt-out NSEC3 covering the next closer name
 * of a matched closest encloser. A new list (empty when there is no proof). */
static ldns_rr_list *
find_no_ds_proof (const ldns_rr_list *authority,
                  const ldns_rdf     *child,
                  const ldns_rdf     *parent,
                  gboolean            allow_optout)
{
  g_autoptr(ldns_rr_list) nsecs = section_rrs (authority, NULL, LDNS_RR_TYPE_NSEC);
  g_autoptr(ldns_rr_list) nsec3s = section_rrs (authority, NULL, LDNS_RR_TYPE_NSEC3);
  ldns_rr_list *proof = rr_list_new ();
  ldns_rr *match;

  for (size_t i = 0; i < ldns_rr_list_rr_count (nsecs); i++)
    {
      ldns_rr *nsec = ldns_rr_list_rr (nsecs, i);

      if (ldns_dname_compare (ldns_rr_owner (nsec), child) == 0 &&
          bitmap_is_unsigned_delegation (nsec))
        {
          ldns_rr_list_push_rr (proof, ldns_rr_clone (nsec));
          return proof;
        }
    }

  match = nsec3_matching (nsec3s, child);
  if (match != NULL)
    {
      if (bitmap_is_unsigned_delegation (match))
        ldns_rr_list_push_rr (proof, ldns_rr_clone (match));
      return proof;
    }
  if (!allow_optout)
    return proof;

  /* Opt-out (RFC 5155 §8.6, §7.2.4): the closest encloser matched, the next closer name
   * covered by an NSEC3 with the opt-out flag. */
  {
    guint8 child_labels = ldns_dname_label_count (child);
    guint8 parent_labels = ldns_dname_label_count (parent);

    for (guint8 labels = child_labels - 1; labels >= parent_labels && labels < child_labels;
         labels--)
      {
        g_autoptr(ldns_rdf) encloser = ldns_dname_clone_from (child, child_labels - labels);
        g_autoptr(ldns_rdf) next_closer = ldns_dname_clone_from (child,
                                                                 child_labels - labels - 1);
        ldns_rr *ce, *cover;

        if (encloser == NULL || next_closer == NULL)
          break;
        ce = nsec3_matching (nsec3s, encloser);
        if (ce == NULL)
          continue;
        cover = nsec3_covering (nsec3s, next_closer);
        if (cover != NULL && ldns_nsec3_optout (cover))
          {
            ldns_rr_list_push_rr (proof, ldns_rr_clone (ce));
            if (cover != ce)
              ldns_rr_list_push_rr (proof, ldns_rr_clone (cover));
          }
        break;
      }
  }
  return proof;
}

/* Fetches and validates the DNSKEY RRset of zone, whose DS RRset the parent (validated
 * keys) publishes in ds_response. Returns TRUE when the walk goes on below (secure). */
static gboolean
descend (Walk              *walk,
         MamoriDnssecZone  *parent,
         MamoriDnssecZone  *zone,
         GError           **error)
{
  g_autoptr(MamoriDnsResponse) key_response = NULL;
  g_autoptr(ldns_rdf) owner = ldns_dname_new_frm_str (zone->name);
  const ldns_pkt *pkt;
  MamoriDnssecReason reason;
  const ldns_rr *failed = NULL;

  if (!mamori_dnssec_verify_rrset (zone->ds, zone->ds_rrsigs, parent->dnskey, walk->now,
                                   &reason, &failed))
    {
      /* The DS RRset lives in the parent: its signature is the parent's problem. */
      set_outcome (walk, MAMORI_DNSSEC_STATE_BOGUS, reason, parent->name, failed);
      return FALSE;
    }

  /* RFC 4035 §5.2: a delegation whose DS records all name an algorithm or digest that
   * cannot be validated is treated as unsigned; no need to fetch its keys. */
  {
    gboolean any_usable = FALSE;

    for (size_t i = 0; i < ldns_rr_list_rr_count (zone->ds); i++)
      if (anchor_usable (ldns_rr_list_rr (zone->ds, i)))
        any_usable = TRUE;
    if (!any_usable)
      {
        const ldns_rr *first = ldns_rr_list_rr (zone->ds, 0);

        set_outcome (walk, MAMORI_DNSSEC_STATE_INSECURE,
                     MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM, zone->name, NULL);
        if (ldns_rr_rd_count (first) == 4)
          {
            walk->result->key_tag = ldns_rdf2native_int16 (ldns_rr_rdf (first, 0));
            walk->result->algorithm = anchor_algorithm (first);
          }
        return FALSE;
      }
  }

  key_response = ask (walk, zone->name, LDNS_RR_TYPE_DNSKEY, error);
  if (key_response == NULL)
    return FALSE;
  pkt = mamori_dns_response_get_packet (key_response);
  ldns_rr_list_deep_free (zone->dnskey);
  zone->dnskey = section_rrs (ldns_pkt_answer (pkt), owner, LDNS_RR_TYPE_DNSKEY);
  ldns_rr_list_deep_free (zone->dnskey_rrsigs);
  zone->dnskey_rrsigs = section_rrsigs (ldns_pkt_answer (pkt), owner, LDNS_RR_TYPE_DNSKEY);
  return validate_dnskey (walk, zone, FALSE);
}

/* The parent proves with NSEC/NSEC3 that the delegation to child has no DS: insecure. */
static void
prove_unsigned (Walk               *walk,
                MamoriDnssecZone   *parent,
                MamoriDnssecZone   *child,
                const ldns_rr_list *authority,
                const ldns_rr_list *proof)
{
  if (!verify_each (walk, proof, authority, parent->dnskey, parent->name, child->denial))
    return;
  set_outcome (walk, MAMORI_DNSSEC_STATE_INSECURE, MAMORI_DNSSEC_REASON_UNSIGNED_DELEGATION,
               child->name, NULL);
}

/* Is name the apex of a zone? Asked as SOA: the answer's owner tells. */
static gboolean
is_zone_cut (Walk        *walk,
             const char  *name,
             gboolean    *nxdomain,
             GError     **error)
{
  g_autoptr(MamoriDnsResponse) response = NULL;
  g_autoptr(ldns_rdf) owner = ldns_dname_new_frm_str (name);
  g_autoptr(ldns_rr_list) soa = NULL;

  *nxdomain = FALSE;
  response = ask (walk, name, LDNS_RR_TYPE_SOA, error);
  if (response == NULL)
    return FALSE;
  if (mamori_dns_response_get_rcode (response) == LDNS_RCODE_NXDOMAIN)
    {
      *nxdomain = TRUE;
      return FALSE;
    }
  soa = section_rrs (ldns_pkt_answer (mamori_dns_response_get_packet (response)), owner,
                     LDNS_RR_TYPE_SOA);
  return ldns_rr_list_rr_count (soa) > 0;
}

/* The records asked for, in the deepest (secure) zone: signed, or provably absent. */
static gboolean
check_answer (Walk             *walk,
              MamoriDnssecZone *zone,
              const ldns_pkt   *pkt)
{
  MamoriDnssecResult *result = walk->result;
  g_autoptr(ldns_rdf) owner = ldns_dname_new_frm_str (result->name);
  ldns_rr_type type = result->type;
  MamoriDnssecReason reason;
  const ldns_rr *failed = NULL;

  if (owner == NULL)
    return FALSE;
  ldns_rr_list_deep_free (result->answer);
  result->answer = section_rrs (ldns_pkt_answer (pkt), owner, type);
  if (ldns_rr_list_rr_count (result->answer) == 0)
    {
      /* A CNAME at the name stands in for the type asked. */
      ldns_rr_list_deep_free (result->answer);
      result->answer = section_rrs (ldns_pkt_answer (pkt), owner, LDNS_RR_TYPE_CNAME);
      if (ldns_rr_list_rr_count (result->answer) > 0)
        type = LDNS_RR_TYPE_CNAME;
    }
  ldns_rr_list_deep_free (result->answer_rrsigs);
  result->answer_rrsigs = section_rrsigs (ldns_pkt_answer (pkt), owner, type);

  if (ldns_rr_list_rr_count (result->answer) > 0)
    {
      if (!mamori_dnssec_verify_rrset (result->answer, result->answer_rrsigs, zone->dnskey,
                                       walk->now, &reason, &failed))
        {
          set_outcome (walk, MAMORI_DNSSEC_STATE_BOGUS, reason, zone->name, failed);
          return FALSE;
        }
      return TRUE;
    }

  /* No data: NSEC or NSEC3 must prove it, and be signed. */
  {
    const ldns_rr_list *authority = ldns_pkt_authority (pkt);
    g_autoptr(ldns_rr_list) nsecs = section_rrs (authority, NULL, LDNS_RR_TYPE_NSEC);
    g_autoptr(ldns_rr_list) nsec3s = section_rrs (authority, NULL, LDNS_RR_TYPE_NSEC3);
    g_autoptr(ldns_rr_list) sigs = section_rrs (authority, NULL, LDNS_RR_TYPE_RRSIG);
    g_autoptr(ldns_rr) question = ldns_rr_new ();
    ldns_status status = LDNS_STATUS_ERR;

    ldns_rr_set_owner (question, ldns_rdf_clone (owner));
    ldns_rr_set_type (question, result->type);
    ldns_rr_set_class (question, LDNS_RR_CLASS_IN);
    if (ldns_rr_list_rr_count (nsecs) > 0)
      status = ldns_dnssec_verify_denial (question, nsecs, sigs);
    else if (ldns_rr_list_rr_count (nsec3s) > 0 && ldns_rr_list_rr_count (sigs) > 0)
      status = ldns_dnssec_verify_denial_nsec3 (question, nsec3s, sigs,
                                                ldns_pkt_get_rcode (pkt), result->type,
                                                TRUE);
    if (status != LDNS_STATUS_OK)
      {
        set_outcome (walk, MAMORI_DNSSEC_STATE_BOGUS, MAMORI_DNSSEC_REASON_DENIAL_MISSING,
                     zone->name, NULL);
        return FALSE;
      }
    if (!verify_each (walk, ldns_rr_list_rr_count (nsecs) > 0 ? nsecs : nsec3s, authority,
                      zone->dnskey, zone->name, NULL))
      return FALSE;
  }
  return TRUE;
}

static gboolean
validate_answer (Walk             *walk,
                 MamoriDnssecZone *zone,
                 GError          **error)
{
  g_autoptr(MamoriDnsResponse) response = NULL;

  response = ask (walk, walk->result->name, walk->result->type, error);
  if (response == NULL)
    return FALSE;
  return check_answer (walk, zone, mamori_dns_response_get_packet (response));
}

static void
prefetch_all (Walk        *walk,
              const char  *anchor_name,
              GStrv        below)
{
  /* Every question of the walk is known up front: ask them all at once, so the walk costs
   * the resolver's round trips, not ours. */
  mamori_dns_prefetch (walk->dns, anchor_name, LDNS_RR_TYPE_DNSKEY, QUERY_FLAGS);
  for (guint i = 0; below[i] != NULL; i++)
    {
      mamori_dns_prefetch (walk->dns, below[i], LDNS_RR_TYPE_SOA, QUERY_FLAGS);
      mamori_dns_prefetch (walk->dns, below[i], LDNS_RR_TYPE_DS, QUERY_FLAGS);
      mamori_dns_prefetch (walk->dns, below[i], LDNS_RR_TYPE_DNSKEY, QUERY_FLAGS);
    }
  mamori_dns_prefetch (walk->dns, walk->result->name, walk->result->type, QUERY_FLAGS);
}

MamoriDnssecResult *
mamori_dnssec_validate (MamoriDns     *dns,
                        const char    *name,
                        ldns_rr_type   type,
                        gint64         now,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(MamoriDnssecResult) result = NULL;
  g_autoptr(ldns_rdf) target = NULL;
  g_autoptr(GPtrArray) below = NULL;
  g_autofree char *anchor_name = NULL;
  const ldns_rr_list *anchors;
  const ldns_rdf *anchor_owner;
  MamoriDnssecZone *zone;
  Walk walk = { 0 };
  guint8 anchor_labels, target_labels;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (dns != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  target = ldns_dname_new_frm_str (name);
  if (target == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("“%s” is not a valid DNS name"), name);
      return NULL;
    }
  ldns_dname2canonical (target);

  result = g_new0 (MamoriDnssecResult, 1);
  result->name = dname_to_display (target);
  result->type = type;
  result->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) zone_free);
  result->answer = rr_list_new ();
  result->answer_rrsigs = rr_list_new ();
  walk.dns = dns;
  walk.cancellable = cancellable;
  walk.now = now != 0 ? now : g_get_real_time () / G_USEC_PER_SEC;
  walk.result = result;

  anchors = mamori_dns_get_trust_anchors (dns);
  anchor_owner = ldns_rr_owner (ldns_rr_list_rr (anchors, 0));
  anchor_name = dname_to_display (anchor_owner);
  if (!ldns_dname_is_subdomain (target, anchor_owner) &&
      ldns_dname_compare (target, anchor_owner) != 0)
    {
      set_outcome (&walk, MAMORI_DNSSEC_STATE_INDETERMINATE,
                   MAMORI_DNSSEC_REASON_NOT_UNDER_ANCHOR, result->name, NULL);
      return g_steal_pointer (&result);
    }

  /* The names between the anchor and the target, top down: candidate zone cuts. */
  below = g_ptr_array_new_with_free_func (g_free);
  anchor_labels = ldns_dname_label_count (anchor_owner);
  target_labels = ldns_dname_label_count (target);
  for (guint8 labels = anchor_labels + 1; labels <= target_labels && labels > anchor_labels;
       labels++)
    {
      g_autoptr(ldns_rdf) sub = ldns_dname_clone_from (target, target_labels - labels);
      g_ptr_array_add (below, dname_to_display (sub));
    }
  g_ptr_array_add (below, NULL);
  prefetch_all (&walk, anchor_name, (GStrv) below->pdata);

  /* The anchor's zone: its DNSKEY RRset must hold an anchored key that signs it. */
  zone = zone_new (anchor_name);
  g_ptr_array_add (result->chain, zone);
  for (size_t i = 0; i < ldns_rr_list_rr_count (anchors); i++)
    ldns_rr_list_push_rr (zone->ds, ldns_rr_clone (ldns_rr_list_rr (anchors, i)));
  {
    g_autoptr(MamoriDnsResponse) response = ask (&walk, anchor_name, LDNS_RR_TYPE_DNSKEY,
                                                       &local_error);
    const ldns_pkt *pkt;

    if (response == NULL)
      goto out;
    pkt = mamori_dns_response_get_packet (response);
    ldns_rr_list_deep_free (zone->dnskey);
    zone->dnskey = section_rrs (ldns_pkt_answer (pkt), anchor_owner, LDNS_RR_TYPE_DNSKEY);
    ldns_rr_list_deep_free (zone->dnskey_rrsigs);
    zone->dnskey_rrsigs = section_rrsigs (ldns_pkt_answer (pkt), anchor_owner,
                                          LDNS_RR_TYPE_DNSKEY);
  }
  if (!validate_dnskey (&walk, zone, TRUE))
    goto out;

  /* Down the names: a DS RRset (or a proof that there is none) comes from the parent's side
   * of a cut, so the DS answer finds most cuts; SOA settles the rest. */
  for (guint i = 0; i + 1 < below->len; i++)
    {
      const char *sub = g_ptr_array_index (below, i);
      g_autoptr(MamoriDnsResponse) ds_response = NULL;
      g_autoptr(ldns_rdf) sub_owner = ldns_dname_new_frm_str (sub);
      g_autoptr(ldns_rdf) zone_owner = ldns_dname_new_frm_str (zone->name);
      g_autoptr(ldns_rr_list) proof = NULL;
      MamoriDnssecZone *child;
      const ldns_pkt *pkt;
      const ldns_rr_list *authority;
      gboolean nxdomain = FALSE;

      ds_response = ask (&walk, sub, LDNS_RR_TYPE_DS, &local_error);
      if (ds_response == NULL)
        goto out;
      pkt = mamori_dns_response_get_packet (ds_response);
      authority = ldns_pkt_authority (pkt);
      child = zone_new (sub);
      ldns_rr_list_deep_free (child->ds);
      child->ds = section_rrs (ldns_pkt_answer (pkt), sub_owner, LDNS_RR_TYPE_DS);
      ldns_rr_list_deep_free (child->ds_rrsigs);
      child->ds_rrsigs = section_rrsigs (ldns_pkt_answer (pkt), sub_owner, LDNS_RR_TYPE_DS);

      if (ldns_rr_list_rr_count (child->ds) > 0)
        {
          g_ptr_array_add (result->chain, child);
          if (!descend (&walk, zone, child, &local_error))
            goto out;
          zone = child;
          continue;
        }

      proof = find_no_ds_proof (authority, sub_owner, zone_owner, FALSE);
      if (ldns_rr_list_rr_count (proof) > 0)
        {
          g_ptr_array_add (result->chain, child);
          prove_unsigned (&walk, zone, child, authority, proof);
          goto out;
        }

      if (!is_zone_cut (&walk, sub, &nxdomain, &local_error))
        {
          zone_free (child);
          if (local_error != NULL ||
              walk.result->state == MAMORI_DNSSEC_STATE_INDETERMINATE)
            goto out;
          if (nxdomain)
            break;   /* nothing exists below: the answer's denial proof says so */
          continue;
        }

      /* A cut without a DS and without a direct proof: only NSEC3 opt-out is left. */
      g_ptr_array_add (result->chain, child);
      g_clear_pointer (&proof, ldns_rr_list_deep_free);
      proof = find_no_ds_proof (authority, sub_owner, zone_owner, TRUE);
      if (ldns_rr_list_rr_count (proof) > 0)
        prove_unsigned (&walk, zone, child, authority, proof);
      else
        set_outcome (&walk, MAMORI_DNSSEC_STATE_BOGUS, MAMORI_DNSSEC_REASON_DENIAL_MISSING,
                     zone->name, NULL);
      goto out;
    }

  if (type == LDNS_RR_TYPE_DNSKEY && g_strcmp0 (zone->name, result->name) == 0)
    {
      for (size_t i = 0; i < ldns_rr_list_rr_count (zone->dnskey); i++)
        ldns_rr_list_push_rr (result->answer, ldns_rr_clone (ldns_rr_list_rr (zone->dnskey, i)));
      for (size_t i = 0; i < ldns_rr_list_rr_count (zone->dnskey_rrsigs); i++)
        ldns_rr_list_push_rr (result->answer_rrsigs,
                              ldns_rr_clone (ldns_rr_list_rr (zone->dnskey_rrsigs, i)));
    }
  else if (!validate_answer (&walk, zone, &local_error))
    {
      goto out;
    }

  set_outcome (&walk, MAMORI_DNSSEC_STATE_SECURE, MAMORI_DNSSEC_REASON_NONE, result->name, NULL);

out:
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&result);
}

void
mamori_dnssec_inspect_packet (const ldns_pkt *pkt,
                              gint64          now)
{
  const ldns_rr_list *question = ldns_pkt_question (pkt);
  const ldns_rr_list *answer = ldns_pkt_answer (pkt);
  const ldns_rr_list *authority = ldns_pkt_authority (pkt);
  g_autoptr(MamoriDnssecResult) result = NULL;
  g_autoptr(ldns_rdf) parent_owner = NULL;
  g_autoptr(ldns_rr_list) proof = NULL;
  g_autofree char *parent_name = NULL;
  const ldns_rdf *qname;
  MamoriDnssecZone *zone;
  Walk walk = { 0 };

  if (question == NULL || ldns_rr_list_rr_count (question) == 0)
    return;
  qname = ldns_rr_owner (ldns_rr_list_rr (question, 0));
  if (qname == NULL || ldns_rdf_get_type (qname) != LDNS_RDF_TYPE_DNAME)
    return;
  parent_owner = ldns_dname_label_count (qname) > 0 ? ldns_dname_left_chop (qname)
                                                    : ldns_rdf_clone (qname);
  if (parent_owner == NULL)
    return;
  parent_name = dname_to_display (parent_owner);

  result = g_new0 (MamoriDnssecResult, 1);
  result->name = dname_to_display (qname);
  result->type = ldns_rr_get_type (ldns_rr_list_rr (question, 0));
  result->chain = g_ptr_array_new_with_free_func ((GDestroyNotify) zone_free);
  result->answer = rr_list_new ();
  result->answer_rrsigs = rr_list_new ();
  walk.now = now;
  walk.result = result;

  /* The packet's keys and DS records as the parent zone's: the same steps as the walk. */
  zone = zone_new (parent_name);
  g_ptr_array_add (result->chain, zone);
  ldns_rr_list_deep_free (zone->ds);
  zone->ds = section_rrs (answer, NULL, LDNS_RR_TYPE_DS);
  ldns_rr_list_deep_free (zone->dnskey);
  zone->dnskey = section_rrs (answer, NULL, LDNS_RR_TYPE_DNSKEY);
  ldns_rr_list_deep_free (zone->dnskey_rrsigs);
  zone->dnskey_rrsigs = section_rrsigs (answer, parent_owner, LDNS_RR_TYPE_DNSKEY);
  if (ldns_rr_list_rr_count (zone->ds) > 0)
    (void) validate_dnskey (&walk, zone, FALSE);

  proof = find_no_ds_proof (authority, qname, parent_owner, TRUE);
  if (ldns_rr_list_rr_count (proof) > 0)
    (void) verify_each (&walk, proof, authority, zone->dnskey, zone->name, zone->denial);

  (void) check_answer (&walk, zone, pkt);
}
