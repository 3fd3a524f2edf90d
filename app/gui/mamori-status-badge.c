/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mamori-status-badge.h"

struct _MamoriStatusBadge
{
  GtkWidget     parent_instance;

  GtkWidget    *box;
  GtkWidget    *image;
  GtkWidget    *label;
  MamoriStatus  status;
};

G_DEFINE_FINAL_TYPE (MamoriStatusBadge, mamori_status_badge, GTK_TYPE_WIDGET)

static const struct {
  const char *icon;
  const char *css;
} status_styles[] = {
  [MAMORI_STATUS_PASS] = { "emblem-ok-symbolic", "status-pass" },
  [MAMORI_STATUS_WARN] = { "dialog-warning-symbolic", "status-warn" },
  [MAMORI_STATUS_FAIL] = { "dialog-error-symbolic", "status-fail" },
  [MAMORI_STATUS_INFO] = { "dialog-information-symbolic", "status-info" },
  [MAMORI_STATUS_ERROR] = { "dialog-question-symbolic", "status-error" },
  [MAMORI_STATUS_NOT_APPLICABLE] = { "action-unavailable-symbolic", "status-na" },
};

const char *
mamori_status_icon_name (MamoriStatus status)
{
  g_return_val_if_fail (status <= MAMORI_STATUS_NOT_APPLICABLE, NULL);
  return status_styles[status].icon;
}

const char *
mamori_status_css_class (MamoriStatus status)
{
  g_return_val_if_fail (status <= MAMORI_STATUS_NOT_APPLICABLE, NULL);
  return status_styles[status].css;
}

static void
mamori_status_badge_dispose (GObject *object)
{
  MamoriStatusBadge *self = MAMORI_STATUS_BADGE (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (mamori_status_badge_parent_class)->dispose (object);
}

static void
mamori_status_badge_class_init (MamoriStatusBadgeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mamori_status_badge_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statusbadge");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mamori_status_badge_init (MamoriStatusBadge *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  self->image = gtk_image_new ();
  self->label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->label, "heading");
  gtk_box_append (GTK_BOX (self->box), self->image);
  gtk_box_append (GTK_BOX (self->box), self->label);
  gtk_widget_set_halign (self->box, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  self->status = MAMORI_STATUS_NOT_APPLICABLE + 1;   /* forces the first update */
  mamori_status_badge_set_status (self, MAMORI_STATUS_INFO);
}

GtkWidget *
mamori_status_badge_new (MamoriStatus status)
{
  MamoriStatusBadge *self = g_object_new (MAMORI_TYPE_STATUS_BADGE, NULL);

  mamori_status_badge_set_status (self, status);
  return GTK_WIDGET (self);
}

MamoriStatus
mamori_status_badge_get_status (MamoriStatusBadge *self)
{
  g_return_val_if_fail (MAMORI_IS_STATUS_BADGE (self), MAMORI_STATUS_INFO);
  return self->status;
}

const char *
mamori_status_badge_get_text (MamoriStatusBadge *self)
{
  g_return_val_if_fail (MAMORI_IS_STATUS_BADGE (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->label));
}

void
mamori_status_badge_set_status (MamoriStatusBadge *self,
                                MamoriStatus       status)
{
  g_return_if_fail (MAMORI_IS_STATUS_BADGE (self));
  g_return_if_fail (status <= MAMORI_STATUS_NOT_APPLICABLE);

  if (self->status == status)
    return;
  if (self->status <= MAMORI_STATUS_NOT_APPLICABLE)
    gtk_widget_remove_css_class (GTK_WIDGET (self), status_styles[self->status].css);
  self->status = status;
  gtk_widget_add_css_class (GTK_WIDGET (self), status_styles[status].css);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->image), status_styles[status].icon);
  gtk_label_set_text (GTK_LABEL (self->label), mamori_status_to_label (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, mamori_status_to_label (status),
                                  -1);
}
