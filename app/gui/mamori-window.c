/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-catalog.h"
#include "mamori-history-page.h"
#include "mamori-onboarding-page.h"
#include "mamori-questionnaire-page.h"
#include "mamori-results-page.h"
#include "mamori-run-page.h"
#include "mamori-score.h"
#include "mamori-window.h"
#include "mamori-window-export.h"
#ifdef MAMORI_GUI_HAVE_STORE
#include "mamori-store.h"
#endif

struct _MamoriWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  MamoriCheckRegistry  *registry;
  MamoriCatalog        *catalog;         /* NULL when the catalogs could not be loaded */
  char                 *catalog_error;
#ifdef MAMORI_GUI_HAVE_STORE
  MamoriStore          *store;           /* NULL when the database could not be opened */
#endif
  char                 *store_error;
  MamoriProfile        *profile;
  gint64                org_id;          /* 0 when not stored */
  GHashTable           *answers;         /* question id → MamoriAnswer, of the current org */
  char                 *last_toast;

  GtkWidget            *toast_overlay;
  GtkWidget            *main_stack;
  GtkWidget            *onboarding_cancel_button;
  GtkWidget            *switcher_title;
  GtkWidget            *org_button;
  GtkWidget            *org_button_content;
  GtkWidget            *view_stack;
  GtkWidget            *onboarding_page;
  GtkWidget            *run_page;
  GtkWidget            *results_page;
  GtkWidget            *questionnaire_page;
  GtkWidget            *history_page;
};

G_DEFINE_FINAL_TYPE (MamoriWindow, mamori_window, ADW_TYPE_APPLICATION_WINDOW)

void
mamori_window_toast (MamoriWindow *self,
                     const char   *text)
{
  AdwToast *toast;

  g_return_if_fail (MAMORI_IS_WINDOW (self));

  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 5);
  /* The newest message replaces an older one instead of queueing behind it. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toast_overlay), toast);
}

static void
load_answers (MamoriWindow *self)
{
  g_clear_pointer (&self->answers, g_hash_table_unref);
  self->answers = mamori_answers_new ();
#ifdef MAMORI_GUI_HAVE_STORE
  if (self->store != NULL && self->org_id > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GHashTable) stored = mamori_store_get_answers (self->store, self->org_id, &error);
      GHashTableIter iter;
      gpointer key, value;

      if (stored == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Your earlier answers could not be read: %s"),
                                                   error->message);
          mamori_window_toast (self, text);
          return;
        }
      g_hash_table_iter_init (&iter, stored);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          MamoriStoreAnswer *a = value;
          MamoriAnswer answer;

          if (mamori_answer_from_string (a->answer, &answer))
            mamori_answers_set (self->answers, key, answer);
        }
    }
#endif
}

/* Lists the organisation's runs; with show_latest, also opens the newest in Results (so that
 * starting the app or switching organisation shows where it stood last time). */
static void
refresh_history (MamoriWindow *self,
                 gboolean      show_latest)
{
  MamoriHistoryPage *page = MAMORI_HISTORY_PAGE (self->history_page);

  mamori_history_page_clear (page);
#ifdef MAMORI_GUI_HAVE_STORE
  if (self->store != NULL && self->org_id > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) runs = mamori_store_list_runs (self->store, self->org_id, &error);

      if (runs == NULL)
        {
          mamori_history_page_set_error (page, error->message);
          return;
        }
      if (show_latest && runs->len > 0)
        {
          MamoriStoreRunSummary *newest = g_ptr_array_index (runs, 0);
          g_autoptr(MamoriRunResult) run = mamori_store_load_run (self->store, newest->id, NULL);

          /* A run that cannot be read is still listed; Results just stays empty. */
          if (run != NULL)
            mamori_results_page_set_result (MAMORI_RESULTS_PAGE (self->results_page),
                                            self->registry, self->catalog, run);
        }
      for (guint i = 0; i < runs->len; i++)
        {
          MamoriStoreRunSummary *run = g_ptr_array_index (runs, i);

          mamori_history_page_add_run (page, run->id, run->started_at,
                                       run->has_score ? run->overall : -1, run->counts);
        }
      return;
    }
