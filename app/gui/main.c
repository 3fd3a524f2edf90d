/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mamori: the desktop app. Everything but this file lives in the mamori-gui library. */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MamoriApplication) app = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *lang = NULL;
  GSettingsSchemaSource *source;

  mamori_application_mark_start ();
  source = g_settings_schema_source_get_default ();

  /* The language must be chosen before the first translated string is looked up. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      lang = g_settings_get_string (settings, "language");
    }
  mamori_application_setup_language (lang);
  g_set_application_name (_("Mamori"));

  app = mamori_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
