/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mamori-cli: the headless front end (CLI.md). */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "mamori-data-dir.h"
#include "mamori-cli.h"

typedef struct {
  const char           *name;
  MamoriCliCommandFunc  func;
  const char           *summary;
} Command;

static const Command commands[] = {
  { "list-checks", mamori_cli_list_checks, N_("List the checks this Mamori can run") },
  { "check", mamori_cli_check, N_("Check a domain (and more families with --family)") },
  { "history", mamori_cli_history, N_("List the recorded runs") },
  { "answer", mamori_cli_answer, N_("Record answers to the questionnaire") },
  { "batch", mamori_cli_batch, N_("Check the domains of a list, several at a time") },
  { "report", mamori_cli_report, N_("Write a PDF, HTML, CSV or JSON report, or a workshop handout") },
  { NULL }
};

void
mamori_cli_error (const char *format,
                  ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("mamori-cli: %s\n", message);
}

void
mamori_cli_setup_language (const char *lang)
{
  if (lang != NULL && *lang != '\0')
    {
      /* gettext ignores LANGUAGE in the C locale, so pick a real one for the language. */
      if (g_str_equal (lang, "ja"))
        {
          if (setlocale (LC_ALL, "ja_JP.UTF-8") == NULL)
            setlocale (LC_ALL, "C.UTF-8");
        }
      else if (setlocale (LC_ALL, "en_US.UTF-8") == NULL && setlocale (LC_ALL, "C.UTF-8") == NULL)
        {
          setlocale (LC_ALL, "");
        }
      g_setenv ("LANGUAGE", lang, TRUE);
    }
  else
    {
      setlocale (LC_ALL, "");
    }
  bindtextdomain (GETTEXT_PACKAGE, mamori_data_dir_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static char *opt_resolver;
static char *opt_trust_anchor;
static char *opt_rtr;
static char *opt_vrp_file;
static char **opt_api_base;
static char *opt_ca_file;
static gboolean opt_offline;
static double opt_timeout;
static char *opt_only;
static char *opt_asn_zone;
static int opt_https_port;
static int opt_http_port;
static int opt_ns_port;

static const GOptionEntry network_entries[] = {
  { "resolver", 0, 0, G_OPTION_ARG_STRING, &opt_resolver,
    N_("DNS resolver to ask (default: the system's)"), N_("ADDR[:PORT]") },
  { "trust-anchor", 0, 0, G_OPTION_ARG_FILENAME, &opt_trust_anchor,
    N_("DNSSEC trust anchor, DS or DNSKEY records in zone-file form"), N_("FILE") },
  { "rtr", 0, 0, G_OPTION_ARG_STRING, &opt_rtr,
    N_("RPKI-to-Router cache to validate route origins against"), N_("HOST:PORT") },
  { "vrp-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_vrp_file,
    N_("Validated ROA payloads as JSON"), N_("FILE") },
  { "api-base", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_api_base,
    N_("Base URL of an outside service (ripestat, internetdb …)"), N_("NAME=URL") },
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_ca_file,
    N_("Extra CA bundle for TLS probes"), N_("FILE") },
  { "offline", 0, 0, G_OPTION_ARG_NONE, &opt_offline,
    N_("Ask no outside services; only the organisation's own servers"), NULL },
  { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &opt_timeout,
    N_("Per-query timeout"), N_("SECONDS") },
  { "only", 0, 0, G_OPTION_ARG_STRING, &opt_only,
    N_("Run only these checks"), N_("ID[,ID…]") },
  { "asn-zone", 0, 0, G_OPTION_ARG_STRING, &opt_asn_zone,
    N_("DNS zones that map IPv4 and IPv6 addresses to their origin AS "
       "(default: origin.asn.cymru.com,origin6.asn.cymru.com)"), N_("ZONE[,ZONE6]") },
  /* Hidden, for the test lab only: its web and DNS servers listen on free loopback ports
   * while checks keep the real host names, URLs and certificates. */
  { "https-port", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &opt_https_port, NULL, NULL },
  { "http-port", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &opt_http_port, NULL, NULL },
  { "ns-port", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &opt_ns_port, NULL, NULL },
  { NULL }
};

GOptionGroup *
mamori_cli_network_option_group (MamoriCheckOptions *options)
{
  GOptionGroup *group = g_option_group_new ("network", _("Network options:"),
                                            _("Show network options"), NULL, NULL);

  g_option_group_add_entries (group, network_entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  return group;
}

gboolean
mamori_cli_finish_network_options (MamoriCheckOptions  *options,
                                   GError             **error)
{
  if (opt_resolver != NULL)
    options->resolver = g_strdup (opt_resolver);
  if (opt_trust_anchor != NULL)
    options->trust_anchor_file = g_strdup (opt_trust_anchor);
  if (opt_rtr != NULL)
    options->rtr = g_strdup (opt_rtr);
  if (opt_vrp_file != NULL)
    options->vrp_file = g_strdup (opt_vrp_file);
  if (opt_ca_file != NULL)
    options->ca_file = g_strdup (opt_ca_file);
  options->offline = opt_offline;

  if (opt_https_port < 0 || opt_https_port > 65535 || opt_ns_port < 0 || opt_ns_port > 65535)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--https-port and --ns-port must be between 1 and 65535"));
      return FALSE;
    }
  options->https_port = (guint) opt_https_port;
  if (opt_http_port < 0 || opt_http_port > 65535)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--http-port must be between 1 and 65535"));
      return FALSE;
    }
  options->http_port = (guint) opt_http_port;
  options->dns_port_override = (guint) opt_ns_port;

  if (opt_timeout < 0 || opt_timeout > 300)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--timeout must be between 0 and 300 seconds"));
      return FALSE;
    }
  if (opt_timeout > 0)
    {
      options->timeout_ms = (guint) (opt_timeout * 1000);
      /* A check asks several questions in a row; give it room for a few of them. */
      options->check_timeout_ms = MAX (options->timeout_ms * 8, 10000);
    }

  if (opt_asn_zone != NULL)
    {
      g_auto(GStrv) zones = g_strsplit (opt_asn_zone, ",", 2);

      if (zones[0] == NULL || *g_strstrip (zones[0]) == '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--asn-zone expects ZONE or ZONE,ZONE6"));
          return FALSE;
        }
      mamori_check_options_set_api_base (options, "asn-zone", zones[0]);
      if (zones[1] != NULL && *g_strstrip (zones[1]) != '\0')
        mamori_check_options_set_api_base (options, "asn6-zone", zones[1]);
    }

  for (guint i = 0; opt_api_base != NULL && opt_api_base[i] != NULL; i++)
    {
      const char *eq = strchr (opt_api_base[i], '=');
      g_autofree char *name = NULL;

      if (eq == NULL || eq == opt_api_base[i] ||
          (!g_str_has_prefix (eq + 1, "http://") && !g_str_has_prefix (eq + 1, "https://")))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--api-base expects NAME=URL with an http(s) URL, not “%s”"),
                       opt_api_base[i]);
          return FALSE;
        }
      name = g_strndup (opt_api_base[i], eq - opt_api_base[i]);
      mamori_check_options_set_api_base (options, name, eq + 1);
    }

  if (opt_only != NULL)
    {
      g_auto(GStrv) ids = g_strsplit (opt_only, ",", -1);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; ids[i] != NULL; i++)
        {
          char *id = g_strstrip (ids[i]);
          if (*id != '\0')
            g_strv_builder_add (builder, id);
        }
      options->only = g_strv_builder_end (builder);
    }
  return TRUE;
}

