/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reports (app/report): CSV with BOM and RFC 4180 quoting that parses back, a self-contained
 * HTML file that escapes a hostile finding, JSON that validates against
 * data/schema/mamori-result.schema.json, a PDF whose text (pdftotext) has the Japanese titles
 * and the organisation, and untrusted results that are refused with an error.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "mamori-error.h"
#include "mamori-report.h"
#include "mamori-test-utils.h"

#define HOSTILE_ORG "株式会社まもり <script>alert(1)</script> & \"Co\""
#define HOSTILE_MESSAGE "<img src=\"http://evil.example/x.png\" onerror=alert(1)>, \"quoted\"\nsecond line"

static char *tmpdir;

static MamoriRunResult *
make_result (gboolean scored)
{
  g_autoptr(MamoriProfile) profile = mamori_profile_new (HOSTILE_ORG, MAMORI_ORG_KIND_SME);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) started = g_date_time_new_utc (2026, 11, 20, 9, 30, 0);
  const char * const refs[] = { "mic-dmarc-2", "nisc-3.1", NULL };
  MamoriRunResult *result;
  MamoriFinding *f;

  mamori_profile_add_domain (profile, "example.jp");

  f = mamori_finding_new ("domain.dmarc", "example.jp", MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
  mamori_finding_set_facet (f, "policy");
  mamori_finding_set_message (f, "No DMARC record was found at {0}.", "_dmarc.example.jp", NULL);
  mamori_finding_set_remediation (f, "Publish a DMARC record.", NULL);
  mamori_finding_set_record (f, "_dmarc.example.jp. IN TXT \"v=DMARC1; p=none; rua=mailto:d@example.jp\"");
  mamori_finding_add_evidence_string (f, "query", "_dmarc.example.jp TXT");
  mamori_finding_set_guideline_refs (f, refs);
  g_ptr_array_add (findings, f);

  /* Hostile: markup, quotes, a comma, a newline, and a leading = for spreadsheets. */
  f = mamori_finding_new ("domain.spf", "example.jp", MAMORI_STATUS_WARN, MAMORI_SEVERITY_MEDIUM);
  mamori_finding_set_message_v (f, HOSTILE_MESSAGE, NULL);
  mamori_finding_set_remediation_v (f, "=HYPERLINK(\"http://evil.example\")", NULL);
  g_ptr_array_add (findings, f);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *subject = g_strdup_printf ("sub%u.example.jp", i);

      f = mamori_finding_new ("domain.dnssec", subject, MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
      mamori_finding_set_message_v (f, "The zone is signed and validates.", NULL);
      g_ptr_array_add (findings, f);
    }

  result = mamori_run_result_new (profile, findings, started, 840);
  if (scored)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser,
        "{\"overall\": 62.5, \"catalog_version\": \"1+abc\", \"org_kind\": \"sme\","
        " \"documents\": {\"mic-telework\": {\"score\": 55.0, \"decided\": 8, \"undecided\": 2},"
        "                 \"nisc-sme\": {\"score\": null, \"decided\": 0, \"undecided\": 4},"
        "                 \"meti-guide\": {\"score\": 80, \"decided\": 5, \"undecided\": 0}},"
        " \"priorities\": [{\"item\": \"mic.dmarc\", \"document\": \"mic-telework\","
        "   \"title\": {\"ja\": \"DMARC を公開する\", \"en\": \"Publish DMARC\"},"
        "   \"weight\": 5, \"effort\": 1, \"status\": \"fail\", \"also\": []}],"
        " \"undecided\": []}", -1, &error);
      g_assert_no_error (error);
      mamori_run_result_set_scores (result, "1+abc", json_parser_get_root (parser));
    }
  return result;
}

static char *
render_text (MamoriRunResult    *result,
             MamoriReportFormat  format,
             const char         *lang,
             gsize              *length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = mamori_report_render (result, format, lang, &error);
  gsize len;
  const char *data;

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &len);
  if (length != NULL)
    *length = len;
  return g_strndup (data, len);
}

/* ---- CSV: a small RFC 4180 reader, so the test checks what a spreadsheet would see ---- */

