/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.caa: which certificate authorities may issue certificates for the domain
 * (RFC 8659). The relevant record set is found by climbing from the domain towards the
 * root (§3): the first name with CAA records decides. Facet: record.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-autocleanups.h"
#include "mamori-caa-record.h"
#include "mamori-check.h"
#include "mamori-dns.h"

#define CHECK_ID "domain.caa"

static char *
suggested_records (const char *domain)
{
  return g_strdup_printf ("%s. IN CAA 0 issue \"letsencrypt.org\"\n"
                          "%s. IN CAA 0 iodef \"mailto:security@%s\"",
                          domain, domain, domain);
}

/* The names the climb visits: domain, its parent, … up to the top-level domain (the root
 * is not asked, §3). */
static GPtrArray *
climb_names (const char *domain)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *p = domain;

  while (p != NULL && *p != '\0')
    {
      const char *dot = strchr (p, '.');

      g_ptr_array_add (names, g_strdup (p));
      p = dot != NULL ? dot + 1 : NULL;
    }
  return names;
}

static gboolean
caa_run (MamoriCheckContext  *ctx,
         GError             **error)
{
  MamoriDns *dns = mamori_check_context_get_dns (ctx);
  const char *domain = mamori_check_context_get_subject (ctx);
  g_autoptr(GPtrArray) names = climb_names (domain);
  g_autoptr(ldns_rr_list) found = NULL;
  g_autoptr(GStrvBuilder) records_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) issue_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) wild_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) problems_builder = g_strv_builder_new ();
  g_auto(GStrv) records = NULL;
  g_auto(GStrv) issue = NULL;
  g_auto(GStrv) wild = NULL;
  g_auto(GStrv) problems = NULL;
  const char *found_at = NULL;
  gboolean any_issue = FALSE, any_issuewild = FALSE, critical_unknown = FALSE;
  MamoriFinding *f;

  /* The questions of the climb are independent: ask them all at once. */
  for (guint i = 0; i < names->len; i++)
    mamori_dns_prefetch (dns, g_ptr_array_index (names, i), LDNS_RR_TYPE_CAA,
                         MAMORI_DNS_FLAGS_NONE);

  for (guint i = 0; i < names->len && found == NULL; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(MamoriDnsResponse) response = NULL;
      g_autoptr(ldns_rr_list) caa = NULL;

      response = mamori_dns_query (dns, name, LDNS_RR_TYPE_CAA, MAMORI_DNS_FLAGS_NONE,
                                   mamori_check_context_get_cancellable (ctx), error);
      /* A failed lookup is not "no records": a CA must not issue then either, so the check
       * cannot decide. */
      if (response == NULL || !mamori_dns_response_check_rcode (response, name, error))
        return FALSE;
      caa = mamori_dns_response_get_answer (response, LDNS_RR_TYPE_CAA);
      if (ldns_rr_list_rr_count (caa) > 0)
        {
          found = g_steal_pointer (&caa);
          found_at = name;
        }
    }

  if (found == NULL)
    {
      g_autofree char *text = suggested_records (domain);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_INFO, MAMORI_SEVERITY_LOW);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("No CAA record is published for {0} or its parent "
                                        "domains: any certificate authority may issue "
                                        "certificates for it."),
                                  domain, NULL);
      mamori_finding_set_remediation (f, N_("Name the certificate authority you use (here Let's "
                                            "Encrypt as an example) and where to report "
                                            "problems:\n{0}"),
                                      text, NULL);
      mamori_finding_set_record (f, text);
      g_ptr_array_add (names, NULL);   /* NULL-terminated for the evidence */
      mamori_finding_add_evidence_strv (f, "asked", (const char * const *) names->pdata);
      return TRUE;
    }

  for (size_t i = 0; i < ldns_rr_list_rr_count (found); i++)
    {
      const ldns_rr *rr = ldns_rr_list_rr (found, i);
      g_autofree char *text = mamori_dns_rr_to_string (rr);
      g_autoptr(MamoriCaaProperty) property = NULL;
      g_autoptr(GError) parse_error = NULL;
      const ldns_rdf *flags_rdf, *tag_rdf, *value_rdf;

      g_strv_builder_add (records_builder, text);
      if (ldns_rr_rd_count (rr) != 3)
        {
          g_strv_builder_add (problems_builder, text);
          continue;
        }
      flags_rdf = ldns_rr_rdf (rr, 0);
      tag_rdf = ldns_rr_rdf (rr, 1);
      value_rdf = ldns_rr_rdf (rr, 2);
      /* The tag is a length-prefixed string in ldns; the value is the rest of the rdata. */
      if (ldns_rdf_size (flags_rdf) != 1 || ldns_rdf_size (tag_rdf) < 1 ||
          (gsize) ldns_rdf_data (tag_rdf)[0] + 1 != ldns_rdf_size (tag_rdf))
        {
          g_strv_builder_add (problems_builder, text);
          continue;
        }
      property = mamori_caa_property_parse (ldns_rdf_data (flags_rdf)[0],
                                            ldns_rdf_data (tag_rdf) + 1,
                                            ldns_rdf_size (tag_rdf) - 1,
                                            ldns_rdf_data (value_rdf), ldns_rdf_size (value_rdf),
                                            &parse_error);
      if (property == NULL)
        {
          g_strv_builder_add (problems_builder, parse_error->message);
          continue;
        }
      switch (property->kind)
        {
        case MAMORI_CAA_TAG_ISSUE:
          any_issue = TRUE;
          if (property->issuer != NULL)
            g_strv_builder_add (issue_builder, property->issuer);
          break;
        case MAMORI_CAA_TAG_ISSUEWILD:
          any_issuewild = TRUE;
          if (property->issuer != NULL)
            g_strv_builder_add (wild_builder, property->issuer);
          break;
        case MAMORI_CAA_TAG_IODEF:
          break;
        case MAMORI_CAA_TAG_OTHER:
        default:
          if (mamori_caa_property_is_critical (property))
            {
              /* §4.1: a CA that does not understand a critical property must not issue. */
              g_autofree char *why = g_strdup_printf (_("The property “%s” is marked critical "
                                                        "but is not a known CAA property"),
                                                      property->tag);
              g_strv_builder_add (problems_builder, why);
              critical_unknown = TRUE;
            }
          break;
        }
    }
  records = g_strv_builder_end (records_builder);
  issue = g_strv_builder_end (issue_builder);
  wild = g_strv_builder_end (wild_builder);
  problems = g_strv_builder_end (problems_builder);

  if (problems[0] != NULL)
    {
      g_autofree char *list = g_strjoinv ("\n", problems);
      g_autofree char *text = suggested_records (found_at);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_MEDIUM);
      if (critical_unknown)
        mamori_finding_set_message (f, N_("The CAA records at {0} contain a critical property "
                                          "that certificate authorities do not know, so none "
                                          "of them may issue certificates for {1}:\n{2}"),
                                    found_at, domain, list, NULL);
      else
        mamori_finding_set_message (f, N_("The CAA records at {0} are malformed; certificate "
                                          "authorities may refuse to issue certificates for "
                                          "{1}:\n{2}"),
                                    found_at, domain, list, NULL);
      mamori_finding_set_remediation (f, N_("Correct the records, for example:\n{0}"), text,
                                      NULL);
      mamori_finding_set_record (f, text);
    }
  else if (!any_issue && !any_issuewild)
    {
      g_autofree char *text = suggested_records (found_at);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_INFO, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("The CAA records at {0} do not restrict issuing (no "
                                        "issue or issuewild property): any certificate "
                                        "authority may issue certificates for {1}."),
                                  found_at, domain, NULL);
      mamori_finding_set_remediation (f, N_("Name the certificate authority you use (here Let's "
                                            "Encrypt as an example) and where to report "
                                            "problems:\n{0}"),
                                      text, NULL);
      mamori_finding_set_record (f, text);
    }
  else
    {
      g_autofree char *list = issue[0] != NULL ? g_strjoinv (", ", issue) : NULL;

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      if (!any_issue)
        mamori_finding_set_message (f, N_("The CAA records at {0} restrict only wildcard "
                                          "certificates; any certificate authority may issue "
                                          "other certificates for {1}."),
                                    found_at, domain, NULL);
      else if (list == NULL)
        mamori_finding_set_message (f, N_("The CAA records at {0} allow no certificate "
                                          "authority to issue certificates for {1}."),
                                    found_at, domain, NULL);
      else
        mamori_finding_set_message (f, N_("Only these certificate authorities may issue "
                                          "certificates for {0} (CAA records at {1}): {2}"),
                                    domain, found_at, list, NULL);
      if (!any_issue)
        mamori_finding_set_status (f, MAMORI_STATUS_INFO);
    }
  mamori_finding_set_facet (f, "record");
  mamori_finding_add_evidence_string (f, "found_at", found_at);
  mamori_finding_add_evidence_strv (f, "records", (const char * const *) records);
  mamori_finding_add_evidence_strv (f, "issue", (const char * const *) issue);
  mamori_finding_add_evidence_strv (f, "issuewild", (const char * const *) wild);
  return TRUE;
}

const MamoriCheckDescriptor mamori_check_caa = {
  .id = CHECK_ID,
  .family = MAMORI_FAMILY_DOMAIN,
  .title = N_("Certificate authorities allowed (CAA)"),
  .description = N_("Which certificate authorities may issue certificates for the domain's web "
                    "and mail servers."),
  .needs = MAMORI_CHECK_NEEDS_DOMAIN | MAMORI_CHECK_NEEDS_NETWORK,
  .run = caa_run,
};
