/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Earlier runs of the current organisation, with a trend chart of the overall score. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MAMORI_TYPE_HISTORY_PAGE (mamori_history_page_get_type ())

G_DECLARE_FINAL_TYPE (MamoriHistoryPage, mamori_history_page, MAMORI, HISTORY_PAGE, AdwBin)

GtkWidget *mamori_history_page_new       (void);
void       mamori_history_page_clear     (MamoriHistoryPage *self);
/* Runs are added newest first (as the store lists them). overall < 0: not scored.
 * counts are findings per MamoriStatus. Activating the row opens it (win.open-run). */
void       mamori_history_page_add_run   (MamoriHistoryPage *self,
                                          gint64             run_id,
                                          GDateTime         *started_at,
                                          double             overall,
                                          const guint        counts[6]);
guint      mamori_history_page_get_n_runs (MamoriHistoryPage *self);
GtkWidget *mamori_history_page_get_chart (MamoriHistoryPage *self);
/* Shown instead of the list, e.g. when the database cannot be read. */
void       mamori_history_page_set_error (MamoriHistoryPage *self,
                                          const char        *message);

G_END_DECLS
