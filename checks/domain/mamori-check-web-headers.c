/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.web_headers: the security headers of the website's front page. Facets: hsts, csp,
 * nosniff, framing, referrer, cookies, disclosure.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-check.h"
#include "mamori-website.h"

#define CHECK_ID "domain.web_headers"
#define HSTS_MIN_SECONDS 31536000   /* one year */

static MamoriFinding *
add (MamoriCheckContext *ctx,
     const char         *host,
     const char         *facet,
     MamoriStatus        status,
     MamoriSeverity      severity)
{
  MamoriFinding *f = mamori_check_context_add_finding_for (ctx, host, status, severity);

  mamori_finding_set_facet (f, facet);
  return f;
}

/* max-age=N in an HSTS value; -1 when absent or malformed. */
static gint64
hsts_max_age (const char *value)
{
  g_auto(GStrv) parts = g_strsplit (value, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      guint64 seconds;

      if (g_ascii_strncasecmp (part, "max-age=", 8) != 0)
        continue;
      part += 8;
      if (*part == '"')
        part++;
      part[strspn (part, "0123456789")] = '\0';
      if (g_ascii_string_to_unsigned (part, 10, 0, G_MAXINT64, &seconds, NULL))
        return (gint64) seconds;
    }
  return -1;
}

static gboolean
has_version_number (const char *value)
{
  /* "Apache/2.4.57", "PHP/8.1" — a product with a version tells attackers what to try. */
  const char *slash = strchr (value, '/');

  return slash != NULL && g_ascii_isdigit (slash[1]);
}

