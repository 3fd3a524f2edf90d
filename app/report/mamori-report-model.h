/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a report shows, computed once from a run result so that the PDF and the HTML
 * renderers say exactly the same things. Private to app/report. */
#pragma once

#include <glib.h>

#include "mamori-run-result.h"

G_BEGIN_DECLS

typedef enum {
  MAMORI_REPORT_SHAPE_CIRCLE_CHECK,   /* pass */
  MAMORI_REPORT_SHAPE_TRIANGLE,       /* warn */
  MAMORI_REPORT_SHAPE_CROSS,          /* fail */
  MAMORI_REPORT_SHAPE_INFO,           /* info */
  MAMORI_REPORT_SHAPE_QUESTION,       /* error: could not be checked */
  MAMORI_REPORT_SHAPE_DASH,           /* not applicable */
} MamoriReportShape;

typedef struct {
  MamoriStatus    status;
  MamoriSeverity  severity;
  char           *check_id;
  char           *check_title;      /* translated, or the id */
  char           *facet;            /* may be NULL */
  char           *subject;          /* Unicode form of domain names */
  char           *message;
  char           *remediation;      /* NULL when there is nothing to do */
  char           *record;           /* NULL or the exact record to publish */
  char           *refs;             /* "a, b, c" or NULL */
  char           *evidence;         /* pretty JSON, cut at MAMORI_REPORT_EVIDENCE_BYTES; or NULL */
} MamoriReportFinding;

typedef struct {
  char    *id;
  char    *title;
  double   score;                   /* 0–100, negative: no score */
  gint64   decided;
  gint64   undecided;
} MamoriReportDocument;

typedef struct {
  char    *title;
  char    *detail;                  /* "weight 5 · effort 1 · partly done" … */
  gboolean failing;                 /* fail (TRUE) or partial (FALSE) */
} MamoriReportPriority;

typedef struct {
  char      *label;                 /* "ドメイン" … */
  GPtrArray *findings;              /* MamoriReportFinding*, borrowed from the model */
} MamoriReportFamily;

typedef struct {
  char      *organisation;
  char      *domains;               /* ", "-joined Unicode names, or NULL */
  char      *date;                  /* YYYY-MM-DD HH:MM (local time) */
  char      *mamori_version;
  char      *catalog_version;       /* NULL when not scored */
  gboolean   scored;
  double     overall;               /* meaningful when scored and >= 0 */
  gboolean   priorities_from_scores; /* FALSE: the list is the worst findings instead */
  guint      counts[6];
  GPtrArray *findings;              /* MamoriReportFinding*, owned */
  GPtrArray *documents;             /* MamoriReportDocument*, owned */
  GPtrArray *priorities;            /* MamoriReportPriority*, owned */
  GPtrArray *families;              /* MamoriReportFamily*, owned */
} MamoriReportModel;

MamoriReportModel *mamori_report_model_new  (MamoriRunResult   *result,
                                             const char        *lang);
void               mamori_report_model_free (MamoriReportModel *model);

/* "ja" or "en". */
const char        *mamori_report_resolve_lang   (const char  *lang);
MamoriReportShape  mamori_report_status_shape   (MamoriStatus status);
/* "#rrggbb", chosen for contrast on white; never the only carrier of meaning. */
const char        *mamori_report_status_colour  (MamoriStatus status);
void               mamori_report_status_rgb     (MamoriStatus status,
                                                 double      *r,
                                                 double      *g,
                                                 double      *b);
/* Translated "High" … */
const char        *mamori_report_severity_label (MamoriSeverity severity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriReportModel, mamori_report_model_free)

G_END_DECLS
