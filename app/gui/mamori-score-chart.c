/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mamori-score-chart.h"

#define BAR_HEIGHT     14
#define ROW_SPACING    14
#define LABEL_GAP      4
#define VALUE_WIDTH    64
#define TREND_HEIGHT   180

typedef struct {
  char   *label;
  double  value;
} Entry;

struct _MamoriScoreChart
{
  GtkWidget             parent_instance;

  MamoriScoreChartKind  kind;
  GArray               *entries;   /* Entry */
};

G_DEFINE_FINAL_TYPE (MamoriScoreChart, mamori_score_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
entry_clear (gpointer data)
{
  Entry *e = data;

  g_clear_pointer (&e->label, g_free);
}

static char *
format_value (double value)
{
  if (value < 0)
    return g_strdup ("—");
  /* Translators: a score out of 100, e.g. "72 points" → "72点" */
  return g_strdup_printf (_("%.0f pt"), value);
}

static void
get_value_colour (double   value,
                  GdkRGBA *rgba)
{
  /* GNOME palette green 4 / yellow 5 / red 3; the number is always written next to it. */
  if (value >= 80)
    gdk_rgba_parse (rgba, "#26a269");
  else if (value >= 50)
    gdk_rgba_parse (rgba, "#e5a50a");
  else
    gdk_rgba_parse (rgba, "#e01b24");
}

static void
get_fg (MamoriScoreChart *self,
        GdkRGBA          *rgba)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), rgba);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static PangoLayout *
make_layout (MamoriScoreChart *self,
             const char       *text,
             int               width,
             gboolean          bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (width > 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (bold)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
    }
  return layout;
}

static int
bars_height_for_width (MamoriScoreChart *self,
                       int               width)
{
  int height = 0;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      g_autoptr(PangoLayout) layout = make_layout (self, e->label, MAX (width, 1), i == 0);
      int h;

      pango_layout_get_pixel_size (layout, NULL, &h);
      height += h + LABEL_GAP + BAR_HEIGHT + (i + 1 < self->entries->len ? ROW_SPACING : 0);
    }
  return height;
}

static GtkSizeRequestMode
mamori_score_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
mamori_score_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  MamoriScoreChart *self = MAMORI_SCORE_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else if (self->kind == MAMORI_SCORE_CHART_TREND)
    {
      *minimum = *natural = TREND_HEIGHT;
    }
  else
    {
      *minimum = *natural = bars_height_for_width (self, (for_size > 0 ? for_size : 480)
                                                         - VALUE_WIDTH);
    }
}

static void
snapshot_bars (MamoriScoreChart *self,
               cairo_t          *cr,
               int               width)
{
  GdkRGBA fg;
  double y = 0;
  int bar_width = MAX (width - VALUE_WIDTH, 1);

  get_fg (self, &fg);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      g_autoptr(PangoLayout) label = make_layout (self, e->label, bar_width, i == 0);
      g_autofree char *text = format_value (e->value);
      g_autoptr(PangoLayout) value = make_layout (self, text, -1, TRUE);
      GdkRGBA colour;
      int lh, vw, vh;

      pango_layout_get_pixel_size (label, NULL, &lh);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, 0, y);
      pango_cairo_show_layout (cr, label);
      y += lh + LABEL_GAP;

      /* The track, then the share that passed. */
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
      cairo_rectangle (cr, 0, y, bar_width, BAR_HEIGHT);
      cairo_fill (cr);
      if (e->value >= 0)
        {
          get_value_colour (e->value, &colour);
          gdk_cairo_set_source_rgba (cr, &colour);
          cairo_rectangle (cr, 0, y, bar_width * CLAMP (e->value, 0, 100) / 100.0, BAR_HEIGHT);
          cairo_fill (cr);
        }

      pango_layout_get_pixel_size (value, &vw, &vh);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, width - vw, y + (BAR_HEIGHT - vh) / 2.0);
      pango_cairo_show_layout (cr, value);
      y += BAR_HEIGHT + ROW_SPACING;
    }
}

