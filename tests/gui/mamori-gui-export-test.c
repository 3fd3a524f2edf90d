/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export from the desktop app: the dialog (opened through win.export, as the menu, the
 * results page's button and Ctrl+E do), then reports written through the window's test hook
 * instead of the file chooser, checked with pdftotext and by their bytes. */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-gui-export-test.h"
#include "mamori-gui-test-utils.h"
#include "mamori-results-page.h"
#include "mamori-window-export.h"

typedef struct {
  MamoriExportKind  kind;
  const char       *lang;
  const char       *file;
} Export;

static gboolean
exports_done (gpointer data)
{
  return mamori_window_get_n_exports (MAMORI_WINDOW (data)) == 0;
}

static gboolean
ui_is_japanese (void)
{
  return g_str_has_prefix (g_get_language_names ()[0], "ja");
}

/* Writes one export through the hook and waits for its toast; returns the toast. */
static const char *
export_one (MamoriWindow *window,
            const Export *e,
            const char   *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  mamori_window_export_file (window, e->kind, e->lang, file);
  /* The write runs in a worker: the window keeps running meanwhile. */
  g_assert_cmpuint (mamori_window_get_n_exports (window), ==, 1);
  mamori_gui_test_wait_until (exports_done, window);
  g_test_message ("export %s/%s → %s", mamori_export_kind_extension (e->kind), e->lang,
                  mamori_window_get_last_toast (window));
  return mamori_window_get_last_toast (window);
}

static gboolean
chooser_has_file (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (data));

  return file != NULL;
}

static char *
pdf_text (const char *path)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", path, "-", NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_utf8_validate (out, -1, NULL));
  return g_steal_pointer (&out);
}

