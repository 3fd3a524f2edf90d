/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-export-dialog.h"
#include "mamori-report-model.h"

struct _MamoriExportDialog
{
  AdwMessageDialog  parent_instance;

  gboolean          has_result;

  GtkWidget        *kind_row;
  GtkWidget        *lang_row;
  GtkWidget        *note_label;
};

G_DEFINE_FINAL_TYPE (MamoriExportDialog, mamori_export_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The rows of lang_row, in order. */
static const char * const langs[] = { "ja", "en" };

/* What each kind is for, below the format (the order of MamoriExportKind). */
static const char * const kind_purposes[MAMORI_EXPORT_N_KINDS] = {
  N_("To print or to send by email"),
  N_("To open in a web browser, on any computer"),
  N_("To open in Excel: one row a finding"),
  N_("For other tools"),
  N_("All organisations, compared without names"),
  N_("The questions on paper, to answer by hand"),
};

static void
update_note (MamoriExportDialog *self)
{
  MamoriExportKind kind = mamori_export_dialog_get_kind (self);
  gboolean can_export = self->has_result || !MAMORI_EXPORT_KIND_NEEDS_RESULT (kind);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->kind_row), _(kind_purposes[kind]));
  gtk_label_set_text (GTK_LABEL (self->note_label),
                      can_export ? "" : _("There is no result to export yet: run a check "
                                          "first. The workshop handout and the checklist can still be made."));
  gtk_widget_set_visible (self->note_label, !can_export);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "export", can_export);
}

static void
mamori_export_dialog_class_init (MamoriExportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mamori_jp/Mamori/mamori-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriExportDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriExportDialog, lang_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriExportDialog, note_label);
}

static void
mamori_export_dialog_init (MamoriExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The report in the language the app is shown in, unless the user picks the other one. */
  mamori_export_dialog_set_lang (self, mamori_report_resolve_lang (NULL));
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (update_note), self,
                           G_CONNECT_SWAPPED);
}

MamoriExportDialog *
mamori_export_dialog_new (GtkWindow *parent,
                          gboolean   has_result)
{
  MamoriExportDialog *self = g_object_new (MAMORI_TYPE_EXPORT_DIALOG,
                                           "transient-for", parent,
                                           NULL);

  self->has_result = has_result;
  update_note (self);
  return self;
}

MamoriExportKind
mamori_export_dialog_get_kind (MamoriExportDialog *self)
{
  guint selected;

  g_return_val_if_fail (MAMORI_IS_EXPORT_DIALOG (self), MAMORI_EXPORT_PDF);

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row));
  return selected < MAMORI_EXPORT_N_KINDS ? (MamoriExportKind) selected : MAMORI_EXPORT_PDF;
}

void
mamori_export_dialog_set_kind (MamoriExportDialog *self,
                               MamoriExportKind    kind)
{
  g_return_if_fail (MAMORI_IS_EXPORT_DIALOG (self));
  g_return_if_fail ((guint) kind < MAMORI_EXPORT_N_KINDS);

  adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row), kind);
}

const char *
mamori_export_dialog_get_lang (MamoriExportDialog *self)
{
  guint selected;

  g_return_val_if_fail (MAMORI_IS_EXPORT_DIALOG (self), "ja");

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->lang_row));
  return selected < G_N_ELEMENTS (langs) ? langs[selected] : langs[0];
}

void
mamori_export_dialog_set_lang (MamoriExportDialog *self,
                               const char         *lang)
{
  g_return_if_fail (MAMORI_IS_EXPORT_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      if (g_strcmp0 (lang, langs[i]) == 0)
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->lang_row), i);
    }
}