static void
check_cookies (MamoriCheckContext *ctx,
               const char         *host,
               MamoriHttpResponse *response)
{
  for (guint i = 0; i < response->headers->len; i++)
    {
      const char *line = g_ptr_array_index (response->headers, i);
      g_autofree char *lower = NULL;
      g_autofree char *name = NULL;
      const char *value, *eq;
      gboolean secure, httponly, samesite;
      MamoriFinding *f;

      if (g_ascii_strncasecmp (line, "Set-Cookie:", 11) != 0)
        continue;
      value = line + 11;
      while (*value == ' ')
        value++;
      lower = g_ascii_strdown (value, -1);
      eq = strchr (value, '=');
      name = g_strndup (value, eq != NULL ? MIN ((gsize) (eq - value), 64) : MIN (strlen (value), 64));
      secure = strstr (lower, "; secure") != NULL || strstr (lower, ";secure") != NULL;
      httponly = strstr (lower, "httponly") != NULL;
      samesite = strstr (lower, "samesite=") != NULL;

      if (secure && httponly && samesite)
        {
          f = add (ctx, host, "cookies", MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
          mamori_finding_set_message (f, N_("The cookie “{0}” has the Secure, HttpOnly and SameSite "
                                            "attributes."),
                                      name, NULL);
        }
      else
        {
          g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
          g_auto(GStrv) list = NULL;
          g_autofree char *joined = NULL;

          if (!secure)
            g_strv_builder_add (missing, "Secure");
          if (!httponly)
            g_strv_builder_add (missing, "HttpOnly");
          if (!samesite)
            g_strv_builder_add (missing, "SameSite");
          list = g_strv_builder_end (missing);
          joined = g_strjoinv (", ", list);
          f = add (ctx, host, "cookies", secure ? MAMORI_STATUS_WARN : MAMORI_STATUS_FAIL,
                   secure ? MAMORI_SEVERITY_LOW : MAMORI_SEVERITY_MEDIUM);
          mamori_finding_set_message (f, N_("The cookie “{0}” lacks {1}: it can leak over "
                                            "unencrypted connections or to scripts and other "
                                            "sites."),
                                      name, joined, NULL);
          mamori_finding_set_remediation (f, N_("Set the cookie with all three attributes, for "
                                                "example:\n{0}"),
                                          "Set-Cookie: name=value; Secure; HttpOnly; SameSite=Lax",
                                          NULL);
        }
      mamori_finding_add_evidence_string (f, "set_cookie", value);
    }
}

static gboolean
web_headers_run (MamoriCheckContext  *ctx,
                 GError             **error)
{
  g_autofree char *host = NULL;
  g_autofree char *url = NULL;
  g_autoptr(MamoriHttpResponse) response = NULL;
  const char *hsts, *csp, *xcto, *xfo, *referrer, *server, *powered;
  g_autofree char *csp_lower = NULL;
  MamoriFinding *f;

  if (!mamori_website_begin (ctx, &host, error))
    return FALSE;
  if (host == NULL)
    return TRUE;

  url = g_strdup_printf ("https://%s/", host);
  response = mamori_website_get (ctx, host, url, 443, 1024 * 1024, error);
  if (response == NULL)
    return FALSE;

  hsts = mamori_http_response_get_header (response, "Strict-Transport-Security");
  csp = mamori_http_response_get_header (response, "Content-Security-Policy");
  xcto = mamori_http_response_get_header (response, "X-Content-Type-Options");
  xfo = mamori_http_response_get_header (response, "X-Frame-Options");
  referrer = mamori_http_response_get_header (response, "Referrer-Policy");
  server = mamori_http_response_get_header (response, "Server");
  powered = mamori_http_response_get_header (response, "X-Powered-By");
  csp_lower = csp != NULL ? g_ascii_strdown (csp, -1) : NULL;

  /* HSTS */
  if (hsts == NULL)
    {
      f = add (ctx, host, "hsts", MAMORI_STATUS_FAIL, MAMORI_SEVERITY_MEDIUM);
      mamori_finding_set_message (f, N_("{0} does not send HSTS, so a visitor's first request "
                                        "can be diverted to an unencrypted copy."),
                                  host, NULL);
    }
  else if (hsts_max_age (hsts) < HSTS_MIN_SECONDS)
    {
      f = add (ctx, host, "hsts", MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("The HSTS max-age of {0} is shorter than one year ({1})."),
                                  host, hsts, NULL);
    }
  else
    {
      f = add (ctx, host, "hsts", MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} sends HSTS for at least a year."), host, NULL);
    }
  if (mamori_finding_get_status (f) != MAMORI_STATUS_PASS)
    {
      mamori_finding_set_remediation (f, N_("Send this header on every HTTPS response:\n{0}"),
                                      "Strict-Transport-Security: max-age=31536000; includeSubDomains",
                                      NULL);
      mamori_finding_set_record (f, "Strict-Transport-Security: max-age=31536000; includeSubDomains");
    }
  mamori_finding_add_evidence_string (f, "strict-transport-security", hsts);

  /* CSP */
  if (csp == NULL)
    {
      f = add (ctx, host, "csp", MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("{0} sends no Content-Security-Policy, which limits the "
                                        "damage of injected scripts."),
                                  host, NULL);
      mamori_finding_set_remediation (f, N_("Start with a policy that allows only your own site, "
                                            "then widen it where the site needs:\n{0}"),
                                      "Content-Security-Policy: default-src 'self'; frame-ancestors 'self'",
                                      NULL);
      mamori_finding_set_record (f, "Content-Security-Policy: default-src 'self'; frame-ancestors 'self'");
    }
  else if (strstr (csp_lower, "'unsafe-inline'") != NULL &&
           strstr (csp_lower, "script-src") == NULL)
    {
      f = add (ctx, host, "csp", MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("The Content-Security-Policy of {0} allows inline scripts "
                                        "('unsafe-inline'), which undoes most of its protection."),
                                  host, NULL);
    }
  else
    {
      f = add (ctx, host, "csp", MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} sends a Content-Security-Policy."), host, NULL);
    }
  mamori_finding_add_evidence_string (f, "content-security-policy", csp);

  /* nosniff */
  if (xcto != NULL && g_ascii_strcasecmp (xcto, "nosniff") == 0)
    {
      f = add (ctx, host, "nosniff", MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} sends X-Content-Type-Options: nosniff."), host, NULL);
    }
  else
    {
      f = add (ctx, host, "nosniff", MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("{0} does not send X-Content-Type-Options: nosniff."), host,
                                  NULL);
      mamori_finding_set_remediation (f, N_("Send this header:\n{0}"),
                                      "X-Content-Type-Options: nosniff", NULL);
      mamori_finding_set_record (f, "X-Content-Type-Options: nosniff");
    }
  mamori_finding_add_evidence_string (f, "x-content-type-options", xcto);

  /* framing (clickjacking) */
  if ((csp_lower != NULL && strstr (csp_lower, "frame-ancestors") != NULL) ||
      (xfo != NULL && (g_ascii_strcasecmp (xfo, "DENY") == 0 ||
                       g_ascii_strcasecmp (xfo, "SAMEORIGIN") == 0)))
    {
      f = add (ctx, host, "framing", MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} tells browsers which sites may show it in a frame."),
                                  host, NULL);
    }
  else
    {
      f = add (ctx, host, "framing", MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("{0} can be shown inside other sites' frames, which allows "
                                        "click-jacking."),
                                  host, NULL);
      mamori_finding_set_remediation (f, N_("Add frame-ancestors to the Content-Security-Policy, or "
                                            "send:\n{0}"),
                                      "X-Frame-Options: SAMEORIGIN", NULL);
      mamori_finding_set_record (f, "X-Frame-Options: SAMEORIGIN");
    }
  mamori_finding_add_evidence_string (f, "x-frame-options", xfo);

  /* Referrer-Policy */
  if (referrer != NULL && g_ascii_strcasecmp (referrer, "unsafe-url") != 0 &&
      g_ascii_strcasecmp (referrer, "no-referrer-when-downgrade") != 0)
    {
      f = add (ctx, host, "referrer", MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} limits what it tells other sites about visitors' "
                                        "pages (Referrer-Policy: {1})."),
                                  host, referrer, NULL);
    }
  else
    {
      f = add (ctx, host, "referrer", MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("{0} sends no strict Referrer-Policy: full page addresses "
                                        "may leak to other sites."),
                                  host, NULL);
      mamori_finding_set_remediation (f, N_("Send this header:\n{0}"),
                                      "Referrer-Policy: strict-origin-when-cross-origin", NULL);
      mamori_finding_set_record (f, "Referrer-Policy: strict-origin-when-cross-origin");
    }
  mamori_finding_add_evidence_string (f, "referrer-policy", referrer);

  check_cookies (ctx, host, response);

  /* Version disclosure */
  if ((server != NULL && has_version_number (server)) || powered != NULL)
    {
      f = add (ctx, host, "disclosure", MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("{0} tells everyone which software and version it runs "
                                        "({1}), which helps attackers pick a known weakness."),
                                  host, powered != NULL ? powered : server, NULL);
      mamori_finding_set_remediation (f, N_("Hide version numbers (nginx: server_tokens off; "
                                            "Apache: ServerTokens Prod; PHP: expose_php = Off), "
                                            "and keep the software up to date."),
                                      NULL);
    }
  else
    {
      f = add (ctx, host, "disclosure", MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} does not reveal its software versions."), host, NULL);
    }
  mamori_finding_add_evidence_string (f, "server", server);
  mamori_finding_add_evidence_string (f, "x-powered-by", powered);
  return TRUE;
}

const MamoriCheckDescriptor mamori_check_web_headers = {
  .id = CHECK_ID,
  .family = MAMORI_FAMILY_DOMAIN,
  .title = N_("Website security headers"),
  .description = N_("Whether the website tells browsers to protect visitors: HSTS, content "
                    "security policy, framing, referrer, cookie attributes and no version "
                    "disclosure."),
  .needs = MAMORI_CHECK_NEEDS_DOMAIN | MAMORI_CHECK_NEEDS_NETWORK,
  .run = web_headers_run,
};
