/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's "Export Report…" (win.export, Ctrl+E): the export dialog, the file chooser
 * (a portal in Flatpak, which gives the app no other access to the user's files), the write
 * in a worker thread, and a toast with the outcome. */
#pragma once

#include "mamori-export-dialog.h"
#include "mamori-window.h"

G_BEGIN_DECLS

/* Called by MamoriWindow: installs win.export in its class_init, and sets up a new window. */
void                mamori_window_export_class_init  (GtkWidgetClass    *widget_class);
void                mamori_window_export_init        (MamoriWindow      *self,
                                                      MamoriApplication *application);

/* What the file chooser's "Save" does: writes the shown result (or the handout) to file in a
 * worker thread; a toast says how it went. Also the test hook that skips the chooser. */
void                mamori_window_export_file        (MamoriWindow      *self,
                                                      MamoriExportKind   kind,
                                                      const char        *lang,
                                                      GFile             *file);
/* Test hooks: exports still being written, and the open export dialog (NULL if none). */
guint               mamori_window_get_n_exports      (MamoriWindow      *self);
MamoriExportDialog *mamori_window_get_export_dialog  (MamoriWindow      *self);
/* Test hook: the file chooser the dialog opened (NULL if none). */
GtkFileChooser     *mamori_window_get_export_chooser (MamoriWindow      *self);

G_END_DECLS
