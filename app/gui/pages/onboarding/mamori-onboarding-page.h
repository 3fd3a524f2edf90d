/* SPDX-License-Identifier: GPL-3.0-or-later */
/* First launch (and "new organisation"): who the organisation is and what it owns. */
#pragma once

#include <adwaita.h>

#include "mamori-profile.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_ONBOARDING_PAGE (mamori_onboarding_page_get_type ())

G_DECLARE_FINAL_TYPE (MamoriOnboardingPage, mamori_onboarding_page, MAMORI, ONBOARDING_PAGE, AdwBin)

GtkWidget     *mamori_onboarding_page_new          (void);
/* Pre-fills the form (editing an organisation) or clears it (profile NULL). */
void           mamori_onboarding_page_set_profile  (MamoriOnboardingPage *self,
                                                    MamoriProfile        *profile);
/* The organisation the form describes, or NULL with error naming the field that is wrong. */
MamoriProfile *mamori_onboarding_page_get_profile  (MamoriOnboardingPage *self,
                                                    GError              **error);

/* For tests and the window: fill the fields as a person would type them. */
void           mamori_onboarding_page_fill         (MamoriOnboardingPage *self,
                                                    const char           *name,
                                                    MamoriOrgKind         kind,
                                                    const char           *domains,
                                                    const char           *selectors);
/* The inline error shown after a failed "finish", or NULL. */
const char    *mamori_onboarding_page_get_error    (MamoriOnboardingPage *self);

G_END_DECLS
