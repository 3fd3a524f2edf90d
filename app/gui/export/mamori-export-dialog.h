/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Export Report": which format and which language. The window asks for the file next. */
#pragma once

#include <adwaita.h>

#include "mamori-export.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_EXPORT_DIALOG (mamori_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MamoriExportDialog, mamori_export_dialog, MAMORI, EXPORT_DIALOG,
                      AdwMessageDialog)

/* has_result: whether there is a run to report on (otherwise only the handout and the
 * checklist can be exported, and the dialog says why). Responses: "cancel", "export". */
MamoriExportDialog *mamori_export_dialog_new       (GtkWindow          *parent,
                                                    gboolean            has_result);
MamoriExportKind    mamori_export_dialog_get_kind  (MamoriExportDialog *self);
void                mamori_export_dialog_set_kind  (MamoriExportDialog *self,
                                                    MamoriExportKind    kind);
/* "ja" or "en". */
const char         *mamori_export_dialog_get_lang  (MamoriExportDialog *self);
void                mamori_export_dialog_set_lang  (MamoriExportDialog *self,
                                                    const char         *lang);

G_END_DECLS
