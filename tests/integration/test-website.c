/* SPDX-License-Identifier: GPL-3.0-or-later */
/* domain.https, domain.web_headers and domain.security_txt against nginx in the web lab
 * (tests/lab/web/sites.ini), found through the DNS lab. */
#include "config.h"

#include "mamori-check-registry.h"
#include "mamori-check-runner.h"
#include "mamori-test-utils.h"

typedef struct {
  const char   *domain;
  const char   *check;
  const char   *facet;
  MamoriStatus  status;
  const char   *evidence_key;     /* optional: this evidence member … */
  const char   *evidence_value;   /* … must have this value */
} Row;

static const Row rows[] = {
  { "web-good.test", "domain.https", "redirect", MAMORI_STATUS_PASS },
  { "web-good.test", "domain.https", "certificate", MAMORI_STATUS_PASS },
  { "web-good.test", "domain.https", "protocols", MAMORI_STATUS_PASS },
  { "web-good.test", "domain.https", "ciphers", MAMORI_STATUS_PASS, "ipa_level", "high" },
  { "web-good.test", "domain.web_headers", "hsts", MAMORI_STATUS_PASS },
  { "web-good.test", "domain.web_headers", "csp", MAMORI_STATUS_PASS },
  { "web-good.test", "domain.web_headers", "nosniff", MAMORI_STATUS_PASS },
  { "web-good.test", "domain.web_headers", "framing", MAMORI_STATUS_PASS },
  { "web-good.test", "domain.web_headers", "referrer", MAMORI_STATUS_PASS },
  { "web-good.test", "domain.web_headers", "cookies", MAMORI_STATUS_PASS },
  { "web-good.test", "domain.web_headers", "disclosure", MAMORI_STATUS_PASS },
  /* Valid far beyond a year: RFC 9116 asks for less. */
  { "web-good.test", "domain.security_txt", "file", MAMORI_STATUS_WARN },

  { "web-legacy.test", "domain.https", "redirect", MAMORI_STATUS_FAIL },
  { "web-legacy.test", "domain.https", "protocols", MAMORI_STATUS_FAIL },
  { "web-legacy.test", "domain.https", "ciphers", MAMORI_STATUS_WARN, "ipa_level", "exception" },
  { "web-legacy.test", "domain.web_headers", "hsts", MAMORI_STATUS_WARN },
  { "web-legacy.test", "domain.web_headers", "csp", MAMORI_STATUS_WARN },
  { "web-legacy.test", "domain.web_headers", "nosniff", MAMORI_STATUS_WARN },
  { "web-legacy.test", "domain.web_headers", "framing", MAMORI_STATUS_WARN },
  { "web-legacy.test", "domain.security_txt", "file", MAMORI_STATUS_WARN },

  { "web-cbc.test", "domain.https", "protocols", MAMORI_STATUS_WARN },
  { "web-cbc.test", "domain.https", "ciphers", MAMORI_STATUS_PASS, "ipa_level", "recommended" },
  { "web-cbc.test", "domain.web_headers", "hsts", MAMORI_STATUS_FAIL },

  { "web-expired.test", "domain.https", "certificate", MAMORI_STATUS_FAIL, "not_after", "2025-02-01" },
  { "web-expiring.test", "domain.https", "certificate", MAMORI_STATUS_WARN },
  { "web-wrongname.test", "domain.https", "certificate", MAMORI_STATUS_FAIL },

  { "web-leaky.test", "domain.web_headers", "cookies", MAMORI_STATUS_FAIL },
  { "web-leaky.test", "domain.web_headers", "disclosure", MAMORI_STATUS_WARN, "x-powered-by", "PHP/5.6.40" },
};

static GHashTable *results;   /* domain → GPtrArray of findings */

static MamoriCheckOptions *
web_options (void)
{
  MamoriCheckOptions *options = mamori_test_lab_options ();
  guint64 port = 0, http_port = 0;

  g_assert_true (g_ascii_string_to_unsigned (g_getenv ("MAMORI_WEB_PORT"), 10, 1, 65535, &port, NULL));
  g_assert_true (g_ascii_string_to_unsigned (g_getenv ("MAMORI_WEB_HTTP_PORT"), 10, 1, 65535,
                                             &http_port, NULL));
  options->https_port = (guint) port;
  options->http_port = (guint) http_port;
  options->ca_file = g_strdup (g_getenv ("MAMORI_WEB_CA"));
  options->only = g_strsplit ("domain.https,domain.web_headers,domain.security_txt", ",", -1);
  return options;
}

static GPtrArray *
findings_for (const char *domain)
{
  GPtrArray *findings = g_hash_table_lookup (results, domain);

  if (findings == NULL)
    {
      g_autoptr(MamoriCheckOptions) options = web_options ();
      g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new_builtin ();
      g_autoptr(MamoriCheckRunner) runner = mamori_check_runner_new (registry, options);
      g_autoptr(MamoriProfile) profile = mamori_profile_new ("web", MAMORI_ORG_KIND_SME);
      g_autoptr(GError) error = NULL;

      mamori_profile_add_domain (profile, domain);
      findings = mamori_check_runner_run (runner, profile, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_hash_table_insert (results, g_strdup (domain), findings);
    }
  return findings;
}

static void
test_row (gconstpointer data)
{
  const Row *row = data;
  GPtrArray *findings = findings_for (row->domain);
  gboolean found = FALSE;

  for (guint i = 0; i < findings->len; i++)
    {
      MamoriFinding *f = g_ptr_array_index (findings, i);
      g_autofree char *message = mamori_finding_render_message (f);

      if (!g_str_equal (mamori_finding_get_check_id (f), row->check) ||
          g_strcmp0 (mamori_finding_get_facet (f), row->facet) != 0)
        continue;
      found = TRUE;
      g_test_message ("%s %s:%s → %s: %s", row->domain, row->check, row->facet,
                      mamori_status_to_string (mamori_finding_get_status (f)), message);
      g_assert_cmpstr (mamori_status_to_string (mamori_finding_get_status (f)), ==,
                       mamori_status_to_string (row->status));
      if (row->evidence_key != NULL)
        g_assert_cmpstr (json_object_get_string_member (mamori_finding_get_evidence (f),
                                                        row->evidence_key), ==,
                         row->evidence_value);
      if (row->status == MAMORI_STATUS_FAIL)
        g_assert_nonnull (mamori_finding_get_remediation_id (f));
      break;
    }
  g_assert_true (found);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/domain/website/%s/%s/%s/%u", rows[i].domain,
                                               rows[i].check + strlen ("domain."), rows[i].facet, i);
      g_test_add_data_func (path, &rows[i], test_row);
    }
  status = g_test_run ();
  g_hash_table_unref (results);
  return status;
}
