/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mamori-error.h"
#include "mamori-export.h"
#ifdef MAMORI_GUI_HAVE_STORE
#include "mamori-store.h"
#endif

/* A report text that ja.po translates: tells whether gettext answers in Japanese. */
#define JAPANESE_PROBE "Overall score"

static const char * const kind_names[MAMORI_EXPORT_N_KINDS] = {
  "pdf", "html", "csv", "json", "handout", "checklist",
};

gboolean
mamori_export_kind_from_string (const char       *str,
                                MamoriExportKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (str, kind_names[i]) == 0)
        {
          *kind = (MamoriExportKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
mamori_export_kind_extension (MamoriExportKind kind)
{
  return MAMORI_EXPORT_KIND_NEEDS_RESULT (kind) ? kind_names[kind] : "pdf";
}

char *
mamori_export_suggest_name (MamoriExportKind  kind,
                            MamoriRunResult  *result)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = NULL;
  g_autofree char *org = NULL;

  if (MAMORI_EXPORT_KIND_NEEDS_RESULT (kind) && result != NULL && result->started_at != NULL)
    date = g_date_time_format (result->started_at, "%Y-%m-%d");
  else
    date = g_date_time_format (now, "%Y-%m-%d");
  if (!MAMORI_EXPORT_KIND_NEEDS_RESULT (kind))
    return g_strdup_printf ("mamori-%s-%s.pdf", kind_names[kind], date);
  if (result == NULL || result->profile == NULL || result->profile->name == NULL ||
      *result->profile->name == '\0')
    return g_strdup_printf ("mamori-report-%s.%s", date, mamori_export_kind_extension (kind));
  /* The organisation's name as it is (Japanese included), minus what no file name may hold. */
  org = g_strdup (result->profile->name);
  g_strdelimit (org, "/\\:*?\"<>|", '_');
  return g_strdup_printf ("%s-%s.%s", org, date, mamori_export_kind_extension (kind));
}

static gboolean
gettext_is_japanese (void)
{
  return g_strcmp0 (dgettext (GETTEXT_PACKAGE, JAPANESE_PROBE), JAPANESE_PROBE) != 0;
}

/* The report library takes its texts from gettext, which is process-wide, while the window
 * keeps its own language. A thread's own locale (uselocale) changes gettext's language for
 * that thread only, with one exception: the LANGUAGE variable wins over every locale but
 * "C". So English (the source texts) always works through an LC_MESSAGES of "C"; Japanese
 * works through ja_JP.UTF-8 unless LANGUAGE names another language (the app sets it when
 * English is chosen in Preferences). On success *out is the locale to give to
 * leave_language() ((locale_t) 0 when nothing had to change). */
static gboolean
enter_language (const char  *lang,
                locale_t    *out,
                GError     **error)
{
  locale_t base;
  locale_t loc;

  *out = (locale_t) 0;
  if (g_str_equal (lang, "ja") && gettext_is_japanese ())
    return TRUE;

  base = duplocale (LC_GLOBAL_LOCALE);
  if (base == (locale_t) 0)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("The language of the report could not be set up"));
      return FALSE;
    }
  loc = newlocale (LC_MESSAGES_MASK, g_str_equal (lang, "ja") ? "ja_JP.UTF-8" : "C", base);
  if (loc == (locale_t) 0)
    {
      freelocale (base);
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("A Japanese report needs the Japanese locale (ja_JP.UTF-8), which this "
                     "computer does not have"));
      return FALSE;
    }
  uselocale (loc);
  if (g_str_equal (lang, "ja") && !gettext_is_japanese ())
    {
      uselocale (LC_GLOBAL_LOCALE);
      freelocale (loc);
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("Mamori cannot write a Japanese report while it is shown in English. "
                     "Choose Japanese under Preferences → Language, restart Mamori and "
                     "export again."));
      return FALSE;
    }
  *out = loc;
  return TRUE;
}

