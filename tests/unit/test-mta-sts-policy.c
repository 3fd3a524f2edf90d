/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The MTA-STS parsers (RFC 8461): TXT record, policy file, MX pattern matching (§4.1). */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "mamori-error.h"
#include "mamori-mta-sts-policy.h"

typedef struct {
  const char *name;
  const char *text;
  const char *id;        /* expected id, NULL = parse error */
  const char *error;     /* substring of the error message */
  guint       n_extensions;
} TxtCase;

static const TxtCase txt_cases[] = {
  { "basic", "v=STSv1; id=20160831085700Z", "20160831085700Z", NULL, 0 },
  { "no-space", "v=STSv1;id=abc", "abc", NULL, 0 },
  { "trailing-semicolon", "v=STSv1; id=abc;", "abc", NULL, 0 },
  { "trailing-space", "v=STSv1; id=abc ; ", "abc", NULL, 0 },
  { "extension", "v=STSv1; id=1; ext-a.b=x/y", "1", NULL, 1 },
  { "max-id", "v=STSv1; id=12345678901234567890123456789012",
    "12345678901234567890123456789012", NULL, 0 },
  { "id-too-long", "v=STSv1; id=123456789012345678901234567890123", NULL, "1 to 32", 0 },
  { "id-dash", "v=STSv1; id=2026-11-23", NULL, "1 to 32", 0 },
  { "no-id", "v=STSv1;", NULL, "no id=", 0 },
  { "two-ids", "v=STSv1; id=1; id=2", NULL, "more than one id", 0 },
  { "lowercase-version", "v=stsv1; id=1", NULL, "v=STSv1", 0 },
  { "version-only", "v=STSv1", NULL, "no id=", 0 },
  { "no-semicolon", "v=STSv1 id=1", NULL, "Expected “;”", 0 },
  { "empty-value", "v=STSv1; id=", NULL, "no value", 0 },
  { "not-a-field", "v=STSv1; id", NULL, "name=value", 0 },
  { "equals-in-value", "v=STSv1; id=1; x=a=b", NULL, "not allowed", 0 },
  { "version-prefix", "v=STSv10; id=1", NULL, "v=STSv1", 0 },
};

static void
test_txt (gconstpointer data)
{
  const TxtCase *tc = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriMtaStsRecord) record = NULL;

  record = mamori_mta_sts_record_parse (tc->text, strlen (tc->text), &error);
  if (tc->id != NULL)
    {
      g_assert_no_error (error);
      g_assert_nonnull (record);
      g_assert_cmpstr (record->id, ==, tc->id);
      g_assert_cmpuint (record->extensions->len, ==, tc->n_extensions);
      g_assert_true (mamori_mta_sts_record_is_sts (tc->text, strlen (tc->text)));
    }
  else
    {
      g_assert_null (record);
      g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_PROTOCOL);
      g_assert_nonnull (strstr (error->message, tc->error));
    }
}

typedef struct {
  const char       *name;
  const char       *text;
  gboolean          ok;
  const char       *error;     /* substring of the message when !ok */
  MamoriMtaStsMode  mode;
  gint64            max_age;
  const char       *mx;        /* patterns joined by " " */
  guint             n_warnings;
} PolicyCase;

static const PolicyCase policy_cases[] = {
  { "rfc-example", "version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\n"
    "mx: backupmx.example.com\nmax_age: 604800\n", TRUE, NULL, MAMORI_MTA_STS_MODE_ENFORCE,
    604800, "mail.example.com *.example.net backupmx.example.com", 0 },
  { "crlf", "version: STSv1\r\nmode: testing\r\nmx: mx.example.jp\r\nmax_age: 86400\r\n", TRUE,
    NULL, MAMORI_MTA_STS_MODE_TESTING, 86400, "mx.example.jp", 0 },
  { "no-final-newline", "version: STSv1\nmode: none\nmax_age: 0", TRUE, NULL,
    MAMORI_MTA_STS_MODE_NONE, 0, "", 0 },
  { "whitespace", "version:STSv1\nmode:\tenforce  \nmx:   MX.Example.JP.\nmax_age: 31557600\n",
    TRUE, NULL, MAMORI_MTA_STS_MODE_ENFORCE, 31557600, "mx.example.jp", 0 },
  { "unknown-key", "version: STSv1\nmode: enforce\nmx: a.jp\nmax_age: 1\nx-note: anything\n",
    TRUE, NULL, MAMORI_MTA_STS_MODE_ENFORCE, 1, "a.jp", 0 },
  { "duplicate-mode", "version: STSv1\nmode: testing\nmode: enforce\nmx: a.jp\nmax_age: 1\n",
    TRUE, NULL, MAMORI_MTA_STS_MODE_TESTING, 1, "a.jp", 1 },
  { "blank-lines", "\nversion: STSv1\n\nmode: enforce\nmx: a.jp\nmax_age: 1\n\n", TRUE, NULL,
    MAMORI_MTA_STS_MODE_ENFORCE, 1, "a.jp", 0 },
  { "bad-mode", "version: STSv1\nmode: strict\nmx: a.jp\nmax_age: 1\n", FALSE, "strict" },
  { "mode-case", "version: STSv1\nmode: Enforce\nmx: a.jp\nmax_age: 1\n", FALSE, "Enforce" },
  { "bad-version", "version: STSv2\nmode: enforce\nmx: a.jp\nmax_age: 1\n", FALSE, "STSv2" },
  { "no-version", "mode: enforce\nmx: a.jp\nmax_age: 1\n", FALSE, "version" },
  { "no-mode", "version: STSv1\nmx: a.jp\nmax_age: 1\n", FALSE, "“mode”" },
  { "no-max-age", "version: STSv1\nmode: enforce\nmx: a.jp\n", FALSE, "max_age" },
  { "max-age-too-big", "version: STSv1\nmode: enforce\nmx: a.jp\nmax_age: 31557601\n", FALSE,
    "31557601" },
  { "max-age-negative", "version: STSv1\nmode: enforce\nmx: a.jp\nmax_age: -1\n", FALSE,
    "max_age" },
  { "max-age-11-digits", "version: STSv1\nmode: enforce\nmx: a.jp\nmax_age: 00000000001\n",
    FALSE, "max_age" },
  { "no-mx-enforce", "version: STSv1\nmode: enforce\nmax_age: 1\n", FALSE, "mx" },
  { "bad-mx", "version: STSv1\nmode: enforce\nmx: mail..example.jp\nmax_age: 1\n", FALSE,
    "mail..example.jp" },
  { "mx-double-wildcard", "version: STSv1\nmode: enforce\nmx: *.*.example.jp\nmax_age: 1\n",
    FALSE, "*.*.example.jp" },
  { "mx-inner-wildcard", "version: STSv1\nmode: enforce\nmx: mail.*.jp\nmax_age: 1\n", FALSE,
    "mail.*.jp" },
  { "not-key-value", "version: STSv1\nmode enforce\n", FALSE, "Line 2" },
  { "empty", "", FALSE, "version" },
  { "html", "<html><body>Not Found</body></html>\n", FALSE, "Line 1" },
};

