/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mamori-cli check --only domain.dmarc against the DNS lab (tests/lab/dns-lab.py): every
 * DMARC zone of tests/lab/zones gives exactly the expected status per facet, text output
 * reads right in English and Japanese, and bad input and an unreachable resolver end with
 * the exit codes of CLI.md.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>

#include "mamori-test-utils.h"

static const char *
require_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    g_error ("%s is not set: run this test through tests/lab/dns-lab.py run -- … "
             "(meson test --suite integration does)", name);
  return value;
}

/* Runs mamori-cli check against the lab resolver with extra arguments; returns the exit
 * status and the captured output. */
static int
run_check (const char * const  *extra,
           char               **out,
           char               **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) require_env ("MAMORI_CLI"));
  g_ptr_array_add (argv, (gpointer) "check");
  g_ptr_array_add (argv, (gpointer) "--no-store");
  g_ptr_array_add (argv, (gpointer) "--trust-anchor");
  g_ptr_array_add (argv, (gpointer) require_env ("MAMORI_LAB_TRUST_ANCHOR"));
  g_ptr_array_add (argv, (gpointer) "--only");
  g_ptr_array_add (argv, (gpointer) "domain.dmarc");
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);
  return mamori_test_spawn ((const char * const *) argv->pdata, out, err);
}

/* For qsort and g_ptr_array_sort, which pass pointers to the elements. */
static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* "facet:status" of every domain.dmarc finding, sorted and space-separated, so that one
 * string comparison checks both what is there and that nothing else is. */
static char *
facet_summary (JsonArray  *findings,
               const char *subject)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  GString *summary = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *f = json_array_get_object_element (findings, i);

      g_assert_cmpstr (json_object_get_string_member (f, "check_id"), ==, "domain.dmarc");
      g_assert_cmpstr (json_object_get_string_member (f, "subject"), ==, subject);
      g_assert_true (json_object_has_member (f, "message"));
      g_assert_cmpstr (json_object_get_string_member (f, "message"), !=, "");
      const char *facet = json_object_get_string_member_with_default (f, "facet", "-");

      g_ptr_array_add (items, g_strdup_printf ("%s:%s", facet,
                                               json_object_get_string_member (f, "status")));
    }
  g_ptr_array_sort (items, compare_strings);
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (summary, "%s%s", i > 0 ? " " : "", (char *) items->pdata[i]);
  return g_string_free (summary, FALSE);
}

static char *
sorted_words (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  qsort (words, g_strv_length (words), sizeof (char *), compare_strings);
  return g_strjoinv (" ", words);
}

/* Checks one domain and returns its parsed JSON findings (asserting the run worked). */
static JsonArray *
check_json (const char  *domain,
            JsonParser **parser_out)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  JsonParser *parser = json_parser_new ();
  JsonObject *root;
  const char *extra[] = { "--resolver", require_env ("MAMORI_LAB_RESOLVER"), "--format", "json",
                          domain, NULL };
  int status = run_check (extra, &out, &err);

  if (status != 0)
    g_test_message ("mamori-cli stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "findings"));
  *parser_out = parser;
  return json_object_get_array_member (root, "findings");
}

typedef struct {
  const char *domain;
  const char *expected;   /* facet:status …, in any order */
  const char *evidence_p; /* the p= in the record facet's evidence, or NULL */
  const char *record;     /* the record as the check saw it, or NULL */
} DmarcCase;

