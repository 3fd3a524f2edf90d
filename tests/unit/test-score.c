/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scoring: golden figures that pin the arithmetic, the evidence rules one by one, undecided
 * handling, applies_to filtering and the order of "まず取り組むべき対策". */
#include "config.h"

#include <string.h>

#include "mamori-catalog.h"
#include "mamori-score.h"

/* Two documents in two families; t-a.3/t-b.1 and t-a.5/t-b.2 share their evidence. */
static const char questions_json[] =
  "{\"questions\": ["
  " {\"id\": \"q.t.backup\", \"text\": {\"ja\": \"バックアップ？\", \"en\": \"Backup?\"},"
  "  \"why\": {\"ja\": \"理由。\", \"en\": \"Why.\"}},"
  " {\"id\": \"q.t.mail\", \"text\": {\"ja\": \"メール？\", \"en\": \"Mail?\"},"
  "  \"why\": {\"ja\": \"理由。\", \"en\": \"Why.\"}},"
  " {\"id\": \"q.t.training\", \"text\": {\"ja\": \"研修？\", \"en\": \"Training?\"},"
  "  \"why\": {\"ja\": \"理由。\", \"en\": \"Why.\"}},"
  " {\"id\": \"q.t.unknown\", \"text\": {\"ja\": \"不明？\", \"en\": \"Unknown?\"},"
  "  \"why\": {\"ja\": \"理由。\", \"en\": \"Why.\"}},"
  " {\"id\": \"q.t.lg\", \"text\": {\"ja\": \"自治体？\", \"en\": \"Municipal?\"},"
  "  \"why\": {\"ja\": \"理由。\", \"en\": \"Why.\"}, \"applies_to\": [\"municipality\"]},"
  " {\"id\": \"q.t.na\", \"text\": {\"ja\": \"該当？\", \"en\": \"Applies?\"},"
  "  \"why\": {\"ja\": \"理由。\", \"en\": \"Why.\"}}"
  "]}";

#define ITEM(id, w, e, evidence) \
  "{\"id\": \"" id "\", \"title\": {\"ja\": \"項目\", \"en\": \"Item\"}, \"priority\": \"basic\"," \
  " \"weight\": " #w ", \"effort\": " #e ", \"evidence\": " evidence "}"
#define DOC_HEAD(id, family, kinds) \
  "{\"id\": \"" id "\", \"title\": {\"ja\": \"文書\", \"en\": \"Doc\"}, \"publisher\": \"テスト\"," \
  " \"version\": \"1\", \"date\": \"2026-01-01\", \"url\": \"https://example.org/\"," \
  " \"edition_note\": {\"ja\": \"版\"}, \"family\": \"" family "\", \"applies_to\": " kinds ","

static const char doc_a[] =
  DOC_HEAD ("t-a", "domain", "[\"sme\", \"municipality\"]")
  " \"items\": ["
  ITEM ("t-a.1", 5, 1, "{\"checks\": [\"domain.dmarc:record\"]}") ","
  ITEM ("t-a.2", 5, 2, "{\"questions\": [\"q.t.backup\"]}") ","
  ITEM ("t-a.3", 5, 1, "{\"checks\": [\"domain.dmarc:policy\"]}") ","
  "{\"id\": \"t-a.4\", \"title\": {\"ja\": \"項目\", \"en\": \"Item\"}, \"priority\": \"basic\","
  " \"weight\": 4, \"effort\": 2, \"planned\": true, \"evidence\": {\"checks\": [\"domain.spf\"],"
  " \"questions\": [\"q.t.mail\"], \"combine\": \"check_first\"}},"
  ITEM ("t-a.5", 1, 3, "{\"questions\": [\"q.t.training\"]}") ","
  ITEM ("t-a.6", 3, 1, "{\"questions\": [\"q.t.unknown\"]}") ","
  ITEM ("t-a.7", 2, 1, "{\"checks\": [\"domain.dmarc:rua\"]}") ","
  "{\"id\": \"t-a.8\", \"title\": {\"ja\": \"項目\", \"en\": \"Item\"}, \"priority\": \"basic\","
  " \"weight\": 5, \"effort\": 1, \"applies_to\": [\"municipality\"],"
  " \"evidence\": {\"questions\": [\"q.t.lg\"]}},"
  ITEM ("t-a.9", 2, 1, "{\"questions\": [\"q.t.na\"]}") ","
  ITEM ("t-a.10", 3, 1, "{\"checks\": [\"domain.dmarc:nomail\"]}")
  "]}";

