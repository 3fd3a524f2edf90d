/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The offline parts of the DNSSEC validator: RRset verification against keys made in the
 * test (valid, expired, not yet valid, tampered, unsigned, unknown algorithm), algorithm and
 * NSEC3 parameter judgements on records built from strings, and the reason texts.
 */
#include "config.h"

#include <gio/gio.h>

#include "mamori-autocleanups.h"
#include "mamori-dnssec.h"

/* 2026-01-01 00:00 UTC and a month later: fixed times, so no test depends on the clock. */
#define INCEPTION  G_GINT64_CONSTANT (1767225600)
#define EXPIRATION (INCEPTION + 30 * 86400)

typedef struct {
  ldns_key_list *keys;      /* private keys */
  ldns_rr_list  *dnskeys;   /* their DNSKEY records */
  ldns_rr_list  *rrset;
  ldns_rr_list  *rrsigs;
} Signed;

static ldns_rr *
rr_from_string (const char *text)
{
  ldns_rr *rr = NULL;

  g_assert_cmpint (ldns_rr_new_frm_str (&rr, text, 3600, NULL, NULL), ==, LDNS_STATUS_OK);
  return rr;
}

static ldns_key *
make_key (const char *owner)
{
  ldns_key *key = ldns_key_new_frm_algorithm (LDNS_SIGN_ECDSAP256SHA256, 256);

  g_assert_nonnull (key);
  ldns_key_set_pubkey_owner (key, ldns_dname_new_frm_str (owner));
  ldns_key_set_flags (key, LDNS_KEY_ZONE_KEY | LDNS_KEY_SEP_KEY);
  ldns_key_set_inception (key, (uint32_t) INCEPTION);
  ldns_key_set_expiration (key, (uint32_t) EXPIRATION);
  return key;
}

static void
signed_init (Signed *s)
{
  ldns_key *key = make_key ("example.test.");
  ldns_rr *dnskey = ldns_key2rr (key);

  ldns_key_set_keytag (key, ldns_calc_keytag (dnskey));
  s->keys = ldns_key_list_new ();
  ldns_key_list_push_key (s->keys, key);
  s->dnskeys = ldns_rr_list_new ();
  ldns_rr_list_push_rr (s->dnskeys, dnskey);
  s->rrset = ldns_rr_list_new ();
  ldns_rr_list_push_rr (s->rrset, rr_from_string ("example.test. 3600 IN A 192.0.2.1"));
  ldns_rr_list_push_rr (s->rrset, rr_from_string ("example.test. 3600 IN A 192.0.2.2"));
  s->rrsigs = ldns_sign_public (s->rrset, s->keys);
  g_assert_nonnull (s->rrsigs);
  g_assert_cmpuint (ldns_rr_list_rr_count (s->rrsigs), ==, 1);
}

static void
signed_clear (Signed *s)
{
  ldns_key_list_free (s->keys);
  ldns_rr_list_deep_free (s->dnskeys);
  ldns_rr_list_deep_free (s->rrset);
  ldns_rr_list_deep_free (s->rrsigs);
}

typedef enum {
  TAMPER_NONE,
  TAMPER_RDATA,       /* an address changed after signing */
  TAMPER_NO_RRSIG,
  TAMPER_OTHER_KEY,   /* verified with a key that did not sign */
  TAMPER_ALGORITHM,   /* the RRSIG claims GOST (12), which must not be validated */
} Tamper;

typedef struct {
  const char         *path;
  Tamper              tamper;
  gint64              now;
  MamoriDnssecReason  reason;
} VerifyCase;

static const VerifyCase verify_cases[] = {
  { "valid", TAMPER_NONE, INCEPTION + 86400, MAMORI_DNSSEC_REASON_NONE },
  { "expired", TAMPER_NONE, EXPIRATION + 1, MAMORI_DNSSEC_REASON_SIGNATURE_EXPIRED },
  { "not-yet-valid", TAMPER_NONE, INCEPTION - 1, MAMORI_DNSSEC_REASON_SIGNATURE_NOT_YET_VALID },
  { "tampered", TAMPER_RDATA, INCEPTION + 86400, MAMORI_DNSSEC_REASON_BAD_SIGNATURE },
  /* A bad signature that is also out of date is bad first: dates only count once it
   * verifies. */
  { "tampered-expired", TAMPER_RDATA, EXPIRATION + 1, MAMORI_DNSSEC_REASON_BAD_SIGNATURE },
  { "no-rrsig", TAMPER_NO_RRSIG, INCEPTION + 86400, MAMORI_DNSSEC_REASON_MISSING_RRSIG },
  { "other-key", TAMPER_OTHER_KEY, INCEPTION + 86400, MAMORI_DNSSEC_REASON_BAD_SIGNATURE },
  { "gost", TAMPER_ALGORITHM, INCEPTION + 86400, MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM },
};

