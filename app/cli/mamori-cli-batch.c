/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mamori-cli batch FILE|-: the domain checks for a list of domains, N at a time.
 *
 * Each domain gets its own MamoriCheckRunner run, and so its own DNS cache: answers are
 * shared between the checks of one domain, never between domains (one domain's lame
 * server must not colour another's result). Every finished domain is appended to the output
 * at once and flushed, so that an interrupted batch resumes where it stopped: domains that
 * are already in the output are skipped. One bad domain (a malformed line, a name that does
 * not resolve) becomes a line with an "error" and never stops the batch.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

#include "mamori-catalog.h"
#include "mamori-check-registry.h"
#include "mamori-check-runner.h"
#include "mamori-cli.h"
#include "mamori-dns.h"
#include "mamori-domain-name.h"
#include "mamori-error.h"
#include "mamori-report.h"
#include "mamori-run-result.h"
#include "mamori-score.h"

#define MAX_JOBS 256

typedef struct {
  guint  line;
  char  *input;            /* the line as written, trimmed */
} Entry;

typedef struct {
  MamoriCheckRegistry *registry;
  MamoriCheckOptions  *options;
  MamoriCatalog       *catalog;          /* NULL: not scored; immutable, shared by workers */
  gboolean             csv;
  guint                threads_per_domain;
  FILE                *out;
  GMutex               lock;
  guint                n_total;
  guint                n_done;
  guint                n_errors;
  gboolean             write_failed;
} Batch;

static void
entry_free (Entry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->input);
  g_free (entry);
}

static const char * const csv_header[] = {
  "input", "subject", "check_id", "facet", "status", "severity", "message", "remediation",
  "record", "guideline_refs", "error",
};

static void
csv_error_row (GString    *out,
               const char *input,
               const char *message)
{
  mamori_report_csv_append_field (out, input, FALSE);
  for (guint i = 1; i + 1 < G_N_ELEMENTS (csv_header); i++)
    mamori_report_csv_append_field (out, i == 4 ? "error" : NULL, FALSE);
  mamori_report_csv_append_field (out, message, TRUE);
}

static char *
format_error_line (Batch      *batch,
                   Entry      *entry,
                   const char *message)
{
  if (batch->csv)
    {
      GString *out = g_string_new (NULL);

      csv_error_row (out, entry->input, message);
      return g_string_free (out, FALSE);
    }
  else
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "input");
      json_builder_add_string_value (builder, entry->input);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, entry->line);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, message);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, FALSE);
      return g_strconcat (text, "\n", NULL);
    }
}

static char *
format_result (Batch           *batch,
               Entry           *entry,
               MamoriRunResult *result,
               const char      *error_message)
{
  if (batch->csv)
    {
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < result->findings->len; i++)
        {
          MamoriFinding *f = g_ptr_array_index (result->findings, i);
          g_autofree char *message = mamori_finding_render_message (f);
          g_autofree char *remediation = mamori_finding_render_remediation (f);
          const char * const *refs = mamori_finding_get_guideline_refs (f);
          g_autofree char *joined = refs != NULL ? g_strjoinv (" ", (char **) refs) : NULL;

          mamori_report_csv_append_field (out, entry->input, FALSE);
          mamori_report_csv_append_field (out, mamori_finding_get_subject (f), FALSE);
          mamori_report_csv_append_field (out, mamori_finding_get_check_id (f), FALSE);
          mamori_report_csv_append_field (out, mamori_finding_get_facet (f), FALSE);
          mamori_report_csv_append_field (out, mamori_status_to_string (mamori_finding_get_status (f)), FALSE);
          mamori_report_csv_append_field (out, mamori_severity_to_string (mamori_finding_get_severity (f)), FALSE);
          mamori_report_csv_append_field (out, message, FALSE);
          mamori_report_csv_append_field (out, remediation, FALSE);
          mamori_report_csv_append_field (out, mamori_finding_get_record (f), FALSE);
          mamori_report_csv_append_field (out, joined, FALSE);
          mamori_report_csv_append_field (out, error_message, TRUE);
        }
      return g_string_free (out, FALSE);
    }
  else
    {
      g_autoptr(JsonNode) root = mamori_run_result_to_json (result);
      JsonObject *object = json_node_get_object (root);
      g_autofree char *text = NULL;

      json_object_set_string_member (object, "input", entry->input);
      json_object_set_int_member (object, "line", entry->line);
      if (error_message != NULL)
        json_object_set_string_member (object, "error", error_message);
      text = json_to_string (root, FALSE);
      return g_strconcat (text, "\n", NULL);
    }
}

