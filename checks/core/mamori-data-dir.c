/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "mamori-data-dir.h"

const char *
mamori_data_dir_get (void)
{
  static gsize dir;

  if (g_once_init_enter (&dir))
    {
      const char *env = g_getenv ("MAMORI_DATA_DIR");
      char *found;

      if (env != NULL && *env != '\0')
        found = g_strdup (env);
      else if (g_file_test (MAMORI_PKGDATADIR "/catalog", G_FILE_TEST_IS_DIR))
        found = g_strdup (MAMORI_PKGDATADIR);
      else
        found = g_strdup (MAMORI_SOURCE_DATADIR);
      g_once_init_leave (&dir, (gsize) found);
    }
  return (const char *) dir;
}

char *
mamori_data_dir_get_file (const char *relative)
{
  return g_build_filename (mamori_data_dir_get (), relative, NULL);
}

const char *
mamori_data_dir_get_locale_dir (void)
{
  const char *env = g_getenv ("MAMORI_LOCALEDIR");

  if (env != NULL && *env != '\0')
    return env;
  /* Run from the build tree: use the freshly compiled catalogs. */
  if (g_file_test (MAMORI_BUILD_LOCALEDIR, G_FILE_TEST_IS_DIR) &&
      !g_file_test (LOCALEDIR "/ja/LC_MESSAGES/" GETTEXT_PACKAGE ".mo", G_FILE_TEST_EXISTS))
    return MAMORI_BUILD_LOCALEDIR;
  return LOCALEDIR;
}
