/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing a report (or the workshop handout) from the desktop app, in a worker thread. */
#pragma once

#include <gio/gio.h>

#include "mamori-report.h"
#include "mamori-run-result.h"

G_BEGIN_DECLS

/* What the export dialog offers: the four report formats of a run, and the handout that
 * compares the newest run of every organisation in the database. */
typedef enum {
  MAMORI_EXPORT_PDF,
  MAMORI_EXPORT_HTML,
  MAMORI_EXPORT_CSV,
  MAMORI_EXPORT_JSON,
  MAMORI_EXPORT_HANDOUT,
} MamoriExportKind;

#define MAMORI_EXPORT_N_KINDS (MAMORI_EXPORT_HANDOUT + 1)

/* "pdf", "html", "csv", "json" or "handout" (for test hooks and logs). */
gboolean    mamori_export_kind_from_string (const char        *str,
                                            MamoriExportKind  *kind);
/* The file name extension, without the dot. */
const char *mamori_export_kind_extension   (MamoriExportKind   kind);
/* A file name to offer: "<organisation>-<date>.<ext>" or "mamori-handout-<date>.pdf". */
char       *mamori_export_suggest_name     (MamoriExportKind   kind,
                                            MamoriRunResult   *result);

/* Renders in a worker thread and writes file (atomically for local files: on error nothing
 * is left at file). lang is "ja" or "en": report texts come out in that language whatever
 * the app is shown in, as far as gettext allows (see mamori-export.c). result is needed for
 * every kind but the handout; db_path (NULL: the store's default) only for the handout. */
void        mamori_export_write_async      (MamoriExportKind     kind,
                                            MamoriRunResult     *result,
                                            const char          *lang,
                                            const char          *db_path,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mamori_export_write_finish     (GAsyncResult        *res,
                                            GError             **error);

G_END_DECLS
