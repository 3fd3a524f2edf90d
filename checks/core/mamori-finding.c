/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-error.h"
#include "mamori-finding.h"
#include "mamori-message.h"

struct _MamoriFinding
{
  GObject         parent_instance;

  char           *check_id;
  char           *subject;
  char           *facet;
  MamoriStatus    status;
  MamoriSeverity  severity;
  char           *message_id;
  GStrv           message_params;
  char           *remediation_id;
  GStrv           remediation_params;
  char           *record;
  JsonObject     *evidence;
  GStrv           guideline_refs;
};

G_DEFINE_FINAL_TYPE (MamoriFinding, mamori_finding, G_TYPE_OBJECT)

static const char *status_names[] = {
  [MAMORI_STATUS_PASS] = "pass",
  [MAMORI_STATUS_WARN] = "warn",
  [MAMORI_STATUS_FAIL] = "fail",
  [MAMORI_STATUS_INFO] = "info",
  [MAMORI_STATUS_ERROR] = "error",
  [MAMORI_STATUS_NOT_APPLICABLE] = "not_applicable",
};

static const char *status_labels[] = {
  /* Translators: status words shown next to an icon and a colour */
  [MAMORI_STATUS_PASS] = N_("Pass"),
  [MAMORI_STATUS_WARN] = N_("Warning"),
  [MAMORI_STATUS_FAIL] = N_("Fail"),
  [MAMORI_STATUS_INFO] = N_("Info"),
  [MAMORI_STATUS_ERROR] = N_("Could not check"),
  [MAMORI_STATUS_NOT_APPLICABLE] = N_("Not applicable"),
};

static const char *severity_names[] = {
  [MAMORI_SEVERITY_INFO] = "info",
  [MAMORI_SEVERITY_LOW] = "low",
  [MAMORI_SEVERITY_MEDIUM] = "medium",
  [MAMORI_SEVERITY_HIGH] = "high",
};

const char *
mamori_status_to_string (MamoriStatus status)
{
  g_return_val_if_fail (status <= MAMORI_STATUS_NOT_APPLICABLE, "error");
  return status_names[status];
}

const char *
mamori_status_to_label (MamoriStatus status)
{
  g_return_val_if_fail (status <= MAMORI_STATUS_NOT_APPLICABLE, "");
  return g_dgettext (GETTEXT_PACKAGE, status_labels[status]);
}

gboolean
mamori_status_from_string (const char   *str,
                           MamoriStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_strcmp0 (str, status_names[i]) == 0)
        {
          *status = (MamoriStatus) i;
          return TRUE;
        }
    }
  return FALSE;
}

int
mamori_status_rank (MamoriStatus status)
{
  switch (status)
    {
    case MAMORI_STATUS_NOT_APPLICABLE: return 0;
    case MAMORI_STATUS_PASS:           return 1;
    case MAMORI_STATUS_INFO:           return 2;
    case MAMORI_STATUS_WARN:           return 3;
    case MAMORI_STATUS_ERROR:          return 4;
    case MAMORI_STATUS_FAIL:           return 5;
    default:                           return 4;
    }
}

const char *
mamori_severity_to_string (MamoriSeverity severity)
{
  g_return_val_if_fail (severity <= MAMORI_SEVERITY_HIGH, "info");
  return severity_names[severity];
}

