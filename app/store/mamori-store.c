/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "mamori-store.h"
#include "mamori-store-private.h"
#include "mamori-store-resources.h"

#define MIGRATIONS_PATH "/io/github/mamori_jp/Mamori/store/migrations"
/* Long enough for another Mamori process (GUI and CLI at once) to finish writing a run. */
#define BUSY_TIMEOUT_MS 10000

G_DEFINE_QUARK (mamori-store-error-quark, mamori_store_error)

struct _MamoriStore
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
  int       schema_version;

  MamoriStoreFindingHook finding_hook;
  gpointer               finding_hook_data;
};

G_DEFINE_FINAL_TYPE (MamoriStore, mamori_store, G_TYPE_OBJECT)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static const char * const answer_words[] = {
  "yes", "partly", "no", "not_applicable", "unknown", NULL
};

/* ---- boxed types ---- */

MamoriStoreOrg *
mamori_store_org_copy (const MamoriStoreOrg *org)
{
  MamoriStoreOrg *copy = g_new0 (MamoriStoreOrg, 1);

  copy->id = org->id;
  copy->profile = org->profile != NULL ? mamori_profile_ref (org->profile) : NULL;
  copy->created_at = org->created_at != NULL ? g_date_time_ref (org->created_at) : NULL;
  return copy;
}

void
mamori_store_org_free (MamoriStoreOrg *org)
{
  if (org == NULL)
    return;
  g_clear_pointer (&org->profile, mamori_profile_unref);
  g_clear_pointer (&org->created_at, g_date_time_unref);
  g_free (org);
}

MamoriStoreRunSummary *
mamori_store_run_summary_copy (const MamoriStoreRunSummary *summary)
{
  MamoriStoreRunSummary *copy = g_memdup2 (summary, sizeof *summary);

  copy->org_name = g_strdup (summary->org_name);
  copy->started_at = summary->started_at != NULL ? g_date_time_ref (summary->started_at) : NULL;
  copy->mamori_version = g_strdup (summary->mamori_version);
  copy->catalog_version = g_strdup (summary->catalog_version);
  return copy;
}

void
mamori_store_run_summary_free (MamoriStoreRunSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->org_name);
  g_clear_pointer (&summary->started_at, g_date_time_unref);
  g_free (summary->mamori_version);
  g_free (summary->catalog_version);
  g_free (summary);
}

MamoriStoreAnswer *
mamori_store_answer_copy (const MamoriStoreAnswer *answer)
{
  MamoriStoreAnswer *copy = g_new0 (MamoriStoreAnswer, 1);

  copy->question_id = g_strdup (answer->question_id);
  copy->answer = g_strdup (answer->answer);
  copy->note = g_strdup (answer->note);
  copy->answered_at = answer->answered_at != NULL ? g_date_time_ref (answer->answered_at) : NULL;
  return copy;
}

void
mamori_store_answer_free (MamoriStoreAnswer *answer)
{
  if (answer == NULL)
    return;
  g_free (answer->question_id);
  g_free (answer->answer);
  g_free (answer->note);
  g_clear_pointer (&answer->answered_at, g_date_time_unref);
  g_free (answer);
}

G_DEFINE_BOXED_TYPE (MamoriStoreOrg, mamori_store_org, mamori_store_org_copy,
                     mamori_store_org_free)
G_DEFINE_BOXED_TYPE (MamoriStoreRunSummary, mamori_store_run_summary,
                     mamori_store_run_summary_copy, mamori_store_run_summary_free)
G_DEFINE_BOXED_TYPE (MamoriStoreAnswer, mamori_store_answer, mamori_store_answer_copy,
                     mamori_store_answer_free)

gboolean
mamori_store_answer_is_valid (const char *answer)
{
  return answer != NULL && g_strv_contains (answer_words, answer);
}

/* ---- errors ---- */

/* Maps an sqlite result code to the store's error codes, with a message that says what happened
 * to the user's data (the reason people read these). */
static void
set_sqlite_error (GError     **error,
                  const char  *path,
                  int          rc,
                  const char  *detail)
{
  int primary = rc & 0xff;

  if (detail == NULL)
    detail = sqlite3_errstr (rc);

  switch (primary)
    {
    case SQLITE_FULL:
    case SQLITE_IOERR:
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_DISK_FULL,
                   _("Disk full or not writable — nothing was written to the database “%s” (%s)"),
                   path, detail);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_DAMAGED,
                   _("The database “%s” is damaged (%s). It was left as it is: restore it from a "
                     "backup, or move it aside to start a new one."),
                   path, detail);
      break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_READ_ONLY,
                   _("The database “%s” cannot be written (%s)"), path, detail);
      break;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("The database “%s” refused a value (%s)"), path, detail);
      break;
    default:
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_FAILED,
                   _("The database “%s” could not be used (%s)"), path, detail);
      break;
    }
}