static const char doc_b[] =
  DOC_HEAD ("t-b", "organisation", "[\"sme\"]")
  " \"scoring\": {\"native\": {\"answers\": {\"yes\": 4, \"partly\": 2, \"no\": 0,"
  " \"unknown\": -1}, \"bands\": [8, 4, 0]}},"
  " \"items\": ["
  ITEM ("t-b.1", 5, 1, "{\"checks\": [\"domain.dmarc:policy\"]}") ","
  ITEM ("t-b.2", 2, 1, "{\"questions\": [\"q.t.training\"]}") ","
  ITEM ("t-b.3", 3, 1, "{\"questions\": [\"q.t.backup\", \"q.t.training\"]}")
  "]}";

static MamoriCatalog *
golden_catalog (void)
{
  g_autoptr(MamoriCatalog) catalog = mamori_catalog_new ();
  g_autoptr(GError) error = NULL;

  mamori_catalog_add_questions_data (catalog, "t.json", questions_json, -1, &error);
  g_assert_no_error (error);
  mamori_catalog_add_document_data (catalog, "t-a.json", doc_a, -1, &error);
  g_assert_no_error (error);
  mamori_catalog_add_document_data (catalog, "t-b.json", doc_b, -1, &error);
  g_assert_no_error (error);
  mamori_catalog_finish (catalog, "7", &error);
  g_assert_no_error (error);
  return g_steal_pointer (&catalog);
}

static void
add_finding (GPtrArray    *findings,
             const char   *check_id,
             const char   *facet,
             MamoriStatus  status)
{
  MamoriFinding *f = mamori_finding_new (check_id, "example.jp", status, MAMORI_SEVERITY_INFO);

  if (facet != NULL)
    mamori_finding_set_facet (f, facet);
  g_ptr_array_add (findings, f);
}

static GPtrArray *
golden_findings (void)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);

  add_finding (findings, "domain.dmarc", "record", MAMORI_STATUS_PASS);
  add_finding (findings, "domain.dmarc", "policy", MAMORI_STATUS_WARN);
  add_finding (findings, "domain.dmarc", "rua", MAMORI_STATUS_ERROR);
  add_finding (findings, "domain.dmarc", "syntax", MAMORI_STATUS_INFO);
  return findings;
}

static GHashTable *
golden_answers (void)
{
  GHashTable *answers = mamori_answers_new ();

  mamori_answers_set (answers, "q.t.backup", MAMORI_ANSWER_YES);
  mamori_answers_set (answers, "q.t.mail", MAMORI_ANSWER_PARTLY);
  mamori_answers_set (answers, "q.t.training", MAMORI_ANSWER_NO);
  mamori_answers_set (answers, "q.t.unknown", MAMORI_ANSWER_UNKNOWN);
  mamori_answers_set (answers, "q.t.na", MAMORI_ANSWER_NOT_APPLICABLE);
  return answers;
}

static void
assert_item (MamoriScore      *score,
             const char       *id,
             MamoriItemStatus  status,
             double            value)
{
  double got = -2;

  g_assert_cmpstr (mamori_item_status_to_string (mamori_score_get_item (score, id, &got)), ==,
                   mamori_item_status_to_string (status));
  g_assert_cmpfloat_with_epsilon (got, value, 1e-9);
}

