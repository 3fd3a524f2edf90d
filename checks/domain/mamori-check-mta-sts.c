/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.mta_sts: does the domain ask senders to deliver its mail only over verified TLS
 * (RFC 8461), and does the published policy really work. Facets: record (the TXT at
 * _mta-sts.<domain>), policy (fetching and parsing the HTTPS policy file), mode, mx (every
 * MX matches the policy), max_age.
 *
 * MTA-STS is optional in the Japanese guidance (a "may"), so no record is info. A record
 * whose policy cannot be fetched or parsed is a fail: senders that cached an earlier policy
 * keep applying it, and new senders see a broken deployment.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-autocleanups.h"
#include "mamori-check.h"
#include "mamori-message.h"
#include "mamori-dns.h"
#include "mamori-http.h"
#include "mamori-mta-sts-policy.h"

#define CHECK_ID "domain.mta_sts"

/* RFC 8461 §3.2 suggests weeks; a day is the least that protects against a downgrade
 * between two deliveries. */
#define MIN_GOOD_MAX_AGE 86400
#define SUGGESTED_MAX_AGE "604800"

/* g_ptr_array_sort passes pointers to the elements. */
static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The MX host names of the domain, lower case, without the trailing dot; NULL when the
 * question could not be answered, in order of preference. An RFC 7505 null MX gives an
 * empty array. */
static GPtrArray *
lookup_mx (MamoriCheckContext  *ctx,
           const char          *domain,
           GError             **error)
{
  g_autoptr(MamoriDnsResponse) response = NULL;
  g_autoptr(ldns_rr_list) mx = NULL;
  GPtrArray *hosts;

  response = mamori_dns_query (mamori_check_context_get_dns (ctx), domain, LDNS_RR_TYPE_MX,
                               MAMORI_DNS_FLAGS_NONE, mamori_check_context_get_cancellable (ctx),
                               error);
  if (response == NULL || !mamori_dns_response_check_rcode (response, domain, error))
    return NULL;

  hosts = g_ptr_array_new_with_free_func (g_free);
  mx = mamori_dns_response_get_answer (response, LDNS_RR_TYPE_MX);
  for (size_t i = 0; i < ldns_rr_list_rr_count (mx); i++)
    {
      const ldns_rdf *exchange = ldns_rr_rdf (ldns_rr_list_rr (mx, i), 1);

      g_autofree char *host = NULL;

      if (exchange == NULL || ldns_dname_label_count (exchange) == 0)
        continue;   /* "0 ." receives no mail */
      host = mamori_dns_dname_to_string (exchange);
      /* Sort key first: the resolver rotates the records, the suggestions should not. */
      g_ptr_array_add (hosts, g_strdup_printf ("%05u %s",
                                               (guint) ldns_rdf2native_int16 (ldns_rr_rdf (ldns_rr_list_rr (mx, i), 0)),
                                               host));
    }
  g_ptr_array_sort (hosts, compare_strings);
  for (guint i = 0; i < hosts->len; i++)
    {
      char *keyed = g_ptr_array_index (hosts, i);

      hosts->pdata[i] = g_strdup (keyed + 6);
      g_free (keyed);
    }
  return hosts;
}

/* A policy file that fits the domain's MX records. */
static char *
suggested_policy (const char *mode,
                  GPtrArray  *mx_hosts)
{
  GString *text = g_string_new ("version: STSv1\n");

  g_string_append_printf (text, "mode: %s\n", mode);
  for (guint i = 0; mx_hosts != NULL && i < mx_hosts->len; i++)
    g_string_append_printf (text, "mx: %s\n", (char *) g_ptr_array_index (mx_hosts, i));
  g_string_append (text, "max_age: " SUGGESTED_MAX_AGE "\n");
  return g_string_free (text, FALSE);
}

static char *
suggested_txt (const char *domain)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *id = g_date_time_format (now, "%Y%m%d%H%M%S");

  return g_strdup_printf ("_mta-sts.%s. IN TXT \"v=STSv1; id=%s\"", domain, id);
}

static char *
policy_url (const char *domain)
{
  return g_strdup_printf ("https://mta-sts.%s/.well-known/mta-sts.txt", domain);
}

/* Fetches the policy file. Returns the body, or NULL with *why set to a translated reason
 * (fetch errors are the domain's problem, so they are findings, not check errors). */
