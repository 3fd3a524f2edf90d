/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.dmarc: is a DMARC policy published for the domain (RFC 7489), is it usable,
 * and how strong is it. Facets: record, policy, pct, subdomain, rua, nomail.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-autocleanups.h"
#include "mamori-check.h"
#include "mamori-message.h"
#include "mamori-dmarc-record.h"
#include "mamori-dns.h"
#include "mamori-domain-name.h"

#define CHECK_ID "domain.dmarc"

typedef struct {
  char      *name;      /* where the record was looked up: _dmarc.<domain> */
  GPtrArray *texts;     /* GBytes of every TXT there */
  GPtrArray *dmarc;     /* GBytes of the ones that start with v=DMARC1 */
  gboolean   nxdomain;
} Lookup;

static void
lookup_clear (Lookup *lookup)
{
  g_free (lookup->name);
  g_clear_pointer (&lookup->texts, g_ptr_array_unref);
  g_clear_pointer (&lookup->dmarc, g_ptr_array_unref);
}

static gboolean
lookup_dmarc (MamoriCheckContext  *ctx,
              const char          *domain,
              Lookup              *lookup,
              GError             **error)
{
  MamoriDns *dns = mamori_check_context_get_dns (ctx);

  lookup->name = g_strconcat ("_dmarc.", domain, NULL);
  lookup->texts = mamori_dns_lookup_txt (dns, lookup->name, &lookup->nxdomain,
                                         mamori_check_context_get_cancellable (ctx), error);
  if (lookup->texts == NULL)
    return FALSE;

  lookup->dmarc = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < lookup->texts->len; i++)
    {
      GBytes *bytes = g_ptr_array_index (lookup->texts, i);
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);

      if (mamori_dmarc_record_is_dmarc (data, len))
        g_ptr_array_add (lookup->dmarc, g_bytes_ref (bytes));
    }
  return TRUE;
}

/* "v=DMARC1; p=…" rebuilt with a new policy, keeping the reporting addresses. */
static char *
suggested_record (const char              *domain,
                  const char              *policy,
                  const MamoriDmarcRecord *record)
{
  GString *tags = g_string_new ("v=DMARC1; p=");

  g_string_append (tags, policy);
  if (record != NULL && record->sp != MAMORI_DMARC_POLICY_UNSET)
    {
      /* A weaker sp would undo the advice; align it with p. */
      g_string_append_printf (tags, "; sp=%s", policy);
    }
  if (record != NULL && record->rua->len > 0)
    {
      g_string_append (tags, "; rua=");
      for (guint i = 0; i < record->rua->len; i++)
        {
          MamoriDmarcUri *uri = g_ptr_array_index (record->rua, i);
          g_string_append_printf (tags, "%s%s", i > 0 ? "," : "", uri->raw);
        }
    }
  else if (g_strcmp0 (policy, "reject") != 0 || record != NULL)
    {
      g_string_append_printf (tags, "; rua=mailto:dmarc-reports@%s", domain);
    }
  if (record != NULL && record->ruf->len > 0)
    {
      g_string_append (tags, "; ruf=");
      for (guint i = 0; i < record->ruf->len; i++)
        {
          MamoriDmarcUri *uri = g_ptr_array_index (record->ruf, i);
          g_string_append_printf (tags, "%s%s", i > 0 ? "," : "", uri->raw);
        }
    }

  {
    g_autofree char *value = g_string_free (tags, FALSE);
    return g_strdup_printf ("_dmarc.%s. IN TXT \"%s\"", domain, value);
  }
}

static int
policy_strength (MamoriDmarcPolicy policy)
{
  return (int) policy;   /* UNSET < NONE < QUARANTINE < REJECT */
}

typedef enum {
  MAIL_UNKNOWN,
  MAIL_RECEIVES,
  MAIL_NONE,       /* no MX records */
  MAIL_NULL_MX,    /* RFC 7505 "0 ." */
} MailState;

