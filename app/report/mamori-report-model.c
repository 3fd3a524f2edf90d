/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-catalog.h"
#include "mamori-check-registry.h"
#include "mamori-domain-name.h"
#include "mamori-report.h"
#include "mamori-report-model.h"

const char *
mamori_report_resolve_lang (const char *lang)
{
  const char * const *names;

  if (lang != NULL && (g_str_equal (lang, "ja") || g_str_equal (lang, "en")))
    return lang;
  /* Japanese-first: English only when the user's languages ask for it before Japanese. */
  names = g_get_language_names ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_has_prefix (names[i], "ja"))
        return "ja";
      if (g_str_has_prefix (names[i], "en"))
        return "en";
    }
  return "ja";
}

MamoriReportShape
mamori_report_status_shape (MamoriStatus status)
{
  switch (status)
    {
    case MAMORI_STATUS_PASS:           return MAMORI_REPORT_SHAPE_CIRCLE_CHECK;
    case MAMORI_STATUS_WARN:           return MAMORI_REPORT_SHAPE_TRIANGLE;
    case MAMORI_STATUS_FAIL:           return MAMORI_REPORT_SHAPE_CROSS;
    case MAMORI_STATUS_INFO:           return MAMORI_REPORT_SHAPE_INFO;
    case MAMORI_STATUS_ERROR:          return MAMORI_REPORT_SHAPE_QUESTION;
    case MAMORI_STATUS_NOT_APPLICABLE: return MAMORI_REPORT_SHAPE_DASH;
    default:                           return MAMORI_REPORT_SHAPE_QUESTION;
    }
}

const char *
mamori_report_status_colour (MamoriStatus status)
{
  switch (status)
    {
    case MAMORI_STATUS_PASS:  return "#1b7f3b";
    case MAMORI_STATUS_WARN:  return "#a15c00";
    case MAMORI_STATUS_FAIL:  return "#c01c28";
    case MAMORI_STATUS_INFO:  return "#1c5fa8";
    case MAMORI_STATUS_ERROR: return "#813d9c";
    default:                  return "#5e5c64";
    }
}

void
mamori_report_status_rgb (MamoriStatus  status,
                          double       *r,
                          double       *g,
                          double       *b)
{
  const char *hex = mamori_report_status_colour (status);
  guint value = (guint) g_ascii_strtoull (hex + 1, NULL, 16);

  *r = ((value >> 16) & 0xff) / 255.0;
  *g = ((value >> 8) & 0xff) / 255.0;
  *b = (value & 0xff) / 255.0;
}

const char *
mamori_report_severity_label (MamoriSeverity severity)
{
  switch (severity)
    {
    case MAMORI_SEVERITY_HIGH:   return _("High");
    case MAMORI_SEVERITY_MEDIUM: return _("Medium");
    case MAMORI_SEVERITY_LOW:    return _("Low");
    default:                     return _("Info");
    }
}

static void
finding_free (MamoriReportFinding *f)
{
  g_free (f->check_id);
  g_free (f->check_title);
  g_free (f->facet);
  g_free (f->subject);
  g_free (f->message);
  g_free (f->remediation);
  g_free (f->record);
  g_free (f->refs);
  g_free (f->evidence);
  g_free (f);
}

static void
document_free (MamoriReportDocument *d)
{
  g_free (d->id);
  g_free (d->title);
  g_free (d);
}

static void
priority_free (MamoriReportPriority *p)
{
  g_free (p->title);
  g_free (p->detail);
  g_free (p);
}

static void
family_free (MamoriReportFamily *f)
{
  g_free (f->label);
  g_ptr_array_unref (f->findings);
  g_free (f);
}

void
mamori_report_model_free (MamoriReportModel *model)
{
  if (model == NULL)
    return;
  g_free (model->organisation);
  g_free (model->domains);
  g_free (model->date);
  g_free (model->mamori_version);
  g_free (model->catalog_version);
  g_ptr_array_unref (model->findings);
  g_ptr_array_unref (model->documents);
  g_ptr_array_unref (model->priorities);
  g_ptr_array_unref (model->families);
  g_free (model);
}

/* Cuts text to at most max bytes on a character boundary, marking the cut. */
static char *
bounded_text (const char *text,
              gsize       max)
{
  const char *end;

  if (strlen (text) <= max)
    return g_strdup (text);
  end = g_utf8_find_prev_char (text, text + max);
  if (end == NULL)
    end = text;
  return g_strdup_printf ("%.*s\n…", (int) (end - text), text);
}

static char *
evidence_text (MamoriFinding *finding)
{
  JsonObject *evidence = mamori_finding_get_evidence (finding);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (evidence == NULL || json_object_get_size (evidence) == 0)
    return NULL;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, evidence);
  text = json_to_string (node, TRUE);
  return bounded_text (text, MAMORI_REPORT_EVIDENCE_BYTES);
}

