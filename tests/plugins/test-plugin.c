/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A tiny external check plug-in, built like a third party would build one. */
#include "config.h"

#include <gmodule.h>

#include "mamori-check.h"

#ifdef TEST_WRONG_ABI
G_MODULE_EXPORT const guint32 mamori_check_plugin_abi_version = MAMORI_CHECK_ABI_VERSION + 41;
#else
G_MODULE_EXPORT const guint32 mamori_check_plugin_abi_version = MAMORI_CHECK_ABI_VERSION;
#endif

G_MODULE_EXPORT const MamoriCheckDescriptor * const *mamori_check_plugin_register (void);

static gboolean
hello_run (MamoriCheckContext  *ctx,
           GError             **error)
{
  MamoriFinding *finding = mamori_check_context_add_finding (ctx, MAMORI_STATUS_PASS,
                                                             MAMORI_SEVERITY_INFO);

  mamori_finding_set_message (finding, "Hello from a plug-in about {0}",
                              mamori_check_context_get_subject (ctx), NULL);
  return TRUE;
}

static const MamoriCheckDescriptor hello = {
  .id = "cloud.test_plugin_hello",
  .family = MAMORI_FAMILY_CLOUD,
  .title = "Plug-in test check",
  .description = "Says hello.",
  .needs = MAMORI_CHECK_NEEDS_DOMAIN,
  .run = hello_run,
  .gettext_domain = "mamori-test-plugin",
};

static const MamoriCheckDescriptor * const checks[] = { &hello, NULL };

const MamoriCheckDescriptor * const *
mamori_check_plugin_register (void)
{
  return checks;
}