static void
set_db_error (MamoriStore  *self,
              GError      **error,
              int           rc)
{
  set_sqlite_error (error, self->path, rc, sqlite3_errmsg (self->db));
}

/* ---- small sqlite helpers ---- */

static sqlite3_stmt *
prepare (MamoriStore  *self,
         const char   *sql,
         GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error (self, error, rc);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static gboolean
exec_sql (MamoriStore  *self,
          const char   *sql,
          GError      **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_db_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

/* Rolls back whatever is open; used on error paths, so its own failure is not reported
 * (sqlite may already have rolled back by itself, e.g. after SQLITE_FULL). */
static void
rollback (MamoriStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    utc = g_date_time_new_now_utc ();
  else
    utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static GDateTime *
parse_time (const unsigned char *text)
{
  GDateTime *time = NULL;

  if (text != NULL)
    time = g_date_time_new_from_iso8601 ((const char *) text, NULL);
  /* A row with an unreadable time is still worth showing; the epoch says "unknown". */
  return time != NULL ? time : g_date_time_new_from_unix_utc (0);
}

static char *
strv_to_json (const char * const *values)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static GStrv
strv_from_json (const unsigned char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  if (text != NULL)
    root = json_from_string ((const char *) text, NULL);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  return g_strv_builder_end (builder);
}

/* ---- GObject ---- */

static void
mamori_store_finalize (GObject *object)
{
  MamoriStore *self = MAMORI_STORE (object);

  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (mamori_store_parent_class)->finalize (object);
}

static void
mamori_store_class_init (MamoriStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mamori_store_finalize;
}

static void
mamori_store_init (MamoriStore *self)
{
}

/* ---- opening and migrations ---- */

char *
mamori_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "mamori", "mamori.db", NULL);
}

/* Looks at an existing file through a READ-ONLY connection before anything can write to it:
 * switching to WAL or migrating would rewrite the header of a damaged or newer file, and the
 * user's data must survive whatever we think of it. */
static gboolean
inspect_existing (const char  *path,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = NULL;
  int rc, version = 0;
  GString *problems = NULL;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, path, rc, db != NULL ? sqlite3_errmsg (db) : NULL);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, path, rc, sqlite3_errmsg (db));
      g_clear_pointer (&stmt, sqlite3_finalize);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version > MAMORI_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of Mamori (schema %d; "
                     "this version knows up to %d). It was left as it is: update Mamori to use it."),
                   path, version, MAMORI_STORE_SCHEMA_VERSION);
      sqlite3_close_v2 (db);
      return FALSE;
    }

  /* quick_check reads every page once: a truncated or scribbled-over file is caught here,
   * before it can get worse, and costs well under a second for years of runs. */
  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = SQLITE_ROW;
  while (rc == SQLITE_ROW && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      /* "*** in database main ***" is a heading, not a problem. */
      if (g_strcmp0 (line, "ok") == 0 || g_str_has_prefix (line != NULL ? line : "", "***"))
        continue;
      if (problems == NULL)
        problems = g_string_new (NULL);
      else if (problems->len > 200)
        continue;
      else
        g_string_append (problems, "; ");
      g_string_append (problems, line != NULL ? line : "?");
    }
  if (rc != SQLITE_DONE || problems != NULL)
    {
      g_autofree char *detail = problems != NULL ? g_string_free (problems, FALSE)
                                                 : g_strdup (sqlite3_errmsg (db));

      /* Anything quick_check cannot get through counts as damage, whatever code it gave. */
      if (problems != NULL || (rc & 0xff) == SQLITE_IOERR)
        rc = SQLITE_CORRUPT;
      set_sqlite_error (error, path, rc, detail);
      g_clear_pointer (&stmt, sqlite3_finalize);
      sqlite3_close_v2 (db);
      return FALSE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close_v2 (db);
  return TRUE;
}

static int
read_user_version (MamoriStore  *self,
                   GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "PRAGMA user_version", error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_db_error (self, error, rc);
      return -1;
    }
  return sqlite3_column_int (stmt, 0);
}

