/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-check-runner.h"
#include "mamori-domain-name.h"
#include "mamori-run-page.h"

#define N_FAMILIES (MAMORI_FAMILY_CLOUD + 1)

typedef struct {
  GtkWidget *row;
  GtkWidget *check;
  GtkWidget *progress;
  guint      n_checks;    /* checks of this family in the registry */
  guint      total;       /* jobs expected in this run */
  guint      done;
} FamilyRow;

struct _MamoriRunPage
{
  AdwBin               parent_instance;

  GSettings           *settings;
  MamoriCheckRegistry *registry;
  MamoriProfile       *profile;
  GCancellable        *cancellable;   /* non-NULL while a run is going */
  GDateTime           *started_at;
  gint64               started_usec;
  FamilyRow            families[N_FAMILIES];

  GtkWidget           *org_label;
  GtkWidget           *domains_label;
  GtkWidget           *families_group;
  GtkWidget           *status_label;
};

G_DEFINE_FINAL_TYPE (MamoriRunPage, mamori_run_page, ADW_TYPE_BIN)

enum {
  RUN_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (MamoriRunPage *self,
       const char    *text)
{
  GtkWidget *overlay;

  /* The window's win.toast; a page shown on its own (tests) uses the nearest overlay. */
  if (gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text))
    return;
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
set_status (MamoriRunPage *self,
            const char    *text)
{
  gtk_label_set_text (GTK_LABEL (self->status_label), text != NULL ? text : "");
  gtk_widget_set_visible (self->status_label, text != NULL);
}

static gboolean
any_family_chosen (MamoriRunPage *self)
{
  for (guint f = 0; f < N_FAMILIES; f++)
    {
      if (self->families[f].n_checks > 0 &&
          gtk_check_button_get_active (GTK_CHECK_BUTTON (self->families[f].check)))
        return TRUE;
    }
  return FALSE;
}

static void
update_actions (MamoriRunPage *self)
{
  gboolean running = self->cancellable != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.start",
                                 !running && self->profile != NULL && self->registry != NULL &&
                                 any_family_chosen (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.cancel", running);
  /* A family without checks is dimmed as a whole, so it does not look choosable. */
  for (guint f = 0; f < N_FAMILIES; f++)
    {
      gtk_widget_set_sensitive (self->families[f].row, self->families[f].n_checks > 0);
      gtk_widget_set_sensitive (self->families[f].check, !running && self->families[f].n_checks > 0);
    }
}

static void
update_family_rows (MamoriRunPage *self)
{
  g_auto(GStrv) chosen = g_settings_get_strv (self->settings, "families");

  for (guint f = 0; f < N_FAMILIES; f++)
    {
      FamilyRow *row = &self->families[f];
      g_autofree char *subtitle = NULL;

      row->n_checks = 0;
      if (self->registry != NULL)
        {
          GPtrArray *checks = mamori_check_registry_get_checks (self->registry);

          for (guint i = 0; i < checks->len; i++)
            {
              const MamoriCheckDescriptor *d = g_ptr_array_index (checks, i);

              if (d->family == (MamoriCheckFamily) f)
                row->n_checks++;
            }
        }
      if (row->n_checks > 0)
        subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u check", "%u checks",
                                                 row->n_checks), row->n_checks);
      else
        /* Honest about what this version can do: the family exists but has no checks yet. */
        subtitle = g_strdup (_("Not yet available in this version"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), subtitle);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (row->check),
                                   row->n_checks > 0 &&
                                   g_strv_contains ((const char * const *) chosen,
                                                    mamori_check_family_to_string (f)));
    }
  update_actions (self);
}

static void
family_toggled_cb (MamoriRunPage  *self,
                   GtkCheckButton *check)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new_null_terminated (N_FAMILIES, NULL, TRUE);
  g_auto(GStrv) before = g_settings_get_strv (self->settings, "families");

  /* Only a person's click changes the remembered choice; rows without checks keep it. */
  for (guint f = 0; f < N_FAMILIES; f++)
    {
      const char *name = mamori_check_family_to_string (f);

      if (self->families[f].n_checks == 0)
        {
          if (g_strv_contains ((const char * const *) before, name))
            g_ptr_array_add (chosen, (gpointer) name);
        }
      else if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->families[f].check)))
        {
          g_ptr_array_add (chosen, (gpointer) name);
        }
    }
  g_settings_set_strv (self->settings, "families", (const char * const *) chosen->pdata);
  update_actions (self);
}

static MamoriCheckOptions *
options_from_settings (MamoriRunPage *self)
{
  MamoriCheckOptions *options = mamori_check_options_new ();
  g_autofree char *resolver = g_settings_get_string (self->settings, "resolver");
  g_autofree char *anchor = g_settings_get_string (self->settings, "trust-anchor");
  g_autofree char *ripestat = g_settings_get_string (self->settings, "api-base-ripestat");
  g_autofree char *internetdb = g_settings_get_string (self->settings, "api-base-internetdb");

  g_strstrip (resolver);
  g_strstrip (anchor);
  if (*resolver != '\0')
    options->resolver = g_steal_pointer (&resolver);
  if (*anchor != '\0')
    options->trust_anchor_file = g_steal_pointer (&anchor);
  options->offline = g_settings_get_boolean (self->settings, "offline");
  if (*ripestat != '\0')
    mamori_check_options_set_api_base (options, "ripestat", ripestat);
  if (*internetdb != '\0')
    mamori_check_options_set_api_base (options, "internetdb", internetdb);
  return options;
}