static double
number_member (JsonObject *object,
               const char *name,
               double      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_DOUBLE: return json_node_get_double (node);
    case G_TYPE_INT64:  return (double) json_node_get_int (node);
    default:            return fallback;
    }
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A title from the catalog is {"ja": …, "en": …} (or a plain string from older data). */
static const char *
localised_member (JsonObject *object,
                  const char *name,
                  const char *lang)
{
  JsonObject *titles = object_member (object, name);
  const char *text;

  if (titles == NULL)
    return string_member (object, name);
  text = string_member (titles, lang);
  return text != NULL ? text : string_member (titles, "ja");
}

static void
add_scores (MamoriReportModel *model,
            JsonObject        *scores,
            const char        *lang)
{
  JsonObject *documents = object_member (scores, "documents");
  JsonNode *priorities = json_object_get_member (scores, "priorities");
  double overall = number_member (scores, "overall", -1);

  model->scored = TRUE;
  model->overall = overall;

  if (documents != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (documents);
      /* The documents' titles are in the catalog; without it the ids have to do. */
      MamoriCatalog *catalog = mamori_catalog_load_default (NULL);

      names = g_list_sort (names, (GCompareFunc) g_strcmp0);
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonObject *doc = object_member (documents, l->data);
          MamoriReportDocument *d;

          if (doc == NULL)
            continue;
          d = g_new0 (MamoriReportDocument, 1);
          d->id = g_strdup (l->data);
          {
            const MamoriCatalogDocument *cd = catalog != NULL
                                              ? mamori_catalog_lookup_document (catalog, l->data)
                                              : NULL;
            const char *title = localised_member (doc, "title", lang);

            if (title == NULL && cd != NULL)
              title = mamori_catalog_document_get_title (cd, lang);
            d->title = g_strdup (title != NULL ? title : l->data);
          }
          d->score = number_member (doc, "score", -1);
          d->decided = (gint64) number_member (doc, "decided", 0);
          d->undecided = (gint64) number_member (doc, "undecided", 0);
          g_ptr_array_add (model->documents, d);
        }
      g_clear_pointer (&catalog, mamori_catalog_unref);
    }

  if (priorities != NULL && JSON_NODE_HOLDS_ARRAY (priorities))
    {
      JsonArray *array = json_node_get_array (priorities);

      model->priorities_from_scores = TRUE;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *p;
          MamoriReportPriority *priority;
          const char *title, *status;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          p = json_node_get_object (element);
          title = localised_member (p, "title", lang);
          if (title == NULL)
            title = string_member (p, "item");
          if (title == NULL)
            continue;
          status = string_member (p, "status");
          priority = g_new0 (MamoriReportPriority, 1);
          priority->title = g_strdup (title);
          priority->failing = g_strcmp0 (status, "partial") != 0;
          /* Translators: the weight 1–5, the effort 1–3, then "not done" or "partly done". */
          if (number_member (p, "weight", 0) >= 1 && number_member (p, "effort", 0) >= 1)
            priority->detail = g_strdup_printf (_("importance %d/5 · effort %d/3 · %s"),
                                                (int) CLAMP (number_member (p, "weight", 0), 1, 5),
                                                (int) CLAMP (number_member (p, "effort", 0), 1, 3),
                                                priority->failing ? _("not done") : _("partly done"));
          else
            priority->detail = g_strdup (priority->failing ? _("not done") : _("partly done"));
          g_ptr_array_add (model->priorities, priority);
        }
    }
}

static int
finding_badness (const MamoriReportFinding *f)
{
  int status = f->status == MAMORI_STATUS_FAIL ? 2 : f->status == MAMORI_STATUS_WARN ? 1 : 0;
  return status * 10 + (int) f->severity;
}

static gint
compare_badness (gconstpointer a,
                 gconstpointer b)
{
  return finding_badness (*(MamoriReportFinding * const *) b) -
         finding_badness (*(MamoriReportFinding * const *) a);
}

/* Without scores, the most urgent things to do are the worst findings that say what to do. */
static void
add_fallback_priorities (MamoriReportModel *model)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; i < model->findings->len; i++)
    {
      MamoriReportFinding *f = g_ptr_array_index (model->findings, i);

      if ((f->status == MAMORI_STATUS_FAIL || f->status == MAMORI_STATUS_WARN) &&
          f->remediation != NULL)
        g_ptr_array_add (sorted, f);
    }
  g_ptr_array_sort (sorted, compare_badness);
  for (guint i = 0; i < sorted->len && i < 5; i++)
    {
      MamoriReportFinding *f = g_ptr_array_index (sorted, i);
      MamoriReportPriority *p = g_new0 (MamoriReportPriority, 1);

      p->title = g_strdup (f->remediation);
      p->detail = *f->subject != '\0' ? g_strdup_printf ("%s — %s", f->check_title, f->subject)
                                       : g_strdup (f->check_title);
      p->failing = f->status == MAMORI_STATUS_FAIL;
      g_ptr_array_add (model->priorities, p);
    }
}

