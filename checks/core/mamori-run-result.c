/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-error.h"
#include "mamori-run-result.h"

G_DEFINE_BOXED_TYPE (MamoriRunResult, mamori_run_result, mamori_run_result_ref,
                     mamori_run_result_unref)

MamoriRunResult *
mamori_run_result_new (MamoriProfile *profile,
                       GPtrArray     *findings,
                       GDateTime     *started_at,
                       gint64         duration_ms)
{
  MamoriRunResult *self = g_atomic_rc_box_new0 (MamoriRunResult);

  self->profile = mamori_profile_ref (profile);
  self->findings = findings != NULL ? g_ptr_array_ref (findings)
                                    : g_ptr_array_new_with_free_func (g_object_unref);
  self->started_at = started_at != NULL ? g_date_time_ref (started_at)
                                        : g_date_time_new_now_utc ();
  self->duration_ms = duration_ms;
  return self;
}

MamoriRunResult *
mamori_run_result_ref (MamoriRunResult *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
run_result_clear (MamoriRunResult *self)
{
  mamori_profile_unref (self->profile);
  g_ptr_array_unref (self->findings);
  g_date_time_unref (self->started_at);
  g_free (self->catalog_version);
  g_clear_pointer (&self->scores, json_node_unref);
}

void
mamori_run_result_unref (MamoriRunResult *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) run_result_clear);
}

void
mamori_run_result_set_scores (MamoriRunResult *self,
                              const char      *catalog_version,
                              JsonNode        *scores)
{
  g_free (self->catalog_version);
  self->catalog_version = g_strdup (catalog_version);
  g_clear_pointer (&self->scores, json_node_unref);
  self->scores = scores != NULL ? json_node_ref (scores) : NULL;
}

JsonNode *
mamori_run_result_to_json (MamoriRunResult *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *started = g_date_time_format_iso8601 (self->started_at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mamori_version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "catalog_version");
  if (self->catalog_version != NULL)
    json_builder_add_string_value (builder, self->catalog_version);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "run_id");
  if (self->run_id > 0)
    json_builder_add_int_value (builder, self->run_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "organisation");
  json_builder_add_value (builder, mamori_profile_to_json (self->profile));
  json_builder_set_member_name (builder, "started_at");
  json_builder_add_string_value (builder, started);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, self->duration_ms);
  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->findings->len; i++)
    json_builder_add_value (builder, mamori_finding_to_json (g_ptr_array_index (self->findings, i)));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "scores");
  if (self->scores != NULL)
    json_builder_add_value (builder, json_node_copy (self->scores));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

MamoriRunResult *
mamori_run_result_new_from_json (JsonNode  *node,
                                 GError   **error)
{
  g_autoptr(MamoriProfile) profile = NULL;
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) started = NULL;
  MamoriRunResult *self;
  JsonObject *object, *org;
  JsonArray *array;
  MamoriOrgKind kind = MAMORI_ORG_KIND_SME;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("The result is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!json_object_has_member (object, "findings") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "findings")))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_DATA, _("The result has no “findings” list"));
      return NULL;
    }

  org = json_object_has_member (object, "organisation") &&
        JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "organisation"))
        ? json_object_get_object_member (object, "organisation") : NULL;
  if (org != NULL)
    {
      mamori_org_kind_from_string (json_object_get_string_member_with_default (org, "kind", "sme"),
                                   &kind);
      profile = mamori_profile_new (json_object_get_string_member_with_default (org, "name", ""),
                                    kind);
      if (json_object_has_member (org, "domains") &&
          JSON_NODE_HOLDS_ARRAY (json_object_get_member (org, "domains")))
        {
          JsonArray *domains = json_object_get_array_member (org, "domains");

          for (guint i = 0; i < json_array_get_length (domains); i++)
            {
              JsonNode *d = json_array_get_element (domains, i);
              if (JSON_NODE_HOLDS_VALUE (d) && json_node_get_value_type (d) == G_TYPE_STRING)
                mamori_profile_add_domain (profile, json_node_get_string (d));
            }
        }
    }
  else
    {
      profile = mamori_profile_new ("", MAMORI_ORG_KIND_SME);
    }

  array = json_object_get_array_member (object, "findings");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      MamoriFinding *finding = mamori_finding_new_from_json (json_array_get_element (array, i),
                                                             error);
      if (finding == NULL)
        return NULL;
      g_ptr_array_add (findings, finding);
    }

  {
    const char *text = json_object_get_string_member_with_default (object, "started_at", NULL);
    if (text != NULL)
      started = g_date_time_new_from_iso8601 (text, NULL);
  }

  self = mamori_run_result_new (profile, findings, started,
                                json_object_get_int_member_with_default (object, "duration_ms", 0));
  self->run_id = json_object_get_int_member_with_default (object, "run_id", 0);
  {
    JsonNode *version = json_object_get_member (object, "catalog_version");
    JsonNode *scores = json_object_get_member (object, "scores");

    if (version != NULL && JSON_NODE_HOLDS_VALUE (version) &&
        json_node_get_value_type (version) == G_TYPE_STRING)
      self->catalog_version = g_strdup (json_node_get_string (version));
    if (scores != NULL && JSON_NODE_HOLDS_OBJECT (scores))
      self->scores = json_node_copy (scores);
  }
  return self;
}

void
mamori_run_result_count (MamoriRunResult *self,
                         guint            counts[6])
{
  memset (counts, 0, sizeof (guint) * 6);
  for (guint i = 0; i < self->findings->len; i++)
    counts[mamori_finding_get_status (g_ptr_array_index (self->findings, i))]++;
}