/* The migration files, in order: migrations/NNNN-name.sql must number 1 … N without gaps. */
static GPtrArray *
list_migrations (void)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) children = g_resource_enumerate_children (mamori_store_get_resource (),
                                                          MIGRATIONS_PATH,
                                                          G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    if (g_str_has_suffix (children[i], ".sql"))
      g_ptr_array_add (names, g_strdup (children[i]));
  return names;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
apply_migration (MamoriStore  *self,
                 int           number,
                 const char   *name,
                 GError      **error)
{
  g_autofree char *resource_path = g_strconcat (MIGRATIONS_PATH "/", name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *set_version = NULL;
  int current;

  bytes = g_resource_lookup_data (mamori_store_get_resource (), resource_path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (bytes != NULL);   /* listed a moment ago from the same compiled-in resource */
  sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* IMMEDIATE takes the write lock now, so two processes opening an old file at once
   * cannot both migrate it; the second sees the new version and skips. */
  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  current = read_user_version (self, error);
  if (current < 0)
    goto fail;
  if (current >= number)
    return exec_sql (self, "COMMIT", error);
  if (!exec_sql (self, sql, error))
    goto fail;
  set_version = g_strdup_printf ("PRAGMA user_version = %d", number);
  if (!exec_sql (self, set_version, error))
    goto fail;
  if (!exec_sql (self, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  rollback (self);
  return FALSE;
}

static gboolean
migrate (MamoriStore  *self,
         GError      **error)
{
  g_autoptr(GPtrArray) names = list_migrations ();
  int version;

  g_ptr_array_sort (names, compare_names);
  /* A gap or a miscount is a packaging bug, not something the user can fix. */
  g_assert (names->len == MAMORI_STORE_SCHEMA_VERSION);

  version = read_user_version (self, error);
  if (version < 0)
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      int number = (int) g_ascii_strtoll (name, NULL, 10);

      g_assert (number == (int) i + 1);
      if (number <= version)
        continue;
      if (!apply_migration (self, number, name, error))
        return FALSE;
    }
  self->schema_version = read_user_version (self, error);
  if (self->schema_version < 0)
    return FALSE;
  if (self->schema_version > MAMORI_STORE_SCHEMA_VERSION)
    {
      /* Another, newer Mamori migrated the file between our check and now. */
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_TOO_NEW,
                   _("The database “%s” was written by a newer version of Mamori (schema %d; "
                     "this version knows up to %d). It was left as it is: update Mamori to use it."),
                   self->path, self->schema_version, MAMORI_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
pragma_expect (MamoriStore  *self,
               const char   *sql,
               const char   *expected,
               GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return FALSE;
    }
  if (expected != NULL &&
      (rc != SQLITE_ROW ||
       g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), expected) != 0))
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_FAILED,
                   _("The database “%s” could not be switched to %s mode"), self->path, expected);
      return FALSE;
    }
  return TRUE;
}

MamoriStore *
mamori_store_open (const char  *path,
                   GError     **error)
{
  g_autoptr(MamoriStore) self = g_object_new (MAMORI_TYPE_STORE, NULL);
  g_autofree char *dir = NULL;
  GStatBuf st;
  int rc;

  self->path = path != NULL ? g_strdup (path) : mamori_store_default_path ();
  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_READ_ONLY,
                   _("The folder “%s” for the database cannot be created (%s)"),
                   dir, g_strerror (saved));
      return NULL;
    }

  if (g_stat (self->path, &st) == 0 && st.st_size > 0 && !inspect_existing (self->path, error))
    return NULL;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->path, rc,
                        self->db != NULL ? sqlite3_errmsg (self->db) : NULL);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  /* WAL: readers (the GUI's history page) never block the writer (a CLI run), and a writer
   * killed mid-run leaves only uncommitted frames that the next open ignores. NORMAL is
   * durable enough in WAL mode: a power cut may lose the last run, never corrupt the file. */
  if (!pragma_expect (self, "PRAGMA journal_mode = WAL", "wal", error) ||
      !pragma_expect (self, "PRAGMA synchronous = NORMAL", NULL, error) ||
      !pragma_expect (self, "PRAGMA foreign_keys = ON", NULL, error))
    return NULL;

  /* sqlite silently falls back to read-only for a file it may not write; say so now rather
   * than fail at the first saved run. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      set_sqlite_error (error, self->path, SQLITE_READONLY, NULL);
      return NULL;
    }

  if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
mamori_store_get_path (MamoriStore *self)
{
  g_return_val_if_fail (MAMORI_IS_STORE (self), NULL);
  return self->path;
}

int
mamori_store_get_schema_version (MamoriStore *self)
{
  g_return_val_if_fail (MAMORI_IS_STORE (self), -1);
  return self->schema_version;
}

/* ---- organisations ---- */

