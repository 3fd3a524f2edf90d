/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-finding.h"
#include "mamori-history-page.h"
#include "mamori-score-chart.h"

typedef struct {
  char   *label;        /* month/day */
  char   *time_label;   /* hour:minute */
  double  overall;
} Point;

struct _MamoriHistoryPage
{
  AdwBin     parent_instance;

  GPtrArray *rows;
  GArray    *points;   /* Point, newest first as added */

  GtkWidget *stack;
  GtkWidget *empty_page;
  GtkWidget *chart;
  GtkWidget *runs_group;
};

G_DEFINE_FINAL_TYPE (MamoriHistoryPage, mamori_history_page, ADW_TYPE_BIN)

static void
point_clear (gpointer data)
{
  g_free (((Point *) data)->label);
  g_free (((Point *) data)->time_label);
}

static void
rebuild_chart (MamoriHistoryPage *self)
{
  MamoriScoreChart *chart = MAMORI_SCORE_CHART (self->chart);
  gboolean same_day = self->points->len > 1;

  /* Dates tell runs apart, unless they were all on one day: then the time does. */
  for (guint i = 1; i < self->points->len; i++)
    {
      Point *a = &g_array_index (self->points, Point, i - 1);
      Point *b = &g_array_index (self->points, Point, i);

      if (!g_str_equal (a->label, b->label))
        same_day = FALSE;
    }

  /* Oldest on the left, as people read a trend. */
  mamori_score_chart_clear (chart);
  for (guint i = self->points->len; i > 0; i--)
    {
      Point *p = &g_array_index (self->points, Point, i - 1);

      mamori_score_chart_add (chart, same_day ? p->time_label : p->label, p->overall);
    }
}

static void
mamori_history_page_finalize (GObject *object)
{
  MamoriHistoryPage *self = MAMORI_HISTORY_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->points, g_array_unref);
  G_OBJECT_CLASS (mamori_history_page_parent_class)->finalize (object);
}

static void
mamori_history_page_class_init (MamoriHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mamori_history_page_finalize;

  g_type_ensure (MAMORI_TYPE_SCORE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mamori_jp/Mamori/mamori-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriHistoryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MamoriHistoryPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MamoriHistoryPage, chart);
  gtk_widget_class_bind_template_child (widget_class, MamoriHistoryPage, runs_group);
}

static void
mamori_history_page_init (MamoriHistoryPage *self)
{
  self->rows = g_ptr_array_new ();
  self->points = g_array_new (FALSE, TRUE, sizeof (Point));
  g_array_set_clear_func (self->points, point_clear);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
}

GtkWidget *
mamori_history_page_new (void)
{
  return g_object_new (MAMORI_TYPE_HISTORY_PAGE, NULL);
}

void
mamori_history_page_clear (MamoriHistoryPage *self)
{
  g_return_if_fail (MAMORI_IS_HISTORY_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->runs_group),
                                  g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_array_set_size (self->points, 0);
  rebuild_chart (self);
  adw_status_page_set_title (ADW_STATUS_PAGE (self->empty_page), _("No Earlier Checks"));
  adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page),
                                   _("Every check you run is kept here, so you can see how "
                                     "things improve over time."));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
}

void
mamori_history_page_add_run (MamoriHistoryPage *self,
                             gint64             run_id,
                             GDateTime         *started_at,
                             double             overall,
                             const guint        counts[6])
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *score = NULL;
  GtkWidget *row;
  GtkWidget *label;
  Point point;

  g_return_if_fail (MAMORI_IS_HISTORY_PAGE (self));
  g_return_if_fail (started_at != NULL);

  local = g_date_time_to_local (started_at);
  /* Translators: date and time of a check in the history list (strftime format) */
  title = g_date_time_format (local, _("%Y-%m-%d %H:%M"));
  /* Translators: the counts of a stored check's findings */
  subtitle = g_strdup_printf (_("%u passed, %u warnings, %u failed, %u could not be checked"),
                              counts[MAMORI_STATUS_PASS], counts[MAMORI_STATUS_WARN],
                              counts[MAMORI_STATUS_FAIL], counts[MAMORI_STATUS_ERROR]);
  /* Translators: a score out of 100, e.g. "72 points" → "72点" */
  score = overall >= 0 ? g_strdup_printf (_("%.0f pt"), overall) : g_strdup (_("No score"));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  label = gtk_label_new (score);
  gtk_widget_add_css_class (label, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "x", run_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-run");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->runs_group), row);
  g_ptr_array_add (self->rows, row);

  point.label = g_date_time_format (local, "%m/%d");
  point.time_label = g_date_time_format (local, "%H:%M");
  point.overall = overall;
  g_array_append_val (self->points, point);
  rebuild_chart (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "runs");
}

guint
mamori_history_page_get_n_runs (MamoriHistoryPage *self)
{
  g_return_val_if_fail (MAMORI_IS_HISTORY_PAGE (self), 0);
  return self->rows->len;
}

GtkWidget *
mamori_history_page_get_chart (MamoriHistoryPage *self)
{
  g_return_val_if_fail (MAMORI_IS_HISTORY_PAGE (self), NULL);
  return self->chart;
}

void
mamori_history_page_set_error (MamoriHistoryPage *self,
                               const char        *message)
{
  g_autofree char *escaped = NULL;

  g_return_if_fail (MAMORI_IS_HISTORY_PAGE (self));

  mamori_history_page_clear (self);
  adw_status_page_set_title (ADW_STATUS_PAGE (self->empty_page), _("History Unavailable"));
  escaped = g_markup_escape_text (message, -1);   /* the description is markup */
  adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page), escaped);
}