static void
add_families (MamoriReportModel *model)
{
  static const char * const order[] = { "domain", "router", "telework", "cloud", NULL };

  for (guint k = 0; k <= G_N_ELEMENTS (order) - 1; k++)
    {
      MamoriReportFamily *family = NULL;

      for (guint i = 0; i < model->findings->len; i++)
        {
          MamoriReportFinding *f = g_ptr_array_index (model->findings, i);
          g_autofree char *prefix = g_strndup (f->check_id, strcspn (f->check_id, "."));
          gboolean known = g_strv_contains (order, prefix);

          /* The last round (order[k] == NULL) collects every family Mamori does not know. */
          if (order[k] != NULL ? !g_str_equal (prefix, order[k]) : known)
            continue;
          if (family == NULL)
            {
              MamoriCheckFamily id;

              family = g_new0 (MamoriReportFamily, 1);
              family->findings = g_ptr_array_new ();
              family->label = g_strdup (order[k] != NULL &&
                                        mamori_check_family_from_string (order[k], &id)
                                        ? mamori_check_family_to_label (id) : _("Other"));
              g_ptr_array_add (model->families, family);
            }
          g_ptr_array_add (family->findings, f);
        }
    }
}

MamoriReportModel *
mamori_report_model_new (MamoriRunResult *result,
                         const char      *lang)
{
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new_builtin ();
  g_autoptr(GDateTime) local = g_date_time_to_local (result->started_at);
  MamoriReportModel *model = g_new0 (MamoriReportModel, 1);

  lang = mamori_report_resolve_lang (lang);
  model->organisation = g_strdup (result->profile->name != NULL ? result->profile->name : "");
  if (result->profile->domains != NULL && result->profile->domains[0] != NULL)
    {
      GString *domains = g_string_new (NULL);

      for (guint i = 0; result->profile->domains[i] != NULL; i++)
        {
          g_autofree char *u = mamori_domain_name_to_unicode (result->profile->domains[i]);
          g_string_append_printf (domains, "%s%s", i > 0 ? ", " : "", u);
        }
      model->domains = g_string_free (domains, FALSE);
    }
  if (*model->organisation == '\0' && model->domains != NULL)
    {
      g_free (model->organisation);
      model->organisation = g_strdup (model->domains);
    }
  model->date = g_date_time_format (local, "%Y-%m-%d %H:%M");
  model->mamori_version = g_strdup (PACKAGE_VERSION);
  model->catalog_version = g_strdup (result->catalog_version);
  model->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
  model->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) document_free);
  model->priorities = g_ptr_array_new_with_free_func ((GDestroyNotify) priority_free);
  model->families = g_ptr_array_new_with_free_func ((GDestroyNotify) family_free);
  mamori_run_result_count (result, model->counts);

  for (guint i = 0; i < result->findings->len; i++)
    {
      MamoriFinding *finding = g_ptr_array_index (result->findings, i);
      const MamoriCheckDescriptor *d = mamori_check_registry_lookup (registry,
                                                                     mamori_finding_get_check_id (finding));
      MamoriReportFinding *f = g_new0 (MamoriReportFinding, 1);
      const char * const *refs = mamori_finding_get_guideline_refs (finding);
      const char *subject = mamori_finding_get_subject (finding);
      const char *record = mamori_finding_get_record (finding);
      g_autofree char *remediation = mamori_finding_render_remediation (finding);

      f->status = mamori_finding_get_status (finding);
      f->severity = mamori_finding_get_severity (finding);
      f->check_id = g_strdup (mamori_finding_get_check_id (finding));
      f->check_title = g_strdup (d != NULL ? mamori_check_descriptor_get_title (d) : f->check_id);
      f->facet = g_strdup (mamori_finding_get_facet (finding));
      f->subject = subject != NULL ? mamori_domain_name_to_unicode (subject) : g_strdup ("");
      if (f->subject == NULL)
        f->subject = g_strdup (subject);
      f->message = mamori_finding_render_message (finding);
      if (f->message == NULL)
        f->message = g_strdup ("");
      /* A passing finding's remediation would only repeat what is already done. */
      if (remediation != NULL && *remediation != '\0' &&
          f->status != MAMORI_STATUS_PASS && f->status != MAMORI_STATUS_NOT_APPLICABLE)
        f->remediation = g_steal_pointer (&remediation);
      if (record != NULL && *record != '\0' && f->status != MAMORI_STATUS_PASS)
        f->record = g_strdup (record);
      if (refs != NULL && refs[0] != NULL)
        f->refs = g_strjoinv (", ", (char **) refs);
      f->evidence = evidence_text (finding);
      g_ptr_array_add (model->findings, f);
    }

  if (result->scores != NULL && JSON_NODE_HOLDS_OBJECT (result->scores))
    add_scores (model, json_node_get_object (result->scores), lang);
  if (!model->priorities_from_scores)
    add_fallback_priorities (model);
  add_families (model);
  return model;
}