#endif
  if (self->store_error != NULL)
    mamori_history_page_set_error (page, self->store_error);
}

static void
refresh_org_menu (MamoriWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) orgs = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();

#ifdef MAMORI_GUI_HAVE_STORE
  if (self->store != NULL)
    {
      g_autoptr(GPtrArray) list = mamori_store_list_orgs (self->store, NULL);

      for (guint i = 0; list != NULL && i < list->len; i++)
        {
          MamoriStoreOrg *org = g_ptr_array_index (list, i);
          g_autoptr(GMenuItem) item = g_menu_item_new (org->profile->name, NULL);

          g_menu_item_set_action_and_target_value (item, "win.switch-org",
                                                   g_variant_new_int64 (org->id));
          g_menu_append_item (orgs, item);
        }
    }
#endif
  g_menu_append_section (menu, _("Organisations"), G_MENU_MODEL (orgs));
  g_menu_append (actions, _("_New Organisation…"), "win.new-org");
  g_menu_append (actions, _("_Edit Organisation…"), "win.edit-org");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->org_button), G_MENU_MODEL (menu));
}

static void
set_profile (MamoriWindow  *self,
             MamoriProfile *profile,
             gint64         org_id)
{
  if (profile != self->profile)
    {
      g_clear_pointer (&self->profile, mamori_profile_unref);
      self->profile = profile != NULL ? mamori_profile_ref (profile) : NULL;
    }
  self->org_id = org_id;

  adw_button_content_set_label (ADW_BUTTON_CONTENT (self->org_button_content),
                                profile != NULL ? profile->name : "");
  adw_view_switcher_title_set_subtitle (ADW_VIEW_SWITCHER_TITLE (self->switcher_title),
                                        profile != NULL ? profile->name : "");
  if (profile != NULL)
    g_settings_set_string (self->settings, "current-org", profile->name);

  load_answers (self);
  mamori_run_page_set_profile (MAMORI_RUN_PAGE (self->run_page), profile);
  mamori_results_page_set_result (MAMORI_RESULTS_PAGE (self->results_page), self->registry,
                                  self->catalog, NULL);
  mamori_questionnaire_page_set_questions (MAMORI_QUESTIONNAIRE_PAGE (self->questionnaire_page),
                                           self->catalog,
                                           profile != NULL ? profile->kind : MAMORI_ORG_KIND_SME,
                                           self->answers);
  refresh_history (self, TRUE);
  refresh_org_menu (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-org", profile != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-onboarding", profile != NULL);
}

static void
show_onboarding (MamoriWindow  *self,
                 MamoriProfile *prefill)
{
  mamori_onboarding_page_set_profile (MAMORI_ONBOARDING_PAGE (self->onboarding_page), prefill);
  /* A first launch has nothing to go back to. */
  gtk_widget_set_visible (self->onboarding_cancel_button, self->profile != NULL);
  gtk_stack_set_visible_child_name (GTK_STACK (self->main_stack), "onboarding");
}

static void
onboarding_finished_cb (MamoriWindow         *self,
                        MamoriProfile        *profile,
                        MamoriOnboardingPage *page)
{
  gint64 org_id = 0;

#ifdef MAMORI_GUI_HAVE_STORE
  if (self->store != NULL)
    {
      g_autoptr(GError) error = NULL;
      gint64 existing = mamori_store_find_org (self->store, profile->name, &error);

      /* Editing keeps the organisation's runs even when its name changes. */
      if (existing == 0 && error == NULL && self->org_id > 0 &&
          g_object_get_data (G_OBJECT (page), "mamori-editing") != NULL)
        existing = self->org_id;
      if (error == NULL)
        {
          if (existing > 0 && mamori_store_update_org (self->store, existing, profile, &error))
            org_id = existing;
          else if (existing == 0)
            org_id = mamori_store_ensure_org (self->store, profile, &error);
        }
      if (error != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("The organisation could not be saved: %s"),
                                                   error->message);
          mamori_window_toast (self, text);
          org_id = 0;
        }
    }
#endif
  g_object_set_data (G_OBJECT (page), "mamori-editing", NULL);
  set_profile (self, profile, org_id);
  gtk_stack_set_visible_child_name (GTK_STACK (self->main_stack), "main");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (self->view_stack), "run");
}