static gboolean
check_profile (MamoriStore    *self,
               MamoriProfile  *profile,
               GError        **error)
{
  if (profile == NULL || profile->name == NULL || *profile->name == '\0' ||
      !g_utf8_validate (profile->name, -1, NULL))
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("An organisation needs a name"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
org_exists (MamoriStore  *self,
            gint64        org_id,
            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT 1 FROM organisations WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, org_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND,
                 _("There is no organisation number %lld in the database"), (long long) org_id);
  else
    set_db_error (self, error, rc);
  return FALSE;
}

gint64
mamori_store_find_org (MamoriStore  *self,
                       const char   *name,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), 0);
  g_return_val_if_fail (name != NULL, 0);

  stmt = prepare (self, "SELECT id FROM organisations WHERE name = ?", error);
  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    set_db_error (self, error, rc);
  return 0;
}

gint64
mamori_store_ensure_org (MamoriStore    *self,
                         MamoriProfile  *profile,
                         GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *domains = NULL;
  g_autofree char *selectors = NULL;
  g_autofree char *now = NULL;
  GError *local_error = NULL;
  gint64 id;
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), 0);

  if (!check_profile (self, profile, error))
    return 0;

  id = mamori_store_find_org (self, profile->name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return 0;
    }
  if (id > 0)
    return id;

  /* DO NOTHING: another process may have created it since the lookup; then we read its id. */
  stmt = prepare (self,
                  "INSERT INTO organisations (name, kind, domains, dkim_selectors, notes, created_at) "
                  "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                  error);
  if (stmt == NULL)
    return 0;
  domains = strv_to_json ((const char * const *) profile->domains);
  selectors = strv_to_json ((const char * const *) profile->dkim_selectors);
  now = format_time (NULL);
  bind_text (stmt, 1, profile->name);
  bind_text (stmt, 2, mamori_org_kind_to_string (profile->kind));
  bind_text (stmt, 3, domains);
  bind_text (stmt, 4, selectors);
  bind_text (stmt, 5, profile->notes);
  bind_text (stmt, 6, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return 0;
    }
  id = mamori_store_find_org (self, profile->name, error);
  return id;
}

static MamoriProfile *
profile_from_row (sqlite3_stmt *stmt,
                  int           first)
{
  MamoriOrgKind kind = MAMORI_ORG_KIND_SME;
  MamoriProfile *profile;
  g_auto(GStrv) domains = NULL;
  g_auto(GStrv) selectors = NULL;
  const unsigned char *notes;

  mamori_org_kind_from_string ((const char *) sqlite3_column_text (stmt, first + 1), &kind);
  profile = mamori_profile_new ((const char *) sqlite3_column_text (stmt, first), kind);
  domains = strv_from_json (sqlite3_column_text (stmt, first + 2));
  for (guint i = 0; domains[i] != NULL; i++)
    mamori_profile_add_domain (profile, domains[i]);
  selectors = strv_from_json (sqlite3_column_text (stmt, first + 3));
  for (guint i = 0; selectors[i] != NULL; i++)
    mamori_profile_add_dkim_selector (profile, selectors[i]);
  notes = sqlite3_column_text (stmt, first + 4);
  if (notes != NULL)
    profile->notes = g_strdup ((const char *) notes);
  return profile;
}

#define ORG_COLUMNS "id, name, kind, domains, dkim_selectors, notes, created_at"

static MamoriStoreOrg *
org_from_row (sqlite3_stmt *stmt)
{
  MamoriStoreOrg *org = g_new0 (MamoriStoreOrg, 1);

  org->id = sqlite3_column_int64 (stmt, 0);
  org->profile = profile_from_row (stmt, 1);
  org->created_at = parse_time (sqlite3_column_text (stmt, 6));
  return org;
}

MamoriStoreOrg *
mamori_store_get_org (MamoriStore  *self,
                      gint64        org_id,
                      GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT " ORG_COLUMNS " FROM organisations WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, org_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return org_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND,
                 _("There is no organisation number %lld in the database"), (long long) org_id);
  else
    set_db_error (self, error, rc);
  return NULL;
}

