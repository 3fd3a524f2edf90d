/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "mamori-application.h"
#include "mamori-gui-test-utils.h"

void
mamori_gui_test_init (int    *argc,
                      char ***argv)
{
  mamori_application_setup_language (NULL);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* Screenshots and state checks must see the end state, not a cross-fade halfway. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/mamori_jp/Mamori/icons");
}

void
mamori_gui_test_wait_until (MamoriGuiTestCondition cond,
                            gpointer               data)
{
  while (!cond (data))
    g_main_context_iteration (NULL, TRUE);
}

void
mamori_gui_test_flush (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct {
  GtkWidget  *widget;
  const char *path;
  gboolean    done;
} Shot;

static gboolean
save_shot (Shot *shot)
{
  GtkWidget *widget = shot->widget;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gdk_paintable_get_intrinsic_width (paintable);
  int height = gdk_paintable_get_intrinsic_height (paintable);

  /* A window's first frames may come before it has drawn anything: wait for one that has. */
  if (!gtk_widget_get_mapped (widget) || width <= 0 || height <= 0)
    return FALSE;
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return FALSE;
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, shot->path));
  shot->done = TRUE;
  return TRUE;
}

static gboolean
shot_done (gpointer data)
{
  return ((Shot *) data)->done;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Shot          *shot)
{
  if (!shot->done && !save_shot (shot))
    {
      gtk_widget_queue_draw (shot->widget);
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
    }
}

char *
mamori_gui_test_screenshot (GtkWidget  *widget,
                            const char *name)
{
  const char *dir = g_getenv ("MAMORI_SCREENSHOT_DIR");
  const char *lang = g_get_language_names ()[0];
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GdkFrameClock *clock;
  Shot shot = { widget, NULL, FALSE };
  gulong id;

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  file = g_strdup_printf ("%s-%.2s.png", name, lang);
  path = g_build_filename (dir, file, NULL);
  shot.path = path;

  /* Render after the next real frame, so that layout and fonts are settled. */
  gtk_widget_queue_draw (widget);
  gtk_widget_queue_resize (widget);
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &shot);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  mamori_gui_test_wait_until (shot_done, &shot);
  g_signal_handler_disconnect (clock, id);
  g_test_message ("screenshot: %s", path);
  return g_steal_pointer (&path);
}

static const char *
widget_text (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (ADW_IS_PREFERENCES_ROW (widget))
    return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return gtk_button_get_label (GTK_BUTTON (widget));
  return NULL;
}

GtkWidget *
mamori_gui_test_find_text (GtkWidget  *root,
                           const char *needle)
{
  const char *text = widget_text (root);

  if (text != NULL && strstr (text, needle) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mamori_gui_test_find_text (child, needle);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct {
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

char *
mamori_gui_test_read_clipboard (GtkWidget *widget)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb,
                                 &read);
  mamori_gui_test_wait_until (clipboard_read_done, &read);
  return read.text;
}
