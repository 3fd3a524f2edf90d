/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The export dialog and the export worker on their own (no DNS lab): names offered, what the
 * dialog lets through without a result, refused input, and written files read back. The
 * export from the running app is covered at the end of test-gui-e2e.c. */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mamori-error.h"
#include "mamori-export-dialog.h"
#include "mamori-export.h"
#include "mamori-gui-test-utils.h"
#include "mamori-report.h"
#include "mamori-test-utils.h"

static MamoriRunResult *
make_result (const char *org_name)
{
  g_autoptr(MamoriProfile) profile = mamori_profile_new (org_name, MAMORI_ORG_KIND_SME);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) started = g_date_time_new_utc (2026, 4, 1, 9, 30, 0);

  mamori_profile_add_domain (profile, "example.test");
  g_ptr_array_add (findings, mamori_finding_new ("domain.dmarc", "example.test",
                                                 MAMORI_STATUS_WARN, MAMORI_SEVERITY_MEDIUM));
  g_ptr_array_add (findings, mamori_finding_new ("domain.spf", "example.test",
                                                 MAMORI_STATUS_PASS, MAMORI_SEVERITY_HIGH));
  return mamori_run_result_new (profile, findings, started, 1200);
}

static void
test_kind_from_string (void)
{
  const struct {
    const char       *str;
    gboolean          ok;
    MamoriExportKind  kind;
    const char       *extension;
  } cases[] = {
    { "pdf", TRUE, MAMORI_EXPORT_PDF, "pdf" },
    { "html", TRUE, MAMORI_EXPORT_HTML, "html" },
    { "csv", TRUE, MAMORI_EXPORT_CSV, "csv" },
    { "json", TRUE, MAMORI_EXPORT_JSON, "json" },
    { "handout", TRUE, MAMORI_EXPORT_HANDOUT, "pdf" },
    { "checklist", TRUE, MAMORI_EXPORT_CHECKLIST, "pdf" },
    { "PDF", FALSE, 0, NULL },
    { "", FALSE, 0, NULL },
    { NULL, FALSE, 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MamoriExportKind kind = MAMORI_EXPORT_N_KINDS;

      g_assert_cmpint (mamori_export_kind_from_string (cases[i].str, &kind), ==, cases[i].ok);
      if (!cases[i].ok)
        continue;
      g_assert_cmpint (kind, ==, cases[i].kind);
      g_assert_cmpstr (mamori_export_kind_extension (kind), ==, cases[i].extension);
    }
}

static void
test_suggest_name (void)
{
  const struct {
    const char       *org;
    MamoriExportKind  kind;
    const char       *expected;
  } cases[] = {
    { "テスト商事", MAMORI_EXPORT_PDF, "テスト商事-2026-04-01.pdf" },
    { "テスト商事", MAMORI_EXPORT_CSV, "テスト商事-2026-04-01.csv" },
    /* No directory separators or characters Windows refuses (a USB stick, a share). */
    { "A/B:C*D?", MAMORI_EXPORT_HTML, "A_B_C_D_-2026-04-01.html" },
    { "", MAMORI_EXPORT_JSON, "mamori-report-2026-04-01.json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MamoriRunResult) result = make_result (cases[i].org);
      g_autofree char *name = mamori_export_suggest_name (cases[i].kind, result);

      g_assert_cmpstr (name, ==, cases[i].expected);
    }
  {
    /* The handout names no organisation, and is dated today. */
    g_autoptr(MamoriRunResult) result = make_result ("テスト商事");
    g_autofree char *name = mamori_export_suggest_name (MAMORI_EXPORT_HANDOUT, result);

    g_assert_true (g_str_has_prefix (name, "mamori-handout-"));
    g_assert_true (g_str_has_suffix (name, ".pdf"));
    g_assert_null (strstr (name, "テスト商事"));
    g_free (name);
    name = mamori_export_suggest_name (MAMORI_EXPORT_CHECKLIST, result);
    g_assert_true (g_str_has_prefix (name, "mamori-checklist-"));
    g_assert_true (g_str_has_suffix (name, ".pdf"));
  }
}

static void
test_dialog (void)
{
  const struct {
    gboolean has_result;
    gboolean enabled[MAMORI_EXPORT_N_KINDS];
  } cases[] = {
    { TRUE, { TRUE, TRUE, TRUE, TRUE, TRUE, TRUE } },
    /* Nothing to report on yet: only the handout (of the stored runs) and the blank
     * checklist can be made. */
    { FALSE, { FALSE, FALSE, FALSE, FALSE, TRUE, TRUE } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MamoriExportDialog *dialog = mamori_export_dialog_new (NULL, cases[i].has_result);
      GtkWidget *note = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                       MAMORI_TYPE_EXPORT_DIALOG, "note_label");

      for (guint k = 0; k < MAMORI_EXPORT_N_KINDS; k++)
        {
          mamori_export_dialog_set_kind (dialog, k);
          g_assert_cmpint (mamori_export_dialog_get_kind (dialog), ==, k);
          g_assert_cmpint (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "export"),
                           ==, cases[i].enabled[k]);
          /* Whatever cannot be exported says why. */
          g_assert_cmpint (gtk_widget_get_visible (note), ==, !cases[i].enabled[k]);
        }
      if (!cases[i].has_result)
        {
          /* How it looks before the first check: PDF chosen, the button off, the note why. */
          mamori_export_dialog_set_kind (dialog, MAMORI_EXPORT_PDF);
          gtk_window_present (GTK_WINDOW (dialog));
          g_free (mamori_gui_test_screenshot (GTK_WIDGET (dialog), "12-export-dialog-no-result"));
        }
      mamori_export_dialog_set_lang (dialog, "en");
      g_assert_cmpstr (mamori_export_dialog_get_lang (dialog), ==, "en");
      mamori_export_dialog_set_lang (dialog, "ja");
      g_assert_cmpstr (mamori_export_dialog_get_lang (dialog), ==, "ja");
      /* An unknown language leaves the choice as it was. */
      mamori_export_dialog_set_lang (dialog, "fr");
      g_assert_cmpstr (mamori_export_dialog_get_lang (dialog), ==, "ja");
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Wait;

static void
write_cb (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = mamori_export_write_finish (res, &wait->error);
  wait->done = TRUE;
}

static gboolean
wait_done (gpointer data)
{
  return ((Wait *) data)->done;
}

static gboolean
write_sync (MamoriExportKind   kind,
            MamoriRunResult   *result,
            MamoriOrgKind      org_kind,
            const char        *lang,
            const char        *db_path,
            const char        *path,
            GError           **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Wait wait = { FALSE, FALSE, NULL };

  mamori_export_write_async (kind, result, org_kind, lang, db_path, file, NULL, write_cb, &wait);
  mamori_gui_test_wait_until (wait_done, &wait);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

static void
test_write_refused (void)
{
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *empty_db = g_build_filename (dir, "empty.db", NULL);
  g_autoptr(MamoriRunResult) result = make_result ("テスト商事");
  const struct {
    MamoriExportKind  kind;
    gboolean          with_result;
    const char       *lang;
    const char       *db;
  } cases[] = {
    { MAMORI_EXPORT_PDF, FALSE, "ja", NULL },       /* no result */
    { MAMORI_EXPORT_CSV, FALSE, "en", NULL },
    { MAMORI_EXPORT_PDF, TRUE, "fr", NULL },        /* no such language */
    { MAMORI_EXPORT_PDF, TRUE, NULL, NULL },
#ifdef MAMORI_GUI_HAVE_STORE
    { MAMORI_EXPORT_HANDOUT, FALSE, "en", empty_db }, /* a database without runs */
#endif
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (write_sync (cases[i].kind, cases[i].with_result ? result : NULL,
                                  MAMORI_ORG_KIND_SME, cases[i].lang, cases[i].db, path, &error));
      g_assert_nonnull (error);
      g_test_message ("refused: %s", error->message);
      g_assert_cmpuint (strlen (error->message), >, 10);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  mamori_test_rmdir_recursive (dir);
}

static void
test_write_read_back (void)
{
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autoptr(MamoriRunResult) result = make_result ("テスト商事");
  const MamoriExportKind kinds[] = {
    MAMORI_EXPORT_JSON, MAMORI_EXPORT_CSV, MAMORI_EXPORT_HTML, MAMORI_EXPORT_PDF,
  };
  const char *langs[] = { "ja", "en" };

  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
      {
        g_autofree char *name = g_strdup_printf ("out-%s.%s", langs[l],
                                                 mamori_export_kind_extension (kinds[i]));
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autofree char *contents = NULL;
        g_autoptr(GError) error = NULL;
        gsize length;

        if (g_str_equal (langs[l], "ja") && g_str_has_prefix (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "", "en"))
          {
            /* LANGUAGE=en outranks any thread's locale in gettext: a Japanese report is
             * refused with the way out, rather than written in English. */
            g_assert_false (write_sync (kinds[i], result, MAMORI_ORG_KIND_SME, langs[l], NULL, path, &error));
            g_assert_nonnull (error);
            g_assert_nonnull (strstr (error->message, "Preferences"));
            g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
            continue;
          }
        /* Twice: the second write replaces the first. */
        for (guint round = 0; round < 2; round++)
          {
            g_assert_true (write_sync (kinds[i], result, MAMORI_ORG_KIND_SME, langs[l], NULL, path, &error));
            g_assert_no_error (error);
          }
        g_assert_true (g_file_get_contents (path, &contents, &length, &error));
        g_assert_no_error (error);
        switch (kinds[i])
          {
          case MAMORI_EXPORT_JSON:
            {
              g_autoptr(MamoriRunResult) back = mamori_report_load_data (contents, length, &error);

              g_assert_no_error (error);
              g_assert_cmpstr (back->profile->name, ==, "テスト商事");
              g_assert_cmpuint (back->findings->len, ==, result->findings->len);
            }
            break;
          case MAMORI_EXPORT_CSV:
            g_assert_true (length > 3 && memcmp (contents, "\xEF\xBB\xBF", 3) == 0);
            /* A header and one line a finding. */
            {
              guint lines = 0;

              for (gsize p = 0; p < length; p++)
                lines += contents[p] == '\n';
              g_assert_cmpuint (lines, ==, 1 + result->findings->len);
            }
            break;
          case MAMORI_EXPORT_HTML:
            g_assert_nonnull (strstr (contents, "テスト商事"));
            /* Self-contained: nothing fetched from elsewhere. */
            g_assert_null (strstr (contents, "src=\"http"));
            break;
          default:
            g_assert_true (g_str_has_prefix (contents, "%PDF-"));
            break;
          }
      }
  mamori_test_rmdir_recursive (dir);
}

/* The blank checklist: the questions of the organisation's kind, in the chosen language. */
static void
test_write_checklist (void)
{
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  gboolean english_only = g_str_has_prefix (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "", "en");
  const struct {
    MamoriOrgKind  org_kind;
    const char    *lang;
    const char    *title;
    const char    *audience;
  } cases[] = {
    { MAMORI_ORG_KIND_SME, "en", "Security checklist", "For small and medium businesses" },
    { MAMORI_ORG_KIND_MUNICIPALITY, "en", "Security checklist", "For municipalities" },
    { MAMORI_ORG_KIND_SME, "ja", "チェックリスト", "中小企業向け" },
    { MAMORI_ORG_KIND_MUNICIPALITY, "ja", "チェックリスト", "地方公共団体向け" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, "checklist.pdf", NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;

      /* LANGUAGE=en: Japanese is refused (see test_write_read_back). */
      if (english_only && g_str_equal (cases[i].lang, "ja"))
        continue;
      g_assert_true (write_sync (MAMORI_EXPORT_CHECKLIST, NULL, cases[i].org_kind, cases[i].lang,
                                 NULL, path, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
      g_assert_true (g_str_has_prefix (contents, "%PDF-"));
      if (pdftotext != NULL)
        {
          const char *argv[] = { pdftotext, "-enc", "UTF-8", path, "-", NULL };
          g_autofree char *text = NULL;
          int status;

          g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                       &text, NULL, &status, &error));
          g_assert_no_error (error);
          g_assert_nonnull (strstr (text, cases[i].title));
          g_assert_nonnull (strstr (text, cases[i].audience));
        }
    }
  mamori_test_rmdir_recursive (dir);
}

int
main (int   argc,
      char *argv[])
{
  mamori_gui_test_init (&argc, &argv);
  g_test_add_func ("/mamori/gui/export/kind/from-string", test_kind_from_string);
  g_test_add_func ("/mamori/gui/export/name/suggest", test_suggest_name);
  g_test_add_func ("/mamori/gui/export/dialog/responses", test_dialog);
  g_test_add_func ("/mamori/gui/export/write/refused", test_write_refused);
  g_test_add_func ("/mamori/gui/export/write/read-back", test_write_read_back);
  g_test_add_func ("/mamori/gui/export/write/checklist", test_write_checklist);
  return g_test_run ();
}