static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                {
                  g_string_append_c (field, *p);
                }
            }
          /* After a closing quote only a separator may follow. */
          g_assert_true (*p == ',' || *p == '\r' || *p == '\0');
        }
      else
        {
          while (*p != '\0' && *p != ',' && *p != '\r' && *p != '\n')
            {
              g_assert_true (*p != '"');
              g_string_append_c (field, *p++);
            }
        }
      g_ptr_array_add (row, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        {
          p++;
          continue;
        }
      g_assert_true (p[0] == '\r' && p[1] == '\n');
      p += 2;
      g_ptr_array_add (rows, row);
      row = g_ptr_array_new_with_free_func (g_free);
    }
  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return rows;
}

static void
test_csv (void)
{
  g_autoptr(MamoriRunResult) result = make_result (TRUE);
  g_autofree char *csv = render_text (result, MAMORI_REPORT_FORMAT_CSV, "en", NULL);
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *header, *spf;

  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF"));
  rows = parse_csv (csv + 3);
  g_assert_cmpuint (rows->len, ==, 1 + result->findings->len);
  header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (header->len, ==, 10);
  g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "organisation");
  g_assert_cmpstr (g_ptr_array_index (header, 9), ==, "guideline_refs");
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, i))->len, ==, 10);

  {
    GPtrArray *dmarc = g_ptr_array_index (rows, 1);

    g_assert_cmpstr (g_ptr_array_index (dmarc, 0), ==, HOSTILE_ORG);
    g_assert_cmpstr (g_ptr_array_index (dmarc, 2), ==, "domain.dmarc");
    g_assert_cmpstr (g_ptr_array_index (dmarc, 3), ==, "policy");
    g_assert_cmpstr (g_ptr_array_index (dmarc, 4), ==, "fail");
    g_assert_cmpstr (g_ptr_array_index (dmarc, 5), ==, "high");
    g_assert_cmpstr (g_ptr_array_index (dmarc, 6), ==, "No DMARC record was found at _dmarc.example.jp.");
    g_assert_cmpstr (g_ptr_array_index (dmarc, 8), ==,
                     "_dmarc.example.jp. IN TXT \"v=DMARC1; p=none; rua=mailto:d@example.jp\"");
    g_assert_cmpstr (g_ptr_array_index (dmarc, 9), ==, "mic-dmarc-2 nisc-3.1");
  }
  spf = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (g_ptr_array_index (spf, 6), ==, HOSTILE_MESSAGE);
  /* A formula from an untrusted result must not run in a spreadsheet. */
  g_assert_cmpstr (g_ptr_array_index (spf, 7), ==, "'=HYPERLINK(\"http://evil.example\")");
}

static void
test_html (void)
{
  g_autoptr(MamoriRunResult) result = make_result (TRUE);
  g_autofree char *html = render_text (result, MAMORI_REPORT_FORMAT_HTML, "en", NULL);
  g_autoptr(GRegex) external = g_regex_new ("(src|href)\\s*=\\s*[\"']?\\s*(https?:|//)",
                                            G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GRegex) css_url = g_regex_new ("url\\(|@import", G_REGEX_CASELESS, 0, NULL);

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_false (g_regex_match (external, html, 0, NULL));
  g_assert_false (g_regex_match (css_url, html, 0, NULL));
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "<img"));
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;"));
  g_assert_nonnull (strstr (html, "&lt;img src=&quot;http://evil.example/x.png&quot;"));
  g_assert_nonnull (strstr (html, "<svg"));
  g_assert_nonnull (strstr (html, "62.5 / 100"));
  g_assert_nonnull (strstr (html, "Publish DMARC"));
}