static void
emit (Batch      *batch,
      Entry      *entry,
      const char *text,
      gboolean    failed,
      gint64      elapsed_ms)
{
  g_mutex_lock (&batch->lock);
  if (fputs (text, batch->out) == EOF || fflush (batch->out) != 0)
    batch->write_failed = TRUE;
  batch->n_done++;
  if (failed)
    batch->n_errors++;
  /* Translators: progress of a batch: done/total, the domain, "ok" or "error", milliseconds. */
  g_printerr (_("[%u/%u] %s: %s (%d ms)\n"), batch->n_done, batch->n_total,
              entry->input, failed ? _("error") : _("done"), (int) MIN (elapsed_ms, G_MAXINT));
  g_mutex_unlock (&batch->lock);
}

static gboolean domain_exists (Batch       *batch,
                               const char  *domain,
                               GError     **error);

static void
run_entry (gpointer data,
           gpointer user_data)
{
  Entry *entry = data;
  Batch *batch = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *text = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gboolean failed = FALSE;

  domain = mamori_domain_name_normalize (entry->input, &error);
  if (domain == NULL || !domain_exists (batch, domain, &error))
    {
      text = format_error_line (batch, entry, error->message);
      failed = TRUE;
    }
  else
    {
      g_autoptr(MamoriProfile) profile = mamori_profile_new (domain, MAMORI_ORG_KIND_SME);
      g_autoptr(MamoriCheckRunner) runner = mamori_check_runner_new (batch->registry,
                                                                     batch->options);
      g_autoptr(GPtrArray) findings = NULL;
      g_autoptr(GDateTime) started = g_date_time_new_now_utc ();
      const char * const families[] = { "domain", NULL };

      mamori_profile_add_domain (profile, domain);
      mamori_check_runner_set_families (runner, families);
      mamori_check_runner_set_max_threads (runner, batch->threads_per_domain);
      findings = mamori_check_runner_run (runner, profile, NULL, NULL, NULL, &error);
      if (findings == NULL)
        {
          text = format_error_line (batch, entry, error->message);
          failed = TRUE;
        }
      else
        {
          g_autoptr(MamoriRunResult) result =
            mamori_run_result_new (profile, findings, started, (g_get_monotonic_time () - t0) / 1000);
          guint counts[6];
          g_autofree char *message = NULL;

          /* Nothing decided at all: the domain could not be checked (it does not resolve,
           * its servers do not answer). Reported as an error, with the findings as evidence. */
          if (batch->catalog != NULL)
            {
              g_autoptr(MamoriScore) score = NULL;
              g_autoptr(JsonNode) scores = NULL;

              mamori_catalog_fill_guideline_refs (batch->catalog, profile->kind, findings);
              score = mamori_score_compute (batch->catalog, profile->kind, findings, NULL);
              scores = mamori_score_to_json (score);
              mamori_run_result_set_scores (result, mamori_score_get_catalog_version (score), scores);
            }
          mamori_run_result_count (result, counts);
          if (findings->len > 0 && counts[MAMORI_STATUS_ERROR] == findings->len)
            {
              message = mamori_finding_render_message (g_ptr_array_index (findings, 0));
              failed = TRUE;
            }
          text = format_result (batch, entry, result, message);
        }
    }
  emit (batch, entry, text, failed, (g_get_monotonic_time () - t0) / 1000);
  entry_free (entry);
}

/* A domain that does not exist, or a resolver that does not answer, is an error for the
 * batch rather than a page of "no record" findings. One question, before the checks. */
static gboolean
domain_exists (Batch       *batch,
               const char  *domain,
               GError     **error)
{
  g_autoptr(MamoriDns) dns = mamori_dns_new (batch->options, error);
  g_autoptr(MamoriDnsResponse) response = NULL;

  if (dns == NULL)
    return FALSE;
  response = mamori_dns_query (dns, domain, LDNS_RR_TYPE_SOA, MAMORI_DNS_FLAGS_NONE, NULL, error);
  if (response == NULL)
    return FALSE;
  if (mamori_dns_response_get_rcode (response) == LDNS_RCODE_NXDOMAIN)
    {
      g_autofree char *name = mamori_domain_name_to_unicode (domain);

      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("%s does not exist (the DNS answers NXDOMAIN)"), name != NULL ? name : domain);
      return FALSE;
    }
  return TRUE;
}

/* The inputs already in an earlier output, so that a resumed batch skips them. A last line
 * without its newline was cut off by an interruption: it is dropped (the file is truncated
 * to the last complete line) and its domain runs again. */
