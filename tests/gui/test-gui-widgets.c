/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Widget-level tests of the desktop app: every template class once, then each page driven
 * through its actions with synthetic data (no network). */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mamori-check-registry.h"
#include "mamori-finding-detail.h"
#include "mamori-gui-test-utils.h"
#include "mamori-history-page.h"
#include "mamori-onboarding-page.h"
#include "mamori-preferences-window.h"
#include "mamori-questionnaire-page.h"
#include "mamori-results-page.h"
#include "mamori-run-page.h"
#include "mamori-score-chart.h"
#include "mamori-status-badge.h"
#include "mamori-window.h"

/* ---- every template class instantiates (template errors are fatal in init_template) ---- */

static void
test_templates_instantiate (void)
{
  GType types[] = {
    MAMORI_TYPE_ONBOARDING_PAGE,
    MAMORI_TYPE_RUN_PAGE,
    MAMORI_TYPE_RESULTS_PAGE,
    MAMORI_TYPE_FINDING_DETAIL,
    MAMORI_TYPE_QUESTIONNAIRE_PAGE,
    MAMORI_TYPE_HISTORY_PAGE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *widget = g_object_new (types[i], NULL);

      g_test_message ("instantiated %s", g_type_name (types[i]));
      g_object_ref_sink (widget);
      g_assert_true (gtk_widget_get_first_child (widget) != NULL);
      g_assert_finalize_object (widget);
    }
}

