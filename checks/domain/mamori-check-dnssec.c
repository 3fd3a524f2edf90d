/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.dnssec: is the domain's chain of trust from the trust anchor intact (secure),
 * missing (insecure) or broken (bogus, with the precise reason), and is the signing done
 * the way current guidance asks. Facets: chain, algorithm, nsec3, expiry, ds_digest.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-autocleanups.h"
#include "mamori-check.h"
#include "mamori-dns.h"
#include "mamori-dnssec.h"
#include "mamori-error.h"

#define CHECK_ID "domain.dnssec"
/* Signatures that run out within this many days are a warning: one missed re-signing and
 * the domain disappears for every validating resolver. */
#define EXPIRY_WARN_DAYS 7

static char **
rr_list_to_strv (const ldns_rr_list *list)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **strv;

  for (size_t i = 0; list != NULL && i < ldns_rr_list_rr_count (list); i++)
    {
      g_autofree char *line = mamori_dns_rr_to_string (ldns_rr_list_rr (list, i));
      g_strv_builder_add (builder, line);
    }
  strv = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return strv;
}

static void
add_rr_evidence (MamoriFinding      *finding,
                 const char         *key,
                 const ldns_rr_list *list)
{
  g_auto(GStrv) strv = rr_list_to_strv (list);

  mamori_finding_add_evidence_strv (finding, key, (const char * const *) strv);
}

