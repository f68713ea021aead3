/* mm-application.c: single instance; each file opens in its own window.
 *
 * Command lines are handled in the primary instance, so "mmview FILE:LINE"
 * and "mmview +LINE FILE" work the same from a terminal, a file manager or
 * a second launch.
 */
#define G_LOG_DOMAIN "mm-application"

#include "config.h"

#include <glib/gi18n.h>

#include "mm-application.h"
#include "mm-window.h"

struct _MmApplication
{
  GtkApplication  parent_instance;

  GSettings      *interface_settings;  /* the desktop's, when installed */
  GPtrArray      *documents;           /* MmDocument open in some window */
};

G_DEFINE_FINAL_TYPE (MmApplication, mm_application, GTK_TYPE_APPLICATION)

static gboolean
has_render_node (void)
{
  g_autoptr(GDir) dri = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

/* Without a GPU render node, GL is Mesa's software rasteriser: for text
 * and rectangles GTK's cairo renderer draws the first frame about twice as
 * fast and keeps ~45 MiB less anonymous memory. Drawing with cairo (our
 * choice, or the user's), GL is left off too: GDK would still set it up
 * when it opens the display, which with Mesa's rasteriser loads LLVM
 * (about 40 ms before any window, and 50 MiB more resident). A renderer or
 * GDK debug flags the user set always win. */
void
mm_application_choose_renderer (void)
{
  if (g_getenv ("GSK_RENDERER") == NULL && !has_render_node ())
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") != 0)
    return;
#if GTK_CHECK_VERSION (4, 16, 0)
  g_setenv ("GDK_DISABLE", "gl", FALSE);
#else
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
#endif
}

MmApplication *
mm_application_new (void)
{
  return g_object_new (MM_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/example/MmView",
                       NULL);
}

/* "file.log:120" is line 120 of file.log, unless a file of that very name
 * exists. Returns FALSE when there is no line in the argument. */
gboolean
mm_application_parse_file_arg (const char  *arg,
                               char       **path_out,
                               guint64     *line_out)
{
  const char *colon = strrchr (arg, ':');
  guint64 line;
  char *end = NULL;

  *path_out = g_strdup (arg);
  *line_out = 0;

  if (colon == NULL || colon == arg || colon[1] == 0 || g_file_test (arg, G_FILE_TEST_EXISTS))
    return FALSE;
  if (g_str_has_prefix (arg, "file:") && colon == arg + 4)
    return FALSE;

  line = g_ascii_strtoull (colon + 1, &end, 10);
  if (*end != 0 || line == 0 || !g_ascii_isdigit (colon[1]))
    return FALSE;

  g_free (*path_out);
  *path_out = g_strndup (arg, colon - arg);
  *line_out = line;
  return TRUE;
}

/* For measuring startup (tests/bench/first-frame.sh): once the first frame
 * that shows text has been painted, say when on stdout and quit. */
static void
on_after_paint (GdkFrameClock *clock,
                MmWindow      *window)
{
  if (!mm_text_view_has_drawn_text (mm_window_get_view (window)))
    return;
  g_print ("first_frame_realtime_us=%" G_GINT64_FORMAT "\n", g_get_real_time ());
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  g_application_quit (g_application_get_default ());
}

static void
on_window_realize (MmWindow *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                           G_CALLBACK (on_after_paint), window, 0);
}

static void
open_window (MmApplication *self,
             GFile         *file,
             guint64        line)
{
  MmWindow *window = mm_window_new (self);

  if (g_strcmp0 (g_getenv ("MMVIEW_EXIT_AFTER_FIRST_FRAME"), "1") == 0)
    g_signal_connect (window, "realize", G_CALLBACK (on_window_realize), NULL);

  if (file != NULL)
    mm_window_open (window, file, line);
  gtk_window_present (GTK_WINDOW (window));
}

static int
mm_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  MmApplication *self = MM_APPLICATION (app);
  g_auto(GStrv) argv = NULL;
  guint64 next_line = 0;
  gboolean opened = FALSE;
  int argc;

  argv = g_application_command_line_get_arguments (command_line, &argc);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GFile) file = NULL;
      g_autofree char *path = NULL;
      guint64 line = 0;

      if (g_str_equal (argv[i], "--"))
        continue;

      if (argv[i][0] == '+' && g_ascii_isdigit (argv[i][1]))
        {
          next_line = g_ascii_strtoull (argv[i] + 1, NULL, 10);
          continue;
        }

      if (g_uri_peek_scheme (argv[i]) != NULL && !g_str_has_prefix (argv[i], "file:"))
        file = g_application_command_line_create_file_for_arg (command_line, argv[i]);
      else
        {
          mm_application_parse_file_arg (argv[i], &path, &line);
          file = g_application_command_line_create_file_for_arg (command_line, path);
        }

      open_window (self, file, line ? line : next_line);
      next_line = 0;
      opened = TRUE;
    }

  if (!opened)
    g_application_activate (app);

  return 0;
}

static void
mm_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    open_window (MM_APPLICATION (app), files[i], 0);
}