static MailState
mail_state (MamoriCheckContext *ctx,
            const char         *domain,
            GStrv              *mx_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriDnsResponse) response = NULL;
  g_autoptr(ldns_rr_list) mx = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  MailState state;

  response = mamori_dns_query (mamori_check_context_get_dns (ctx), domain, LDNS_RR_TYPE_MX,
                               MAMORI_DNS_FLAGS_NONE, mamori_check_context_get_cancellable (ctx),
                               &error);
  if (response == NULL || !mamori_dns_response_check_rcode (response, domain, NULL))
    return MAIL_UNKNOWN;

  mx = mamori_dns_response_get_answer (response, LDNS_RR_TYPE_MX);
  for (size_t i = 0; i < ldns_rr_list_rr_count (mx); i++)
    {
      g_autofree char *text = mamori_dns_rr_to_string (ldns_rr_list_rr (mx, i));
      g_strv_builder_add (builder, text);
    }
  *mx_out = g_strv_builder_end (builder);

  if (ldns_rr_list_rr_count (mx) == 0)
    {
      state = MAIL_NONE;
    }
  else if (ldns_rr_list_rr_count (mx) == 1)
    {
      ldns_rr *rr = ldns_rr_list_rr (mx, 0);
      const ldns_rdf *exchange = ldns_rr_rdf (rr, 1);

      state = (ldns_rdf2native_int16 (ldns_rr_rdf (rr, 0)) == 0 && exchange != NULL &&
               ldns_dname_label_count (exchange) == 0) ? MAIL_NULL_MX : MAIL_RECEIVES;
    }
  else
    {
      state = MAIL_RECEIVES;
    }
  return state;
}

/* rua/ruf at another organisation need that organisation's consent (RFC 7489 §7.1). */
static void
check_external_destinations (MamoriCheckContext      *ctx,
                             const char              *policy_domain,
                             const MamoriDmarcRecord *record)
{
  MamoriDns *dns = mamori_check_context_get_dns (ctx);
  g_autofree char *org = mamori_domain_name_organizational (policy_domain);
  g_autoptr(GPtrArray) uris = g_ptr_array_new ();
  g_autoptr(GHashTable) asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean all_ok = TRUE;
  gboolean any_mailto = FALSE;

  g_ptr_array_extend (uris, record->rua, NULL, NULL);
  g_ptr_array_extend (uris, record->ruf, NULL, NULL);

  /* Ask every destination at once. */
  for (guint i = 0; i < uris->len; i++)
    {
      MamoriDmarcUri *uri = g_ptr_array_index (uris, i);
      g_autofree char *dest_org = NULL;

      if (uri->domain == NULL)
        continue;
      dest_org = mamori_domain_name_organizational (uri->domain);
      if (g_ascii_strcasecmp (dest_org, org) != 0)
        {
          char *name = g_strdup_printf ("%s._report._dmarc.%s", policy_domain, uri->domain);
          mamori_dns_prefetch (dns, name, LDNS_RR_TYPE_TXT, MAMORI_DNS_FLAGS_NONE);
          g_hash_table_insert (asked, name, uri);
        }
    }

  for (guint i = 0; i < uris->len; i++)
    {
      MamoriDmarcUri *uri = g_ptr_array_index (uris, i);
      g_autofree char *name = NULL;
      g_autoptr(GPtrArray) texts = NULL;
      g_autoptr(GError) error = NULL;
      gboolean authorised = FALSE;

      if (g_strcmp0 (uri->scheme, "mailto") != 0)
        {
          MamoriFinding *f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN,
                                                               MAMORI_SEVERITY_LOW);
          mamori_finding_set_facet (f, "rua");
          mamori_finding_set_message (f, N_("The report address “{0}” is not a mailto: URI; "
                                            "report senders only support mail."),
                                      uri->raw, NULL);
          mamori_finding_set_remediation (f, N_("Use a mail address: rua=mailto:dmarc-reports@{0}"),
                                          policy_domain, NULL);
          all_ok = FALSE;
          continue;
        }
      any_mailto = TRUE;
      if (uri->domain == NULL)
        continue;
      name = g_strdup_printf ("%s._report._dmarc.%s", policy_domain, uri->domain);
      if (!g_hash_table_contains (asked, name))
        continue;

      texts = mamori_dns_lookup_txt (dns, name, NULL, mamori_check_context_get_cancellable (ctx),
                                     &error);
      if (texts == NULL)
        {
          MamoriFinding *f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_ERROR,
                                                               MAMORI_SEVERITY_INFO);
          mamori_finding_set_facet (f, "rua");
          mamori_finding_set_message (f, N_("Could not confirm that {0} accepts reports for this "
                                            "domain: {1}"),
                                      uri->domain, error->message, NULL);
          all_ok = FALSE;
          continue;
        }
      for (guint j = 0; j < texts->len; j++)
        {
          gsize len;
          const char *data = g_bytes_get_data (g_ptr_array_index (texts, j), &len);

          if (mamori_dmarc_record_is_dmarc (data, len))
            authorised = TRUE;
        }
      if (!authorised)
        {
          MamoriFinding *f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN,
                                                               MAMORI_SEVERITY_MEDIUM);
          g_autofree char *record_text = g_strdup_printf ("%s. IN TXT \"v=DMARC1\"", name);

          mamori_finding_set_facet (f, "rua");
          mamori_finding_set_message (f, N_("Reports are sent to {0}, another organisation's "
                                            "domain, but it has not agreed to receive them "
                                            "(no record at {1}); receivers will not send them."),
                                      uri->raw, name, NULL);
          mamori_finding_set_remediation (f, N_("Ask the operator of {0} to publish this record, "
                                                "or send reports to an address in your own "
                                                "domain:\n{1}"),
                                          uri->domain, record_text, NULL);
          mamori_finding_set_record (f, record_text);
          mamori_finding_add_evidence_texts (f, "txt", texts);
          all_ok = FALSE;
        }
    }

  if (record->rua->len == 0)
    {
      MamoriFinding *f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN,
                                                           MAMORI_SEVERITY_MEDIUM);
      g_autofree char *text = suggested_record (policy_domain,
                                                mamori_dmarc_policy_to_string (record->p), record);

      mamori_finding_set_facet (f, "rua");
      mamori_finding_set_message (f, N_("No aggregate reports are requested (no rua=), so you "
                                        "cannot see who sends mail in your domain's name."),
                                  NULL);
      mamori_finding_set_remediation (f, N_("Add a report address and read the reports before "
                                            "you strengthen the policy:\n{0}"),
                                      text, NULL);
      mamori_finding_set_record (f, text);
    }
  else if (all_ok && any_mailto)
    {
      MamoriFinding *f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS,
                                                           MAMORI_SEVERITY_INFO);
      mamori_finding_set_facet (f, "rua");
      mamori_finding_set_message (f, N_("Aggregate reports are requested and every report "
                                        "address can receive them."),
                                  NULL);
    }
}

