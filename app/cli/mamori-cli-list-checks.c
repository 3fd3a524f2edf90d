/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mamori-cli list-checks */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "mamori-check-registry.h"
#include "mamori-cli.h"

int
mamori_cli_list_checks (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MamoriCheckRegistry) registry = NULL;
  g_autofree char *format = NULL;
  g_autofree char *lang = NULL;
  g_auto(GStrv) failures = NULL;
  g_autofree char *plugin_dir = NULL;
  GPtrArray *checks;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("Output format"), "text|json" },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang, N_("Language of the output"), "ja|en" },
    { "plugin-dir", 0, 0, G_OPTION_ARG_FILENAME, &plugin_dir,
      N_("Directory of external check plug-ins"), N_("DIR") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("List the checks this Mamori can run."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      mamori_cli_error ("%s", error->message);
      return MAMORI_CLI_EXIT_USAGE;
    }
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "json"))
    {
      mamori_cli_error (_("--format must be “text” or “json”, not “%s”"), format);
      return MAMORI_CLI_EXIT_USAGE;
    }

  registry = mamori_check_registry_new_builtin ();
  mamori_check_registry_load_plugins (registry,
                                      plugin_dir != NULL ? plugin_dir
                                      : g_getenv ("MAMORI_PLUGIN_DIR") != NULL
                                        ? g_getenv ("MAMORI_PLUGIN_DIR") : MAMORI_PLUGINDIR,
                                      &failures);
  for (guint i = 0; failures != NULL && failures[i] != NULL; i++)
    mamori_cli_error ("%s", failures[i]);

  checks = mamori_check_registry_get_checks (registry);
  if (format != NULL && g_str_equal (format, "json"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < checks->len; i++)
        {
          const MamoriCheckDescriptor *d = g_ptr_array_index (checks, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, d->id);
          json_builder_set_member_name (builder, "family");
          json_builder_add_string_value (builder, mamori_check_family_to_string (d->family));
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, mamori_check_descriptor_get_title (d));
          json_builder_set_member_name (builder, "description");
          json_builder_add_string_value (builder, d->description != NULL
                                         ? mamori_check_descriptor_get_description (d) : "");
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      mamori_cli_print_json (root, TRUE);
    }
  else
    {
      for (guint i = 0; i < checks->len; i++)
        {
          const MamoriCheckDescriptor *d = g_ptr_array_index (checks, i);

          printf ("%-26s %s\n", d->id, mamori_check_descriptor_get_title (d));
        }
    }
  return MAMORI_CLI_EXIT_OK;
}