static GBytes *
fetch_policy (MamoriCheckContext  *ctx,
              const char          *domain,
              char               **why,
              char               **content_type)
{
  MamoriCheckOptions *options = mamori_check_context_get_options (ctx);
  g_autofree char *host = g_strconcat ("mta-sts.", domain, NULL);
  g_autofree char *url = policy_url (domain);
  g_auto(GStrv) connect_to = NULL;
  g_autoptr(MamoriHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  MamoriHttpOptions http = { 0 };
  const char *type;

  /* The configured resolver decides where mta-sts.<domain> lives (the lab's, in tests). */
  connect_to = mamori_http_connect_to_from_dns (mamori_check_context_get_dns (ctx), host, 443,
                                                options->https_port,
                                                mamori_check_context_get_cancellable (ctx),
                                                &error);
  if (connect_to == NULL)
    {
      *why = g_strdup (error->message);
      return NULL;
    }

  http.timeout_ms = MAX (options->timeout_ms, 1000) * 2;
  http.max_size = MAMORI_MTA_STS_POLICY_MAX_SIZE;
  http.follow_redirects = FALSE;   /* RFC 8461 §3.3: senders must not follow redirects */
  http.ca_file = options->ca_file;
  http.connect_to = (const char * const *) connect_to;
  response = mamori_http_get (url, &http, mamori_check_context_get_cancellable (ctx), &error);
  if (response == NULL)
    {
      *why = g_strdup (error->message);
      return NULL;
    }
  if (response->status >= 300 && response->status < 400)
    {
      const char *location = mamori_http_response_get_header (response, "Location");

      *why = g_strdup_printf (_("The server answered with a redirect (HTTP %u to %s), which "
                                "senders must not follow"),
                              response->status, location != NULL ? location : "?");
      return NULL;
    }
  if (response->status != 200)
    {
      *why = g_strdup_printf (_("The server answered HTTP %u instead of the policy"),
                              response->status);
      return NULL;
    }
  type = mamori_http_response_get_header (response, "Content-Type");
  *content_type = g_strdup (type != NULL ? type : "");
  return g_bytes_ref (response->body);
}

static gboolean
mta_sts_run (MamoriCheckContext  *ctx,
             GError             **error)
{
  MamoriDns *dns = mamori_check_context_get_dns (ctx);
  const char *domain = mamori_check_context_get_subject (ctx);
  g_autofree char *txt_name = g_strconcat ("_mta-sts.", domain, NULL);
  g_autofree char *host = g_strconcat ("mta-sts.", domain, NULL);
  g_autofree char *url = policy_url (domain);
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) sts = NULL;
  g_autoptr(GPtrArray) mx_hosts = NULL;
  g_autoptr(GError) mx_error = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(MamoriMtaStsRecord) record = NULL;
  g_autoptr(MamoriMtaStsPolicy) policy = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *why = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *policy_text = NULL;
  MamoriFinding *f;

  /* Independent questions first, all at once. */
  mamori_dns_prefetch (dns, txt_name, LDNS_RR_TYPE_TXT, MAMORI_DNS_FLAGS_NONE);
  mamori_dns_prefetch (dns, domain, LDNS_RR_TYPE_MX, MAMORI_DNS_FLAGS_NONE);
  mamori_dns_prefetch (dns, host, LDNS_RR_TYPE_A, MAMORI_DNS_FLAGS_NONE);
  mamori_dns_prefetch (dns, host, LDNS_RR_TYPE_AAAA, MAMORI_DNS_FLAGS_NONE);

  texts = mamori_dns_lookup_txt (dns, txt_name, NULL, mamori_check_context_get_cancellable (ctx),
                                 error);
  if (texts == NULL)
    return FALSE;
  sts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < texts->len; i++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (texts, i), &len);

      if (mamori_mta_sts_record_is_sts (data, len))
        g_ptr_array_add (sts, g_bytes_ref (g_ptr_array_index (texts, i)));
    }

  mx_hosts = lookup_mx (ctx, domain, &mx_error);

  if (sts->len == 0 && mx_hosts != NULL && mx_hosts->len == 0)
    {
      /* No MX or a null MX (RFC 7505): nobody delivers mail here, nothing to protect. */
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_NOT_APPLICABLE,
                                            MAMORI_SEVERITY_INFO);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("{0} receives no mail (it has no mail servers), so it "
                                        "needs no MTA-STS policy."),
                                  domain, NULL);
      mamori_finding_add_evidence_texts (f, txt_name, texts);
      return TRUE;
    }

  if (sts->len == 0)
    {
      g_autofree char *record_text = suggested_txt (domain);
      g_autofree char *policy_suggestion = suggested_policy ("testing", mx_hosts);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_INFO, MAMORI_SEVERITY_LOW);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("No MTA-STS policy is published (no record at {0}): "
                                        "senders may deliver mail to {1} without verified "
                                        "encryption."),
                                  txt_name, domain, NULL);
      mamori_finding_set_remediation (f, N_("If your mail servers have valid certificates, "
                                            "publish the policy file at {0}:\n{1}\nthen this "
                                            "record:\n{2}\nStart with mode: testing and change "
                                            "it to enforce once the TLS reports show no "
                                            "problems."),
                                      url, policy_suggestion, record_text, NULL);
      mamori_finding_set_record (f, record_text);
      mamori_finding_add_evidence_texts (f, txt_name, texts);
      return TRUE;
    }

  if (sts->len > 1)
    {
      g_autofree char *count = g_strdup_printf ("%u", sts->len);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_MEDIUM);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("{0} has {1} MTA-STS records; senders then ignore the "
                                        "policy (RFC 8461 §3.1)."),
                                  txt_name, count, NULL);
      mamori_finding_set_remediation (f, N_("Delete all but one of the records at {0}."),
                                      txt_name, NULL);
      mamori_finding_add_evidence_texts (f, txt_name, sts);
      return TRUE;
    }

  {
    gsize len;
    const char *data = g_bytes_get_data (g_ptr_array_index (sts, 0), &len);

    record = mamori_mta_sts_record_parse (data, len, &parse_error);
  }
  if (record == NULL)
    {
      g_autofree char *record_text = suggested_txt (domain);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_MEDIUM);
      mamori_finding_set_facet (f, "record");
      mamori_finding_set_message (f, N_("The MTA-STS record at {0} is malformed and senders "
                                        "ignore it: {1}"),
                                  txt_name, parse_error->message, NULL);
      mamori_finding_set_remediation (f, N_("Replace it with a correct record, for example:\n{0}"),
                                      record_text, NULL);
      mamori_finding_set_record (f, record_text);
      mamori_finding_add_evidence_texts (f, txt_name, sts);
      return TRUE;
    }

  f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
  mamori_finding_set_facet (f, "record");
  mamori_finding_set_message (f, N_("An MTA-STS record is published at {0} (id={1})."),
                              txt_name, record->id, NULL);
  mamori_finding_add_evidence_texts (f, txt_name, sts);

  if (mamori_check_context_set_error_if_cancelled (ctx, error))
    return FALSE;

  body = fetch_policy (ctx, domain, &why, &content_type);
  if (body == NULL)
    {
      g_autofree char *policy_suggestion = suggested_policy ("testing", mx_hosts);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, "policy");
      mamori_finding_set_message (f, N_("An MTA-STS record is published, but the policy at {0} "
                                        "cannot be fetched: {1}"),
                                  url, why, NULL);
      mamori_finding_set_remediation (f, N_("Serve the policy file over HTTPS with a valid "
                                            "certificate for {0}, without redirects, or delete "
                                            "the record at {1}. The file should read:\n{2}"),
                                      host, txt_name, policy_suggestion, NULL);
      mamori_finding_set_record (f, policy_suggestion);
      mamori_finding_add_evidence_string (f, "url", url);
      mamori_finding_add_evidence_string (f, "error", why);
      return TRUE;
    }

  {
    gsize len;
    const char *data = g_bytes_get_data (body, &len);

    policy_text = g_utf8_make_valid (data, (gssize) MIN (len, MAMORI_MTA_STS_POLICY_MAX_SIZE));
    g_clear_error (&parse_error);
    policy = mamori_mta_sts_policy_parse (data, len, &parse_error);
  }
  if (policy == NULL)
    {
      g_autofree char *policy_suggestion = suggested_policy ("testing", mx_hosts);

      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_facet (f, "policy");
      mamori_finding_set_message (f, N_("The MTA-STS policy at {0} is malformed and senders "
                                        "cannot use it: {1}"),
                                  url, parse_error->message, NULL);
      mamori_finding_set_remediation (f, N_("Replace the policy file with a correct one, for "
                                            "example:\n{0}"),
                                      policy_suggestion, NULL);
      mamori_finding_set_record (f, policy_suggestion);
      mamori_finding_add_evidence_string (f, "url", url);
      mamori_finding_add_evidence_string (f, "policy", policy_text);
      return TRUE;
    }

  /* RFC 8461 §3.2: the media type is text/plain; strict senders refuse anything else. */
  if (!g_str_has_prefix (content_type, "text/plain"))
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_facet (f, "policy");
      mamori_finding_set_message (f, N_("The MTA-STS policy at {0} is served as “{1}”, not "
                                        "text/plain; some senders reject it."),
                                  url, content_type, NULL);
      mamori_finding_set_remediation (f, N_("Configure the web server to send the file with "
                                            "“Content-Type: text/plain”."),
                                      NULL);
    }
  else
    {
      f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_facet (f, "policy");
      mamori_finding_set_message (f, N_("The MTA-STS policy at {0} can be fetched and is "
                                        "valid."),
                                  url, NULL);
    }
  mamori_finding_add_evidence_string (f, "url", url);
  mamori_finding_add_evidence_string (f, "policy", policy_text);
  for (guint i = 0; i < policy->warnings->len; i++)
    {
      MamoriFinding *w = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN,
                                                           MAMORI_SEVERITY_LOW);
      mamori_finding_set_facet (w, "policy");
      mamori_finding_set_message (w, N_("The MTA-STS policy has a problem: {0}"),
                                  (const char *) g_ptr_array_index (policy->warnings, i), NULL);
    }

  /* mode */
  {
    const char *mode = mamori_mta_sts_mode_to_string (policy->mode);
    g_autofree char *enforce = suggested_policy ("enforce", mx_hosts);

    switch (policy->mode)
      {
      case MAMORI_MTA_STS_MODE_ENFORCE:
        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
        mamori_finding_set_message (f, N_("The MTA-STS policy is enforced: senders deliver mail "
                                          "only over encrypted connections to your verified "
                                          "mail servers."),
                                    NULL);
        break;
      case MAMORI_MTA_STS_MODE_TESTING:
        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
        mamori_finding_set_message (f, N_("The MTA-STS policy is in testing mode: senders only "
                                          "report problems and still deliver mail without "
                                          "verified encryption."),
                                    NULL);
        mamori_finding_set_remediation (f, N_("When the TLS reports show no failures, change the "
                                              "mode to enforce and publish a new id in the "
                                              "record at {0}:\n{1}"),
                                        txt_name, enforce, NULL);
        mamori_finding_set_record (f, enforce);
        break;
      case MAMORI_MTA_STS_MODE_NONE:
      default:
        f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_INFO, MAMORI_SEVERITY_LOW);
        mamori_finding_set_message (f, N_("The MTA-STS policy has mode none: senders are told to "
                                          "forget the policy, so it protects nothing."),
                                    NULL);
        mamori_finding_set_remediation (f, N_("If this is not a planned removal, publish a policy "
                                              "in testing or enforce mode:\n{0}"),
                                        enforce, NULL);
        mamori_finding_set_record (f, enforce);
        break;
      }
    mamori_finding_set_facet (f, "mode");
    mamori_finding_add_evidence_string (f, "mode", mode);
  }

  /* mx: every MX must match, or mail to it fails under enforce (§4.1). */
  if (policy->mode != MAMORI_MTA_STS_MODE_NONE)
    {
      g_autoptr(GStrvBuilder) unmatched = g_strv_builder_new ();
      g_auto(GStrv) unmatched_strv = NULL;
      g_autoptr(GStrvBuilder) patterns = g_strv_builder_new ();
      g_auto(GStrv) patterns_strv = NULL;
      guint n_unmatched = 0;

      for (guint i = 0; i < policy->mx->len; i++)
        g_strv_builder_add (patterns, g_ptr_array_index (policy->mx, i));
      patterns_strv = g_strv_builder_end (g_steal_pointer (&patterns));

      if (mx_hosts == NULL)
        {
          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_ERROR, MAMORI_SEVERITY_INFO);
          mamori_finding_set_facet (f, "mx");
          mamori_finding_set_message (f, N_("Could not look up the mail servers (MX) of {0}: {1}"),
                                      domain, mx_error->message, NULL);
        }
      else if (mx_hosts->len == 0)
        {
          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_NOT_APPLICABLE,
                                                MAMORI_SEVERITY_INFO);
          mamori_finding_set_facet (f, "mx");
          mamori_finding_set_message (f, N_("{0} has no mail servers (MX), so the policy applies "
                                            "to none."),
                                      domain, NULL);
        }
      else
        {
          g_autoptr(GStrvBuilder) hosts = g_strv_builder_new ();
          g_auto(GStrv) hosts_strv = NULL;

          for (guint i = 0; i < mx_hosts->len; i++)
            {
              const char *mx = g_ptr_array_index (mx_hosts, i);

              g_strv_builder_add (hosts, mx);
              if (!mamori_mta_sts_policy_matches_mx (policy, mx))
                {
                  g_strv_builder_add (unmatched, mx);
                  n_unmatched++;
                }
            }
          hosts_strv = g_strv_builder_end (g_steal_pointer (&hosts));
          unmatched_strv = g_strv_builder_end (g_steal_pointer (&unmatched));

          if (n_unmatched == 0)
            {
              f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS,
                                                    MAMORI_SEVERITY_INFO);
              mamori_finding_set_message (f, N_("Every mail server of {0} is listed in the "
                                                "MTA-STS policy."),
                                          domain, NULL);
            }
          else
            {
              g_autofree char *list = g_strjoinv (", ", unmatched_strv);
              g_autofree char *fixed = suggested_policy (mamori_mta_sts_mode_to_string (policy->mode),
                                                         mx_hosts);
              gboolean enforced = policy->mode == MAMORI_MTA_STS_MODE_ENFORCE;

              f = mamori_check_context_add_finding (ctx,
                                                    enforced ? MAMORI_STATUS_FAIL : MAMORI_STATUS_WARN,
                                                    enforced ? MAMORI_SEVERITY_HIGH
                                                             : MAMORI_SEVERITY_MEDIUM);
              if (enforced)
                mamori_finding_set_message (f, N_("These mail servers are not in the MTA-STS "
                                                  "policy, so senders that honour it refuse to "
                                                  "deliver to them: {0}"),
                                            list, NULL);
              else
                mamori_finding_set_message (f, N_("These mail servers are not in the MTA-STS "
                                                  "policy; once it is enforced, mail to them "
                                                  "will not be delivered: {0}"),
                                            list, NULL);
              mamori_finding_set_remediation (f, N_("List every mail server in the policy file "
                                                    "and publish a new id in the record at "
                                                    "{0}:\n{1}"),
                                              txt_name, fixed, NULL);
              mamori_finding_set_record (f, fixed);
              mamori_finding_add_evidence_strv (f, "unmatched", (const char * const *) unmatched_strv);
            }
          mamori_finding_set_facet (f, "mx");
          mamori_finding_add_evidence_strv (f, "mx", (const char * const *) hosts_strv);
          mamori_finding_add_evidence_strv (f, "policy_mx", (const char * const *) patterns_strv);
        }
    }

  /* max_age */
  if (policy->mode != MAMORI_MTA_STS_MODE_NONE)
    {
      g_autofree char *age = g_strdup_printf ("%" G_GINT64_FORMAT, policy->max_age);

      if (policy->max_age < MIN_GOOD_MAX_AGE)
        {
          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
          mamori_finding_set_message (f, N_("max_age is {0} seconds, less than a day: senders "
                                            "forget the policy quickly, and an attacker who "
                                            "blocks it can remove the protection."),
                                      age, NULL);
          mamori_finding_set_remediation (f, N_("Use at least a week: max_age: {0}"),
                                          SUGGESTED_MAX_AGE, NULL);
        }
      else
        {
          f = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
          mamori_finding_set_message (f, N_("Senders remember the policy for {0} seconds "
                                            "(max_age)."),
                                      age, NULL);
        }
      mamori_finding_set_facet (f, "max_age");
      mamori_finding_add_evidence_int (f, "max_age", policy->max_age);
    }

  return TRUE;
}

const MamoriCheckDescriptor mamori_check_mta_sts = {
  .id = CHECK_ID,
  .family = MAMORI_FAMILY_DOMAIN,
  .title = N_("Encrypted mail delivery (MTA-STS)"),
  .description = N_("Whether the domain asks other mail servers to deliver its mail only over "
                    "encrypted, verified connections, and whether that policy works."),
  .needs = MAMORI_CHECK_NEEDS_DOMAIN | MAMORI_CHECK_NEEDS_NETWORK,
  .run = mta_sts_run,
};
