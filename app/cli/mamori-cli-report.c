/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mamori-cli report: a PDF, HTML, CSV or JSON report of one run (from the store or a JSON
 * result), or a workshop handout comparing several organisations. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "mamori-cli.h"
#include "mamori-error.h"
#include "mamori-report.h"
#include "mamori-store.h"

/* The newest run of every organisation in the store. */
static GPtrArray *
load_latest_runs (const char  *db,
                  GError     **error)
{
  g_autoptr(MamoriStore) store = mamori_store_open (db, error);
  g_autoptr(GPtrArray) runs = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) mamori_run_result_unref);

  if (store == NULL)
    return NULL;
  runs = mamori_store_list_runs (store, 0, error);
  if (runs == NULL)
    return NULL;
  seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  /* Newest first: the first run seen of an organisation is its latest. */
  for (guint i = 0; i < runs->len; i++)
    {
      MamoriStoreRunSummary *summary = g_ptr_array_index (runs, i);
      MamoriRunResult *result;

      if (g_hash_table_contains (seen, &summary->org_id))
        continue;
      g_hash_table_add (seen, &summary->org_id);
      result = mamori_store_load_run (store, summary->id, error);
      if (result == NULL)
        return NULL;
      g_ptr_array_add (results, result);
    }
  return g_steal_pointer (&results);
}

int
mamori_cli_report (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriRunResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *db = NULL;
  g_auto(GStrv) inputs = NULL;
  gint64 run_id = 0;
  gboolean handout = FALSE;
  gboolean checklist = FALSE;
  g_autofree char *kind_name = NULL;
  MamoriReportFormat format = MAMORI_REPORT_FORMAT_PDF;
  const GOptionEntry entries[] = {
    { "run", 0, 0, G_OPTION_ARG_INT64, &run_id, N_("A run recorded in the database"), N_("ID") },
    { "input", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs,
      N_("A JSON result of “mamori-cli check --format json” (repeatable for --handout)"),
      N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_name, N_("Report format"), "pdf|html|csv|json" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), N_("FILE") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("Language of the report"), "ja|en" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The database file"), N_("FILE") },
    { "handout", 0, 0, G_OPTION_ARG_NONE, &handout,
      N_("A workshop handout comparing every organisation anonymously (PDF)"), NULL },
    { "blank-checklist", 0, 0, G_OPTION_ARG_NONE, &checklist,
      N_("A printable blank checklist of the questionnaire (PDF)"), NULL },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_name,
      N_("With --blank-checklist: the questions for sme or municipality"), N_("KIND") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Write a report of a run, or a workshop handout."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      mamori_cli_error (_("unexpected argument “%s”"), argv[1]);
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (output == NULL)
    {
      mamori_cli_error (_("name the file to write with --output FILE"));
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (format_name != NULL && !mamori_report_format_from_string (format_name, &format))
    {
      mamori_cli_error (_("--format must be “pdf”, “html”, “csv” or “json”, not “%s”"),
                        format_name);
      return MAMORI_CLI_EXIT_USAGE;
    }

  if (checklist)
    {
      g_autoptr(MamoriCatalog) catalog = NULL;
      MamoriOrgKind kind = MAMORI_ORG_KIND_SME;
      gsize length;
      const char *data;

      if (handout || run_id != 0 || inputs != NULL ||
          (format_name != NULL && format != MAMORI_REPORT_FORMAT_PDF))
        {
          mamori_cli_error (_("--blank-checklist makes a PDF of the questions; "
                              "--run, --input, --handout and --format do not apply"));
          return MAMORI_CLI_EXIT_USAGE;
        }
      if (kind_name != NULL && !mamori_org_kind_from_string (kind_name, &kind))
        {
          mamori_cli_error (_("--kind must be “sme” or “municipality”, not “%s”"), kind_name);
          return MAMORI_CLI_EXIT_USAGE;
        }
      catalog = mamori_catalog_load_default (&error);
      if (catalog != NULL)
        bytes = mamori_report_render_checklist (catalog, kind, lang, &error);
      if (bytes == NULL)
        {
          mamori_cli_error ("%s", error->message);
          return MAMORI_CLI_EXIT_USAGE;
        }
      data = g_bytes_get_data (bytes, &length);
      if (!g_file_set_contents (output, data, (gssize) length, &error))
        {
          mamori_cli_error ("%s", error->message);
          return MAMORI_CLI_EXIT_USAGE;
        }
      return MAMORI_CLI_EXIT_OK;
    }

  if (handout)
    {
      g_autoptr(GPtrArray) results = NULL;
      gsize length;
      const char *data;

      if (format != MAMORI_REPORT_FORMAT_PDF || run_id != 0)
        {
          mamori_cli_error (_("--handout makes a PDF from --db or --input files; "
                              "--run and --format do not apply"));
          return MAMORI_CLI_EXIT_USAGE;
        }
      if (inputs != NULL)
        {
          results = g_ptr_array_new_with_free_func ((GDestroyNotify) mamori_run_result_unref);
          for (guint i = 0; inputs[i] != NULL; i++)
            {
              MamoriRunResult *r = mamori_report_load_file (inputs[i], &error);

              if (r == NULL)
                break;
              g_ptr_array_add (results, r);
            }
          if (error != NULL)
            {
              mamori_cli_error ("%s", error->message);
              return MAMORI_CLI_EXIT_USAGE;
            }
        }
      else
        {
          results = load_latest_runs (db, &error);
          if (results == NULL)
            {
              mamori_cli_error ("%s", error->message);
              return MAMORI_CLI_EXIT_USAGE;
            }
        }
      bytes = mamori_report_render_handout (results, lang, &error);
      if (bytes == NULL)
        {
          mamori_cli_error ("%s", error->message);
          return MAMORI_CLI_EXIT_USAGE;
        }
      data = g_bytes_get_data (bytes, &length);
      if (!g_file_set_contents (output, data, (gssize) length, &error))
        {
          mamori_cli_error ("%s", error->message);
          return MAMORI_CLI_EXIT_USAGE;
        }
      return MAMORI_CLI_EXIT_OK;
    }

  if ((run_id != 0) == (inputs != NULL) || (inputs != NULL && inputs[1] != NULL))
    {
      mamori_cli_error (_("name exactly one run: --run ID or --input RESULT.json"));
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (inputs != NULL)
    {
      result = mamori_report_load_file (inputs[0], &error);
    }
  else
    {
      g_autoptr(MamoriStore) store = mamori_store_open (db, &error);

      if (store != NULL)
        result = mamori_store_load_run (store, run_id, &error);
    }
  if (result == NULL)
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_USAGE;
    }
  /* Rendered in full before anything is written; the file appears atomically or not at all. */
  if (!mamori_report_write_file (result, format, lang, output, &error))
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_USAGE;
    }
  return MAMORI_CLI_EXIT_OK;
}
