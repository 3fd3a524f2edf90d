/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "mamori-check-registry.h"
#include "mamori-check-runner.h"
#include "mamori-error.h"
#include "mamori-test-utils.h"

static gboolean
noop_run (MamoriCheckContext *ctx, GError **error)
{
  return TRUE;
}

static void
test_builtin (void)
{
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new_builtin ();
  const MamoriCheckDescriptor *dmarc = mamori_check_registry_lookup (registry, "domain.dmarc");
  GPtrArray *checks = mamori_check_registry_get_checks (registry);

  g_assert_nonnull (dmarc);
  g_assert_cmpint (dmarc->family, ==, MAMORI_FAMILY_DOMAIN);
  g_assert_true (dmarc->needs & MAMORI_CHECK_NEEDS_DOMAIN);
  for (guint i = 0; i < checks->len; i++)
    {
      const MamoriCheckDescriptor *d = g_ptr_array_index (checks, i);
      g_autofree char *prefix = g_strconcat (mamori_check_family_to_string (d->family), ".", NULL);

      /* The id names its family, and every built-in has a description to show. */
      g_assert_true (g_str_has_prefix (d->id, prefix));
      g_assert_nonnull (d->description);
    }
}

static void
test_add_refuses (void)
{
  static const MamoriCheckDescriptor bad_ids[] = {
    { .id = "DMARC", .title = "x", .run = noop_run },
    { .id = "domain.", .title = "x", .run = noop_run },
    { .id = "domain.a.b", .title = "x", .run = noop_run },
    { .id = "domain.Upper", .title = "x", .run = noop_run },
    { .id = "domain.no_run", .title = "x", .run = NULL },
  };
  static const MamoriCheckDescriptor good = { .id = "domain.good", .title = "x", .run = noop_run };
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autoptr(GError) e = NULL;

      g_assert_false (mamori_check_registry_add (registry, &bad_ids[i], &e));
      g_assert_error (e, MAMORI_ERROR, MAMORI_ERROR_PLUGIN);
    }
  g_assert_true (mamori_check_registry_add (registry, &good, &error));
  g_assert_no_error (error);
  g_assert_false (mamori_check_registry_add (registry, &good, &error));
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_PLUGIN);
  g_assert_nonnull (strstr (error->message, "domain.good"));
  g_assert_cmpuint (mamori_check_registry_get_checks (registry)->len, ==, 1);
}

static void
test_plugin_good (void)
{
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new ();
  g_autoptr(MamoriCheckRunner) runner = NULL;
  g_autoptr(MamoriProfile) profile = mamori_profile_new ("t", MAMORI_ORG_KIND_SME);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  const MamoriCheckDescriptor *d;

  g_assert_true (mamori_check_registry_load_plugin (registry, g_getenv ("MAMORI_TEST_PLUGIN"),
                                                    &error));
  g_assert_no_error (error);
  d = mamori_check_registry_lookup (registry, "cloud.test_plugin_hello");
  g_assert_nonnull (d);

  /* The plug-in's run function calls back into the engine that loaded it. */
  mamori_profile_add_domain (profile, "example.jp");
  runner = mamori_check_runner_new (registry, NULL);
  findings = mamori_check_runner_run (runner, profile, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (findings->len, ==, 1);
  message = mamori_finding_render_message (g_ptr_array_index (findings, 0));
  g_assert_cmpstr (message, ==, "Hello from a plug-in about example.jp");
}

static void
test_plugin_wrong_abi (void)
{
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (mamori_check_registry_load_plugin (registry,
                                                     g_getenv ("MAMORI_TEST_PLUGIN_WRONG_ABI"),
                                                     &error));
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_PLUGIN);
  g_assert_nonnull (strstr (error->message, "ABI 42"));
  g_assert_nonnull (strstr (error->message, "not loaded"));
  g_assert_null (mamori_check_registry_lookup (registry, "cloud.test_plugin_hello"));
}

static void
test_plugin_not_a_plugin (void)
{
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autofree char *fake = g_build_filename (dir, "fake.so", NULL);

  g_assert_true (g_file_set_contents (fake, "not an ELF file", -1, NULL));
  g_assert_false (mamori_check_registry_load_plugin (registry, fake, &error));
  g_assert_error (error, MAMORI_ERROR, MAMORI_ERROR_PLUGIN);
  g_assert_nonnull (strstr (error->message, "fake.so"));
  mamori_test_rmdir_recursive (dir);
}

static void
test_plugin_dir (void)
{
  g_autoptr(MamoriCheckRegistry) registry = mamori_check_registry_new ();
  g_autofree char *dir = mamori_test_mkdtemp ();
  g_autofree char *good = g_build_filename (dir, "a-good.so", NULL);
  g_autofree char *wrong = g_build_filename (dir, "b-wrong.so", NULL);
  g_auto(GStrv) failures = NULL;

  g_assert_cmpint (symlink (g_getenv ("MAMORI_TEST_PLUGIN"), good), ==, 0);
  g_assert_cmpint (symlink (g_getenv ("MAMORI_TEST_PLUGIN_WRONG_ABI"), wrong), ==, 0);
  /* One bad plug-in never hides the good ones. */
  g_assert_cmpuint (mamori_check_registry_load_plugins (registry, dir, &failures), ==, 1);
  g_assert_cmpuint (g_strv_length (failures), ==, 1);
  g_assert_nonnull (strstr (failures[0], "b-wrong.so"));
  g_assert_nonnull (mamori_check_registry_lookup (registry, "cloud.test_plugin_hello"));

  /* A directory that does not exist is no error. */
  g_clear_pointer (&failures, g_strfreev);
  g_assert_cmpuint (mamori_check_registry_load_plugins (registry, "/nonexistent/mamori", &failures),
                    ==, 0);
  g_assert_cmpuint (g_strv_length (failures), ==, 0);
  mamori_test_rmdir_recursive (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mamori/core/registry/builtin", test_builtin);
  g_test_add_func ("/mamori/core/registry/add-refuses", test_add_refuses);
  g_test_add_func ("/mamori/core/registry/plugin-good", test_plugin_good);
  g_test_add_func ("/mamori/core/registry/plugin-wrong-abi", test_plugin_wrong_abi);
  g_test_add_func ("/mamori/core/registry/plugin-not-a-plugin", test_plugin_not_a_plugin);
  g_test_add_func ("/mamori/core/registry/plugin-dir", test_plugin_dir);
  return g_test_run ();
}
