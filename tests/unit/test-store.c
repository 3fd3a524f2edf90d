/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sqlite store: round trips, migrations from every older schema, damaged and newer files,
 * a writer killed with SIGKILL, a full disk and a read-only place.
 *
 * The same binary doubles as the writer that gets killed: `test-store --writer DB MODE`
 * (see writer_main) so the crash tests need no second executable. */
#define _GNU_SOURCE   /* unshare() for the tmpfs tests */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sched.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "mamori-store.h"
#include "mamori-store-private.h"
#include "mamori-test-utils.h"

/* ---- helpers ---- */

static char *
tmp_path (const char *name)
{
  /* G_TEST_OPTION_ISOLATE_DIRS gives every test its own HOME and XDG dirs. */
  return g_build_filename (g_get_user_cache_dir (), "store-test", name, NULL);
}

static MamoriStore *
open_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  MamoriStore *store = mamori_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static MamoriProfile *
make_profile (const char    *name,
              MamoriOrgKind  kind)
{
  MamoriProfile *profile = mamori_profile_new (name, kind);

  mamori_profile_add_domain (profile, "example.jp");
  mamori_profile_add_domain (profile, "xn--eckwd4c7c.jp");
  mamori_profile_add_dkim_selector (profile, "s1");
  profile->notes = g_strdup ("メモ");
  return profile;
}

/* A run with n findings; duration_ms carries n so a reader can tell whether a run is whole. */
static MamoriRunResult *
make_run (MamoriProfile *profile,
          guint          n,
          gint64         started_unix)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) started = g_date_time_new_from_unix_utc (started_unix);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *subject = g_strdup_printf ("host%u.example.jp", i);
      g_autofree char *value = g_strdup_printf ("v=DMARC1; p=none; n=%u", i);
      const char *refs[] = { "mic-dmarc-2", "nisc-mail-1", NULL };
      const char *strv[] = { "a", "b", NULL };
      MamoriFinding *f = mamori_finding_new (i % 2 ? "domain.dmarc" : "router.upnp", subject,
                                             (MamoriStatus) (i % 6),
                                             (MamoriSeverity) (i % 4));

      mamori_finding_set_facet (f, i % 3 ? "policy" : NULL);
      mamori_finding_set_message (f, "The DMARC policy of {0} is “{1}”", subject, "none", NULL);
      if (i % 2)
        mamori_finding_set_remediation (f, "Publish {0}", value, NULL);
      mamori_finding_set_record (f, i % 2 ? value : NULL);
      mamori_finding_add_evidence_string (f, "txt", value);
      mamori_finding_add_evidence_int (f, "ttl", 3600 + i);
      mamori_finding_add_evidence_strv (f, "list", strv);
      mamori_finding_set_guideline_refs (f, refs);
      g_ptr_array_add (findings, f);
    }
  return mamori_run_result_new (profile, findings, started, n);
}

static JsonNode *
make_scores (double overall)
{
  g_autofree char *text = g_strdup_printf (
    "{\"overall\": %.1f, \"documents\": {\"mic-telework\": "
    "{\"score\": %.1f, \"decided\": 8, \"undecided\": 2}}}", overall, overall);

  return json_from_string (text, NULL);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
write_bytes (const char *path,
             const void *data,
             gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GBytes) bytes = read_bytes (from);

  write_bytes (to, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Runs a query on a separate plain sqlite connection: the tests look at the file the way any
 * other program would, not through the code under test. */
static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

static gint64
query_int (const char *path,
           const char *sql)
{
  g_autofree char *text = query_text (path, sql);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

/* The file is intact, no finding lost its run and, for runs made by make_run (duration_ms ==
 * number of findings), every stored run has exactly the findings it was written with. */
static void
assert_consistent_full (const char *path,
                        gboolean    made_by_make_run)
{
  g_autofree char *integrity = query_text (path, "PRAGMA integrity_check");
  g_autofree char *fk = query_text (path, "PRAGMA foreign_key_check");

  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_null (fk);
  if (made_by_make_run)
    g_assert_cmpint (query_int (path,
                                "SELECT count(*) FROM runs r WHERE r.duration_ms != "
                                "(SELECT count(*) FROM findings f WHERE f.run_id = r.id)"), ==, 0);
  g_assert_cmpint (query_int (path,
                              "SELECT count(*) FROM findings f WHERE NOT EXISTS "
                              "(SELECT 1 FROM runs r WHERE r.id = f.run_id)"), ==, 0);
}

static void
assert_consistent (const char *path)
{
  assert_consistent_full (path, TRUE);
}

/* ---- opening ---- */

static void
test_open_new (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "a", "b", "c", "m.db", NULL);
  g_autoptr(MamoriStore) store = open_ok (path);
  g_autofree char *mode = NULL;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (mamori_store_get_path (store), ==, path);
  g_assert_cmpint (mamori_store_get_schema_version (store), ==, MAMORI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, MAMORI_STORE_SCHEMA_VERSION);
  mode = query_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
                                    "AND sql LIKE '%STRICT%'"), >=, 6);

  /* Opening again (a second process, say) finds everything in place. */
  {
    g_autoptr(MamoriStore) again = open_ok (path);
    g_assert_cmpint (mamori_store_get_schema_version (again), ==, MAMORI_STORE_SCHEMA_VERSION);
  }
}