static GHashTable *
read_done (const char  *path,
           gboolean     csv,
           gboolean    *had_content,
           GError     **error)
{
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_auto(GStrv) lines = NULL;
  char *last_newline;

  *had_content = FALSE;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&done);
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  last_newline = NULL;
  for (gsize i = length; i > 0; i--)
    {
      if (contents[i - 1] == '\n')
        {
          last_newline = contents + i - 1;
          break;
        }
    }
  if (last_newline == NULL)
    {
      if (length > 0 && truncate (path, 0) != 0)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                       g_strerror (saved));
          return NULL;
        }
      return g_steal_pointer (&done);
    }
  if ((gsize) (last_newline - contents) + 1 < length &&
      truncate (path, (off_t) (last_newline - contents) + 1) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return NULL;
    }
  last_newline[1] = '\0';
  *had_content = TRUE;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];

      if (i == 0 && g_str_has_prefix (line, "\xEF\xBB\xBF"))
        line += 3;
      if (*line == '\0')
        continue;
      if (csv)
        {
          g_autofree char *first = NULL;

          /* The input column is first and never quoted unless it has a comma, quote or
           * newline, which a domain name cannot have; such rows are taken literally. */
          if (i == 0 && g_str_has_prefix (line, "input,"))
            continue;
          if (line[0] == '"')
            continue;
          first = g_strndup (line, strcspn (line, ",\r"));
          g_hash_table_add (done, g_steal_pointer (&first));
        }
      else
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonNode *root;

          if (!json_parser_load_from_data (parser, line, -1, NULL))
            continue;
          root = json_parser_get_root (parser);
          if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
            {
              const char *input = json_object_get_string_member_with_default (json_node_get_object (root),
                                                                              "input", NULL);
              if (input != NULL)
                g_hash_table_add (done, g_strdup (input));
            }
        }
    }
  return g_steal_pointer (&done);
}

static GPtrArray *
read_entries (const char  *path,
              GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_auto(GStrv) lines = NULL;

  if (g_str_equal (path, "-"))
    {
      GString *text = g_string_new (NULL);
      char buffer[8192];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_string_append_len (text, buffer, (gssize) n);
      if (ferror (stdin))
        {
          g_string_free (text, TRUE);
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, _("could not read standard input"));
          return NULL;
        }
      length = text->len;
      contents = g_string_free (text, FALSE);
    }
  else if (!g_file_get_contents (path, &contents, &length, error))
    {
      return NULL;
    }
  if (memchr (contents, '\0', length) != NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s is not a text file"), path);
      return NULL;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *hash = strchr (line, '#');
      Entry *entry;

      if (i == 0 && g_str_has_prefix (line, "\xEF\xBB\xBF"))
        line += 3;
      if (hash != NULL)
        *hash = '\0';
      g_strstrip (line);
      if (*line == '\0')
        continue;
      entry = g_new0 (Entry, 1);
      entry->line = i + 1;
      /* Not UTF-8: keep a readable form for the error line. */
      entry->input = g_utf8_validate (line, -1, NULL) ? g_strdup (line)
                                                      : g_utf8_make_valid (line, -1);
      g_ptr_array_add (entries, entry);
    }
  return g_steal_pointer (&entries);
}

