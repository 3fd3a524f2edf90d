/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mamori-cli check DOMAIN: run the checks and print the result. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "mamori-catalog.h"
#include "mamori-check-registry.h"
#include "mamori-check-runner.h"
#include "mamori-cli.h"
#include "mamori-cli-store.h"
#include "mamori-domain-name.h"
#include "mamori-error.h"
#include "mamori-run-result.h"
#include "mamori-score.h"

static const char *
status_symbol (MamoriStatus status)
{
  switch (status)
    {
    case MAMORI_STATUS_PASS:           return "✔";
    case MAMORI_STATUS_WARN:           return "▲";
    case MAMORI_STATUS_FAIL:           return "✖";
    case MAMORI_STATUS_INFO:           return "ℹ";
    case MAMORI_STATUS_ERROR:          return "?";
    case MAMORI_STATUS_NOT_APPLICABLE: return "–";
    default:                           return "?";
    }
}

static const char *
status_colour (MamoriStatus status)
{
  switch (status)
    {
    case MAMORI_STATUS_PASS: return "\033[32m";
    case MAMORI_STATUS_WARN: return "\033[33m";
    case MAMORI_STATUS_FAIL: return "\033[31;1m";
    case MAMORI_STATUS_ERROR: return "\033[35m";
    default: return "";
    }
}

static void
print_indented (const char *prefix,
                const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    printf ("%s%s\n", i == 0 ? prefix : "     ", lines[i]);
}

static void
print_text (MamoriRunResult     *result,
            MamoriCheckRegistry *registry)
{
  gboolean colour = isatty (STDOUT_FILENO) && g_getenv ("NO_COLOR") == NULL;
  const char *last_check = NULL;
  const char *last_subject = NULL;
  guint counts[6];

  mamori_run_result_count (result, counts);

  for (guint i = 0; i < result->findings->len; i++)
    {
      MamoriFinding *f = g_ptr_array_index (result->findings, i);
      MamoriStatus status = mamori_finding_get_status (f);
      g_autofree char *message = mamori_finding_render_message (f);
      g_autofree char *remediation = mamori_finding_render_remediation (f);

      if (g_strcmp0 (last_check, mamori_finding_get_check_id (f)) != 0 ||
          g_strcmp0 (last_subject, mamori_finding_get_subject (f)) != 0)
        {
          const MamoriCheckDescriptor *d = mamori_check_registry_lookup (registry,
                                                                         mamori_finding_get_check_id (f));
          g_autofree char *subject = mamori_domain_name_to_unicode (mamori_finding_get_subject (f));

          last_check = mamori_finding_get_check_id (f);
          last_subject = mamori_finding_get_subject (f);
          printf ("\n%s%s%s — %s (%s)\n", colour ? "\033[1m" : "",
                  d != NULL ? mamori_check_descriptor_get_title (d) : last_check,
                  colour ? "\033[0m" : "", subject, last_check);
        }

      printf ("  %s%s %s%s  ", colour ? status_colour (status) : "", status_symbol (status),
              mamori_status_to_label (status), colour ? "\033[0m" : "");
      print_indented ("", message);
      if (remediation != NULL && *remediation != '\0' &&
          status != MAMORI_STATUS_PASS && status != MAMORI_STATUS_NOT_APPLICABLE)
        print_indented ("     → ", remediation);
    }

  printf ("\n");
  /* Translators: the summary line after a check; the words are status names. */
  printf (_("Summary: %u pass, %u warning, %u fail, %u could not be checked, %u info"),
          counts[MAMORI_STATUS_PASS], counts[MAMORI_STATUS_WARN], counts[MAMORI_STATUS_FAIL],
          counts[MAMORI_STATUS_ERROR], counts[MAMORI_STATUS_INFO]);
  printf ("\n");
}

/* How many priorities the text output lists; the JSON has them all. */
#define MAX_PRIORITIES_SHOWN 10