static void
set_fraction (FamilyRow *row)
{
  g_autofree char *text = g_strdup_printf ("%u / %u", MIN (row->done, row->total), row->total);

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (row->progress),
                                 row->total > 0 ? MIN (1.0, (double) row->done / row->total) : 1.0);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (row->progress), text);
}

static void
progress_cb (const char *check_id,
             const char *subject,
             gboolean    finished,
             guint       n_done,
             guint       n_total,
             gpointer    user_data)
{
  MamoriRunPage *self = MAMORI_RUN_PAGE (user_data);
  const MamoriCheckDescriptor *d;
  FamilyRow *row;

  if (self->registry == NULL ||
      (d = mamori_check_registry_lookup (self->registry, check_id)) == NULL)
    return;
  row = &self->families[d->family];
  if (finished)
    {
      row->done++;
      row->total = MAX (row->total, row->done);
      set_fraction (row);
    }
  else
    {
      g_autofree char *subject_u = mamori_domain_name_to_unicode (subject != NULL ? subject : "");
      /* Translators: shown while a check runs: "<check title> — <domain>" */
      g_autofree char *text = g_strdup_printf (_("Checking: %s — %s"),
                                               mamori_check_descriptor_get_title (d), subject_u);

      set_status (self, text);
    }
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MamoriRunPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) findings = NULL;

  findings = mamori_check_runner_run_finish (MAMORI_CHECK_RUNNER (source), result, &error);
  g_clear_object (&self->cancellable);

  if (findings == NULL)
    {
      for (guint f = 0; f < N_FAMILIES; f++)
        gtk_widget_set_visible (self->families[f].progress, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* The run result is only handed on when complete, so nothing partial is kept. */
          set_status (self, _("The check was cancelled. Nothing was saved."));
          toast (self, _("Check cancelled"));
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("The check could not be carried out: %s"),
                                                   error->message);
          set_status (self, text);
          toast (self, text);
        }
    }
  else
    {
      g_autoptr(MamoriRunResult) run = NULL;

      for (guint f = 0; f < N_FAMILIES; f++)
        {
          FamilyRow *row = &self->families[f];

          if (gtk_widget_get_visible (row->progress))
            {
              row->done = row->total;
              set_fraction (row);
            }
        }
      run = mamori_run_result_new (self->profile, findings, self->started_at,
                                   (g_get_monotonic_time () - self->started_usec) / 1000);
      set_status (self, _("The check is complete."));
      g_signal_emit (self, signals[RUN_FINISHED], 0, run);
    }
  g_clear_pointer (&self->started_at, g_date_time_unref);
  update_actions (self);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  MamoriRunPage *self = MAMORI_RUN_PAGE (widget);
  g_autoptr(MamoriCheckOptions) options = NULL;
  g_autoptr(MamoriCheckRunner) runner = NULL;
  g_autoptr(GPtrArray) families = g_ptr_array_new_null_terminated (N_FAMILIES, NULL, TRUE);
  guint n_domains;

  /* Activating a disabled action is possible from code; make it a no-op. */
  if (self->cancellable != NULL || self->profile == NULL || self->registry == NULL ||
      !any_family_chosen (self))
    return;

  n_domains = self->profile->domains != NULL ? g_strv_length (self->profile->domains) : 0;
  for (guint f = 0; f < N_FAMILIES; f++)
    {
      FamilyRow *row = &self->families[f];
      gboolean chosen = row->n_checks > 0 &&
                        gtk_check_button_get_active (GTK_CHECK_BUTTON (row->check));
      GPtrArray *checks = mamori_check_registry_get_checks (self->registry);

      row->done = row->total = 0;
      gtk_widget_set_visible (row->progress, chosen);
      if (!chosen)
        continue;
      g_ptr_array_add (families, (gpointer) mamori_check_family_to_string (f));
      /* Expected jobs: one per domain for domain checks, one otherwise. */
      for (guint i = 0; i < checks->len; i++)
        {
          const MamoriCheckDescriptor *d = g_ptr_array_index (checks, i);

          if (d->family == (MamoriCheckFamily) f)
            row->total += (d->needs & MAMORI_CHECK_NEEDS_DOMAIN) ? MAX (n_domains, 1) : 1;
        }
      set_fraction (row);
    }

  options = options_from_settings (self);
  runner = mamori_check_runner_new (self->registry, options);
  mamori_check_runner_set_families (runner, (const char * const *) families->pdata);

  self->cancellable = g_cancellable_new ();
  self->started_at = g_date_time_new_now_utc ();
  self->started_usec = g_get_monotonic_time ();
  set_status (self, _("Starting the check…"));
  update_actions (self);

  mamori_check_runner_run_async (runner, self->profile, self->cancellable,
                                 progress_cb, g_object_ref (self), g_object_unref,
                                 run_done_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MamoriRunPage *self = MAMORI_RUN_PAGE (widget);

  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      set_status (self, _("Cancelling…"));
    }
}

