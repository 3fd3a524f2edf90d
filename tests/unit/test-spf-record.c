/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SPF record parser (RFC 7208): good records of real-world shapes and every kind of
 * permerror, one test path per row. */
#include "config.h"

#include "mamori-error.h"
#include "mamori-spf-record.h"

typedef struct {
  const char *text;
  guint       n_terms;
  guint       lookups;
  const char *all;          /* the all term as written, or NULL */
  const char *redirect;     /* its domain-spec, or NULL */
  guint       n_warnings;
} ValidCase;

static const ValidCase valid_cases[] = {
  { "v=spf1 -all", 1, 0, "-all", NULL, 0 },
  { "v=spf1", 0, 0, NULL, NULL, 0 },
  { "V=SPF1 MX -ALL", 2, 1, "-ALL", NULL, 0 },
  { "v=spf1 include:spf.protection.outlook.com -all", 2, 1, "-all", NULL, 0 },
  { "v=spf1 include:_spf.google.com ~all", 2, 1, "~all", NULL, 0 },
  { "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.7 ip6:2001:db8::/32 -all", 4, 0, "-all", NULL, 0 },
  { "v=spf1 a mx a:mail.example.jp/28 mx:example.jp//64 a/24//48 -all", 6, 5, "-all", NULL, 0 },
  { "v=spf1 ptr:example.jp ?all", 2, 1, "?all", NULL, 0 },
  { "v=spf1 exists:%{i}._spf.%{d} -all", 2, 1, "-all", NULL, 0 },
  { "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all", 2, 1, "-all", NULL, 0 },
  { "v=spf1 redirect=_spf.example.jp", 1, 1, NULL, "_spf.example.jp", 0 },
  { "v=spf1 mx redirect=_spf.example.jp.", 2, 2, NULL, "_spf.example.jp.", 0 },
  { "v=spf1 include:a.example.jp -all redirect=b.example.jp", 3, 1, "-all", "b.example.jp", 1 },
  { "v=spf1 +all", 1, 0, "+all", NULL, 0 },
  { "v=spf1 -all mx", 2, 1, "-all", NULL, 1 },
  { "v=spf1 ip4:192.0.2.1 exp=explain._spf.%{d} -all", 3, 0, "-all", NULL, 0 },
  { "v=spf1 mx foo=bar ra=postmaster rp=100 -all", 5, 1, "-all", NULL, 0 },
  { "v=spf1  mx   -all  ", 2, 1, "-all", NULL, 0 },
  { "v=spf1 ip6:::ffff:192.0.2.1 ip6:fe80::1/128 ip4:0.0.0.0/0 -all", 4, 0, "-all", NULL, 0 },
  { "v=spf1 a:%{d}.x%% -all", 2, 1, "-all", NULL, 0 },
  { "v=spf1 include:spf.example.co.jp include:spf.1-2.example ~all", 3, 2, "~all", NULL, 0 },
};

static void
test_valid (gconstpointer data)
{
  const ValidCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriSpfRecord) r = mamori_spf_record_parse (c->text, strlen (c->text), &error);

  g_test_message ("record: %s", c->text);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->terms->len, ==, c->n_terms);
  g_assert_cmpuint (r->lookup_terms, ==, c->lookups);
  g_assert_cmpstr (r->all != NULL ? r->all->raw : NULL, ==, c->all);
  g_assert_cmpstr (r->redirect != NULL ? r->redirect->domain_spec : NULL, ==, c->redirect);
  g_assert_cmpuint (r->warnings->len, ==, c->n_warnings);
}