/* Worker threads are reused: always give the thread back with the process-wide locale. */
static void
leave_language (locale_t loc)
{
  if (loc == (locale_t) 0)
    return;
  uselocale (LC_GLOBAL_LOCALE);
  freelocale (loc);
}

typedef struct {
  MamoriExportKind  kind;
  MamoriRunResult  *result;
  MamoriOrgKind     org_kind;
  char             *lang;
  char             *db_path;
  GFile            *file;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->result, mamori_run_result_unref);
  g_free (job->lang);
  g_free (job->db_path);
  g_clear_object (&job->file);
  g_free (job);
}

/* The newest run of every organisation in the store, as `mamori-cli report --handout`. The
 * worker opens its own connection: the window's stays on the main thread. */
static GBytes *
render_handout (ExportJob  *job,
                GError    **error)
{
#ifdef MAMORI_GUI_HAVE_STORE
  g_autoptr(MamoriStore) store = mamori_store_open (job->db_path, error);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) results = NULL;

  if (store == NULL || (runs = mamori_store_list_runs (store, 0, error)) == NULL)
    return NULL;
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) mamori_run_result_unref);
  seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  /* Newest first: the first run seen of an organisation is its latest. */
  for (guint i = 0; i < runs->len; i++)
    {
      MamoriStoreRunSummary *summary = g_ptr_array_index (runs, i);
      MamoriRunResult *result;

      if (g_hash_table_contains (seen, &summary->org_id))
        continue;
      g_hash_table_add (seen, &summary->org_id);
      if ((result = mamori_store_load_run (store, summary->id, error)) == NULL)
        return NULL;
      g_ptr_array_add (results, result);
    }
  return mamori_report_render_handout (results, job->lang, error);
#else
  g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
               _("This build of Mamori keeps no history, so it has nothing to compare."));
  return NULL;
#endif
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  locale_t loc;
  const char *data;
  gsize length;

  if (!enter_language (job->lang, &loc, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (job->kind == MAMORI_EXPORT_HANDOUT)
    {
      bytes = render_handout (job, &error);
    }
  else if (job->kind == MAMORI_EXPORT_CHECKLIST)
    {
      g_autoptr(MamoriCatalog) catalog = mamori_catalog_load_default (&error);

      if (catalog != NULL)
        bytes = mamori_report_render_checklist (catalog, job->org_kind, job->lang, &error);
    }
  else
    /* MamoriExportKind and MamoriReportFormat list the four formats in the same order. */
    bytes = mamori_report_render (job->result, (MamoriReportFormat) job->kind, job->lang, &error);
  leave_language (loc);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A temporary file renamed into place (for local files, the portal's included): a failed or
   * cancelled export leaves what was there before. */
  data = g_bytes_get_data (bytes, &length);
  if (!g_file_replace_contents (job->file, data, length, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
mamori_export_write_async (MamoriExportKind     kind,
                           MamoriRunResult     *result,
                           MamoriOrgKind        org_kind,
                           const char          *lang,
                           const char          *db_path,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail ((guint) kind < MAMORI_EXPORT_N_KINDS);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mamori_export_write_async);
  if (MAMORI_EXPORT_KIND_NEEDS_RESULT (kind) && result == NULL)
    {
      g_task_return_new_error (task, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                               _("There is no result to export yet: run a check first."));
      return;
    }
  if (g_strcmp0 (lang, "ja") != 0 && g_strcmp0 (lang, "en") != 0)
    {
      g_task_return_new_error (task, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                               _("Reports are made in Japanese or English"));
      return;
    }
  job = g_new0 (ExportJob, 1);
  job->kind = kind;
  job->result = result != NULL ? mamori_run_result_ref (result) : NULL;
  job->org_kind = org_kind;
  job->lang = g_strdup (lang);
  job->db_path = g_strdup (db_path);
  job->file = g_object_ref (file);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
mamori_export_write_finish (GAsyncResult  *res,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (res, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (res), error);
}
