/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End to end: the real app (GApplication run with --db on a temporary database) against the
 * DNS lab. The test fills the onboarding through the app's actions, runs the domain checks on
 * a lab zone, confirms that a DMARC finding (and, with the catalogs installed, a score)
 * appears, cancels a second run, and saves screenshots of every page.
 *
 * Run inside tests/lab/dns-lab.py (MAMORI_LAB_RESOLVER, MAMORI_LAB_TRUST_ANCHOR). */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mamori-application.h"
#include "mamori-check-registry.h"
#include "mamori-data-dir.h"
#include "mamori-finding-detail.h"
#include "mamori-gui-export-test.h"
#include "mamori-gui-test-utils.h"
#include "mamori-history-page.h"
#include "mamori-onboarding-page.h"
#include "mamori-preferences-window.h"
#include "mamori-questionnaire-page.h"
#include "mamori-results-page.h"
#include "mamori-run-page.h"
#include "mamori-score-chart.h"
#include "mamori-test-utils.h"
#include "mamori-window.h"
#ifdef MAMORI_GUI_HAVE_STORE
#include "mamori-store.h"
#endif

#define LAB_DOMAIN "dmarc-none.test"

typedef struct {
  char *dir;
  char *db;
} Fixture;

static gboolean
run_done (gpointer data)
{
  return !mamori_run_page_get_running (MAMORI_RUN_PAGE (data));
}

static gboolean
catalogs_installed (void)
{
  g_autofree char *dir = mamori_data_dir_get_file ("catalog");
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_has_suffix (name, ".json") && !g_str_equal (name, "schema.json"))
        return TRUE;
    }
  return FALSE;
}

