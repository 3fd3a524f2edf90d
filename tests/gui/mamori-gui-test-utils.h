/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers for the GUI tests: set-up under Xvfb, waiting on the main loop, screenshots. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef gboolean (*MamoriGuiTestCondition) (gpointer data);

/* Language and text domain as the app sets them, then gtk_test_init and adw_init. */
void      mamori_gui_test_init           (int                    *argc,
                                          char                 ***argv);
/* Runs the main context until cond(data) is TRUE (meson's test timeout guards hangs). */
void      mamori_gui_test_wait_until     (MamoriGuiTestCondition  cond,
                                          gpointer                data);
/* Dispatches whatever is pending, without blocking. */
void      mamori_gui_test_flush          (void);
/* Renders widget (usually a window, presented) to $MAMORI_SCREENSHOT_DIR/<name>-<lang>.png,
 * where lang is the first of g_get_language_names(). Returns the path written. */
char     *mamori_gui_test_screenshot     (GtkWidget              *widget,
                                          const char             *name);
/* The first descendant of root (depth first) of the given type whose accessible label or
 * GtkLabel/AdwPreferencesRow text contains needle; NULL when there is none. */
GtkWidget *mamori_gui_test_find_text     (GtkWidget              *root,
                                          const char             *needle);
/* The text of the clipboard of widget's display, read through the main loop. */
char     *mamori_gui_test_read_clipboard (GtkWidget              *widget);

G_END_DECLS