static const DmarcCase dmarc_cases[] = {
  { "dmarc-reject.test", "record:pass policy:pass rua:pass", "reject" },
  { "dmarc-none.test", "record:pass policy:warn rua:pass", "none" },
  { "dmarc-quarantine.test", "record:pass policy:pass pct:warn rua:pass", "quarantine" },
  { "dmarc-multi.test", "record:fail", NULL },
  { "dmarc-bad.test", "record:fail", NULL },
  { "dmarc-nonutf8.test", "record:fail", NULL },
  { "dmarc-none-missing.test", "record:fail", NULL },
  { "nomail.test", "record:pass policy:pass nomail:fail rua:pass", "quarantine" },
  { "dmarc-org.test", "record:pass policy:pass subdomain:warn rua:pass", "reject" },
  /* No record of its own: the organisational domain's applies, with its sp=quarantine. */
  { "sub.dmarc-org.test", "record:pass policy:pass rua:pass", "reject" },
  { "dmarc-extrua.test", "record:pass policy:pass rua:warn", "reject" },
  { "dmarc-extrua-ok.test", "record:pass policy:pass rua:pass", "reject" },
  { "dmarc-reports.test", "record:pass policy:pass rua:warn", "reject" },
  /* Character-strings of one TXT are joined without spaces. */
  { "dmarc-split.test", "record:pass policy:pass rua:pass", "reject",
    "v=DMARC1; p=reject; rua=mailto:dmarc-reports@dmarc-split.test" },
  /* Only non-DMARC TXT records (one of them empty): no record. */
  { "dmarc-empty.test", "record:fail", NULL, NULL },
  /* The tag name v is case-insensitive. */
  { "dmarc-upper.test", "record:pass policy:pass rua:pass", "reject",
    "V=DMARC1; p=reject; rua=mailto:dmarc-reports@dmarc-upper.test" },
  /* Too big for UDP: the resolver truncates and the probe retries over TCP. */
  { "dmarc-big.test", "record:pass policy:pass rua:pass", "reject",
    "v=DMARC1; p=reject; rua=mailto:dmarc-reports@dmarc-big.test" },
};

static JsonObject *
find_facet (JsonArray  *findings,
            const char *facet)
{
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *f = json_array_get_object_element (findings, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (f, "facet", NULL), facet) == 0)
        return f;
    }
  return NULL;
}

static void
test_facets (gconstpointer data)
{
  const DmarcCase *c = data;
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *findings = check_json (c->domain, &parser);
  g_autofree char *summary = facet_summary (findings, c->domain);
  g_autofree char *expected = sorted_words (c->expected);
  JsonObject *record = find_facet (findings, "record");

  g_assert_cmpstr (summary, ==, expected);
  g_assert_nonnull (record);
  g_assert_true (json_object_has_member (record, "evidence"));
  if (c->evidence_p != NULL)
    {
      JsonObject *evidence = json_object_get_object_member (record, "evidence");

      g_assert_cmpstr (json_object_get_string_member_with_default (evidence, "p", ""), ==,
                       c->evidence_p);
      if (c->record != NULL)
        g_assert_cmpstr (json_object_get_string_member_with_default (evidence, "record", ""), ==,
                         c->record);
    }
  else
    {
      /* A failed record always says what to do about it. */
      g_assert_cmpstr (json_object_get_string_member_with_default (record, "remediation", ""),
                       !=, "");
    }
}

/* The remediation for a missing record names the exact record to publish. */
static void
test_missing_remediation (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *findings = check_json ("dmarc-none-missing.test", &parser);
  JsonObject *record = find_facet (findings, "record");
  const char *remediation;

  g_assert_nonnull (record);
  remediation = json_object_get_string_member_with_default (record, "remediation", "");
  g_assert_nonnull (strstr (remediation,
                            "_dmarc.dmarc-none-missing.test. IN TXT \"v=DMARC1; p=none; "
                            "rua=mailto:dmarc-reports@dmarc-none-missing.test\""));
}

/* sub.dmarc-org.test: libpsl knows no "test" suffix, so the organisational domain is
 * dmarc-org.test, whose record applies with its sp= (RFC 7489 §6.6.3). */
