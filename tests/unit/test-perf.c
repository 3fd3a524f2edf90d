/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the batch speed-ups must not change. Signature checks are remembered for the whole
 * process (mamori-dnssec.c): one signed RRset verified again and again, at times inside and
 * outside its validity, tampered with and restored, must give exactly the answers a fresh
 * verification gives. The steps run in order on the same records, so every step after the
 * first finds the earlier outcomes remembered.
 */
#include "config.h"

#include <gio/gio.h>

#include "mamori-autocleanups.h"
#include "mamori-dnssec.h"

/* 2026-01-01 00:00 UTC and a month later: fixed times, so no test depends on the clock. */
#define INCEPTION  G_GINT64_CONSTANT (1767225600)
#define EXPIRATION (INCEPTION + 30 * 86400)

typedef enum {
  RRSET_SIGNED,     /* as signed */
  RRSET_OTHER_TTL,  /* same records, other TTLs (as a resolver's cache counts them down) */
  RRSET_TAMPERED,   /* one address changed after signing */
} RrsetVariant;

typedef struct {
  const char         *what;
  RrsetVariant        variant;
  gint64              now;
  MamoriDnssecReason  reason;
} Step;

static const Step steps[] = {
  { "valid", RRSET_SIGNED, INCEPTION + 86400, MAMORI_DNSSEC_REASON_NONE },
  { "valid, remembered", RRSET_SIGNED, INCEPTION + 2 * 86400, MAMORI_DNSSEC_REASON_NONE },
  /* The remembered good signature must not hide that it has run out, or not started. */
  { "expired after a good check", RRSET_SIGNED, EXPIRATION + 1, MAMORI_DNSSEC_REASON_SIGNATURE_EXPIRED },
  { "not yet valid", RRSET_SIGNED, INCEPTION - 1, MAMORI_DNSSEC_REASON_SIGNATURE_NOT_YET_VALID },
  { "last second", RRSET_SIGNED, EXPIRATION, MAMORI_DNSSEC_REASON_NONE },
  { "other TTLs", RRSET_OTHER_TTL, INCEPTION + 86400, MAMORI_DNSSEC_REASON_NONE },
  { "other TTLs, expired", RRSET_OTHER_TTL, EXPIRATION + 1, MAMORI_DNSSEC_REASON_SIGNATURE_EXPIRED },
  /* A changed record must never be taken for the signed one. */
  { "tampered", RRSET_TAMPERED, INCEPTION + 86400, MAMORI_DNSSEC_REASON_BAD_SIGNATURE },
  { "tampered, remembered", RRSET_TAMPERED, INCEPTION + 86400, MAMORI_DNSSEC_REASON_BAD_SIGNATURE },
  { "tampered and expired", RRSET_TAMPERED, EXPIRATION + 1, MAMORI_DNSSEC_REASON_BAD_SIGNATURE },
  { "restored", RRSET_SIGNED, INCEPTION + 86400, MAMORI_DNSSEC_REASON_NONE },
};

static ldns_rr *
rr_from_string (const char *text)
{
  ldns_rr *rr = NULL;

  g_assert_cmpint (ldns_rr_new_frm_str (&rr, text, 3600, NULL, NULL), ==, LDNS_STATUS_OK);
  return rr;
}

static ldns_rr_list *
make_rrset (RrsetVariant variant)
{
  ldns_rr_list *rrset = ldns_rr_list_new ();
  guint ttl = variant == RRSET_OTHER_TTL ? 17 : 3600;
  g_autofree char *first = g_strdup_printf ("example.test. %u IN A 192.0.2.1", ttl);
  g_autofree char *second = g_strdup_printf ("example.test. %u IN A %s", ttl,
                                             variant == RRSET_TAMPERED ? "192.0.2.99"
                                                                       : "192.0.2.2");

  ldns_rr_list_push_rr (rrset, rr_from_string (first));
  ldns_rr_list_push_rr (rrset, rr_from_string (second));
  return rrset;
}

static void
test_dnssec_remembered (void)
{
  ldns_key *key = ldns_key_new_frm_algorithm (LDNS_SIGN_ECDSAP256SHA256, 256);
  ldns_key_list *private_keys = ldns_key_list_new ();
  g_autoptr(ldns_rr_list) keys = ldns_rr_list_new ();
  g_autoptr(ldns_rr_list) signed_rrset = make_rrset (RRSET_SIGNED);
  g_autoptr(ldns_rr_list) rrsigs = NULL;
  ldns_rr *dnskey;

  g_assert_nonnull (key);
  ldns_key_set_pubkey_owner (key, ldns_dname_new_frm_str ("example.test."));
  ldns_key_set_flags (key, LDNS_KEY_ZONE_KEY | LDNS_KEY_SEP_KEY);
  ldns_key_set_inception (key, (uint32_t) INCEPTION);
  ldns_key_set_expiration (key, (uint32_t) EXPIRATION);
  dnskey = ldns_key2rr (key);
  ldns_key_set_keytag (key, ldns_calc_keytag (dnskey));
  ldns_rr_list_push_rr (keys, dnskey);
  ldns_key_list_push_key (private_keys, key);
  rrsigs = ldns_sign_public (signed_rrset, private_keys);
  g_assert_nonnull (rrsigs);
  g_assert_cmpuint (ldns_rr_list_rr_count (rrsigs), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      const Step *step = &steps[i];
      g_autoptr(ldns_rr_list) rrset = make_rrset (step->variant);
      MamoriDnssecReason reason = MAMORI_DNSSEC_REASON_RESOLVER_FAILURE;
      const ldns_rr *failed = NULL;
      gboolean ok;

      g_test_message ("step %u: %s", i, step->what);
      ok = mamori_dnssec_verify_rrset (rrset, rrsigs, keys, step->now, &reason, &failed);
      g_assert_cmpstr (mamori_dnssec_reason_to_string (reason), ==,
                       mamori_dnssec_reason_to_string (step->reason));
      g_assert_cmpint (ok, ==, step->reason == MAMORI_DNSSEC_REASON_NONE);
      if (!ok)
        g_assert_true (failed == ldns_rr_list_rr (rrsigs, 0));
    }

  ldns_key_list_free (private_keys);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mamori/perf/dnssec/verify-remembered", test_dnssec_remembered);
  return g_test_run ();
}