/* The scores and "まず取り組むべき対策" after the findings (the reason people run a check). */
static void
print_scores_text (MamoriScore   *score,
                   MamoriCatalog *catalog)
{
  GPtrArray *documents = mamori_catalog_list_documents (catalog);
  GPtrArray *priorities = mamori_score_get_priorities (score);
  const char * const *undecided = mamori_score_get_undecided (score);
  double overall = mamori_score_get_overall (score);

  printf ("\n");
  if (overall >= 0)
    printf (_("Overall score: %.1f / 100"), overall);
  else
    printf ("%s", _("Overall score: not enough information to score"));
  printf ("\n");

  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      const MamoriCatalogDocument *doc = documents->pdata[i];
      double value = -1;
      guint decided = 0, n_undecided = 0;

      if (!mamori_score_get_document (score, mamori_catalog_document_get_id (doc), &value,
                                      &decided, &n_undecided))
        continue;
      if (value >= 0)
        /* Translators: one guideline document's score: title, score, decided and undecided
         * item counts. */
        printf (_("  %s: %.1f (%u items judged, %u not yet judged)"),
                mamori_catalog_document_get_title (doc, NULL), value, decided, n_undecided);
      else
        printf (_("  %s: no score yet (%u items not yet judged)"),
                mamori_catalog_document_get_title (doc, NULL), n_undecided);
      printf ("\n");
    }

  if (priorities != NULL && priorities->len > 0)
    {
      printf ("\n%s\n", _("What to do first"));
      for (guint i = 0; i < priorities->len && i < MAX_PRIORITIES_SHOWN; i++)
        {
          const MamoriCatalogItem *item = priorities->pdata[i];
          const MamoriCatalogDocument *doc = mamori_catalog_item_get_document (item);

          printf ("  %2u. %s", i + 1, mamori_catalog_item_get_title (item, NULL));
          if (doc != NULL)
            printf ("  [%s]", mamori_catalog_document_get_title (doc, NULL));
          printf ("\n");
        }
      if (priorities->len > MAX_PRIORITIES_SHOWN)
        {
          printf ("      ");
          printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more (see --format json)",
                               "… and %u more (see --format json)",
                               priorities->len - MAX_PRIORITIES_SHOWN),
                  priorities->len - MAX_PRIORITIES_SHOWN);
          printf ("\n");
        }
    }
  if (undecided != NULL && undecided[0] != NULL)
    {
      guint n = g_strv_length ((char **) undecided);

      printf ("\n");
      printf (g_dngettext (GETTEXT_PACKAGE,
                           "%u item could not be judged yet: answer the questions with "
                           "mamori-cli answer, or see why a check could not decide.",
                           "%u items could not be judged yet: answer the questions with "
                           "mamori-cli answer, or see why a check could not decide.", n), n);
      printf ("\n");
    }
}

/* Opens the store and finds or creates the organisation, merging what this run learnt
 * (domains, selectors, an explicit --kind) into it. Without --kind the stored kind wins, so
 * that a municipality is not scored as a small business because a flag was forgotten. */
static gint64
prepare_org (MamoriStore    *store,
             MamoriProfile  *profile,
             gboolean        kind_given,
             GError        **error)
{
  g_autoptr(MamoriStoreOrg) org = NULL;
  g_autoptr(MamoriProfile) merged = NULL;
  GError *local_error = NULL;
  gint64 org_id;

  org_id = mamori_store_find_org (store, profile->name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return 0;
    }
  if (org_id == 0)
    return mamori_store_ensure_org (store, profile, error);

  org = mamori_store_get_org (store, org_id, error);
  if (org == NULL)
    return 0;
  if (!kind_given)
    profile->kind = org->profile->kind;
  merged = mamori_profile_new (org->profile->name, profile->kind);
  for (guint i = 0; org->profile->domains[i] != NULL; i++)
    mamori_profile_add_domain (merged, org->profile->domains[i]);
  for (guint i = 0; profile->domains[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) merged->domains, profile->domains[i]))
      mamori_profile_add_domain (merged, profile->domains[i]);
  for (guint i = 0; org->profile->dkim_selectors[i] != NULL; i++)
    mamori_profile_add_dkim_selector (merged, org->profile->dkim_selectors[i]);
  for (guint i = 0; profile->dkim_selectors[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) merged->dkim_selectors,
                          profile->dkim_selectors[i]))
      mamori_profile_add_dkim_selector (merged, profile->dkim_selectors[i]);
  merged->notes = g_strdup (org->profile->notes);
  if (!mamori_store_update_org (store, org_id, merged, error))
    return 0;
  return org_id;
}

