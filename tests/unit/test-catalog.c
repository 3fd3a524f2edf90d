/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The shipped catalogs and question sets, checked against the live check registry, and the
 * loader's refusal of every kind of damaged catalog in tests/fixtures/catalog-bad/. */
#include "config.h"

#include <string.h>

#include "mamori-catalog.h"
#include "mamori-check-registry.h"
#include "mamori-error.h"
#include "mamori-score.h"

static MamoriCatalog *
load_shipped (void)
{
  g_autoptr(GError) error = NULL;
  MamoriCatalog *catalog = mamori_catalog_load_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

static GStrv
registered_ids (void)
{
  const MamoriCheckDescriptor * const *checks = mamori_builtin_checks ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; checks[i] != NULL; i++)
    g_ptr_array_add (ids, g_strdup (checks[i]->id));
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

/* Fails when an item names an unknown check, or a registered check is mapped by no item:
 * a new check must be given its guideline items. */
static void
test_shipped_checks_match_registry (void)
{
  g_autoptr(MamoriCatalog) catalog = load_shipped ();
  g_auto(GStrv) ids = registered_ids ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_strv_length (ids), >, 0);
  mamori_catalog_validate_checks (catalog, (const char * const *) ids,
                                  mamori_catalog_planned_check_ids (), &error);
  g_assert_no_error (error);
}

static void
test_shipped_documents (void)
{
  static const char * const required[] = {
    "mic-telework-checklist", "mic-telework-guideline", "mic-cloud-settings", "mic-lg-policy",
    "mic-network-auth", "ipa-tls", "mic-iot-router", "mic-wifi", "ipa-5min", "ipa-5kajo",
  };
  g_autoptr(MamoriCatalog) catalog = load_shipped ();
  const MamoriCatalogDocument *doc;
  g_autoptr(GPtrArray) items = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      doc = mamori_catalog_lookup_document (catalog, required[i]);
      g_assert_nonnull (doc);
      g_assert_true (g_str_has_prefix (mamori_catalog_document_get_url (doc), "http"));
      g_assert_cmpstr (mamori_catalog_document_get_edition_note (doc, "ja"), !=, "");
    }
  /* IPA's sheet has exactly 25 questions, numbered 01–25. */
  doc = mamori_catalog_lookup_document (catalog, "ipa-5min");
  items = mamori_catalog_document_get_items (doc);
  g_assert_cmpuint (items->len, ==, 25);
  g_assert_cmpstr (mamori_catalog_item_get_id (items->pdata[24]), ==, "ipa-5min.25");
  g_assert_nonnull (mamori_catalog_lookup_item (catalog, "mic-lg-policy.6.1-mail"));
  g_assert_null (mamori_catalog_lookup_item (catalog, "mic-lg-policy.99"));
}

static gboolean
is_japanese (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_utf8_get_char (p) >= 0x3000)
        return TRUE;
    }
  return FALSE;
}

/* Every item and question has Japanese and English text; every item is decidable for at
 * least one organisation kind, and questions name the items that use them. */
static void
test_shipped_texts (void)
{
  g_autoptr(MamoriCatalog) catalog = load_shipped ();
  g_autoptr(GPtrArray) docs = mamori_catalog_list_documents (catalog);
  g_autoptr(GPtrArray) questions = mamori_catalog_list_all_questions (catalog);
  guint n_items = 0;

  for (guint i = 0; i < docs->len; i++)
    {
      g_autoptr(GPtrArray) items = mamori_catalog_document_get_items (docs->pdata[i]);

      g_assert_true (is_japanese (mamori_catalog_document_get_title (docs->pdata[i], "ja")));
      for (guint j = 0; j < items->len; j++)
        {
          const MamoriCatalogItem *item = items->pdata[j];
          const char *ja = mamori_catalog_item_get_title (item, "ja");
          const char *en = mamori_catalog_item_get_title (item, "en");

          g_assert_true (is_japanese (ja));
          g_assert_cmpstr (ja, !=, en);
          g_assert_cmpuint (mamori_catalog_item_get_weight (item), >=, 1);
          g_assert_cmpuint (mamori_catalog_item_get_weight (item), <=, 5);
          g_assert_cmpuint (mamori_catalog_item_get_effort (item), >=, 1);
          g_assert_cmpuint (mamori_catalog_item_get_effort (item), <=, 3);
          n_items++;
        }
    }
  g_assert_cmpuint (n_items, >=, 100);
  g_assert_cmpuint (questions->len, >=, 50);
  for (guint i = 0; i < questions->len; i++)
    {
      const MamoriQuestion *q = questions->pdata[i];

      g_assert_true (is_japanese (mamori_question_get_text (q, "ja")));
      g_assert_true (is_japanese (mamori_question_get_why (q, "ja")));
      g_assert_false (is_japanese (mamori_question_get_text (q, "en")));
      g_assert_nonnull (mamori_question_get_item_ids (q)[0]);
      g_assert_true (mamori_question_allows_answer (q, MAMORI_ANSWER_UNKNOWN));
    }
}

