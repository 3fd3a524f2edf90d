/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The HTML report: one self-contained file (inline CSS and SVG, no outside resources) that
 * says what the PDF says. Every text from the result is escaped. */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-report.h"
#include "mamori-report-model.h"

static const char css[] =
  "body{font-family:'Noto Sans CJK JP','Hiragino Sans','Yu Gothic',sans-serif;margin:2em auto;"
  "max-width:50em;color:#241f31;line-height:1.6;padding:0 1em}"
  "h1{font-size:1.8em;margin-bottom:.2em}h2{border-bottom:2px solid #1c5fa8;padding-bottom:.2em;"
  "margin-top:2em}h3{margin-bottom:.3em}"
  ".cover dt{font-weight:bold;float:left;clear:left;width:10em}.cover dd{margin-left:11em}"
  ".overall{font-size:2.4em;font-weight:bold}"
  ".finding{border:1px solid #d0d0d0;border-left-width:6px;border-radius:4px;padding:.6em 1em;"
  "margin:.8em 0;page-break-inside:avoid}"
  ".status{font-weight:bold;display:inline-flex;align-items:center;gap:.3em}"
  ".status svg{width:1.1em;height:1.1em}"
  "pre{background:#f4f4f4;border:1px solid #c0c0c0;padding:.5em;white-space:pre-wrap;"
  "word-break:break-all;font-family:'Noto Sans Mono CJK JP',monospace;font-size:.9em}"
  ".refs,.meta{color:#5e5c64;font-size:.9em}"
  "ol.priorities li{margin-bottom:.5em}"
  "footer{margin-top:3em;color:#5e5c64;font-size:.85em}";

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);
  g_string_append (out, escaped);
}

/* printf into the page with every %s argument already escaped by the caller. */
static void
append_element (GString    *out,
                const char *tag,
                const char *attributes,
                const char *text)
{
  g_string_append_printf (out, "<%s%s%s>", tag, attributes != NULL ? " " : "",
                          attributes != NULL ? attributes : "");
  append_escaped (out, text);
  g_string_append_printf (out, "</%s>\n", tag);
}

static void
append_shape (GString      *out,
              MamoriStatus  status)
{
  const char *colour = mamori_report_status_colour (status);

  g_string_append (out, "<svg viewBox=\"0 0 16 16\" aria-hidden=\"true\">");
  switch (mamori_report_status_shape (status))
    {
    case MAMORI_REPORT_SHAPE_CIRCLE_CHECK:
      g_string_append_printf (out, "<circle cx=\"8\" cy=\"8\" r=\"7\" fill=\"%s\"/>"
                              "<path d=\"M4.5 8.5l2.5 2.5 4.5-5\" stroke=\"#fff\" "
                              "stroke-width=\"2\" fill=\"none\"/>", colour);
      break;
    case MAMORI_REPORT_SHAPE_TRIANGLE:
      g_string_append_printf (out, "<path d=\"M8 1l7 14H1z\" fill=\"%s\"/>"
                              "<path d=\"M8 6v4M8 12v1.5\" stroke=\"#fff\" stroke-width=\"2\"/>",
                              colour);
      break;
    case MAMORI_REPORT_SHAPE_CROSS:
      g_string_append_printf (out, "<rect x=\"1\" y=\"1\" width=\"14\" height=\"14\" fill=\"%s\"/>"
                              "<path d=\"M4.5 4.5l7 7M11.5 4.5l-7 7\" stroke=\"#fff\" "
                              "stroke-width=\"2\"/>", colour);
      break;
    case MAMORI_REPORT_SHAPE_INFO:
      g_string_append_printf (out, "<circle cx=\"8\" cy=\"8\" r=\"7\" fill=\"%s\"/>"
                              "<path d=\"M8 7v5M8 4v1.5\" stroke=\"#fff\" stroke-width=\"2\"/>",
                              colour);
      break;
    case MAMORI_REPORT_SHAPE_QUESTION:
      g_string_append_printf (out, "<path d=\"M8 1l7 7-7 7-7-7z\" fill=\"%s\"/>"
                              "<text x=\"8\" y=\"11.5\" font-size=\"10\" text-anchor=\"middle\" "
                              "fill=\"#fff\">?</text>", colour);
      break;
    default:
      g_string_append_printf (out, "<rect x=\"2\" y=\"7\" width=\"12\" height=\"2.5\" fill=\"%s\"/>",
                              colour);
      break;
    }
  g_string_append (out, "</svg>");
}