static void
check_dialog (MamoriWindow *window)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, "win.export");
  MamoriExportDialog *dialog;
  GtkWidget *results = mamori_window_get_results_page (window);

  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>e"));
  /* The results page's button is wired to the same action. */
  g_assert_nonnull (mamori_gui_test_find_text (results, ui_is_japanese () ? "レポートを書き出す"
                                                                          : "Export Report"));
  g_assert_null (mamori_window_get_export_dialog (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  dialog = mamori_window_get_export_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  /* The report's language follows the app's until the user picks the other one. */
  g_assert_cmpstr (mamori_export_dialog_get_lang (dialog), ==, ui_is_japanese () ? "ja" : "en");
  g_assert_cmpint (mamori_export_dialog_get_kind (dialog), ==, MAMORI_EXPORT_PDF);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "export"));
  g_free (mamori_gui_test_screenshot (GTK_WIDGET (dialog), "11-export-dialog"));

  mamori_export_dialog_set_kind (dialog, MAMORI_EXPORT_HANDOUT);
  mamori_export_dialog_set_lang (dialog, ui_is_japanese () ? "en" : "ja");
  g_assert_cmpint (mamori_export_dialog_get_kind (dialog), ==, MAMORI_EXPORT_HANDOUT);
  g_assert_cmpstr (mamori_export_dialog_get_lang (dialog), ==, ui_is_japanese () ? "en" : "ja");
  g_free (mamori_gui_test_screenshot (GTK_WIDGET (dialog), "11b-export-dialog-handout"));

  /* Activating the action again brings the same dialog forward instead of a second one. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  g_assert_true (mamori_window_get_export_dialog (window) == dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  mamori_gui_test_flush ();
  g_assert_null (mamori_window_get_export_dialog (window));
}

void
mamori_gui_test_export (MamoriWindow *window,
                        const char   *org_name,
                        const char   *dir)
{
  const char *ui_lang = ui_is_japanese () ? "ja" : "en";
  const Export ok[] = {
    { MAMORI_EXPORT_PDF, ui_lang, "report-ui.pdf" },
    { MAMORI_EXPORT_CSV, ui_lang, "report.csv" },
    { MAMORI_EXPORT_PDF, "en", "report-en.pdf" },
    { MAMORI_EXPORT_HTML, ui_lang, "report.html" },
    { MAMORI_EXPORT_JSON, ui_lang, "report.json" },
    { MAMORI_EXPORT_HANDOUT, ui_lang, "handout.pdf" },
    { MAMORI_EXPORT_CHECKLIST, ui_lang, "checklist.pdf" },
  };
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  gboolean have_pdftotext = pdftotext != NULL;

  g_assert_nonnull (mamori_results_page_get_result (MAMORI_RESULTS_PAGE (mamori_window_get_results_page (window))));
  check_dialog (window);

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      const Export *e = &ok[i];
      g_autofree char *path = g_build_filename (dir, e->file, NULL);
      g_autofree char *expected = g_strdup_printf (_("Saved “%s”"), e->file);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      g_assert_cmpstr (export_one (window, e, path), ==, expected);
      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (length, >, 100);

      switch (e->kind)
        {
        case MAMORI_EXPORT_CSV:
          /* The BOM, so that Japanese Excel reads UTF-8. */
          g_assert_true (memcmp (contents, "\xEF\xBB\xBF", 3) == 0);
          g_assert_nonnull (strstr (contents, "domain.dmarc"));
          g_assert_nonnull (strstr (contents, org_name));
          break;
        case MAMORI_EXPORT_HTML:
          g_assert_nonnull (strstr (contents, "<html"));
          g_assert_nonnull (strstr (contents, org_name));
          break;
        case MAMORI_EXPORT_JSON:
          g_assert_true (contents[0] == '{');
          g_assert_nonnull (strstr (contents, org_name));
          break;
        case MAMORI_EXPORT_PDF:
        case MAMORI_EXPORT_HANDOUT:
        case MAMORI_EXPORT_CHECKLIST:
          g_assert_true (g_str_has_prefix (contents, "%PDF-"));
          if (have_pdftotext)
            {
              g_autofree char *text = pdf_text (path);

              if (e->kind == MAMORI_EXPORT_CHECKLIST)
                {
                  /* Blank: the questions, with no organisation filled in. */
                  g_assert_null (strstr (text, org_name));
                  g_assert_nonnull (strstr (text, g_str_equal (e->lang, "ja") ? "チェックリスト"
                                                                             : "Security checklist"));
                }
              else if (e->kind == MAMORI_EXPORT_HANDOUT)
                {
                  /* Anonymous: no organisation is named. */
                  g_assert_null (strstr (text, org_name));
                  g_assert_nonnull (strstr (text, g_str_equal (e->lang, "ja") ? "勉強会資料"
                                                                             : "Mamori workshop handout"));
                }
              else if (g_str_equal (e->lang, "ja"))
                {
                  g_assert_nonnull (strstr (text, org_name));
                  g_assert_nonnull (strstr (text, "Mamori セキュリティ診断"));
                  g_assert_nonnull (strstr (text, "総合スコア"));
                }
              else
                {
                  /* English even when the window is Japanese: the worker's own locale. */
                  g_assert_nonnull (strstr (text, org_name));
                  g_assert_nonnull (strstr (text, "Mamori security check"));
                  g_assert_nonnull (strstr (text, "Overall score"));
                  g_assert_null (strstr (text, "セキュリティ診断"));
                }
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (!have_pdftotext)
    g_test_message ("pdftotext is not installed: the PDFs' text was not checked");

  /* The whole way a person goes: dialog → "Choose File…" → the chooser (GTK's own here: no
   * portal under the test) with a name offered → Save. */
  {
    MamoriRunResult *result = mamori_results_page_get_result (MAMORI_RESULTS_PAGE (mamori_window_get_results_page (window)));
    g_autofree char *offered = mamori_export_suggest_name (MAMORI_EXPORT_CSV, result);
    g_autofree char *name = NULL;
    g_autofree char *path = g_build_filename (dir, offered, NULL);
    g_autofree char *expected = g_strdup_printf (_("Saved “%s”"), offered);
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    g_autoptr(GError) error = NULL;
    MamoriExportDialog *dialog;
    GtkFileChooser *chooser;

    g_assert_true (g_str_has_prefix (offered, org_name));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
    dialog = mamori_window_get_export_dialog (window);
    g_assert_nonnull (dialog);
    mamori_export_dialog_set_kind (dialog, MAMORI_EXPORT_CSV);
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "export");
    chooser = mamori_window_get_export_chooser (window);
    g_assert_nonnull (chooser);
    name = gtk_file_chooser_get_current_name (chooser);
    g_assert_cmpstr (name, ==, offered);
    g_assert_true (gtk_file_chooser_set_current_folder (chooser, folder, &error));
    g_assert_no_error (error);
    /* GTK's chooser loads the folder on the main loop before it can name the file. */
    mamori_gui_test_wait_until (chooser_has_file, chooser);
    g_signal_emit_by_name (chooser, "response", GTK_RESPONSE_ACCEPT);
    g_assert_null (mamori_window_get_export_chooser (window));
    mamori_gui_test_wait_until (exports_done, window);
    g_assert_cmpstr (mamori_window_get_last_toast (window), ==, expected);
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    if (mamori_window_get_export_dialog (window) != NULL)
      gtk_window_destroy (GTK_WINDOW (mamori_window_get_export_dialog (window)));
  }

  /* Failures are toasts that say why, and leave no file behind. */
  {
    const Export bad = { MAMORI_EXPORT_PDF, ui_lang, "no-such-dir/report.pdf" };
    g_autofree char *path = g_build_filename (dir, bad.file, NULL);
    g_autofree char *prefix = g_strdup_printf (_("The report could not be saved: %s"), "");

    g_assert_true (g_str_has_prefix (export_one (window, &bad, path), prefix));
    g_assert_cmpuint (strlen (mamori_window_get_last_toast (window)), >, strlen (prefix));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
  if (!ui_is_japanese ())
    {
      /* LANGUAGE=en outranks any thread's locale in gettext: a Japanese report is refused
       * with the way out, rather than written in English under a Japanese name. */
      const Export ja = { MAMORI_EXPORT_PDF, "ja", "report-ja.pdf" };
      g_autofree char *path = g_build_filename (dir, ja.file, NULL);
      g_autofree char *prefix = g_strdup_printf (_("The report could not be saved: %s"), "");

      if (g_strcmp0 (g_getenv ("LANGUAGE"), "en") == 0)
        {
          g_assert_true (g_str_has_prefix (export_one (window, &ja, path), prefix));
          g_assert_nonnull (strstr (mamori_window_get_last_toast (window), "Preferences"));
          g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
        }
    }
}