static void
test_shipped_kinds (void)
{
  g_autoptr(MamoriCatalog) catalog = load_shipped ();
  g_autoptr(GPtrArray) sme = mamori_catalog_list_questions (catalog, MAMORI_ORG_KIND_SME);
  g_autoptr(GPtrArray) muni = mamori_catalog_list_questions (catalog,
                                                             MAMORI_ORG_KIND_MUNICIPALITY);
  const MamoriQuestion *lg = mamori_catalog_lookup_question (catalog, "q.lg.network_model");

  g_assert_nonnull (lg);
  g_assert_false (g_ptr_array_find (sme, lg, NULL));
  g_assert_true (g_ptr_array_find (muni, lg, NULL));
  g_assert_cmpuint (sme->len, <, mamori_catalog_list_all_questions (catalog)->len);
  g_assert_false (mamori_catalog_document_applies_to (
                    mamori_catalog_lookup_document (catalog, "mic-lg-policy"),
                    MAMORI_ORG_KIND_SME));
}

static void
test_version (void)
{
  g_autoptr(MamoriCatalog) a = load_shipped ();
  g_autoptr(MamoriCatalog) b = load_shipped ();
  const char *version = mamori_catalog_get_version (a);
  g_autofree char *expected_prefix = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("MAMORI_DATA_DIR"), "catalog", "VERSION",
                                            NULL);
  g_autofree char *base = NULL;

  g_assert_true (g_file_get_contents (path, &base, NULL, NULL));
  expected_prefix = g_strconcat (g_strstrip (base), "+", NULL);
  g_assert_true (g_str_has_prefix (version, expected_prefix));
  g_assert_cmpuint (strlen (version), ==, strlen (expected_prefix) + 12);
  /* Stable for the same content. */
  g_assert_cmpstr (version, ==, mamori_catalog_get_version (b));
}

static char *
version_of (const char *questions,
            const char *document)
{
  g_autoptr(MamoriCatalog) catalog = mamori_catalog_new ();
  g_autoptr(GError) error = NULL;

  mamori_catalog_add_questions_data (catalog, "q.json", questions, -1, &error);
  g_assert_no_error (error);
  mamori_catalog_add_document_data (catalog, "d.json", document, -1, &error);
  g_assert_no_error (error);
  mamori_catalog_finish (catalog, "3", &error);
  g_assert_no_error (error);
  return g_strdup (mamori_catalog_get_version (catalog));
}

/* Any change to the content gives another version, so old scores are never silently
 * compared with new ones. */
static void
test_version_changes (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fixtures", "catalog-good", NULL);
  g_autofree char *qpath = g_build_filename (dir, "questions", "fx.json", NULL);
  g_autofree char *dpath = g_build_filename (dir, "catalog", "fx.json", NULL);
  g_autofree char *qdata = NULL;
  g_autofree char *ddata = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  char *weight;

  g_assert_true (g_file_get_contents (qpath, &qdata, NULL, NULL));
  g_assert_true (g_file_get_contents (dpath, &ddata, NULL, NULL));
  a = version_of (qdata, ddata);
  b = version_of (qdata, ddata);
  g_assert_cmpstr (a, ==, b);
  weight = strstr (ddata, "\"weight\": 3");
  g_assert_nonnull (weight);
  weight[strlen ("\"weight\": ")] = '4';
  c = version_of (qdata, ddata);
  g_assert_cmpstr (a, !=, c);
  g_assert_true (g_str_has_prefix (c, "3+"));
}