static void
builder_add_rrs (JsonBuilder        *builder,
                 const char         *key,
                 const ldns_rr_list *list)
{
  g_auto(GStrv) strv = rr_list_to_strv (list);

  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

/* The chain as walked, zone by zone, for the report and for an expert's second look. */
static void
add_chain_evidence (MamoriFinding            *finding,
                    const MamoriDnssecResult *result,
                    MamoriDns                *dns)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  mamori_finding_add_evidence_string (finding, "state",
                                      mamori_dnssec_state_to_string (result->state));
  mamori_finding_add_evidence_string (finding, "reason",
                                      mamori_dnssec_reason_to_string (result->reason));
  mamori_finding_add_evidence_string (finding, "resolver",
                                      mamori_dns_get_resolver_description (dns));

  json_builder_begin_array (builder);
  for (guint i = 0; i < result->chain->len; i++)
    {
      const MamoriDnssecZone *zone = g_ptr_array_index (result->chain, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "zone");
      json_builder_add_string_value (builder, zone->name);
      json_builder_set_member_name (builder, "secure");
      json_builder_add_boolean_value (builder, zone->secure);
      builder_add_rrs (builder, i == 0 ? "anchor" : "ds", zone->ds);
      builder_add_rrs (builder, "ds_rrsig", zone->ds_rrsigs);
      builder_add_rrs (builder, "dnskey", zone->dnskey);
      builder_add_rrs (builder, "dnskey_rrsig", zone->dnskey_rrsigs);
      if (ldns_rr_list_rr_count (zone->denial) > 0)
        builder_add_rrs (builder, "no_ds_proof", zone->denial);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  mamori_finding_add_evidence_node (finding, "chain", json_builder_get_root (builder));
}

/* DS records (SHA-256) for the zone's key-signing keys: what the parent should publish. */
static char *
suggested_ds (const MamoriDnssecZone *zone)
{
  GString *text = g_string_new (NULL);

  for (size_t i = 0; zone != NULL && i < ldns_rr_list_rr_count (zone->dnskey); i++)
    {
      const ldns_rr *key = ldns_rr_list_rr (zone->dnskey, i);
      const ldns_rdf *flags = ldns_rr_dnskey_flags (key);
      ldns_rr *ds;

      if (flags == NULL || (ldns_rdf2native_int16 (flags) & LDNS_KEY_SEP_KEY) == 0)
        continue;
      ds = ldns_key_rr2ds (key, LDNS_SHA256);
      if (ds != NULL)
        {
          /* The TTL we saw is the resolver's countdown; a registrar wants a plain one. */
          ldns_rr_set_ttl (ds, 3600);
          g_autofree char *line = mamori_dns_rr_to_string (ds);

          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, line);
          ldns_rr_free (ds);
        }
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

static void
report_chain (MamoriCheckContext       *ctx,
              const MamoriDnssecResult *result)
{
  const MamoriDnssecZone *zone = mamori_dnssec_result_get_zone (result);
  g_auto(GStrv) params = NULL;
  const char *msgid = mamori_dnssec_result_get_reason_message (result, &params);
  g_autofree char *ds = suggested_ds (zone);
  MamoriFinding *f;

  switch (result->state)
    {
    case MAMORI_DNSSEC_STATE_SECURE:
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      break;
    case MAMORI_DNSSEC_STATE_INSECURE:
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_MEDIUM);
      if (result->reason == MAMORI_DNSSEC_REASON_UNSUPPORTED_ALGORITHM)
        mamori_finding_set_remediation (f, N_("Ask your DNS provider to re-sign {0} with "
                                              "algorithm 13 (ECDSA P-256 with SHA-256), then "
                                              "replace the DS record at your registrar with the "
                                              "one for the new key."),
                                        result->reason_zone, NULL);
      else
        mamori_finding_set_remediation (f, N_("Ask your registrar or DNS provider to sign {0} "
                                              "with DNSSEC and to publish its DS record in the "
                                              "parent zone. Many providers do both with one "
                                              "setting."),
                                        result->reason_zone, NULL);
      break;
    case MAMORI_DNSSEC_STATE_BOGUS:
    default:
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      switch (result->reason)
        {
        case MAMORI_DNSSEC_REASON_DS_MISMATCH:
        case MAMORI_DNSSEC_REASON_DNSKEY_NOT_SELF_SIGNED:
          if (ds != NULL)
            {
              mamori_finding_set_remediation (f, N_("Urgent: replace the DS record of {0} at "
                                                    "your registrar with one for the key the "
                                                    "zone is signed with now:\n{1}"),
                                              result->reason_zone, ds, NULL);
              mamori_finding_set_record (f, ds);
            }
          else
            {
              mamori_finding_set_remediation (f, N_("Urgent: make the DS record of {0} at your "
                                                    "registrar match the key the zone is signed "
                                                    "with, or remove the DS record until it "
                                                    "does."),
                                              result->reason_zone, NULL);
            }
          break;
        case MAMORI_DNSSEC_REASON_NO_DNSKEY:
          mamori_finding_set_remediation (f, N_("Urgent: publish the zone's DNSKEY records again, "
                                                "or ask your registrar to remove the DS record "
                                                "of {0} until the zone is signed."),
                                          result->reason_zone, NULL);
          break;
        case MAMORI_DNSSEC_REASON_SIGNATURE_EXPIRED:
        case MAMORI_DNSSEC_REASON_SIGNATURE_NOT_YET_VALID:
          mamori_finding_set_remediation (f, N_("Urgent: re-sign the zone {0} now, and check "
                                                "that automatic re-signing runs and that the "
                                                "signing server's clock is right."),
                                          result->reason_zone, NULL);
          break;
        default:
          mamori_finding_set_remediation (f, N_("Urgent: ask your DNS provider to re-sign the "
                                                "zone {0} completely; until then, validating "
                                                "resolvers cannot reach the domain."),
                                          result->reason_zone, NULL);
          break;
        }
      break;
    }

  mamori_finding_set_facet (f, "chain");
  mamori_finding_set_message_v (f, msgid, (const char * const *) params);
  add_chain_evidence (f, result, mamori_check_context_get_dns (ctx));
  if (zone != NULL)
    {
      add_rr_evidence (f, "dnskey", zone->dnskey);
      add_rr_evidence (f, "ds", zone->ds);
      add_rr_evidence (f, "rrsig", zone->dnskey_rrsigs);
    }
}

static void
report_algorithm (MamoriCheckContext     *ctx,
                  const MamoriDnssecZone *zone)
{
  MamoriDnssecAlgorithmJudgement worst = MAMORI_DNSSEC_ALGORITHM_GOOD;
  guint8 worst_algorithm = 0;
  g_autoptr(GString) list = g_string_new (NULL);
  MamoriFinding *f;

  for (size_t i = 0; i < ldns_rr_list_rr_count (zone->dnskey); i++)
    {
      const ldns_rdf *rdf = ldns_rr_dnskey_algorithm (ldns_rr_list_rr (zone->dnskey, i));
      guint8 algorithm = rdf != NULL ? ldns_rdf2native_int8 (rdf) : 0;
      MamoriDnssecAlgorithmJudgement judgement = mamori_dnssec_judge_algorithm (algorithm);
      g_autofree char *number = g_strdup_printf ("%u", algorithm);

      if (strstr (list->str, number) == NULL || list->len == 0)
        g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "", number);
      if (worst_algorithm == 0 || judgement > worst)
        {
          worst = judgement;
          worst_algorithm = algorithm;
        }
    }
  if (worst_algorithm == 0)
    return;

  if (worst == MAMORI_DNSSEC_ALGORITHM_BAD)
    {
      g_autofree char *number = g_strdup_printf ("%u", worst_algorithm);

      f = mamori_check_context_add_finding_for (ctx, zone->name, MAMORI_STATUS_FAIL,
                                                MAMORI_SEVERITY_HIGH);
      mamori_finding_set_message (f, N_("The zone is signed with algorithm {0}, which must no "
                                        "longer be used (RFC 8624): validators ignore it."),
                                  number, NULL);
      mamori_finding_set_remediation (f, N_("Re-sign the zone with algorithm 13 (ECDSA P-256 "
                                            "with SHA-256) and replace the DS record at your "
                                            "registrar."),
                                      NULL);
    }
  else if (worst == MAMORI_DNSSEC_ALGORITHM_DEPRECATED)
    {
      g_autofree char *number = g_strdup_printf ("%u", worst_algorithm);

      f = mamori_check_context_add_finding_for (ctx, zone->name, MAMORI_STATUS_WARN,
                                                MAMORI_SEVERITY_MEDIUM);
      mamori_finding_set_message (f, N_("The zone is signed with algorithm {0} (RSA with "
                                        "SHA-1), which is being withdrawn: some validators "
                                        "already treat it as unsigned."),
                                  number, NULL);
      mamori_finding_set_remediation (f, N_("Roll the keys over to algorithm 13 (ECDSA P-256 "
                                            "with SHA-256) or 8 (RSA with SHA-256) and replace "
                                            "the DS record at your registrar."),
                                      NULL);
    }
  else
    {
      f = mamori_check_context_add_finding_for (ctx, zone->name, MAMORI_STATUS_PASS,
                                                MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("The zone is signed with a current algorithm ({0})."),
                                  list->str, NULL);
    }
  mamori_finding_set_facet (f, "algorithm");
  add_rr_evidence (f, "dnskey", zone->dnskey);
}