static void
test_templates_windows (void)
{
  GtkWidget *prefs = GTK_WIDGET (mamori_preferences_window_new ());
  GtkWidget *window = g_object_new (MAMORI_TYPE_WINDOW, NULL);

  g_assert_true (ADW_IS_PREFERENCES_WINDOW (prefs));
  g_assert_nonnull (mamori_window_get_run_page (MAMORI_WINDOW (window)));
  g_assert_true (MAMORI_IS_RESULTS_PAGE (mamori_window_get_results_page (MAMORI_WINDOW (window))));
  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- onboarding: validation table ---- */

typedef struct {
  const char    *name;
  MamoriOrgKind  kind;
  const char    *domains;
  const char    *selectors;
  gboolean       valid;
  const char    *error_part;     /* in the inline error when invalid */
  guint          n_domains;
  const char    *first_domain;
} OnboardingCase;

static const OnboardingCase onboarding_cases[] = {
  { "Example Trading", MAMORI_ORG_KIND_SME, "example.jp", "", TRUE, NULL, 1, "example.jp" },
  { "  spaced  ", MAMORI_ORG_KIND_MUNICIPALITY, "a.example, b.example、a.example", "s1 s2",
    TRUE, NULL, 2, "a.example" },
  { "例え市", MAMORI_ORG_KIND_MUNICIPALITY, "例え.jp", "", TRUE, NULL, 1, "xn--r8jz45g.jp" },
  { "", MAMORI_ORG_KIND_SME, "example.jp", "", FALSE, "name", 0, NULL },
  { "No Domain", MAMORI_ORG_KIND_SME, "   ", "", FALSE, "domain", 0, NULL },
  { "Bad Domain", MAMORI_ORG_KIND_SME, "example.jp bad..name", "", FALSE, "bad..name", 0, NULL },
  { "Bad Selector", MAMORI_ORG_KIND_SME, "example.jp", "sel<1>", FALSE, "sel<1>", 0, NULL },
};

static void
finished_cb (MamoriOnboardingPage *page,
             MamoriProfile        *profile,
             MamoriProfile       **out)
{
  g_assert_null (*out);
  *out = mamori_profile_ref (profile);
}

static void
test_onboarding_case (gconstpointer data)
{
  const OnboardingCase *c = data;
  GtkWidget *page = g_object_ref_sink (mamori_onboarding_page_new ());
  g_autoptr(MamoriProfile) profile = NULL;

  g_signal_connect (page, "finished", G_CALLBACK (finished_cb), &profile);
  mamori_onboarding_page_fill (MAMORI_ONBOARDING_PAGE (page), c->name, c->kind, c->domains,
                               c->selectors);
  gtk_widget_activate_action (page, "onboarding.finish", NULL);

  if (c->valid)
    {
      g_assert_nonnull (profile);
      {
      g_assert_null (mamori_onboarding_page_get_error (MAMORI_ONBOARDING_PAGE (page)));
      g_autofree char *expected = g_strstrip (g_strdup (c->name));

      g_assert_cmpstr (profile->name, ==, expected);
      g_assert_cmpint (profile->kind, ==, c->kind);
      g_assert_cmpuint (g_strv_length (profile->domains), ==, c->n_domains);
      g_assert_cmpstr (profile->domains[0], ==, c->first_domain);
      }
    }
  else
    {
      const char *error = mamori_onboarding_page_get_error (MAMORI_ONBOARDING_PAGE (page));

      g_assert_null (profile);
      g_assert_nonnull (error);
      if (!g_str_equal (c->error_part, "name") && !g_str_equal (c->error_part, "domain"))
        g_assert_nonnull (strstr (error, c->error_part));
    }
  g_assert_finalize_object (page);
}

/* ---- run page: families ---- */

static void
test_run_page_families (void)
{
  GtkWidget *page = g_object_ref_sink (mamori_run_page_new ());
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new_builtin ();
  g_autoptr(MamoriProfile) profile = mamori_profile_new ("Example", MAMORI_ORG_KIND_SME);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_auto(GStrv) families = NULL;

  mamori_run_page_set_registry (MAMORI_RUN_PAGE (page), registry);
  /* Only the domain family has checks in this version; the others say so. */
  g_assert_true (mamori_run_page_get_family_available (MAMORI_RUN_PAGE (page), "domain"));
  g_assert_false (mamori_run_page_get_family_available (MAMORI_RUN_PAGE (page), "router"));
  g_assert_false (mamori_run_page_get_family_available (MAMORI_RUN_PAGE (page), "bogus"));
  g_assert_nonnull (mamori_gui_test_find_text (page, _("Not yet available in this version")));

  /* No organisation yet: starting does nothing (the action is disabled, and a forced
   * activation is a no-op). */
  gtk_widget_activate_action (page, "run.start", NULL);
  g_assert_false (mamori_run_page_get_running (MAMORI_RUN_PAGE (page)));

  mamori_run_page_set_profile (MAMORI_RUN_PAGE (page), profile);
  g_assert_nonnull (mamori_gui_test_find_text (page, "Example"));
  families = g_settings_get_strv (settings, "families");
  g_assert_true (g_strv_contains ((const char * const *) families, "domain"));
  /* Cancel without a run is harmless. */
  gtk_widget_activate_action (page, "run.cancel", NULL);
  g_assert_false (mamori_run_page_get_running (MAMORI_RUN_PAGE (page)));
  g_assert_finalize_object (page);
}

/* ---- results page with synthetic findings ---- */

static MamoriRunResult *
make_result (gboolean with_scores)
{
  g_autoptr(MamoriProfile) profile = mamori_profile_new ("Example", MAMORI_ORG_KIND_SME);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 10, 0, 0);
  MamoriFinding *f;
  MamoriRunResult *run;

  mamori_profile_add_domain (profile, "example.jp");
  f = mamori_finding_new ("domain.dmarc", "example.jp", MAMORI_STATUS_FAIL, MAMORI_SEVERITY_HIGH);
  mamori_finding_set_message (f, "No DMARC record at {0}.", "_dmarc.example.jp", NULL);
  mamori_finding_set_remediation (f, "Publish this record: {0}",
                                  "_dmarc.example.jp. TXT \"v=DMARC1; p=none\"", NULL);
  mamori_finding_set_record (f, "_dmarc.example.jp. 3600 IN TXT \"v=DMARC1; p=none; rua=mailto:d@example.jp\"");
  mamori_finding_add_evidence_string (f, "query", "_dmarc.example.jp TXT <script>");
  g_ptr_array_add (findings, f);
  f = mamori_finding_new ("domain.dmarc", "example.jp", MAMORI_STATUS_PASS, MAMORI_SEVERITY_INFO);
  mamori_finding_set_facet (f, "syntax");
  mamori_finding_set_message (f, "Fine.", NULL);
  g_ptr_array_add (findings, f);
  f = mamori_finding_new ("domain.dmarc", "example.jp", MAMORI_STATUS_ERROR, MAMORI_SEVERITY_INFO);
  mamori_finding_set_message (f, "Timed out.", NULL);
  g_ptr_array_add (findings, f);

  {
    const char *fail_refs[] = { "doc-a-1", NULL };
    const char *pass_refs[] = { "doc-a-1", "doc-a-2", NULL };

    mamori_finding_set_guideline_refs (g_ptr_array_index (findings, 0), fail_refs);
    mamori_finding_set_guideline_refs (g_ptr_array_index (findings, 1), pass_refs);
  }
  run = mamori_run_result_new (profile, findings, now, 1200);
  if (with_scores)
    {
      g_autoptr(JsonNode) scores =
        json_from_string ("{\"overall\": 72.4, \"documents\": {"
                          "\"doc-a\": {\"score\": 50.0, \"decided\": 2, \"undecided\": 1},"
                          "\"doc-b\": {\"score\": null, \"decided\": 0, \"undecided\": 3}},"
                          "\"priorities\": [{\"item\": \"doc-a-1\", \"document\": \"doc-a\","
                          "\"title\": {\"ja\": \"DMARCを設定する\", \"en\": \"Set up DMARC\"},"
                          "\"weight\": 5, \"effort\": 1, \"status\": \"fail\"}]}", NULL);

      mamori_run_result_set_scores (run, "test+000000000000", scores);
    }
  return run;
}