gboolean
mamori_severity_from_string (const char     *str,
                             MamoriSeverity *severity)
{
  for (guint i = 0; i < G_N_ELEMENTS (severity_names); i++)
    {
      if (g_strcmp0 (str, severity_names[i]) == 0)
        {
          *severity = (MamoriSeverity) i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
mamori_finding_finalize (GObject *object)
{
  MamoriFinding *self = (MamoriFinding *) object;

  g_free (self->check_id);
  g_free (self->subject);
  g_free (self->facet);
  g_free (self->message_id);
  g_strfreev (self->message_params);
  g_free (self->remediation_id);
  g_strfreev (self->remediation_params);
  g_free (self->record);
  g_clear_pointer (&self->evidence, json_object_unref);
  g_strfreev (self->guideline_refs);

  G_OBJECT_CLASS (mamori_finding_parent_class)->finalize (object);
}

static void
mamori_finding_class_init (MamoriFindingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mamori_finding_finalize;
}

static void
mamori_finding_init (MamoriFinding *self)
{
  self->evidence = json_object_new ();
}

MamoriFinding *
mamori_finding_new (const char     *check_id,
                    const char     *subject,
                    MamoriStatus    status,
                    MamoriSeverity  severity)
{
  MamoriFinding *self;

  g_return_val_if_fail (check_id != NULL, NULL);

  self = g_object_new (MAMORI_TYPE_FINDING, NULL);
  self->check_id = g_strdup (check_id);
  self->subject = g_strdup (subject != NULL ? subject : "");
  self->status = status;
  self->severity = severity;
  return self;
}

const char *
mamori_finding_get_check_id (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);
  return self->check_id;
}

const char *
mamori_finding_get_subject (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);
  return self->subject;
}

MamoriStatus
mamori_finding_get_status (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), MAMORI_STATUS_ERROR);
  return self->status;
}

void
mamori_finding_set_status (MamoriFinding *self,
                           MamoriStatus   status)
{
  g_return_if_fail (MAMORI_IS_FINDING (self));
  self->status = status;
}

MamoriSeverity
mamori_finding_get_severity (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), MAMORI_SEVERITY_INFO);
  return self->severity;
}

void
mamori_finding_set_severity (MamoriFinding  *self,
                             MamoriSeverity  severity)
{
  g_return_if_fail (MAMORI_IS_FINDING (self));
  self->severity = severity;
}

const char *
mamori_finding_get_facet (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);
  return self->facet;
}

void
mamori_finding_set_facet (MamoriFinding *self,
                          const char    *facet)
{
  g_return_if_fail (MAMORI_IS_FINDING (self));
  g_free (self->facet);
  self->facet = g_strdup (facet);
}

static GStrv
collect_params (va_list args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *param;

  while ((param = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, param);
  return g_strv_builder_end (builder);
}

void
mamori_finding_set_message (MamoriFinding *self,
                            const char    *msgid,
                            ...)
{
  va_list args;

  g_return_if_fail (MAMORI_IS_FINDING (self));

  g_free (self->message_id);
  g_strfreev (self->message_params);
  self->message_id = g_strdup (msgid);
  va_start (args, msgid);
  self->message_params = collect_params (args);
  va_end (args);
}

void
mamori_finding_set_message_v (MamoriFinding      *self,
                              const char         *msgid,
                              const char * const *params)
{
  g_return_if_fail (MAMORI_IS_FINDING (self));

  g_free (self->message_id);
  g_strfreev (self->message_params);
  self->message_id = g_strdup (msgid);
  self->message_params = params != NULL ? g_strdupv ((char **) params) : g_new0 (char *, 1);
}

const char *
mamori_finding_get_message_id (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);
  return self->message_id;
}

const char * const *
mamori_finding_get_message_params (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);
  return (const char * const *) self->message_params;
}

char *
mamori_finding_render_message (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);
  return mamori_message_render (self->message_id, (const char * const *) self->message_params);
}

void
mamori_finding_set_remediation (MamoriFinding *self,
                                const char    *msgid,
                                ...)
{
  va_list args;

  g_return_if_fail (MAMORI_IS_FINDING (self));

  g_free (self->remediation_id);
  g_strfreev (self->remediation_params);
  self->remediation_id = g_strdup (msgid);
  va_start (args, msgid);
  self->remediation_params = collect_params (args);
  va_end (args);
}