gboolean
mamori_store_update_org (MamoriStore    *self,
                         gint64          org_id,
                         MamoriProfile  *profile,
                         GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *domains = NULL;
  g_autofree char *selectors = NULL;
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), FALSE);

  if (!check_profile (self, profile, error) || !org_exists (self, org_id, error))
    return FALSE;
  stmt = prepare (self,
                  "UPDATE organisations SET name = ?, kind = ?, domains = ?, dkim_selectors = ?, "
                  "notes = ? WHERE id = ?",
                  error);
  if (stmt == NULL)
    return FALSE;
  domains = strv_to_json ((const char * const *) profile->domains);
  selectors = strv_to_json ((const char * const *) profile->dkim_selectors);
  bind_text (stmt, 1, profile->name);
  bind_text (stmt, 2, mamori_org_kind_to_string (profile->kind));
  bind_text (stmt, 3, domains);
  bind_text (stmt, 4, selectors);
  bind_text (stmt, 5, profile->notes);
  sqlite3_bind_int64 (stmt, 6, org_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                     _("Another organisation is already called “%s”"), profile->name);
      else
        set_db_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
mamori_store_list_orgs (MamoriStore  *self,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) orgs = g_ptr_array_new_with_free_func ((GDestroyNotify) mamori_store_org_free);
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), NULL);

  stmt = prepare (self, "SELECT " ORG_COLUMNS " FROM organisations ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (orgs, org_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&orgs);
}

static gboolean
delete_by_id (MamoriStore  *self,
              const char   *sql,
              gint64        id,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

gboolean
mamori_store_delete_org (MamoriStore  *self,
                         gint64        org_id,
                         GError      **error)
{
  g_return_val_if_fail (MAMORI_IS_STORE (self), FALSE);

  if (!org_exists (self, org_id, error))
    return FALSE;
  /* ON DELETE CASCADE takes runs, findings, scores, answers and their history along, all in the
   * statement's own transaction. */
  return delete_by_id (self, "DELETE FROM organisations WHERE id = ?", org_id, error);
}

/* ---- runs ---- */

static char *
families_json (MamoriRunResult *run)
{
  g_autoptr(GPtrArray) families = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < run->findings->len; i++)
    {
      const char *check_id = mamori_finding_get_check_id (g_ptr_array_index (run->findings, i));
      const char *dot = strchr (check_id, '.');
      g_autofree char *family = dot != NULL ? g_strndup (check_id, dot - check_id)
                                            : g_strdup (check_id);

      if (!g_ptr_array_find_with_equal_func (families, family, g_str_equal, NULL))
        g_ptr_array_add (families, g_steal_pointer (&family));
    }
  g_ptr_array_add (families, NULL);
  return strv_to_json ((const char * const *) families->pdata);
}

static char *
evidence_json (MamoriFinding *finding)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, mamori_finding_get_evidence (finding));
  return json_to_string (node, FALSE);
}