static void
test_policy (gconstpointer data)
{
  const PolicyCase *tc = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriMtaStsPolicy) policy = NULL;

  policy = mamori_mta_sts_policy_parse (tc->text, strlen (tc->text), &error);
  if (!tc->ok)
    {
      g_assert_null (policy);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, tc->error));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpint (policy->mode, ==, tc->mode);
  g_assert_cmpint (policy->max_age, ==, tc->max_age);
  g_assert_cmpuint (policy->warnings->len, ==, tc->n_warnings);
  {
    g_autoptr(GString) joined = g_string_new (NULL);

    for (guint i = 0; i < policy->mx->len; i++)
      g_string_append_printf (joined, "%s%s", i > 0 ? " " : "",
                              (char *) g_ptr_array_index (policy->mx, i));
    g_assert_cmpstr (joined->str, ==, tc->mx);
  }
}

static void
test_policy_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) big = g_string_new ("version: STSv1\nmode: enforce\nmx: a.jp\nmax_age: 1\n");
  MamoriMtaStsPolicy *policy;
  static const char nul[] = "version: STSv1\nmode: enforce\0\nmx: a.jp\nmax_age: 1\n";
  static const char latin1[] = "version: STSv1\nmode: enforce\nmx: a.jp\nmax_age: 1\nx: \xe9\n";

  /* Exactly the limit is fine (padded with an extension line), one byte more is not. */
  g_string_append (big, "x: ");
  while (big->len < MAMORI_MTA_STS_POLICY_MAX_SIZE - 1)
    g_string_append_c (big, 'a');
  g_string_append_c (big, '\n');
  g_assert_cmpuint (big->len, ==, MAMORI_MTA_STS_POLICY_MAX_SIZE);
  policy = mamori_mta_sts_policy_parse (big->str, big->len, &error);
  g_assert_no_error (error);
  mamori_mta_sts_policy_free (policy);

  g_string_append_c (big, '\n');
  policy = mamori_mta_sts_policy_parse (big->str, big->len, &error);
  g_assert_null (policy);
  g_assert_nonnull (strstr (error->message, "65537"));
  g_clear_error (&error);

  policy = mamori_mta_sts_policy_parse (nul, sizeof nul - 1, &error);
  g_assert_null (policy);
  g_assert_nonnull (error);
  g_clear_error (&error);

  policy = mamori_mta_sts_policy_parse (latin1, sizeof latin1 - 1, &error);
  g_assert_null (policy);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

typedef struct {
  const char *pattern;
  const char *host;
  gboolean    matches;
} MatchCase;

static const MatchCase match_cases[] = {
  { "mail.example.com", "mail.example.com", TRUE },
  { "mail.example.com", "MAIL.Example.COM.", TRUE },
  { "mail.example.com.", "mail.example.com", TRUE },
  { "mail.example.com", "mail2.example.com", FALSE },
  { "mail.example.com", "example.com", FALSE },
  { "*.example.com", "mx1.example.com", TRUE },
  { "*.example.com", "MX1.EXAMPLE.COM.", TRUE },
  /* §4.1: the wildcard covers exactly one label. */
  { "*.example.com", "a.b.example.com", FALSE },
  { "*.example.com", "example.com", FALSE },
  { "*.example.com", "mx1.example.net", FALSE },
  { "*.example.com", "xexample.com", FALSE },
  { "*.example.com", ".example.com", FALSE },
  { "example.com", "", FALSE },
};

static void
test_match (gconstpointer data)
{
  const MatchCase *tc = data;

  g_assert_cmpint (mamori_mta_sts_pattern_matches (tc->pattern, tc->host), ==, tc->matches);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (txt_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/domain/mta-sts-record/%s",
                                               txt_cases[i].name);
      g_test_add_data_func (path, &txt_cases[i], test_txt);
    }
  for (guint i = 0; i < G_N_ELEMENTS (policy_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/domain/mta-sts-policy/%s",
                                               policy_cases[i].name);
      g_test_add_data_func (path, &policy_cases[i], test_policy);
    }
  g_test_add_func ("/mamori/domain/mta-sts-policy/limits", test_policy_limits);
  for (guint i = 0; i < G_N_ELEMENTS (match_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/domain/mta-sts-match/%u-%s-%s", i,
                                               match_cases[i].pattern, match_cases[i].host);
      g_test_add_data_func (path, &match_cases[i], test_match);
    }
  return g_test_run ();
}
