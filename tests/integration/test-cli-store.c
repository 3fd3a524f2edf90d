/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mamori-cli's stored-run features against the DNS lab (tests/lab/dns-lab.py): `check` records
 * runs with scores and answers in the database given by --db, `--answers FILE` is validated
 * and used for scoring, `answer` records answers the next check scores with, `history` lists
 * the runs, and a damaged database is reported and left alone.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mamori-store.h"
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

/* mamori-cli SUBCOMMAND with the lab's resolver and trust anchor for `check`. */
static int
run_cli (const char          *subcommand,
         const char * const  *extra,
         char               **out,
         char               **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) require_env ("MAMORI_CLI"));
  g_ptr_array_add (argv, (gpointer) subcommand);
  if (g_str_equal (subcommand, "check"))
    {
      g_ptr_array_add (argv, (gpointer) "--resolver");
      g_ptr_array_add (argv, (gpointer) require_env ("MAMORI_LAB_RESOLVER"));
      g_ptr_array_add (argv, (gpointer) "--trust-anchor");
      g_ptr_array_add (argv, (gpointer) require_env ("MAMORI_LAB_TRUST_ANCHOR"));
      g_ptr_array_add (argv, (gpointer) "--offline");
      g_ptr_array_add (argv, (gpointer) "--only");
      g_ptr_array_add (argv, (gpointer) "domain.dmarc");
    }
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra[i]);
  g_ptr_array_add (argv, NULL);
  return mamori_test_spawn ((const char * const *) argv->pdata, out, err);
}

static char *
write_temp (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* The status of one catalog item in a run's scores, or NULL when the item is not listed. */
static const char *
item_status (JsonObject *scores,
             const char *document,
             const char *item)
{
  JsonObject *documents = json_object_get_object_member (scores, "documents");
  JsonObject *doc;
  JsonArray *items;

  g_assert_nonnull (documents);
  g_assert_true (json_object_has_member (documents, document));
  doc = json_object_get_object_member (documents, document);
  g_assert_nonnull (doc);
  items = json_object_get_array_member (doc, "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *it = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (it, "id"), item))
        return json_object_get_string_member (it, "status");
    }
  return NULL;
}

/* Whether the priority list holds item, itself or as one of the items it stands for. */
static gboolean
priorities_mention (JsonObject *scores,
                    const char *item)
{
  JsonArray *priorities = json_object_get_array_member (scores, "priorities");

  for (guint i = 0; i < json_array_get_length (priorities); i++)
    {
      JsonObject *p = json_array_get_object_element (priorities, i);
      JsonArray *also = json_object_has_member (p, "also")
                        ? json_object_get_array_member (p, "also") : NULL;

      if (g_str_equal (json_object_get_string_member (p, "item"), item))
        return TRUE;
      for (guint k = 0; also != NULL && k < json_array_get_length (also); k++)
        if (g_str_equal (json_array_get_string_element (also, k), item))
          return TRUE;
    }
  return FALSE;
}

static guint
history_count (const char *db,
               const char *org)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *with_org[] = { "--db", db, "--format", "json", "--org", org, NULL };
  const char *all[] = { "--db", db, "--format", "json", NULL };

  g_assert_cmpint (run_cli ("history", org != NULL ? with_org : all, &out, &err), ==, 0);
  root = parse_json (out);
  return json_array_get_length (json_object_get_array_member (json_node_get_object (root),
                                                              "runs"));
}

/* check with an answers file: stored with scores and answers, listed by history, and the
 * answers decide the questionnaire items. */
