/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PDF report and the workshop handout: A4 pages drawn with cairo's PDF surface and
 * PangoCairo. Every document is laid out twice: the first pass only counts the pages, so
 * that the footer can say "n / N". */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "mamori-check-registry.h"
#include "mamori-error.h"
#include "mamori-report.h"
#include "mamori-report-model.h"

#define PAGE_W     595.276   /* A4 in points */
#define PAGE_H     841.890
#define MARGIN     56.0
#define TOP        56.0
#define BOTTOM     (PAGE_H - 62.0)
#define CONTENT_W  (PAGE_W - 2 * MARGIN)

#define FONT       "Noto Sans CJK JP"
#define MONO_FONT  "Noto Sans Mono CJK JP"

typedef struct {
  cairo_t      *cr;
  PangoContext *context;     /* one for the document: making one per layout is slow */
  gboolean      counting;    /* first pass: lay out and count pages, draw nothing */
  double        y;
  int         page;
  int         total;         /* 0 while counting */
  const char *footer;        /* left part of the footer */
} Pdf;

typedef struct {
  const char *family;
  double      size;
  gboolean    bold;
  double      r, g, b;
} Style;

static const Style style_title   = { FONT, 22, TRUE, 0.14, 0.12, 0.19 };
static const Style style_h1      = { FONT, 15, TRUE, 0.11, 0.37, 0.66 };
static const Style style_h2      = { FONT, 12, TRUE, 0.14, 0.12, 0.19 };
static const Style style_body    = { FONT, 9.5, FALSE, 0.14, 0.12, 0.19 };
static const Style style_bold    = { FONT, 9.5, TRUE, 0.14, 0.12, 0.19 };
static const Style style_meta    = { FONT, 8.5, FALSE, 0.37, 0.36, 0.39 };
static const Style style_mono    = { MONO_FONT, 8, FALSE, 0.14, 0.12, 0.19 };
static const Style style_big     = { FONT, 40, TRUE, 0.11, 0.37, 0.66 };