int
mamori_cli_batch (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCheckOptions) options = mamori_check_options_new ();
  g_autoptr(MamoriCheckRegistry) registry = NULL;
  g_autoptr(MamoriCatalog) catalog = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) done = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *plugin_dir = NULL;
  g_auto(GStrv) failures = NULL;
  GThreadPool *pool;
  Batch batch = { 0, };
  gboolean had_content = FALSE;
  gint64 t0;
  int jobs = 4;
  const GOptionEntry entries_spec[] = {
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, N_("Domains checked at the same time"), N_("N") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format"), "jsonl|csv" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Append to this file, skipping the domains already in it (default: standard output)"),
      N_("FILE") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("Language of the output"), "ja|en" },
    { "plugin-dir", 0, 0, G_OPTION_ARG_FILENAME, &plugin_dir,
      N_("Directory of external check plug-ins"), N_("DIR") },
    { NULL }
  };

  context = g_option_context_new (_("FILE|-"));
  g_option_context_set_summary (context, _("Check the domains listed in FILE (one a line, "
                                           "# comments allowed), several at a time."));
  g_option_context_add_main_entries (context, entries_spec, GETTEXT_PACKAGE);
  g_option_context_add_group (context, mamori_cli_network_option_group (options));
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !mamori_cli_finish_network_options (options, &error))
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      mamori_cli_error (_("name one file of domains, or - for standard input"));
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (jobs < 1 || jobs > MAX_JOBS)
    {
      mamori_cli_error (_("--jobs must be between 1 and %d"), MAX_JOBS);
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (format != NULL && !g_str_equal (format, "jsonl") && !g_str_equal (format, "csv"))
    {
      mamori_cli_error (_("--format must be “jsonl” or “csv”, not “%s”"), format);
      return MAMORI_CLI_EXIT_USAGE;
    }
  batch.csv = format != NULL && g_str_equal (format, "csv");

  entries = read_entries (argv[1], &error);
  if (entries == NULL)
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_USAGE;
    }

  if (output != NULL)
    {
      done = read_done (output, batch.csv, &had_content, &error);
      if (done == NULL)
        {
          mamori_cli_error ("%s", error->message);
          return MAMORI_CLI_EXIT_USAGE;
        }
      batch.out = g_fopen (output, "ab");
      if (batch.out == NULL)
        {
          int saved = errno;
          mamori_cli_error ("%s: %s", output, g_strerror (saved));
          return MAMORI_CLI_EXIT_USAGE;
        }
    }
  else
    {
      batch.out = stdout;
    }
  if (batch.csv && !had_content)
    {
      GString *header = g_string_new ("\xEF\xBB\xBF");

      for (guint i = 0; i < G_N_ELEMENTS (csv_header); i++)
        mamori_report_csv_append_field (header, csv_header[i], i + 1 == G_N_ELEMENTS (csv_header));
      fputs (header->str, batch.out);
      g_string_free (header, TRUE);
    }

  registry = mamori_check_registry_new_builtin ();
  mamori_check_registry_load_plugins (registry,
                                      plugin_dir != NULL ? plugin_dir
                                      : g_getenv ("MAMORI_PLUGIN_DIR") != NULL
                                        ? g_getenv ("MAMORI_PLUGIN_DIR") : MAMORI_PLUGINDIR,
                                      &failures);
  for (guint i = 0; failures != NULL && failures[i] != NULL; i++)
    mamori_cli_error ("%s", failures[i]);

  /* Scores as `check` gives them (without questionnaire answers). */
  catalog = mamori_catalog_load_default (&error);
  if (catalog == NULL)
    {
      mamori_cli_error (_("the guideline catalog could not be loaded, so there are no scores: %s"),
                        error->message);
      g_clear_error (&error);
    }
  batch.catalog = catalog;
  /* Bounded in total too: many domains at once each get fewer threads for their checks.
   * 64 in all (not 256): with 16 domains at once, 16 threads each spent more time fighting
   * over locks than checking (20–30 % fewer domains/s on 2 cores); the domains themselves
   * keep the CPUs and the network busy. */
  batch.threads_per_domain = CLAMP (64 / jobs, 2, 16);
  /* Every domain's runner, its DNS prefetches and its TLS probes take threads from GLib's
   * shared pool. GLib keeps only 2 idle threads by default, so without this each domain
   * would create and destroy dozens of threads (most of the batch's system time). Idle
   * threads still end by themselves after GLib's idle time. */
  g_thread_pool_set_max_unused_threads ((int) (jobs * (batch.threads_per_domain + 8)) + 64);
  batch.registry = registry;
  batch.options = options;
  g_mutex_init (&batch.lock);

  {
    guint skipped = 0;
    g_autoptr(GHashTable) queued = g_hash_table_new (g_str_hash, g_str_equal);

    /* Each input once: a domain listed twice is checked once. */
    for (guint i = 0; i < entries->len; i++)
      {
        Entry *entry = g_ptr_array_index (entries, i);

        if ((done != NULL && g_hash_table_contains (done, entry->input)) ||
            !g_hash_table_add (queued, entry->input))
          skipped++;
        else
          batch.n_total++;
      }
    if (skipped > 0)
      g_printerr (_("Skipping %u domains already done or listed twice.\n"), skipped);
  }

  t0 = g_get_monotonic_time ();
  pool = g_thread_pool_new (run_entry, &batch, jobs, FALSE, NULL);
  {
    /* Own copies: a worker may free an entry while the loop still runs. */
    g_autoptr(GHashTable) queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

    for (guint i = 0; i < entries->len; i++)
      {
        Entry *entry = g_ptr_array_index (entries, i);

        if ((done != NULL && g_hash_table_contains (done, entry->input)) ||
            g_hash_table_contains (queued, entry->input))
          continue;
        g_hash_table_add (queued, g_strdup (entry->input));
        /* The pool frees the entry; the array must not. */
        entries->pdata[i] = NULL;
        g_thread_pool_push (pool, entry, NULL);
      }
  }
  g_thread_pool_free (pool, FALSE, TRUE);
  g_mutex_clear (&batch.lock);

  {
    double seconds = (g_get_monotonic_time () - t0) / 1e6;

    g_printerr (_("Checked %u domains (%u with errors) in %.1f s: %.1f domains/s\n"),
                batch.n_done, batch.n_errors, seconds,
                seconds > 0 ? batch.n_done / seconds : 0.0);
  }
  if (batch.out != stdout && fclose (batch.out) != 0)
    batch.write_failed = TRUE;
  if (batch.write_failed)
    {
      mamori_cli_error (_("could not write the output: %s"), g_strerror (errno));
      return MAMORI_CLI_EXIT_RUN_FAILED;
    }
  return MAMORI_CLI_EXIT_OK;
}