static void
append_chart (GString           *out,
              MamoriReportModel *model)
{
  const guint row = 28, label_w = 260, bar_w = 300;
  guint height = model->documents->len * row + 10;

  g_string_append_printf (out, "<svg role=\"img\" viewBox=\"0 0 %u %u\" width=\"100%%\" "
                          "style=\"max-width:%upx\">\n", label_w + bar_w + 80, height,
                          label_w + bar_w + 80);
  for (guint i = 0; i < model->documents->len; i++)
    {
      MamoriReportDocument *d = g_ptr_array_index (model->documents, i);
      guint y = i * row + 5;

      g_string_append_printf (out, "<text x=\"0\" y=\"%u\" font-size=\"13\">", y + 17);
      append_escaped (out, d->title);
      g_string_append (out, "</text>");
      g_string_append_printf (out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"20\" "
                              "fill=\"#ececec\"/>", label_w, y + 2, bar_w);
      if (d->score >= 0)
        {
          char value[G_ASCII_DTOSTR_BUF_SIZE];

          g_string_append_printf (out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"20\" "
                                  "fill=\"#1c5fa8\"/>", label_w, y + 2,
                                  (guint) (bar_w * CLAMP (d->score, 0, 100) / 100.0));
          g_ascii_formatd (value, sizeof value, "%.1f", d->score);
          g_string_append_printf (out, "<text x=\"%u\" y=\"%u\" font-size=\"13\">%s</text>",
                                  label_w + bar_w + 8, y + 17, value);
        }
      else
        {
          g_string_append_printf (out, "<text x=\"%u\" y=\"%u\" font-size=\"13\">",
                                  label_w + bar_w + 8, y + 17);
          append_escaped (out, _("not scored"));
          g_string_append (out, "</text>");
        }
      g_string_append (out, "\n");
    }
  g_string_append (out, "</svg>\n");
}