void
mamori_finding_set_remediation_v (MamoriFinding      *self,
                                  const char         *msgid,
                                  const char * const *params)
{
  g_return_if_fail (MAMORI_IS_FINDING (self));

  g_free (self->remediation_id);
  g_strfreev (self->remediation_params);
  self->remediation_id = g_strdup (msgid);
  self->remediation_params = params != NULL ? g_strdupv ((char **) params) : g_new0 (char *, 1);
}

const char *
mamori_finding_get_remediation_id (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);
  return self->remediation_id;
}

const char * const *
mamori_finding_get_remediation_params (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);
  return (const char * const *) self->remediation_params;
}

char *
mamori_finding_render_remediation (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);
  return mamori_message_render (self->remediation_id,
                                (const char * const *) self->remediation_params);
}

const char *
mamori_finding_get_record (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);
  return self->record;
}

void
mamori_finding_set_record (MamoriFinding *self,
                           const char    *record)
{
  g_return_if_fail (MAMORI_IS_FINDING (self));
  g_free (self->record);
  self->record = g_strdup (record);
}

JsonObject *
mamori_finding_get_evidence (MamoriFinding *self)
{
  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);
  return self->evidence;
}

/* Evidence holds bytes from the network: keep it valid UTF-8 so every exporter can use it. */
static char *
make_valid (const char *value)
{
  if (value == NULL)
    return NULL;
  return g_utf8_make_valid (value, -1);
}

void
mamori_finding_add_evidence_string (MamoriFinding *self,
                                    const char    *key,
                                    const char    *value)
{
  g_return_if_fail (MAMORI_IS_FINDING (self));
  g_return_if_fail (key != NULL);

  if (value == NULL)
    {
      json_object_set_null_member (self->evidence, key);
    }
  else
    {
      g_autofree char *valid = make_valid (value);
      json_object_set_string_member (self->evidence, key, valid);
    }
}

void
mamori_finding_add_evidence_int (MamoriFinding *self,
                                 const char    *key,
                                 gint64         value)
{
  g_return_if_fail (MAMORI_IS_FINDING (self));
  json_object_set_int_member (self->evidence, key, value);
}

void
mamori_finding_add_evidence_strv (MamoriFinding      *self,
                                  const char         *key,
                                  const char * const *values)
{
  JsonArray *array;

  g_return_if_fail (MAMORI_IS_FINDING (self));

  array = json_array_new ();
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_autofree char *valid = make_valid (values[i]);
      json_array_add_string_element (array, valid);
    }
  json_object_set_array_member (self->evidence, key, array);
}

void
mamori_finding_add_evidence_texts (MamoriFinding *self,
                                   const char    *key,
                                   GPtrArray     *texts)
{
  JsonArray *array;

  g_return_if_fail (MAMORI_IS_FINDING (self));

  array = json_array_new ();
  for (guint i = 0; texts != NULL && i < texts->len; i++)
    {
      g_autofree char *text = mamori_message_text_from_bytes (g_ptr_array_index (texts, i));
      json_array_add_string_element (array, text);
    }
  json_object_set_array_member (self->evidence, key, array);
}

void
mamori_finding_add_evidence_node (MamoriFinding *self,
                                  const char    *key,
                                  JsonNode      *node)
{
  g_return_if_fail (MAMORI_IS_FINDING (self));
  json_object_set_member (self->evidence, key, node);
}

const char * const *
mamori_finding_get_guideline_refs (MamoriFinding *self)
{
  static const char * const empty[] = { NULL };

  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);
  return self->guideline_refs != NULL ? (const char * const *) self->guideline_refs : empty;
}

void
mamori_finding_set_guideline_refs (MamoriFinding      *self,
                                   const char * const *refs)
{
  g_return_if_fail (MAMORI_IS_FINDING (self));
  g_strfreev (self->guideline_refs);
  self->guideline_refs = g_strdupv ((char **) refs);
}