static void
snapshot_trend (MamoriScoreChart *self,
                cairo_t          *cr,
                int               width,
                int               height)
{
  GdkRGBA fg;
  const double bottom = 24, top = 8, right = 16;
  double left = 0;
  double plot_w, plot_h;
  gboolean started = FALSE;
  guint n = self->entries->len;

  get_fg (self, &fg);

  /* Room on the left for the widest axis label ("100 pt", "100点"). */
  for (int v = 0; v <= 100; v += 50)
    {
      g_autofree char *text = format_value (v);
      g_autoptr(PangoLayout) layout = make_layout (self, text, -1, FALSE);
      int tw;

      pango_layout_get_pixel_size (layout, &tw, NULL);
      left = MAX (left, tw + 10);
    }
  plot_w = MAX (width - left - right, 1);
  plot_h = MAX (height - top - bottom, 1);

  /* Grid lines at 0, 50 and 100 points, labelled. */
  for (int v = 0; v <= 100; v += 50)
    {
      double y = top + plot_h * (1 - v / 100.0);
      g_autofree char *text = format_value (v);
      g_autoptr(PangoLayout) layout = make_layout (self, text, -1, FALSE);
      int tw, th;

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, left, y + 0.5);
      cairo_line_to (cr, left + plot_w, y + 0.5);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &tw, &th);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      cairo_move_to (cr, left - tw - 6, y - th / 2.0);
      pango_cairo_show_layout (cr, layout);
    }

  /* The line through the decided points, oldest on the left. */
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 1.0);   /* blue 3 */
  cairo_set_line_width (cr, 2.5);
  for (guint i = 0; i < n; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      double x = left + (n > 1 ? plot_w * i / (n - 1) : plot_w / 2);
      double y = top + plot_h * (1 - CLAMP (e->value, 0, 100) / 100.0);

      if (e->value < 0)
        continue;
      if (!started)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
      started = TRUE;
    }
  cairo_stroke (cr);

  for (guint i = 0; i < n; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      double x = left + (n > 1 ? plot_w * i / (n - 1) : plot_w / 2);
      double y = top + plot_h * (1 - CLAMP (e->value, 0, 100) / 100.0);
      g_autoptr(PangoLayout) layout = make_layout (self, e->label, -1, FALSE);
      GdkRGBA colour;
      int tw, th;

      if (e->value >= 0)
        {
          get_value_colour (e->value, &colour);
          gdk_cairo_set_source_rgba (cr, &colour);
          cairo_arc (cr, x, y, 5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      /* Date labels: first, last, and as many between as fit. */
      if (i == 0 || i + 1 == n || (n <= 8))
        {
          pango_layout_get_pixel_size (layout, &tw, &th);
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
          cairo_move_to (cr, CLAMP (x - tw / 2.0, 0, width - tw), height - th);
          pango_cairo_show_layout (cr, layout);
        }
    }
}

static void
mamori_score_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  MamoriScoreChart *self = MAMORI_SCORE_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->entries->len == 0 || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->kind == MAMORI_SCORE_CHART_BARS)
    snapshot_bars (self, cr, width);
  else
    snapshot_trend (self, cr, width, height);
  cairo_destroy (cr);
}

static void
update_accessible (MamoriScoreChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = &g_array_index (self->entries, Entry, i);
      g_autofree char *value = format_value (e->value);

      g_string_append_printf (text, "%s%s: %s", i > 0 ? "; " : "", e->label, value);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

static void
changed (MamoriScoreChart *self)
{
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
mamori_score_chart_finalize (GObject *object)
{
  MamoriScoreChart *self = MAMORI_SCORE_CHART (object);

  g_clear_pointer (&self->entries, g_array_unref);
  G_OBJECT_CLASS (mamori_score_chart_parent_class)->finalize (object);
}

static void
mamori_score_chart_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MamoriScoreChart *self = MAMORI_SCORE_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mamori_score_chart_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MamoriScoreChart *self = MAMORI_SCORE_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      mamori_score_chart_set_kind (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mamori_score_chart_class_init (MamoriScoreChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mamori_score_chart_finalize;
  object_class->get_property = mamori_score_chart_get_property;
  object_class->set_property = mamori_score_chart_set_property;
  widget_class->get_request_mode = mamori_score_chart_get_request_mode;
  widget_class->measure = mamori_score_chart_measure;
  widget_class->snapshot = mamori_score_chart_snapshot;

  /* An int, not an enum type, to keep this small type free of generated enum code. */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      MAMORI_SCORE_CHART_BARS, MAMORI_SCORE_CHART_TREND, MAMORI_SCORE_CHART_BARS,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "scorechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mamori_score_chart_init (MamoriScoreChart *self)
{
  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
}

GtkWidget *
mamori_score_chart_new (MamoriScoreChartKind kind)
{
  return g_object_new (MAMORI_TYPE_SCORE_CHART, "kind", kind, NULL);
}

MamoriScoreChartKind
mamori_score_chart_get_kind (MamoriScoreChart *self)
{
  g_return_val_if_fail (MAMORI_IS_SCORE_CHART (self), MAMORI_SCORE_CHART_BARS);
  return self->kind;
}

void
mamori_score_chart_set_kind (MamoriScoreChart     *self,
                             MamoriScoreChartKind  kind)
{
  g_return_if_fail (MAMORI_IS_SCORE_CHART (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

void
mamori_score_chart_clear (MamoriScoreChart *self)
{
  g_return_if_fail (MAMORI_IS_SCORE_CHART (self));

  g_array_set_size (self->entries, 0);
  changed (self);
}

void
mamori_score_chart_add (MamoriScoreChart *self,
                        const char       *label,
                        double            value)
{
  Entry e;

  g_return_if_fail (MAMORI_IS_SCORE_CHART (self));
  g_return_if_fail (label != NULL);

  e.label = g_strdup (label);
  e.value = isfinite (value) ? MIN (value, 100) : -1;
  g_array_append_val (self->entries, e);
  changed (self);
}

guint
mamori_score_chart_get_n_values (MamoriScoreChart *self)
{
  g_return_val_if_fail (MAMORI_IS_SCORE_CHART (self), 0);
  return self->entries->len;
}

double
mamori_score_chart_get_value (MamoriScoreChart *self,
                              guint             index)
{
  g_return_val_if_fail (MAMORI_IS_SCORE_CHART (self), -1);
  g_return_val_if_fail (index < self->entries->len, -1);
  return g_array_index (self->entries, Entry, index).value;
}

const char *
mamori_score_chart_get_label (MamoriScoreChart *self,
                              guint             index)
{
  g_return_val_if_fail (MAMORI_IS_SCORE_CHART (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return g_array_index (self->entries, Entry, index).label;
}