static void
mm_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window != NULL)
    gtk_window_present (window);
  else
    open_window (MM_APPLICATION (app), NULL, 0);
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  open_window (MM_APPLICATION (user_data), NULL, 0);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Close each window the normal way, so each saves its state. */
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_close (window);
    }
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *developers[] = { "The MmView developers", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (GTK_APPLICATION (user_data)),
                         "program-name", "MmView",
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("View text files too big for editors"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
follow_color_scheme (MmApplication *self)
{
  GtkSettings *settings = gtk_settings_get_default ();
  g_autofree char *scheme = NULL;
  gboolean dark, was_dark;

  if (self->interface_settings == NULL)
    return;

  scheme = g_settings_get_string (self->interface_settings, "color-scheme");
  dark = g_strcmp0 (scheme, "prefer-dark") == 0;
  g_object_get (settings, "gtk-application-prefer-dark-theme", &was_dark, NULL);
  /* Setting it, even to the same value, makes GTK load its theme again. */
  if (dark != was_dark)
    g_object_set (settings, "gtk-application-prefer-dark-theme", dark, NULL);
}

static void
mm_application_startup (GApplication *app)
{
  MmApplication *self = MM_APPLICATION (app);
  static const GActionEntry actions[] = {
    { "new-window", new_window_action },
    { "quit", quit_action },
    { "about", about_action },
  };
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.new-window", { "<Control>n", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.reload", { "<Control>r", "F5", NULL } },
    { "win.goto", { "<Control>l", NULL } },
    { "win.wrap", { "<Alt>z", NULL } },
    { "win.show-minimap", { "<Control><Shift>m", NULL } },
    { "win.show-hex-panel", { "<Control><Shift>h", NULL } },
    { "win.save", { "<Control>s", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.find-next", { "F3", "<Control>g", NULL } },
    { "win.find-previous", { "<Shift>F3", "<Control><Shift>g", NULL } },
    { "win.shortcuts", { "<Control>question", NULL } },
    { "win.show-outline", { "F9", NULL } },
    { "win.pretty", { "<Control>p", NULL } },
    { "win.show-reader", { "<Control><Shift>r", NULL } },
  };
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) interface = NULL;

  G_APPLICATION_CLASS (mm_application_parent_class)->startup (app);

  g_set_application_name ("MmView");

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  gtk_css_provider_load_from_resource (css, "/org/example/MmView/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  /* The application's icon is in the resources' icons/, which GtkApplication
   * adds to the icon theme itself: adding it again would load the theme twice
   * before the first frame. */

  /* Without libadwaita, follow the desktop's light/dark choice by hand. */
  if (source != NULL &&
      (interface = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE)) != NULL &&
      g_settings_schema_has_key (interface, "color-scheme"))
    {
      self->interface_settings = g_settings_new ("org.gnome.desktop.interface");
      g_signal_connect_object (self->interface_settings, "changed::color-scheme",
                               G_CALLBACK (follow_color_scheme), self, G_CONNECT_SWAPPED);
      follow_color_scheme (self);
    }
}

static void
mm_application_dispose (GObject *object)
{
  MmApplication *self = (MmApplication *)object;

  g_clear_object (&self->interface_settings);
  g_clear_pointer (&self->documents, g_ptr_array_unref);

  G_OBJECT_CLASS (mm_application_parent_class)->dispose (object);
}

static int
mm_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("mmview %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static void
mm_application_class_init (MmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mm_application_dispose;

  app_class->startup = mm_application_startup;
  app_class->activate = mm_application_activate;
  app_class->open = mm_application_open;
  app_class->command_line = mm_application_command_line;
  app_class->handle_local_options = mm_application_handle_local_options;
}

static void
mm_application_init (MmApplication *self)
{
  static const GOptionEntry options[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->documents = g_ptr_array_new_with_free_func (g_object_unref);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[+LINE] [FILE[:LINE]…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("View text files of any size."));
}

static void
forget_closed_documents (MmApplication *self)
{
  for (guint i = self->documents->len; i > 0; i--)
    if (mm_document_is_closed (g_ptr_array_index (self->documents, i - 1)))
      g_ptr_array_remove_index_fast (self->documents, i - 1);
}

/* The document a window of this process already shows for the file at
 * @path, if the path still names that file: windows on one file share one
 * mapping, one index and one edit journal, so their edits cannot go stale
 * under each other. */
MmDocument *
mm_application_find_document (MmApplication *self,
                              const char    *path)
{
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);

  g_return_val_if_fail (MM_IS_APPLICATION (self), NULL);

  forget_closed_documents (self);
  for (guint i = 0; i < self->documents->len; i++)
    {
      MmDocument *document = g_ptr_array_index (self->documents, i);
      MmMappedFile *file = mm_document_get_file (document);
      g_autofree char *other = g_canonicalize_filename (mm_document_get_path (document), NULL);

      if (g_str_equal (canonical, other) && !mm_mapped_file_is_replaced (file) &&
          !mm_mapped_file_is_snapshot (file))
        return document;
    }

  return NULL;
}

/* A newly loaded document replaces any older one for the same path. */
void
mm_application_add_document (MmApplication *self,
                             MmDocument    *document)
{
  g_autofree char *canonical = g_canonicalize_filename (mm_document_get_path (document), NULL);

  g_return_if_fail (MM_IS_APPLICATION (self));

  forget_closed_documents (self);
  for (guint i = self->documents->len; i > 0; i--)
    {
      g_autofree char *other = g_canonicalize_filename (mm_document_get_path (g_ptr_array_index (self->documents, i - 1)), NULL);

      if (g_str_equal (canonical, other))
        g_ptr_array_remove_index_fast (self->documents, i - 1);
    }
  g_ptr_array_add (self->documents, g_object_ref (document));
}
