/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "mamori-test-utils.h"

MamoriCheckOptions *
mamori_test_lab_options (void)
{
  MamoriCheckOptions *options = mamori_check_options_new ();
  const char *resolver = g_getenv ("MAMORI_LAB_RESOLVER");
  const char *anchor = g_getenv ("MAMORI_LAB_TRUST_ANCHOR");

  if (resolver == NULL || anchor == NULL)
    g_error ("This test must run inside the DNS lab (tests/lab/dns-lab.py run -- …)");
  options->resolver = g_strdup (resolver);
  options->trust_anchor_file = g_strdup (anchor);
  options->timeout_ms = 3000;
  return options;
}

char *
mamori_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("mamori-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
mamori_test_rmdir_recursive (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        mamori_test_rmdir_recursive (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
mamori_test_spawn (const char * const *argv,
                   char              **out,
                   char              **err)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status,
                &error);
  g_assert_no_error (error);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return 128 + WTERMSIG (status);
}