static void
run_finished_cb (MamoriWindow    *self,
                 MamoriRunResult *run,
                 MamoriRunPage   *page)
{
  if (self->catalog != NULL)
    {
      g_autoptr(MamoriScore) score = NULL;
      g_autoptr(JsonNode) json = NULL;

      mamori_catalog_fill_guideline_refs (self->catalog, run->profile->kind, run->findings);
      score = mamori_score_compute (self->catalog, run->profile->kind, run->findings,
                                    self->answers);
      json = mamori_score_to_json (score);
      mamori_run_result_set_scores (run, mamori_score_get_catalog_version (score), json);
    }

#ifdef MAMORI_GUI_HAVE_STORE
  if (self->store != NULL && self->org_id > 0)
    {
      g_autoptr(GError) error = NULL;

      /* One transaction in the store: the run is either saved whole or not at all. */
      if (mamori_store_save_run (self->store, self->org_id, run, &error) == 0)
        {
          g_autofree char *text = g_strdup_printf (_("The result could not be saved: %s"),
                                                   error->message);
          mamori_window_toast (self, text);
        }
      refresh_history (self, FALSE);
    }
#endif

  mamori_results_page_set_result (MAMORI_RESULTS_PAGE (self->results_page), self->registry,
                                  self->catalog, run);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (self->view_stack), "results");
  mamori_window_toast (self, _("The check is complete"));
}

static void
answered_cb (MamoriWindow            *self,
             const char              *question_id,
             const char              *answer,
             MamoriQuestionnairePage *page)
{
#ifdef MAMORI_GUI_HAVE_STORE
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->org_id <= 0)
    return;
  if (!mamori_store_set_answer (self->store, self->org_id, question_id, answer, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The answer could not be saved: %s"),
                                               error->message);
      mamori_window_toast (self, text);
    }
#endif
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  mamori_window_toast (MAMORI_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  MamoriWindow *self = MAMORI_WINDOW (widget);

  if (self->profile == NULL)
    return;
  gtk_stack_set_visible_child_name (GTK_STACK (self->main_stack), "main");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (self->view_stack),
                                         g_variant_get_string (param, NULL));
}

static void
new_org_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  MamoriWindow *self = MAMORI_WINDOW (widget);

  if (mamori_run_page_get_running (MAMORI_RUN_PAGE (self->run_page)))
    {
      mamori_window_toast (self, _("Wait for the check to finish, or cancel it first"));
      return;
    }
  g_object_set_data (G_OBJECT (self->onboarding_page), "mamori-editing", NULL);
  show_onboarding (self, NULL);
}

static void
edit_org_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  MamoriWindow *self = MAMORI_WINDOW (widget);

  if (self->profile == NULL)
    return;
  if (mamori_run_page_get_running (MAMORI_RUN_PAGE (self->run_page)))
    {
      mamori_window_toast (self, _("Wait for the check to finish, or cancel it first"));
      return;
    }
  g_object_set_data (G_OBJECT (self->onboarding_page), "mamori-editing", GINT_TO_POINTER (1));
  show_onboarding (self, self->profile);
}

static void
cancel_onboarding_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  MamoriWindow *self = MAMORI_WINDOW (widget);

  if (self->profile != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (self->main_stack), "main");
}

static void
finish_onboarding_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  MamoriWindow *self = MAMORI_WINDOW (widget);

  /* The header bar's Continue: the form's own action, so both buttons behave the same. */
  gtk_widget_activate_action (self->onboarding_page, "onboarding.finish", NULL);
}

static void
switch_org_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
#ifdef MAMORI_GUI_HAVE_STORE
  MamoriWindow *self = MAMORI_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriStoreOrg) org = NULL;

  if (self->store == NULL)
    return;
  if (mamori_run_page_get_running (MAMORI_RUN_PAGE (self->run_page)))
    {
      mamori_window_toast (self, _("Wait for the check to finish, or cancel it first"));
      return;
    }
  org = mamori_store_get_org (self->store, g_variant_get_int64 (param), &error);
  if (org == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The organisation could not be opened: %s"),
                                               error->message);
      mamori_window_toast (self, text);
      return;
    }
  set_profile (self, org->profile, org->id);
  gtk_stack_set_visible_child_name (GTK_STACK (self->main_stack), "main");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (self->view_stack), "run");