GBytes *
mamori_report_render_html (MamoriRunResult *result,
                           const char      *lang)
{
  g_autoptr(MamoriReportModel) model = mamori_report_model_new (result, lang);
  GString *out = g_string_new (NULL);
  g_autofree char *title = NULL;

  /* Translators: the title of a report; %s is the organisation's name. */
  title = g_strdup_printf (_("Security check report: %s"), model->organisation);
  g_string_append_printf (out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width\">\n",
                          mamori_report_resolve_lang (lang));
  append_element (out, "title", NULL, title);
  g_string_append_printf (out, "<style>%s</style>\n</head>\n<body>\n", css);

  /* Cover */
  g_string_append (out, "<section class=\"cover\">\n");
  append_element (out, "h1", NULL, title);
  g_string_append (out, "<dl>\n");
  append_element (out, "dt", NULL, _("Organisation"));
  append_element (out, "dd", NULL, model->organisation);
  if (model->domains != NULL)
    {
      append_element (out, "dt", NULL, _("Domains"));
      append_element (out, "dd", NULL, model->domains);
    }
  append_element (out, "dt", NULL, _("Checked on"));
  append_element (out, "dd", NULL, model->date);
  append_element (out, "dt", NULL, _("Overall score"));
  if (model->scored && model->overall >= 0)
    {
      char value[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (value, sizeof value, "%.1f", model->overall);
      g_string_append_printf (out, "<dd class=\"overall\">%s / 100</dd>\n", value);
    }
  else
    {
      append_element (out, "dd", NULL, _("not scored"));
    }
  append_element (out, "dt", NULL, _("Mamori version"));
  append_element (out, "dd", NULL, model->mamori_version);
  append_element (out, "dt", NULL, _("Catalog version"));
  append_element (out, "dd", NULL, model->catalog_version != NULL ? model->catalog_version
                                                                 : _("not scored"));
  g_string_append (out, "</dl>\n</section>\n");

  /* Scores */
  append_element (out, "h2", NULL, _("Scores by guideline"));
  if (model->documents->len > 0)
    append_chart (out, model);
  else
    append_element (out, "p", NULL, _("This run was not scored against the guidelines."));

  /* Priorities */
  append_element (out, "h2", NULL, _("What to do first"));
  if (!model->priorities_from_scores)
    append_element (out, "p", "class=\"meta\"",
                    _("Not scored: these are the most serious findings of the check."));
  if (model->priorities->len == 0)
    append_element (out, "p", NULL, _("Nothing urgent was found."));
  else
    {
      g_string_append (out, "<ol class=\"priorities\">\n");
      for (guint i = 0; i < model->priorities->len; i++)
        {
          MamoriReportPriority *p = g_ptr_array_index (model->priorities, i);

          g_string_append (out, "<li>");
          append_escaped (out, p->title);
          g_string_append (out, "<br><span class=\"meta\">");
          append_escaped (out, p->detail);
          g_string_append (out, "</span></li>\n");
        }
      g_string_append (out, "</ol>\n");
    }

  /* Findings by family */
  append_element (out, "h2", NULL, _("Findings"));
  for (guint k = 0; k < model->families->len; k++)
    {
      MamoriReportFamily *family = g_ptr_array_index (model->families, k);

      append_element (out, "h3", NULL, family->label);
      for (guint i = 0; i < family->findings->len; i++)
        {
          MamoriReportFinding *f = g_ptr_array_index (family->findings, i);
          g_autofree char *heading = *f->subject != '\0'
                                ? g_strdup_printf ("%s — %s", f->check_title, f->subject)
                                : g_strdup (f->check_title);

          g_string_append_printf (out, "<div class=\"finding\" style=\"border-left-color:%s\">\n",
                                  mamori_report_status_colour (f->status));
          g_string_append_printf (out, "<div class=\"status\" style=\"color:%s\">",
                                  mamori_report_status_colour (f->status));
          append_shape (out, f->status);
          append_escaped (out, mamori_status_to_label (f->status));
          g_string_append (out, "</div> <strong>");
          append_escaped (out, heading);
          g_string_append (out, "</strong> <span class=\"meta\">");
          append_escaped (out, mamori_report_severity_label (f->severity));
          g_string_append (out, "</span>\n");
          append_element (out, "p", NULL, f->message);
          if (f->remediation != NULL)
            {
              g_autofree char *what = g_strdup_printf ("%s %s", _("What to do:"), f->remediation);
              append_element (out, "p", NULL, what);
            }
          if (f->record != NULL)
            append_element (out, "pre", NULL, f->record);
          if (f->refs != NULL)
            {
              g_autofree char *refs = g_strdup_printf ("%s %s", _("Guidelines:"), f->refs);
              append_element (out, "p", "class=\"refs\"", refs);
            }
          g_string_append (out, "</div>\n");
        }
    }

  /* Appendix */
  append_element (out, "h2", NULL, _("Appendix: evidence"));
  for (guint i = 0; i < model->findings->len; i++)
    {
      MamoriReportFinding *f = g_ptr_array_index (model->findings, i);
      g_autofree char *heading = NULL;

      if (f->evidence == NULL)
        continue;
      heading = g_strdup_printf ("%u. %s — %s%s%s", i + 1, f->check_id, f->subject,
                                 f->facet != NULL ? " · " : "", f->facet != NULL ? f->facet : "");
      append_element (out, "h4", NULL, heading);
      append_element (out, "pre", NULL, f->evidence);
    }

  g_string_append (out, "<footer>");
  {
    g_autofree char *footer = g_strdup_printf (_("Made with Mamori %s"), model->mamori_version);
    append_escaped (out, footer);
  }
  g_string_append (out, "</footer>\n</body>\n</html>\n");
  return g_string_free_to_bytes (out);
}
