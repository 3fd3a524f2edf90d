/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mamori-dmarc-record.h"
#include "mamori-error.h"

static void
test_valid (void)
{
  static const struct {
    const char        *text;
    MamoriDmarcPolicy  p;
    MamoriDmarcPolicy  sp;
    int                pct;
    guint              n_rua;
    guint              n_warnings;
  } cases[] = {
    { "v=DMARC1; p=reject", MAMORI_DMARC_POLICY_REJECT, 0, 100, 0, 0 },
    { "v=DMARC1;p=none;", MAMORI_DMARC_POLICY_NONE, 0, 100, 0, 0 },
    { "v = DMARC1 ; p = Quarantine ; pct = 50", MAMORI_DMARC_POLICY_QUARANTINE, 0, 50, 0, 0 },
    { "v=DMARC1; p=reject; sp=none; rua=mailto:a@example.jp,mailto:b@report.example!10m",
      MAMORI_DMARC_POLICY_REJECT, MAMORI_DMARC_POLICY_NONE, 100, 2, 0 },
    { "v=DMARC1; p=none; rua=mailto:dmarc%2Breports@example.jp", MAMORI_DMARC_POLICY_NONE, 0, 100, 1, 0 },
    /* No p but a rua: treated as p=none (RFC 7489 §6.6.3), with a warning. */
    { "v=DMARC1; rua=mailto:a@example.jp", MAMORI_DMARC_POLICY_NONE, 0, 100, 1, 1 },
    /* Unknown tags are ignored, but said. */
    { "v=DMARC1; p=reject; foo=bar", MAMORI_DMARC_POLICY_REJECT, 0, 100, 0, 1 },
    { "v=DMARC1; sp=none; p=reject", MAMORI_DMARC_POLICY_REJECT, MAMORI_DMARC_POLICY_NONE, 100, 0, 1 },
    { "v=DMARC1; p=reject; adkim=s; aspf=r; fo=1:d; ri=86400; rf=afrf", MAMORI_DMARC_POLICY_REJECT, 0,
      100, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MamoriDmarcRecord) r = mamori_dmarc_record_parse (cases[i].text,
                                                                  strlen (cases[i].text), &error);

      g_test_message ("record: %s", cases[i].text);
      g_assert_no_error (error);
      g_assert_cmpint (r->p, ==, cases[i].p);
      g_assert_cmpint (r->sp, ==, cases[i].sp);
      g_assert_cmpint (r->pct, ==, cases[i].pct);
      g_assert_cmpuint (r->rua->len, ==, cases[i].n_rua);
      g_assert_cmpuint (r->warnings->len, ==, cases[i].n_warnings);
    }
}

static void
test_uri_fields (void)
{
  const char *text = "v=DMARC1; p=none; rua=mailto:Reports@Example.JP!20k";
  g_autoptr(MamoriDmarcRecord) r = mamori_dmarc_record_parse (text, strlen (text), NULL);
  MamoriDmarcUri *uri;

  g_assert_nonnull (r);
  uri = g_ptr_array_index (r->rua, 0);
  g_assert_cmpstr (uri->scheme, ==, "mailto");
  g_assert_cmpstr (uri->domain, ==, "example.jp");
  g_assert_cmpstr (uri->size_limit, ==, "!20k");
}

static void
test_invalid (void)
{
  static const char *cases[] = {
    "",
    "v=spf1 -all",
    "p=reject; v=DMARC1",
    "v=DMARC1",                               /* neither p nor rua */
    "v=DMARC2; p=reject",
    "v=dmarc1; p=reject",                     /* the version is case-sensitive */
    "v=DMARC1; p=maybe",
    "v=DMARC1; p=reject; pct=101",
    "v=DMARC1; p=reject; pct=-1",
    "v=DMARC1; p=reject; pct=fifty",
    "v=DMARC1; p=reject; p=none",
    "v=DMARC1; p=reject; adkim=x",
    "v=DMARC1; p=reject; rua=reports@example.jp",
    "v=DMARC1; p=reject; rua=mailto:no-at-sign",
    "v=DMARC1; p=reject; rua=mailto:a@bad..domain",
    "v=DMARC1; p=reject; rua=mailto:a@example.jp!big",
    "v=DMARC1; p=reject; garbage",
    "v=DMARC1; p=reject; =novalue",
    "v=DMARC1; v=DMARC1; p=reject",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MamoriDmarcRecord) r = mamori_dmarc_record_parse (cases[i], strlen (cases[i]), &error);

      g_test_message ("record: %s", cases[i]);
      g_assert_null (r);
      g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_hostile_bytes (void)
{
  static const char nul[] = "v=DMARC1; p=reject\0; p=none";
  static const char high[] = "v=DMARC1; p=reject; rua=mailto:\xff@x.example";
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriDmarcRecord) r = NULL;
  g_autofree char *huge = g_strnfill (100000, 'a');

  r = mamori_dmarc_record_parse (nul, sizeof nul - 1, &error);
  g_assert_null (r);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  r = mamori_dmarc_record_parse (high, sizeof high - 1, &error);
  g_assert_null (r);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  memcpy (huge, "v=DMARC1; p=", 12);
  r = mamori_dmarc_record_parse (huge, strlen (huge), &error);
  g_assert_null (r);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
}

static void
test_is_dmarc (void)
{
  g_assert_true (mamori_dmarc_record_is_dmarc ("v=DMARC1", 8));
  g_assert_true (mamori_dmarc_record_is_dmarc ("v=DMARC1;", 9));
  g_assert_true (mamori_dmarc_record_is_dmarc (" v = DMARC1 ; p=none", 20));
  g_assert_false (mamori_dmarc_record_is_dmarc ("v=DMARC10", 9));
  g_assert_false (mamori_dmarc_record_is_dmarc ("v=DMARC", 7));
  g_assert_false (mamori_dmarc_record_is_dmarc ("x=DMARC1", 8));
  /* The tag name is case-insensitive, the value DMARC1 is not. */
  g_assert_true (mamori_dmarc_record_is_dmarc ("V=DMARC1", 8));
  g_assert_false (mamori_dmarc_record_is_dmarc ("v=dmarc1", 8));
  g_assert_false (mamori_dmarc_record_is_dmarc ("", 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mamori/domain/dmarc-record/valid", test_valid);
  g_test_add_func ("/mamori/domain/dmarc-record/uri-fields", test_uri_fields);
  g_test_add_func ("/mamori/domain/dmarc-record/invalid", test_invalid);
  g_test_add_func ("/mamori/domain/dmarc-record/hostile-bytes", test_hostile_bytes);
  g_test_add_func ("/mamori/domain/dmarc-record/is-dmarc", test_is_dmarc);
  return g_test_run ();
}