static void
test_results_page_unscored (void)
{
  GtkWidget *page = g_object_ref_sink (mamori_results_page_new ());
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new_builtin ();
  g_autoptr(MamoriRunResult) run = make_result (FALSE);
  GPtrArray *rows;

  g_assert_cmpstr (mamori_results_page_get_visible_view (MAMORI_RESULTS_PAGE (page)), ==, "empty");
  mamori_results_page_set_result (MAMORI_RESULTS_PAGE (page), registry, NULL, run);
  g_assert_cmpstr (mamori_results_page_get_visible_view (MAMORI_RESULTS_PAGE (page)), ==, "list");

  rows = mamori_results_page_get_finding_rows (MAMORI_RESULTS_PAGE (page));
  g_assert_cmpuint (rows->len, ==, 3);
  /* Status is icon + colour + word: the badge carries the translated word. */
  {
    GtkWidget *badge = mamori_gui_test_find_text (g_ptr_array_index (rows, 0),
                                                  mamori_status_to_label (MAMORI_STATUS_FAIL));

    g_assert_nonnull (badge);
    g_assert_true (gtk_widget_has_css_class (gtk_widget_get_ancestor (badge, MAMORI_TYPE_STATUS_BADGE),
                                             "status-fail"));
  }
  /* Without scores: no chart, and the one failing finding leads "what to do first". */
  g_assert_cmpuint (mamori_score_chart_get_n_values (MAMORI_SCORE_CHART (mamori_results_page_get_chart (MAMORI_RESULTS_PAGE (page)))), ==, 0);
  g_assert_cmpuint (mamori_results_page_get_n_priorities (MAMORI_RESULTS_PAGE (page)), ==, 1);

  /* A new result replaces the old rows instead of adding to them. */
  mamori_results_page_set_result (MAMORI_RESULTS_PAGE (page), registry, NULL, run);
  g_assert_cmpuint (mamori_results_page_get_finding_rows (MAMORI_RESULTS_PAGE (page))->len, ==, 3);
  mamori_results_page_set_result (MAMORI_RESULTS_PAGE (page), registry, NULL, NULL);
  g_assert_cmpstr (mamori_results_page_get_visible_view (MAMORI_RESULTS_PAGE (page)), ==, "empty");
  g_assert_finalize_object (page);
}

