/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-results-page.h"
#include "mamori-window-export.h"

/* Kept on the window (g_object_set_data) so that MamoriWindow needs no export fields. */
typedef struct {
  GCancellable         *cancellable;  /* cancelled when the window goes away */
  guint                 n_running;
  MamoriExportDialog   *dialog;       /* weak */
  GtkFileChooserNative *chooser;
  MamoriExportKind      kind;         /* what the dialog chose, while the chooser is open */
  char                 *lang;
} ExportState;

#define STATE_KEY "mamori-export-state"

static void
export_state_free (ExportState *state)
{
  g_clear_object (&state->cancellable);
  if (state->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (state->dialog), (gpointer *) &state->dialog);
  if (state->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (state->chooser));
  g_clear_object (&state->chooser);
  g_free (state->lang);
  g_free (state);
}

static ExportState *
get_state (MamoriWindow *self)
{
  return g_object_get_data (G_OBJECT (self), STATE_KEY);
}

static MamoriRunResult *
shown_result (MamoriWindow *self)
{
  return mamori_results_page_get_result (MAMORI_RESULTS_PAGE (mamori_window_get_results_page (self)));
}

typedef struct {
  MamoriWindow *window;   /* strong, until the callback */
  GFile        *file;
} WriteCall;

static void
write_done_cb (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  WriteCall *call = user_data;
  ExportState *state = get_state (call->window);
  g_autoptr(GError) error = NULL;
  gboolean ok = mamori_export_write_finish (res, &error);

  /* A window that is gone shows no toast (its overlay is gone with it). */
  if (state != NULL && !g_cancellable_is_cancelled (state->cancellable))
    {
      g_autofree char *name = g_file_get_basename (call->file);
      g_autofree char *text = NULL;

      state->n_running--;
      if (ok)
        /* Translators: a toast after an export; %s is the file name */
        text = g_strdup_printf (_("Saved “%s”"), name);
      else
        /* Translators: a toast; %s says why (a sentence) */
        text = g_strdup_printf (_("The report could not be saved: %s"), error->message);
      mamori_window_toast (call->window, text);
    }
  g_object_unref (call->window);
  g_object_unref (call->file);
  g_free (call);
}

void
mamori_window_export_file (MamoriWindow     *self,
                           MamoriExportKind  kind,
                           const char       *lang,
                           GFile            *file)
{
  ExportState *state;
  WriteCall *call;
  GtkApplication *app;
  MamoriProfile *profile;

  g_return_if_fail (MAMORI_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  state = get_state (self);
  app = gtk_window_get_application (GTK_WINDOW (self));
  call = g_new0 (WriteCall, 1);
  call->window = g_object_ref (self);
  call->file = g_object_ref (file);
  state->n_running++;
  /* The checklist has the questions for the organisation being worked on. */
  profile = mamori_window_get_profile (self);
  mamori_export_write_async (kind, shown_result (self),
                             profile != NULL ? profile->kind : MAMORI_ORG_KIND_SME, lang,
                             app != NULL ? mamori_application_get_db_path (MAMORI_APPLICATION (app)) : NULL,
                             file, state->cancellable, write_done_cb, call);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     MamoriWindow    *self)
{
  ExportState *state = get_state (self);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        mamori_window_export_file (self, state->kind, state->lang, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&state->chooser);
}

static void
dialog_response_cb (MamoriExportDialog *dialog,
                    const char         *response,
                    MamoriWindow       *self)
{
  ExportState *state = get_state (self);
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *pattern = NULL;

  if (!g_str_equal (response, "export") || state->chooser != NULL)
    return;
  state->kind = mamori_export_dialog_get_kind (dialog);
  g_free (state->lang);
  state->lang = g_strdup (mamori_export_dialog_get_lang (dialog));

  /* GtkFileChooserNative goes through the file chooser portal under Flatpak: the app writes
   * only the file the user picked. */
  state->chooser = gtk_file_chooser_native_new (_("Export Report"), GTK_WINDOW (self),
                                                GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (state->chooser), TRUE);
  name = mamori_export_suggest_name (state->kind, shown_result (self));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (state->chooser), name);
  pattern = g_strdup_printf ("*.%s", mamori_export_kind_extension (state->kind));
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_set_name (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (state->chooser), filter);
  g_signal_connect_object (state->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (state->chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MamoriWindow *self = MAMORI_WINDOW (widget);
  ExportState *state = get_state (self);

  if (state->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (state->dialog));
      return;
    }
  state->dialog = mamori_export_dialog_new (GTK_WINDOW (self), shown_result (self) != NULL);
  g_object_add_weak_pointer (G_OBJECT (state->dialog), (gpointer *) &state->dialog);
  g_signal_connect_object (state->dialog, "response", G_CALLBACK (dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (state->dialog));
}

static void
window_destroy_cb (MamoriWindow *self)
{
  ExportState *state = get_state (self);

  /* Writes still running finish in their thread but say nothing to a closed window. */
  g_cancellable_cancel (state->cancellable);
  if (state->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (state->dialog));
}

void
mamori_window_export_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export", NULL);
}

void
mamori_window_export_init (MamoriWindow      *self,
                           MamoriApplication *application)
{
  /* Also through the application, so that menus show the shortcut next to the item. */
  static const char *accels[] = { "<Control>e", NULL };
  ExportState *state = g_new0 (ExportState, 1);

  state->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (self), STATE_KEY, state, (GDestroyNotify) export_state_free);
  g_signal_connect (self, "destroy", G_CALLBACK (window_destroy_cb), NULL);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.export", accels);
}

guint
mamori_window_get_n_exports (MamoriWindow *self)
{
  g_return_val_if_fail (MAMORI_IS_WINDOW (self), 0);
  return get_state (self)->n_running;
}

MamoriExportDialog *
mamori_window_get_export_dialog (MamoriWindow *self)
{
  g_return_val_if_fail (MAMORI_IS_WINDOW (self), NULL);
  return get_state (self)->dialog;
}

GtkFileChooser *
mamori_window_get_export_chooser (MamoriWindow *self)
{
  g_return_val_if_fail (MAMORI_IS_WINDOW (self), NULL);
  return (GtkFileChooser *) get_state (self)->chooser;
}