/* Fills a finding's refs from the items that name its check or check:facet. */
static void
test_guideline_refs (void)
{
  g_autoptr(MamoriCatalog) catalog = load_shipped ();
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  MamoriFinding *policy = mamori_finding_new ("domain.dmarc", "example.jp", MAMORI_STATUS_WARN,
                                              MAMORI_SEVERITY_MEDIUM);
  MamoriFinding *record = mamori_finding_new ("domain.dmarc", "example.jp", MAMORI_STATUS_PASS,
                                              MAMORI_SEVERITY_INFO);
  const char * const *refs;

  mamori_finding_set_facet (policy, "policy");
  mamori_finding_set_facet (record, "record");
  g_ptr_array_add (findings, policy);
  g_ptr_array_add (findings, record);
  mamori_catalog_fill_guideline_refs (catalog, MAMORI_ORG_KIND_MUNICIPALITY, findings);

  refs = mamori_finding_get_guideline_refs (policy);
  g_assert_true (g_strv_contains (refs, "mic-network-auth.dm-enforce"));
  g_assert_true (g_strv_contains (refs, "mic-lg-policy.6.1-mail"));   /* whole check */
  g_assert_false (g_strv_contains (refs, "mic-network-auth.dm-dmarc"));  /* other facet */
  refs = mamori_finding_get_guideline_refs (record);
  g_assert_true (g_strv_contains (refs, "mic-network-auth.dm-dmarc"));
  g_assert_false (g_strv_contains (refs, "mic-network-auth.dm-enforce"));

  /* Municipality-only items are not referenced for an SME. */
  mamori_catalog_fill_guideline_refs (catalog, MAMORI_ORG_KIND_SME, findings);
  g_assert_false (g_strv_contains (mamori_finding_get_guideline_refs (policy),
                                   "mic-lg-policy.6.1-mail"));
}

/* validate_checks itself: each rule can fail. */
static void
test_validate_checks_rules (void)
{
  g_autoptr(MamoriCatalog) catalog = load_shipped ();
  static const char * const none_planned[] = { NULL };
  static const char * const too_few[] = { "domain.dmarc", NULL };
  g_auto(GStrv) registered = registered_ids ();
  g_auto(GStrv) too_many = NULL;
  g_autoptr(GError) error = NULL;
  guint n = g_strv_length (registered);

  too_many = g_new0 (char *, n + 2);
  for (guint i = 0; i < n; i++)
    too_many[i] = g_strdup (registered[i]);
  too_many[n] = g_strdup ("domain.unmapped");
  g_assert_false (mamori_catalog_validate_checks (catalog, (const char * const *) too_many,
                                                  mamori_catalog_planned_check_ids (), &error));
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "domain.unmapped"));
  g_clear_error (&error);

  /* Planned ids that are not on the documented list are refused. */
  g_assert_false (mamori_catalog_validate_checks (catalog, (const char * const *) registered,
                                                  none_planned, &error));
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "neither registered nor planned"));
  g_clear_error (&error);

  /* A check named by an item that is not marked planned must be registered. */
  g_assert_false (mamori_catalog_validate_checks (catalog, too_few,
                                                  mamori_catalog_planned_check_ids (), &error));
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "which does not exist"));
}

typedef struct {
  const char *name;
  const char *expected;   /* a piece of the error message */
} BadCase;

static const BadCase bad_cases[] = {
  { "bad-json", "not valid JSON" },
  { "not-object", "top level must be a JSON object" },
  { "empty-file", "top level must be a JSON object" },
  { "missing-ja", "has no Japanese text" },
  { "english-in-ja", "is not in Japanese" },
  { "duplicate-item", "duplicate item id" },
  { "duplicate-document", "duplicate document id" },
  { "unknown-field", "unknown field “wieght”" },
  { "weight-type", "“weight” must be a whole number" },
  { "weight-range", "“weight” must be between 1 and 5" },
  { "unknown-question", "unknown question “q.nothing.here”" },
  { "question-missing-ja", "has no Japanese text" },
  { "duplicate-question", "duplicate question id" },
  { "unused-question", "no guideline item uses this question" },
  { "bad-check-id", "is not a valid id" },
  { "item-prefix", "the id must be" },
  { "no-evidence", "names no check and no question" },
  { "check-first-alone", "needs both checks and questions" },
  { "planned-no-question", "a planned item needs a question" },
  { "stale-question-items", "is not listed in “items”" },
  { "bad-combine", "“combine” must be" },
  { "bad-kind", "“applies_to”" },
  { "missing-version", "Cannot read the catalog" },
};