static void
report_ds_digest (MamoriCheckContext     *ctx,
                  const MamoriDnssecZone *zone)
{
  gboolean only_sha1 = TRUE;
  MamoriFinding *f;

  if (ldns_rr_list_rr_count (zone->ds) == 0)
    return;
  for (size_t i = 0; i < ldns_rr_list_rr_count (zone->ds); i++)
    {
      const ldns_rr *ds = ldns_rr_list_rr (zone->ds, i);
      const ldns_rdf *digest = ldns_rr_rd_count (ds) == 4 ? ldns_rr_rdf (ds, 2) : NULL;

      if (digest != NULL && ldns_rdf2native_int8 (digest) != LDNS_SHA1)
        only_sha1 = FALSE;
    }

  if (only_sha1)
    {
      g_autofree char *ds = suggested_ds (zone);

      f = mamori_check_context_add_finding_for (ctx, zone->name, MAMORI_STATUS_WARN,
                                                MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("The parent zone holds only DS records with a SHA-1 "
                                        "digest, which is deprecated (RFC 8624)."),
                                  NULL);
      if (ds != NULL)
        {
          mamori_finding_set_remediation (f, N_("Ask your registrar to publish a DS record with "
                                                "a SHA-256 digest instead:\n{0}"),
                                          ds, NULL);
          mamori_finding_set_record (f, ds);
        }
      else
        {
          mamori_finding_set_remediation (f, N_("Ask your registrar to publish a DS record with "
                                                "a SHA-256 digest instead."),
                                          NULL);
        }
    }
  else
    {
      f = mamori_check_context_add_finding_for (ctx, zone->name, MAMORI_STATUS_PASS,
                                                MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("The parent zone's DS record uses a current digest "
                                        "(SHA-256 or stronger)."),
                                  NULL);
    }
  mamori_finding_set_facet (f, "ds_digest");
  add_rr_evidence (f, "ds", zone->ds);
}

