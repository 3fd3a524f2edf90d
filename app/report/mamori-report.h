/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reports made from a run result (PDF, HTML, CSV, JSON) and workshop handouts made from
 * several results. Text is rendered through gettext when the report is made, so the caller
 * picks the language by setting up the locale first (mamori_cli_setup_language() in the
 * CLI); `lang` only selects the language of texts that come from data files ("ja" or "en",
 * NULL: from the locale).
 *
 * Nothing here does I/O except mamori_report_write_file() and mamori_report_load_file().
 */
#pragma once

#include <glib.h>

#include "mamori-catalog.h"
#include "mamori-run-result.h"

G_BEGIN_DECLS

typedef enum {
  MAMORI_REPORT_FORMAT_PDF,
  MAMORI_REPORT_FORMAT_HTML,
  MAMORI_REPORT_FORMAT_CSV,
  MAMORI_REPORT_FORMAT_JSON,
} MamoriReportFormat;

gboolean    mamori_report_format_from_string (const char          *str,
                                              MamoriReportFormat  *format);
const char *mamori_report_format_to_string   (MamoriReportFormat   format);

/* Limits on untrusted results: bigger inputs are refused with an error, never truncated. */
#define MAMORI_REPORT_MAX_INPUT_BYTES   (64 * 1024 * 1024)
#define MAMORI_REPORT_MAX_FINDINGS      20000
#define MAMORI_REPORT_MAX_TEXT_BYTES    (64 * 1024)
/* Evidence is shown in the appendix up to this many bytes per finding. */
#define MAMORI_REPORT_EVIDENCE_BYTES    1500

/* Parses and validates a JSON result (the CLI.md shape) from untrusted bytes: every field
 * must have the documented type and bounded length; errors are MAMORI_ERROR_DATA and name
 * the field at fault. */
MamoriRunResult *mamori_report_load_data  (const char  *data,
                                           gsize        length,
                                           GError     **error);
MamoriRunResult *mamori_report_load_file  (const char  *path,
                                           GError     **error);

/* The whole report in memory. */
GBytes   *mamori_report_render       (MamoriRunResult     *result,
                                      MamoriReportFormat   format,
                                      const char          *lang,
                                      GError             **error);
/* Renders, then writes path atomically (a temporary file renamed into place): on error
 * nothing is left at path. */
gboolean  mamori_report_write_file   (MamoriRunResult     *result,
                                      MamoriReportFormat   format,
                                      const char          *lang,
                                      const char          *path,
                                      GError             **error);

/* Workshop handout: one PDF comparing results (MamoriRunResult*) of several organisations
 * without naming them: adoption of each check (facet) and the distribution of scores. */
GBytes   *mamori_report_render_handout (GPtrArray   *results,
                                        const char  *lang,
                                        GError     **error);

/* A printable blank checklist (PDF) of the questionnaire for an organisation kind: each
 * question with why it matters, boxes for the answers it offers and room for a note. */
GBytes   *mamori_report_render_checklist (MamoriCatalog *catalog,
                                          MamoriOrgKind  kind,
                                          const char    *lang,
                                          GError       **error);

/* Internal, shared by the renderers. */
GBytes   *mamori_report_render_pdf   (MamoriRunResult     *result,
                                      const char          *lang,
                                      GError             **error);
GBytes   *mamori_report_render_html  (MamoriRunResult     *result,
                                      const char          *lang);
GBytes   *mamori_report_render_csv   (MamoriRunResult     *result);
GBytes   *mamori_report_render_json  (MamoriRunResult     *result);

/* Appends one CSV field (RFC 4180 quoting, formulas neutralised) and "," or CRLF after it. */
void      mamori_report_csv_append_field (GString    *out,
                                          const char *value,
                                          gboolean    last);

G_END_DECLS
