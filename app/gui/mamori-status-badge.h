/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A finding's status as icon + colour + word, so that it never depends on colour alone. */
#pragma once

#include <gtk/gtk.h>

#include "mamori-finding.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_STATUS_BADGE (mamori_status_badge_get_type ())

G_DECLARE_FINAL_TYPE (MamoriStatusBadge, mamori_status_badge, MAMORI, STATUS_BADGE, GtkWidget)

GtkWidget    *mamori_status_badge_new        (MamoriStatus       status);
MamoriStatus  mamori_status_badge_get_status (MamoriStatusBadge *self);
void          mamori_status_badge_set_status (MamoriStatusBadge *self,
                                              MamoriStatus       status);
const char   *mamori_status_badge_get_text   (MamoriStatusBadge *self);
/* The icon name shown for a status (also used by the charts and the history list). */
const char   *mamori_status_icon_name        (MamoriStatus       status);
/* The style class that colours a status (defined in style.css). */
const char   *mamori_status_css_class        (MamoriStatus       status);

G_END_DECLS