static void
report_expiry (MamoriCheckContext       *ctx,
               const MamoriDnssecZone   *zone,
               const MamoriDnssecResult *result)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(ldns_rr_list) sigs = ldns_rr_list_new ();
  const ldns_rr *soonest = NULL;
  gint64 soonest_time = G_MAXINT64;
  MamoriFinding *f;

  for (size_t i = 0; i < ldns_rr_list_rr_count (zone->dnskey_rrsigs); i++)
    ldns_rr_list_push_rr (sigs, ldns_rr_clone (ldns_rr_list_rr (zone->dnskey_rrsigs, i)));
  for (size_t i = 0; i < ldns_rr_list_rr_count (result->answer_rrsigs); i++)
    ldns_rr_list_push_rr (sigs, ldns_rr_clone (ldns_rr_list_rr (result->answer_rrsigs, i)));
  for (size_t i = 0; i < ldns_rr_list_rr_count (sigs); i++)
    {
      const ldns_rr *sig = ldns_rr_list_rr (sigs, i);
      gint64 expiration;

      if (ldns_rr_rd_count (sig) < 9)
        continue;
      expiration = ldns_rdf2native_time_t (ldns_rr_rrsig_expiration (sig));
      if (expiration < soonest_time)
        {
          soonest_time = expiration;
          soonest = sig;
        }
    }
  if (soonest == NULL)
    return;

  {
    g_autofree char *when = mamori_dnssec_format_time (soonest_time);

    if (soonest_time <= now)
      {
        /* Already reported by the chain facet as bogus; say it here too for the facet. */
        f = mamori_check_context_add_finding_for (ctx, zone->name, MAMORI_STATUS_FAIL,
                                                  MAMORI_SEVERITY_HIGH);
        mamori_finding_set_message (f, N_("Signatures of the zone expired on {0}."), when, NULL);
        mamori_finding_set_remediation (f, N_("Re-sign the zone now and make sure automatic "
                                              "re-signing runs."),
                                        NULL);
      }
    else if (soonest_time - now < EXPIRY_WARN_DAYS * 24 * 3600)
      {
        /* Rounded to the nearest day: "3 days" for a signature made to last 3 days. */
        g_autofree char *days = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 (soonest_time - now + 12 * 3600) / (24 * 3600));

        f = mamori_check_context_add_finding_for (ctx, zone->name, MAMORI_STATUS_WARN,
                                                  MAMORI_SEVERITY_MEDIUM);
        mamori_finding_set_message (f, N_("Signatures of the zone expire on {0}, in {1} days: if "
                                          "they are not renewed in time, the domain stops "
                                          "working for validating resolvers."),
                                    when, days, NULL);
        mamori_finding_set_remediation (f, N_("Check that automatic re-signing runs; signatures "
                                              "are normally renewed well before the last "
                                              "week."),
                                        NULL);
      }
    else
      {
        f = mamori_check_context_add_finding_for (ctx, zone->name, MAMORI_STATUS_PASS,
                                                  MAMORI_SEVERITY_INFO);
        mamori_finding_set_message (f, N_("The zone's signatures are valid until {0} at the "
                                          "earliest."),
                                    when, NULL);
      }
  }
  mamori_finding_set_facet (f, "expiry");
  add_rr_evidence (f, "rrsig", sigs);
}