static void
test_bad_fixture (gconstpointer data)
{
  const BadCase *bad = data;
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fixtures", "catalog-bad",
                                                bad->name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCatalog) catalog = mamori_catalog_load_dir (dir, &error);

  g_assert_null (catalog);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA);
  if (strstr (error->message, bad->expected) == NULL)
    g_error ("%s: expected “%s” in “%s”", bad->name, bad->expected, error->message);
  /* The message names the file (every case but the missing VERSION file). */
  if (!g_str_equal (bad->name, "missing-version"))
    g_assert_true (strstr (error->message, ".json") != NULL);
}

/* The good twin of the bad fixtures loads, so each bad case fails for its own reason. */
static void
test_good_fixture (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fixtures", "catalog-good", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCatalog) catalog = mamori_catalog_load_dir (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (mamori_catalog_lookup_item (catalog, "fx.1"));
}

typedef struct {
  const char *json;
  gboolean    ok;
  const char *expected;
} AnswersCase;

static const AnswersCase answers_cases[] = {
  { "{\"q.backup.offline_copy\": \"yes\", \"q.staff.training\": \"unknown\"}", TRUE, NULL },
  { "{\"answers\": {\"q.backup.offline_copy\": \"partly\"}}", TRUE, NULL },
  { "{}", TRUE, NULL },
  { "{\"q.no.such\": \"yes\"}", FALSE, "q.no.such" },
  { "{\"q.backup.offline_copy\": \"maybe\"}", FALSE, "q.backup.offline_copy" },
  { "{\"q.backup.offline_copy\": 1}", FALSE, "q.backup.offline_copy" },
  { "[\"yes\"]", FALSE, "JSON object" },
  { " \n", FALSE, "JSON object" },
  { "{\"q.backup", FALSE, "not valid JSON" },
};

