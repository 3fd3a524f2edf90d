/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mamori-cli history [--org NAME] [--format text|json]: the stored runs, newest first. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "mamori-cli.h"
#include "mamori-cli-store.h"

static JsonNode *
runs_to_json (GPtrArray *runs)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "runs");
  json_builder_begin_array (builder);
  for (guint i = 0; runs != NULL && i < runs->len; i++)
    {
      MamoriStoreRunSummary *run = runs->pdata[i];
      g_autofree char *started = g_date_time_format_iso8601 (run->started_at);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "run_id");
      json_builder_add_int_value (builder, run->id);
      json_builder_set_member_name (builder, "organisation");
      json_builder_add_string_value (builder, run->org_name);
      json_builder_set_member_name (builder, "started_at");
      json_builder_add_string_value (builder, started);
      json_builder_set_member_name (builder, "duration_ms");
      json_builder_add_int_value (builder, run->duration_ms);
      json_builder_set_member_name (builder, "mamori_version");
      json_builder_add_string_value (builder, run->mamori_version);
      json_builder_set_member_name (builder, "catalog_version");
      if (run->catalog_version != NULL)
        json_builder_add_string_value (builder, run->catalog_version);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "overall");
      if (run->has_score)
        json_builder_add_double_value (builder, run->overall);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "counts");
      json_builder_begin_object (builder);
      for (MamoriStatus s = MAMORI_STATUS_PASS; s <= MAMORI_STATUS_NOT_APPLICABLE; s++)
        {
          json_builder_set_member_name (builder, mamori_status_to_string (s));
          json_builder_add_int_value (builder, run->counts[s]);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_runs_text (GPtrArray *runs)
{
  if (runs == NULL || runs->len == 0)
    {
      printf ("%s\n", _("No runs recorded yet."));
      return;
    }
  for (guint i = 0; i < runs->len; i++)
    {
      MamoriStoreRunSummary *run = runs->pdata[i];
      g_autoptr(GDateTime) local = g_date_time_to_local (run->started_at);
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      g_autofree char *score = NULL;
      g_autofree char *counts = NULL;

      if (run->has_score)
        /* Translators: the overall score of a stored run, out of 100. */
        score = g_strdup_printf (_("score %.1f"), run->overall);
      else
        /* Translators: a stored run without a score (no catalog, or nothing decided). */
        score = g_strdup (_("no score"));
      /* Translators: counts of findings in one stored run. */
      counts = g_strdup_printf (_("%u pass, %u warning, %u fail, %u could not be checked"),
                                run->counts[MAMORI_STATUS_PASS], run->counts[MAMORI_STATUS_WARN],
                                run->counts[MAMORI_STATUS_FAIL], run->counts[MAMORI_STATUS_ERROR]);
      printf ("#%-5" G_GINT64_FORMAT " %s  %s  %s  (%s)\n", run->id, when, run->org_name, score,
              counts);
    }
  printf ("\n");
  printf (g_dngettext (GETTEXT_PACKAGE, "%u run", "%u runs", runs->len), runs->len);
  printf ("\n");
}

int
mamori_cli_history (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(GPtrArray) runs = NULL;
  g_autofree char *format = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *org_name = NULL;
  g_autofree char *db = NULL;
  g_autofree char *path = NULL;
  gint64 org_id = 0;
  gboolean json;
  const GOptionEntry entries[] = {
    { "org", 0, 0, G_OPTION_ARG_STRING, &org_name,
      N_("Only the runs of this organisation"), N_("NAME") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format"), "text|json" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("Language of the output"), "ja|en" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The database file"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("List the recorded runs, newest first."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json"))
    {
      mamori_cli_error (_("--format must be “text” or “json”, not “%s”"), format);
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      mamori_cli_error (_("history takes no arguments (use --org NAME)"));
      return MAMORI_CLI_EXIT_USAGE;
    }
  json = format != NULL && g_str_equal (format, "json");

  /* Looking at the history should not create an empty database as a side effect. */
  path = db != NULL ? g_strdup (db) : mamori_store_default_path ();
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (org_name != NULL)
        {
          mamori_cli_error (_("there is no organisation “%s” in the database “%s”"), org_name,
                            path);
          return MAMORI_CLI_EXIT_USAGE;
        }
      if (json)
        {
          g_autoptr(JsonNode) root = runs_to_json (NULL);
          mamori_cli_print_json (root, TRUE);
        }
      else
        {
          print_runs_text (NULL);
        }
      return MAMORI_CLI_EXIT_OK;
    }

  store = mamori_cli_open_store (path, &error);
  if (store == NULL)
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_RUN_FAILED;
    }
  if (org_name != NULL)
    {
      org_id = mamori_store_find_org (store, org_name, &error);
      if (error != NULL)
        {
          mamori_cli_error ("%s", error->message);
          return MAMORI_CLI_EXIT_RUN_FAILED;
        }
      if (org_id == 0)
        {
          mamori_cli_error (_("there is no organisation “%s” in the database “%s”"), org_name,
                            path);
          return MAMORI_CLI_EXIT_USAGE;
        }
    }
  runs = mamori_store_list_runs (store, org_id, &error);
  if (runs == NULL)
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_RUN_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonNode) root = runs_to_json (runs);
      mamori_cli_print_json (root, TRUE);
    }
  else
    {
      print_runs_text (runs);
    }
  return MAMORI_CLI_EXIT_OK;
}
