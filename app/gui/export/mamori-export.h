/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing a report (or the workshop handout) from the desktop app, in a worker thread. */
#pragma once

#include <gio/gio.h>

#include "mamori-report.h"
#include "mamori-run-result.h"

G_BEGIN_DECLS

/* What the export dialog offers: the four report formats of a run, the handout that
 * compares the newest run of every organisation in the database, and the printable blank
 * checklist of the questionnaire. */
typedef enum {
  MAMORI_EXPORT_PDF,
  MAMORI_EXPORT_HTML,
  MAMORI_EXPORT_CSV,
  MAMORI_EXPORT_JSON,
  MAMORI_EXPORT_HANDOUT,
  MAMORI_EXPORT_CHECKLIST,
} MamoriExportKind;

#define MAMORI_EXPORT_N_KINDS (MAMORI_EXPORT_CHECKLIST + 1)

/* Whether kind reports on one run (the others are made without one). */
#define MAMORI_EXPORT_KIND_NEEDS_RESULT(kind) ((kind) <= MAMORI_EXPORT_JSON)

/* "pdf", "html", "csv", "json", "handout" or "checklist" (for test hooks and logs). */
gboolean    mamori_export_kind_from_string (const char        *str,
                                            MamoriExportKind  *kind);
/* The file name extension, without the dot. */
const char *mamori_export_kind_extension   (MamoriExportKind   kind);
/* A file name to offer: "<organisation>-<date>.<ext>", "mamori-handout-<date>.pdf" or
 * "mamori-checklist-<date>.pdf". */
char       *mamori_export_suggest_name     (MamoriExportKind   kind,
                                            MamoriRunResult   *result);

/* Renders in a worker thread and writes file (atomically for local files: on error nothing
 * is left at file). lang is "ja" or "en": report texts come out in that language whatever
 * the app is shown in, as far as gettext allows (see mamori-export.c). result is needed for
 * the four report formats; db_path (NULL: the store's default) only for the handout;
 * org_kind (whose questions) only for the checklist. */
void        mamori_export_write_async      (MamoriExportKind     kind,
                                            MamoriRunResult     *result,
                                            MamoriOrgKind        org_kind,
                                            const char          *lang,
                                            const char          *db_path,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    mamori_export_write_finish     (GAsyncResult        *res,
                                            GError             **error);

G_END_DECLS