static void
test_verify (gconstpointer data)
{
  const VerifyCase *c = data;
  Signed s = { 0 };
  g_autoptr(ldns_rr_list) keys = NULL;
  MamoriDnssecReason reason = MAMORI_DNSSEC_REASON_RESOLVER_FAILURE;
  const ldns_rr *failed = NULL;
  gboolean ok;

  signed_init (&s);
  keys = ldns_rr_list_clone (s.dnskeys);
  switch (c->tamper)
    {
    case TAMPER_NONE:
      break;
    case TAMPER_RDATA:
      ldns_rr_free (ldns_rr_list_pop_rr (s.rrset));
      ldns_rr_list_push_rr (s.rrset, rr_from_string ("example.test. 3600 IN A 192.0.2.99"));
      break;
    case TAMPER_NO_RRSIG:
      ldns_rr_list_deep_free (s.rrsigs);
      s.rrsigs = ldns_rr_list_new ();
      break;
    case TAMPER_OTHER_KEY:
      {
        ldns_key *other = make_key ("example.test.");

        ldns_rr_list_deep_free (keys);
        keys = ldns_rr_list_new ();
        ldns_rr_list_push_rr (keys, ldns_key2rr (other));
        ldns_key_deep_free (other);
      }
      break;
    case TAMPER_ALGORITHM:
      {
        ldns_rr *sig = ldns_rr_list_rr (s.rrsigs, 0);
        ldns_rdf *old = ldns_rr_set_rdf (sig, ldns_native2rdf_int8 (LDNS_RDF_TYPE_ALG, 12), 1);

        ldns_rdf_deep_free (old);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  ok = mamori_dnssec_verify_rrset (s.rrset, s.rrsigs, keys, c->now, &reason, &failed);
  g_assert_cmpstr (mamori_dnssec_reason_to_string (reason), ==,
                   mamori_dnssec_reason_to_string (c->reason));
  g_assert_cmpint (ok, ==, c->reason == MAMORI_DNSSEC_REASON_NONE);
  if (!ok && c->tamper != TAMPER_NO_RRSIG)
    g_assert_true (failed == ldns_rr_list_rr (s.rrsigs, 0));
  else if (!ok)
    g_assert_null (failed);
  signed_clear (&s);
}

typedef struct {
  guint8                         algorithm;
  MamoriDnssecAlgorithmJudgement judgement;
  gboolean                       supported;
} AlgorithmCase;

static const AlgorithmCase algorithm_cases[] = {
  { 1, MAMORI_DNSSEC_ALGORITHM_BAD, FALSE },          /* RSAMD5 */
  { 3, MAMORI_DNSSEC_ALGORITHM_BAD, FALSE },          /* DSA */
  { 5, MAMORI_DNSSEC_ALGORITHM_DEPRECATED, TRUE },    /* RSASHA1 */
  { 6, MAMORI_DNSSEC_ALGORITHM_BAD, FALSE },          /* DSA-NSEC3-SHA1 */
  { 7, MAMORI_DNSSEC_ALGORITHM_DEPRECATED, TRUE },    /* RSASHA1-NSEC3-SHA1 */
  { 8, MAMORI_DNSSEC_ALGORITHM_GOOD, TRUE },          /* RSASHA256 */
  { 10, MAMORI_DNSSEC_ALGORITHM_GOOD, TRUE },         /* RSASHA512 */
  { 12, MAMORI_DNSSEC_ALGORITHM_BAD, FALSE },         /* ECC-GOST */
  { 13, MAMORI_DNSSEC_ALGORITHM_GOOD, TRUE },         /* ECDSAP256SHA256 */
  { 14, MAMORI_DNSSEC_ALGORITHM_GOOD, TRUE },
  { 15, MAMORI_DNSSEC_ALGORITHM_GOOD, TRUE },         /* ED25519 */
  { 253, MAMORI_DNSSEC_ALGORITHM_BAD, FALSE },        /* PRIVATEDNS */
};

static void
test_algorithms (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (algorithm_cases); i++)
    {
      const AlgorithmCase *c = &algorithm_cases[i];

      g_test_message ("algorithm %u", c->algorithm);
      g_assert_cmpint (mamori_dnssec_judge_algorithm (c->algorithm), ==, c->judgement);
      g_assert_cmpint (mamori_dnssec_algorithm_supported (c->algorithm), ==, c->supported);
    }
}

typedef struct {
  const char *record;
  gboolean    parsed;
  guint       iterations;
  guint       salt_length;
} Nsec3Case;

static const Nsec3Case nsec3_cases[] = {
  { "example.test. IN NSEC3PARAM 1 0 0 -", TRUE, 0, 0 },
  { "example.test. IN NSEC3PARAM 1 0 10 ABCD", TRUE, 10, 2 },
  { "example.test. IN NSEC3PARAM 1 0 0 AABBCCDDEEFF0011", TRUE, 0, 8 },
  { "example.test. IN NSEC3PARAM 1 1 150 -", TRUE, 150, 0 },
  { "2vptu5timamqttgl4luu9kg21e0aor3s.example.test. IN NSEC3 1 1 5 ABCD "
    "2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3T A RRSIG", TRUE, 5, 2 },
  { "example.test. IN NSEC example.test. A RRSIG NSEC", FALSE, 0, 0 },
  { "example.test. IN TXT \"1 0 0 -\"", FALSE, 0, 0 },
};

static void
test_nsec3_parameters (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (nsec3_cases); i++)
    {
      const Nsec3Case *c = &nsec3_cases[i];
      g_autoptr(ldns_rr) rr = rr_from_string (c->record);
      guint iterations = 4242, salt_length = 4242;

      g_test_message ("%s", c->record);
      g_assert_cmpint (mamori_dnssec_nsec3_parameters (rr, &iterations, &salt_length), ==,
                       c->parsed);
      if (c->parsed)
        {
          g_assert_cmpuint (iterations, ==, c->iterations);
          g_assert_cmpuint (salt_length, ==, c->salt_length);
        }
    }
}

