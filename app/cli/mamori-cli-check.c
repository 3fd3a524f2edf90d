/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mamori-cli check DOMAIN: run the checks and print the result. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "mamori-check-registry.h"
#include "mamori-check-runner.h"
#include "mamori-cli.h"
#include "mamori-domain-name.h"
#include "mamori-error.h"
#include "mamori-run-result.h"

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

  if (format != NULL && g_str_equal (format, "json"))
    {
      g_autoptr(JsonNode) root = mamori_run_result_to_json (result);
      mamori_cli_print_json (root, TRUE);
    }
  else
    {
      print_text (result, registry);
    }

  /* Nothing could be decided at all: the run itself failed (no resolver, no network). */
  if (counts[MAMORI_STATUS_ERROR] == findings->len)
    {
      MamoriFinding *first = g_ptr_array_index (findings, 0);
      g_autofree char *message = mamori_finding_render_message (first);

      mamori_cli_error (_("the run could not be carried out: %s"), message);
      return MAMORI_CLI_EXIT_RUN_FAILED;
    }

  if (fail_on != NULL)
    {
      if (counts[MAMORI_STATUS_FAIL] > 0 ||
          (g_str_equal (fail_on, "warn") && counts[MAMORI_STATUS_WARN] > 0))
        return MAMORI_CLI_EXIT_FINDINGS;
    }
  (void) db;
  (void) no_store;
  return MAMORI_CLI_EXIT_OK;
}
