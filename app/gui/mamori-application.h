/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desktop application: app-wide actions, settings, the check registry and the store. */
#pragma once

#include <adwaita.h>

#include "mamori-check-registry.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_APPLICATION (mamori_application_get_type ())

G_DECLARE_FINAL_TYPE (MamoriApplication, mamori_application, MAMORI, APPLICATION, AdwApplication)

MamoriApplication   *mamori_application_new           (void);
MamoriCheckRegistry *mamori_application_get_registry  (MamoriApplication *self);
/* The database file given with --db or $MAMORI_DB; NULL means the store's default path. */
const char          *mamori_application_get_db_path   (MamoriApplication *self);
void                 mamori_application_set_db_path   (MamoriApplication *self,
                                                       const char        *path);

/* Applies the "language" setting (or lang, when not NULL) to gettext. Call before any
 * translated string is looked up. */
void                 mamori_application_setup_language (const char       *lang);

/* Marks the start of the process for the first-frame benchmark (call first thing in main). */
void                 mamori_application_mark_start     (void);

G_END_DECLS
