/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Replays a fuzz target's seed corpus as a normal GLib test, one test path per file, so that
 * every CI run (without clang or libFuzzer) exercises the target's body. Built once per
 * target with FUZZ_NAME and FUZZ_CORPUS_DIR defined.
 */
#include "config.h"

#include <stdint.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* g_ptr_array_sort passes pointers to the elements. */
static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
replay_file (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  /* An exact-size copy: ASan builds then catch a read one byte past the input. */
  {
    g_autofree guint8 *copy = g_memdup2 (contents, len);
    g_assert_cmpint (LLVMFuzzerTestOneInput (copy, len), ==, 0);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_open (FUZZ_CORPUS_DIR, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  /* An empty corpus would make this test pass without testing anything. */
  g_assert_cmpuint (names->len, >, 0);

  for (guint i = 0; i < names->len; i++)
    {
      char *path = g_build_filename (FUZZ_CORPUS_DIR, names->pdata[i], NULL);
      g_autofree char *test_path = g_strdup_printf ("/mamori/fuzz/%s/replay/%s", FUZZ_NAME,
                                                    (const char *) names->pdata[i]);

      g_ptr_array_add (paths, path);
      g_test_add_data_func (test_path, path, replay_file);
    }
  return g_test_run ();
}
