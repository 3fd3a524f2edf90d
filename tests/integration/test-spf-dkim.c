/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * domain.spf and domain.dkim against the DNS lab (tests/lab/dns-lab.py): every spf-* and
 * dkim-* zone of tests/lab/zones gives exactly the expected status per facet, and the
 * evidence carries the numbers and names the verdict rests on. The engine runs in-process
 * with a fresh MamoriDns per case, so that no answer is shared between cases.
 */
#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mamori-check.h"
#include "mamori-dns.h"
#include "mamori-test-utils.h"

extern const MamoriCheckDescriptor mamori_check_spf;
extern const MamoriCheckDescriptor mamori_check_dkim;

/* For g_ptr_array_sort, which passes pointers to the elements. */
static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Runs one check on one lab domain; returns its findings. */
static GPtrArray *
run_check (const MamoriCheckDescriptor *descriptor,
           const char                  *domain,
           const char * const          *selectors)
{
  g_autoptr(MamoriCheckOptions) options = mamori_test_lab_options ();
  g_autoptr(MamoriProfile) profile = mamori_profile_new ("lab", MAMORI_ORG_KIND_SME);
  g_autoptr(MamoriDns) dns = NULL;
  g_autoptr(MamoriCheckContext) ctx = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; selectors != NULL && selectors[i] != NULL; i++)
    mamori_profile_add_dkim_selector (profile, selectors[i]);
  dns = mamori_dns_new (options, &error);
  g_assert_no_error (error);
  ctx = mamori_check_context_new (descriptor->id, domain, profile, options, dns, NULL);
  if (!descriptor->run (ctx, &error))
    g_error ("%s on %s could not decide: %s", descriptor->id, domain, error->message);
  /* Into the TAP log, for whoever reads a failure. */
  {
    GPtrArray *findings = mamori_check_context_get_findings (ctx);

    for (guint i = 0; i < findings->len; i++)
      {
        MamoriFinding *f = g_ptr_array_index (findings, i);
        g_autofree char *message = mamori_finding_render_message (f);
        g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (),
                                                          mamori_finding_get_evidence (f));
        g_autofree char *evidence = json_to_string (node, FALSE);

        g_test_message ("%s %s: %s %s", mamori_finding_get_facet (f),
                        mamori_status_to_string (mamori_finding_get_status (f)), message,
                        evidence);
      }
  }
  return mamori_check_context_steal_findings (ctx);
}

/* "facet:status" of every finding, sorted and space-separated: one comparison checks both
 * what is there and that nothing else is. */
