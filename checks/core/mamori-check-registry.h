/* SPDX-License-Identifier: GPL-3.0-or-later */
/* All checks known to this process: the built-in table plus loaded plug-ins. */
#pragma once

#include <glib-object.h>

#include "mamori-check.h"

G_BEGIN_DECLS

#define MAMORI_TYPE_CHECK_REGISTRY (mamori_check_registry_get_type ())

G_DECLARE_FINAL_TYPE (MamoriCheckRegistry, mamori_check_registry, MAMORI, CHECK_REGISTRY, GObject)

/* An empty registry. */
MamoriCheckRegistry          *mamori_check_registry_new          (void);
/* A registry holding every built-in check. */
MamoriCheckRegistry          *mamori_check_registry_new_builtin  (void);
gboolean                      mamori_check_registry_add          (MamoriCheckRegistry          *self,
                                                                  const MamoriCheckDescriptor  *descriptor,
                                                                  GError                      **error);
const MamoriCheckDescriptor  *mamori_check_registry_lookup       (MamoriCheckRegistry          *self,
                                                                  const char                   *id);
/* Descriptors in registration order; the array is owned by the registry. */
GPtrArray                    *mamori_check_registry_get_checks   (MamoriCheckRegistry          *self);
gboolean                      mamori_check_registry_load_plugin  (MamoriCheckRegistry          *self,
                                                                  const char                   *path,
                                                                  GError                      **error);
/* Loads every *.so in dir; a missing dir is not an error. Failures are collected in
 * *failures (one translated line each) so that one bad plug-in never hides the others. */
guint                         mamori_check_registry_load_plugins (MamoriCheckRegistry          *self,
                                                                  const char                   *dir,
                                                                  GStrv                        *failures);

/* The built-in table (checks/core/mamori-builtin-checks.c). */
const MamoriCheckDescriptor * const *mamori_builtin_checks (void);

G_END_DECLS
