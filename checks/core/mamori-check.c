/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mamori-check.h"

static const char *family_names[] = {
  [MAMORI_FAMILY_DOMAIN] = "domain",
  [MAMORI_FAMILY_ROUTER] = "router",
  [MAMORI_FAMILY_TELEWORK] = "telework",
  [MAMORI_FAMILY_CLOUD] = "cloud",
};

static const char *family_labels[] = {
  [MAMORI_FAMILY_DOMAIN] = N_("Domain and email"),
  [MAMORI_FAMILY_ROUTER] = N_("Router"),
  [MAMORI_FAMILY_TELEWORK] = N_("Telework PC"),
  [MAMORI_FAMILY_CLOUD] = N_("Cloud"),
};

const char *
mamori_check_family_to_string (MamoriCheckFamily family)
{
  g_return_val_if_fail (family <= MAMORI_FAMILY_CLOUD, "domain");
  return family_names[family];
}

const char *
mamori_check_family_to_label (MamoriCheckFamily family)
{
  g_return_val_if_fail (family <= MAMORI_FAMILY_CLOUD, "");
  return g_dgettext (GETTEXT_PACKAGE, family_labels[family]);
}

gboolean
mamori_check_family_from_string (const char        *str,
                                 MamoriCheckFamily *family)
{
  for (guint i = 0; i < G_N_ELEMENTS (family_names); i++)
    {
      if (g_strcmp0 (str, family_names[i]) == 0)
        {
          *family = (MamoriCheckFamily) i;
          return TRUE;
        }
    }
  return FALSE;
}

static const char *
descriptor_domain (const MamoriCheckDescriptor *descriptor)
{
  return descriptor->gettext_domain != NULL ? descriptor->gettext_domain : GETTEXT_PACKAGE;
}

const char *
mamori_check_descriptor_get_title (const MamoriCheckDescriptor *descriptor)
{
  return g_dgettext (descriptor_domain (descriptor), descriptor->title);
}

const char *
mamori_check_descriptor_get_description (const MamoriCheckDescriptor *descriptor)
{
  return g_dgettext (descriptor_domain (descriptor), descriptor->description);
}