static gboolean
dmarc_run (MamoriCheckContext  *ctx,
           GError             **error)
{
  MamoriDns *dns = mamori_check_context_get_dns (ctx);
  const char *domain = mamori_check_context_get_subject (ctx);
  g_autofree char *org = mamori_domain_name_organizational (domain);
  gboolean at_org = FALSE;
  Lookup own = { 0 }, parent = { 0 };
  Lookup *found;
  g_autoptr(MamoriDmarcRecord) record = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_auto(GStrv) mx = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *dmarc_org = NULL;
  MamoriDmarcPolicy effective;
  MailState mail;
  MamoriFinding *f;
  gboolean ok = FALSE;

  /* The three questions are independent: ask them at once. */
  dmarc_org = g_strconcat ("_dmarc.", org, NULL);
  {
    g_autofree char *own_name = g_strconcat ("_dmarc.", domain, NULL);
    mamori_dns_prefetch (dns, own_name, LDNS_RR_TYPE_TXT, MAMORI_DNS_FLAGS_NONE);
  }
  if (g_ascii_strcasecmp (org, domain) != 0)
    mamori_dns_prefetch (dns, dmarc_org, LDNS_RR_TYPE_TXT, MAMORI_DNS_FLAGS_NONE);
  mamori_dns_prefetch (dns, domain, LDNS_RR_TYPE_MX, MAMORI_DNS_FLAGS_NONE);

  if (!lookup_dmarc (ctx, domain, &own, error))
    goto out;
  found = &own;
  if (own.dmarc->len == 0 && g_ascii_strcasecmp (org, domain) != 0)
    {
      /* RFC 7489 §6.6.3: fall back to the organisational domain's record. */
      if (!lookup_dmarc (ctx, org, &parent, error))
        goto out;
      if (parent.dmarc->len > 0)
        {
          found = &parent;
          at_org = TRUE;
        }
    }

  mail = mail_state (ctx, domain, &mx);

  if (found->dmarc->len == 0)
    {
      gboolean nomail = mail == MAIL_NONE || mail == MAIL_NULL_MX;
      g_autofree char *text = nomail
        ? g_strdup_printf ("_dmarc.%s. IN TXT \"v=DMARC1; p=reject;\"", domain)
        : suggested_record (domain, "none", NULL);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("No DMARC record is published at {0}: anyone can send "
                                        "mail that claims to come from {1}, and receivers are "
                                        "not told to refuse it."),
                                  own.name, domain, NULL);
      if (nomail)
        mamori_finding_set_remediation (f, N_("This domain receives no mail, so tell receivers to "
                                              "refuse all mail that uses its name. Publish:\n{0}"),
                                        text, NULL);
      else
        mamori_finding_set_remediation (f, N_("Publish this record, read the reports for a few "
                                              "weeks, then raise the policy to p=quarantine and "
                                              "p=reject:\n{0}"),
                                        text, NULL);
      mamori_finding_set_record (f, text);
      mamori_finding_add_evidence_texts (f, own.name, own.texts);
      if (parent.name != NULL)
        mamori_finding_add_evidence_texts (f, parent.name, parent.texts);
      ok = TRUE;
      goto out;
    }

  if (found->dmarc->len > 1)
    {
      g_autofree char *count = g_strdup_printf ("%u", found->dmarc->len);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("{0} has {1} DMARC records; receivers then apply none of "
                                        "them (RFC 7489 §6.6.3)."),
                                  found->name, count, NULL);
      mamori_finding_set_remediation (f, N_("Delete all but one of the records at {0}."),
                                      found->name, NULL);
      mamori_finding_add_evidence_texts (f, found->name, found->dmarc);
      ok = TRUE;
      goto out;
    }

  {
    GBytes *bytes = g_ptr_array_index (found->dmarc, 0);
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);

    raw = mamori_message_text_from_bytes (bytes);
    record = mamori_dmarc_record_parse (data, len, &parse_error);
  }

  if (record == NULL)
    {
      g_autofree char *text = suggested_record (at_org ? org : domain, "none", NULL);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("The DMARC record at {0} is malformed and receivers will "
                                        "ignore it: {1}"),
                                  found->name, parse_error->message, NULL);
      mamori_finding_set_remediation (f, N_("Replace it with a correct record, for example:\n{0}"),
                                      text, NULL);
      mamori_finding_set_record (f, text);
      mamori_finding_add_evidence_texts (f, found->name, found->dmarc);
      ok = TRUE;
      goto out;
    }

  f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
  mamori_finding_set_facet (f, "record");
  if (at_org)
    mamori_finding_set_message (f, N_("{0} has no DMARC record of its own; the organisational "
                                      "domain's record at {1} applies."),
                                domain, found->name, NULL);
  else
    mamori_finding_set_message (f, N_("A DMARC record is published at {0}."), found->name, NULL);
  mamori_finding_add_evidence_string (f, "record", raw);
  mamori_finding_add_evidence_string (f, "found_at", found->name);
  mamori_finding_add_evidence_string (f, "p", mamori_dmarc_policy_to_string (record->p));
  if (record->sp != MAMORI_DMARC_POLICY_UNSET)
    mamori_finding_add_evidence_string (f, "sp", mamori_dmarc_policy_to_string (record->sp));
  mamori_finding_add_evidence_int (f, "pct", record->pct);
  mamori_finding_add_evidence_string (f, "adkim", record->adkim == 's' ? "s" : "r");
  mamori_finding_add_evidence_string (f, "aspf", record->aspf == 's' ? "s" : "r");
  for (guint i = 0; i < record->warnings->len; i++)
    {
      MamoriFinding *w = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN,
                                                           MAMORI_SEVERITY_LOW);
      mamori_finding_set_facet (w, "syntax");
      mamori_finding_set_message (w, N_("The DMARC record has a problem: {0}"),
                                  (const char *) g_ptr_array_index (record->warnings, i), NULL);
      mamori_finding_add_evidence_string (w, "record", raw);
    }

  /* The policy that applies to this domain: a subdomain under the organisation's record
   * gets sp (RFC 7489 §6.6.3). */
  effective = record->p;
  if (at_org && record->sp != MAMORI_DMARC_POLICY_UNSET)
    effective = record->sp;

  {
    const char *policy_name = mamori_dmarc_policy_to_string (effective);
    const char *policy_domain = at_org ? org : domain;

    switch (effective)
      {
      case MAMORI_DMARC_POLICY_REJECT:
        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
        mamori_finding_set_message (f, N_("The DMARC policy is p=reject: receivers refuse mail "
                                          "that fails authentication."),
                                    NULL);
        break;
      case MAMORI_DMARC_POLICY_QUARANTINE:
        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
        mamori_finding_set_message (f, N_("The DMARC policy is p=quarantine: receivers put mail "
                                          "that fails authentication in the spam folder."),
                                    NULL);
        {
          g_autofree char *text = suggested_record (policy_domain, "reject", record);
          mamori_finding_set_remediation (f, N_("When the reports show that all your own mail "
                                                "passes, you can go one step further:\n{0}"),
                                          text, NULL);
          mamori_finding_set_record (f, text);
        }
        break;
      case MAMORI_DMARC_POLICY_NONE:
      default:
        {
          g_autofree char *text = suggested_record (policy_domain, "quarantine", record);

          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_MEDIUM);
          mamori_finding_set_message (f, N_("The DMARC policy is p=none: receivers only report; "
                                            "mail that impersonates {0} is still delivered."),
                                      domain, NULL);
          mamori_finding_set_remediation (f, N_("Once the reports show your own mail passes SPF "
                                                "or DKIM, change the policy to quarantine, then "
                                                "to reject:\n{0}"),
                                          text, NULL);
          mamori_finding_set_record (f, text);
        }
        break;
      }
    mamori_finding_set_facet (f, "policy");
    mamori_finding_add_evidence_string (f, "effective_policy", policy_name);
    mamori_finding_add_evidence_string (f, "record", raw);

    if (record->pct < 100 && effective != MAMORI_DMARC_POLICY_NONE)
      {
        g_autofree char *pct = g_strdup_printf ("%d", record->pct);

        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_MEDIUM);
        mamori_finding_set_facet (f, "pct");
        /* xgettext:no-c-format */
        mamori_finding_set_message (f, N_("pct={0}: the policy is applied to only {0}% of "
                                          "failing mail; the rest is delivered as if p=none."),
                                    pct, NULL);
        mamori_finding_set_remediation (f, N_("Remove pct= (or set pct=100) once you are sure "
                                              "your own mail passes."),
                                        NULL);
      }

    if (!at_org && record->sp != MAMORI_DMARC_POLICY_UNSET &&
        policy_strength (record->sp) < policy_strength (record->p))
      {
        g_autofree char *text = suggested_record (domain, mamori_dmarc_policy_to_string (record->p),
                                                  record);

        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_MEDIUM);
        mamori_finding_set_facet (f, "subdomain");
        mamori_finding_set_message (f, N_("Subdomains get the weaker policy sp={0}, so mail from "
                                          "made-up names such as info.{1} is not refused."),
                                    mamori_dmarc_policy_to_string (record->sp), domain, NULL);
        mamori_finding_set_remediation (f, N_("Give subdomains the same policy:\n{0}"), text,
                                        NULL);
        mamori_finding_set_record (f, text);
      }

    if (mail == MAIL_NONE || mail == MAIL_NULL_MX)
      {
        g_autofree char *text = g_strdup_printf ("_dmarc.%s. IN TXT \"v=DMARC1; p=reject;\"",
                                                 domain);

        if (effective == MAMORI_DMARC_POLICY_REJECT)
          {
            f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
            mamori_finding_set_message (f, N_("This domain receives no mail and refuses all "
                                              "mail sent in its name, as it should."),
                                        NULL);
          }
        else
          {
            f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
            mamori_finding_set_message (f, N_("This domain receives no mail ({0}), so no "
                                              "legitimate mail comes from it, yet its DMARC "
                                              "policy is not p=reject."),
                                        mail == MAIL_NULL_MX ? "null MX" : "no MX", NULL);
            mamori_finding_set_remediation (f, N_("Refuse all mail in its name, and publish "
                                                  "\"v=spf1 -all\" as its SPF record:\n{0}"),
                                            text, NULL);
            mamori_finding_set_record (f, text);
          }
        mamori_finding_set_facet (f, "nomail");
        if (mx != NULL)
          mamori_finding_add_evidence_strv (f, "mx", (const char * const *) mx);
      }

    check_external_destinations (ctx, policy_domain, record);
  }

  ok = TRUE;

out:
  lookup_clear (&own);
  lookup_clear (&parent);
  return ok;
}

const MamoriCheckDescriptor mamori_check_dmarc = {
  .id = CHECK_ID,
  .family = MAMORI_FAMILY_DOMAIN,
  .title = N_("DMARC policy"),
  .description = N_("Whether the domain tells receivers what to do with mail that falsely "
                    "claims to come from it, and whether it asks for reports."),
  .needs = MAMORI_CHECK_NEEDS_DOMAIN | MAMORI_CHECK_NEEDS_NETWORK,
  .run = dmarc_run,
};
