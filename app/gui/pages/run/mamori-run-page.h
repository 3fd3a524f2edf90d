/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Choosing the check families, starting a run, per-family progress and cancelling. */
#pragma once

#include <adwaita.h>

#include "mamori-check-registry.h"
#include "mamori-profile.h"
#include "mamori-run-result.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_RUN_PAGE (mamori_run_page_get_type ())

G_DECLARE_FINAL_TYPE (MamoriRunPage, mamori_run_page, MAMORI, RUN_PAGE, AdwBin)

GtkWidget *mamori_run_page_new            (void);
/* What to check with: set before a run (the window does this when the organisation changes). */
void       mamori_run_page_set_registry   (MamoriRunPage       *self,
                                           MamoriCheckRegistry *registry);
void       mamori_run_page_set_profile    (MamoriRunPage       *self,
                                           MamoriProfile       *profile);
gboolean   mamori_run_page_get_running    (MamoriRunPage       *self);
/* Progress of one family, 0–1 (for tests). */
double     mamori_run_page_get_family_fraction (MamoriRunPage  *self,
                                                const char     *family);
/* Whether the family's row can be chosen (it has checks in the registry). */
gboolean   mamori_run_page_get_family_available (MamoriRunPage *self,
                                                 const char    *family);

G_END_DECLS