static void
test_terms (void)
{
  const char *text = "v=spf1 ~a:mail.example.jp/24//64 ?mx ip4:192.0.2.0/25 -ip6:2001:db8::/48 "
                     "include:%{d}.spf.example exists:%{i}.x.example all";
  g_autoptr(MamoriSpfRecord) r = mamori_spf_record_parse (text, strlen (text), NULL);
  MamoriSpfTerm *t;

  g_assert_nonnull (r);
  g_assert_cmpuint (r->terms->len, ==, 7);
  t = g_ptr_array_index (r->terms, 0);
  g_assert_cmpint (t->kind, ==, MAMORI_SPF_TERM_A);
  g_assert_cmpint (t->qualifier, ==, MAMORI_SPF_QUALIFIER_SOFTFAIL);
  g_assert_cmpstr (t->domain_spec, ==, "mail.example.jp");
  g_assert_cmpint (t->cidr4, ==, 24);
  g_assert_cmpint (t->cidr6, ==, 64);
  t = g_ptr_array_index (r->terms, 1);
  g_assert_cmpint (t->kind, ==, MAMORI_SPF_TERM_MX);
  g_assert_cmpint (t->qualifier, ==, MAMORI_SPF_QUALIFIER_NEUTRAL);
  g_assert_null (t->domain_spec);
  g_assert_cmpint (t->cidr4, ==, -1);
  t = g_ptr_array_index (r->terms, 2);
  g_assert_cmpstr (t->value, ==, "192.0.2.0");
  g_assert_cmpint (t->cidr4, ==, 25);
  t = g_ptr_array_index (r->terms, 3);
  g_assert_cmpint (t->qualifier, ==, MAMORI_SPF_QUALIFIER_FAIL);
  g_assert_cmpstr (t->value, ==, "2001:db8::");
  g_assert_cmpint (t->cidr6, ==, 48);
  t = g_ptr_array_index (r->terms, 4);
  g_assert_true (t->has_macros);
  t = g_ptr_array_index (r->terms, 6);
  g_assert_cmpint (t->kind, ==, MAMORI_SPF_TERM_ALL);
  g_assert_cmpint (t->qualifier, ==, MAMORI_SPF_QUALIFIER_PASS);
}

typedef struct {
  const char *text;
  const char *fragment;   /* must appear in the error message: it names the input */
} InvalidCase;

static const InvalidCase invalid_cases[] = {
  { "", "v=spf1" },
  { "v=spf10 -all", "v=spf1" },
  { " v=spf1 -all", "v=spf1" },
  { "spf1 -all", "v=spf1" },
  { "v=spf1 foo -all", "foo" },                        /* unknown mechanism */
  { "v=spf1 ip5:192.0.2.1 -all", "ip5:192.0.2.1" },
  { "v=spf1 ip4:192.0.2.256 -all", "192.0.2.256" },    /* bad ip4 */
  { "v=spf1 ip4:192.0.2 -all", "192.0.2" },
  { "v=spf1 ip4:192.0.2.01 -all", "192.0.2.01" },      /* leading zero */
  { "v=spf1 ip4:192.0.2.1/33 -all", "ip4:192.0.2.1/33" },
  { "v=spf1 ip4:192.0.2.1/024 -all", "ip4:192.0.2.1/024" },
  { "v=spf1 ip4:192.0.2.1/ -all", "ip4:192.0.2.1/" },
  { "v=spf1 ip4: -all", "ip4:" },
  { "v=spf1 ip4 -all", "ip4" },
  { "v=spf1 ip6:2001:db8::g -all", "2001:db8::g" },    /* bad ip6 */
  { "v=spf1 ip6:2001:db8::/129 -all", "ip6:2001:db8::/129" },
  { "v=spf1 ip6:192.0.2.1 -all", "192.0.2.1" },
  { "v=spf1 a/33 -all", "a/33" },
  { "v=spf1 mx//129 -all", "mx//129" },
  { "v=spf1 a:example.jp/24/64 -all", "a:example.jp/24/64" },
  { "v=spf1 include -all", "include" },
  { "v=spf1 include: -all", "include:" },
  { "v=spf1 include:localhost -all", "localhost" },    /* no "." toplabel */
  { "v=spf1 include:example.123 -all", "example.123" },/* numeric top label */
  { "v=spf1 include:%{x}.example.jp -all", "include:%{x}.example.jp" },
  { "v=spf1 include:%{d.example.jp -all", "include:%{d.example.jp" },
  { "v=spf1 a:x.example.%{ -all", "a:x.example.%{" },      /* found by fuzz-spf */
  { "v=spf1 exists:%{c}.example.jp -all", "exists:%{c}.example.jp" }, /* c only in exp text */
  { "v=spf1 a:%y.example.jp -all", "a:%y.example.jp" },
  { "v=spf1 exists -all", "exists" },
  { "v=spf1 ptr/24 -all", "ptr/24" },
  { "v=spf1 all:example.jp", "all:example.jp" },
  { "v=spf1 redirect=a.example.jp redirect=b.example.jp", "redirect" },
  { "v=spf1 exp=a.example.jp exp=b.example.jp -all", "exp" },
  { "v=spf1 redirect= -all", "redirect=" },
  { "v=spf1 +redirect=a.example.jp", "+redirect=a.example.jp" },
  { "v=spf1 foo=%z -all", "foo=%z" },
  { "v=spf1 -all\t", "\\x09" },                       /* tab is not a separator */
  { "v=spf1 include:例え.jp -all", "\\xe4" },          /* SPF is ASCII only */
  { "v=spf1 -all\r\n", "\\x0d" },
};