static void
test_check_records (void)
{
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "sub", "m.db", NULL);
  g_autofree char *answers = write_temp (dir, "answers.json",
                                         "{\"q.password.strong\": \"no\", \"q.mfa.enabled\": \"no\","
                                         " \"q.threat.info_shared\": \"yes\"}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *hist = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) history = NULL;
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result, *scores, *first;
  gint64 run_id;
  const char *args[] = { "--db", db, "--org", "記録テスト株式会社", "--answers", answers,
                         "--format", "json", "dmarc-none.test", NULL };
  const char *hargs[] = { "--db", db, "--format", "json", NULL };

  g_assert_cmpint (run_cli ("check", args, &out, &err), ==, 0);
  root = parse_json (out);
  result = json_node_get_object (root);
  run_id = json_object_get_int_member (result, "run_id");
  g_assert_cmpint (run_id, >, 0);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (result, "scores")));
  scores = json_object_get_object_member (result, "scores");
  g_assert_nonnull (json_object_get_string_member (result, "catalog_version"));
  g_assert_cmpstr (item_status (scores, "ipa-5kajo", "ipa-5kajo.3"), ==, "fail");
  g_assert_cmpstr (item_status (scores, "ipa-5kajo", "ipa-5kajo.5"), ==, "pass");
  g_assert_true (priorities_mention (scores, "ipa-5kajo.3"));
  g_assert_false (priorities_mention (scores, "ipa-5kajo.5"));

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("history", hargs, &hist, &err), ==, 0);
  history = parse_json (hist);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (history), "runs")), ==, 1);
  first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (history), "runs"), 0);
  g_assert_cmpint (json_object_get_int_member (first, "run_id"), ==, run_id);
  g_assert_cmpstr (json_object_get_string_member (first, "organisation"), ==, "記録テスト株式会社");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "overall"),
                                  json_object_get_double_member (scores, "overall"), 1e-9);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (first, "counts"),
                                               "warn"), >, 0);

  /* the answers are in the store for the organisation */
  store = mamori_store_open (db, &error);
  g_assert_no_error (error);
  stored = mamori_store_get_answers (store,
                                     mamori_store_find_org (store, "記録テスト株式会社", NULL),
                                     &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (stored), ==, 3);
  g_assert_cmpstr (((MamoriStoreAnswer *) g_hash_table_lookup (stored, "q.password.strong"))->answer,
                   ==, "no");
  /* and the stored run reloads with the same scores */
  {
    g_autoptr(MamoriRunResult) run = mamori_store_load_run (store, run_id, &error);
    g_assert_no_error (error);
    g_assert_true (json_node_equal (run->scores, json_object_get_member (result, "scores")));
  }
  g_clear_object (&store);
  mamori_test_rmdir_recursive (dir);
}

/* Text output in Japanese ends with the priority list, titles from the catalog. */
static void
test_check_text_ja (void)
{
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "m.db", NULL);
  g_autofree char *answers = write_temp (dir, "a.json",
                                         "{\"answers\": [{\"question\": \"q.password.strong\", "
                                         "\"answer\": \"no\", \"note\": \"見直し予定\"}, "
                                         "{\"question\": \"q.mfa.enabled\", \"answer\": \"no\"}]}");
  g_autofree char *json_out = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *scores, *p;
  const char *title;
  g_autofree char *run_mark = NULL;
  const char *jargs[] = { "--db", db, "--no-store", "--org", "T", "--answers", answers,
                          "--format", "json", "dmarc-none.test", NULL };
  const char *targs[] = { "--db", db, "--org", "表示テスト", "--answers", answers, "--lang", "ja",
                          "dmarc-none.test", NULL };

  /* the JSON says which item comes first and its Japanese title */
  g_assert_cmpint (run_cli ("check", jargs, &json_out, &err), ==, 0);
  root = parse_json (json_out);
  scores = json_object_get_object_member (json_node_get_object (root), "scores");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (scores, "priorities")), >, 0);
  p = json_array_get_object_element (json_object_get_array_member (scores, "priorities"), 0);
  title = json_object_get_string_member (json_object_get_object_member (p, "title"), "ja");
  g_assert_nonnull (title);

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("check", targs, &out, &err), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, title));
  run_mark = g_strdup_printf ("#%d", 1);
  g_assert_nonnull (strstr (out, run_mark));
  g_assert_nonnull (strstr (out, "100"));   /* "… / 100" of the overall score */
  mamori_test_rmdir_recursive (dir);
}

/* --no-store: nothing written, no run id, the answers file still counts. */
static void
test_no_store (void)
{
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "never.db", NULL);
  g_autofree char *answers = write_temp (dir, "a.json", "{\"q.mfa.enabled\": \"yes\", "
                                                        "\"q.password.strong\": \"yes\"}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *result;
  const char *args[] = { "--db", db, "--no-store", "--answers", answers, "--format", "json",
                         "dmarc-none.test", NULL };

  g_assert_cmpint (run_cli ("check", args, &out, &err), ==, 0);
  root = parse_json (out);
  result = json_node_get_object (root);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (result, "run_id")));
  g_assert_cmpstr (item_status (json_object_get_object_member (result, "scores"), "ipa-5kajo",
                                "ipa-5kajo.3"), ==, "pass");
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  mamori_test_rmdir_recursive (dir);
}

