/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.security_txt: does the website say whom to tell about a vulnerability (RFC 9116)?
 * The file must be served over HTTPS at /.well-known/security.txt, name at least one Contact
 * and exactly one Expires that lies in the future (and, as RFC 9116 recommends, less than a
 * year ahead).
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-check.h"
#include "mamori-website.h"

#define CHECK_ID "domain.security_txt"
#define MAX_SIZE (32 * 1024)

static gboolean
security_txt_run (MamoriCheckContext  *ctx,
                  GError             **error)
{
  g_autofree char *host = NULL;
  g_autofree char *url = NULL;
  g_autofree char *example = NULL;
  g_autofree char *text = NULL;
  g_autoptr(MamoriHttpResponse) response = NULL;
  g_autoptr(GStrvBuilder) contacts = g_strv_builder_new ();
  g_auto(GStrv) contact_list = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *content_type;
  guint n_expires = 0;
  gboolean signed_file = FALSE;
  MamoriFinding *f;

  if (!mamori_website_begin (ctx, &host, error))
    return FALSE;
  if (host == NULL)
    return TRUE;

  url = g_strdup_printf ("https://%s/.well-known/security.txt", host);
  {
    g_autoptr(GDateTime) next_year = g_date_time_add_days (now, 300);
    g_autofree char *date = g_date_time_format (next_year, "%Y-%m-%dT00:00:00Z");

    example = g_strdup_printf ("Contact: mailto:security@%s\nExpires: %s\nPreferred-Languages: ja, en",
                               mamori_check_context_get_subject (ctx), date);
  }

  response = mamori_website_get (ctx, host, url, 443, MAX_SIZE, error);
  if (response == NULL)
    return FALSE;

  if (response->status == 404 || response->status == 410)
    {
      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("{0} publishes no security.txt, so someone who finds a "
                                        "weakness on the site does not know whom to tell."),
                                  url, NULL);
      mamori_finding_set_remediation (f, N_("Publish a file at {0} such as:\n{1}"), url, example,
                                      NULL);
      mamori_finding_set_record (f, example);
      mamori_finding_set_facet (f, "file");
      return TRUE;
    }
  if (response->status != 200)
    {
      g_autofree char *status = g_strdup_printf ("%u", response->status);

      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_WARN, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("{0} answers HTTP {1} instead of the file."), url, status,
                                  NULL);
      mamori_finding_set_remediation (f, N_("Publish a file at {0} such as:\n{1}"), url, example,
                                      NULL);
      mamori_finding_set_record (f, example);
      mamori_finding_set_facet (f, "file");
      return TRUE;
    }

  {
    gsize len;
    const char *data = g_bytes_get_data (response->body, &len);

    text = g_utf8_make_valid (data, (gssize) len);
  }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *colon;

      if (g_str_has_prefix (line, "-----BEGIN PGP SIGNED MESSAGE-----"))
        signed_file = TRUE;
      if (*line == '#' || *line == '\0' || (colon = strchr (line, ':')) == NULL)
        continue;
      *colon = '\0';
      if (g_ascii_strcasecmp (line, "Contact") == 0)
        {
          g_strv_builder_add (contacts, g_strstrip (colon + 1));
        }
      else if (g_ascii_strcasecmp (line, "Expires") == 0)
        {
          n_expires++;
          g_clear_pointer (&expires, g_date_time_unref);
          expires = g_date_time_new_from_iso8601 (g_strstrip (colon + 1), NULL);
        }
    }
  contact_list = g_strv_builder_end (contacts);
  content_type = mamori_http_response_get_header (response, "Content-Type");

  if (g_strv_length (contact_list) == 0)
    {
      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("{0} names no Contact, which RFC 9116 requires."), url, NULL);
    }
  else if (n_expires != 1 || expires == NULL)
    {
      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("{0} must have exactly one valid Expires date (RFC 9116)."),
                                  url, NULL);
    }
  else if (g_date_time_compare (expires, now) < 0)
    {
      g_autofree char *date = g_date_time_format (expires, "%Y-%m-%d");

      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_FAIL, MAMORI_SEVERITY_LOW);
      mamori_finding_set_message (f, N_("{0} expired on {1}; readers must treat its contacts as out "
                                        "of date."),
                                  url, date, NULL);
    }
  else if (g_date_time_difference (expires, now) > 366 * G_TIME_SPAN_DAY)
    {
      g_autofree char *date = g_date_time_format (expires, "%Y-%m-%d");

      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_WARN, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} is valid until {1}; RFC 9116 recommends an Expires "
                                        "date less than a year ahead, so that the file is "
                                        "reviewed."),
                                  url, date, NULL);
    }
  else if (content_type == NULL || g_ascii_strncasecmp (content_type, "text/plain", 10) != 0)
    {
      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_WARN, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} is served as “{1}” instead of text/plain."), url,
                                  content_type != NULL ? content_type : "", NULL);
    }
  else
    {
      g_autofree char *date = g_date_time_format (expires, "%Y-%m-%d");
      g_autofree char *joined = g_strjoinv (", ", contact_list);

      f = mamori_check_context_add_finding_for (ctx, host, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message (f, N_("{0} names a security contact ({1}) and is valid until "
                                        "{2}."),
                                  url, joined, date, NULL);
    }
  if (mamori_finding_get_status (f) != MAMORI_STATUS_PASS)
    {
      mamori_finding_set_remediation (f, N_("Publish a file at {0} such as:\n{1}"), url, example, NULL);
      mamori_finding_set_record (f, example);
    }
  mamori_finding_set_facet (f, "file");
  mamori_finding_add_evidence_string (f, "security.txt", text);
  mamori_finding_add_evidence_strv (f, "contacts", (const char * const *) contact_list);
  if (signed_file)
    mamori_finding_add_evidence_string (f, "signed", "OpenPGP cleartext signature present");
  return TRUE;
}

const MamoriCheckDescriptor mamori_check_security_txt = {
  .id = CHECK_ID,
  .family = MAMORI_FAMILY_DOMAIN,
  .title = N_("Security contact (security.txt)"),
  .description = N_("Whether the website publishes whom to tell about a security problem "
                    "(RFC 9116)."),
  .needs = MAMORI_CHECK_NEEDS_DOMAIN | MAMORI_CHECK_NEEDS_NETWORK,
  .run = security_txt_run,
};