static gboolean
report_nsec3 (MamoriCheckContext      *ctx,
              const MamoriDnssecZone  *zone,
              GError                 **error)
{
  g_autoptr(MamoriDnsResponse) response = NULL;
  g_autoptr(ldns_rr_list) params = NULL;
  MamoriFinding *f;
  guint iterations = 0;
  guint salt_length = 0;

  response = mamori_dns_query (mamori_check_context_get_dns (ctx), zone->name,
                               LDNS_RR_TYPE_NSEC3PARAM, MAMORI_DNS_FLAGS_CHECKING_DISABLED,
                               mamori_check_context_get_cancellable (ctx), error);
  if (response == NULL || !mamori_dns_response_check_rcode (response, zone->name, error))
    return FALSE;
  params = mamori_dns_response_get_answer (response, LDNS_RR_TYPE_NSEC3PARAM);

  if (ldns_rr_list_rr_count (params) == 0)
    {
      f = mamori_check_context_add_finding_for (ctx, zone->name, MAMORI_STATUS_PASS,
                                                MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("The zone proves missing names with NSEC."), NULL);
      mamori_finding_set_facet (f, "nsec3");
      return TRUE;
    }

  for (size_t i = 0; i < ldns_rr_list_rr_count (params); i++)
    {
      guint it = 0, salt = 0;

      if (!mamori_dnssec_nsec3_parameters (ldns_rr_list_rr (params, i), &it, &salt))
        continue;
      iterations = MAX (iterations, it);
      salt_length = MAX (salt_length, salt);
    }

  if (iterations > 0 || salt_length > 0)
    {
      g_autofree char *it = g_strdup_printf ("%u", iterations);
      g_autofree char *salt = g_strdup_printf ("%u", salt_length);

      f = mamori_check_context_add_finding_for (ctx, zone->name, MAMORI_STATUS_WARN,
                                                MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("NSEC3 uses {0} extra iterations and a salt of {1} "
                                        "bytes; RFC 9276 asks for 0 iterations and no salt, and "
                                        "validators may treat a zone with many iterations as "
                                        "unsigned."),
                                  it, salt, NULL);
      mamori_finding_set_remediation (f, N_("Ask your DNS provider to set the NSEC3 parameters "
                                            "to 0 iterations and an empty salt:\n{0}"),
                                      "NSEC3PARAM 1 0 0 -", NULL);
      mamori_finding_set_record (f, "NSEC3PARAM 1 0 0 -");
    }
  else
    {
      f = mamori_check_context_add_finding_for (ctx, zone->name, MAMORI_STATUS_PASS,
                                                MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("NSEC3 uses 0 iterations and no salt, as RFC 9276 "
                                        "recommends."),
                                  NULL);
    }
  mamori_finding_set_facet (f, "nsec3");
  add_rr_evidence (f, "nsec3param", params);
  return TRUE;
}

static gboolean
dnssec_run (MamoriCheckContext  *ctx,
            GError             **error)
{
  MamoriDns *dns = mamori_check_context_get_dns (ctx);
  const char *domain = mamori_check_context_get_subject (ctx);
  g_autoptr(MamoriDnssecResult) result = NULL;
  const MamoriDnssecZone *zone;

  /* The domain is usually its zone's apex: ask for its NSEC3 parameters along with the
   * walk's questions rather than after it. */
  mamori_dns_prefetch (dns, domain, LDNS_RR_TYPE_NSEC3PARAM, MAMORI_DNS_FLAGS_CHECKING_DISABLED);
  result = mamori_dnssec_validate (dns, domain, LDNS_RR_TYPE_SOA, 0,
                                   mamori_check_context_get_cancellable (ctx), error);
  if (result == NULL)
    return FALSE;

  if (result->state == MAMORI_DNSSEC_STATE_INDETERMINATE)
    {
      g_autofree char *text = mamori_dnssec_result_describe (result);

      g_set_error_literal (error, MAMORI_ERROR, MAMORI_ERROR_NETWORK, text);
      return FALSE;
    }

  /* The NSEC3 parameters are independent of the rest: ask now, read later. */
  zone = mamori_dnssec_result_get_zone (result);
  if (zone != NULL && ldns_rr_list_rr_count (zone->dnskey) > 0)
    mamori_dns_prefetch (dns, zone->name, LDNS_RR_TYPE_NSEC3PARAM,
                         MAMORI_DNS_FLAGS_CHECKING_DISABLED);

  report_chain (ctx, result);

  /* Hygiene applies to a zone that has keys (secure, bogus, or insecure because of its
   * algorithm); an unsigned zone has nothing to judge. */
  if (zone == NULL || ldns_rr_list_rr_count (zone->dnskey) == 0)
    return TRUE;

  report_algorithm (ctx, zone);
  if (!report_nsec3 (ctx, zone, error))
    return FALSE;
  report_expiry (ctx, zone, result);
  report_ds_digest (ctx, zone);
  return TRUE;
}

const MamoriCheckDescriptor mamori_check_dnssec = {
  .id = CHECK_ID,
  .family = MAMORI_FAMILY_DOMAIN,
  .title = N_("DNSSEC"),
  .description = N_("Whether the domain's DNS answers are signed so that forged answers can be "
                    "detected, whether the chain of trust is intact, and whether the signing "
                    "follows current practice."),
  .needs = MAMORI_CHECK_NEEDS_DOMAIN | MAMORI_CHECK_NEEDS_NETWORK,
  .run = dnssec_run,
};