/* t-a (SME): (5×1 + 5×1 + 5×0.5 + 4×0.5 + 1×0) / 20 = 72.5 %;
 * t-b: (5×0.5 + 2×0 + 3×0.5) / 10 = 40 %;
 * overall, each evidence once at its heaviest weight: 16 / 24 = 66.7 %. */
static void
test_golden_sme (void)
{
  g_autoptr(MamoriCatalog) catalog = golden_catalog ();
  g_autoptr(GPtrArray) findings = golden_findings ();
  g_autoptr(GHashTable) answers = golden_answers ();
  g_autoptr(MamoriScore) score = mamori_score_compute (catalog, MAMORI_ORG_KIND_SME, findings,
                                                       answers);
  double value = 0;
  guint decided = 0, undecided = 0;

  assert_item (score, "t-a.1", MAMORI_ITEM_STATUS_PASS, 1);
  assert_item (score, "t-a.2", MAMORI_ITEM_STATUS_PASS, 1);
  assert_item (score, "t-a.3", MAMORI_ITEM_STATUS_PARTIAL, 0.5);
  assert_item (score, "t-a.4", MAMORI_ITEM_STATUS_PARTIAL, 0.5);   /* no check: the answer */
  assert_item (score, "t-a.5", MAMORI_ITEM_STATUS_FAIL, 0);
  assert_item (score, "t-a.6", MAMORI_ITEM_STATUS_UNDECIDED, -1);  /* "don't know" */
  assert_item (score, "t-a.7", MAMORI_ITEM_STATUS_UNDECIDED, -1);  /* check error */
  assert_item (score, "t-a.8", MAMORI_ITEM_STATUS_EXCLUDED, -1);   /* municipality only */
  assert_item (score, "t-a.9", MAMORI_ITEM_STATUS_EXCLUDED, -1);   /* not applicable */
  assert_item (score, "t-a.10", MAMORI_ITEM_STATUS_EXCLUDED, -1);  /* facet not reached */
  assert_item (score, "t-b.3", MAMORI_ITEM_STATUS_PARTIAL, 0.5);   /* mean of yes and no */

  g_assert_true (mamori_score_get_document (score, "t-a", &value, &decided, &undecided));
  g_assert_cmpfloat (value, ==, 72.5);
  g_assert_cmpuint (decided, ==, 5);
  g_assert_cmpuint (undecided, ==, 2);
  g_assert_true (mamori_score_get_document (score, "t-b", &value, &decided, &undecided));
  g_assert_cmpfloat (value, ==, 40.0);
  g_assert_cmpuint (decided, ==, 3);
  g_assert_cmpuint (undecided, ==, 0);
  g_assert_cmpfloat (mamori_score_get_family (score, "domain"), ==, 72.5);
  g_assert_cmpfloat (mamori_score_get_family (score, "organisation"), ==, 40.0);
  g_assert_cmpfloat (mamori_score_get_family (score, "cloud"), <, 0);
  g_assert_cmpfloat (mamori_score_get_overall (score), ==, 66.7);
  g_assert_cmpstr (mamori_score_get_catalog_version (score), ==,
                   mamori_catalog_get_version (catalog));
  g_assert_true (g_str_has_prefix (mamori_score_get_catalog_version (score), "7+"));

  {
    const char * const *open = mamori_score_get_undecided (score);

    g_assert_cmpuint (g_strv_length ((GStrv) open), ==, 2);
    g_assert_cmpstr (open[0], ==, "t-a.6");
    g_assert_cmpstr (open[1], ==, "t-a.7");
  }
}