/* The first descendant of root of the given type inside a widget of type parent_type. */
static GtkWidget *
find_type (GtkWidget *root,
           GType      type,
           GType      parent_type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          gtk_widget_get_ancestor (child, parent_type) != NULL)
        return child;
      if ((found = find_type (child, type, parent_type)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
revealer_done (gpointer data)
{
  return gtk_revealer_get_child_revealed (GTK_REVEALER (data));
}

static void
shot (GtkWidget  *window,
      const char *name)
{
  g_autofree char *path = mamori_gui_test_screenshot (window, name);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
scenario (MamoriWindow *window,
          Fixture      *fixture)
{
  GtkWidget *w = GTK_WIDGET (window);
  MamoriOnboardingPage *onboarding = MAMORI_ONBOARDING_PAGE (mamori_window_get_onboarding_page (window));
  MamoriRunPage *run_page = MAMORI_RUN_PAGE (mamori_window_get_run_page (window));
  MamoriResultsPage *results = MAMORI_RESULTS_PAGE (mamori_window_get_results_page (window));
  MamoriRunResult *result;
  MamoriFinding *dmarc = NULL;
  guint dmarc_index = 0;
  guint result_len;
  GPtrArray *rows;

  /* First launch with an empty database: the onboarding. */
  g_assert_cmpstr (mamori_window_get_visible_page (window), ==, "onboarding");
  g_assert_null (mamori_window_get_profile (window));
  shot (w, "01-onboarding-empty");

  /* A wrong domain is explained inline and nothing moves on. */
  mamori_onboarding_page_fill (onboarding, "テスト商事", MAMORI_ORG_KIND_SME, "not a domain!", "");
  gtk_widget_activate_action (GTK_WIDGET (onboarding), "onboarding.finish", NULL);
  g_assert_nonnull (mamori_onboarding_page_get_error (onboarding));
  g_assert_cmpstr (mamori_window_get_visible_page (window), ==, "onboarding");
  shot (w, "02-onboarding-error");

  mamori_onboarding_page_fill (onboarding, "テスト商事", MAMORI_ORG_KIND_SME, LAB_DOMAIN, "");
  /* The header bar's Continue button. */
  gtk_widget_activate_action (w, "win.finish-onboarding", NULL);
  g_assert_cmpstr (mamori_window_get_visible_page (window), ==, "run");
  g_assert_cmpstr (mamori_window_get_profile (window)->name, ==, "テスト商事");
  shot (w, "03-run-ready");

  /* The run: progress arrives on the main loop, the window stays responsive. */
  gtk_widget_activate_action (GTK_WIDGET (run_page), "run.start", NULL);
  g_assert_true (mamori_run_page_get_running (run_page));
  mamori_gui_test_wait_until (run_done, run_page);
  g_assert_cmpfloat (mamori_run_page_get_family_fraction (run_page, "domain"), ==, 1.0);
  g_assert_cmpstr (mamori_window_get_visible_page (window), ==, "results");
  g_assert_cmpstr (mamori_results_page_get_visible_view (results), ==, "list");

  result = mamori_results_page_get_result (results);
  g_assert_nonnull (result);
  result_len = result->findings->len;
  for (guint i = 0; i < result->findings->len; i++)
    {
      MamoriFinding *f = g_ptr_array_index (result->findings, i);

      g_test_message ("finding %s %s %s", mamori_finding_get_check_id (f),
                      mamori_status_to_string (mamori_finding_get_status (f)),
                      mamori_finding_get_facet (f) ? mamori_finding_get_facet (f) : "");
      if (dmarc == NULL && g_str_equal (mamori_finding_get_check_id (f), "domain.dmarc") &&
          mamori_finding_get_status (f) == MAMORI_STATUS_WARN)
        {
          dmarc = f;
          dmarc_index = i;
        }
    }
  /* p=none is monitoring only: the DMARC check warns about it. */
  g_assert_nonnull (dmarc);
  g_assert_cmpstr (mamori_finding_get_subject (dmarc), ==, LAB_DOMAIN);
  rows = mamori_results_page_get_finding_rows (results);
  g_assert_cmpuint (rows->len, ==, result->findings->len);
  {
    g_autofree char *message = mamori_finding_render_message (dmarc);

    g_assert_cmpstr (adw_action_row_get_subtitle (g_ptr_array_index (rows, dmarc_index)), ==,
                     message);
  }

  if (catalogs_installed ())
    {
      MamoriScoreChart *chart = MAMORI_SCORE_CHART (mamori_results_page_get_chart (results));

      g_assert_nonnull (result->scores);
      g_assert_cmpuint (mamori_score_chart_get_n_values (chart), >=, 2);
      /* The first thing to do opens the finding behind it (with the record to publish). */
      g_assert_cmpuint (mamori_results_page_get_n_priorities (results), >, 0);
      g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (mamori_results_page_get_priority_row (results, 0))),
                       ==, "results.show-finding");
      g_test_message ("overall score shown: %s", mamori_results_page_get_overall_text (results));
    }
  else
    {
      g_test_message ("no guideline catalogs in %s: the run is shown unscored",
                      mamori_data_dir_get ());
      g_assert_null (result->scores);
    }
  shot (w, "04-results");
  {
    /* The findings, further down the same page. */
    GtkWidget *scroller = gtk_widget_get_ancestor (g_ptr_array_index (rows, 0),
                                                   GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    shot (w, "04b-results-findings");
    gtk_adjustment_set_value (adj, 0);
  }

  /* The detail, with the record to publish. */
  gtk_widget_activate_action (GTK_WIDGET (results), "results.show-finding", "u", dmarc_index);
  g_assert_cmpstr (mamori_results_page_get_visible_view (results), ==, "detail");
  if (mamori_finding_get_record (dmarc) != NULL)
    {
      GtkWidget *detail = mamori_results_page_get_detail (results);
      g_autofree char *clip = NULL;

      gtk_widget_activate_action (detail, "detail.copy-record", NULL);
      clip = mamori_gui_test_read_clipboard (detail);
      g_assert_cmpstr (clip, ==, mamori_finding_get_record (dmarc));
      g_assert_cmpstr (mamori_window_get_last_toast (window), ==,
                       _("Record copied to the clipboard"));
    }
  gtk_expander_set_expanded (GTK_EXPANDER (gtk_widget_get_template_child (mamori_results_page_get_detail (results),
                                                                        MAMORI_TYPE_FINDING_DETAIL,
                                                                        "evidence_expander")),
                             TRUE);
  shot (w, "05-detail");
  gtk_widget_activate_action (GTK_WIDGET (results), "results.back", NULL);

#ifdef MAMORI_GUI_HAVE_STORE
  {
    MamoriHistoryPage *history = MAMORI_HISTORY_PAGE (mamori_window_get_history_page (window));
    g_autoptr(MamoriStore) store = NULL;
    g_autoptr(GPtrArray) runs = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (mamori_history_page_get_n_runs (history), ==, 1);
    gtk_widget_activate_action (w, "win.show-page", "s", "history");
    g_assert_cmpstr (mamori_window_get_visible_page (window), ==, "history");
    shot (w, "06-history");

    /* A cancelled run leaves nothing behind: still one run, in the window and the file. */
    gtk_widget_activate_action (w, "win.show-page", "s", "run");
    gtk_widget_activate_action (GTK_WIDGET (run_page), "run.start", NULL);
    g_assert_true (mamori_run_page_get_running (run_page));
    gtk_widget_activate_action (GTK_WIDGET (run_page), "run.cancel", NULL);
    mamori_gui_test_wait_until (run_done, run_page);
    g_assert_cmpstr (mamori_window_get_visible_page (window), ==, "run");
    g_assert_cmpuint (mamori_history_page_get_n_runs (history), ==, 1);
    store = mamori_store_open (fixture->db, &error);
    g_assert_no_error (error);
    runs = mamori_store_list_runs (store, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (runs->len, ==, 1);
    shot (w, "07-run-cancelled");

    /* A second complete run: two points in the trend. */
    gtk_widget_activate_action (GTK_WIDGET (run_page), "run.start", NULL);
    mamori_gui_test_wait_until (run_done, run_page);
    g_assert_cmpuint (mamori_history_page_get_n_runs (history), ==, 2);
    g_assert_cmpuint (mamori_score_chart_get_n_values (MAMORI_SCORE_CHART (mamori_history_page_get_chart (history))), ==, 2);
    gtk_widget_activate_action (w, "win.show-page", "s", "history");
    shot (w, "06b-history-two-runs");

    /* A consultant adds a second organisation, then switches back to the first. */
    {
      gint64 first_id = mamori_store_find_org (store, "テスト商事", &error);

      g_assert_no_error (error);
      g_assert_cmpint (first_id, >, 0);
      gtk_widget_activate_action (w, "win.new-org", NULL);
      g_assert_cmpstr (mamori_window_get_visible_page (window), ==, "onboarding");
      mamori_onboarding_page_fill (onboarding, "例え市", MAMORI_ORG_KIND_MUNICIPALITY,
                                   "xn--r8jz45g.test", "");
      gtk_widget_activate_action (GTK_WIDGET (onboarding), "onboarding.finish", NULL);
      g_assert_cmpstr (mamori_window_get_profile (window)->name, ==, "例え市");
      g_assert_cmpint (mamori_window_get_profile (window)->kind, ==, MAMORI_ORG_KIND_MUNICIPALITY);
      g_assert_cmpuint (mamori_history_page_get_n_runs (history), ==, 0);
      g_assert_cmpstr (mamori_results_page_get_visible_view (results), ==, "empty");

      gtk_widget_activate_action (w, "win.switch-org", "x", first_id);
      g_assert_cmpstr (mamori_window_get_profile (window)->name, ==, "テスト商事");
      g_assert_cmpuint (mamori_history_page_get_n_runs (history), ==, 2);
      /* Back to its newest result, re-read from the database. */
      g_assert_cmpstr (mamori_results_page_get_visible_view (results), ==, "list");
      g_assert_cmpuint (mamori_results_page_get_result (results)->findings->len, ==,
                        result_len);

      /* Editing keeps the organisation (and its runs) and starts from what is stored. */
      gtk_widget_activate_action (w, "win.edit-org", NULL);
      g_assert_cmpstr (mamori_window_get_visible_page (window), ==, "onboarding");
      {
        g_autoptr(MamoriProfile) shown = mamori_onboarding_page_get_profile (onboarding, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (shown->domains[0], ==, LAB_DOMAIN);
      }
      mamori_onboarding_page_fill (onboarding, "テスト商事", MAMORI_ORG_KIND_SME,
                                   LAB_DOMAIN " dmarc-reject.test", "selector1");
      gtk_widget_activate_action (w, "win.finish-onboarding", NULL);
      g_assert_cmpuint (g_strv_length (mamori_window_get_profile (window)->domains), ==, 2);
      g_assert_cmpint (mamori_store_find_org (store, "テスト商事", NULL), ==, first_id);
      g_assert_cmpuint (mamori_history_page_get_n_runs (history), ==, 2);
    }
  }
#endif

  {
    MamoriQuestionnairePage *questions =
      MAMORI_QUESTIONNAIRE_PAGE (mamori_window_get_questionnaire_page (window));

    gtk_widget_activate_action (w, "win.show-page", "s", "questions");
    g_assert_cmpstr (mamori_window_get_visible_page (window), ==, "questions");
    if (mamori_questionnaire_page_get_n_questions (questions) > 0)
      {
        const char *qid = mamori_questionnaire_page_get_question_id (questions, 0);

        g_assert_true (mamori_questionnaire_page_answer (questions, qid, MAMORI_ANSWER_UNKNOWN));
#ifdef MAMORI_GUI_HAVE_STORE
        {
          g_autoptr(MamoriStore) store = mamori_store_open (fixture->db, NULL);
          g_autoptr(GHashTable) answers = NULL;
          MamoriStoreAnswer *a;

          g_assert_nonnull (store);
          answers = mamori_store_get_answers (store, mamori_store_find_org (store, "テスト商事", NULL),
                                              NULL);
          g_assert_nonnull (answers);
          a = g_hash_table_lookup (answers, qid);
          g_assert_nonnull (a);
          g_assert_cmpstr (a->answer, ==, "unknown");
        }
#endif
      }
    shot (w, "08-questions");
  }

  /* A small screen: the view switcher moves to the bottom, text wraps, nothing is cut. */
  gtk_widget_activate_action (w, "win.show-page", "s", "results");
  gtk_widget_activate_action (GTK_WIDGET (results), "results.back", NULL);
  /* GTK 4.8's revealer misallocates the switcher bar when it is revealed with animations
   * off, so this one transition runs animated, and the test waits for its end state. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", TRUE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 760);
  {
    GtkWidget *revealer = find_type (w, GTK_TYPE_REVEALER, ADW_TYPE_VIEW_SWITCHER_BAR);

    g_assert_nonnull (revealer);
    mamori_gui_test_wait_until (revealer_done, revealer);
  }
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  shot (w, "10-results-narrow");
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);

  {
    MamoriPreferencesWindow *prefs = mamori_preferences_window_new ();

    gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (window));
    gtk_window_present (GTK_WINDOW (prefs));
    shot (GTK_WIDGET (prefs), "09-preferences");
    gtk_window_destroy (GTK_WINDOW (prefs));
  }

  /* Export Report…: the dialog, then each format written through the window's hook. */
  {
    g_autofree char *exports = g_build_filename (fixture->dir, "exports", NULL);

    g_assert_cmpint (g_mkdir (exports, 0700), ==, 0);
    mamori_gui_test_export (window, "テスト商事", exports);
  }
}

static void
activate_cb (GApplication *app,
             Fixture      *fixture)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (MAMORI_IS_WINDOW (window));
  scenario (MAMORI_WINDOW (window), fixture);
  /* Close the window the way a person would; the app quits when it has none left. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

static void
test_e2e_lab (void)
{
  g_autoptr(MamoriApplication) app = mamori_application_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(MamoriCheckOptions) lab = mamori_test_lab_options ();
  g_autofree char *db_arg = NULL;
  Fixture fixture;
  int status;

  fixture.dir = mamori_test_mkdtemp ();
  fixture.db = g_build_filename (fixture.dir, "mamori.db", NULL);
  db_arg = g_strconcat ("--db=", fixture.db, NULL);

  /* The lab's resolver and trust anchor reach the app as its settings would. */
  g_settings_set_string (settings, "resolver", lab->resolver);
  g_settings_set_string (settings, "trust-anchor", lab->trust_anchor_file);
  g_settings_set_boolean (settings, "offline", TRUE);

  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), &fixture);
  {
    char *argv[] = { (char *) "mamori", db_arg, NULL };

    status = g_application_run (G_APPLICATION (app), 2, argv);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (mamori_application_get_db_path (app), ==, fixture.db);
#ifdef MAMORI_GUI_HAVE_STORE
  g_assert_true (g_file_test (fixture.db, G_FILE_TEST_IS_REGULAR));
#endif

  mamori_test_rmdir_recursive (fixture.dir);
  g_free (fixture.dir);
  g_free (fixture.db);
}

int
main (int   argc,
      char *argv[])
{
  mamori_gui_test_init (&argc, &argv);
  g_test_add_func ("/mamori/gui/e2e/lab", test_e2e_lab);
  return g_test_run ();
}