static void
test_open_default_path (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "mamori", "mamori.db",
                                                NULL);
  g_autofree char *path = mamori_store_default_path ();
  g_autoptr(MamoriStore) store = NULL;

  g_assert_cmpstr (path, ==, expected);
  store = open_ok (NULL);
  g_assert_cmpstr (mamori_store_get_path (store), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
}

/* ---- organisations ---- */

static void
test_org_crud (void)
{
  g_autofree char *path = tmp_path ("orgs.db");
  g_autoptr(MamoriStore) store = open_ok (path);
  g_autoptr(MamoriProfile) a = make_profile ("株式会社テスト", MAMORI_ORG_KIND_SME);
  g_autoptr(MamoriProfile) b = mamori_profile_new ("あおば町", MAMORI_ORG_KIND_MUNICIPALITY);
  g_autoptr(MamoriProfile) empty = mamori_profile_new ("", MAMORI_ORG_KIND_SME);
  g_autoptr(MamoriStoreOrg) org = NULL;
  g_autoptr(GPtrArray) orgs = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id_a, id_b;

  id_a = mamori_store_ensure_org (store, a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id_a, >, 0);
  /* ensure is idempotent and leaves the stored profile alone */
  {
    g_autoptr(MamoriProfile) other = mamori_profile_new ("株式会社テスト",
                                                         MAMORI_ORG_KIND_MUNICIPALITY);
    g_assert_cmpint (mamori_store_ensure_org (store, other, &error), ==, id_a);
    g_assert_no_error (error);
  }
  id_b = mamori_store_ensure_org (store, b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id_b, !=, id_a);

  g_assert_cmpint (mamori_store_find_org (store, "あおば町", &error), ==, id_b);
  g_assert_cmpint (mamori_store_find_org (store, "ない", &error), ==, 0);
  g_assert_no_error (error);

  org = mamori_store_get_org (store, id_a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (org->id, ==, id_a);
  g_assert_cmpstr (org->profile->name, ==, "株式会社テスト");
  g_assert_cmpint (org->profile->kind, ==, MAMORI_ORG_KIND_SME);
  g_assert_cmpuint (g_strv_length (org->profile->domains), ==, 2);
  g_assert_cmpstr (org->profile->domains[1], ==, "xn--eckwd4c7c.jp");
  g_assert_cmpstr (org->profile->dkim_selectors[0], ==, "s1");
  g_assert_cmpstr (org->profile->notes, ==, "メモ");
  g_assert_nonnull (org->created_at);
  g_clear_pointer (&org, mamori_store_org_free);

  g_assert_cmpint (mamori_store_ensure_org (store, empty, &error), ==, 0);
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* update: a new kind and domains; renaming onto another organisation's name is refused */
  b->kind = MAMORI_ORG_KIND_SME;
  mamori_profile_add_domain (b, "aoba.example.lg.jp");
  g_assert_true (mamori_store_update_org (store, id_b, b, &error));
  g_assert_no_error (error);
  org = mamori_store_get_org (store, id_b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (org->profile->kind, ==, MAMORI_ORG_KIND_SME);
  g_assert_cmpstr (org->profile->domains[0], ==, "aoba.example.lg.jp");
  g_assert_null (org->profile->notes);
  g_clear_pointer (&org, mamori_store_org_free);
  g_assert_false (mamori_store_update_org (store, id_b, a, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mamori_store_update_org (store, 9999, b, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  orgs = mamori_store_list_orgs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orgs->len, ==, 2);
  /* ordered by name (UTF-8 byte order puts hiragana before katakana/kanji) */
  g_assert_cmpstr (((MamoriStoreOrg *) orgs->pdata[0])->profile->name, ==, "あおば町");
  g_clear_pointer (&orgs, g_ptr_array_unref);

  /* delete takes runs, findings, scores and answers along */
  {
    g_autoptr(MamoriRunResult) run = make_run (a, 3, 1700000000);
    mamori_run_result_set_scores (run, "2026.1", make_scores (50));
    g_assert_cmpint (mamori_store_save_run (store, id_a, run, &error), >, 0);
    g_assert_no_error (error);
    g_assert_true (mamori_store_set_answer (store, id_a, "q.backup.offline", "yes", NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_true (mamori_store_delete_org (store, id_a, &error));
  g_assert_no_error (error);
  g_assert_null (mamori_store_get_org (store, id_a, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (mamori_store_delete_org (store, id_a, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM runs"), ==, 0);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM findings"), ==, 0);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM scores"), ==, 0);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM answers"), ==, 0);
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM answer_history"), ==, 0);
}

/* ---- runs ---- */

static void
assert_same_finding (MamoriFinding *a,
                     MamoriFinding *b)
{
  g_autofree char *ma = mamori_finding_render_message (a);
  g_autofree char *mb = mamori_finding_render_message (b);
  g_autofree char *ra = mamori_finding_render_remediation (a);
  g_autofree char *rb = mamori_finding_render_remediation (b);
  g_autoptr(JsonNode) ja = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) jb = json_node_new (JSON_NODE_OBJECT);

  g_assert_cmpstr (mamori_finding_get_check_id (a), ==, mamori_finding_get_check_id (b));
  g_assert_cmpstr (mamori_finding_get_subject (a), ==, mamori_finding_get_subject (b));
  g_assert_cmpstr (mamori_finding_get_facet (a), ==, mamori_finding_get_facet (b));
  g_assert_cmpint (mamori_finding_get_status (a), ==, mamori_finding_get_status (b));
  g_assert_cmpint (mamori_finding_get_severity (a), ==, mamori_finding_get_severity (b));
  g_assert_cmpstr (mamori_finding_get_message_id (a), ==, mamori_finding_get_message_id (b));
  g_assert_cmpstrv (mamori_finding_get_message_params (a), mamori_finding_get_message_params (b));
  g_assert_cmpstr (mamori_finding_get_remediation_id (a), ==,
                   mamori_finding_get_remediation_id (b));
  if (mamori_finding_get_remediation_id (a) != NULL)
    g_assert_cmpstrv (mamori_finding_get_remediation_params (a),
                      mamori_finding_get_remediation_params (b));
  g_assert_cmpstr (ma, ==, mb);
  g_assert_cmpstr (ra, ==, rb);
  g_assert_cmpstr (mamori_finding_get_record (a), ==, mamori_finding_get_record (b));
  g_assert_cmpstrv (mamori_finding_get_guideline_refs (a), mamori_finding_get_guideline_refs (b));
  json_node_set_object (ja, mamori_finding_get_evidence (a));
  json_node_set_object (jb, mamori_finding_get_evidence (b));
  g_assert_true (json_node_equal (ja, jb));
}

static void
test_run_roundtrip (void)
{
  const guint sizes[] = { 0, 1, 7 };
  g_autofree char *path = tmp_path ("runs.db");
  g_autoptr(MamoriStore) store = open_ok (path);
  g_autoptr(MamoriProfile) profile = make_profile ("往復株式会社", MAMORI_ORG_KIND_SME);
  g_autoptr(GError) error = NULL;
  gint64 org_id = mamori_store_ensure_org (store, profile, &error);

  g_assert_no_error (error);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(MamoriRunResult) run = make_run (profile, sizes[s], 1700000000 + s);
      g_autoptr(MamoriRunResult) loaded = NULL;
      g_autoptr(JsonNode) scores = s != 1 ? make_scores (72.5) : NULL;
      gint64 run_id;

      if (scores != NULL)
        mamori_run_result_set_scores (run, "2026.1", scores);
      run->duration_ms = 840 + s;
      run_id = mamori_store_save_run (store, org_id, run, &error);
      g_assert_no_error (error);
      g_assert_cmpint (run_id, >, 0);
      g_assert_cmpint (run->run_id, ==, run_id);

      loaded = mamori_store_load_run (store, run_id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (loaded->run_id, ==, run_id);
      g_assert_cmpint (loaded->duration_ms, ==, 840 + s);
      g_assert_true (g_date_time_equal (loaded->started_at, run->started_at));
      g_assert_cmpstr (loaded->profile->name, ==, "往復株式会社");
      g_assert_cmpstrv (loaded->profile->domains, profile->domains);
      g_assert_cmpuint (loaded->findings->len, ==, sizes[s]);
      for (guint i = 0; i < sizes[s]; i++)
        assert_same_finding (run->findings->pdata[i], loaded->findings->pdata[i]);
      if (scores != NULL)
        {
          g_assert_cmpstr (loaded->catalog_version, ==, "2026.1");
          g_assert_true (json_node_equal (loaded->scores, scores));
        }
      else
        {
          g_assert_null (loaded->catalog_version);
          g_assert_null (loaded->scores);
        }
    }

  g_assert_null (mamori_store_load_run (store, 424242, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* a run for an organisation that does not exist writes nothing */
  {
    g_autoptr(MamoriRunResult) run = make_run (profile, 2, 1700000100);
    g_assert_cmpint (mamori_store_save_run (store, 9999, run, &error), ==, 0);
    g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_assert_cmpint (run->run_id, ==, 0);
    g_assert_cmpint (query_int (path, "SELECT count(*) FROM runs"), ==, G_N_ELEMENTS (sizes));
  }
}

static void
test_run_list (void)
{
  struct { const char *org; gint64 started; guint n; double overall; } rows[] = {
    { "A社", 1700000300, 6, 40.0 },
    { "B町", 1700000100, 12, -1 },    /* not scored */
    { "A社", 1700000200, 3, 80.0 },
    { "B町", 1700000400, 1, 100.0 },
  };
  g_autofree char *path = tmp_path ("list.db");
  g_autoptr(MamoriStore) store = open_ok (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) only_a = NULL;
  gint64 a_id = 0, deleted_id = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(MamoriProfile) p = mamori_profile_new (rows[i].org, MAMORI_ORG_KIND_SME);
      g_autoptr(MamoriRunResult) run = make_run (p, rows[i].n, rows[i].started);
      gint64 org_id = mamori_store_ensure_org (store, p, &error);

      g_assert_no_error (error);
      if (g_str_equal (rows[i].org, "A社"))
        a_id = org_id;
      if (rows[i].overall >= 0)
        {
          g_autoptr(JsonNode) scores = make_scores (rows[i].overall);
          mamori_run_result_set_scores (run, "2026.1", scores);
        }
      mamori_store_save_run (store, org_id, run, &error);
      g_assert_no_error (error);
    }

  all = mamori_store_list_runs (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 4);
  {
    /* newest first */
    const guint order[] = { 3, 0, 2, 1 };
    for (guint i = 0; i < 4; i++)
      {
        MamoriStoreRunSummary *s = all->pdata[i];
        guint counts_total = 0;

        g_assert_cmpstr (s->org_name, ==, rows[order[i]].org);
        g_assert_cmpint (g_date_time_to_unix (s->started_at), ==, rows[order[i]].started);
        g_assert_cmpint (s->duration_ms, ==, rows[order[i]].n);
        g_assert_cmpstr (s->mamori_version, ==, PACKAGE_VERSION);
        g_assert_cmpint (s->has_score, ==, rows[order[i]].overall >= 0);
        if (s->has_score)
          g_assert_cmpfloat_with_epsilon (s->overall, rows[order[i]].overall, 1e-9);
        for (guint k = 0; k < 6; k++)
          counts_total += s->counts[k];
        g_assert_cmpuint (counts_total, ==, rows[order[i]].n);
        /* make_run cycles statuses 0..5 */
        g_assert_cmpuint (s->counts[MAMORI_STATUS_PASS], ==, (rows[order[i]].n + 5) / 6);
      }
    deleted_id = ((MamoriStoreRunSummary *) all->pdata[1])->id;
  }

  only_a = mamori_store_list_runs (store, a_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (only_a->len, ==, 2);
  for (guint i = 0; i < only_a->len; i++)
    g_assert_cmpint (((MamoriStoreRunSummary *) only_a->pdata[i])->org_id, ==, a_id);

  g_assert_true (mamori_store_delete_run (store, deleted_id, &error));
  g_assert_no_error (error);
  g_assert_false (mamori_store_delete_run (store, deleted_id, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&only_a, g_ptr_array_unref);
  only_a = mamori_store_list_runs (store, a_id, &error);
  g_assert_cmpuint (only_a->len, ==, 1);
  assert_consistent (path);
}

/* ---- answers ---- */

static void
test_answers (void)
{
  const struct { const char *qid; const char *answer; gboolean ok; } cases[] = {
    { "q.backup.offline", "yes", TRUE },
    { "q.backup.offline", "partly", TRUE },
    { "q.router.firmware", "not_applicable", TRUE },
    { "q.rules.policy", "unknown", TRUE },
    { "q.rules.training", "no", TRUE },
    { "q.rules.training", "maybe", FALSE },
    { "q.rules.training", "YES", FALSE },
    { "q.rules.training", "", FALSE },
    { "q.rules.training", NULL, FALSE },
    { "", "yes", FALSE },
  };
  g_autofree char *path = tmp_path ("answers.db");
  g_autoptr(MamoriStore) store = open_ok (path);
  g_autoptr(MamoriProfile) p = mamori_profile_new ("回答株式会社", MAMORI_ORG_KIND_SME);
  g_autoptr(MamoriProfile) q = mamori_profile_new ("他社", MAMORI_ORG_KIND_SME);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GPtrArray) history = NULL;
  gint64 org_id = mamori_store_ensure_org (store, p, &error);
  gint64 other_id = mamori_store_ensure_org (store, q, &error);
  MamoriStoreAnswer *a;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean ok = mamori_store_set_answer (store, org_id, cases[i].qid, cases[i].answer,
                                             i == 1 ? "月1回" : NULL, &error);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_no_error (error);
      else
        g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_true (mamori_store_set_answer (store, other_id, "q.backup.offline", "no", NULL,
                                          &error));
  g_assert_false (mamori_store_set_answer (store, 9999, "q.backup.offline", "no", NULL, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  answers = mamori_store_get_answers (store, org_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (answers), ==, 4);
  a = g_hash_table_lookup (answers, "q.backup.offline");
  g_assert_cmpstr (a->answer, ==, "partly");
  g_assert_cmpstr (a->note, ==, "月1回");
  g_assert_nonnull (a->answered_at);
  a = g_hash_table_lookup (answers, "q.rules.training");
  g_assert_cmpstr (a->answer, ==, "no");
  g_assert_null (a->note);

  history = mamori_store_get_answer_history (store, org_id, "q.backup.offline", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((MamoriStoreAnswer *) history->pdata[0])->answer, ==, "yes");
  g_assert_cmpstr (((MamoriStoreAnswer *) history->pdata[1])->answer, ==, "partly");

  /* a batch with one bad answer records nothing */
  {
    g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) mamori_store_answer_free);
    MamoriStoreAnswer good = { "q.new.one", "yes", "ok", NULL };
    MamoriStoreAnswer bad = { "q.new.two", "perhaps", NULL, NULL };
    g_autoptr(GHashTable) after = NULL;

    g_ptr_array_add (batch, mamori_store_answer_copy (&good));
    g_ptr_array_add (batch, mamori_store_answer_copy (&bad));
    g_assert_false (mamori_store_set_answers (store, org_id, batch, &error));
    g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "q.new.two"));
    g_clear_error (&error);
    after = mamori_store_get_answers (store, org_id, &error);
    g_assert_false (g_hash_table_contains (after, "q.new.one"));
    g_clear_pointer (&after, g_hash_table_unref);

    g_ptr_array_remove_index (batch, 1);
    g_assert_true (mamori_store_set_answers (store, org_id, batch, &error));
    g_assert_no_error (error);
    after = mamori_store_get_answers (store, org_id, &error);
    g_assert_cmpstr (((MamoriStoreAnswer *) g_hash_table_lookup (after, "q.new.one"))->note, ==,
                     "ok");
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (mamori_store_answer_is_valid (cases[i].answer), ==,
                     cases[i].ok || cases[i].qid[0] == '\0');
}

/* ---- damaged and newer files ---- */

static char *
make_filled_db (const char *name,
                guint       runs)
{
  char *path = tmp_path (name);
  g_autoptr(MamoriStore) store = open_ok (path);
  g_autoptr(MamoriProfile) p = make_profile ("壊れ株式会社", MAMORI_ORG_KIND_SME);
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  gint64 org_id = mamori_store_ensure_org (store, p, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(MamoriRunResult) run = make_run (p, 40, 1700000000 + i);
      mamori_store_save_run (store, org_id, run, &error);
      g_assert_no_error (error);
    }
  /* Closing the last connection checkpoints the WAL into the main file and removes it. */
  g_clear_object (&store);
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  return path;
}

typedef enum { DAMAGE_GARBAGE, DAMAGE_HEADER_ONLY, DAMAGE_TRUNCATED, DAMAGE_SCRIBBLED } Damage;

static void
test_damaged (gconstpointer data)
{
  Damage damage = GPOINTER_TO_INT (data);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriStore) store = NULL;

  switch (damage)
    {
    case DAMAGE_GARBAGE:
      {
        guint8 junk[3000];
        GRand *rand = g_rand_new_with_seed (42);

        for (guint i = 0; i < sizeof junk; i++)
          junk[i] = (guint8) g_rand_int (rand);
        g_rand_free (rand);
        path = tmp_path ("garbage.db");
        write_bytes (path, junk, sizeof junk);
      }
      break;
    case DAMAGE_HEADER_ONLY:
      {
        /* The magic string, then nothing sensible: sqlite's own header checks must fail. */
        char bytes[512] = "SQLite format 3";
        memset (bytes + 16, 0xee, sizeof bytes - 16);
        path = tmp_path ("header.db");
        write_bytes (path, bytes, sizeof bytes);
      }
      break;
    case DAMAGE_TRUNCATED:
      {
        g_autofree char *full = make_filled_db ("full.db", 30);
        g_autoptr(GBytes) bytes = read_bytes (full);
        gsize half = g_bytes_get_size (bytes) / 2;

        g_assert_cmpuint (half, >, 4096 * 4);
        path = tmp_path ("truncated.db");
        write_bytes (path, g_bytes_get_data (bytes, NULL), half);
      }
      break;
    case DAMAGE_SCRIBBLED:
      {
        g_autofree char *full = make_filled_db ("full2.db", 30);
        g_autoptr(GBytes) bytes = read_bytes (full);
        gsize size = g_bytes_get_size (bytes);
        g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), size);

        /* Overwrite the b-tree headers of the last pages only: findings data, far from the
         * schema, so that only a real integrity check (not merely opening) notices. */
        g_assert_cmpuint (size, >, 4096 * 12);
        for (gsize off = size - 4096 * 4; off + 64 < size; off += 4096)
          memset (copy + off, 0x5a, 64);
        path = tmp_path ("scribbled.db");
        write_bytes (path, copy, size);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  before = read_bytes (path);
  store = mamori_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("%s", error->message);
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  /* a second attempt does not "repair" it either */
  g_clear_error (&error);
  g_assert_null (mamori_store_open (path, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_DAMAGED);
  g_clear_pointer (&after, g_bytes_unref);
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_too_new (void)
{
  g_autofree char *path = make_filled_db ("newer.db", 1);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *set = g_strdup_printf ("PRAGMA user_version = %d",
                                          MAMORI_STORE_SCHEMA_VERSION + 7);
  g_autofree char *result = query_text (path, set);
  g_autofree char *number = g_strdup_printf ("%d", MAMORI_STORE_SCHEMA_VERSION + 7);

  g_assert_null (result);   /* setting a pragma returns no row */
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, MAMORI_STORE_SCHEMA_VERSION + 7);
  before = read_bytes (path);
  g_assert_null (mamori_store_open (path, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, number));
  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
}

/* ---- migrations ---- */

static void
check_migrated_v1 (MamoriStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orgs = mamori_store_list_orgs (store, &error);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(MamoriRunResult) run = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GPtrArray) history = NULL;
  gint64 org_id;
  MamoriStoreRunSummary *newest, *older;
  MamoriFinding *f;

  g_assert_no_error (error);
  g_assert_cmpuint (orgs->len, ==, 2);
  org_id = mamori_store_find_org (store, "旧データ株式会社", &error);
  g_assert_cmpint (org_id, ==, 1);

  runs = mamori_store_list_runs (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runs->len, ==, 2);
  newest = runs->pdata[0];
  older = runs->pdata[1];
  g_assert_cmpstr (newest->org_name, ==, "見本町");
  g_assert_false (newest->has_score);
  g_assert_cmpuint (newest->counts[MAMORI_STATUS_FAIL], ==, 1);
  g_assert_true (older->has_score);
  g_assert_cmpfloat_with_epsilon (older->overall, 62.5, 1e-9);
  g_assert_cmpstr (older->catalog_version, ==, "2025.1");

  run = mamori_store_load_run (store, older->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (run->findings->len, ==, 2);
  f = run->findings->pdata[0];
  g_assert_cmpstr (mamori_finding_get_facet (f), ==, "policy");
  g_assert_cmpstr (mamori_finding_get_message_id (f), ==, "The DMARC policy of {0} is “{1}”");
  g_assert_cmpstr (mamori_finding_get_message_params (f)[1], ==, "none");
  g_assert_cmpstr (mamori_finding_get_guideline_refs (f)[0], ==, "mic-dmarc-2");
  g_assert_true (json_object_has_member (mamori_finding_get_evidence (f), "txt"));
  g_assert_nonnull (run->scores);

  answers = mamori_store_get_answers (store, org_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (answers), ==, 2);
  g_assert_cmpstr (((MamoriStoreAnswer *) g_hash_table_lookup (answers, "q.backup.offline"))->note,
                   ==, "月1回だけ");
  /* v2 seeded the history from the answers that were there, and keeps adding to it */
  g_assert_true (mamori_store_set_answer (store, org_id, "q.backup.offline", "yes", NULL, &error));
  history = mamori_store_get_answer_history (store, org_id, "q.backup.offline", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((MamoriStoreAnswer *) history->pdata[0])->answer, ==, "partly");
  g_assert_cmpstr (((MamoriStoreAnswer *) history->pdata[1])->answer, ==, "yes");
}

static void
test_migrate_fixture (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autofree char *name = g_strdup_printf ("v%d.db", version);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "store", name, NULL);
  g_autofree char *path = tmp_path (name);
  g_autoptr(MamoriStore) store = NULL;

  g_assert_true (g_file_test (fixture, G_FILE_TEST_IS_REGULAR));
  copy_file (fixture, path);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, version);

  store = open_ok (path);
  g_assert_cmpint (mamori_store_get_schema_version (store), ==, MAMORI_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, MAMORI_STORE_SCHEMA_VERSION);
  switch (version)
    {
    case 1:
      check_migrated_v1 (store);
      break;
    default:
      g_assert_not_reached ();
    }
  assert_consistent_full (path, FALSE);
}

static void
test_migrate_empty_file (void)
{
  /* A zero-byte file is what some tools leave behind; sqlite treats it as an empty database. */
  g_autofree char *path = tmp_path ("empty.db");
  g_autoptr(MamoriStore) store = NULL;

  write_bytes (path, "", 0);
  store = open_ok (path);
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, MAMORI_STORE_SCHEMA_VERSION);
}

/* A migration that cannot complete leaves the file at the version before it, untouched by the
 * failed step (each migration is its own transaction), and says why. */
static void
test_migrate_failure_rolls_back (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "store", "v1.db",
                                                    NULL);
  g_autofree char *path = tmp_path ("blocked.db");
  g_autofree char *created = NULL;
  g_autoptr(GError) error = NULL;

  copy_file (fixture, path);
  /* Something else already created an index of the name migration 2 needs, with other
   * columns: CREATE INDEX runs_by_time fails half-way through migration 2. */
  created = query_text (path, "CREATE INDEX runs_by_time ON runs (duration_ms)");
  g_assert_null (created);   /* a statement without result rows */
  g_assert_null (mamori_store_open (path, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "runs_by_time"));
  g_assert_cmpint (query_int (path, "PRAGMA user_version"), ==, 1);
  /* the statements of migration 2 before the failing one were rolled back too */
  g_assert_cmpint (query_int (path, "SELECT count(*) FROM sqlite_schema "
                                    "WHERE name = 'answer_history'"), ==, 0);
  assert_consistent_full (path, FALSE);
}

/* Two connections (the GUI and a CLI run, say) on one file see each other's writes. */
static void
test_two_connections (void)
{
  g_autofree char *path = tmp_path ("shared.db");
  g_autoptr(MamoriStore) a = open_ok (path);
  g_autoptr(MamoriStore) b = open_ok (path);
  g_autoptr(MamoriProfile) p = mamori_profile_new ("共有株式会社", MAMORI_ORG_KIND_SME);
  g_autoptr(GError) error = NULL;
  gint64 id_a = mamori_store_ensure_org (a, p, &error);
  gint64 id_b = mamori_store_ensure_org (b, p, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id_a, ==, id_b);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(MamoriRunResult) run = make_run (p, 3 + i, 1700000000 + i);
      mamori_store_save_run (i % 2 ? a : b, id_a, run, &error);
      g_assert_no_error (error);
    }
  g_assert_true (mamori_store_set_answer (a, id_a, "q.mfa.enabled", "yes", NULL, &error));
  {
    g_autoptr(GPtrArray) runs_a = mamori_store_list_runs (a, 0, &error);
    g_autoptr(GPtrArray) runs_b = mamori_store_list_runs (b, 0, &error);
    g_autoptr(GHashTable) answers_b = mamori_store_get_answers (b, id_b, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (runs_a->len, ==, 6);
    g_assert_cmpuint (runs_b->len, ==, 6);
    g_assert_true (g_hash_table_contains (answers_b, "q.mfa.enabled"));
  }
  g_clear_object (&a);
  g_clear_object (&b);
  assert_consistent (path);
}

/* ---- kill -9 ---- */

static void
writer_hold_hook (gpointer user_data,
                  guint    seq)
{
  if (seq != GPOINTER_TO_UINT (user_data))
    return;
  /* Tell the parent we are inside the transaction, then wait to be killed. */
  g_assert_cmpint (write (STDOUT_FILENO, "holding\n", 8), ==, 8);
  for (;;)
    pause ();
}

/* `test-store --writer DB loop|hold`: writes runs until killed. */
static int
writer_main (const char *path,
             const char *mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriStore) store = mamori_store_open (path, &error);
  g_autoptr(MamoriProfile) p = mamori_profile_new ("書き込み中株式会社", MAMORI_ORG_KIND_SME);
  gint64 org_id;

  if (store == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 2;
    }
  org_id = mamori_store_ensure_org (store, p, &error);
  if (g_str_equal (mode, "hold"))
    mamori_store_set_finding_hook_for_testing (store, writer_hold_hook, GUINT_TO_POINTER (150));
  for (guint i = 0;; i++)
    {
      /* 20 … 299 findings: long enough transactions for the kill to land inside one. */
      g_autoptr(MamoriRunResult) run = make_run (p, g_str_equal (mode, "hold") ? 300 : 20 + (i * 37) % 280,
                                                 1700000000 + i);
      g_autofree char *line = NULL;

      if (mamori_store_save_run (store, org_id, run, &error) == 0)
        {
          g_printerr ("writer: %s\n", error->message);
          return 2;
        }
      line = g_strdup_printf ("run %" G_GINT64_FORMAT "\n", run->run_id);
      if (write (STDOUT_FILENO, line, strlen (line)) < 0)
        return 2;
    }
}

static void
test_kill (gconstpointer data)
{
  const char *mode = data;
  g_autofree char *path = tmp_path ("killed.db");
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  guint committed = 0;

  /* Start from a store with one finished run, so "nothing lost" can be checked too. */
  {
    g_autoptr(MamoriStore) first = open_ok (path);
    g_autoptr(MamoriProfile) p = mamori_profile_new ("既存株式会社", MAMORI_ORG_KIND_SME);
    g_autoptr(MamoriRunResult) run = make_run (p, 5, 1600000000);
    gint64 org_id = mamori_store_ensure_org (first, p, &error);

    mamori_store_save_run (first, org_id, run, &error);
    g_assert_no_error (error);
  }

  g_assert_nonnull (self_exe);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_exe, "--writer", path, mode, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);   /* EOF: the writer died by itself (see its stderr) */
      if (g_str_equal (line, "holding"))
        break;
      g_assert_true (g_str_has_prefix (line, "run "));
      /* In loop mode, kill after a few commits: the writer is then somewhere in the next
       * transaction, most likely among its findings. */
      if (++committed == 12)
        break;
    }
  g_subprocess_force_exit (child);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* The writer's -wal file is still there, with uncommitted frames in it: opening recovers. */
  store = open_ok (path);
  runs = mamori_store_list_runs (store, 0, &error);
  g_assert_no_error (error);
  /* the first run + every run the writer reported; at most one more (committed, not yet
   * reported when the kill came) */
  g_assert_cmpuint (runs->len, >=, 1 + committed);
  g_assert_cmpuint (runs->len, <=, 1 + committed + 1);
  if (g_str_equal (mode, "hold"))
    g_assert_cmpuint (runs->len, ==, 1);
  for (guint i = 0; i < runs->len; i++)
    {
      MamoriStoreRunSummary *s = runs->pdata[i];
      guint total = 0;

      for (guint k = 0; k < 6; k++)
        total += s->counts[k];
      g_assert_cmpuint (total, ==, (guint) s->duration_ms);
    }
  g_clear_object (&store);
  assert_consistent (path);
}