#endif
}

static void
open_run_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
#ifdef MAMORI_GUI_HAVE_STORE
  MamoriWindow *self = MAMORI_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriRunResult) run = NULL;

  if (self->store == NULL)
    return;
  run = mamori_store_load_run (self->store, g_variant_get_int64 (param), &error);
  if (run == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The check could not be opened: %s"),
                                               error->message);
      mamori_window_toast (self, text);
      return;
    }
  mamori_results_page_set_result (MAMORI_RESULTS_PAGE (self->results_page), self->registry,
                                  self->catalog, run);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (self->view_stack), "results");
#endif
}

static void
open_store (MamoriWindow      *self,
            MamoriApplication *app)
{
#ifdef MAMORI_GUI_HAVE_STORE
  g_autoptr(GError) error = NULL;

  self->store = mamori_store_open (mamori_application_get_db_path (app), &error);
  if (self->store == NULL)
    self->store_error = g_strdup_printf (_("The database could not be opened, so results "
                                           "are not kept: %s"), error->message);
#else
  self->store_error = g_strdup (_("This build of Mamori keeps no history."));
#endif
}

static void
choose_first_org (MamoriWindow *self)
{
#ifdef MAMORI_GUI_HAVE_STORE
  g_autofree char *name = g_settings_get_string (self->settings, "current-org");
  g_autoptr(GPtrArray) orgs = NULL;
  MamoriStoreOrg *chosen = NULL;

  if (self->store == NULL || (orgs = mamori_store_list_orgs (self->store, NULL)) == NULL)
    return;
  for (guint i = 0; i < orgs->len; i++)
    {
      MamoriStoreOrg *org = g_ptr_array_index (orgs, i);

      if (chosen == NULL || g_str_equal (org->profile->name, name))
        chosen = org;
    }
  if (chosen != NULL)
    set_profile (self, chosen->profile, chosen->id);
#endif
}

static gboolean
mamori_window_close_request (GtkWindow *window)
{
  MamoriWindow *self = MAMORI_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  return GTK_WINDOW_CLASS (mamori_window_parent_class)->close_request (window);
}

static void
mamori_window_dispose (GObject *object)
{
  MamoriWindow *self = MAMORI_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->registry);
  g_clear_pointer (&self->catalog, mamori_catalog_unref);
#ifdef MAMORI_GUI_HAVE_STORE
  g_clear_object (&self->store);
#endif
  g_clear_pointer (&self->profile, mamori_profile_unref);
  g_clear_pointer (&self->answers, g_hash_table_unref);
  G_OBJECT_CLASS (mamori_window_parent_class)->dispose (object);
}

static void
mamori_window_finalize (GObject *object)
{
  MamoriWindow *self = MAMORI_WINDOW (object);

  g_clear_pointer (&self->catalog_error, g_free);
  g_clear_pointer (&self->store_error, g_free);
  g_clear_pointer (&self->last_toast, g_free);
  G_OBJECT_CLASS (mamori_window_parent_class)->finalize (object);
}

static void
mamori_window_class_init (MamoriWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mamori_window_dispose;
  object_class->finalize = mamori_window_finalize;
  window_class->close_request = mamori_window_close_request;

  g_type_ensure (MAMORI_TYPE_ONBOARDING_PAGE);
  g_type_ensure (MAMORI_TYPE_RUN_PAGE);
  g_type_ensure (MAMORI_TYPE_RESULTS_PAGE);
  g_type_ensure (MAMORI_TYPE_QUESTIONNAIRE_PAGE);
  g_type_ensure (MAMORI_TYPE_HISTORY_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mamori_jp/Mamori/mamori-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, onboarding_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, org_button);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, org_button_content);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, onboarding_page);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, run_page);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, results_page);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, questionnaire_page);
  gtk_widget_class_bind_template_child (widget_class, MamoriWindow, history_page);

  /* Pages report results of actions through this, without knowing the window. */
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.new-org", NULL, new_org_action);
  gtk_widget_class_install_action (widget_class, "win.edit-org", NULL, edit_org_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-onboarding", NULL,
                                   cancel_onboarding_action);
  gtk_widget_class_install_action (widget_class, "win.finish-onboarding", NULL,
                                   finish_onboarding_action);
  gtk_widget_class_install_action (widget_class, "win.switch-org", "x", switch_org_action);
  gtk_widget_class_install_action (widget_class, "win.open-run", "x", open_run_action);
  /* Export Report… (Ctrl+E), in export/mamori-window-export.c. */
  mamori_window_export_class_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-page", "s", "run");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-page", "s", "results");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK,
                                       "win.show-page", "s", "questions");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_ALT_MASK,
                                       "win.show-page", "s", "history");
}

