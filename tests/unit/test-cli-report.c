/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mamori-cli report through the real binary: every format from --input and from a stored run
 * (--run ID --db), the workshop handout from --db and from --input files, the blank
 * checklist; bad input (malformed JSON, a hostile field type, a huge string, an unknown run)
 * and bad usage end with exit status 1 and leave the output file as it was.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "mamori-report.h"
#include "mamori-store.h"
#include "mamori-test-utils.h"

static char *tmpdir;
static char *good_json;
static char *db_path;
static gint64 run_id;

static int
run_cli (const char * const *args,
         char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  const char *cli = g_getenv ("MAMORI_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "report");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return mamori_test_spawn ((const char * const *) argv->pdata, &out, err);
}

static MamoriRunResult *
make_result (const char *org)
{
  g_autoptr(MamoriProfile) profile = mamori_profile_new (org, MAMORI_ORG_KIND_SME);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  MamoriFinding *f;

  mamori_profile_add_domain (profile, "example.jp");
  f = mamori_finding_new ("domain.dmarc", "example.jp", MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
  mamori_finding_set_facet (f, "record");
  mamori_finding_set_message_v (f, "No DMARC record.", NULL);
  g_ptr_array_add (findings, f);
  f = mamori_finding_new ("domain.spf", "example.jp", MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
  mamori_finding_set_message_v (f, "SPF is fine.", NULL);
  g_ptr_array_add (findings, f);
  return mamori_run_result_new (profile, findings, NULL, 12);
}

static char *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

typedef struct {
  const char *name;
  const char *format;
  const char *magic;     /* how the file starts */
} FormatCase;

static const FormatCase formats[] = {
  { "pdf", "pdf", "%PDF-" },
  { "html", "html", "<!DOCTYPE html>" },
  { "csv", "csv", "\xEF\xBB\xBF" "organisation," },
  { "json", "json", "{" },
};

static void
test_formats (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      for (int stored = 0; stored < 2; stored++)
        {
          g_autofree char *output = g_strdup_printf ("%s/out-%d.%s", tmpdir, stored, formats[i].name);
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, run_id);
          g_autofree char *contents = NULL;
          g_autofree char *err = NULL;
          const char *from_input[] = { "--input", good_json, "--format", formats[i].format,
                                       "--output", output, "--lang", "ja", NULL };
          const char *from_store[] = { "--run", id, "--db", db_path, "--format", formats[i].format,
                                       "--output", output, "--lang", "en", NULL };

          g_assert_cmpint (run_cli (stored ? from_store : from_input, &err), ==, 0);
          g_assert_cmpstr (err, ==, "");
          g_file_get_contents (output, &contents, NULL, NULL);
          g_assert_nonnull (contents);
          g_assert_true (g_str_has_prefix (contents, formats[i].magic));
        }
    }
}

static void
test_handout_and_checklist (void)
{
  g_autofree char *second = NULL;
  g_autofree char *output = g_build_filename (tmpdir, "handout.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *err = NULL;

  {
    g_autoptr(MamoriRunResult) result = make_result ("二番目の組織");
    g_autoptr(GBytes) json = mamori_report_render (result, MAMORI_REPORT_FORMAT_JSON, "en", NULL);

    second = write_file ("second.json", g_bytes_get_data (json, NULL), (gssize) g_bytes_get_size (json));
  }
  {
    const char *args[] = { "--handout", "--input", good_json, "--input", second,
                           "--output", output, NULL };
    g_assert_cmpint (run_cli (args, NULL), ==, 0);
    g_file_get_contents (output, &contents, NULL, NULL);
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
    g_clear_pointer (&contents, g_free);
    g_remove (output);
  }
  {
    const char *args[] = { "--handout", "--db", db_path, "--output", output, NULL };
    g_assert_cmpint (run_cli (args, NULL), ==, 0);
    g_file_get_contents (output, &contents, NULL, NULL);
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
    g_clear_pointer (&contents, g_free);
    g_remove (output);
  }
  {
    const char *args[] = { "--blank-checklist", "--kind", "municipality", "--output", output, NULL };
    g_assert_cmpint (run_cli (args, &err), ==, 0);
    g_file_get_contents (output, &contents, NULL, NULL);
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  }
}

static void
test_bad_input (void)
{
  g_autoptr(GString) huge = g_string_new ("{\"findings\": [{\"check_id\": \"domain.spf\", "
                                          "\"status\": \"pass\", \"subject\": \"");
  g_autofree char *output = NULL;
  g_autofree char *malformed = write_file ("malformed.json", "{\"findings\": [", -1);
  g_autofree char *hostile = write_file ("hostile.json",
                                         "{\"findings\": [{\"check_id\": \"domain.spf\", "
                                         "\"status\": \"pass\", \"guideline_refs\": {\"x\": 1}}]}",
                                         -1);
  g_autofree char *huge_path = NULL;
  g_autofree char *missing = g_build_filename (tmpdir, "no-such.json", NULL);

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (huge, 'x');
  g_string_append (huge, "\"}]}");
  huge_path = write_file ("huge.json", huge->str, (gssize) huge->len);
  output = write_file ("keep.pdf", "old contents", -1);

  {
    const char *inputs[] = { malformed, hostile, huge_path, missing };

    for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
      {
        g_autofree char *err = NULL;
        g_autofree char *contents = NULL;
        const char *args[] = { "--input", inputs[i], "--format", "pdf", "--output", output, NULL };

        g_assert_cmpint (run_cli (args, &err), ==, 1);
        /* The message names the file. */
        g_assert_nonnull (strstr (err, inputs[i]));
        g_file_get_contents (output, &contents, NULL, NULL);
        g_assert_cmpstr (contents, ==, "old contents");
      }
  }
  {
    g_autofree char *err = NULL;
    const char *args[] = { "--run", "999", "--db", db_path, "--output", output, NULL };

    g_assert_cmpint (run_cli (args, &err), ==, 1);
  }
}

static void
test_usage (void)
{
  g_autofree char *output = g_build_filename (tmpdir, "usage.pdf", NULL);
  const char *no_output[] = { "--input", good_json, NULL };
  const char *both[] = { "--input", good_json, "--run", "1", "--db", db_path, "--output", output, NULL };
  const char *neither[] = { "--output", output, NULL };
  const char *bad_format[] = { "--input", good_json, "--format", "docx", "--output", output, NULL };
  const char *bad_lang[] = { "--input", good_json, "--lang", "fr", "--output", output, NULL };
  const char * const *cases[] = { no_output, both, neither, bad_format, bad_lang };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (run_cli (cases[i], NULL), ==, 1);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = mamori_test_mkdtemp ();

  {
    g_autoptr(MamoriRunResult) result = make_result ("株式会社まもり");
    g_autoptr(GBytes) json = mamori_report_render (result, MAMORI_REPORT_FORMAT_JSON, "en", NULL);
    g_autoptr(MamoriStore) store = NULL;
    g_autoptr(GError) error = NULL;
    gint64 org_id;

    good_json = write_file ("good.json", g_bytes_get_data (json, NULL), (gssize) g_bytes_get_size (json));
    db_path = g_build_filename (tmpdir, "mamori.db", NULL);
    store = mamori_store_open (db_path, &error);
    g_assert_no_error (error);
    org_id = mamori_store_ensure_org (store, result->profile, &error);
    g_assert_no_error (error);
    run_id = mamori_store_save_run (store, org_id, result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (run_id, >, 0);
  }

  g_test_add_func ("/mamori/cli/report/formats", test_formats);
  g_test_add_func ("/mamori/cli/report/handout-and-checklist", test_handout_and_checklist);
  g_test_add_func ("/mamori/cli/report/bad-input", test_bad_input);
  g_test_add_func ("/mamori/cli/report/usage", test_usage);
  status = g_test_run ();
  mamori_test_rmdir_recursive (tmpdir);
  g_free (tmpdir);
  g_free (good_json);
  g_free (db_path);
  return status;
}
