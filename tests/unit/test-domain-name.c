/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mamori-domain-name.h"
#include "mamori-error.h"

static void
test_normalize (void)
{
  static const struct {
    const char *input;
    const char *expected;   /* NULL = rejected */
  } cases[] = {
    { "example.jp", "example.jp" },
    { "  Example.JP.  ", "example.jp" },
    { "例え.jp", "xn--r8jz45g.jp" },
    { "ＥＸＡＭＰＬＥ.jp", "example.jp" },            /* full-width letters, NFC/IDNA mapping */
    { "日本語.jp", "xn--wgv71a119e.jp" },
    { "bad..example", NULL },
    { "", NULL },
    { ".", NULL },
    { "localhost", NULL },
    { "-lead.example", NULL },
    { "trail-.example", NULL },
    { "under_score.example", NULL },
    { "space here.example", NULL },
    { "a.b/c", NULL },
    { "x.\xff\xfe", NULL },
    { "xn--zz.test", NULL },                      /* an A-label that does not decode */
    { "xn--r8jz45g.jp", "xn--r8jz45g.jp" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = mamori_domain_name_normalize (cases[i].input, &error);

      if (cases[i].expected != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (out, ==, cases[i].expected);
        }
      else
        {
          g_assert_null (out);
          g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
        }
    }
}

static void
test_length_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *label64 = g_strnfill (64, 'a');
  g_autofree char *label63 = g_strnfill (63, 'a');
  g_autofree char *long64 = g_strconcat (label64, ".example", NULL);
  g_autofree char *ok63 = g_strconcat (label63, ".example", NULL);
  g_autofree char *out = NULL;
  GString *too_long = g_string_new (NULL);

  out = mamori_domain_name_normalize (ok63, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, ok63);
  g_clear_pointer (&out, g_free);

  out = mamori_domain_name_normalize (long64, &error);
  g_assert_null (out);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  while (too_long->len < 260)
    g_string_append (too_long, "abcdefghi.");
  g_string_append (too_long, "jp");
  out = mamori_domain_name_normalize (too_long->str, &error);
  g_assert_null (out);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "253"));
  g_string_free (too_long, TRUE);
}

static void
test_organizational (void)
{
  static const struct {
    const char *domain;
    const char *org;
  } cases[] = {
    { "example.jp", "example.jp" },
    { "mail.example.co.jp", "example.co.jp" },
    { "a.b.city.shibuya.tokyo.jp", "city.shibuya.tokyo.jp" },
    { "sub.dmarc-org.test", "dmarc-org.test" },
    { "co.jp", "co.jp" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *org = mamori_domain_name_organizational (cases[i].domain);
      g_assert_cmpstr (org, ==, cases[i].org);
    }
  g_assert_true (mamori_domain_name_is_subdomain_of ("a.example.jp", "example.jp"));
  g_assert_true (mamori_domain_name_is_subdomain_of ("example.jp", "EXAMPLE.jp"));
  g_assert_false (mamori_domain_name_is_subdomain_of ("badexample.jp", "example.jp"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mamori/probe/domain-name/normalize", test_normalize);
  g_test_add_func ("/mamori/probe/domain-name/length-limits", test_length_limits);
  g_test_add_func ("/mamori/probe/domain-name/organizational", test_organizational);
  return g_test_run ();
}
