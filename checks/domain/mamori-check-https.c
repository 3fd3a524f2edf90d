/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.https: the website's encryption. Facets: redirect (http → https), certificate (trust,
 * name, expiry, key and signature strength), protocols (TLS 1.0/1.1 off, TLS 1.3 on) and ciphers
 * (which level of the IPA/CRYPTREC TLS暗号設定ガイドライン the server meets).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-check.h"
#include "mamori-error.h"
#include "mamori-tls-probe.h"
#include "mamori-website.h"

#define CHECK_ID "domain.https"
#define EXPIRY_WARN_DAYS 30

static void
check_redirect (MamoriCheckContext *ctx,
                const char         *host)
{
  g_autofree char *url = g_strdup_printf ("http://%s/", host);
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriHttpResponse) response = mamori_website_get (ctx, host, url, 80, 64 * 1024,
                                                               &error);
  MamoriFinding *f;
  const char *location;

  if (response == NULL)
    {
      if (g_error_matches (error, MAMORI_HTTP_ERROR, MAMORI_HTTP_ERROR_CONNECT))
        {
          /* Nothing listens on port 80: nobody can be served the site unencrypted. */
          f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
          mamori_finding_set_message (f, N_("{0} does not offer unencrypted HTTP at all."), host,
                                      NULL);
        }
      else
        {
          f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_ERROR,
                                                    MAMORI_SEVERITY_INFO);
          mamori_finding_set_message (f, N_("Could not ask {0} over HTTP: {1}"), url, error->message,
                                      NULL);
        }
      mamori_finding_set_facet (f, "redirect");
      return;
    }

  location = mamori_http_response_get_header (response, "Location");
  f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
  mamori_finding_set_facet (f, "redirect");
  mamori_finding_add_evidence_int (f, "status", response->status);
  if (location != NULL)
    mamori_finding_add_evidence_string (f, "location", location);

  if (response->status >= 300 && response->status < 400 && location != NULL &&
      g_ascii_strncasecmp (location, "https://", 8) == 0)
    {
      mamori_finding_set_message (f, N_("http://{0}/ sends visitors on to the encrypted site ({1})."),
                                  host, location, NULL);
      return;
    }

  mamori_finding_set_status (f, MAMORI_STATUS_FAIL);
  mamori_finding_set_severity (f, MAMORI_SEVERITY_MEDIUM);
  if (response->status >= 200 && response->status < 300)
    mamori_finding_set_message (f, N_("http://{0}/ serves the site without encryption instead of "
                                      "sending visitors to https://."),
                                host, NULL);
  else
    {
      g_autofree char *status = g_strdup_printf ("%u", response->status);

      mamori_finding_set_message (f, N_("http://{0}/ does not send visitors to https:// (it "
                                        "answers HTTP {1})."),
                                  host, status, NULL);
    }
  mamori_finding_set_remediation (f, N_("Make the web server answer every plain-HTTP request with a "
                                        "permanent redirect (301) to the same address on https://, "
                                        "and then enable HSTS."),
                                  NULL);
}

