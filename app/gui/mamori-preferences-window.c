/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "mamori-preferences-window.h"

struct _MamoriPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkWidget            *resolver_row;
  GtkWidget            *trust_anchor_row;
  GtkWidget            *offline_switch;
  GtkWidget            *ripestat_row;
  GtkWidget            *internetdb_row;
  GtkWidget            *language_row;
};

G_DEFINE_FINAL_TYPE (MamoriPreferencesWindow, mamori_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Position in the language combo ↔ the "language" setting. */
static const char *languages[] = { "", "ja", "en" };

static gboolean
language_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const char *lang = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      if (g_str_equal (lang, languages[i]))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
language_set_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (i < G_N_ELEMENTS (languages) ? languages[i] : "");
}

static void
mamori_preferences_window_dispose (GObject *object)
{
  MamoriPreferencesWindow *self = MAMORI_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mamori_preferences_window_parent_class)->dispose (object);
}

static void
mamori_preferences_window_class_init (MamoriPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mamori_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mamori_jp/Mamori/mamori-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MamoriPreferencesWindow, resolver_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriPreferencesWindow, trust_anchor_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriPreferencesWindow, offline_switch);
  gtk_widget_class_bind_template_child (widget_class, MamoriPreferencesWindow, ripestat_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriPreferencesWindow, internetdb_row);
  gtk_widget_class_bind_template_child (widget_class, MamoriPreferencesWindow, language_row);
}

static void
mamori_preferences_window_init (MamoriPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Every field writes straight to GSettings: the next run uses it, nothing to "apply". */
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "resolver", self->resolver_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "trust-anchor", self->trust_anchor_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "offline", self->offline_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "api-base-ripestat", self->ripestat_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "api-base-internetdb", self->internetdb_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "language", self->language_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, language_get_mapping,
                                language_set_mapping, NULL, NULL);
}

MamoriPreferencesWindow *
mamori_preferences_window_new (void)
{
  return g_object_new (MAMORI_TYPE_PREFERENCES_WINDOW, NULL);
}