static void
mamori_window_init (MamoriWindow *self)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_css_provider_load_from_resource (css, "/io/github/mamori_jp/Mamori/style.css");
  gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));

  g_signal_connect_object (self->onboarding_page, "finished",
                           G_CALLBACK (onboarding_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->run_page, "run-finished",
                           G_CALLBACK (run_finished_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->questionnaire_page, "answered",
                           G_CALLBACK (answered_cb), self, G_CONNECT_SWAPPED);
}

MamoriWindow *
mamori_window_new (MamoriApplication *application)
{
  MamoriWindow *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MAMORI_IS_APPLICATION (application), NULL);

  self = g_object_new (MAMORI_TYPE_WINDOW, "application", application, NULL);
  self->registry = g_object_ref (mamori_application_get_registry (application));
  mamori_run_page_set_registry (MAMORI_RUN_PAGE (self->run_page), self->registry);
  mamori_window_export_init (self, application);

  /* The catalogs are a few small JSON files; without them the app still checks, unscored. */
  self->catalog = mamori_catalog_load_default (&error);
  if (self->catalog == NULL)
    self->catalog_error = g_strdup (error->message);

  open_store (self, application);
  set_profile (self, NULL, 0);
  choose_first_org (self);
  if (self->profile == NULL)
    show_onboarding (self, NULL);
  else
    gtk_stack_set_visible_child_name (GTK_STACK (self->main_stack), "main");
#ifdef MAMORI_GUI_HAVE_STORE
  /* Without a database the app still checks; say once that nothing will be kept. */
  if (self->store_error != NULL)
    mamori_window_toast (self, self->store_error);
#endif
  return self;
}

MamoriProfile *
mamori_window_get_profile (MamoriWindow *self)
{
  g_return_val_if_fail (MAMORI_IS_WINDOW (self), NULL);
  return self->profile;
}

GtkWidget *
mamori_window_get_onboarding_page (MamoriWindow *self)
{
  g_return_val_if_fail (MAMORI_IS_WINDOW (self), NULL);
  return self->onboarding_page;
}

GtkWidget *
mamori_window_get_run_page (MamoriWindow *self)
{
  g_return_val_if_fail (MAMORI_IS_WINDOW (self), NULL);
  return self->run_page;
}

GtkWidget *
mamori_window_get_results_page (MamoriWindow *self)
{
  g_return_val_if_fail (MAMORI_IS_WINDOW (self), NULL);
  return self->results_page;
}

GtkWidget *
mamori_window_get_questionnaire_page (MamoriWindow *self)
{
  g_return_val_if_fail (MAMORI_IS_WINDOW (self), NULL);
  return self->questionnaire_page;
}

GtkWidget *
mamori_window_get_history_page (MamoriWindow *self)
{
  g_return_val_if_fail (MAMORI_IS_WINDOW (self), NULL);
  return self->history_page;
}

const char *
mamori_window_get_visible_page (MamoriWindow *self)
{
  const char *main;

  g_return_val_if_fail (MAMORI_IS_WINDOW (self), NULL);

  main = gtk_stack_get_visible_child_name (GTK_STACK (self->main_stack));
  if (g_strcmp0 (main, "onboarding") == 0)
    return main;
  return adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (self->view_stack));
}

const char *
mamori_window_get_last_toast (MamoriWindow *self)
{
  g_return_val_if_fail (MAMORI_IS_WINDOW (self), NULL);
  return self->last_toast;
}
