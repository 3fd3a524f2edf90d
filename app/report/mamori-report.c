/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loading untrusted results, the CSV and JSON reports, and writing report files. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mamori-error.h"
#include "mamori-report.h"
#include "mamori-report-model.h"

/* Deeper JSON is refused before json-glib sees it: its parser recurses once per level. */
#define MAX_JSON_DEPTH 64
#define MAX_LIST_LENGTH 1000

static const char * const format_names[] = { "pdf", "html", "csv", "json" };

gboolean
mamori_report_format_from_string (const char         *str,
                                  MamoriReportFormat *format)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_str_equal (str, format_names[i]))
        {
          *format = (MamoriReportFormat) i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
mamori_report_format_to_string (MamoriReportFormat format)
{
  g_return_val_if_fail (format <= MAMORI_REPORT_FORMAT_JSON, "");
  return format_names[format];
}

/* ---- validating untrusted input ---------------------------------------------------------- */

static gboolean
check_depth (const char  *data,
             gsize        length,
             GError     **error)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        depth++;
      else if (c == ']' || c == '}')
        depth--;
      if (depth > MAX_JSON_DEPTH)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA,
                       _("The result is nested more than %d levels deep"), MAX_JSON_DEPTH);
          return FALSE;
        }
    }
  return TRUE;
}

/* Every string anywhere in the result is bounded, so that no field can blow up a report. */
static gboolean
check_strings (JsonNode    *node,
               const char  *where,
               GError     **error)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            if (strlen (name) > MAMORI_REPORT_MAX_TEXT_BYTES)
              {
                g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA,
                             _("A member name in “%s” is too long"), where);
                return FALSE;
              }
            if (!check_strings (member, where, error))
              return FALSE;
          }
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!check_strings (json_array_get_element (array, i), where, error))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          strlen (json_node_get_string (node)) > MAMORI_REPORT_MAX_TEXT_BYTES)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA,
                       _("“%s” holds a text longer than %d bytes"), where,
                       MAMORI_REPORT_MAX_TEXT_BYTES);
          return FALSE;
        }
      return TRUE;
    default:
      return TRUE;
    }
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_number (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

typedef enum { KIND_STRING, KIND_STRINGS, KIND_OBJECT, KIND_NUMBER } MemberKind;

/* A member that is present must have its kind; null counts as absent. */
static gboolean
check_member (JsonObject  *object,
              const char  *name,
              MemberKind   kind,
              gboolean     required,
              const char  *where,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  gboolean ok = TRUE;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("%s has no “%s”"), where, name);
          return FALSE;
        }
      return TRUE;
    }
  switch (kind)
    {
    case KIND_STRING:
      ok = node_is_string (node);
      break;
    case KIND_NUMBER:
      ok = node_is_number (node);
      break;
    case KIND_OBJECT:
      ok = JSON_NODE_HOLDS_OBJECT (node);
      break;
    case KIND_STRINGS:
      ok = JSON_NODE_HOLDS_ARRAY (node) &&
           json_array_get_length (json_node_get_array (node)) <= MAX_LIST_LENGTH;
      for (guint i = 0; ok && i < json_array_get_length (json_node_get_array (node)); i++)
        ok = node_is_string (json_array_get_element (json_node_get_array (node), i));
      break;
    }
  if (!ok)
    {
      static const char * const kinds[] = { N_("a text"), N_("a list of texts"),
                                            N_("an object"), N_("a number") };
      /* Translators: "the finding 3 of domain.spf: “status” must be a text". */
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("%s: “%s” must be %s"),
                   where, name, _(kinds[kind]));
    }
  return ok;
}