/* Weight desc, effort asc, id; t-b.1 repeats t-a.3's evidence and t-a.5 repeats t-b.2's. */
static void
test_priorities (void)
{
  static const char * const expected[] = { "t-a.3", "t-a.4", "t-b.3", "t-b.2" };
  g_autoptr(MamoriCatalog) catalog = golden_catalog ();
  g_autoptr(GPtrArray) findings = golden_findings ();
  g_autoptr(GHashTable) answers = golden_answers ();
  g_autoptr(MamoriScore) score = mamori_score_compute (catalog, MAMORI_ORG_KIND_SME, findings,
                                                       answers);
  g_autoptr(GPtrArray) priorities = mamori_score_get_priorities (score);
  g_autoptr(JsonNode) json = mamori_score_to_json (score);
  JsonArray *array = json_object_get_array_member (json_node_get_object (json), "priorities");
  JsonObject *first;

  g_assert_cmpuint (priorities->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < priorities->len; i++)
    g_assert_cmpstr (mamori_catalog_item_get_id (priorities->pdata[i]), ==, expected[i]);

  g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (expected));
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "item"), ==, "t-a.3");
  g_assert_cmpstr (json_object_get_string_member (first, "document"), ==, "t-a");
  g_assert_cmpint (json_object_get_int_member (first, "weight"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (first, "effort"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "title"),
                                                  "ja"), ==, "項目");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "also")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (first, "also"),
                                                  0), ==, "t-b.1");
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (json_array_get_object_element (array, 3),
                                                   "also"), 0), ==, "t-a.5");
}

/* A municipality: t-b does not apply, t-a.8 does and is unanswered. */
static void
test_golden_municipality (void)
{
  g_autoptr(MamoriCatalog) catalog = golden_catalog ();
  g_autoptr(GPtrArray) findings = golden_findings ();
  g_autoptr(GHashTable) answers = golden_answers ();
  g_autoptr(MamoriScore) score = mamori_score_compute (catalog, MAMORI_ORG_KIND_MUNICIPALITY,
                                                       findings, answers);
  double value = 0;
  guint decided = 0, undecided = 0;

  g_assert_false (mamori_score_get_document (score, "t-b", NULL, NULL, NULL));
  assert_item (score, "t-a.8", MAMORI_ITEM_STATUS_UNDECIDED, -1);
  g_assert_true (mamori_score_get_document (score, "t-a", &value, &decided, &undecided));
  g_assert_cmpfloat (value, ==, 72.5);
  g_assert_cmpuint (undecided, ==, 3);
  /* t-a alone, nothing shared: the same figure. */
  g_assert_cmpfloat (mamori_score_get_overall (score), ==, 72.5);
  g_assert_cmpfloat (mamori_score_get_family (score, "organisation"), <, 0);

  /* Answering the municipal question yes: (14.5 + 5) / 25 = 78 %. */
  mamori_answers_set (answers, "q.t.lg", MAMORI_ANSWER_YES);
  g_clear_pointer (&score, mamori_score_unref);
  score = mamori_score_compute (catalog, MAMORI_ORG_KIND_MUNICIPALITY, findings, answers);
  g_assert_true (mamori_score_get_document (score, "t-a", &value, &decided, &undecided));
  g_assert_cmpfloat (value, ==, 78.0);
}