static void
add_strv (JsonBuilder        *builder,
          const char         *name,
          const char * const *values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

JsonNode *
mamori_finding_to_json (MamoriFinding *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *message = NULL;
  g_autofree char *remediation = NULL;
  JsonNode *evidence;

  g_return_val_if_fail (MAMORI_IS_FINDING (self), NULL);

  message = mamori_finding_render_message (self);
  remediation = mamori_finding_render_remediation (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "check_id");
  json_builder_add_string_value (builder, self->check_id);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, self->subject);
  if (self->facet != NULL)
    {
      json_builder_set_member_name (builder, "facet");
      json_builder_add_string_value (builder, self->facet);
    }
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, mamori_status_to_string (self->status));
  json_builder_set_member_name (builder, "severity");
  json_builder_add_string_value (builder, mamori_severity_to_string (self->severity));
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "remediation");
  json_builder_add_string_value (builder, remediation);
  if (self->record != NULL)
    {
      json_builder_set_member_name (builder, "record");
      json_builder_add_string_value (builder, self->record);
    }
  json_builder_set_member_name (builder, "evidence");
  evidence = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (evidence, self->evidence);
  json_builder_add_value (builder, evidence);
  add_strv (builder, "guideline_refs", mamori_finding_get_guideline_refs (self));
  json_builder_set_member_name (builder, "message_id");
  json_builder_add_string_value (builder, self->message_id != NULL ? self->message_id : "");
  add_strv (builder, "message_params", (const char * const *) self->message_params);
  if (self->remediation_id != NULL)
    {
      json_builder_set_member_name (builder, "remediation_id");
      json_builder_add_string_value (builder, self->remediation_id);
      add_strv (builder, "remediation_params", (const char * const *) self->remediation_params);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static GStrv
strv_member (JsonObject *object,
             const char *name)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  return g_strv_builder_end (builder);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

MamoriFinding *
mamori_finding_new_from_json (JsonNode  *node,
                              GError   **error)
{
  g_autoptr(MamoriFinding) self = NULL;
  JsonObject *object;
  JsonNode *evidence;
  const char *check_id;
  MamoriStatus status;
  MamoriSeverity severity = MAMORI_SEVERITY_INFO;
  g_auto(GStrv) refs = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("A finding is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  check_id = string_member (object, "check_id");
  if (check_id == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("A finding has no “check_id”"));
      return NULL;
    }
  if (!mamori_status_from_string (string_member (object, "status"), &status))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA,
                   _("The finding of “%s” has an unknown status"), check_id);
      return NULL;
    }
  mamori_severity_from_string (string_member (object, "severity"), &severity);

  self = mamori_finding_new (check_id, string_member (object, "subject"), status, severity);
  mamori_finding_set_facet (self, string_member (object, "facet"));
  mamori_finding_set_record (self, string_member (object, "record"));

  /* Prefer the ids, so the finding can be rendered in another language; fall back to the
   * rendered text (results from other tools or older versions). */
  if (string_member (object, "message_id") != NULL && *string_member (object, "message_id"))
    {
      g_auto(GStrv) params = strv_member (object, "message_params");
      mamori_finding_set_message_v (self, string_member (object, "message_id"),
                                    (const char * const *) params);
    }
  else
    {
      mamori_finding_set_message_v (self, string_member (object, "message"), NULL);
    }
  if (string_member (object, "remediation_id") != NULL)
    {
      g_auto(GStrv) params = strv_member (object, "remediation_params");
      mamori_finding_set_remediation_v (self, string_member (object, "remediation_id"),
                                        (const char * const *) params);
    }
  else if (string_member (object, "remediation") != NULL)
    {
      mamori_finding_set_remediation_v (self, string_member (object, "remediation"), NULL);
    }

  evidence = json_object_get_member (object, "evidence");
  if (evidence != NULL && JSON_NODE_HOLDS_OBJECT (evidence))
    {
      json_object_unref (self->evidence);
      self->evidence = json_object_ref (json_node_get_object (evidence));
    }
  refs = strv_member (object, "guideline_refs");
  mamori_finding_set_guideline_refs (self, (const char * const *) refs);

  return g_steal_pointer (&self);
}