static PangoLayout *
make_layout (Pdf         *pdf,
             const char  *text,
             const Style *style,
             double       width)
{
  PangoLayout *layout = pango_layout_new (pdf->context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_new ();

  pango_font_description_set_family (desc, style->family);
  pango_font_description_set_absolute_size (desc, style->size * PANGO_SCALE);
  pango_font_description_set_weight (desc, style->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      /* Records and URLs have no spaces: break inside words rather than run off the page. */
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Drawing is skipped while counting pages: only the layout decides where pages break. */
static void
show_layout (Pdf         *pdf,
             PangoLayout *layout)
{
  if (!pdf->counting)
    pango_cairo_show_layout (pdf->cr, layout);
}

static void
show_layout_line (Pdf             *pdf,
                  PangoLayoutLine *line)
{
  if (!pdf->counting)
    pango_cairo_show_layout_line (pdf->cr, line);
}

static void
set_rgb (Pdf         *pdf,
         const Style *style)
{
  cairo_set_source_rgb (pdf->cr, style->r, style->g, style->b);
}

static void
finish_page (Pdf *pdf)
{
  g_autofree char *number = NULL;
  g_autoptr(PangoLayout) left = NULL;
  g_autoptr(PangoLayout) right = NULL;
  int w, h;

  if (pdf->total > 0)
    number = g_strdup_printf ("%d / %d", pdf->page, pdf->total);
  else
    number = g_strdup_printf ("%d", pdf->page);
  cairo_set_source_rgb (pdf->cr, 0.75, 0.75, 0.75);
  cairo_set_line_width (pdf->cr, 0.5);
  cairo_move_to (pdf->cr, MARGIN, PAGE_H - 46);
  cairo_line_to (pdf->cr, PAGE_W - MARGIN, PAGE_H - 46);
  cairo_stroke (pdf->cr);

  set_rgb (pdf, &style_meta);
  left = make_layout (pdf, pdf->footer, &style_meta, CONTENT_W - 80);
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (left, -1);
  cairo_move_to (pdf->cr, MARGIN, PAGE_H - 42);
  show_layout (pdf, left);
  right = make_layout (pdf, number, &style_meta, -1);
  pango_layout_get_pixel_size (right, &w, &h);
  cairo_move_to (pdf->cr, PAGE_W - MARGIN - w, PAGE_H - 42);
  show_layout (pdf, right);
  cairo_show_page (pdf->cr);
}

static void
new_page (Pdf *pdf)
{
  if (pdf->page > 0)
    finish_page (pdf);
  pdf->page++;
  pdf->y = TOP;
}

static void
ensure_space (Pdf    *pdf,
              double  height)
{
  if (pdf->y + height > BOTTOM && pdf->y > TOP)
    new_page (pdf);
}

/* Draws text at x with wrapping; breaks pages between lines. Returns the height used. */
static void
paragraph_at (Pdf         *pdf,
              const char  *text,
              const Style *style,
              double       indent,
              double       space_after)
{
  g_autoptr(PangoLayout) layout = make_layout (pdf, text, style, CONTENT_W - indent);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  set_rgb (pdf, style);
  do
    {
      PangoRectangle logical;
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      double height, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = (double) logical.height / PANGO_SCALE;
      baseline = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;
      ensure_space (pdf, height);
      set_rgb (pdf, style);
      cairo_move_to (pdf->cr, MARGIN + indent + (double) logical.x / PANGO_SCALE, pdf->y + baseline);
      show_layout_line (pdf, line);
      pdf->y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  pdf->y += space_after;
}

static void
paragraph (Pdf         *pdf,
           const char  *text,
           const Style *style,
           double       space_after)
{
  paragraph_at (pdf, text, style, 0, space_after);
}

/* A monospace box for records and evidence, split across pages line by line. */
static void
mono_box (Pdf        *pdf,
          const char *text,
          double      indent)
{
  const double pad = 4;
  g_autoptr(PangoLayout) layout = make_layout (pdf, text, &style_mono,
                                               CONTENT_W - indent - 2 * pad);
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  gboolean first = TRUE;

  do
    {
      PangoRectangle logical;
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      gboolean last = pango_layout_iter_at_last_line (iter);
      double height, baseline, top_pad, bottom_pad;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      height = (double) logical.height / PANGO_SCALE;
      baseline = (double) (pango_layout_iter_get_baseline (iter) - logical.y) / PANGO_SCALE;
      top_pad = first ? pad : 0;
      bottom_pad = last ? pad : 0;
      if (pdf->y + top_pad + height + bottom_pad > BOTTOM)
        {
          new_page (pdf);
          top_pad = pad;
        }
      cairo_set_source_rgb (pdf->cr, 0.955, 0.955, 0.955);
      cairo_rectangle (pdf->cr, MARGIN + indent, pdf->y, CONTENT_W - indent,
                       top_pad + height + bottom_pad);
      cairo_fill (pdf->cr);
      cairo_set_source_rgb (pdf->cr, 0.55, 0.55, 0.55);
      cairo_rectangle (pdf->cr, MARGIN + indent, pdf->y, 2, top_pad + height + bottom_pad);
      cairo_fill (pdf->cr);
      set_rgb (pdf, &style_mono);
      cairo_move_to (pdf->cr, MARGIN + indent + pad, pdf->y + top_pad + baseline);
      show_layout_line (pdf, line);
      pdf->y += top_pad + height + bottom_pad;
      first = FALSE;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  pdf->y += 6;
}

static void
heading (Pdf         *pdf,
         const char  *text,
         const Style *style)
{
  /* Keep a heading with at least a few lines of what follows it. */
  ensure_space (pdf, style->size * 2 + 40);
  pdf->y += style == &style_h1 ? 6 : 2;
  paragraph (pdf, text, style, 2);
  if (style == &style_h1)
    {
      cairo_set_source_rgb (pdf->cr, style->r, style->g, style->b);
      cairo_set_line_width (pdf->cr, 1.5);
      cairo_move_to (pdf->cr, MARGIN, pdf->y);
      cairo_line_to (pdf->cr, PAGE_W - MARGIN, pdf->y);
      cairo_stroke (pdf->cr);
      pdf->y += 8;
    }
}

static void
draw_shape (cairo_t      *cr,
            MamoriStatus  status,
            double        x,
            double        y,
            double        s)
{
  double r, g, b;

  mamori_report_status_rgb (status, &r, &g, &b);
  cairo_save (cr);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_set_line_width (cr, s / 7);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  switch (mamori_report_status_shape (status))
    {
    case MAMORI_REPORT_SHAPE_CIRCLE_CHECK:
      cairo_arc (cr, x + s / 2, y + s / 2, s / 2, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, x + s * 0.27, y + s * 0.52);
      cairo_line_to (cr, x + s * 0.44, y + s * 0.69);
      cairo_line_to (cr, x + s * 0.74, y + s * 0.33);
      cairo_stroke (cr);
      break;
    case MAMORI_REPORT_SHAPE_TRIANGLE:
      cairo_move_to (cr, x + s / 2, y);
      cairo_line_to (cr, x + s, y + s);
      cairo_line_to (cr, x, y + s);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, x + s / 2, y + s * 0.38);
      cairo_line_to (cr, x + s / 2, y + s * 0.64);
      cairo_move_to (cr, x + s / 2, y + s * 0.82);
      cairo_line_to (cr, x + s / 2, y + s * 0.83);
      cairo_stroke (cr);
      break;
    case MAMORI_REPORT_SHAPE_CROSS:
      cairo_rectangle (cr, x, y, s, s);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, x + s * 0.28, y + s * 0.28);
      cairo_line_to (cr, x + s * 0.72, y + s * 0.72);
      cairo_move_to (cr, x + s * 0.72, y + s * 0.28);
      cairo_line_to (cr, x + s * 0.28, y + s * 0.72);
      cairo_stroke (cr);
      break;
    case MAMORI_REPORT_SHAPE_INFO:
      cairo_arc (cr, x + s / 2, y + s / 2, s / 2, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_move_to (cr, x + s / 2, y + s * 0.45);
      cairo_line_to (cr, x + s / 2, y + s * 0.75);
      cairo_move_to (cr, x + s / 2, y + s * 0.25);
      cairo_line_to (cr, x + s / 2, y + s * 0.26);
      cairo_stroke (cr);
      break;
    case MAMORI_REPORT_SHAPE_QUESTION:
      cairo_move_to (cr, x + s / 2, y);
      cairo_line_to (cr, x + s, y + s / 2);
      cairo_line_to (cr, x + s / 2, y + s);
      cairo_line_to (cr, x, y + s / 2);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_arc (cr, x + s / 2, y + s * 0.38, s * 0.13, G_PI, 2.3 * G_PI);
      cairo_line_to (cr, x + s / 2, y + s * 0.6);
      cairo_move_to (cr, x + s / 2, y + s * 0.76);
      cairo_line_to (cr, x + s / 2, y + s * 0.77);
      cairo_stroke (cr);
      break;
    default:
      cairo_rectangle (cr, x + s * 0.1, y + s * 0.42, s * 0.8, s * 0.16);
      cairo_fill (cr);
      break;
    }
  cairo_restore (cr);
}

/* One horizontal bar: label on the left, bar, value text on the right. */
static void
bar_row (Pdf        *pdf,
         const char *label,
         double      fraction,      /* 0–1, negative: no bar */
         const char *value,
         double      label_w)
{
  const double value_w = 100;
  const double bar_x = MARGIN + label_w + 8, bar_w = CONTENT_W - label_w - 8 - value_w - 6;
  const double bar_h = 12;
  g_autoptr(PangoLayout) layout = make_layout (pdf, label, &style_body, label_w);
  g_autoptr(PangoLayout) value_layout = make_layout (pdf, value, &style_body, value_w);
  int w, h, vw, vh;
  double row_h;

  pango_layout_get_pixel_size (layout, &w, &h);
  pango_layout_get_pixel_size (value_layout, &vw, &vh);
  /* The row holds the taller of the label, the value and the bar: nothing runs into the next. */
  row_h = MAX (MAX (h, vh), bar_h) + 6;
  ensure_space (pdf, row_h);
  set_rgb (pdf, &style_body);
  cairo_move_to (pdf->cr, MARGIN, pdf->y);
  show_layout (pdf, layout);

  cairo_set_source_rgb (pdf->cr, 0.925, 0.925, 0.925);
  cairo_rectangle (pdf->cr, bar_x, pdf->y + 2, bar_w, bar_h);
  cairo_fill (pdf->cr);
  if (fraction >= 0)
    {
      cairo_set_source_rgb (pdf->cr, style_h1.r, style_h1.g, style_h1.b);
      cairo_rectangle (pdf->cr, bar_x, pdf->y + 2, bar_w * CLAMP (fraction, 0, 1), bar_h);
      cairo_fill (pdf->cr);
    }
  set_rgb (pdf, &style_body);
  cairo_move_to (pdf->cr, bar_x + bar_w + 6, pdf->y);
  show_layout (pdf, value_layout);
  pdf->y += row_h;
}

static char *
format_score (double score)
{
  char value[G_ASCII_DTOSTR_BUF_SIZE];

  if (score < 0)
    return g_strdup (_("not scored"));
  g_ascii_formatd (value, sizeof value, "%.1f", score);
  return g_strdup (value);
}

static void
cover_line (Pdf        *pdf,
            const char *label,
            const char *value)
{
  g_autoptr(PangoLayout) label_layout = make_layout (pdf, label, &style_meta, 110);
  g_autoptr(PangoLayout) value_layout = make_layout (pdf, value, &style_h2, CONTENT_W - 120);
  int w1, h1, w2, h2;

  pango_layout_get_pixel_size (label_layout, &w1, &h1);
  pango_layout_get_pixel_size (value_layout, &w2, &h2);
  ensure_space (pdf, MAX (h1, h2));
  set_rgb (pdf, &style_meta);
  cairo_move_to (pdf->cr, MARGIN, pdf->y + 3);
  show_layout (pdf, label_layout);
  set_rgb (pdf, &style_h2);
  cairo_move_to (pdf->cr, MARGIN + 120, pdf->y);
  show_layout (pdf, value_layout);
  pdf->y += MAX (h1, h2) + 8;
}

static void
finding_block (Pdf                 *pdf,
               MamoriReportFinding *f)
{
  g_autofree char *status_word = g_strdup (mamori_status_to_label (f->status));
  g_autofree char *heading_text = *f->subject != '\0'
                                ? g_strdup_printf ("%s — %s", f->check_title, f->subject)
                                : g_strdup (f->check_title);
  g_autofree char *severity = g_strdup_printf ("%s: %s", _("Severity"),
                                               mamori_report_severity_label (f->severity));
  g_autoptr(PangoLayout) status_layout = NULL;
  double r, g, b;
  int w, h;
  const double indent = 14;

  ensure_space (pdf, 60);
  pdf->y += 4;
  /* Shape, colour and word: never colour alone. */
  draw_shape (pdf->cr, f->status, MARGIN, pdf->y + 2, 10);
  mamori_report_status_rgb (f->status, &r, &g, &b);
  status_layout = make_layout (pdf, status_word, &style_bold, -1);
  pango_layout_get_pixel_size (status_layout, &w, &h);
  cairo_set_source_rgb (pdf->cr, r, g, b);
  cairo_move_to (pdf->cr, MARGIN + indent, pdf->y);
  show_layout (pdf, status_layout);
  {
    double saved = pdf->y;

    paragraph_at (pdf, heading_text, &style_bold, indent + w + 8, 0);
    if (pdf->y < saved + h)
      pdf->y = saved + h;
  }
  paragraph_at (pdf, severity, &style_meta, indent, 2);
  paragraph_at (pdf, f->message, &style_body, indent, 3);
  if (f->remediation != NULL)
    {
      g_autofree char *what = g_strdup_printf ("%s %s", _("What to do:"), f->remediation);
      paragraph_at (pdf, what, &style_body, indent, 3);
    }
  if (f->record != NULL)
    mono_box (pdf, f->record, indent);
  if (f->refs != NULL)
    {
      g_autofree char *refs = g_strdup_printf ("%s %s", _("Guidelines:"), f->refs);
      paragraph_at (pdf, refs, &style_meta, indent, 0);
    }
  pdf->y += 6;
  cairo_set_source_rgb (pdf->cr, 0.85, 0.85, 0.85);
  cairo_set_line_width (pdf->cr, 0.5);
  if (pdf->y < BOTTOM)
    {
      cairo_move_to (pdf->cr, MARGIN, pdf->y);
      cairo_line_to (pdf->cr, PAGE_W - MARGIN, pdf->y);
      cairo_stroke (pdf->cr);
    }
  pdf->y += 4;
}

static void
layout_report (Pdf               *pdf,
               MamoriReportModel *model)
{
  g_autofree char *title = g_strdup_printf (_("Security check report: %s"), model->organisation);
  g_autofree char *overall = model->scored && model->overall >= 0
                             ? format_score (model->overall) : NULL;
  g_autofree char *summary = NULL;

  new_page (pdf);
  /* Cover */
  pdf->y = TOP + 60;
  paragraph (pdf, _("Mamori security check"), &style_h1, 8);
  paragraph (pdf, title, &style_title, 30);
  cover_line (pdf, _("Organisation"), model->organisation);
  if (model->domains != NULL)
    cover_line (pdf, _("Domains"), model->domains);
  cover_line (pdf, _("Checked on"), model->date);
  cover_line (pdf, _("Mamori version"), model->mamori_version);
  cover_line (pdf, _("Catalog version"),
              model->catalog_version != NULL ? model->catalog_version : _("not scored"));
  pdf->y += 20;
  /* The score stays with its heading. */
  ensure_space (pdf, 90);
  paragraph (pdf, _("Overall score"), &style_h2, 4);
  if (overall != NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s / 100", overall);
      paragraph (pdf, text, &style_big, 10);
    }
  else
    {
      paragraph (pdf, _("not scored"), &style_title, 10);
    }
  summary = g_strdup_printf (_("Summary: %u pass, %u warning, %u fail, %u could not be checked, %u info"),
                             model->counts[MAMORI_STATUS_PASS], model->counts[MAMORI_STATUS_WARN],
                             model->counts[MAMORI_STATUS_FAIL], model->counts[MAMORI_STATUS_ERROR],
                             model->counts[MAMORI_STATUS_INFO]);
  paragraph (pdf, summary, &style_body, 0);

  /* Scores and priorities */
  new_page (pdf);
  heading (pdf, _("Scores by guideline"), &style_h1);
  if (model->documents->len == 0)
    paragraph (pdf, _("This run was not scored against the guidelines."), &style_body, 8);
  for (guint i = 0; i < model->documents->len; i++)
    {
      MamoriReportDocument *d = g_ptr_array_index (model->documents, i);
      g_autofree char *value = format_score (d->score);

      bar_row (pdf, d->title, d->score >= 0 ? d->score / 100 : -1, value, 190);
    }
  pdf->y += 10;
  heading (pdf, _("What to do first"), &style_h1);
  if (!model->priorities_from_scores)
    paragraph (pdf, _("Not scored: these are the most serious findings of the check."),
               &style_meta, 4);
  if (model->priorities->len == 0)
    paragraph (pdf, _("Nothing urgent was found."), &style_body, 4);
  for (guint i = 0; i < model->priorities->len; i++)
    {
      MamoriReportPriority *p = g_ptr_array_index (model->priorities, i);
      g_autofree char *number = g_strdup_printf ("%u.", i + 1);
      g_autoptr(PangoLayout) number_layout = make_layout (pdf, number, &style_bold, -1);

      ensure_space (pdf, 30);
      set_rgb (pdf, &style_bold);
      cairo_move_to (pdf->cr, MARGIN, pdf->y);
      show_layout (pdf, number_layout);
      paragraph_at (pdf, p->title, &style_bold, 18, 1);
      paragraph_at (pdf, p->detail, &style_meta, 18, 6);
    }

  /* Findings */
  new_page (pdf);
  heading (pdf, _("Findings"), &style_h1);
  for (guint k = 0; k < model->families->len; k++)
    {
      MamoriReportFamily *family = g_ptr_array_index (model->families, k);

      heading (pdf, family->label, &style_h2);
      for (guint i = 0; i < family->findings->len; i++)
        finding_block (pdf, g_ptr_array_index (family->findings, i));
      pdf->y += 6;
    }

  /* Appendix */
  new_page (pdf);
  heading (pdf, _("Appendix: evidence"), &style_h1);
  for (guint i = 0; i < model->findings->len; i++)
    {
      MamoriReportFinding *f = g_ptr_array_index (model->findings, i);
      g_autofree char *label = NULL;

      if (f->evidence == NULL)
        continue;
      label = g_strdup_printf ("%u. %s — %s%s%s", i + 1, f->check_id, f->subject,
                               f->facet != NULL ? " · " : "", f->facet != NULL ? f->facet : "");
      ensure_space (pdf, 50);
      paragraph (pdf, label, &style_bold, 2);
      mono_box (pdf, f->evidence, 0);
    }
  finish_page (pdf);
}

static cairo_status_t
append_cb (void                *closure,
           const unsigned char *data,
           unsigned int         length)
{
  if (closure != NULL)
    g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

typedef void (*LayoutFunc) (Pdf *pdf, gpointer data);

/* Counts the pages (output thrown away), then lays out again with the total known. */
static GBytes *
render_two_pass (LayoutFunc   func,
                 gpointer     data,
                 const char  *title,
                 const char  *footer,
                 GError     **error)
{
  GByteArray *out = g_byte_array_new ();
  int total = 0;

  for (int pass = 0; pass < 2; pass++)
    {
      cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (append_cb,
                                                                      pass == 0 ? NULL : out,
                                                                      PAGE_W, PAGE_H);
      Pdf pdf = { 0, };
      cairo_status_t status;

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Mamori " PACKAGE_VERSION);
      pdf.cr = cairo_create (surface);
      pdf.context = pango_cairo_create_context (pdf.cr);
      pdf.counting = pass == 0;
      pdf.total = total;
      pdf.footer = footer;
      func (&pdf, data);
      total = pdf.page;
      status = cairo_status (pdf.cr);
      g_object_unref (pdf.context);
      cairo_destroy (pdf.cr);
      cairo_surface_finish (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
      cairo_surface_destroy (surface);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_byte_array_unref (out);
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("Could not draw the PDF: %s"),
                       cairo_status_to_string (status));
          return NULL;
        }
    }
  return g_byte_array_free_to_bytes (out);
}

static void
layout_report_cb (Pdf      *pdf,
                  gpointer  data)
{
  layout_report (pdf, data);
}

GBytes *
mamori_report_render_pdf (MamoriRunResult  *result,
                          const char       *lang,
                          GError          **error)
{
  g_autoptr(MamoriReportModel) model = mamori_report_model_new (result, lang);
  g_autofree char *title = g_strdup_printf (_("Security check report: %s"), model->organisation);
  g_autofree char *footer = g_strdup_printf ("Mamori %s — %s — %s", model->mamori_version,
                                             model->organisation, model->date);

  return render_two_pass (layout_report_cb, model, title, footer, error);
}

/* ---- workshop handout -------------------------------------------------------------------- */

typedef struct {
  char   *key;            /* check_id or check_id:facet */
  char   *label;
  guint   adopted;        /* organisations where it passed */
  guint   decided;        /* organisations where it was decided at all */
} Control;

typedef struct {
  GPtrArray *controls;    /* Control*, weakest first */
  guint      n_orgs;
  guint      n_scored;
  guint      buckets[10];
  char      *date;
} Handout;

static void
control_free (Control *c)
{
  g_free (c->key);
  g_free (c->label);
  g_free (c);
}

static gint
compare_controls (gconstpointer a,
                  gconstpointer b)
{
  const Control *x = *(Control * const *) a, *y = *(Control * const *) b;
  double rx = x->decided > 0 ? (double) x->adopted / x->decided : 2;
  double ry = y->decided > 0 ? (double) y->adopted / y->decided : 2;

  if (rx != ry)
    return rx < ry ? -1 : 1;
  return g_strcmp0 (x->key, y->key);
}

static void
layout_handout (Pdf     *pdf,
                Handout *handout)
{
  g_autofree char *orgs = g_strdup_printf (_("Organisations compared: %u (scored: %u)"),
                                           handout->n_orgs, handout->n_scored);
  guint max_bucket = 1;

  new_page (pdf);
  paragraph (pdf, _("Mamori workshop handout"), &style_h1, 6);
  paragraph (pdf, _("Where we stand together"), &style_title, 10);
  paragraph (pdf, handout->date, &style_meta, 2);
  paragraph (pdf, orgs, &style_body, 4);
  paragraph (pdf, _("No organisation is named: every figure counts all of you together."),
             &style_meta, 10);

  heading (pdf, _("Distribution of overall scores"), &style_h1);
  if (handout->n_scored == 0)
    paragraph (pdf, _("None of the runs was scored against the guidelines."), &style_body, 8);
  for (guint i = 0; i < 10; i++)
    max_bucket = MAX (max_bucket, handout->buckets[i]);
  for (guint i = 0; handout->n_scored > 0 && i < 10; i++)
    {
      g_autofree char *label = g_strdup_printf ("%u–%u", i * 10, i == 9 ? 100 : i * 10 + 9);
      g_autofree char *value = g_strdup_printf (_("%u organisations"), handout->buckets[i]);

      bar_row (pdf, label, (double) handout->buckets[i] / max_bucket, value, 60);
    }
  pdf->y += 10;

  heading (pdf, _("Adoption of each measure"), &style_h1);
  paragraph (pdf, _("Share of the organisations where the check passed, among those where it "
                    "could be decided. The weakest measures come first."), &style_meta, 6);
  for (guint i = 0; i < handout->controls->len; i++)
    {
      Control *c = g_ptr_array_index (handout->controls, i);
      g_autofree char *value = NULL;

      if (c->decided == 0)
        continue;
      value = g_strdup_printf ("%u%% (%u/%u)", (guint) (100.0 * c->adopted / c->decided + 0.5),
                               c->adopted, c->decided);
      bar_row (pdf, c->label, (double) c->adopted / c->decided, value, 200);
    }
  finish_page (pdf);
}

static void
layout_handout_cb (Pdf      *pdf,
                   gpointer  data)
{
  layout_handout (pdf, data);
}

GBytes *
mamori_report_render_handout (GPtrArray   *results,
                              const char  *lang,
                              GError     **error)
{
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new_builtin ();
  g_autoptr(GHashTable) controls = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  Handout handout = { 0, };
  g_autofree char *footer = NULL;
  GBytes *bytes;

  if (results == NULL || results->len == 0)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT,
                   _("A handout needs the results of at least one organisation"));
      return NULL;
    }
  handout.controls = g_ptr_array_new_with_free_func ((GDestroyNotify) control_free);
  handout.n_orgs = results->len;
  handout.date = g_date_time_format (now, "%Y-%m-%d");

  for (guint r = 0; r < results->len; r++)
    {
      MamoriRunResult *result = g_ptr_array_index (results, r);
      /* key → worst status of this organisation's findings for the control */
      g_autoptr(GHashTable) worst = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GHashTableIter iter;
      gpointer key, value;

      if (result->scores != NULL && JSON_NODE_HOLDS_OBJECT (result->scores))
        {
          JsonNode *overall = json_object_get_member (json_node_get_object (result->scores),
                                                      "overall");

          if (overall != NULL && JSON_NODE_HOLDS_VALUE (overall) &&
              (json_node_get_value_type (overall) == G_TYPE_DOUBLE ||
               json_node_get_value_type (overall) == G_TYPE_INT64))
            {
              double score = json_node_get_double (overall);

              handout.n_scored++;
              handout.buckets[(guint) CLAMP (score / 10, 0, 9)]++;
            }
        }

      for (guint i = 0; i < result->findings->len; i++)
        {
          MamoriFinding *f = g_ptr_array_index (result->findings, i);
          MamoriStatus status = mamori_finding_get_status (f);
          const char *facet = mamori_finding_get_facet (f);
          char *k = facet != NULL
                    ? g_strdup_printf ("%s:%s", mamori_finding_get_check_id (f), facet)
                    : g_strdup (mamori_finding_get_check_id (f));
          gpointer old;

          if (g_hash_table_lookup_extended (worst, k, NULL, &old) &&
              mamori_status_rank (GPOINTER_TO_INT (old)) >= mamori_status_rank (status))
            {
              g_free (k);
              continue;
            }
          g_hash_table_insert (worst, k, GINT_TO_POINTER (status));
        }

      g_hash_table_iter_init (&iter, worst);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Control *c = g_hash_table_lookup (controls, key);
          MamoriStatus status = GPOINTER_TO_INT (value);

          if (c == NULL)
            {
              const char *colon = strchr (key, ':');
              g_autofree char *check_id = g_strndup (key, colon != NULL ? (gsize) (colon - (char *) key)
                                                                        : strlen (key));
              const MamoriCheckDescriptor *d = mamori_check_registry_lookup (registry, check_id);
              const char *title = d != NULL ? mamori_check_descriptor_get_title (d) : check_id;

              c = g_new0 (Control, 1);
              c->key = g_strdup (key);
              c->label = colon != NULL ? g_strdup_printf ("%s (%s)", title, colon + 1)
                                       : g_strdup (title);
              g_ptr_array_add (handout.controls, c);
              g_hash_table_insert (controls, c->key, c);
            }
          /* Could not be checked, or does not apply: says nothing about adoption. */
          if (status == MAMORI_STATUS_ERROR || status == MAMORI_STATUS_NOT_APPLICABLE)
            continue;
          c->decided++;
          if (status == MAMORI_STATUS_PASS || status == MAMORI_STATUS_INFO)
            c->adopted++;
        }
    }
  g_ptr_array_sort (handout.controls, compare_controls);

  footer = g_strdup_printf ("Mamori %s — %s", PACKAGE_VERSION, _("Mamori workshop handout"));
  bytes = render_two_pass (layout_handout_cb, &handout, _("Mamori workshop handout"), footer, error);
  g_ptr_array_unref (handout.controls);
  g_free (handout.date);
  (void) lang;
  return bytes;
}

/* ---- blank checklist --------------------------------------------------------------------- */

typedef struct {
  GPtrArray     *questions;  /* const MamoriQuestion*, borrowed from the catalog */
  MamoriOrgKind  kind;
  const char    *lang;
  const char    *version;
} Checklist;

/* A row of empty boxes with the answer words: ticked by hand. */
static void
answer_boxes (Pdf                  *pdf,
              const MamoriQuestion *question,
              double                indent)
{
  const double box = 9;
  double x = MARGIN + indent;
  int h = 0;

  ensure_space (pdf, 16);
  for (MamoriAnswer a = MAMORI_ANSWER_FIRST; a <= MAMORI_ANSWER_LAST; a++)
    {
      g_autoptr(PangoLayout) label = NULL;
      int w;

      if (!mamori_question_allows_answer (question, a))
        continue;
      label = make_layout (pdf, mamori_answer_to_label (a), &style_body, -1);
      pango_layout_get_pixel_size (label, &w, &h);
      if (!pdf->counting)
        {
          cairo_set_source_rgb (pdf->cr, 0.2, 0.2, 0.2);
          cairo_set_line_width (pdf->cr, 0.8);
          cairo_rectangle (pdf->cr, x, pdf->y + (h - box) / 2, box, box);
          cairo_stroke (pdf->cr);
        }
      set_rgb (pdf, &style_body);
      cairo_move_to (pdf->cr, x + box + 4, pdf->y);
      show_layout (pdf, label);
      x += box + 4 + w + 16;
    }
  pdf->y += h + 4;
}

static void
layout_checklist (Pdf       *pdf,
                  Checklist *checklist)
{
  g_autofree char *count = g_strdup_printf (_("%u questions · catalog version %s"),
                                            checklist->questions->len, checklist->version);

  new_page (pdf);
  paragraph (pdf, _("Mamori security check"), &style_h1, 6);
  paragraph (pdf, _("Security checklist"), &style_title, 6);
  paragraph (pdf, checklist->kind == MAMORI_ORG_KIND_MUNICIPALITY
                  ? _("For municipalities") : _("For small and medium businesses"),
             &style_h2, 4);
  paragraph (pdf, count, &style_meta, 12);
  paragraph (pdf, _("Organisation: ____________________________    Filled in on: ____________    By: ____________"),
             &style_body, 6);
  paragraph (pdf, _("Tick one box for each question. Enter the answers in Mamori afterwards "
                    "to get your score."), &style_meta, 10);

  for (guint i = 0; i < checklist->questions->len; i++)
    {
      const MamoriQuestion *q = g_ptr_array_index (checklist->questions, i);
      g_autofree char *number = g_strdup_printf ("%u.", i + 1);
      g_autoptr(PangoLayout) number_layout = make_layout (pdf, number, &style_bold, -1);

      ensure_space (pdf, 70);
      set_rgb (pdf, &style_bold);
      cairo_move_to (pdf->cr, MARGIN, pdf->y);
      show_layout (pdf, number_layout);
      paragraph_at (pdf, mamori_question_get_text (q, checklist->lang), &style_bold, 22, 1);
      paragraph_at (pdf, mamori_question_get_why (q, checklist->lang), &style_meta, 22, 3);
      answer_boxes (pdf, q, 22);
      paragraph_at (pdf, _("Note: ______________________________________________"), &style_meta, 22, 8);
    }
  finish_page (pdf);
}

static void
layout_checklist_cb (Pdf      *pdf,
                     gpointer  data)
{
  layout_checklist (pdf, data);
}

GBytes *
mamori_report_render_checklist (MamoriCatalog  *catalog,
                                MamoriOrgKind   kind,
                                const char     *lang,
                                GError        **error)
{
  g_autoptr(GPtrArray) questions = mamori_catalog_list_questions (catalog, kind);
  Checklist checklist = { questions, kind, mamori_report_resolve_lang (lang),
                          mamori_catalog_get_version (catalog) };
  g_autofree char *footer = g_strdup_printf ("Mamori %s — %s", PACKAGE_VERSION,
                                             _("Security checklist"));

  if (questions == NULL || questions->len == 0)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA,
                   _("The catalog has no questions for this kind of organisation"));
      return NULL;
    }
  return render_two_pass (layout_checklist_cb, &checklist, _("Security checklist"), footer, error);
}
