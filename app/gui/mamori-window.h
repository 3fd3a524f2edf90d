/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window: onboarding, then Check / Results / Questions / History for one organisation. */
#pragma once

#include <adwaita.h>

#include "mamori-application.h"
#include "mamori-profile.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_WINDOW (mamori_window_get_type ())

G_DECLARE_FINAL_TYPE (MamoriWindow, mamori_window, MAMORI, WINDOW, AdwApplicationWindow)

MamoriWindow  *mamori_window_new            (MamoriApplication *application);
void           mamori_window_toast          (MamoriWindow      *self,
                                             const char        *text);
/* The organisation being worked on, or NULL before onboarding. */
MamoriProfile *mamori_window_get_profile    (MamoriWindow      *self);

/* Test hooks: the pages as the window shows them, and where it is. */
GtkWidget     *mamori_window_get_onboarding_page    (MamoriWindow *self);
GtkWidget     *mamori_window_get_run_page           (MamoriWindow *self);
GtkWidget     *mamori_window_get_results_page       (MamoriWindow *self);
GtkWidget     *mamori_window_get_questionnaire_page (MamoriWindow *self);
GtkWidget     *mamori_window_get_history_page       (MamoriWindow *self);
/* "onboarding", or the name of the visible main page: run, results, questions, history. */
const char    *mamori_window_get_visible_page       (MamoriWindow *self);
/* The last message shown as a toast (NULL if none yet). */
const char    *mamori_window_get_last_toast         (MamoriWindow *self);

G_END_DECLS