static gboolean
validate_result (JsonNode  *root,
                 GError   **error)
{
  static const char * const finding_strings[] = {
    "check_id", "subject", "status", "severity", "facet", "message", "message_id",
    "remediation", "remediation_id", "record",
  };
  JsonObject *object;
  JsonNode *findings;
  JsonArray *array;
  const char *where = _("The result");

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("The result is not a JSON object"));
      return FALSE;
    }
  object = json_node_get_object (root);
  if (!check_member (object, "mamori_version", KIND_STRING, FALSE, where, error) ||
      !check_member (object, "catalog_version", KIND_STRING, FALSE, where, error) ||
      !check_member (object, "run_id", KIND_NUMBER, FALSE, where, error) ||
      !check_member (object, "organisation", KIND_OBJECT, FALSE, where, error) ||
      !check_member (object, "started_at", KIND_STRING, FALSE, where, error) ||
      !check_member (object, "duration_ms", KIND_NUMBER, FALSE, where, error) ||
      !check_member (object, "scores", KIND_OBJECT, FALSE, where, error))
    return FALSE;
  if (json_object_has_member (object, "organisation") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "organisation")))
    {
      JsonObject *org = json_object_get_object_member (object, "organisation");
      const char *org_where = _("The organisation");

      if (!check_member (org, "name", KIND_STRING, FALSE, org_where, error) ||
          !check_member (org, "kind", KIND_STRING, FALSE, org_where, error) ||
          !check_member (org, "domains", KIND_STRINGS, FALSE, org_where, error))
        return FALSE;
    }
  if (json_object_has_member (object, "started_at") &&
      node_is_string (json_object_get_member (object, "started_at")))
    {
      g_autoptr(GDateTime) started =
        g_date_time_new_from_iso8601 (json_object_get_string_member (object, "started_at"), NULL);

      if (started == NULL)
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA,
                       _("“started_at” is not an RFC 3339 date and time"));
          return FALSE;
        }
    }

  findings = json_object_get_member (object, "findings");
  if (findings == NULL || !JSON_NODE_HOLDS_ARRAY (findings))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("The result has no “findings” list"));
      return FALSE;
    }
  array = json_node_get_array (findings);
  if (json_array_get_length (array) > MAMORI_REPORT_MAX_FINDINGS)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA,
                   _("The result has more than %d findings"), MAMORI_REPORT_MAX_FINDINGS);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *finding_where = g_strdup_printf (_("Finding %u"), i + 1);
      JsonObject *f;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("%s is not a JSON object"),
                       finding_where);
          return FALSE;
        }
      f = json_node_get_object (element);
      for (guint k = 0; k < G_N_ELEMENTS (finding_strings); k++)
        {
          gboolean required = k == 0 || k == 2;   /* check_id, status */

          if (!check_member (f, finding_strings[k], KIND_STRING, required, finding_where, error))
            return FALSE;
        }
      if (!check_member (f, "message_params", KIND_STRINGS, FALSE, finding_where, error) ||
          !check_member (f, "remediation_params", KIND_STRINGS, FALSE, finding_where, error) ||
          !check_member (f, "guideline_refs", KIND_STRINGS, FALSE, finding_where, error) ||
          !check_member (f, "evidence", KIND_OBJECT, FALSE, finding_where, error))
        return FALSE;
      {
        MamoriStatus status;
        MamoriSeverity severity;
        const char *severity_text = json_object_get_string_member_with_default (f, "severity", NULL);

        if (!mamori_status_from_string (json_object_get_string_member (f, "status"), &status))
          {
            g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA,
                         _("%s: “%s” is not a status"), finding_where,
                         json_object_get_string_member (f, "status"));
            return FALSE;
          }
        if (severity_text != NULL && !mamori_severity_from_string (severity_text, &severity))
          {
            g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA,
                         _("%s: “%s” is not a severity"), finding_where, severity_text);
            return FALSE;
          }
      }
    }
  return check_strings (root, where, error);
}

MamoriRunResult *
mamori_report_load_data (const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;

  if (length > MAMORI_REPORT_MAX_INPUT_BYTES)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA,
                   _("The result is larger than %d MiB"), MAMORI_REPORT_MAX_INPUT_BYTES >> 20);
      return NULL;
    }
  if (!g_utf8_validate (data, (gssize) length, NULL))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("The result is not UTF-8 text"));
      return NULL;
    }
  if (!check_depth (data, length, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      /* json-glib may quote a token cut in the middle of a character (found by fuzzing). */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("The result is not valid JSON: %s"),
                   message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL || !validate_result (json_parser_get_root (parser), error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("The result is empty"));
      return NULL;
    }
  return mamori_run_result_new_from_json (json_parser_get_root (parser), error);
}

MamoriRunResult *
mamori_report_load_file (const char  *path,
                         GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  MamoriRunResult *result;

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  /* An empty file maps to NULL contents. */
  result = mamori_report_load_data (g_mapped_file_get_contents (file) != NULL
                                    ? g_mapped_file_get_contents (file) : "",
                                    g_mapped_file_get_length (file), &local_error);
  if (result == NULL)
    g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, "%s: %s", path, local_error->message);
  return result;
}