static void
mamori_run_page_dispose (GObject *object)
{
  MamoriRunPage *self = MAMORI_RUN_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->registry);
  g_clear_pointer (&self->profile, mamori_profile_unref);
  G_OBJECT_CLASS (mamori_run_page_parent_class)->dispose (object);
}

static void
mamori_run_page_finalize (GObject *object)
{
  MamoriRunPage *self = MAMORI_RUN_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->started_at, g_date_time_unref);
  G_OBJECT_CLASS (mamori_run_page_parent_class)->finalize (object);
}

static void
mamori_run_page_class_init (MamoriRunPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mamori_run_page_dispose;
  object_class->finalize = mamori_run_page_finalize;

  /**
   * MamoriRunPage::run-finished:
   * @run: the complete run (MamoriRunResult), not yet stored or scored
   */
  signals[RUN_FINISHED] = g_signal_new ("run-finished", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, MAMORI_TYPE_RUN_RESULT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mamori_jp/Mamori/mamori-run-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriRunPage, org_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriRunPage, domains_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriRunPage, families_group);
  gtk_widget_class_bind_template_child (widget_class, MamoriRunPage, status_label);

  gtk_widget_class_install_action (widget_class, "run.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "run.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "run.cancel", NULL);
}

static void
mamori_run_page_init (MamoriRunPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);

  for (guint f = 0; f < N_FAMILIES; f++)
    {
      FamilyRow *row = &self->families[f];

      row->row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row),
                                     mamori_check_family_to_label (f));
      row->check = gtk_check_button_new ();
      gtk_widget_set_valign (row->check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row->row), row->check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row->row), row->check);
      row->progress = gtk_progress_bar_new ();
      gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (row->progress), TRUE);
      gtk_widget_set_valign (row->progress, GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (row->progress, 140, -1);
      gtk_widget_set_visible (row->progress, FALSE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->progress);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->families_group), row->row);
      g_signal_connect_object (row->check, "toggled", G_CALLBACK (family_toggled_cb), self,
                               G_CONNECT_SWAPPED);
    }
  update_family_rows (self);
}

GtkWidget *
mamori_run_page_new (void)
{
  return g_object_new (MAMORI_TYPE_RUN_PAGE, NULL);
}

void
mamori_run_page_set_registry (MamoriRunPage       *self,
                              MamoriCheckRegistry *registry)
{
  g_return_if_fail (MAMORI_IS_RUN_PAGE (self));

  if (g_set_object (&self->registry, registry))
    {
      /* Setting the checks programmatically must not rewrite the remembered choice. */
      for (guint f = 0; f < N_FAMILIES; f++)
        g_signal_handlers_block_by_func (self->families[f].check, family_toggled_cb, self);
      update_family_rows (self);
      for (guint f = 0; f < N_FAMILIES; f++)
        g_signal_handlers_unblock_by_func (self->families[f].check, family_toggled_cb, self);
    }
}

void
mamori_run_page_set_profile (MamoriRunPage *self,
                             MamoriProfile *profile)
{
  g_autoptr(GString) domains = g_string_new (NULL);

  g_return_if_fail (MAMORI_IS_RUN_PAGE (self));

  g_clear_pointer (&self->profile, mamori_profile_unref);
  if (profile != NULL)
    self->profile = mamori_profile_ref (profile);

  gtk_label_set_text (GTK_LABEL (self->org_label), profile != NULL ? profile->name : "");
  for (guint i = 0; profile != NULL && profile->domains[i] != NULL; i++)
    {
      g_autofree char *u = mamori_domain_name_to_unicode (profile->domains[i]);

      g_string_append_printf (domains, "%s%s", i > 0 ? "  " : "", u);
    }
  gtk_label_set_text (GTK_LABEL (self->domains_label), domains->str);
  set_status (self, NULL);
  for (guint f = 0; f < N_FAMILIES; f++)
    gtk_widget_set_visible (self->families[f].progress, FALSE);
  update_actions (self);
}

gboolean
mamori_run_page_get_running (MamoriRunPage *self)
{
  g_return_val_if_fail (MAMORI_IS_RUN_PAGE (self), FALSE);
  return self->cancellable != NULL;
}

double
mamori_run_page_get_family_fraction (MamoriRunPage *self,
                                     const char    *family)
{
  MamoriCheckFamily f;

  g_return_val_if_fail (MAMORI_IS_RUN_PAGE (self), 0);
  if (!mamori_check_family_from_string (family, &f))
    return 0;
  return gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (self->families[f].progress));
}

gboolean
mamori_run_page_get_family_available (MamoriRunPage *self,
                                      const char    *family)
{
  MamoriCheckFamily f;

  g_return_val_if_fail (MAMORI_IS_RUN_PAGE (self), FALSE);
  if (!mamori_check_family_from_string (family, &f))
    return FALSE;
  return self->families[f].n_checks > 0;
}
