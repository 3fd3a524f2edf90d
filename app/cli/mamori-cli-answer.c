/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mamori-cli answer --org NAME QID ANSWER [--note TEXT]
 * mamori-cli answer --org NAME --file ANSWERS.json
 * Records questionnaire answers for an organisation; the next `check` scores with them. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "mamori-cli.h"
#include "mamori-cli-store.h"

int
mamori_cli_answer (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(MamoriCatalog) catalog = NULL;
  g_autoptr(MamoriProfile) profile = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *org_name = NULL;
  g_autofree char *org_kind = NULL;
  g_autofree char *note = NULL;
  g_autofree char *file = NULL;
  g_autofree char *db = NULL;
  MamoriOrgKind kind = MAMORI_ORG_KIND_SME;
  gint64 org_id;
  const GOptionEntry entries[] = {
    { "org", 0, 0, G_OPTION_ARG_STRING, &org_name, N_("Name of the organisation"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &org_kind,
      N_("Kind of a new organisation: sme or municipality"), N_("KIND") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note to keep with the answer"),
      N_("TEXT") },
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("Record every answer in a JSON file"),
      N_("FILE") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("Language of the output"), "ja|en" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The database file"), N_("FILE") },
    { NULL }
  };

  context = g_option_context_new (_("[QUESTION-ID ANSWER]"));
  g_option_context_set_summary (context,
                                _("Record answers to the questions software cannot check "
                                  "(answers: yes, partly, no, not_applicable, unknown)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (org_name == NULL || *org_name == '\0')
    {
      mamori_cli_error (_("name the organisation with --org NAME"));
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (org_kind != NULL && !mamori_org_kind_from_string (org_kind, &kind))
    {
      mamori_cli_error (_("--kind must be “sme” or “municipality”, not “%s”"), org_kind);
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (!((file != NULL && argc == 1) || (file == NULL && argc == 3)))
    {
      mamori_cli_error (_("give either QUESTION-ID ANSWER or --file FILE.json"));
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (file != NULL && note != NULL)
    {
      mamori_cli_error (_("--note goes with a single answer; put notes in the file instead"));
      return MAMORI_CLI_EXIT_USAGE;
    }

  /* Without the catalog the answers can still be recorded; only the question ids cannot be
   * checked against the questionnaire, so say so. */
  catalog = mamori_catalog_load_default (&error);
  if (catalog == NULL)
    {
      mamori_cli_error (_("the guideline catalog could not be loaded, question ids are not "
                          "checked: %s"), error->message);
      g_clear_error (&error);
    }

  if (file != NULL)
    {
      answers = mamori_cli_read_answers_file (file, catalog, &error);
      if (answers == NULL)
        {
          mamori_cli_error ("%s", error->message);
          return MAMORI_CLI_EXIT_USAGE;
        }
    }
  else
    {
      MamoriStoreAnswer *answer;

      /* Translators: where a bad answer came from, as in "command line: there is no question …" */
      if (!mamori_cli_check_answer (catalog, argv[1], argv[2], _("command line"), &error))
        {
          mamori_cli_error ("%s", error->message);
          return MAMORI_CLI_EXIT_USAGE;
        }
      answers = g_ptr_array_new_with_free_func ((GDestroyNotify) mamori_store_answer_free);
      answer = g_new0 (MamoriStoreAnswer, 1);
      answer->question_id = g_strdup (argv[1]);
      answer->answer = g_strdup (argv[2]);
      answer->note = g_strdup (note);
      g_ptr_array_add (answers, answer);
    }

  store = mamori_cli_open_store (db, &error);
  if (store == NULL)
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_RUN_FAILED;
    }
  profile = mamori_profile_new (org_name, kind);
  org_id = mamori_store_ensure_org (store, profile, &error);
  if (org_id == 0 || !mamori_store_set_answers (store, org_id, answers, &error))
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_RUN_FAILED;
    }

  printf (g_dngettext (GETTEXT_PACKAGE, "Recorded %u answer for “%s”.",
                       "Recorded %u answers for “%s”.", answers->len),
          answers->len, org_name);
  printf ("\n");
  return MAMORI_CLI_EXIT_OK;
}