static void
test_invalid (gconstpointer data)
{
  const InvalidCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriSpfRecord) r = mamori_spf_record_parse (c->text, strlen (c->text), &error);

  g_test_message ("record: %s", c->text);
  g_assert_null (r);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, c->fragment) == NULL)
    g_error ("“%s”: message “%s” does not contain “%s”", c->text, error->message, c->fragment);
}

static void
test_bounds (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("v=spf1");
  g_autoptr(MamoriSpfRecord) r = NULL;
  const char nul_text[] = "v=spf1 a\0b -all";

  while (text->len <= 4096)
    g_string_append (text, " ip4:192.0.2.1");
  r = mamori_spf_record_parse (text->str, text->len, &error);
  g_assert_null (r);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* 257 terms within the length limit. */
  g_string_assign (text, "v=spf1");
  for (int i = 0; i < 257; i++)
    g_string_append (text, " a");
  r = mamori_spf_record_parse (text->str, text->len, &error);
  g_assert_null (r);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* An embedded NUL is not the end of the record. */
  r = mamori_spf_record_parse (nul_text, sizeof nul_text - 1, &error);
  g_assert_null (r);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
}

static void
test_is_spf (void)
{
  static const struct {
    const char *text;
    gboolean    expected;
  } cases[] = {
    { "v=spf1", TRUE },
    { "v=spf1 -all", TRUE },
    { "V=Spf1 mx", TRUE },
    { "v=spf1-all", FALSE },
    { "v=spf10", FALSE },
    { " v=spf1", FALSE },
    { "v=DMARC1; p=none", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (mamori_spf_record_is_spf (cases[i].text, strlen (cases[i].text)), ==,
                     cases[i].expected);
}

static gboolean
skip_ptr (const MamoriSpfTerm *term,
          gpointer             data)
{
  return term->kind == MAMORI_SPF_TERM_PTR;
}

static void
test_rebuild (void)
{
  static const struct {
    const char *text;
    gboolean    skip_ptr;
    const char *new_all;
    const char *expected;
  } cases[] = {
    { "v=spf1 mx +all", FALSE, "-all", "v=spf1 mx -all" },
    { "v=spf1 mx", FALSE, "-all", "v=spf1 mx -all" },
    { "v=spf1 ptr mx ~all", TRUE, NULL, "v=spf1 mx ~all" },
    { "v=spf1 mx redirect=x.example.jp", FALSE, "-all", "v=spf1 mx -all" },
    { "v=spf1 ip4:192.0.2.1 ?all exp=e.example.jp", FALSE, "-all",
      "v=spf1 ip4:192.0.2.1 -all exp=e.example.jp" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MamoriSpfRecord) r = mamori_spf_record_parse (cases[i].text,
                                                              strlen (cases[i].text), NULL);
      g_autofree char *out = NULL;

      g_assert_nonnull (r);
      out = mamori_spf_record_rebuild (r, cases[i].skip_ptr ? skip_ptr : NULL, NULL,
                                       cases[i].new_all);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/spf/record/valid/%u", i);
      g_test_add_data_func (path, &valid_cases[i], test_valid);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/spf/record/invalid/%u", i);
      g_test_add_data_func (path, &invalid_cases[i], test_invalid);
    }
  g_test_add_func ("/mamori/spf/record/terms", test_terms);
  g_test_add_func ("/mamori/spf/record/bounds", test_bounds);
  g_test_add_func ("/mamori/spf/record/is-spf", test_is_spf);
  g_test_add_func ("/mamori/spf/record/rebuild", test_rebuild);
  return g_test_run ();
}
