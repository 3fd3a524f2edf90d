/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preferences: resolver, trust anchor, offline mode, outside-service URLs, language. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MAMORI_TYPE_PREFERENCES_WINDOW (mamori_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (MamoriPreferencesWindow, mamori_preferences_window, MAMORI, PREFERENCES_WINDOW, AdwPreferencesWindow)

MamoriPreferencesWindow *mamori_preferences_window_new (void);

G_END_DECLS