static void
test_results_page_scored (void)
{
  GtkWidget *page = g_object_ref_sink (mamori_results_page_new ());
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new_builtin ();
  g_autoptr(MamoriRunResult) run = make_result (TRUE);
  MamoriScoreChart *chart;

  mamori_results_page_set_result (MAMORI_RESULTS_PAGE (page), registry, NULL, run);
  chart = MAMORI_SCORE_CHART (mamori_results_page_get_chart (MAMORI_RESULTS_PAGE (page)));
  g_assert_cmpstr (mamori_results_page_get_overall_text (MAMORI_RESULTS_PAGE (page)), ==, "72");
  /* Overall and doc-a; doc-b has nothing decided: no bar (never a 0), it is counted in text. */
  g_assert_cmpuint (mamori_score_chart_get_n_values (chart), ==, 2);
  g_assert_cmpfloat (mamori_score_chart_get_value (chart, 0), ==, 72.4);
  g_assert_cmpfloat (mamori_score_chart_get_value (chart, 1), ==, 50.0);
  g_assert_cmpstr (mamori_score_chart_get_label (chart, 1), ==, "doc-a");
  g_assert_cmpuint (mamori_results_page_get_n_priorities (MAMORI_RESULTS_PAGE (page)), ==, 1);
  {
    /* doc-a-1 is named by the failing finding's refs: its row opens that finding. */
    GtkWidget *row = mamori_results_page_get_priority_row (MAMORI_RESULTS_PAGE (page), 0);
    GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row));

    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==,
                     "results.show-finding");
    g_assert_nonnull (target);
    g_assert_cmpuint (g_variant_get_uint32 (target), ==, 0);
    g_assert_null (mamori_results_page_get_priority_row (MAMORI_RESULTS_PAGE (page), 1));
  }
  g_assert_finalize_object (page);
}

static void
test_results_page_detail (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *page = mamori_results_page_new ();
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new_builtin ();
  g_autoptr(MamoriRunResult) run = make_result (FALSE);
  MamoriFinding *fail = g_ptr_array_index (run->findings, 0);
  MamoriFindingDetail *detail;
  g_autofree char *evidence = NULL;
  g_autofree char *clip = NULL;

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), page);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_present (GTK_WINDOW (window));
  mamori_results_page_set_result (MAMORI_RESULTS_PAGE (page), registry, NULL, run);

  /* Out-of-range index: nothing happens. */
  gtk_widget_activate_action (page, "results.show-finding", "u", 99);
  g_assert_cmpstr (mamori_results_page_get_visible_view (MAMORI_RESULTS_PAGE (page)), ==, "list");

  gtk_widget_activate_action (page, "results.show-finding", "u", 0);
  g_assert_cmpstr (mamori_results_page_get_visible_view (MAMORI_RESULTS_PAGE (page)), ==, "detail");
  detail = MAMORI_FINDING_DETAIL (mamori_results_page_get_detail (MAMORI_RESULTS_PAGE (page)));
  g_assert_true (mamori_finding_detail_get_finding (detail) == fail);

  /* Evidence is pretty-printed JSON, with untrusted text kept as text. */
  evidence = mamori_finding_detail_get_evidence_text (detail);
  g_assert_nonnull (strstr (evidence, "\"query\" : \"_dmarc.example.jp TXT <script>\""));
  g_assert_nonnull (strstr (evidence, "\n"));

  /* The copy button puts the exact record on the clipboard. */
  gtk_widget_activate_action (GTK_WIDGET (detail), "detail.copy-record", NULL);
  clip = mamori_gui_test_read_clipboard (GTK_WIDGET (detail));
  g_assert_cmpstr (clip, ==, mamori_finding_get_record (fail));

  gtk_widget_activate_action (page, "results.back", NULL);
  g_assert_cmpstr (mamori_results_page_get_visible_view (MAMORI_RESULTS_PAGE (page)), ==, "list");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- history, chart, badge, preferences ---- */

