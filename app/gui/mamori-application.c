/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mamori-data-dir.h"
#include "mamori-application.h"
#include "mamori-preferences-window.h"
#include "mamori-window.h"

struct _MamoriApplication
{
  AdwApplication       parent_instance;

  MamoriCheckRegistry *registry;
  char                *db_path;
};

G_DEFINE_FINAL_TYPE (MamoriApplication, mamori_application, ADW_TYPE_APPLICATION)

void
mamori_application_setup_language (const char *lang)
{
  /* An explicit language wins over the environment: LANGUAGE is what gettext reads, and it
   * is ignored in the C locale, so make sure a UTF-8 locale is active. */
  if (lang != NULL && *lang != '\0')
    g_setenv ("LANGUAGE", lang, TRUE);
  if (setlocale (LC_ALL, "") == NULL || g_str_equal (setlocale (LC_ALL, NULL), "C"))
    setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, mamori_data_dir_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (app);
  MamoriPreferencesWindow *prefs = mamori_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Mamori developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Mamori"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        "comments", _("Checks the security posture of a small business or a "
                                      "municipality against the Japanese guidelines."),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Closing the windows (instead of g_application_quit) lets a running check be cancelled
   * and the window save its size. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_destroy (GTK_WINDOW (windows->data));
      windows = next;
    }
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
mamori_application_startup (GApplication *app)
{
  MamoriApplication *self = MAMORI_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  g_auto(GStrv) failures = NULL;
  const char *plugin_dir = g_getenv ("MAMORI_PLUGIN_DIR");

  G_APPLICATION_CLASS (mamori_application_parent_class)->startup (app);

  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/mamori_jp/Mamori/icons");
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);

  self->registry = mamori_check_registry_new_builtin ();
  /* A broken plug-in must not stop the app; the CLI reports the same failures in detail. */
  mamori_check_registry_load_plugins (self->registry,
                                      plugin_dir != NULL ? plugin_dir : MAMORI_PLUGINDIR,
                                      &failures);
}

/* bench/bench-gui-startup.sh: with MAMORI_BENCH_FIRST_FRAME set, print the time from
 * main() to the window's first painted frame and the resident memory then, and quit. */
static gint64 bench_t0;

static void
bench_after_paint_cb (GdkFrameClock *clock,
                      GtkWindow     *window)
{
  g_autofree char *status = NULL;
  const char *rss = NULL;

  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, window);
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    rss = strstr (status, "VmRSS:");
  g_print ("first-frame-ms %.1f\n", (g_get_monotonic_time () - bench_t0) / 1000.0);
  if (rss != NULL)
    g_print ("rss-kb %" G_GINT64_FORMAT "\n", g_ascii_strtoll (rss + strlen ("VmRSS:"), NULL, 10));
  gtk_window_destroy (window);
}

static void
bench_map_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (bench_after_paint_cb), window);
}

void
mamori_application_mark_start (void)
{
  bench_t0 = g_get_monotonic_time ();
}

static void
mamori_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (mamori_window_new (MAMORI_APPLICATION (app)));
      if (g_getenv ("MAMORI_BENCH_FIRST_FRAME") != NULL)
        g_signal_connect (window, "map", G_CALLBACK (bench_map_cb), NULL);
    }
  gtk_window_present (window);
}

static int
mamori_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  MamoriApplication *self = MAMORI_APPLICATION (app);
  const char *db = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    mamori_application_set_db_path (self, db);
  else if (g_getenv ("MAMORI_DB") != NULL && *g_getenv ("MAMORI_DB") != '\0')
    mamori_application_set_db_path (self, g_getenv ("MAMORI_DB"));
  return -1;
}

static void
mamori_application_finalize (GObject *object)
{
  MamoriApplication *self = MAMORI_APPLICATION (object);

  g_clear_object (&self->registry);
  g_clear_pointer (&self->db_path, g_free);
  G_OBJECT_CLASS (mamori_application_parent_class)->finalize (object);
}

static void
mamori_application_class_init (MamoriApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = mamori_application_finalize;
  app_class->startup = mamori_application_startup;
  app_class->activate = mamori_application_activate;
  app_class->handle_local_options = mamori_application_handle_local_options;
}

static void
mamori_application_init (MamoriApplication *self)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("The database file"), N_("FILE") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

MamoriApplication *
mamori_application_new (void)
{
  /* NON_UNIQUE: a test (or a consultant with two databases) may run several instances. */
  return g_object_new (MAMORI_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/mamori_jp/Mamori",
                       NULL);
}

MamoriCheckRegistry *
mamori_application_get_registry (MamoriApplication *self)
{
  g_return_val_if_fail (MAMORI_IS_APPLICATION (self), NULL);

  if (self->registry == NULL)
    self->registry = mamori_check_registry_new_builtin ();
  return self->registry;
}

const char *
mamori_application_get_db_path (MamoriApplication *self)
{
  g_return_val_if_fail (MAMORI_IS_APPLICATION (self), NULL);
  return self->db_path;
}

void
mamori_application_set_db_path (MamoriApplication *self,
                                const char        *path)
{
  g_return_if_fail (MAMORI_IS_APPLICATION (self));

  if (g_strcmp0 (self->db_path, path) == 0)
    return;
  g_free (self->db_path);
  self->db_path = g_strdup (path);
}