static gboolean
insert_finding (MamoriStore    *self,
                sqlite3_stmt   *stmt,
                gint64          run_id,
                guint           seq,
                MamoriFinding  *finding,
                GError        **error)
{
  g_autofree char *message_params = NULL;
  g_autofree char *remediation_params = NULL;
  g_autofree char *evidence = NULL;
  g_autofree char *refs = NULL;
  int rc;

  message_params = strv_to_json (mamori_finding_get_message_params (finding));
  remediation_params = strv_to_json (mamori_finding_get_remediation_params (finding));
  evidence = evidence_json (finding);
  refs = strv_to_json (mamori_finding_get_guideline_refs (finding));

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  sqlite3_bind_int64 (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, seq);
  bind_text (stmt, 3, mamori_finding_get_check_id (finding));
  bind_text (stmt, 4, mamori_finding_get_subject (finding));
  bind_text (stmt, 5, mamori_finding_get_facet (finding));
  bind_text (stmt, 6, mamori_status_to_string (mamori_finding_get_status (finding)));
  bind_text (stmt, 7, mamori_severity_to_string (mamori_finding_get_severity (finding)));
  bind_text (stmt, 8, mamori_finding_get_message_id (finding));
  bind_text (stmt, 9, message_params);
  bind_text (stmt, 10, mamori_finding_get_remediation_id (finding));
  bind_text (stmt, 11, remediation_params);
  bind_text (stmt, 12, mamori_finding_get_record (finding));
  bind_text (stmt, 13, evidence);
  bind_text (stmt, 14, refs);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_scores (MamoriStore      *self,
               gint64            run_id,
               MamoriRunResult  *run,
               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = NULL;
  JsonObject *object;
  int rc;

  if (run->scores == NULL || !JSON_NODE_HOLDS_OBJECT (run->scores))
    return TRUE;
  stmt = prepare (self, "INSERT INTO scores (run_id, scores, overall) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  object = json_node_get_object (run->scores);
  json = json_to_string (run->scores, FALSE);
  sqlite3_bind_int64 (stmt, 1, run_id);
  bind_text (stmt, 2, json);
  /* overall is null when nothing could be decided; the trend queries then skip the run. */
  if (json_object_has_member (object, "overall") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "overall")))
    sqlite3_bind_double (stmt, 3, json_object_get_double_member (object, "overall"));
  else
    sqlite3_bind_null (stmt, 3);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

gint64
mamori_store_save_run (MamoriStore      *self,
                       gint64            org_id,
                       MamoriRunResult  *run,
                       GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) finding_stmt = NULL;
  g_autofree char *started = NULL;
  g_autofree char *families = NULL;
  gint64 run_id;
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), 0);
  g_return_val_if_fail (run != NULL, 0);

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return 0;
  if (!org_exists (self, org_id, error))
    goto fail;

  stmt = prepare (self,
                  "INSERT INTO runs (org_id, started_at, duration_ms, mamori_version, "
                  "catalog_version, families, status) VALUES (?, ?, ?, ?, ?, ?, 'complete')",
                  error);
  if (stmt == NULL)
    goto fail;
  started = format_time (run->started_at);
  families = families_json (run);
  sqlite3_bind_int64 (stmt, 1, org_id);
  bind_text (stmt, 2, started);
  sqlite3_bind_int64 (stmt, 3, MAX (run->duration_ms, 0));
  bind_text (stmt, 4, PACKAGE_VERSION);
  bind_text (stmt, 5, run->catalog_version);
  bind_text (stmt, 6, families);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      goto fail;
    }
  run_id = sqlite3_last_insert_rowid (self->db);

  finding_stmt = prepare (self,
                          "INSERT INTO findings (run_id, seq, check_id, subject, facet, status, "
                          "severity, message_id, message_params, remediation_id, "
                          "remediation_params, record, evidence, guideline_refs) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          error);
  if (finding_stmt == NULL)
    goto fail;
  for (guint i = 0; i < run->findings->len; i++)
    {
      if (!insert_finding (self, finding_stmt, run_id, i, g_ptr_array_index (run->findings, i),
                           error))
        goto fail;
      if (self->finding_hook != NULL)
        self->finding_hook (self->finding_hook_data, i);
    }

  if (!insert_scores (self, run_id, run, error))
    goto fail;

  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (self, error, rc);
      goto fail;
    }
  run->run_id = run_id;
  return run_id;

fail:
  rollback (self);
  return 0;
}

GPtrArray *
mamori_store_list_runs (MamoriStore  *self,
                        gint64        org_id,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT r.id, r.org_id, o.name, r.started_at, r.duration_ms, r.mamori_version, "
                  "       r.catalog_version, s.overall, "
                  "       (SELECT count(*) FROM findings f WHERE f.run_id = r.id AND f.status = 'pass'), "
                  "       (SELECT count(*) FROM findings f WHERE f.run_id = r.id AND f.status = 'warn'), "
                  "       (SELECT count(*) FROM findings f WHERE f.run_id = r.id AND f.status = 'fail'), "
                  "       (SELECT count(*) FROM findings f WHERE f.run_id = r.id AND f.status = 'info'), "
                  "       (SELECT count(*) FROM findings f WHERE f.run_id = r.id AND f.status = 'error'), "
                  "       (SELECT count(*) FROM findings f WHERE f.run_id = r.id "
                  "                                          AND f.status = 'not_applicable') "
                  "FROM runs r JOIN organisations o ON o.id = r.org_id "
                  "LEFT JOIN scores s ON s.run_id = r.id "
                  "WHERE ?1 = 0 OR r.org_id = ?1 "
                  "ORDER BY r.started_at DESC, r.id DESC",
                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, org_id);

  runs = g_ptr_array_new_with_free_func ((GDestroyNotify) mamori_store_run_summary_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriStoreRunSummary *summary = g_new0 (MamoriStoreRunSummary, 1);

      summary->id = sqlite3_column_int64 (stmt, 0);
      summary->org_id = sqlite3_column_int64 (stmt, 1);
      summary->org_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      summary->started_at = parse_time (sqlite3_column_text (stmt, 3));
      summary->duration_ms = sqlite3_column_int64 (stmt, 4);
      summary->mamori_version = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      summary->catalog_version = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      summary->has_score = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
      summary->overall = summary->has_score ? sqlite3_column_double (stmt, 7) : 0.0;
      G_STATIC_ASSERT (MAMORI_STATUS_PASS == 0 && MAMORI_STATUS_NOT_APPLICABLE == 5);
      for (int i = 0; i < 6; i++)
        summary->counts[i] = (guint) sqlite3_column_int64 (stmt, 8 + i);
      g_ptr_array_add (runs, summary);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&runs);
}