static void
test_history_page (void)
{
  GtkWidget *page = g_object_ref_sink (mamori_history_page_new ());
  MamoriScoreChart *chart = MAMORI_SCORE_CHART (mamori_history_page_get_chart (MAMORI_HISTORY_PAGE (page)));
  g_autoptr(GDateTime) t1 = g_date_time_new_utc (2026, 11, 1, 9, 0, 0);
  g_autoptr(GDateTime) t2 = g_date_time_new_utc (2026, 11, 20, 9, 0, 0);
  const guint counts[6] = { 3, 1, 2, 0, 0, 0 };

  g_assert_cmpuint (mamori_history_page_get_n_runs (MAMORI_HISTORY_PAGE (page)), ==, 0);
  /* Newest first in, oldest first in the trend. */
  mamori_history_page_add_run (MAMORI_HISTORY_PAGE (page), 2, t2, 80.0, counts);
  mamori_history_page_add_run (MAMORI_HISTORY_PAGE (page), 1, t1, -1, counts);
  g_assert_cmpuint (mamori_history_page_get_n_runs (MAMORI_HISTORY_PAGE (page)), ==, 2);
  g_assert_cmpuint (mamori_score_chart_get_n_values (chart), ==, 2);
  g_assert_cmpfloat (mamori_score_chart_get_value (chart, 0), <, 0);
  g_assert_cmpfloat (mamori_score_chart_get_value (chart, 1), ==, 80.0);
  g_assert_cmpstr (mamori_score_chart_get_label (chart, 1), ==, "11/20");
  {
    /* Two runs on one day are told apart by their time. */
    g_autoptr(GDateTime) t3 = g_date_time_new_utc (2026, 11, 20, 11, 30, 0);
    g_autoptr(GDateTime) local = g_date_time_to_local (t3);
    g_autofree char *expected = g_date_time_format (local, "%H:%M");

    mamori_history_page_clear (MAMORI_HISTORY_PAGE (page));
    mamori_history_page_add_run (MAMORI_HISTORY_PAGE (page), 3, t3, 90.0, counts);
    mamori_history_page_add_run (MAMORI_HISTORY_PAGE (page), 2, t2, 80.0, counts);
    g_assert_cmpstr (mamori_score_chart_get_label (chart, 1), ==, expected);
  }

  mamori_history_page_set_error (MAMORI_HISTORY_PAGE (page), "disk <on> fire");
  g_assert_cmpuint (mamori_history_page_get_n_runs (MAMORI_HISTORY_PAGE (page)), ==, 0);
  g_assert_cmpuint (mamori_score_chart_get_n_values (chart), ==, 0);
  g_assert_finalize_object (page);
}