static void
test_answers (void)
{
  g_autoptr(MamoriCatalog) catalog = load_shipped ();

  for (guint i = 0; i < G_N_ELEMENTS (answers_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) answers = mamori_answers_from_data (catalog, answers_cases[i].json,
                                                                -1, &error);

      if (answers_cases[i].ok)
        {
          g_autoptr(JsonNode) back = NULL;
          g_autoptr(GHashTable) again = NULL;

          g_assert_no_error (error);
          back = mamori_answers_to_json (answers);
          again = mamori_answers_from_json (catalog, back, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (g_hash_table_size (again), ==, g_hash_table_size (answers));
        }
      else
        {
          g_assert_null (answers);
          g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
          g_assert_nonnull (strstr (error->message, answers_cases[i].expected));
        }
    }
}

static void
test_answer_strings (void)
{
  for (MamoriAnswer a = MAMORI_ANSWER_FIRST; a <= MAMORI_ANSWER_LAST; a++)
    {
      MamoriAnswer back = 0;

      g_assert_true (mamori_answer_from_string (mamori_answer_to_string (a), &back));
      g_assert_cmpint (back, ==, a);
      g_assert_cmpstr (mamori_answer_to_label (a), !=, "");
    }
  g_assert_false (mamori_answer_from_string ("maybe", &(MamoriAnswer) { 0 }));
  g_assert_false (mamori_answer_from_string (NULL, &(MamoriAnswer) { 0 }));
}

/* Every item is decidable from the questionnaire alone, except the ones that only a check can
 * decide (their evidence names no question): all "yes" gives 100 and leaves exactly those. */
static void
test_shipped_all_yes (void)
{
  g_autoptr(MamoriCatalog) catalog = load_shipped ();
  g_autoptr(GPtrArray) questions = mamori_catalog_list_all_questions (catalog);

  for (MamoriOrgKind kind = MAMORI_ORG_KIND_SME; kind <= MAMORI_ORG_KIND_MUNICIPALITY; kind++)
    {
      g_autoptr(GHashTable) yes = mamori_answers_new ();
      g_autoptr(GHashTable) no = mamori_answers_new ();
      g_autoptr(MamoriScore) good = NULL;
      g_autoptr(MamoriScore) bad = NULL;
      g_autoptr(GPtrArray) priorities = NULL;
      const char * const *open;

      for (guint i = 0; i < questions->len; i++)
        {
          mamori_answers_set (yes, mamori_question_get_id (questions->pdata[i]), MAMORI_ANSWER_YES);
          mamori_answers_set (no, mamori_question_get_id (questions->pdata[i]), MAMORI_ANSWER_NO);
        }
      good = mamori_score_compute (catalog, kind, NULL, yes);
      g_assert_cmpfloat (mamori_score_get_overall (good), ==, 100.0);
      open = mamori_score_get_undecided (good);
      g_assert_nonnull (open[0]);
      for (guint i = 0; open[i] != NULL; i++)
        {
          const MamoriCatalogItem *item = mamori_catalog_lookup_item (catalog, open[i]);

          g_assert_nonnull (item);
          g_assert_null (mamori_catalog_item_get_questions (item)[0]);
        }
      bad = mamori_score_compute (catalog, kind, NULL, no);
      g_assert_cmpfloat (mamori_score_get_overall (bad), ==, 0.0);
      priorities = mamori_score_get_priorities (bad);
      g_assert_cmpuint (priorities->len, >, 10);
      g_assert_cmpuint (mamori_catalog_item_get_weight (priorities->pdata[0]), ==, 5);
    }
}

/* A catalog with a file that failed to load is refused as a whole. */
static void
test_broken_refused (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fixtures", "catalog-good", NULL);
  g_autofree char *qpath = g_build_filename (dir, "questions", "fx.json", NULL);
  g_autofree char *dpath = g_build_filename (dir, "catalog", "fx.json", NULL);
  g_autofree char *qdata = NULL;
  g_autofree char *ddata = NULL;
  g_autoptr(MamoriCatalog) catalog = mamori_catalog_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (qpath, &qdata, NULL, NULL));
  g_assert_true (g_file_get_contents (dpath, &ddata, NULL, NULL));
  g_assert_false (mamori_catalog_add_document_data (catalog, "broken.json", "{\"id\": 1}", -1,
                                                    &error));
  g_clear_error (&error);
  g_assert_true (mamori_catalog_add_questions_data (catalog, "q.json", qdata, -1, &error));
  g_assert_true (mamori_catalog_add_document_data (catalog, "d.json", ddata, -1, &error));
  g_assert_false (mamori_catalog_finish (catalog, "1", &error));
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mamori/data/catalog/shipped-checks-match-registry",
                   test_shipped_checks_match_registry);
  g_test_add_func ("/mamori/data/catalog/shipped-documents", test_shipped_documents);
  g_test_add_func ("/mamori/data/catalog/shipped-texts", test_shipped_texts);
  g_test_add_func ("/mamori/data/catalog/shipped-kinds", test_shipped_kinds);
  g_test_add_func ("/mamori/data/catalog/version", test_version);
  g_test_add_func ("/mamori/data/catalog/version-changes", test_version_changes);
  g_test_add_func ("/mamori/data/catalog/guideline-refs", test_guideline_refs);
  g_test_add_func ("/mamori/data/catalog/validate-checks-rules", test_validate_checks_rules);
  g_test_add_func ("/mamori/data/catalog/good-fixture", test_good_fixture);
  g_test_add_func ("/mamori/data/catalog/shipped-all-yes", test_shipped_all_yes);
  g_test_add_func ("/mamori/data/catalog/broken-refused", test_broken_refused);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/data/catalog/bad/%s", bad_cases[i].name);

      g_test_add_data_func (path, &bad_cases[i], test_bad_fixture);
    }
  g_test_add_func ("/mamori/data/catalog/answers", test_answers);
  g_test_add_func ("/mamori/data/catalog/answer-strings", test_answer_strings);
  return g_test_run ();
}