int
mamori_cli_check (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCheckOptions) options = mamori_check_options_new ();
  g_autoptr(MamoriCheckRegistry) registry = NULL;
  g_autoptr(MamoriCheckRunner) runner = NULL;
  g_autoptr(MamoriProfile) profile = NULL;
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(MamoriRunResult) result = NULL;
  g_autoptr(GDateTime) started = NULL;
  g_autofree char *format = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *family = NULL;
  g_autofree char *org_name = NULL;
  g_autofree char *org_kind = NULL;
  g_autofree char *fail_on = NULL;
  g_autofree char *db = NULL;
  g_autofree char *plugin_dir = NULL;
  g_auto(GStrv) selectors = NULL;
  g_auto(GStrv) failures = NULL;
  g_autofree char *answers_file = NULL;
  g_autoptr(MamoriStore) store = NULL;
  g_autoptr(MamoriCatalog) catalog = NULL;
  g_autoptr(MamoriScore) score = NULL;
  g_autoptr(GPtrArray) file_answers = NULL;
  g_autoptr(GHashTable) answers = NULL;
  gint64 org_id = 0;
  gboolean store_failed = FALSE;
  gboolean no_store = FALSE;
  gint64 t0;
  MamoriOrgKind kind = MAMORI_ORG_KIND_SME;
  guint counts[6];
  const GOptionEntry entries[] = {
    { "family", 0, 0, G_OPTION_ARG_STRING, &family,
      N_("Families to check: domain, router, telework, cloud or all"), N_("FAMILY[,FAMILY…]") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format"), "text|json" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("Language of the output"), "ja|en" },
    { "org", 0, 0, G_OPTION_ARG_STRING, &org_name, N_("Name of the organisation"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &org_kind,
      N_("Kind of organisation: sme or municipality"), N_("KIND") },
    { "dkim-selector", 0, 0, G_OPTION_ARG_STRING_ARRAY, &selectors,
      N_("A DKIM selector the organisation uses (repeatable)"), N_("SELECTOR") },
    { "fail-on", 0, 0, G_OPTION_ARG_STRING, &fail_on,
      N_("Exit with status 3 when a finding is at least this bad"), "warn|fail" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("The database file"), N_("FILE") },
    { "no-store", 0, 0, G_OPTION_ARG_NONE, &no_store, N_("Do not record the run"), NULL },
    { "answers", 0, 0, G_OPTION_ARG_FILENAME, &answers_file,
      N_("Questionnaire answers to record and score with (JSON)"), N_("FILE") },
    { "plugin-dir", 0, 0, G_OPTION_ARG_FILENAME, &plugin_dir,
      N_("Directory of external check plug-ins"), N_("DIR") },
    { NULL }
  };

  context = g_option_context_new (_("[DOMAIN…]"));
  g_option_context_set_summary (context, _("Check the security posture of an organisation's "
                                           "domain (and, with --family, more)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, mamori_cli_network_option_group (options));
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !mamori_cli_finish_network_options (options, &error))
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_USAGE;
    }

  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json"))
    {
      mamori_cli_error (_("--format must be “text” or “json”, not “%s”"), format);
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (fail_on != NULL && !g_str_equal (fail_on, "warn") && !g_str_equal (fail_on, "fail"))
    {
      mamori_cli_error (_("--fail-on must be “warn” or “fail”, not “%s”"), fail_on);
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (org_kind != NULL && !mamori_org_kind_from_string (org_kind, &kind))
    {
      mamori_cli_error (_("--kind must be “sme” or “municipality”, not “%s”"), org_kind);
      return MAMORI_CLI_EXIT_USAGE;
    }

  profile = mamori_profile_new (org_name != NULL ? org_name : (argc > 1 ? argv[1] : ""), kind);
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *domain = mamori_domain_name_normalize (argv[i], &error);

      if (domain == NULL)
        {
          mamori_cli_error ("%s", error->message);
          return MAMORI_CLI_EXIT_USAGE;
        }
      mamori_profile_add_domain (profile, domain);
    }
  for (guint i = 0; selectors != NULL && selectors[i] != NULL; i++)
    mamori_profile_add_dkim_selector (profile, selectors[i]);

  /* Catalog, answers and database come before the run: a typo in the answers file or a
   * damaged database should not cost the user a whole run first. */
  catalog = mamori_catalog_load_default (&error);
  if (catalog == NULL)
    {
      mamori_cli_error (_("the guideline catalog could not be loaded, so there are no scores: %s"),
                        error->message);
      g_clear_error (&error);
    }
  if (answers_file != NULL)
    {
      file_answers = mamori_cli_read_answers_file (answers_file, catalog, &error);
      if (file_answers == NULL)
        {
          mamori_cli_error ("%s", error->message);
          return MAMORI_CLI_EXIT_USAGE;
        }
    }
  if (!no_store)
    {
      if (profile->name[0] == '\0')
        {
          mamori_cli_error (_("name the organisation with --org NAME to record the run "
                              "(or use --no-store)"));
          return MAMORI_CLI_EXIT_USAGE;
        }
      store = mamori_cli_open_store (db, &error);
      if (store != NULL)
        org_id = prepare_org (store, profile, org_kind != NULL, &error);
      if (store == NULL || org_id == 0 ||
          (file_answers != NULL &&
           !mamori_store_set_answers (store, org_id, file_answers, &error)))
        {
          mamori_cli_error ("%s", error->message);
          return MAMORI_CLI_EXIT_RUN_FAILED;
        }
    }

  registry = mamori_check_registry_new_builtin ();
  mamori_check_registry_load_plugins (registry,
                                      plugin_dir != NULL ? plugin_dir
                                      : g_getenv ("MAMORI_PLUGIN_DIR") != NULL
                                        ? g_getenv ("MAMORI_PLUGIN_DIR") : MAMORI_PLUGINDIR,
                                      &failures);
  for (guint i = 0; failures != NULL && failures[i] != NULL; i++)
    mamori_cli_error ("%s", failures[i]);

  for (guint i = 0; options->only != NULL && options->only[i] != NULL; i++)
    {
      if (mamori_check_registry_lookup (registry, options->only[i]) == NULL)
        {
          mamori_cli_error (_("--only: there is no check “%s” (see mamori-cli list-checks)"),
                            options->only[i]);
          return MAMORI_CLI_EXIT_USAGE;
        }
    }

  runner = mamori_check_runner_new (registry, options);
  {
    g_auto(GStrv) families = NULL;

    if (family == NULL)
      family = g_strdup ("domain");
    if (!g_str_equal (family, "all"))
      {
        families = g_strsplit (family, ",", -1);
        for (guint i = 0; families[i] != NULL; i++)
          {
            MamoriCheckFamily f;

            if (!mamori_check_family_from_string (families[i], &f))
              {
                mamori_cli_error (_("--family: “%s” is not one of domain, router, telework, "
                                    "cloud, all"), families[i]);
                return MAMORI_CLI_EXIT_USAGE;
              }
          }
      }
    mamori_check_runner_set_families (runner, (const char * const *) families);
    if ((families == NULL || g_strv_contains ((const char * const *) families, "domain")) &&
        profile->domains[0] == NULL && options->only == NULL && families != NULL &&
        g_strv_length (families) == 1)
      {
        mamori_cli_error (_("name the domain to check, e.g. mamori-cli check example.jp"));
        return MAMORI_CLI_EXIT_USAGE;
      }
  }

  started = g_date_time_new_now_utc ();
  t0 = g_get_monotonic_time ();
  findings = mamori_check_runner_run (runner, profile, NULL, NULL, NULL, &error);
  if (findings == NULL)
    {
      mamori_cli_error ("%s", error->message);
      return g_error_matches (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT)
             ? MAMORI_CLI_EXIT_USAGE : MAMORI_CLI_EXIT_RUN_FAILED;
    }

  result = mamori_run_result_new (profile, findings, started,
                                  (g_get_monotonic_time () - t0) / 1000);
  mamori_run_result_count (result, counts);

  /* Stored answers include the file's (just recorded) and earlier ones; without a store,
   * only the file's. */
  if (store != NULL)
    {
      g_autoptr(GHashTable) stored = mamori_store_get_answers (store, org_id, &error);

      if (stored == NULL)
        {
          mamori_cli_error ("%s", error->message);
          return MAMORI_CLI_EXIT_RUN_FAILED;
        }
      answers = mamori_cli_answers_for_scoring (stored);
    }
  else
    {
      g_autoptr(GHashTable) from_file = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; file_answers != NULL && i < file_answers->len; i++)
        {
          MamoriStoreAnswer *a = file_answers->pdata[i];
          g_hash_table_replace (from_file, a->question_id, a);
        }
      answers = mamori_cli_answers_for_scoring (from_file);
    }

  if (catalog != NULL)
    {
      g_autoptr(JsonNode) scores_json = NULL;

      mamori_catalog_fill_guideline_refs (catalog, profile->kind, findings);
      score = mamori_score_compute (catalog, profile->kind, findings, answers);
      scores_json = mamori_score_to_json (score);
      mamori_run_result_set_scores (result, mamori_score_get_catalog_version (score),
                                    scores_json);
    }

  /* A run where nothing could be decided (no resolver, no network) is not history worth
   * keeping: it would show as a score collapse that never happened. */
  if (store != NULL && counts[MAMORI_STATUS_ERROR] < findings->len &&
      mamori_store_save_run (store, org_id, result, &error) == 0)
    {
      mamori_cli_error ("%s", error->message);
      store_failed = TRUE;
      g_clear_error (&error);
    }

  if (format != NULL && g_str_equal (format, "json"))
    {
      g_autoptr(JsonNode) root = mamori_run_result_to_json (result);
      mamori_cli_print_json (root, TRUE);
    }
  else
    {
      print_text (result, registry);
      if (score != NULL)
        print_scores_text (score, catalog);
      if (result->run_id > 0)
        {
          g_autofree char *number = g_strdup_printf ("#%" G_GINT64_FORMAT, result->run_id);

          printf ("\n");
          /* Translators: %s is the run number, e.g. "#12". */
          printf (_("Recorded as run %s (see mamori-cli history)."), number);
          printf ("\n");
        }
    }

  /* Nothing could be decided at all: the run itself failed (no resolver, no network). */
  if (counts[MAMORI_STATUS_ERROR] == findings->len)
    {
      MamoriFinding *first = g_ptr_array_index (findings, 0);
      g_autofree char *message = mamori_finding_render_message (first);

      mamori_cli_error (_("the run could not be carried out: %s"), message);
      return MAMORI_CLI_EXIT_RUN_FAILED;
    }

  /* The user was told the run is not recorded; scripts must not take it as recorded. */
  if (store_failed)
    return MAMORI_CLI_EXIT_RUN_FAILED;

  if (fail_on != NULL)
    {
      if (counts[MAMORI_STATUS_FAIL] > 0 ||
          (g_str_equal (fail_on, "warn") && counts[MAMORI_STATUS_WARN] > 0))
        return MAMORI_CLI_EXIT_FINDINGS;
    }
  return MAMORI_CLI_EXIT_OK;
}