static int
validate_json (const char *text)
{
  g_autofree char *path = g_build_filename (tmpdir, "result.json", NULL);
  g_autofree char *schema = g_test_build_filename (G_TEST_DIST, "..", "data", "schema",
                                                   "mamori-result.schema.json", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "unit", "validate-json-schema.py",
                                                   NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "python3", script, schema, path, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (*out != '\0' || *err != '\0')
    g_test_message ("validator: %s%s", out, err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128;
}

static void
test_json_schema (void)
{
  for (int scored = 0; scored < 2; scored++)
    {
      g_autoptr(MamoriRunResult) result = make_result (scored);
      g_autofree char *json = render_text (result, MAMORI_REPORT_FORMAT_JSON, "en", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(MamoriRunResult) back = NULL;

      g_assert_cmpint (validate_json (json), ==, 0);
      /* And the report's JSON loads back as a result. */
      back = mamori_report_load_data (json, strlen (json), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (back->findings->len, ==, result->findings->len);
      g_assert_cmpstr (back->profile->name, ==, HOSTILE_ORG);
      g_assert_true ((back->scores != NULL) == scored);
    }

  /* The validator really rejects: a status outside the enum, a missing member. */
  {
    g_autoptr(MamoriRunResult) result = make_result (FALSE);
    g_autofree char *json = render_text (result, MAMORI_REPORT_FORMAT_JSON, "en", NULL);
    g_autoptr(GString) bad = g_string_new (json);

    g_string_replace (bad, "\"status\" : \"warn\"", "\"status\" : \"so-so\"", 1);
    g_assert_cmpstr (bad->str, !=, json);
    g_assert_cmpint (validate_json (bad->str), ==, 1);
    g_string_assign (bad, json);
    g_string_replace (bad, "\"started_at\"", "\"begun_at\"", 1);
    g_assert_cmpint (validate_json (bad->str), ==, 1);
  }
}

/* Japanese text at render time: the report fragment's catalog, compiled for the test, so the
 * test does not depend on when the lead merges it into ja.po. */
static void
use_language (const char *lang)
{
  static char *localedir;

  if (localedir == NULL)
    {
      g_autofree char *po = g_test_build_filename (G_TEST_DIST, "..", "i18n", "ja.d", "report.po", NULL);
      g_autofree char *contents = NULL;
      g_autofree char *full = NULL;
      g_autofree char *po_path = g_build_filename (tmpdir, "ja.po", NULL);
      g_autofree char *mo_dir = NULL;
      g_autofree char *mo = NULL;
      g_autoptr(GError) error = NULL;
      int status;

      localedir = g_build_filename (tmpdir, "locale", NULL);
      mo_dir = g_build_filename (localedir, "ja", "LC_MESSAGES", NULL);
      mo = g_build_filename (mo_dir, GETTEXT_PACKAGE ".mo", NULL);
      g_assert_cmpint (g_mkdir_with_parents (mo_dir, 0700), ==, 0);
      g_file_get_contents (po, &contents, NULL, &error);
      g_assert_no_error (error);
      full = g_strconcat ("msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n",
                          contents, NULL);
      g_file_set_contents (po_path, full, -1, &error);
      g_assert_no_error (error);
      {
        const char *argv[] = { "msgfmt", "-o", mo, po_path, NULL };
        g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                      &status, &error);
      }
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  if (g_str_equal (lang, "ja"))
    g_assert_nonnull (setlocale (LC_ALL, "ja_JP.UTF-8"));
  else if (setlocale (LC_ALL, "en_US.UTF-8") == NULL)
    setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", lang, TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static char *
pdf_text (const char *pdf_path)
{
  g_autofree char *txt = g_strconcat (pdf_path, ".txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf_path, txt, NULL };
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_file_get_contents (txt, &text, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&text);
}

typedef struct {
  const char *lang;
  gboolean    scored;
  const char *expect[6];
} PdfCase;

static const PdfCase pdf_cases[] = {
  { "ja", TRUE,  { "まず取り組むべき対策", "ガイドライン別のスコア", "セキュリティ診断レポート",
                   "株式会社まもり", "DMARC を公開する", "62.5 / 100" } },
  { "ja", FALSE, { "まず取り組むべき対策", "採点されていません", "付録: 根拠データ",
                   "株式会社まもり", "_dmarc.example.jp", NULL } },
  { "en", TRUE,  { "What to do first", "Scores by guideline", "Security check report",
                   "株式会社まもり", "Publish DMARC", "Appendix: evidence" } },
};

static void
test_pdf (gconstpointer data)
{
  const PdfCase *c = data;
  g_autoptr(MamoriRunResult) result = make_result (c->scored);
  g_autofree char *path = g_strdup_printf ("%s/report-%s-%d.pdf", tmpdir, c->lang, c->scored);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) pages = g_regex_new ("(^|\\n)1 ?/ ?([0-9]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *total = NULL;
  g_autofree char *last = NULL;

  use_language (c->lang);
  g_assert_true (mamori_report_write_file (result, MAMORI_REPORT_FORMAT_PDF, c->lang, path, &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  for (guint i = 0; i < G_N_ELEMENTS (c->expect) && c->expect[i] != NULL; i++)
    {
      if (strstr (text, c->expect[i]) == NULL)
        g_test_message ("PDF text:\n%s", text);
      g_assert_nonnull (strstr (text, c->expect[i]));
    }
  /* Page numbers "n / N": the first page says 1 / N and page N exists. */
  g_assert_true (g_regex_match (pages, text, 0, &match));
  total = g_match_info_fetch (match, 2);
  g_assert_cmpint (atoi (total), >=, 4);
  last = g_strdup_printf ("(^|\\n)%s ?/ ?%s", total, total);
  g_assert_true (g_regex_match_simple (last, text, 0, 0));
  use_language ("en");
}

typedef struct {
  const char *name;
  const char *json;
} BadCase;

static void
test_hostile_input (void)
{
  static const BadCase cases[] = {
    { "not-json", "{\"findings\": [" },
    { "not-object", "[1, 2]" },
    { "no-findings", "{\"organisation\": {\"name\": \"x\"}}" },
    { "finding-number", "{\"findings\": [42]}" },
    { "status-number", "{\"findings\": [{\"check_id\": \"domain.spf\", \"status\": 3}]}" },
    { "status-unknown", "{\"findings\": [{\"check_id\": \"domain.spf\", \"status\": \"meh\"}]}" },
    { "message-object", "{\"findings\": [{\"check_id\": \"domain.spf\", \"status\": \"pass\","
                        " \"message\": {\"a\": 1}}]}" },
    { "refs-numbers", "{\"findings\": [{\"check_id\": \"domain.spf\", \"status\": \"pass\","
                      " \"guideline_refs\": [1, 2]}]}" },
    { "evidence-array", "{\"findings\": [{\"check_id\": \"domain.spf\", \"status\": \"pass\","
                        " \"evidence\": [1]}]}" },
    { "org-name-array", "{\"organisation\": {\"name\": [\"x\"]}, \"findings\": []}" },
    { "scores-string", "{\"findings\": [], \"scores\": \"100\"}" },
    { "bad-date", "{\"findings\": [], \"started_at\": \"yesterday\"}" },
    { "not-utf8", "{\"findings\": [], \"organisation\": {\"name\": \"\xff\xfe\"}}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MamoriRunResult) result = NULL;

      g_test_message ("case %s", cases[i].name);
      result = mamori_report_load_data (cases[i].json, strlen (cases[i].json), &error);
      g_assert_null (result);
      g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }

  /* Huge strings and deep nesting are refused before they can cost anything. */
  {
    g_autoptr(GString) huge = g_string_new ("{\"findings\": [{\"check_id\": \"domain.spf\", "
                                            "\"status\": \"pass\", \"message\": \"");
    g_autoptr(GString) deep = g_string_new ("{\"findings\": [], \"scores\": ");
    g_autoptr(GError) error = NULL;
    g_autoptr(MamoriRunResult) result = NULL;

    for (guint i = 0; i < MAMORI_REPORT_MAX_TEXT_BYTES + 10; i++)
      g_string_append_c (huge, 'A');
    g_string_append (huge, "\"}]}");
    result = mamori_report_load_data (huge->str, huge->len, &error);
    g_assert_null (result);
    g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA);
    g_clear_error (&error);

    for (guint i = 0; i < 100000; i++)
      g_string_append (deep, "[");
    result = mamori_report_load_data (deep->str, deep->len, &error);
    g_assert_null (result);
    g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA);
  }
}

static void
test_write_nothing_on_error (void)
{
  g_autoptr(MamoriRunResult) result = make_result (FALSE);
  g_autofree char *path = g_build_filename (tmpdir, "missing-dir", "report.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (mamori_report_write_file (result, MAMORI_REPORT_FORMAT_HTML, "en", path, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_handout (void)
{
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) mamori_run_result_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *path = g_build_filename (tmpdir, "handout.pdf", NULL);
  g_autofree char *text = NULL;

  none = mamori_report_render_handout (results, "en", &error);
  g_assert_null (none);
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_ptr_array_add (results, make_result (TRUE));
  g_ptr_array_add (results, make_result (FALSE));
  g_ptr_array_add (results, make_result (TRUE));
  pdf = mamori_report_render_handout (results, "en", &error);
  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "Organisations compared: 3 (scored: 2)"));
  /* domain.dmarc:policy fails everywhere, domain.dnssec passes everywhere. */
  g_assert_nonnull (strstr (text, "0% (0/3)"));
  g_assert_nonnull (strstr (text, "100% (3/3)"));
  /* Anonymous: no organisation name, no domain. */
  g_assert_null (strstr (text, "まもり"));
  g_assert_null (strstr (text, "example.jp"));
}

static void
test_checklist (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCatalog) catalog = mamori_catalog_load_default (&error);

  g_assert_no_error (error);
  use_language ("ja");
  for (MamoriOrgKind kind = MAMORI_ORG_KIND_SME; kind <= MAMORI_ORG_KIND_MUNICIPALITY; kind++)
    {
      g_autoptr(GPtrArray) questions = mamori_catalog_list_questions (catalog, kind);
      g_autoptr(GBytes) pdf = mamori_report_render_checklist (catalog, kind, "ja", &error);
      g_autofree char *path = g_strdup_printf ("%s/checklist-%d.pdf", tmpdir, kind);
      g_autofree char *text = NULL;
      g_autofree char *count = g_strdup_printf ("質問 %u 問", questions->len);
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;
      const char *q;

      g_assert_no_error (error);
      g_assert_cmpuint (questions->len, >, 10);
      g_file_set_contents (path, g_bytes_get_data (pdf, NULL), (gssize) g_bytes_get_size (pdf),
                           &error);
      g_assert_no_error (error);
      text = pdf_text (path);
      g_assert_nonnull (strstr (text, "セキュリティ対策チェックリスト"));
      g_assert_nonnull (strstr (text, kind == MAMORI_ORG_KIND_SME ? "中小企業向け" : "地方公共団体向け"));
      g_assert_nonnull (strstr (text, count));
      /* The first and the last question are there (their first words: lines may wrap). */
      q = mamori_question_get_text (g_ptr_array_index (questions, 0), "ja");
      first = g_utf8_substring (q, 0, MIN (8, g_utf8_strlen (q, -1)));
      g_assert_nonnull (strstr (text, first));
      q = mamori_question_get_text (g_ptr_array_index (questions, questions->len - 1), "ja");
      last = g_utf8_substring (q, 0, MIN (8, g_utf8_strlen (q, -1)));
      g_assert_nonnull (strstr (text, last));
    }
  use_language ("en");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = mamori_test_mkdtemp ();
  use_language ("en");

  g_test_add_func ("/mamori/report/csv/bom-and-quoting", test_csv);
  g_test_add_func ("/mamori/report/html/self-contained-and-escaped", test_html);
  g_test_add_func ("/mamori/report/json/schema", test_json_schema);
  for (guint i = 0; i < G_N_ELEMENTS (pdf_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/mamori/report/pdf/%s-%s", pdf_cases[i].lang,
                                               pdf_cases[i].scored ? "scored" : "not-scored");
      g_test_add_data_func (name, &pdf_cases[i], test_pdf);
    }
  g_test_add_func ("/mamori/report/load/hostile", test_hostile_input);
  g_test_add_func ("/mamori/report/write/nothing-on-error", test_write_nothing_on_error);
  g_test_add_func ("/mamori/report/handout/anonymous", test_handout);
  g_test_add_func ("/mamori/report/checklist/ja", test_checklist);

  status = g_test_run ();
  if (g_getenv ("MAMORI_TEST_KEEP") == NULL)
    mamori_test_rmdir_recursive (tmpdir);
  else
    g_printerr ("kept %s\n", tmpdir);
  g_free (tmpdir);
  return status;
}