/* ---- full disk and read-only places ---- */

static void
test_disk_full_page_limit (void)
{
  g_autofree char *path = tmp_path ("full.db");
  g_autoptr(MamoriStore) store = open_ok (path);
  g_autoptr(MamoriProfile) p = make_profile ("満杯株式会社", MAMORI_ORG_KIND_SME);
  g_autoptr(MamoriRunResult) small = make_run (p, 2, 1700000000);
  g_autoptr(MamoriRunResult) big = make_run (p, 2000, 1700000001);
  g_autoptr(GError) error = NULL;
  g_autofree char *limit = NULL;
  sqlite3 *db = mamori_store_get_connection_for_testing (store);
  gint64 org_id = mamori_store_ensure_org (store, p, &error);
  sqlite3_stmt *stmt = NULL;
  gint64 pages;

  g_assert_no_error (error);
  g_assert_cmpint (mamori_store_save_run (store, org_id, small, &error), >, 0);
  g_assert_no_error (error);

  /* max_page_count makes this connection see a disk that is full a few pages from now. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_count", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  pages = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 3);
  g_assert_cmpint (sqlite3_exec (db, limit, NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (mamori_store_save_run (store, org_id, big, &error), ==, 0);
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "nothing was written"));
  g_assert_nonnull (strstr (error->message, path));
  g_assert_cmpint (big->run_id, ==, 0);
  g_clear_error (&error);
  g_assert_true (sqlite3_get_autocommit (db));   /* no transaction left open */

  /* Still usable: the small run is there, the big one is not, a new small one fits. */
  {
    g_autoptr(GPtrArray) runs = mamori_store_list_runs (store, 0, &error);
    g_autoptr(MamoriRunResult) again = make_run (p, 1, 1700000002);

    g_assert_no_error (error);
    g_assert_cmpuint (runs->len, ==, 1);
    g_assert_cmpint (mamori_store_save_run (store, org_id, again, &error), >, 0);
    g_assert_no_error (error);
  }
  g_clear_object (&store);
  assert_consistent (path);
}