static char *
summarize (GPtrArray *findings)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < findings->len; i++)
    {
      MamoriFinding *f = g_ptr_array_index (findings, i);

      g_ptr_array_add (parts, g_strdup_printf ("%s:%s", mamori_finding_get_facet (f),
                                               mamori_status_to_string (mamori_finding_get_status (f))));
    }
  g_ptr_array_sort (parts, compare_strings);
  for (guint i = 0; i < parts->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "", (const char *) parts->pdata[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static MamoriFinding *
find_facet (GPtrArray  *findings,
            const char *facet)
{
  for (guint i = 0; i < findings->len; i++)
    {
      MamoriFinding *f = g_ptr_array_index (findings, i);

      if (g_strcmp0 (mamori_finding_get_facet (f), facet) == 0)
        return f;
    }
  g_error ("no finding with facet %s", facet);
  return NULL;
}

typedef struct {
  const char *zone;
  const char *expected;
  /* Optional: the evidence member "lookups" / "void_lookups" of the lookups / void finding. */
  gint64      lookups;
  gint64      voids;
  const char *record;   /* a substring of the remediation record, when one is expected */
  const char *record_facet;
} SpfCase;

static const SpfCase spf_cases[] = {
  { "spf-good", "all:pass lookups:pass record:pass void:pass", 1, 0, NULL, NULL },
  { "spf-softfail", "all:pass lookups:pass record:pass void:pass", 1, 0,
    "\"v=spf1 mx -all\"", "all" },
  { "spf-plusall", "all:fail lookups:pass record:pass void:pass", 1, 0,
    "spf-plusall.test. IN TXT \"v=spf1 mx -all\"", "all" },
  { "spf-neutral", "all:fail lookups:pass record:pass void:pass", 1, 0,
    "\"v=spf1 mx -all\"", "all" },
  { "spf-noall", "all:warn lookups:pass record:pass void:pass", 1, 0,
    "\"v=spf1 mx -all\"", "all" },
  { "spf-lookups", "all:pass lookups:fail record:pass void:pass", 13, 0, NULL, NULL },
  { "spf-void", "all:pass lookups:pass record:pass void:fail", 4, 3, NULL, NULL },
  { "spf-multi", "record:fail", -1, -1, "ip4:192.0.2.1", "record" },
  { "spf-badip4", "syntax:fail", -1, -1, NULL, NULL },
  { "spf-loop", "all:pass lookups:pass loop:fail record:pass void:pass", 3, 0, NULL, NULL },
  { "spf-ptr", "all:pass lookups:pass ptr:warn record:pass void:pass", 2, 0,
    "spf-ptr.test. IN TXT \"v=spf1 mx -all\"", "ptr" },
  { "spf-redirect", "all:pass lookups:pass record:pass void:pass", 2, 0, NULL, NULL },
  { "spf-include-none", "all:pass include:fail lookups:pass record:pass void:pass", 2, 0,
    "spf-include-none.test. IN TXT \"v=spf1 mx -all\"", "include" },
  { "spf-include-plusall", "all:fail all:pass lookups:pass record:pass void:pass", 2, 0, NULL,
    NULL },
  /* The suggested record is longer than 255 octets, so it comes as two strings. */
  { "spf-long", "all:fail lookups:pass record:pass void:pass", 1, 0,
    "51.100.14 ip\" \"4:198.51", "all" },
  { "spf-nomail", "all:pass lookups:pass nomail:pass record:pass void:pass", 0, 0, NULL, NULL },
  { "spf-nomail-missing", "nomail:fail record:fail", -1, -1,
    "spf-nomail-missing.test. IN TXT \"v=spf1 -all\"", "nomail" },
};

static void
test_spf (gconstpointer data)
{
  const SpfCase *c = data;
  g_autofree char *domain = g_strconcat (c->zone, ".test", NULL);
  g_autoptr(GPtrArray) findings = run_check (&mamori_check_spf, domain, NULL);
  g_autofree char *summary = summarize (findings);

  g_assert_cmpstr (summary, ==, c->expected);
  if (c->lookups >= 0)
    {
      JsonObject *evidence = mamori_finding_get_evidence (find_facet (findings, "lookups"));
      g_assert_cmpint (json_object_get_int_member (evidence, "lookups"), ==, c->lookups);
    }
  if (c->voids >= 0)
    {
      JsonObject *evidence = mamori_finding_get_evidence (find_facet (findings, "void"));
      g_assert_cmpint (json_object_get_int_member (evidence, "void_lookups"), ==, c->voids);
    }
  if (c->record != NULL)
    {
      const char *record = mamori_finding_get_record (find_facet (findings, c->record_facet));

      g_assert_nonnull (record);
      if (strstr (record, c->record) == NULL)
        g_error ("record “%s” does not contain “%s”", record, c->record);
    }
}

/* The evidence tree is nested objects with each record's text. */
static void
test_spf_tree (void)
{
  g_autoptr(GPtrArray) findings = run_check (&mamori_check_spf, "spf-lookups.test", NULL);
  JsonObject *evidence = mamori_finding_get_evidence (find_facet (findings, "record"));
  JsonObject *tree = json_object_get_object_member (evidence, "tree");
  JsonArray *children = json_object_get_array_member (tree, "children");
  JsonObject *l1 = json_array_get_object_element (children, 0);
  JsonObject *l3 = json_array_get_object_element (json_object_get_array_member (l1, "children"), 0);

  g_assert_cmpstr (json_object_get_string_member (tree, "domain"), ==, "spf-lookups.test");
  g_assert_cmpint (json_object_get_int_member (tree, "lookups_total"), ==, 13);
  g_assert_cmpuint (json_array_get_length (children), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (l1, "domain"), ==, "l1.spf-lookups.test");
  g_assert_cmpstr (json_object_get_string_member (l1, "term"), ==,
                   "include:l1.spf-lookups.test");
  g_assert_cmpint (json_object_get_int_member (l1, "lookups_total"), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (l3, "record"), ==,
                   "v=spf1 a:h5.spf-lookups.test exists:h6.spf-lookups.test "
                   "a:h7.spf-lookups.test ~all");
}

typedef struct {
  const char *zone;
  const char *selectors[3];   /* the user's selectors */
  const char *expected;
  const char *bits_selector;  /* a key finding's selector whose size is checked */
  gint64      bits;
  const char *cname;
} DkimCase;

static const DkimCase dkim_cases[] = {
  { "dkim-rsa2048", { NULL }, "key:pass", "selector1", 2048, NULL },
  { "dkim-rsa2048", { "selector1", NULL }, "key:pass", "selector1", 2048, NULL },
  { "dkim-rsa1024", { NULL }, "key:warn", "google", 1024, NULL },
  { "dkim-rsa512", { NULL }, "key:fail", "default", 512, NULL },
  { "dkim-ed25519", { NULL }, "key:pass key:pass", "s1", 256, NULL },
  { "dkim-revoked", { NULL }, "revoked:info", NULL, 0, NULL },
  { "dkim-revoked", { "k1", NULL }, "revoked:warn", NULL, 0, NULL },
  { "dkim-testing", { NULL }, "key:pass testing:warn", "mail", 2048, NULL },
  { "dkim-malformed", { NULL }, "syntax:fail", NULL, 0, NULL },
  { "dkim-cname", { NULL }, "key:pass", "selector1", 2048,
    "selector1-dkim-cname-test._domainkey.dkim-keyhost.test" },
  { "dkim-none", { NULL }, "selector:info", NULL, 0, NULL },
  /* At a selector the user named, the wildcard's "v=spf1 -all" is what a receiver gets. */
  { "dkim-none", { "custom", NULL }, "syntax:fail", NULL, 0, NULL },
  { "dkim-rsa2048", { "custom", NULL }, "key:pass selector:fail", "selector1", 2048, NULL },
};

static void
test_dkim (gconstpointer data)
{
  const DkimCase *c = data;
  g_autofree char *domain = g_strconcat (c->zone, ".test", NULL);
  g_autoptr(GPtrArray) findings = run_check (&mamori_check_dkim, domain, c->selectors);
  g_autofree char *summary = summarize (findings);

  g_assert_cmpstr (summary, ==, c->expected);
  if (c->bits_selector != NULL)
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < findings->len; i++)
        {
          MamoriFinding *f = g_ptr_array_index (findings, i);
          JsonObject *evidence = mamori_finding_get_evidence (f);

          if (g_strcmp0 (mamori_finding_get_facet (f), "key") != 0 ||
              g_strcmp0 (json_object_get_string_member_with_default (evidence, "selector", ""),
                         c->bits_selector) != 0)
            continue;
          seen = TRUE;
          g_assert_cmpint (json_object_get_int_member (evidence, "key_bits"), ==, c->bits);
          g_assert_cmpstr (json_object_get_string_member_with_default (evidence, "cname", NULL),
                           ==, c->cname);
        }
      g_assert_true (seen);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (spf_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/integration/spf/%s", spf_cases[i].zone);
      g_test_add_data_func (path, &spf_cases[i], test_spf);
    }
  g_test_add_func ("/mamori/integration/spf/tree", test_spf_tree);
  for (guint i = 0; i < G_N_ELEMENTS (dkim_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/integration/dkim/%s/%u",
                                               dkim_cases[i].zone, i);
      g_test_add_data_func (path, &dkim_cases[i], test_dkim);
    }
  return g_test_run ();
}