static void
check_certificate (MamoriCheckContext *ctx,
                   MamoriTlsReport    *report)
{
  const char *host = report->host;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  MamoriFinding *f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_PASS,
                                                           MAMORI_SEVERITY_INFO);
  gint64 days_left = G_MAXINT64;
  g_autofree char *expiry = NULL;

  mamori_finding_set_facet (f, "certificate");
  mamori_finding_add_evidence_string (f, "subject", report->cert_subject);
  mamori_finding_add_evidence_string (f, "issuer", report->cert_issuer);
  mamori_finding_add_evidence_string (f, "signature_algorithm", report->cert_signature_algorithm);
  mamori_finding_add_evidence_string (f, "public_key_algorithm", report->cert_public_key_algorithm);
  if (report->cert_rsa_bits > 0)
    mamori_finding_add_evidence_int (f, "rsa_bits", report->cert_rsa_bits);
  if (report->cert_not_after != NULL)
    {
      expiry = g_date_time_format (report->cert_not_after, "%Y-%m-%d");
      days_left = g_date_time_difference (report->cert_not_after, now) / G_TIME_SPAN_DAY;
      mamori_finding_add_evidence_string (f, "not_after", expiry);
    }
  if (report->cert_error != NULL)
    mamori_finding_add_evidence_string (f, "verification", report->cert_error);

  if (report->cert_not_after != NULL && g_date_time_compare (report->cert_not_after, now) < 0)
    {
      mamori_finding_set_status (f, MAMORI_STATUS_FAIL);
      mamori_finding_set_severity (f, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_message (f, N_("The certificate of {0} expired on {1}: browsers show a "
                                        "security warning instead of the site."),
                                  host, expiry, NULL);
      mamori_finding_set_remediation (f, N_("Renew the certificate now and set up automatic renewal "
                                            "(for example with ACME / Let's Encrypt)."),
                                      NULL);
    }
  else if (!report->cert_verified)
    {
      mamori_finding_set_status (f, MAMORI_STATUS_FAIL);
      mamori_finding_set_severity (f, MAMORI_SEVERITY_HIGH);
      if (report->cert_error != NULL && strstr (report->cert_error, "subject name") != NULL)
        mamori_finding_set_message (f, N_("The certificate of {0} is not issued for this name, so "
                                          "browsers refuse it ({1})."),
                                    host, report->cert_error, NULL);
      else
        mamori_finding_set_message (f, N_("The certificate of {0} is not trusted by browsers: {1}"),
                                    host, report->cert_error ? report->cert_error : "", NULL);
      mamori_finding_set_remediation (f, N_("Install a certificate for {0} from a public certificate "
                                            "authority, together with its intermediate "
                                            "certificates."),
                                      host, NULL);
    }
  else if (report->cert_rsa_bits > 0 && report->cert_rsa_bits < 2048)
    {
      g_autofree char *bits = g_strdup_printf ("%u", report->cert_rsa_bits);

      mamori_finding_set_status (f, MAMORI_STATUS_FAIL);
      mamori_finding_set_severity (f, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_message (f, N_("The certificate of {0} has a {1}-bit RSA key; the "
                                        "CRYPTREC list and the IPA TLS guideline require at least "
                                        "2048 bits."),
                                  host, bits, NULL);
      mamori_finding_set_remediation (f, N_("Get a new certificate with an RSA key of 2048 bits or "
                                            "more, or an ECDSA P-256 key."),
                                      NULL);
    }
  else if (report->cert_signature_algorithm != NULL &&
           (strstr (report->cert_signature_algorithm, "sha1") != NULL ||
            strstr (report->cert_signature_algorithm, "md5") != NULL))
    {
      mamori_finding_set_status (f, MAMORI_STATUS_FAIL);
      mamori_finding_set_severity (f, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_message (f, N_("The certificate of {0} is signed with {1}, which is no "
                                        "longer safe."),
                                  host, report->cert_signature_algorithm, NULL);
      mamori_finding_set_remediation (f, N_("Get a new certificate signed with SHA-256 or better."),
                                      NULL);
    }
  else if (days_left < EXPIRY_WARN_DAYS)
    {
      g_autofree char *days = g_strdup_printf ("%" G_GINT64_FORMAT, days_left);

      mamori_finding_set_status (f, MAMORI_STATUS_WARN);
      mamori_finding_set_severity (f, MAMORI_SEVERITY_MEDIUM);
      mamori_finding_set_message (f, N_("The certificate of {0} expires on {1}, in {2} days."),
                                  host, expiry, days, NULL);
      mamori_finding_set_remediation (f, N_("Renew the certificate before it expires, and check that "
                                            "automatic renewal works."),
                                      NULL);
    }
  else
    {
      mamori_finding_set_message (f, N_("The certificate of {0} is trusted, issued for this name, "
                                        "and valid until {1}."),
                                  host, expiry != NULL ? expiry : "?", NULL);
    }
}

static void
check_protocols (MamoriCheckContext *ctx,
                 MamoriTlsReport    *report)
{
  const char *host = report->host;
  g_autoptr(GStrvBuilder) offered = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  g_autofree char *joined = NULL;
  MamoriFinding *f;

  for (int v = 0; v < MAMORI_TLS_N_VERSIONS; v++)
    if (report->versions[v])
      g_strv_builder_add (offered, mamori_tls_version_to_string (v));
  list = g_strv_builder_end (offered);
  joined = g_strjoinv (", ", list);

  if (report->versions[MAMORI_TLS_1_0] || report->versions[MAMORI_TLS_1_1])
    {
      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_message (f, N_("{0} still accepts the old protocols TLS 1.0 or 1.1 "
                                        "(offered: {1}); the IPA TLS guideline no longer allows "
                                        "them."),
                                  host, joined, NULL);
      mamori_finding_set_remediation (f, N_("Turn off TLS 1.0 and 1.1 on the web server and keep "
                                            "TLS 1.2 and 1.3 (nginx: ssl_protocols TLSv1.2 TLSv1.3;)."),
                                      NULL);
      mamori_finding_set_record (f, "ssl_protocols TLSv1.2 TLSv1.3;");
    }
  else if (!report->versions[MAMORI_TLS_1_3])
    {
      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("{0} does not offer TLS 1.3 (offered: {1})."), host, joined,
                                  NULL);
      mamori_finding_set_remediation (f, N_("Enable TLS 1.3 next to TLS 1.2: it is faster and drops "
                                            "the weak options of older versions."),
                                      NULL);
      mamori_finding_set_record (f, "ssl_protocols TLSv1.2 TLSv1.3;");
    }
  else
    {
      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} offers only current protocols: {1}."), host, joined,
                                  NULL);
    }
  mamori_finding_set_facet (f, "protocols");
  mamori_finding_add_evidence_strv (f, "offered", (const char * const *) list);
}