static void
test_org_fallback (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *findings = check_json ("sub.dmarc-org.test", &parser);
  JsonObject *record = find_facet (findings, "record");
  JsonObject *policy = find_facet (findings, "policy");

  g_assert_nonnull (record);
  g_assert_nonnull (policy);
  g_assert_cmpstr (json_object_get_string_member_with_default (
                     json_object_get_object_member (record, "evidence"), "found_at", ""),
                   ==, "_dmarc.dmarc-org.test");
  g_assert_cmpstr (json_object_get_string_member_with_default (
                     json_object_get_object_member (policy, "evidence"), "effective_policy", ""),
                   ==, "quarantine");
}

/* The non-UTF-8 TXT must not leak raw bytes into the JSON (json-glib would refuse it). */
static void
test_nonutf8_evidence (void)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *findings = check_json ("dmarc-nonutf8.test", &parser);
  JsonObject *record = find_facet (findings, "record");
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  g_assert_nonnull (record);
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, NULL);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  /* The replacement character stands where the 0xff byte was. */
  g_assert_nonnull (strstr (text, "rua=mailto:\xef\xbf\xbd@x"));
}

static void
test_idn (void)
{
  g_autoptr(JsonParser) parser = NULL;
  /* 例え.test: converted to its A-label before any query is sent. */
  JsonArray *findings = check_json ("\xe4\xbe\x8b\xe3\x81\x88.test", &parser);
  g_autofree char *summary = facet_summary (findings, "xn--r8jz45g.test");

  g_assert_cmpstr (summary, ==, "policy:pass record:pass rua:pass");
}

/* The Japanese text for a msgid, taken from the same catalog the CLI uses, with {0}
 * replaced; NULL when the catalog has no translation for it (yet). */
static char *
japanese_for (const char *msgid,
              const char *arg)
{
  const char *locale_dir = g_getenv ("MAMORI_LOCALEDIR");
  g_autofree char *saved = g_strdup (setlocale (LC_MESSAGES, NULL));
  const char *translated;
  g_autofree char *copy = NULL;
  g_auto(GStrv) parts = NULL;

  if (locale_dir == NULL || setlocale (LC_MESSAGES, "ja_JP.UTF-8") == NULL)
    return NULL;
  g_setenv ("LANGUAGE", "ja", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  translated = dgettext (GETTEXT_PACKAGE, msgid);
  copy = g_strdup (translated);
  setlocale (LC_MESSAGES, saved);
  g_unsetenv ("LANGUAGE");
  if (g_strcmp0 (copy, msgid) == 0)
    return NULL;
  parts = g_strsplit (copy, "{0}", -1);
  return g_strjoinv (arg, parts);
}

#define POLICY_NONE_MSGID "The DMARC policy is p=none: receivers only report; mail that " \
                          "impersonates {0} is still delivered."

static void
test_text_output (gconstpointer data)
{
  const char *lang = data;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *extra[] = { "--resolver", require_env ("MAMORI_LAB_RESOLVER"), "--format", "text",
                          "--lang", lang, "dmarc-none.test", NULL };
  int status = run_check (extra, &out, &err);

  g_assert_cmpint (status, ==, 0);
  if (g_str_equal (lang, "en"))
    {
      g_assert_nonnull (strstr (out, "The DMARC policy is p=none: receivers only report; mail "
                                     "that impersonates dmarc-none.test is still delivered."));
      /* The remediation with the record to publish. */
      g_assert_nonnull (strstr (out, "_dmarc.dmarc-none.test. IN TXT \"v=DMARC1; p=quarantine; "
                                     "rua=mailto:dmarc-reports@dmarc-none.test\""));
    }
  else
    {
      g_autofree char *expected = japanese_for (POLICY_NONE_MSGID, "dmarc-none.test");

      if (expected == NULL)
        {
          g_test_skip ("no Japanese translation of the p=none message in the catalog yet");
          return;
        }
      g_assert_nonnull (strstr (out, expected));
      g_assert_null (strstr (out, "receivers only report"));
    }
}

/* A loopback port nothing listens on (UDP and TCP). */
static guint16
dead_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                          G_SOCKET_PROTOCOL_UDP, &error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (sock, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (sock, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  /* Closed again: the port was free a moment ago and nothing else binds it on purpose. */
  g_socket_close (sock, NULL);
  return port;
}

static void
test_unreachable_resolver (void)
{
  g_autofree char *resolver = g_strdup_printf ("127.0.0.1:%u", dead_port ());
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *extra[] = { "--resolver", resolver, "--timeout", "1", "--lang", "en",
                          "dmarc-reject.test", NULL };
  int status = run_check (extra, &out, &err);

  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "could not be carried out"));
  g_assert_nonnull (strstr (err, "127.0.0.1"));
}

