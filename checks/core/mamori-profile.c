/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mamori-profile.h"

G_DEFINE_BOXED_TYPE (MamoriProfile, mamori_profile, mamori_profile_ref, mamori_profile_unref)

static void
profile_clear (MamoriProfile *self)
{
  g_free (self->name);
  g_strfreev (self->domains);
  g_strfreev (self->dkim_selectors);
  g_free (self->notes);
}

MamoriProfile *
mamori_profile_new (const char    *name,
                    MamoriOrgKind  kind)
{
  MamoriProfile *self = g_atomic_rc_box_new0 (MamoriProfile);

  self->name = g_strdup (name != NULL ? name : "");
  self->kind = kind;
  self->domains = g_new0 (char *, 1);
  self->dkim_selectors = g_new0 (char *, 1);
  return self;
}

MamoriProfile *
mamori_profile_ref (MamoriProfile *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
mamori_profile_unref (MamoriProfile *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) profile_clear);
}

static void
strv_append (GStrv      *strv,
             const char *value)
{
  guint n = g_strv_length (*strv);

  if (g_strv_contains ((const char * const *) *strv, value))
    return;
  *strv = g_renew (char *, *strv, n + 2);
  (*strv)[n] = g_strdup (value);
  (*strv)[n + 1] = NULL;
}

void
mamori_profile_add_domain (MamoriProfile *self,
                           const char    *domain)
{
  g_return_if_fail (domain != NULL);
  strv_append (&self->domains, domain);
}

void
mamori_profile_add_dkim_selector (MamoriProfile *self,
                                  const char    *selector)
{
  g_return_if_fail (selector != NULL);
  strv_append (&self->dkim_selectors, selector);
}

const char *
mamori_org_kind_to_string (MamoriOrgKind kind)
{
  return kind == MAMORI_ORG_KIND_MUNICIPALITY ? "municipality" : "sme";
}

gboolean
mamori_org_kind_from_string (const char    *str,
                             MamoriOrgKind *kind)
{
  if (g_strcmp0 (str, "sme") == 0)
    *kind = MAMORI_ORG_KIND_SME;
  else if (g_strcmp0 (str, "municipality") == 0)
    *kind = MAMORI_ORG_KIND_MUNICIPALITY;
  else
    return FALSE;
  return TRUE;
}

JsonNode *
mamori_profile_to_json (MamoriProfile *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, mamori_org_kind_to_string (self->kind));
  json_builder_set_member_name (builder, "domains");
  json_builder_begin_array (builder);
  for (guint i = 0; self->domains[i] != NULL; i++)
    json_builder_add_string_value (builder, self->domains[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