static void
check_ciphers (MamoriCheckContext *ctx,
               MamoriTlsReport    *report)
{
  const char *host = report->host;
  MamoriTlsClass worst = MAMORI_TLS_CLASS_HIGH;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) weak = g_strv_builder_new ();
  g_auto(GStrv) accepted = NULL;
  g_auto(GStrv) weak_list = NULL;
  g_autofree char *weak_joined = NULL;
  MamoriFinding *f;

  for (guint i = 0; i < report->suites->len; i++)
    {
      const MamoriTlsSuite *suite = g_ptr_array_index (report->suites, i);

      g_strv_builder_add (names, suite->iana_name);
      if (suite->klass > worst)
        worst = suite->klass;
      if (suite->klass >= MAMORI_TLS_CLASS_EXCEPTION)
        g_strv_builder_add (weak, suite->iana_name);
    }
  /* The recommended and high levels require TLS 1.2 or later. */
  if ((report->versions[MAMORI_TLS_1_0] || report->versions[MAMORI_TLS_1_1]) &&
      worst < MAMORI_TLS_CLASS_EXCEPTION)
    worst = MAMORI_TLS_CLASS_EXCEPTION;
  accepted = g_strv_builder_end (names);
  weak_list = g_strv_builder_end (weak);
  weak_joined = g_strjoinv (", ", weak_list);

  switch (worst)
    {
    case MAMORI_TLS_CLASS_HIGH:
      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} meets the “high security” level (高セキュリティ型) of "
                                        "the IPA TLS guideline: only encryption with forward "
                                        "secrecy and authenticated ciphers."),
                                  host, NULL);
      break;
    case MAMORI_TLS_CLASS_RECOMMENDED:
      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} meets the “recommended” level (推奨セキュリティ型) of "
                                        "the IPA TLS guideline."),
                                  host, NULL);
      mamori_finding_set_remediation (f, N_("To reach the high security level, offer only AEAD "
                                            "suites (AES-GCM, ChaCha20-Poly1305) with ECDHE."),
                                      NULL);
      mamori_finding_set_record (f, "ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;");
      break;
    case MAMORI_TLS_CLASS_EXCEPTION:
      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_WARN, MAMORI_SEVERITY_MEDIUM);
      mamori_finding_set_message (f, N_("{0} only meets the “exception” level (セキュリティ例外型) "
                                        "of the IPA TLS guideline, meant for old clients that "
                                        "cannot be replaced: {1}"),
                                  host, *weak_joined != '\0' ? weak_joined : "TLS 1.0/1.1", NULL);
      mamori_finding_set_remediation (f, N_("Remove RSA key exchange and 3DES suites and the old "
                                            "protocols, keeping ECDHE suites, for example:\n{0}"),
                                      "ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20:ECDHE+AES;", NULL);
      mamori_finding_set_record (f, "ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20:ECDHE+AES;");
      break;
    case MAMORI_TLS_CLASS_PROHIBITED:
    default:
      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
      mamori_finding_set_message (f, N_("{0} accepts cipher suites that no level of the IPA TLS "
                                        "guideline allows (no encryption or no authentication): {1}"),
                                  host, weak_joined, NULL);
      mamori_finding_set_remediation (f, N_("Remove these suites from the server configuration at "
                                            "once, for example:\n{0}"),
                                      "ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;", NULL);
      mamori_finding_set_record (f, "ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;");
      break;
    }
  mamori_finding_set_facet (f, "ciphers");
  mamori_finding_add_evidence_string (f, "ipa_level", mamori_tls_class_to_string (worst));
  mamori_finding_add_evidence_strv (f, "accepted", (const char * const *) accepted);
}

