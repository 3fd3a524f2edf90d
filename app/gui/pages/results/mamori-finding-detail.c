/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-domain-name.h"
#include "mamori-finding-detail.h"
#include "mamori-status-badge.h"

struct _MamoriFindingDetail
{
  AdwBin         parent_instance;

  MamoriFinding *finding;

  GtkWidget     *title_label;
  GtkWidget     *badge;
  GtkWidget     *subject_label;
  GtkWidget     *message_label;
  GtkWidget     *remediation_heading;
  GtkWidget     *remediation_label;
  GtkWidget     *record_box;
  GtkWidget     *record_label;
  GtkWidget     *evidence_expander;
  GtkWidget     *evidence_view;
};

G_DEFINE_FINAL_TYPE (MamoriFindingDetail, mamori_finding_detail, ADW_TYPE_BIN)

static void
copy_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MamoriFindingDetail *self = MAMORI_FINDING_DETAIL (widget);
  const char *record;
  GtkWidget *overlay;

  if (self->finding == NULL || (record = mamori_finding_get_record (self->finding)) == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), record);
  /* The window's win.toast; shown on its own (tests), the nearest overlay. */
  if (gtk_widget_activate_action (widget, "win.toast", "s", _("Record copied to the clipboard")))
    return;
  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay),
                                 adw_toast_new (_("Record copied to the clipboard")));
}

static void
mamori_finding_detail_dispose (GObject *object)
{
  MamoriFindingDetail *self = MAMORI_FINDING_DETAIL (object);

  g_clear_object (&self->finding);
  G_OBJECT_CLASS (mamori_finding_detail_parent_class)->dispose (object);
}

static void
mamori_finding_detail_class_init (MamoriFindingDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mamori_finding_detail_dispose;

  g_type_ensure (MAMORI_TYPE_STATUS_BADGE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mamori_jp/Mamori/mamori-finding-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriFindingDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriFindingDetail, badge);
  gtk_widget_class_bind_template_child (widget_class, MamoriFindingDetail, subject_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriFindingDetail, message_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriFindingDetail, remediation_heading);
  gtk_widget_class_bind_template_child (widget_class, MamoriFindingDetail, remediation_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriFindingDetail, record_box);
  gtk_widget_class_bind_template_child (widget_class, MamoriFindingDetail, record_label);
  gtk_widget_class_bind_template_child (widget_class, MamoriFindingDetail, evidence_expander);
  gtk_widget_class_bind_template_child (widget_class, MamoriFindingDetail, evidence_view);

  gtk_widget_class_install_action (widget_class, "detail.copy-record", NULL, copy_record_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "detail.copy-record", NULL);
}

static void
mamori_finding_detail_init (MamoriFindingDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.copy-record", FALSE);
}

GtkWidget *
mamori_finding_detail_new (void)
{
  return g_object_new (MAMORI_TYPE_FINDING_DETAIL, NULL);
}

void
mamori_finding_detail_set_finding (MamoriFindingDetail *self,
                                   MamoriCheckRegistry *registry,
                                   MamoriFinding       *finding)
{
  const MamoriCheckDescriptor *d = NULL;
  g_autofree char *message = NULL;
  g_autofree char *remediation = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *evidence = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *record;
  MamoriStatus status;

  g_return_if_fail (MAMORI_IS_FINDING_DETAIL (self));
  g_return_if_fail (MAMORI_IS_FINDING (finding));

  g_set_object (&self->finding, finding);
  status = mamori_finding_get_status (finding);

  if (registry != NULL)
    d = mamori_check_registry_lookup (registry, mamori_finding_get_check_id (finding));
  gtk_label_set_text (GTK_LABEL (self->title_label),
                      d != NULL ? mamori_check_descriptor_get_title (d)
                                : mamori_finding_get_check_id (finding));
  mamori_status_badge_set_status (MAMORI_STATUS_BADGE (self->badge), status);
  subject = mamori_domain_name_to_unicode (mamori_finding_get_subject (finding));
  gtk_label_set_text (GTK_LABEL (self->subject_label), subject);

  message = mamori_finding_render_message (finding);
  gtk_label_set_text (GTK_LABEL (self->message_label), message != NULL ? message : "");

  /* A passing finding's remediation would only be noise. */
  remediation = mamori_finding_render_remediation (finding);
  if (status == MAMORI_STATUS_PASS || status == MAMORI_STATUS_NOT_APPLICABLE ||
      remediation == NULL || *remediation == '\0')
    g_clear_pointer (&remediation, g_free);
  gtk_label_set_text (GTK_LABEL (self->remediation_label), remediation != NULL ? remediation : "");
  gtk_widget_set_visible (self->remediation_heading, remediation != NULL);
  gtk_widget_set_visible (self->remediation_label, remediation != NULL);

  record = mamori_finding_get_record (finding);
  gtk_label_set_text (GTK_LABEL (self->record_label), record != NULL ? record : "");
  gtk_widget_set_visible (self->record_box, record != NULL && status != MAMORI_STATUS_PASS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.copy-record", record != NULL);

  /* Evidence is untrusted text from DNS and HTTP answers: shown as JSON text, never markup. */
  node = json_node_init_object (json_node_alloc (), mamori_finding_get_evidence (finding));
  evidence = json_to_string (node, TRUE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->evidence_view)),
                            evidence, -1);
}

MamoriFinding *
mamori_finding_detail_get_finding (MamoriFindingDetail *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING_DETAIL (self), NULL);
  return self->finding;
}

char *
mamori_finding_detail_get_evidence_text (MamoriFindingDetail *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (MAMORI_IS_FINDING_DETAIL (self), NULL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->evidence_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