void
mamori_cli_print_json (JsonNode *node,
                       gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: mamori-cli COMMAND [OPTIONS…]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “mamori-cli COMMAND --help” for a command's options."));
}

/* --lang must take effect before any option text is translated, so it is read first. */
static const char *
find_lang_option (int    argc,
                  char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--lang="))
        return argv[i] + strlen ("--lang=");
      if (g_str_equal (argv[i], "--lang") && i + 1 < argc)
        return argv[i + 1];
    }
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  const char *lang = find_lang_option (argc, argv);

  if (lang != NULL && !g_str_equal (lang, "ja") && !g_str_equal (lang, "en"))
    {
      mamori_cli_setup_language (NULL);
      mamori_cli_error (_("--lang must be “ja” or “en”, not “%s”"), lang);
      return MAMORI_CLI_EXIT_USAGE;
    }
  mamori_cli_setup_language (lang);
  g_set_prgname ("mamori-cli");

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? MAMORI_CLI_EXIT_USAGE : MAMORI_CLI_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("mamori-cli %s\n", PACKAGE_VERSION);
      return MAMORI_CLI_EXIT_OK;
    }

  for (guint i = 0; commands[i].name != NULL; i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        return commands[i].func (argc - 1, argv + 1);
    }

  mamori_cli_error (_("unknown command “%s”"), argv[1]);
  print_usage (stderr);
  return MAMORI_CLI_EXIT_USAGE;
}
