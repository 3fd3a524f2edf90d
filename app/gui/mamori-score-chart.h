/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scores drawn with cairo: horizontal bars (overall + one per guideline) or a trend line
 * (one point per run). The numbers are always written next to the drawing, and the
 * accessible description lists them, so nothing depends on colour or sight alone. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  MAMORI_SCORE_CHART_BARS,
  MAMORI_SCORE_CHART_TREND,
} MamoriScoreChartKind;

#define MAMORI_TYPE_SCORE_CHART (mamori_score_chart_get_type ())

G_DECLARE_FINAL_TYPE (MamoriScoreChart, mamori_score_chart, MAMORI, SCORE_CHART, GtkWidget)

GtkWidget            *mamori_score_chart_new       (MamoriScoreChartKind  kind);
MamoriScoreChartKind  mamori_score_chart_get_kind  (MamoriScoreChart     *self);
void                  mamori_score_chart_set_kind  (MamoriScoreChart     *self,
                                                    MamoriScoreChartKind  kind);
void                  mamori_score_chart_clear     (MamoriScoreChart     *self);
/* value is 0–100, or negative when nothing could be decided (drawn as "—"). */
void                  mamori_score_chart_add       (MamoriScoreChart     *self,
                                                    const char           *label,
                                                    double                value);
guint                 mamori_score_chart_get_n_values (MamoriScoreChart  *self);
double                mamori_score_chart_get_value (MamoriScoreChart     *self,
                                                    guint                 index);
const char           *mamori_score_chart_get_label (MamoriScoreChart     *self,
                                                    guint                 index);

G_END_DECLS
