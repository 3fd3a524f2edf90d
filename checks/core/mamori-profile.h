/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The organisation being checked: who it is and what it owns. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  MAMORI_ORG_KIND_SME,
  MAMORI_ORG_KIND_MUNICIPALITY,
} MamoriOrgKind;

typedef struct _MamoriProfile MamoriProfile;

struct _MamoriProfile
{
  char          *name;
  MamoriOrgKind  kind;
  GStrv          domains;          /* ASCII (A-label) form */
  GStrv          dkim_selectors;   /* selectors the user named; may be empty */
  char          *notes;
};

#define MAMORI_TYPE_PROFILE (mamori_profile_get_type ())

GType          mamori_profile_get_type        (void) G_GNUC_CONST;
MamoriProfile *mamori_profile_new             (const char    *name,
                                               MamoriOrgKind  kind);
MamoriProfile *mamori_profile_ref             (MamoriProfile *self);
void           mamori_profile_unref           (MamoriProfile *self);
void           mamori_profile_add_domain      (MamoriProfile *self,
                                               const char    *domain);
void           mamori_profile_add_dkim_selector (MamoriProfile *self,
                                                 const char    *selector);
const char    *mamori_org_kind_to_string      (MamoriOrgKind  kind);
gboolean       mamori_org_kind_from_string    (const char    *str,
                                               MamoriOrgKind *kind);
JsonNode      *mamori_profile_to_json         (MamoriProfile *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MamoriProfile, mamori_profile_unref)

G_END_DECLS