/* A bad answers file stops check before the run: exit 1, the message names the file and the
 * bad entry, nothing is recorded. */
static void
test_bad_answers (void)
{
  const struct { const char *json; const char *named; } cases[] = {
    { "{\"q.nothing.here\": \"yes\"}", "q.nothing.here" },
    { "{\"q.password.strong\": \"maybe\"}", "maybe" },
    { "{\"q.password.strong\": true}", "q.password.strong" },
    { "{\"answers\": [{\"answer\": \"yes\"}]}", "1" },
    { "{\"answers\": [{\"question\": \"q.mfa.enabled\", \"answer\": \"yes\"}, "
      "{\"question\": \"q.mfa.enabled\", \"answer\": \"no\"}]}", "q.mfa.enabled" },
    { "{\"answers\": [{\"question\": \"q.mfa.enabled\", \"answer\": \"yes\", \"note\": 3}]}",
      "q.mfa.enabled" },
    { "{\"answers\": 12}", "answers" },
    { "[\"q.mfa.enabled\"]", "{" },
    { "{\"q.mfa.enabled\": \"yes\"", "a.json" },
  };
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "m.db", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *answers = write_temp (dir, "a.json", cases[i].json);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char *args[] = { "--db", db, "--org", "誤り株式会社", "--answers", answers,
                             "--lang", "en", "dmarc-none.test", NULL };

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_cmpint (run_cli ("check", args, &out, &err), ==, 1);
      g_test_message ("stderr: %s", err);
      g_assert_nonnull (strstr (err, answers));
      g_assert_nonnull (strstr (err, cases[i].named));
      g_assert_cmpstr (out, ==, "");
    }
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  mamori_test_rmdir_recursive (dir);
}

/* `answer` records answers the next check scores with; bad ones are refused. */
static void
test_answer_command (void)
{
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "m.db", NULL);
  g_autofree char *file = write_temp (dir, "a.json", "{\"q.mfa.enabled\": \"partly\"}");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 org_id;
  const char *one[] = { "--db", db, "--org", "回答株式会社",
                        "q.password.strong", "yes", "--note", "12文字以上に統一", NULL };
  const char *again[] = { "--db", db, "--org", "回答株式会社", "q.password.strong", "no", NULL };
  const char *yes_again[] = { "--db", db, "--org", "回答株式会社", "q.password.strong", "yes",
                              NULL };
  const char *from_file[] = { "--db", db, "--org", "回答株式会社", "--file", file, NULL };
  const char *bad_q[] = { "--db", db, "--org", "回答株式会社", "q.nope.nothing", "yes", NULL };
  const char *bad_a[] = { "--db", db, "--org", "回答株式会社", "q.mfa.enabled", "sometimes",
                          NULL };
  const char *no_org[] = { "--db", db, "q.mfa.enabled", "yes", NULL };
  const char *both[] = { "--db", db, "--org", "回答株式会社", "--file", file, "q.mfa.enabled",
                         "yes", NULL };
  const char *check[] = { "--db", db, "--org", "回答株式会社", "--format", "json",
                          "dmarc-none.test", NULL };
  const char *town[] = { "--db", db, "--org", "回答町", "--kind", "municipality",
                         "q.lg.password_rules", "yes", NULL };
  const char *town_check[] = { "--db", db, "--org", "回答町", "--format", "json",
                               "dmarc-none.test", NULL };
  JsonObject *scores;

  g_assert_cmpint (run_cli ("answer", one, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("answer", again, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("answer", yes_again, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("answer", from_file, &out, &err), ==, 0);

  {
    const char * const *bad[] = { bad_q, bad_a, no_org, both };
    const char *named[] = { "q.nope.nothing", "sometimes", "--org", "--file" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_clear_pointer (&out, g_free);
        g_clear_pointer (&err, g_free);
        g_assert_cmpint (run_cli ("answer", bad[i], &out, &err), ==, 1);
        g_assert_nonnull (strstr (err, named[i]));
      }
  }

  store = mamori_store_open (db, &error);
  g_assert_no_error (error);
  org_id = mamori_store_find_org (store, "回答株式会社", &error);
  g_assert_cmpint (org_id, >, 0);
  stored = mamori_store_get_answers (store, org_id, &error);
  g_assert_cmpuint (g_hash_table_size (stored), ==, 2);
  g_assert_cmpstr (((MamoriStoreAnswer *) g_hash_table_lookup (stored, "q.mfa.enabled"))->answer,
                   ==, "partly");
  history = mamori_store_get_answer_history (store, org_id, "q.password.strong", &error);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpstr (((MamoriStoreAnswer *) history->pdata[0])->note, ==, "12文字以上に統一");
  g_clear_object (&store);

  /* the next check scores with the stored answers (yes + partly → partial) */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("check", check, &out, &err), ==, 0);
  root = parse_json (out);
  scores = json_object_get_object_member (json_node_get_object (root), "scores");
  g_assert_cmpstr (item_status (scores, "ipa-5kajo", "ipa-5kajo.3"), ==, "partial");
  g_clear_pointer (&root, json_node_unref);

  /* an organisation recorded as a municipality stays one without repeating --kind, and is
   * scored against the municipal guideline with its stored answer */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("answer", town, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("check", town_check, &out, &err), ==, 0);
  root = parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "organisation"), "kind"), ==, "municipality");
  scores = json_object_get_object_member (json_node_get_object (root), "scores");
  g_assert_cmpstr (item_status (scores, "mic-lg-policy", "mic-lg-policy.5.4"), ==, "pass");
  g_assert_false (json_object_has_member (json_object_get_object_member (scores, "documents"),
                                          "ipa-5kajo"));
  mamori_test_rmdir_recursive (dir);
}