static MamoriFinding *
finding_from_row (sqlite3_stmt *stmt)
{
  MamoriStatus status = MAMORI_STATUS_ERROR;
  MamoriSeverity severity = MAMORI_SEVERITY_INFO;
  MamoriFinding *finding;
  g_autoptr(JsonNode) evidence = NULL;
  g_auto(GStrv) refs = NULL;
  const unsigned char *text;

  mamori_status_from_string ((const char *) sqlite3_column_text (stmt, 3), &status);
  mamori_severity_from_string ((const char *) sqlite3_column_text (stmt, 4), &severity);
  finding = mamori_finding_new ((const char *) sqlite3_column_text (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1), status, severity);
  mamori_finding_set_facet (finding, (const char *) sqlite3_column_text (stmt, 2));
  if ((text = sqlite3_column_text (stmt, 5)) != NULL)
    {
      g_auto(GStrv) params = strv_from_json (sqlite3_column_text (stmt, 6));
      mamori_finding_set_message_v (finding, (const char *) text, (const char * const *) params);
    }
  if ((text = sqlite3_column_text (stmt, 7)) != NULL)
    {
      g_auto(GStrv) params = strv_from_json (sqlite3_column_text (stmt, 8));
      mamori_finding_set_remediation_v (finding, (const char *) text,
                                        (const char * const *) params);
    }
  mamori_finding_set_record (finding, (const char *) sqlite3_column_text (stmt, 9));
  evidence = json_from_string ((const char *) sqlite3_column_text (stmt, 10), NULL);
  if (evidence != NULL && JSON_NODE_HOLDS_OBJECT (evidence))
    {
      JsonObject *object = json_node_get_object (evidence);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        mamori_finding_add_evidence_node (finding, l->data,
                                          json_node_copy (json_object_get_member (object, l->data)));
    }
  refs = strv_from_json (sqlite3_column_text (stmt, 11));
  mamori_finding_set_guideline_refs (finding, (const char * const *) refs);
  return finding;
}

MamoriRunResult *
mamori_store_load_run (MamoriStore  *self,
                       gint64        run_id,
                       GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(MamoriProfile) profile = NULL;
  g_autoptr(GDateTime) started = NULL;
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MamoriRunResult) run = NULL;
  g_autofree char *catalog_version = NULL;
  g_autoptr(JsonNode) scores = NULL;
  gint64 duration_ms;
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), NULL);

  /* One read transaction, so a writer in another process cannot slip in between the queries. */
  if (!exec_sql (self, "BEGIN", error))
    return NULL;

  stmt = prepare (self,
                  "SELECT o.name, o.kind, o.domains, o.dkim_selectors, o.notes, "
                  "       r.started_at, r.duration_ms, r.catalog_version, s.scores "
                  "FROM runs r JOIN organisations o ON o.id = r.org_id "
                  "LEFT JOIN scores s ON s.run_id = r.id WHERE r.id = ?",
                  error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND,
                     _("There is no run number %lld in the database"), (long long) run_id);
      else
        set_db_error (self, error, rc);
      goto fail;
    }
  profile = profile_from_row (stmt, 0);
  started = parse_time (sqlite3_column_text (stmt, 5));
  duration_ms = sqlite3_column_int64 (stmt, 6);
  catalog_version = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  if (sqlite3_column_text (stmt, 8) != NULL)
    scores = json_from_string ((const char *) sqlite3_column_text (stmt, 8), NULL);
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = prepare (self,
                  "SELECT check_id, subject, facet, status, severity, message_id, message_params, "
                  "       remediation_id, remediation_params, record, evidence, guideline_refs "
                  "FROM findings WHERE run_id = ? ORDER BY seq",
                  error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, run_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (findings, finding_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!exec_sql (self, "COMMIT", error))
    goto fail;

  run = mamori_run_result_new (profile, findings, started, duration_ms);
  run->run_id = run_id;
  if (catalog_version != NULL || scores != NULL)
    mamori_run_result_set_scores (run, catalog_version, scores);
  return g_steal_pointer (&run);

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  rollback (self);
  return NULL;
}

gboolean
mamori_store_delete_run (MamoriStore  *self,
                         gint64        run_id,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), FALSE);

  stmt = prepare (self, "DELETE FROM runs WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return FALSE;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_NOT_FOUND,
                   _("There is no run number %lld in the database"), (long long) run_id);
      return FALSE;
    }
  return TRUE;
}

/* ---- answers ---- */