/* Real full and read-only file systems need a private mount namespace and tmpfs: root (CI) can,
 * a developer's account usually cannot; then the test says so and skips. */
static gboolean
enter_mount_namespace (void)
{
  static int state = 0;   /* 0 untried, 1 ok, -1 failed */

  if (state == 0)
    {
      state = -1;
      if (unshare (CLONE_NEWNS) == 0 &&
          mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0)
        state = 1;
    }
  return state == 1;
}

static char *
mount_tmpfs (const char *name,
             const char *options,
             gulong      flags)
{
  g_autofree char *dir = tmp_path (name);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  if (!enter_mount_namespace () || mount ("tmpfs", dir, "tmpfs", flags, options) != 0)
    {
      int saved = errno;
      g_autofree char *msg = g_strdup_printf ("cannot mount a tmpfs here (%s): needs root "
                                              "and CAP_SYS_ADMIN", g_strerror (saved));
      g_test_skip (msg);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

static void
test_disk_full_tmpfs (void)
{
  g_autofree char *dir = mount_tmpfs ("tiny", "size=160k,mode=0700", 0);
  g_autofree char *path = NULL;
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(MamoriProfile) p = make_profile ("小容量株式会社", MAMORI_ORG_KIND_SME);
  g_autoptr(GError) error = NULL;
  gint64 org_id;
  guint saved = 0;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, "m.db", NULL);
  store = open_ok (path);
  org_id = mamori_store_ensure_org (store, p, &error);
  g_assert_no_error (error);

  /* Fill the disk run by run until sqlite reports it full; bounded, in case it never does. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(MamoriRunResult) run = make_run (p, 30, 1700000000 + i);

      if (mamori_store_save_run (store, org_id, run, &error) == 0)
        break;
      saved++;
    }
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "nothing was written"));
  g_clear_error (&error);
  g_assert_cmpuint (saved, >, 0);
  g_clear_object (&store);

  /* Everything reported saved is there and whole. WAL checkpointing at close may itself have
   * needed room; the file must be intact either way. */
  store = open_ok (path);
  {
    g_autoptr(GPtrArray) runs = mamori_store_list_runs (store, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (runs->len, ==, saved);
  }
  g_clear_object (&store);
  assert_consistent (path);
  g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
}

static void
test_read_only_place (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(GError) error = NULL;

  if (geteuid () != 0)
    {
      /* Without root, permissions are enough. */
      dir = tmp_path ("ro");
      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      path = g_build_filename (dir, "m.db", NULL);
      g_object_unref (open_ok (path));
      g_assert_cmpint (g_chmod (path, 0400), ==, 0);
      g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
    }
  else
    {
      /* root ignores permissions: use a tmpfs remounted read-only. */
      dir = mount_tmpfs ("ro", "size=1m,mode=0700", 0);
      if (dir == NULL)
        return;
      path = g_build_filename (dir, "m.db", NULL);
      g_object_unref (open_ok (path));
      g_assert_cmpint (mount (NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, NULL), ==, 0);
    }

  {
    g_autoptr(GBytes) before = read_bytes (path);
    g_autoptr(GBytes) after = NULL;

    g_assert_null (mamori_store_open (path, &error));
    g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_READ_ONLY);
    g_assert_nonnull (strstr (error->message, path));
    g_clear_error (&error);
    after = read_bytes (path);
    g_assert_true (g_bytes_equal (before, after));
  }

  /* a new database in a read-only place */
  missing = g_build_filename (dir, "sub", "new.db", NULL);
  g_assert_null (mamori_store_open (missing, &error));
  g_assert_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  if (geteuid () != 0)
    g_chmod (dir, 0700);
  else
    g_assert_cmpint (umount2 (dir, MNT_DETACH), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "--writer"))
    return writer_main (argv[2], argv[3]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/mamori/store/open/new", test_open_new);
  g_test_add_func ("/mamori/store/open/default-path", test_open_default_path);
  g_test_add_func ("/mamori/store/org/crud", test_org_crud);
  g_test_add_func ("/mamori/store/run/roundtrip", test_run_roundtrip);
  g_test_add_func ("/mamori/store/run/list", test_run_list);
  g_test_add_func ("/mamori/store/answers/set-get-history", test_answers);
  g_test_add_data_func ("/mamori/store/damaged/garbage", GINT_TO_POINTER (DAMAGE_GARBAGE),
                        test_damaged);
  g_test_add_data_func ("/mamori/store/damaged/header-only", GINT_TO_POINTER (DAMAGE_HEADER_ONLY),
                        test_damaged);
  g_test_add_data_func ("/mamori/store/damaged/truncated", GINT_TO_POINTER (DAMAGE_TRUNCATED),
                        test_damaged);
  g_test_add_data_func ("/mamori/store/damaged/scribbled", GINT_TO_POINTER (DAMAGE_SCRIBBLED),
                        test_damaged);
  g_test_add_func ("/mamori/store/damaged/too-new", test_too_new);
  g_test_add_func ("/mamori/store/migrate/empty-file", test_migrate_empty_file);
  /* one line per older schema version: every one must migrate to the latest */
  for (int v = 1; v < MAMORI_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *test_path = g_strdup_printf ("/mamori/store/migrate/from-v%d", v);
      g_test_add_data_func (test_path, GINT_TO_POINTER (v), test_migrate_fixture);
    }
  g_test_add_func ("/mamori/store/migrate/failure-rolls-back", test_migrate_failure_rolls_back);
  g_test_add_func ("/mamori/store/open/two-connections", test_two_connections);
  g_test_add_data_func ("/mamori/store/crash/kill-mid-transaction", "hold", test_kill);
  g_test_add_data_func ("/mamori/store/crash/kill-in-loop", "loop", test_kill);
  g_test_add_func ("/mamori/store/disk-full/page-limit", test_disk_full_page_limit);
  g_test_add_func ("/mamori/store/disk-full/tmpfs", test_disk_full_tmpfs);
  g_test_add_func ("/mamori/store/read-only", test_read_only_place);

  return g_test_run ();
}