/* Every reason has a message; the rendered text names the zone and, where it says so, the
 * key tag, algorithm and dates, and leaves no placeholder behind. */
static void
test_reason_messages (void)
{
  for (MamoriDnssecReason reason = MAMORI_DNSSEC_REASON_NONE;
       reason <= MAMORI_DNSSEC_REASON_NOT_UNDER_ANCHOR; reason++)
    {
      MamoriDnssecResult result = { 0 };
      g_auto(GStrv) params = NULL;
      g_autofree char *text = NULL;
      const char *msgid;

      result.reason = reason;
      result.reason_zone = (char *) "zone.example";
      result.name = (char *) "www.zone.example";
      result.key_tag = 4242;
      result.algorithm = 13;
      result.inception = INCEPTION;
      result.expiration = EXPIRATION;

      msgid = mamori_dnssec_result_get_reason_message (&result, &params);
      g_test_message ("%s: %s", mamori_dnssec_reason_to_string (reason), msgid);
      g_assert_nonnull (msgid);
      g_assert_cmpstr (mamori_dnssec_reason_to_string (reason), !=, "unknown");
      g_assert_cmpuint (g_strv_length (params), ==, 5);
      g_assert_cmpstr (params[0], ==, "zone.example");
      g_assert_cmpstr (params[3], ==, "2026-01-01 00:00 UTC");
      g_assert_cmpstr (params[4], ==, "2026-01-31 00:00 UTC");

      text = mamori_dnssec_result_describe (&result);
      g_assert_null (strchr (text, '{'));
      g_assert_nonnull (strstr (text, "zone.example"));
      if (strstr (msgid, "{1}") != NULL)
        g_assert_nonnull (strstr (text, "4242"));
      if (strstr (msgid, "{4}") != NULL)
        g_assert_nonnull (strstr (text, "2026-01-31 00:00 UTC"));
    }
}

static void
test_state_strings (void)
{
  static const struct { MamoriDnssecState state; const char *text; } states[] = {
    { MAMORI_DNSSEC_STATE_SECURE, "secure" },
    { MAMORI_DNSSEC_STATE_INSECURE, "insecure" },
    { MAMORI_DNSSEC_STATE_BOGUS, "bogus" },
    { MAMORI_DNSSEC_STATE_INDETERMINATE, "indeterminate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    g_assert_cmpstr (mamori_dnssec_state_to_string (states[i].state), ==, states[i].text);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (verify_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/dnssec/verify/%s", verify_cases[i].path);
      g_test_add_data_func (path, &verify_cases[i], test_verify);
    }
  g_test_add_func ("/mamori/dnssec/algorithm/judgement", test_algorithms);
  g_test_add_func ("/mamori/dnssec/nsec3/parameters", test_nsec3_parameters);
  g_test_add_func ("/mamori/dnssec/reason/messages", test_reason_messages);
  g_test_add_func ("/mamori/dnssec/state/strings", test_state_strings);
  return g_test_run ();
}
