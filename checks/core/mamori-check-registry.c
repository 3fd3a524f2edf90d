/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>

#include "mamori-check-registry.h"
#include "mamori-error.h"

struct _MamoriCheckRegistry
{
  GObject     parent_instance;

  GPtrArray  *checks;    /* const MamoriCheckDescriptor* */
  GHashTable *by_id;
  GPtrArray  *modules;   /* GModule*, kept open for the registry's life */
};

G_DEFINE_FINAL_TYPE (MamoriCheckRegistry, mamori_check_registry, G_TYPE_OBJECT)

static void
mamori_check_registry_finalize (GObject *object)
{
  MamoriCheckRegistry *self = (MamoriCheckRegistry *) object;

  g_ptr_array_unref (self->checks);
  g_hash_table_unref (self->by_id);
  /* Modules are never closed: descriptors and run functions live in them, and a
   * finding or a worker thread may still point into one. */
  g_ptr_array_unref (self->modules);

  G_OBJECT_CLASS (mamori_check_registry_parent_class)->finalize (object);
}

static void
mamori_check_registry_class_init (MamoriCheckRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mamori_check_registry_finalize;
}

static void
mamori_check_registry_init (MamoriCheckRegistry *self)
{
  self->checks = g_ptr_array_new ();
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->modules = g_ptr_array_new ();
}

MamoriCheckRegistry *
mamori_check_registry_new (void)
{
  return g_object_new (MAMORI_TYPE_CHECK_REGISTRY, NULL);
}

MamoriCheckRegistry *
mamori_check_registry_new_builtin (void)
{
  MamoriCheckRegistry *self = mamori_check_registry_new ();
  const MamoriCheckDescriptor * const *builtin = mamori_builtin_checks ();

  for (guint i = 0; builtin[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!mamori_check_registry_add (self, builtin[i], &error))
        g_critical ("Built-in check table is broken: %s", error->message);
    }
  return self;
}

static gboolean
valid_check_id (const char *id)
{
  const char *dot;

  if (id == NULL || !g_ascii_islower (id[0]))
    return FALSE;
  dot = strchr (id, '.');
  if (dot == NULL || dot[1] == '\0' || strchr (dot + 1, '.') != NULL)
    return FALSE;
  for (const char *p = id; *p; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '.')
        return FALSE;
    }
  return TRUE;
}

gboolean
mamori_check_registry_add (MamoriCheckRegistry          *self,
                           const MamoriCheckDescriptor  *descriptor,
                           GError                      **error)
{
  g_return_val_if_fail (MAMORI_IS_CHECK_REGISTRY (self), FALSE);
  g_return_val_if_fail (descriptor != NULL, FALSE);

  if (!valid_check_id (descriptor->id))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PLUGIN,
                   _("“%s” is not a valid check id (expected family.name in lower case)"),
                   descriptor->id != NULL ? descriptor->id : "(null)");
      return FALSE;
    }
  if (descriptor->run == NULL || descriptor->title == NULL ||
      descriptor->family > MAMORI_FAMILY_CLOUD)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PLUGIN,
                   _("Check “%s” is incomplete (no title, run function or family)"),
                   descriptor->id);
      return FALSE;
    }
  if (g_hash_table_contains (self->by_id, descriptor->id))
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PLUGIN,
                   _("A check with the id “%s” is already registered"), descriptor->id);
      return FALSE;
    }

  g_ptr_array_add (self->checks, (gpointer) descriptor);
  g_hash_table_insert (self->by_id, (gpointer) descriptor->id, (gpointer) descriptor);
  return TRUE;
}

const MamoriCheckDescriptor *
mamori_check_registry_lookup (MamoriCheckRegistry *self,
                              const char          *id)
{
  g_return_val_if_fail (MAMORI_IS_CHECK_REGISTRY (self), NULL);
  return g_hash_table_lookup (self->by_id, id);
}

GPtrArray *
mamori_check_registry_get_checks (MamoriCheckRegistry *self)
{
  g_return_val_if_fail (MAMORI_IS_CHECK_REGISTRY (self), NULL);
  return self->checks;
}

gboolean
mamori_check_registry_load_plugin (MamoriCheckRegistry  *self,
                                   const char           *path,
                                   GError              **error)
{
  GModule *module;
  gpointer symbol = NULL;
  guint32 abi;
  MamoriCheckPluginRegisterFunc register_func;
  const MamoriCheckDescriptor * const *descriptors;
  g_autofree char *basename = g_path_get_basename (path);
  guint n_added = 0;

  g_return_val_if_fail (MAMORI_IS_CHECK_REGISTRY (self), FALSE);

  /* Lazy and local: the ABI symbol is read before any of the plug-in's code runs. */
  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PLUGIN,
                   _("Could not load the plug-in “%s”: %s"), basename, g_module_error ());
      return FALSE;
    }

  if (!g_module_symbol (module, "mamori_check_plugin_abi_version", &symbol) || symbol == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PLUGIN,
                   _("“%s” is not a Mamori plug-in: it does not say which ABI it was built for"),
                   basename);
      g_module_close (module);
      return FALSE;
    }
  abi = *(const guint32 *) symbol;
  if (abi != MAMORI_CHECK_ABI_VERSION)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PLUGIN,
                   _("The plug-in “%s” was built for plug-in ABI %u, but this Mamori needs ABI %u; "
                     "it was not loaded. Rebuild it against this version."),
                   basename, abi, (guint) MAMORI_CHECK_ABI_VERSION);
      g_module_close (module);
      return FALSE;
    }
  if (!g_module_symbol (module, "mamori_check_plugin_register", &symbol) || symbol == NULL)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PLUGIN,
                   _("The plug-in “%s” has no registration function"), basename);
      g_module_close (module);
      return FALSE;
    }

  register_func = (MamoriCheckPluginRegisterFunc) symbol;
  descriptors = register_func ();
  for (guint i = 0; descriptors != NULL && descriptors[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!mamori_check_registry_add (self, descriptors[i], &local_error))
        {
          g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PLUGIN,
                       _("The plug-in “%s” was refused: %s"), basename, local_error->message);
          /* Checks added before the bad one stay registered and their code must stay
           * mapped, so the module is kept open. */
          g_ptr_array_add (self->modules, module);
          return FALSE;
        }
      n_added++;
    }

  if (n_added == 0)
    {
      g_set_error (error, MAMORI_ERROR, MAMORI_ERROR_PLUGIN,
                   _("The plug-in “%s” registered no checks"), basename);
      g_module_close (module);
      return FALSE;
    }

  g_module_make_resident (module);
  g_ptr_array_add (self->modules, module);
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

guint
mamori_check_registry_load_plugins (MamoriCheckRegistry  *self,
                                    const char           *dir,
                                    GStrv                *failures)
{
  g_autoptr(GDir) gdir = NULL;
  g_autoptr(GStrvBuilder) failed = g_strv_builder_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint loaded = 0;

  g_return_val_if_fail (MAMORI_IS_CHECK_REGISTRY (self), 0);

  gdir = g_dir_open (dir, 0, NULL);
  while (gdir != NULL && (name = g_dir_read_name (gdir)) != NULL)
    {
      if (g_str_has_suffix (name, "." G_MODULE_SUFFIX))
        g_ptr_array_add (names, g_strdup (name));
    }
  /* A stable order, so duplicate ids are resolved the same way every time. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(GError) error = NULL;

      if (mamori_check_registry_load_plugin (self, path, &error))
        loaded++;
      else
        g_strv_builder_add (failed, error->message);
    }

  if (failures != NULL)
    *failures = g_strv_builder_end (failed);
  return loaded;
}