static gboolean
https_run (MamoriCheckContext  *ctx,
           GError             **error)
{
  MamoriCheckOptions *options = mamori_check_context_get_options (ctx);
  g_autofree char *host = NULL;
  g_auto(GStrv) connect_to = NULL;
  g_autoptr(MamoriTlsReport) report = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!mamori_website_begin (ctx, &host, error))
    return FALSE;
  if (host == NULL)
    return TRUE;

  connect_to = mamori_website_connect_to (ctx, host, 443, error);
  if (connect_to == NULL)
    return FALSE;
  report = mamori_tls_probe (host, (const char * const *) connect_to, options->ca_file,
                             MAX (options->timeout_ms, 1000) * 2,
                             mamori_check_context_get_cancellable (ctx), &local_error);
  if (report == NULL)
    {
      if (g_error_matches (local_error, MAMORI_ERROR, MAMORI_ERROR_NETWORK))
        {
          /* Reachable over DNS but no TLS at all: a finding, not an undecided check. */
          MamoriFinding *f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_FAIL,
                                                                   MAMORI_SEVERITY_HIGH);
          mamori_finding_set_facet (f, "protocols");
          mamori_finding_set_message (f, N_("{0} does not offer HTTPS: {1}"), host,
                                      local_error->message, NULL);
          mamori_finding_set_remediation (f, N_("Get a certificate for {0} and serve the site over "
                                                "HTTPS."),
                                          host, NULL);
          check_redirect (ctx, host);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  check_redirect (ctx, host);
  check_certificate (ctx, report);
  check_protocols (ctx, report);
  check_ciphers (ctx, report);
  return TRUE;
}

const MamoriCheckDescriptor mamori_check_https = {
  .id = CHECK_ID,
  .family = MAMORI_FAMILY_DOMAIN,
  .title = N_("Website encryption (HTTPS)"),
  .description = N_("Whether the website is served only over HTTPS, with a valid certificate and "
                    "the protocols and ciphers the IPA/CRYPTREC TLS guideline allows."),
  .needs = MAMORI_CHECK_NEEDS_DOMAIN | MAMORI_CHECK_NEEDS_NETWORK,
  .run = https_run,
};
