/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The plug-in contract: what a check is, and what an external plug-in exports.
 *
 * An external plug-in is a shared object in the plug-in directory that exports
 *
 *   const guint32 mamori_check_plugin_abi_version = MAMORI_CHECK_ABI_VERSION;
 *   const MamoriCheckDescriptor * const *mamori_check_plugin_register (void);
 *
 * The loader reads the ABI version before anything else and refuses a mismatch.
 * Bump MAMORI_CHECK_ABI_VERSION whenever MamoriCheckDescriptor or the context
 * API that checks call changes incompatibly.
 */
#pragma once

#include <gio/gio.h>

#include "mamori-check-context.h"
#include "mamori-finding.h"

G_BEGIN_DECLS

#define MAMORI_CHECK_ABI_VERSION 1

typedef enum {
  MAMORI_FAMILY_DOMAIN,
  MAMORI_FAMILY_ROUTER,
  MAMORI_FAMILY_TELEWORK,
  MAMORI_FAMILY_CLOUD,
} MamoriCheckFamily;

typedef enum {
  MAMORI_CHECK_NEEDS_DOMAIN     = 1 << 0,   /* run once for each of the organisation's domains */
  MAMORI_CHECK_NEEDS_NETWORK    = 1 << 1,
  MAMORI_CHECK_NEEDS_LOCAL_HOST = 1 << 2,   /* inspects the computer it runs on */
  MAMORI_CHECK_NEEDS_OUTSIDE    = 1 << 3,   /* asks an outside service: skipped when offline */
} MamoriCheckNeeds;

/* Adds findings to ctx. Returns FALSE with error set when the check could not decide;
 * the runner turns that into an "error" finding, never a fail. */
typedef gboolean (*MamoriCheckRunFunc) (MamoriCheckContext  *ctx,
                                        GError             **error);

typedef struct {
  const char         *id;               /* stable, "family.name" */
  MamoriCheckFamily   family;
  const char         *title;            /* N_() string */
  const char         *description;      /* N_() string */
  MamoriCheckNeeds    needs;
  MamoriCheckRunFunc  run;
  const char         *gettext_domain;   /* NULL for Mamori's own; plug-ins name theirs */
  gpointer            reserved[4];
} MamoriCheckDescriptor;

typedef const MamoriCheckDescriptor * const *(*MamoriCheckPluginRegisterFunc) (void);

const char *mamori_check_family_to_string   (MamoriCheckFamily  family);
gboolean    mamori_check_family_from_string (const char        *str,
                                             MamoriCheckFamily *family);
const char *mamori_check_family_to_label    (MamoriCheckFamily  family);
const char *mamori_check_descriptor_get_title       (const MamoriCheckDescriptor *descriptor);
const char *mamori_check_descriptor_get_description (const MamoriCheckDescriptor *descriptor);

G_END_DECLS