/* history: text and JSON, --org filter, unknown organisation, no database yet. */
static void
test_history (void)
{
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "m.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "none", "x.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *orgs[] = { "甲社", "乙社", "甲社" };
  const char *text[] = { "--db", db, "--lang", "ja", NULL };
  const char *unknown[] = { "--db", db, "--org", "丙社", NULL };
  const char *empty[] = { "--db", missing, "--format", "json", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (orgs); i++)
    {
      const char *args[] = { "--db", db, "--org", orgs[i], "--format", "json",
                             "dmarc-reject.test", NULL };
      g_autofree char *o = NULL;
      g_autofree char *e = NULL;

      g_assert_cmpint (run_cli ("check", args, &o, &e), ==, 0);
    }
  g_assert_cmpuint (history_count (db, NULL), ==, 3);
  g_assert_cmpuint (history_count (db, "甲社"), ==, 2);
  g_assert_cmpuint (history_count (db, "乙社"), ==, 1);

  g_assert_cmpint (run_cli ("history", text, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "#3"));
  g_assert_nonnull (strstr (out, "乙社"));
  /* newest first */
  g_assert_true (strstr (out, "#3") < strstr (out, "#1"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli ("history", unknown, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "丙社"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli ("history", empty, &out, &err), ==, 0);
  {
    g_autoptr(JsonNode) root = parse_json (out);
    JsonArray *runs = json_object_get_array_member (json_node_get_object (root), "runs");

    g_assert_nonnull (runs);
    g_assert_cmpuint (json_array_get_length (runs), ==, 0);
  }
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  mamori_test_rmdir_recursive (dir);
}

/* A damaged database: check stops with exit 2 before the run, names the file, leaves it. */
static void
test_damaged_db (void)
{
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autofree char *db = write_temp (dir, "m.db", "SQLite format 3 but not really, just text");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--db", db, "--org", "破損テスト", "--format", "json",
                         "dmarc-none.test", NULL };
  const char *hargs[] = { "--db", db, NULL };

  g_assert_true (g_file_get_contents (db, &before, NULL, NULL));
  g_assert_cmpint (run_cli ("check", args, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, db));
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli ("history", hargs, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, db));
  g_assert_true (g_file_get_contents (db, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  mamori_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/mamori/cli/store/check-records", test_check_records);
  g_test_add_func ("/mamori/cli/store/check-text-ja", test_check_text_ja);
  g_test_add_func ("/mamori/cli/store/no-store", test_no_store);
  g_test_add_func ("/mamori/cli/store/bad-answers", test_bad_answers);
  g_test_add_func ("/mamori/cli/store/answer-command", test_answer_command);
  g_test_add_func ("/mamori/cli/store/history", test_history);
  g_test_add_func ("/mamori/cli/store/damaged-db", test_damaged_db);

  return g_test_run ();
}