/* A resolver that receives the queries but never answers: the timeout path, not the
 * port-unreachable one. The socket stays bound (and unread) while the CLI runs. */
static void
test_silent_resolver (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM,
                                          G_SOCKET_PROTOCOL_UDP, &error);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *resolver = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (sock, any, FALSE, &error));
  bound = g_socket_get_local_address (sock, &error);
  g_assert_no_error (error);
  resolver = g_strdup_printf ("127.0.0.1:%u",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  {
    const char *extra[] = { "--resolver", resolver, "--timeout", "1", "--lang", "en",
                            "dmarc-reject.test", NULL };
    status = run_check (extra, &out, &err);
  }
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "could not be carried out"));
  g_assert_nonnull (strstr (err, "did not answer"));
  /* The queries really reached the silent resolver. */
  g_assert_cmpint (g_socket_get_available_bytes (sock), >, 0);
}

typedef struct {
  const char *name;
  const char *domain;
} BadDomain;

static const BadDomain bad_domains[] = {
  { "too-long", NULL },   /* built at run time: 300 octets */
  { "long-label", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.test" },
  { "illegal-char", "bad_label!.test" },
  { "empty-label", "a..test" },
  { "space", "dmarc reject.test" },
};

static void
test_bad_domain (gconstpointer data)
{
  const BadDomain *c = data;
  g_autofree char *long_name = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *domain = c->domain;
  int status;

  if (domain == NULL)
    {
      GString *s = g_string_new (NULL);

      while (s->len < 300)
        g_string_append (s, "abcdefghij.");
      g_string_append (s, "test");
      domain = long_name = g_string_free (s, FALSE);
    }

  {
    const char *extra[] = { "--resolver", require_env ("MAMORI_LAB_RESOLVER"), "--lang", "en",
                            domain, NULL };
    status = run_check (extra, &out, &err);
  }
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (err, "mamori-cli: "));
  /* Nothing was checked, so nothing was printed as a result. */
  g_assert_null (strstr (out, "DMARC"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (dmarc_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/cli/dmarc/facets/%s",
                                               dmarc_cases[i].domain);
      g_test_add_data_func (path, &dmarc_cases[i], test_facets);
    }
  g_test_add_func ("/mamori/cli/dmarc/remediation/missing", test_missing_remediation);
  g_test_add_func ("/mamori/cli/dmarc/evidence/non-utf8", test_nonutf8_evidence);
  g_test_add_func ("/mamori/cli/dmarc/evidence/org-fallback", test_org_fallback);
  g_test_add_func ("/mamori/cli/dmarc/input/idn", test_idn);
  g_test_add_data_func ("/mamori/cli/dmarc/text/en", "en", test_text_output);
  g_test_add_data_func ("/mamori/cli/dmarc/text/ja", "ja", test_text_output);
  g_test_add_func ("/mamori/cli/dmarc/resolver/unreachable", test_unreachable_resolver);
  g_test_add_func ("/mamori/cli/dmarc/resolver/silent", test_silent_resolver);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_domains); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/cli/dmarc/input/%s", bad_domains[i].name);
      g_test_add_data_func (path, &bad_domains[i], test_bad_domain);
    }
  return g_test_run ();
}
