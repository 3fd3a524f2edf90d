/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mamori-cli batch against the DNS lab (tests/lab/dns-lab.py): a list with comments, a
 * malformed line and a domain that does not exist completes, reports both as error lines,
 * checks the good domains, and a second run over the same output skips what is done; JSONL
 * and CSV; bad usage exits 1.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mamori-test-utils.h"

static char *tmpdir;

static const char *
require_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    g_error ("%s is not set: run this test through tests/lab/dns-lab.py run -- … "
             "(meson test --suite integration does)", name);
  return value;
}

static int
run_batch (const char  *input,
           const char  *output,
           const char  *format,
           const char  *jobs,
           char       **err)
{
  g_autofree char *out = NULL;
  const char *auth = require_env ("MAMORI_LAB_AUTH");
  const char *argv[] = {
    require_env ("MAMORI_CLI"), "batch", input, "--jobs", jobs, "--format", format,
    "--output", output, "--resolver", require_env ("MAMORI_LAB_RESOLVER"),
    "--trust-anchor", require_env ("MAMORI_LAB_TRUST_ANCHOR"),
    "--ns-port", strrchr (auth, ':') + 1, "--timeout", "2", "--lang", "en", NULL
  };

  return mamori_test_spawn (argv, &out, err);
}

static char *
write_list (const char *name,
            const char *text)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static const char list[] =
  "# workshop list\n"
  "dmarc-none.test\n"
  "\n"
  "not a domain!\n"
  "no-such-zone.test   # does not exist\n"
  "dmarc-quarantine.test\n"
  "dmarc-none.test\n";          /* listed twice: checked once */

/* input → "error text" or "ok:<number of findings>" */
static GHashTable *
read_jsonl (const char *path)
{
  GHashTable *lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *contents = NULL;
  g_auto(GStrv) split = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (contents, "\n"));
  split = g_strsplit (contents, "\n", -1);
  for (guint i = 0; split[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;
      const char *input;

      if (*split[i] == '\0')
        continue;
      json_parser_load_from_data (parser, split[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      input = json_object_get_string_member (object, "input");
      g_assert_nonnull (input);
      /* Each input once. */
      g_assert_false (g_hash_table_contains (lines, input));
      if (json_object_has_member (object, "error"))
        g_hash_table_insert (lines, g_strdup (input),
                             g_strdup (json_object_get_string_member (object, "error")));
      else
        {
          JsonNode *scores = json_object_get_member (object, "scores");

          /* "ok:<findings>:scored" when the line carries the guideline scores. */
          g_hash_table_insert (lines, g_strdup (input),
                               g_strdup_printf ("ok:%u:%s", json_array_get_length (
                                 json_object_get_array_member (object, "findings")),
                                 scores != NULL && JSON_NODE_HOLDS_OBJECT (scores)
                                 ? "scored" : "unscored"));
        }
    }
  return lines;
}

static void
test_jsonl_errors_and_resume (void)
{
  g_autofree char *input = write_list ("list.txt", list);
  g_autofree char *output = g_build_filename (tmpdir, "out.jsonl", NULL);
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autoptr(GHashTable) lines = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *value;

  g_assert_cmpint (run_batch (input, output, "jsonl", "3", &err), ==, 0);
  lines = read_jsonl (output);
  g_assert_cmpuint (g_hash_table_size (lines), ==, 4);
  value = g_hash_table_lookup (lines, "not a domain!");
  g_assert_nonnull (value);
  g_assert_nonnull (strstr (value, "not a domain!"));
  value = g_hash_table_lookup (lines, "no-such-zone.test");
  g_assert_nonnull (value);
  g_assert_nonnull (strstr (value, "NXDOMAIN"));
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (lines, "dmarc-none.test"), "ok:"));
  g_assert_cmpstr (g_hash_table_lookup (lines, "dmarc-none.test"), !=, "ok:0:scored");
  g_assert_true (g_str_has_suffix (g_hash_table_lookup (lines, "dmarc-none.test"), ":scored"));
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (lines, "dmarc-quarantine.test"), "ok:"));
  /* Progress on stderr. */
  g_assert_nonnull (strstr (err, "[4/4]"));

  /* Resume: nothing new to do, the file is unchanged. */
  g_file_get_contents (output, &before, NULL, NULL);
  g_assert_cmpint (run_batch (input, output, "jsonl", "3", &err2), ==, 0);
  g_file_get_contents (output, &after, NULL, NULL);
  g_assert_cmpstr (before, ==, after);
  g_assert_nonnull (strstr (err2, "Skipping 5"));
}

static void
test_resume_after_interruption (void)
{
  g_autofree char *input = write_list ("list2.txt", list);
  g_autofree char *output = g_build_filename (tmpdir, "partial.jsonl", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GHashTable) lines = NULL;
  g_autoptr(GError) error = NULL;

  /* One finished domain, then a line cut off mid-write by a crash. */
  g_file_set_contents (output,
                       "{\"input\":\"dmarc-none.test\",\"line\":2,\"error\":\"earlier run\"}\n"
                       "{\"input\":\"dmarc-quaran", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_batch (input, output, "jsonl", "2", &err), ==, 0);
  lines = read_jsonl (output);
  g_assert_cmpuint (g_hash_table_size (lines), ==, 4);
  /* Skipped, not run again. */
  g_assert_cmpstr (g_hash_table_lookup (lines, "dmarc-none.test"), ==, "earlier run");
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (lines, "dmarc-quarantine.test"), "ok:"));
  g_assert_nonnull (strstr (err, "[3/3]"));
}

static void
test_csv (void)
{
  g_autofree char *input = write_list ("list3.txt", list);
  g_autofree char *output = g_build_filename (tmpdir, "out.csv", NULL);
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *again = NULL;

  g_assert_cmpint (run_batch (input, output, "csv", "4", &err), ==, 0);
  g_file_get_contents (output, &contents, NULL, NULL);
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" "input,subject,check_id,"));
  g_assert_nonnull (strstr (contents, "\r\ndmarc-quarantine.test,dmarc-quarantine.test,domain.dmarc,"));
  g_assert_nonnull (strstr (contents, "\r\nno-such-zone.test,,,,error,"));
  g_assert_nonnull (strstr (contents, "\r\nnot a domain!,,,,error,"));
  /* Resume adds nothing, and no second header. */
  g_assert_cmpint (run_batch (input, output, "csv", "4", NULL), ==, 0);
  g_file_get_contents (output, &again, NULL, NULL);
  g_assert_cmpstr (contents, ==, again);
}

static void
test_usage (void)
{
  g_autofree char *input = write_list ("list4.txt", list);
  g_autofree char *output = g_build_filename (tmpdir, "usage.jsonl", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "no-such-list.txt", NULL);

  g_assert_cmpint (run_batch (input, output, "xml", "2", NULL), ==, 1);
  g_assert_cmpint (run_batch (input, output, "jsonl", "0", NULL), ==, 1);
  g_assert_cmpint (run_batch (missing, output, "jsonl", "2", NULL), ==, 1);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = mamori_test_mkdtemp ();
  g_test_add_func ("/mamori/cli/batch/jsonl-errors-and-resume", test_jsonl_errors_and_resume);
  g_test_add_func ("/mamori/cli/batch/resume-after-interruption", test_resume_after_interruption);
  g_test_add_func ("/mamori/cli/batch/csv", test_csv);
  g_test_add_func ("/mamori/cli/batch/usage", test_usage);
  status = g_test_run ();
  mamori_test_rmdir_recursive (tmpdir);
  g_free (tmpdir);
  return status;
}