/* ---- CSV --------------------------------------------------------------------------------- */

/* RFC 4180 quoting; a leading = + - @ is neutralised so that spreadsheets never run a cell
 * from an untrusted result as a formula. */
void
mamori_report_csv_append_field (GString    *out,
                                const char *value,
                                gboolean    last)
{
  const char *v = value != NULL ? value : "";
  gboolean formula = strchr ("=+-@\t\r", v[0]) != NULL && v[0] != '\0';

  if (formula || strpbrk (v, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      if (formula)
        g_string_append_c (out, '\'');
      for (const char *p = v; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    {
      g_string_append (out, v);
    }
  g_string_append (out, last ? "\r\n" : ",");
}

GBytes *
mamori_report_render_csv (MamoriRunResult *result)
{
  static const char * const header[] = {
    "organisation", "subject", "check_id", "facet", "status", "severity", "message",
    "remediation", "record", "guideline_refs",
  };
  GString *out = g_string_new ("\xEF\xBB\xBF");   /* the BOM: Japanese Excel reads UTF-8 then */
  const char *org = result->profile->name != NULL ? result->profile->name : "";

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    mamori_report_csv_append_field (out, header[i], i + 1 == G_N_ELEMENTS (header));
  for (guint i = 0; i < result->findings->len; i++)
    {
      MamoriFinding *f = g_ptr_array_index (result->findings, i);
      g_autofree char *message = mamori_finding_render_message (f);
      g_autofree char *remediation = mamori_finding_render_remediation (f);
      const char * const *refs = mamori_finding_get_guideline_refs (f);
      g_autofree char *joined = refs != NULL ? g_strjoinv (" ", (char **) refs) : NULL;

      mamori_report_csv_append_field (out, org, FALSE);
      mamori_report_csv_append_field (out, mamori_finding_get_subject (f), FALSE);
      mamori_report_csv_append_field (out, mamori_finding_get_check_id (f), FALSE);
      mamori_report_csv_append_field (out, mamori_finding_get_facet (f), FALSE);
      mamori_report_csv_append_field (out, mamori_status_to_string (mamori_finding_get_status (f)), FALSE);
      mamori_report_csv_append_field (out, mamori_severity_to_string (mamori_finding_get_severity (f)), FALSE);
      mamori_report_csv_append_field (out, message, FALSE);
      mamori_report_csv_append_field (out, remediation, FALSE);
      mamori_report_csv_append_field (out, mamori_finding_get_record (f), FALSE);
      mamori_report_csv_append_field (out, joined, TRUE);
    }
  return g_string_free_to_bytes (out);
}

/* ---- JSON -------------------------------------------------------------------------------- */

GBytes *
mamori_report_render_json (MamoriRunResult *result)
{
  g_autoptr(JsonNode) root = mamori_run_result_to_json (result);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *text;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

/* ---- dispatch and files ------------------------------------------------------------------ */

GBytes *
mamori_report_render (MamoriRunResult     *result,
                      MamoriReportFormat   format,
                      const char          *lang,
                      GError             **error)
{
  g_return_val_if_fail (result != NULL, NULL);

  switch (format)
    {
    case MAMORI_REPORT_FORMAT_PDF:  return mamori_report_render_pdf (result, lang, error);
    case MAMORI_REPORT_FORMAT_HTML: return mamori_report_render_html (result, lang);
    case MAMORI_REPORT_FORMAT_CSV:  return mamori_report_render_csv (result);
    case MAMORI_REPORT_FORMAT_JSON: return mamori_report_render_json (result);
    default:
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_INVALID_INPUT, _("Unknown report format"));
      return NULL;
    }
}

gboolean
mamori_report_write_file (MamoriRunResult     *result,
                          MamoriReportFormat   format,
                          const char          *lang,
                          const char          *path,
                          GError             **error)
{
  g_autoptr(GBytes) bytes = mamori_report_render (result, format, lang, error);
  gsize length;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &length);
  /* g_file_set_contents writes a temporary file next to path and renames it into place. */
  return g_file_set_contents (path, data != NULL ? data : "", (gssize) length, error);
}
