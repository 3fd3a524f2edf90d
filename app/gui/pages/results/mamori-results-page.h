/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The outcome of a run: scores, "まず取り組むべき対策", findings by family, and their details. */
#pragma once

#include <adwaita.h>

#include "mamori-catalog.h"
#include "mamori-check-registry.h"
#include "mamori-run-result.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_RESULTS_PAGE (mamori_results_page_get_type ())

G_DECLARE_FINAL_TYPE (MamoriResultsPage, mamori_results_page, MAMORI, RESULTS_PAGE, AdwBin)

GtkWidget       *mamori_results_page_new          (void);
/* result NULL shows the empty state. catalog (may be NULL) names the guidelines. */
void             mamori_results_page_set_result   (MamoriResultsPage   *self,
                                                   MamoriCheckRegistry *registry,
                                                   MamoriCatalog       *catalog,
                                                   MamoriRunResult     *result);
MamoriRunResult *mamori_results_page_get_result   (MamoriResultsPage   *self);

/* For tests: what is shown. */
const char      *mamori_results_page_get_visible_view (MamoriResultsPage *self);  /* empty|list|detail */
GtkWidget       *mamori_results_page_get_chart    (MamoriResultsPage   *self);
GtkWidget       *mamori_results_page_get_detail   (MamoriResultsPage   *self);
guint            mamori_results_page_get_n_priorities (MamoriResultsPage *self);
/* The n-th "what to do first" row (AdwActionRow); it opens its finding when it has one. */
GtkWidget       *mamori_results_page_get_priority_row (MamoriResultsPage *self,
                                                       guint              n);
const char      *mamori_results_page_get_overall_text (MamoriResultsPage *self);
/* The rows of the findings list, in order (AdwActionRow). */
GPtrArray       *mamori_results_page_get_finding_rows (MamoriResultsPage *self);

G_END_DECLS