/* Nothing known: every score is null, every applicable item undecided, nothing to do first. */
static void
test_nothing_decided (void)
{
  g_autoptr(MamoriCatalog) catalog = golden_catalog ();
  g_autoptr(MamoriScore) score = mamori_score_compute (catalog, MAMORI_ORG_KIND_SME, NULL, NULL);
  g_autoptr(JsonNode) json = mamori_score_to_json (score);
  JsonObject *root = json_node_get_object (json);
  JsonObject *doc;
  g_autoptr(GPtrArray) priorities = mamori_score_get_priorities (score);

  g_assert_cmpfloat (mamori_score_get_overall (score), <, 0);
  g_assert_true (json_object_get_null_member (root, "overall"));
  doc = json_object_get_object_member (json_object_get_object_member (root, "documents"), "t-a");
  g_assert_true (json_object_get_null_member (doc, "score"));
  g_assert_cmpint (json_object_get_int_member (doc, "decided"), ==, 0);
  /* 9 SME items of t-a (t-a.8 is municipal) and t-b's 3 */
  g_assert_cmpint (json_object_get_int_member (doc, "undecided"), ==, 9);
  g_assert_cmpuint (priorities->len, ==, 0);
  g_assert_cmpuint (g_strv_length ((GStrv) mamori_score_get_undecided (score)), ==, 12);
  {
    JsonObject *native = json_object_get_object_member (
      json_object_get_object_member (json_object_get_object_member (root, "documents"), "t-b"),
      "native");

    g_assert_cmpint (json_object_get_int_member (native, "points"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (native, "unanswered"), ==, 2);
    g_assert_true (json_object_get_null_member (native, "band"));
  }
}

static void
test_json_shape (void)
{
  g_autoptr(MamoriCatalog) catalog = golden_catalog ();
  g_autoptr(GPtrArray) findings = golden_findings ();
  g_autoptr(GHashTable) answers = golden_answers ();
  g_autoptr(MamoriScore) score = mamori_score_compute (catalog, MAMORI_ORG_KIND_SME, findings,
                                                       answers);
  g_autoptr(JsonNode) json = mamori_score_to_json (score);
  g_autofree char *text = json_to_string (json, FALSE);
  JsonObject *root = json_node_get_object (json);
  JsonObject *doc = json_object_get_object_member (json_object_get_object_member (root,
                                                                                  "documents"),
                                                   "t-a");
  JsonArray *items = json_object_get_array_member (doc, "items");
  JsonObject *fam = json_object_get_object_member (json_object_get_object_member (root,
                                                                                  "families"),
                                                   "domain");

  g_assert_cmpfloat (json_object_get_double_member (root, "overall"), ==, 66.7);
  g_assert_cmpstr (json_object_get_string_member (root, "catalog_version"), ==,
                   mamori_catalog_get_version (catalog));
  g_assert_cmpstr (json_object_get_string_member (root, "org_kind"), ==, "sme");
  g_assert_cmpfloat (json_object_get_double_member (doc, "score"), ==, 72.5);
  g_assert_cmpuint (json_array_get_length (items), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 2),
                                                  "status"), ==, "partial");
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (items, 2),
                                                    "score"), ==, 0.5);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (items, 5),
                                              "score"));
  g_assert_cmpfloat (json_object_get_double_member (fam, "score"), ==, 72.5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "undecided")),
                    ==, 2);
  g_assert_nonnull (strstr (text, "\"families\""));

  /* IPA-style points from each item's first question: t-b.2 no (0), t-b.3 yes (4);
   * t-b.1 has no question. Band: the first threshold reached. */
  {
    JsonObject *b = json_object_get_object_member (json_object_get_object_member (root,
                                                                                  "documents"),
                                                   "t-b");
    JsonObject *native = json_object_get_object_member (b, "native");

    g_assert_nonnull (native);
    g_assert_cmpint (json_object_get_int_member (native, "points"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (native, "max"), ==, 8);
    g_assert_cmpint (json_object_get_int_member (native, "unanswered"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (native, "band"), ==, 4);
    g_assert_false (json_object_has_member (doc, "native"));
  }
}

/* The evidence rules, one row each, on a one-item catalog. */
typedef struct {
  const char       *name;
  const char       *evidence;
  const char       *findings;   /* "facet=status,…" of domain.dmarc ("-" = no facet) */
  const char       *answers;    /* "q.t.backup=yes,…" */
  MamoriItemStatus  status;
  double            score;
} RuleCase;

static const RuleCase rule_cases[] = {
  { "all-pass", "{\"checks\": [\"domain.dmarc\"]}", "-=pass,-=info", "",
    MAMORI_ITEM_STATUS_PASS, 1 },
  { "any-fail", "{\"checks\": [\"domain.dmarc\"]}", "-=pass,-=fail,-=warn", "",
    MAMORI_ITEM_STATUS_FAIL, 0 },
  { "warn-partial", "{\"checks\": [\"domain.dmarc\"]}", "-=pass,-=warn", "",
    MAMORI_ITEM_STATUS_PARTIAL, 0.5 },
  { "error-undecided", "{\"checks\": [\"domain.dmarc\"]}", "-=pass,-=error", "",
    MAMORI_ITEM_STATUS_UNDECIDED, -1 },
  { "fail-beats-error", "{\"checks\": [\"domain.dmarc\"]}", "-=error,-=fail", "",
    MAMORI_ITEM_STATUS_FAIL, 0 },
  { "missing-undecided", "{\"checks\": [\"domain.dmarc\"]}", "", "",
    MAMORI_ITEM_STATUS_UNDECIDED, -1 },
  { "only-na", "{\"checks\": [\"domain.dmarc\"]}", "-=not_applicable", "",
    MAMORI_ITEM_STATUS_EXCLUDED, -1 },
  { "facet-selects", "{\"checks\": [\"domain.dmarc:policy\"]}", "policy=fail,rua=pass", "",
    MAMORI_ITEM_STATUS_FAIL, 0 },
  { "facet-selects-pass", "{\"checks\": [\"domain.dmarc:policy\"]}", "policy=pass,rua=warn", "",
    MAMORI_ITEM_STATUS_PASS, 1 },
  { "facet-record-missing", "{\"checks\": [\"domain.dmarc:policy\"]}", "record=fail", "",
    MAMORI_ITEM_STATUS_FAIL, 0 },
  { "facet-check-error", "{\"checks\": [\"domain.dmarc:policy\"]}", "-=error", "",
    MAMORI_ITEM_STATUS_UNDECIDED, -1 },
  { "yes", "{\"questions\": [\"q.t.backup\"]}", "", "q.t.backup=yes",
    MAMORI_ITEM_STATUS_PASS, 1 },
  { "partly", "{\"questions\": [\"q.t.backup\"]}", "", "q.t.backup=partly",
    MAMORI_ITEM_STATUS_PARTIAL, 0.5 },
  { "no", "{\"questions\": [\"q.t.backup\"]}", "", "q.t.backup=no",
    MAMORI_ITEM_STATUS_FAIL, 0 },
  { "unanswered", "{\"questions\": [\"q.t.backup\"]}", "", "",
    MAMORI_ITEM_STATUS_UNDECIDED, -1 },
  { "unknown", "{\"questions\": [\"q.t.backup\"]}", "", "q.t.backup=unknown",
    MAMORI_ITEM_STATUS_UNDECIDED, -1 },
  { "not-applicable", "{\"questions\": [\"q.t.backup\"]}", "", "q.t.backup=not_applicable",
    MAMORI_ITEM_STATUS_EXCLUDED, -1 },
  { "mean-with-na", "{\"questions\": [\"q.t.backup\", \"q.t.mail\", \"q.t.na\"]}", "",
    "q.t.backup=yes,q.t.mail=partly,q.t.na=not_applicable", MAMORI_ITEM_STATUS_PARTIAL, 0.75 },
  { "check-first-check-decides",
    "{\"checks\": [\"domain.dmarc\"], \"questions\": [\"q.t.backup\"], \"combine\": \"check_first\"}",
    "-=pass", "q.t.backup=no", MAMORI_ITEM_STATUS_PASS, 1 },
  { "check-first-falls-back",
    "{\"checks\": [\"domain.dmarc\"], \"questions\": [\"q.t.backup\"], \"combine\": \"check_first\"}",
    "-=error", "q.t.backup=partly", MAMORI_ITEM_STATUS_PARTIAL, 0.5 },
  { "all-worst-of-both",
    "{\"checks\": [\"domain.dmarc\"], \"questions\": [\"q.t.backup\"]}",
    "-=pass", "q.t.backup=partly", MAMORI_ITEM_STATUS_PARTIAL, 0.5 },
  { "all-fail-beats-undecided",
    "{\"checks\": [\"domain.dmarc\"], \"questions\": [\"q.t.backup\"]}",
    "-=fail", "", MAMORI_ITEM_STATUS_FAIL, 0 },
  { "all-undecided-part",
    "{\"checks\": [\"domain.dmarc\"], \"questions\": [\"q.t.backup\"]}",
    "-=pass", "q.t.backup=unknown", MAMORI_ITEM_STATUS_UNDECIDED, -1 },
};

static void
test_rule (gconstpointer data)
{
  const RuleCase *rc = data;
  g_autofree char *doc = g_strdup_printf (
    DOC_HEAD ("r", "domain", "[\"sme\"]") " \"items\": ["
    "{\"id\": \"r.1\", \"title\": {\"ja\": \"項目\", \"en\": \"Item\"}, \"priority\": \"basic\","
    " \"weight\": 3, \"effort\": 1, \"evidence\": %s}]}", rc->evidence);
  g_autofree char *questions = g_strdup (questions_json);
  g_autoptr(MamoriCatalog) catalog = mamori_catalog_new ();
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) answers = mamori_answers_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriScore) score = NULL;
  g_auto(GStrv) fspecs = g_strsplit (rc->findings, ",", -1);
  g_auto(GStrv) aspecs = g_strsplit (rc->answers, ",", -1);
  /* The shared question set has questions r.1 may not use; a second document uses them. */
  static const char filler[] =
    DOC_HEAD ("f", "organisation", "[\"sme\", \"municipality\"]") " \"items\": ["
    ITEM ("f.1", 1, 1, "{\"questions\": [\"q.t.backup\", \"q.t.mail\", \"q.t.training\","
                       " \"q.t.unknown\", \"q.t.na\"]}") ","
    "{\"id\": \"f.2\", \"title\": {\"ja\": \"項目\", \"en\": \"Item\"}, \"priority\": \"basic\","
    " \"weight\": 1, \"effort\": 1, \"applies_to\": [\"municipality\"],"
    " \"evidence\": {\"questions\": [\"q.t.lg\"]}}]}";

  mamori_catalog_add_questions_data (catalog, "t.json", questions, -1, &error);
  g_assert_no_error (error);
  mamori_catalog_add_document_data (catalog, "r.json", doc, -1, &error);
  g_assert_no_error (error);
  mamori_catalog_add_document_data (catalog, "f.json", filler, -1, &error);
  g_assert_no_error (error);
  mamori_catalog_finish (catalog, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; fspecs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (fspecs[i], "=", 2);
      MamoriStatus status;

      if (*fspecs[i] == '\0')
        continue;
      g_assert_true (mamori_status_from_string (kv[1], &status));
      add_finding (findings, "domain.dmarc", g_str_equal (kv[0], "-") ? NULL : kv[0], status);
    }
  for (guint i = 0; aspecs[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (aspecs[i], "=", 2);
      MamoriAnswer answer;

      if (*aspecs[i] == '\0')
        continue;
      g_assert_true (mamori_answer_from_string (kv[1], &answer));
      mamori_answers_set (answers, kv[0], answer);
    }
  score = mamori_score_compute (catalog, MAMORI_ORG_KIND_SME, findings, answers);
  assert_item (score, "r.1", rc->status, rc->score);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mamori/core/score/golden-sme", test_golden_sme);
  g_test_add_func ("/mamori/core/score/golden-municipality", test_golden_municipality);
  g_test_add_func ("/mamori/core/score/priorities", test_priorities);
  g_test_add_func ("/mamori/core/score/nothing-decided", test_nothing_decided);
  g_test_add_func ("/mamori/core/score/json-shape", test_json_shape);
  for (guint i = 0; i < G_N_ELEMENTS (rule_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/core/score/rule/%s", rule_cases[i].name);

      g_test_add_data_func (path, &rule_cases[i], test_rule);
    }
  return g_test_run ();
}