gboolean
mamori_store_set_answer (MamoriStore  *self,
                         gint64        org_id,
                         const char   *question_id,
                         const char   *answer,
                         const char   *note,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = NULL;
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), FALSE);

  if (question_id == NULL || *question_id == '\0' || !g_utf8_validate (question_id, -1, NULL))
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("An answer needs a question id"));
      return FALSE;
    }
  if (!mamori_store_answer_is_valid (answer))
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("“%s” is not an answer to “%s” (use yes, partly, no, not_applicable or "
                     "unknown)"),
                   answer != NULL ? answer : "", question_id);
      return FALSE;
    }
  if (note != NULL && !g_utf8_validate (note, -1, NULL))
    {
      g_set_error (error, MAMORI_STORE_ERROR, MAMORI_STORE_ERROR_INVALID,
                   _("The note to “%s” is not valid UTF-8 text"), question_id);
      return FALSE;
    }
  if (!org_exists (self, org_id, error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO answers (org_id, question_id, answer, note, answered_at) "
                  "VALUES (?, ?, ?, ?, ?) ON CONFLICT (org_id, question_id) DO UPDATE SET "
                  "answer = excluded.answer, note = excluded.note, "
                  "answered_at = excluded.answered_at",
                  error);
  if (stmt == NULL)
    return FALSE;
  now = format_time (NULL);
  sqlite3_bind_int64 (stmt, 1, org_id);
  bind_text (stmt, 2, question_id);
  bind_text (stmt, 3, answer);
  bind_text (stmt, 4, note);
  bind_text (stmt, 5, now);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return FALSE;
    }
  return TRUE;
}

gboolean
mamori_store_set_answers (MamoriStore  *self,
                          gint64        org_id,
                          GPtrArray    *answers,
                          GError      **error)
{
  g_return_val_if_fail (MAMORI_IS_STORE (self), FALSE);
  g_return_val_if_fail (answers != NULL, FALSE);

  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (guint i = 0; i < answers->len; i++)
    {
      MamoriStoreAnswer *a = g_ptr_array_index (answers, i);

      if (!mamori_store_set_answer (self, org_id, a->question_id, a->answer, a->note, error))
        {
          rollback (self);
          return FALSE;
        }
    }
  if (!exec_sql (self, "COMMIT", error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

static MamoriStoreAnswer *
answer_from_row (sqlite3_stmt *stmt)
{
  MamoriStoreAnswer *answer = g_new0 (MamoriStoreAnswer, 1);

  answer->question_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  answer->answer = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  answer->note = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  answer->answered_at = parse_time (sqlite3_column_text (stmt, 3));
  return answer;
}

GHashTable *
mamori_store_get_answers (MamoriStore  *self,
                          gint64        org_id,
                          GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) answers = NULL;
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), NULL);

  stmt = prepare (self,
                  "SELECT question_id, answer, note, answered_at FROM answers WHERE org_id = ?",
                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, org_id);
  answers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                   (GDestroyNotify) mamori_store_answer_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MamoriStoreAnswer *answer = answer_from_row (stmt);

      /* The key is the value's own question_id: one allocation, freed with the value. */
      g_hash_table_replace (answers, answer->question_id, answer);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&answers);
}

GPtrArray *
mamori_store_get_answer_history (MamoriStore  *self,
                                 gint64        org_id,
                                 const char   *question_id,
                                 GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) history = NULL;
  int rc;

  g_return_val_if_fail (MAMORI_IS_STORE (self), NULL);
  g_return_val_if_fail (question_id != NULL, NULL);

  stmt = prepare (self,
                  "SELECT question_id, answer, note, answered_at FROM answer_history "
                  "WHERE org_id = ? AND question_id = ? ORDER BY id",
                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, org_id);
  bind_text (stmt, 2, question_id);
  history = g_ptr_array_new_with_free_func ((GDestroyNotify) mamori_store_answer_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (history, answer_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      set_db_error (self, error, rc);
      return NULL;
    }
  return g_steal_pointer (&history);
}

/* ---- testing ---- */

void
mamori_store_set_finding_hook_for_testing (MamoriStore            *self,
                                           MamoriStoreFindingHook  hook,
                                           gpointer                user_data)
{
  g_return_if_fail (MAMORI_IS_STORE (self));
  self->finding_hook = hook;
  self->finding_hook_data = user_data;
}

sqlite3 *
mamori_store_get_connection_for_testing (MamoriStore *self)
{
  g_return_val_if_fail (MAMORI_IS_STORE (self), NULL);
  return self->db;
}