static void
test_score_chart_values (void)
{
  GtkWidget *chart = g_object_ref_sink (mamori_score_chart_new (MAMORI_SCORE_CHART_BARS));
  const struct { double in; double out; } cases[] = {
    { 0, 0 }, { 42.5, 42.5 }, { 100, 100 }, { 250, 100 }, { -3, -3 }, { NAN, -1 },
  };

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      mamori_score_chart_add (MAMORI_SCORE_CHART (chart), "x", cases[i].in);
      if (isnan (cases[i].out))
        g_assert_cmpfloat (mamori_score_chart_get_value (MAMORI_SCORE_CHART (chart), i), <, 0);
      else
        g_assert_cmpfloat (mamori_score_chart_get_value (MAMORI_SCORE_CHART (chart), i), ==,
                           cases[i].out);
    }
  mamori_score_chart_set_kind (MAMORI_SCORE_CHART (chart), MAMORI_SCORE_CHART_TREND);
  g_assert_cmpint (mamori_score_chart_get_kind (MAMORI_SCORE_CHART (chart)), ==,
                   MAMORI_SCORE_CHART_TREND);
  mamori_score_chart_clear (MAMORI_SCORE_CHART (chart));
  g_assert_cmpuint (mamori_score_chart_get_n_values (MAMORI_SCORE_CHART (chart)), ==, 0);
  g_assert_finalize_object (chart);
}

static void
test_status_badge (void)
{
  for (MamoriStatus s = MAMORI_STATUS_PASS; s <= MAMORI_STATUS_NOT_APPLICABLE; s++)
    {
      GtkWidget *badge = g_object_ref_sink (mamori_status_badge_new (s));

      /* Never colour alone: a word and an icon for every status, each different. */
      g_assert_cmpstr (mamori_status_badge_get_text (MAMORI_STATUS_BADGE (badge)), ==,
                       mamori_status_to_label (s));
      g_assert_true (gtk_widget_has_css_class (badge, mamori_status_css_class (s)));
      for (MamoriStatus t = MAMORI_STATUS_PASS; t < s; t++)
        g_assert_cmpstr (mamori_status_icon_name (s), !=, mamori_status_icon_name (t));
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                           mamori_status_to_label (s));
      g_assert_finalize_object (badge);
    }
}

static void
test_preferences_bind (void)
{
  MamoriPreferencesWindow *prefs = mamori_preferences_window_new ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *resolver = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                                   MAMORI_TYPE_PREFERENCES_WINDOW,
                                                                   "resolver_row"));
  GtkWidget *language = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (prefs),
                                                                   MAMORI_TYPE_PREFERENCES_WINDOW,
                                                                   "language_row"));
  g_autofree char *value = NULL;
  g_autofree char *lang = NULL;

  gtk_editable_set_text (GTK_EDITABLE (resolver), "127.0.0.1:5353");
  value = g_settings_get_string (settings, "resolver");
  g_assert_cmpstr (value, ==, "127.0.0.1:5353");
  adw_combo_row_set_selected (ADW_COMBO_ROW (language), 2);
  lang = g_settings_get_string (settings, "language");
  g_assert_cmpstr (lang, ==, "en");
  g_settings_set_string (settings, "language", "ja");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (language)), ==, 1);

  g_settings_reset (settings, "resolver");
  g_settings_reset (settings, "language");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int   argc,
      char *argv[])
{
  mamori_gui_test_init (&argc, &argv);

  g_test_add_func ("/mamori/gui/templates/instantiate", test_templates_instantiate);
  g_test_add_func ("/mamori/gui/templates/windows", test_templates_windows);
  for (guint i = 0; i < G_N_ELEMENTS (onboarding_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mamori/gui/onboarding/validate/%u", i);

      g_test_add_data_func (path, &onboarding_cases[i], test_onboarding_case);
    }
  g_test_add_func ("/mamori/gui/run-page/families", test_run_page_families);
  g_test_add_func ("/mamori/gui/results-page/unscored", test_results_page_unscored);
  g_test_add_func ("/mamori/gui/results-page/scored", test_results_page_scored);
  g_test_add_func ("/mamori/gui/results-page/detail", test_results_page_detail);
  g_test_add_func ("/mamori/gui/history-page/runs", test_history_page);
  g_test_add_func ("/mamori/gui/score-chart/values", test_score_chart_values);
  g_test_add_func ("/mamori/gui/status-badge/all", test_status_badge);
  g_test_add_func ("/mamori/gui/preferences/bind", test_preferences_bind);

  return g_test_run ();
}
