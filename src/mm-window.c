/* mm-window.c: a window showing one file, or why it cannot.
 *
 * States are pages of a stack: "empty" (no file yet: open button, drop
 * hint, recent files), "loading", "message" (an error or an empty file,
 * said plainly) and "view" (the text, scrollbars and status bar).
 */
#define G_LOG_DOMAIN "mm-window"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "mm-application.h"
#include "mm-goto-target.h"
#include "mm-format.h"
#include "mm-window-private.h"

G_DEFINE_FINAL_TYPE (MmWindow, mm_window, GTK_TYPE_APPLICATION_WINDOW)

MmWindow *
mm_window_new (MmApplication *application)
{
  return g_object_new (MM_TYPE_WINDOW, "application", application, NULL);
}

static void
set_state (MmWindow   *self,
           const char *state)
{
  gtk_stack_set_visible_child_name (self->stack, state);
  gtk_widget_set_visible (GTK_WIDGET (self->statusbar), g_str_equal (state, "view"));
  if (g_str_equal (state, "loading"))
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
}

static void
show_message (MmWindow   *self,
              const char *icon_name,
              const char *title,
              const char *body,
              gboolean    can_retry)
{
  gtk_image_set_from_icon_name (self->message_icon, icon_name);
  gtk_label_set_label (self->message_title, title);
  gtk_label_set_label (self->message_body, body);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), can_retry);
  set_state (self, "message");
}

void
mm_window_show_banner (MmWindow   *self,
                       const char *text)
{
  g_return_if_fail (MM_IS_WINDOW (self));

  _mm_window_show_banner_kind (self, text, MM_BANNER_PLAIN);
}

void
_mm_window_show_banner_kind (MmWindow     *self,
                             const char   *text,
                             MmBannerKind  kind)
{
  gtk_label_set_label (self->banner_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_restore_button), kind == MM_BANNER_RECOVERY);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_keep_button), kind == MM_BANNER_RECOVERY);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_reload_button), kind == MM_BANNER_RELOAD);
  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
update_title (MmWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *title = NULL;

  if (self->file == NULL)
    {
      gtk_label_set_label (self->title_label, "MmView");
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);
      gtk_window_set_title (GTK_WINDOW (self), "MmView");
      return;
    }

  {
    g_autofree char *base = g_file_get_basename (self->file);

    name = g_filename_display_name (base);
  }
  {
    g_autoptr(GFile) parent = g_file_get_parent (self->file);
    g_autofree char *path = parent ? g_file_get_path (parent) : NULL;
    const char *home = g_get_home_dir ();

    if (path != NULL && home != NULL && g_str_has_prefix (path, home) && strlen (home) > 1)
      dir = g_strconcat ("~", path + strlen (home), NULL);
    else
      dir = path ? g_filename_display_name (path) : g_file_get_uri (self->file);
  }

  /* A bullet marks edits not yet written to disk. */
  if (self->document != NULL && mm_document_get_journal (self->document) != NULL &&
      mm_edit_journal_get_unsaved (mm_document_get_journal (self->document)))
    {
      char *marked = g_strconcat ("• ", name, NULL);

      g_free (name);
      name = marked;
    }

  gtk_label_set_label (self->title_label, name);
  gtk_label_set_label (self->subtitle_label, dir);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
  /* Translators: window title: file name, then the application */
  title = g_strdup_printf (_("%s — MmView"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
set_pending_line (MmWindow *self,
                  guint64   line)
{
  self->pending_line = line;
  mm_statusbar_set_pending_line (self->statusbar, line);
}

static void
on_go_to (MmWindow   *self,
          const char *text)
{
  g_autoptr(GError) error = NULL;

  mm_window_go_to (self, text, &error);
  mm_statusbar_goto_done (self->statusbar, error);
}

static void
resolve_pending_line (MmWindow *self)
{
  MmLineIndex *index;
  guint64 offset, n_lines;

  if (self->pending_line == 0 || self->document == NULL)
    return;

  index = mm_document_get_index (self->document);
  if (mm_line_index_line_to_offset (index, self->pending_line - 1, &offset))
    {
      set_pending_line (self, 0);
      mm_text_view_scroll_to (self->view, offset);
      gtk_widget_grab_focus (GTK_WIDGET (self->view));
    }
  else if (mm_line_index_get_n_lines (index, &n_lines))
    {
      g_autofree char *wanted = mm_format_count (self->pending_line);
      g_autofree char *have = mm_format_count (n_lines);
      g_autofree char *text = g_strdup_printf (_("There is no line %s: the file has %s lines."), wanted, have);

      set_pending_line (self, 0);
      mm_window_show_banner (self, text);
      mm_text_view_scroll_to (self->view, mm_document_get_length (self->document));
    }
}

static void
on_index_progress (MmWindow   *self,
                   MmDocument *document)
{
  resolve_pending_line (self);
}

static void
show_empty_file (MmWindow *self)
{
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *body = g_strdup_printf (_("“%s” has no content: it is 0 bytes long. "
                                             "It will be shown here if something is written to it."),
                                           name);

  show_message (self, "document-new-symbolic", _("The File Is Empty"), body, FALSE);
}

static void
on_file_changed (MmWindow   *self,
                 int         change,
                 MmDocument *document)
{
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *text = NULL;

  switch ((MmDocumentChange) change)
    {
    case MM_DOCUMENT_CHANGE_TRUNCATED:
      /* The banner stays until dismissed: the reload must not hide it. */
      text = g_strdup_printf (_("“%s” was shortened by another program. It has been reloaded."), name);
      mm_window_show_banner (self, text);
      self->keep_banner = TRUE;
      self->reloading = TRUE;
      if (self->document != NULL && mm_document_get_journal (self->document) != NULL)
        g_set_object (&self->carried_journal, mm_document_get_journal (self->document));
      self->reload_caret = mm_text_view_get_caret (self->view);
      mm_window_open (self, self->file, 0);
      break;

    case MM_DOCUMENT_CHANGE_REPLACED:
      text = g_strdup_printf (_("“%s” was replaced by another file, as editors do when they save. "
                                "What is shown is the file as it was; nothing will be written to the new one. "
                                "Reload to see it."), name);
      _mm_window_show_banner_kind (self, text, MM_BANNER_RELOAD);
      _mm_window_update_edit_state (self);
      break;

    case MM_DOCUMENT_CHANGE_IO_ERROR:
      text = g_strdup_printf (_("Part of “%s” could not be read (an input/output error): "
                                "zeros are shown there. The file itself was not changed."), name);
      mm_window_show_banner (self, text);
      break;

    case MM_DOCUMENT_CHANGE_DELETED:
      text = g_strdup_printf (_("“%s” was deleted. What is shown is the copy still open; it is gone once this window closes."), name);
      mm_window_show_banner (self, text);
      break;

    case MM_DOCUMENT_CHANGE_GREW:
      /* The view refreshes itself; an empty file that grew can now be shown. */
      if (g_str_equal (gtk_stack_get_visible_child_name (self->stack), "message"))
        set_state (self, "view");
      break;

    case MM_DOCUMENT_CHANGE_MODIFIED:
    default:
      break;
    }
}

static void
on_bytes_changed (MmWindow   *self,
                  guint64     offset,
                  MmDocument *document)
{
  _mm_window_update_edit_state (self);
}

/* Title, and which edit actions make sense now. */
void
_mm_window_update_edit_state (MmWindow *self)
{
  MmEditJournal *journal = self->document ? mm_document_get_journal (self->document) : NULL;
  gboolean open = self->document != NULL && mm_document_get_length (self->document) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.enable-editing", open && journal == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", journal && mm_edit_journal_can_undo (journal));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", journal && mm_edit_journal_can_redo (journal));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", journal && mm_edit_journal_get_unsaved (journal));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.revert-edits", journal && mm_edit_journal_can_undo (journal));
  update_title (self);
}

static void
set_document (MmWindow   *self,
              MmDocument *document)
{
  mm_search_bar_stop (self->search_bar);
  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->document, self);
      mm_document_release (self->document);
    }
  g_set_object (&self->document, document);
  if (document != NULL)
    mm_document_hold (document);
  mm_text_view_set_document (self->view, document);
  mm_search_bar_set_document (self->search_bar, document);
  mm_statusbar_set_document (self->statusbar, document);
  _mm_window_set_outline_document (self, document);

  if (document != NULL)
    {
      g_signal_connect_object (document, "index-progress", G_CALLBACK (on_index_progress),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "file-changed", G_CALLBACK (on_file_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "bytes-changed", G_CALLBACK (on_bytes_changed),
                               self, G_CONNECT_SWAPPED);
    }
  _mm_window_update_edit_state (self);
}

static void
add_to_recent (MmWindow *self)
{
  g_autofree char *uri = g_file_get_uri (self->file);

  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
}

/* What the first frame showing the file does not need waits for it: the
 * background passes over the file, watching it for other programs' writes,
 * and recording it in the recent files (which reads and rewrites the
 * recent-files list). */
static void
after_document_frame (MmWindow *self)
{
  if (self->document == NULL)
    return;
  mm_document_start_indexing (self->document);
  mm_document_watch (self->document);
  add_to_recent (self);
}

static gboolean
after_first_document_frame (GtkWidget     *view,
                            GdkFrameClock *clock,
                            gpointer       user_data)
{
  MmWindow *self = MM_WINDOW (gtk_widget_get_root (view));

  /* Ticks run before a frame is drawn: the second one comes after the first
   * frame showing the file. */
  if (!mm_text_view_has_drawn_text (MM_TEXT_VIEW (view)))
    return G_SOURCE_CONTINUE;

  self->index_tick = 0;
  g_clear_handle_id (&self->index_timeout, g_source_remove);
  after_document_frame (self);
  return G_SOURCE_REMOVE;
}

static gboolean
after_document_frame_timeout (gpointer user_data)
{
  MmWindow *self = user_data;

  /* Not mapped (minimised, or no display refresh): do not wait for a frame. */
  self->index_timeout = 0;
  if (self->index_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->view), self->index_tick);
  self->index_tick = 0;
  after_document_frame (self);
  return G_SOURCE_REMOVE;
}

/* The installed colour schemes, for the menu. */
static GMenuModel *
style_scheme_menu (void)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  const char * const *ids = gtk_source_style_scheme_manager_get_scheme_ids (manager);
  GMenu *menu = g_menu_new ();
  GMenu *schemes = g_menu_new ();

  g_menu_append (menu, _("Follow the Desktop"), "win.style-scheme::");
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (manager, ids[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (gtk_source_style_scheme_get_name (scheme), NULL);

      g_menu_item_set_action_and_target (item, "win.style-scheme", "s", ids[i]);
      g_menu_append_item (schemes, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (schemes));
  g_object_unref (schemes);
  return G_MENU_MODEL (menu);
}

/* The menu's popover is built when it is first opened. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  MmWindow *self = user_data;
  g_autoptr(GMenuModel) schemes = NULL;
  g_autoptr(GMenuModel) section = NULL;

  if (gtk_menu_button_get_menu_model (button) != NULL)
    return;
  /* Reading the schemes waits for the menu, not for the first frame. It
   * heads the section of how the text looks. */
  schemes = style_scheme_menu ();
  section = g_menu_model_get_item_link (G_MENU_MODEL (self->primary_menu), 2, G_MENU_LINK_SECTION);
  g_menu_prepend_submenu (G_MENU (section), _("Colour _Scheme"), schemes);
  gtk_menu_button_set_menu_model (button, self->primary_menu);
}

/* The window's icon is drawn from an SVG: loading the SVG renderer waits
 * for the first frame. */
static gboolean
after_first_frame (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  guint *ticks = user_data;

  if (++*ticks < 2)
    return G_SOURCE_CONTINUE;
  gtk_window_set_default_icon_name (APP_ID);
  gtk_window_set_icon_name (GTK_WINDOW (widget), APP_ID);
  return G_SOURCE_REMOVE;
}

static void
schedule_after_document_frame (MmWindow *self)
{
  if (self->index_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->view), self->index_tick);
  g_clear_handle_id (&self->index_timeout, g_source_remove);

  self->index_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->view),
                                                   after_first_document_frame, NULL, NULL);
  self->index_timeout = g_timeout_add (300, after_document_frame_timeout, self);
}

static void show_document (MmWindow *self, MmDocument *document);

/* After a reload, the edit history goes on in the new document. */
static void
take_carried_journal (MmWindow *self)
{
  g_autoptr(MmEditJournal) journal = g_steal_pointer (&self->carried_journal);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  guint lost;

  if (journal == NULL || mm_document_get_journal (self->document) != NULL)
    return;

  name = g_file_get_basename (self->file);
  if (!mm_document_adopt_journal (self->document, journal, &lost, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The edits to “%s” cannot be undone after the reload: %s"),
                                               name, error->message);

      mm_window_show_banner (self, text);
    }
  else if (lost > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u edit was past the new end of “%s” and is lost; the others can still be undone.",
                                                            "%u edits were past the new end of “%s” and are lost; the others can still be undone.",
                                                            lost), lost, name);

      mm_window_show_banner (self, text);
    }
}

/* A log left by a session that ended without saving or reverting its
 * edits (a crash, a kill -9): the edited bytes are still in the file. */
static void
offer_recovery (MmWindow *self)
{
  GArray *recovery = mm_document_get_recovery (self->document);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (recovery == NULL || mm_document_get_journal (self->document) != NULL)
    return;

  name = g_file_get_basename (self->file);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "MmView ended before %u edited byte of “%s” was saved or reverted. "
                                       "It is still changed in the file.",
                                       "MmView ended before %u edited bytes of “%s” were saved or reverted. "
                                       "They are still changed in the file.", recovery->len),
                          recovery->len, name);
  _mm_window_show_banner_kind (self, text, MM_BANNER_RECOVERY);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MmDocument) document = mm_document_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (document == NULL)
    {
      const char *title;
      const char *icon = "dialog-error-symbolic";

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        title = _("File Not Found");
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        {
          title = _("Permission Denied");
          icon = "dialog-password-symbolic";
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
        {
          title = _("This Is a Folder");
          icon = "folder-symbolic";
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE))
        title = _("Not a Regular File");
      else
        title = _("The File Cannot Be Opened");

      set_document (self, NULL);
      show_message (self, icon, title, error->message, TRUE);
      return;
    }

  if (MM_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))))
    mm_application_add_document (MM_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), document);
  show_document (self, document);
}

static void
show_document (MmWindow   *self,
               MmDocument *document)
{
  self->reloading = FALSE;
  set_document (self, document);
  take_carried_journal (self);
  offer_recovery (self);
  _mm_window_update_edit_state (self);

  if (mm_document_get_length (document) == 0)
    {
      after_document_frame (self);
      show_empty_file (self);
      return;
    }

  set_state (self, "view");
  schedule_after_document_frame (self);
  if (self->reload_caret > 0)
    {
      mm_text_view_scroll_to (self->view, MIN (self->reload_caret, mm_document_get_length (document)));
      self->reload_caret = 0;
    }
  resolve_pending_line (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/**
 * mm_window_open:
 * @line: 1-based line to show once the index reaches it, or 0
 *
 * Shows @file in this window, replacing what was shown.
 */
void
mm_window_open (MmWindow *self,
                GFile    *file,
                guint64   line)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  g_set_object (&self->file, file);
  set_pending_line (self, line);
  update_title (self);
  if (!self->keep_banner)
    gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
  self->keep_banner = FALSE;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *body = g_strdup_printf (_("“%s” is not on this computer. MmView maps files into memory, "
                                                 "which needs a local file: copy it here first."), uri);

      set_document (self, NULL);
      show_message (self, "network-server-symbolic", _("Not a Local File"), body, FALSE);
      return;
    }

  /* Another window shows this file already: share its document. */
  if (!self->reloading && MM_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))))
    {
      MmDocument *shown = mm_application_find_document (MM_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                                        path);

      if (shown != NULL)
        {
          show_document (self, shown);
          return;
        }
    }

  set_state (self, "loading");
  mm_document_load_async (path, self->load_cancellable, load_cb, g_object_ref (self));
}

/* Loads the file anew. Edits not yet on disk are saved first (the user
 * is asked), and stay undoable in the new document. */
void
_mm_window_reload (MmWindow *self)
{
  MmEditJournal *journal = self->document ? mm_document_get_journal (self->document) : NULL;

  if (self->file == NULL)
    return;

  if (journal != NULL && mm_edit_journal_get_unsaved (journal))
    {
      _mm_window_ask_about_unsaved_edits (self, TRUE);
      return;
    }

  if (journal != NULL)
    g_set_object (&self->carried_journal, journal);
  self->reloading = TRUE;
  self->reload_caret = mm_text_view_get_caret (self->view);
  mm_window_open (self, self->file, 0);
}

MmDocument *
mm_window_get_document (MmWindow *self)
{
  g_return_val_if_fail (MM_IS_WINDOW (self), NULL);

  return self->document;
}

MmHexPanel *
mm_window_get_hex_panel (MmWindow *self)
{
  g_return_val_if_fail (MM_IS_WINDOW (self), NULL);

  return self->hex_panel;
}

MmMinimap *
mm_window_get_minimap (MmWindow *self)
{
  g_return_val_if_fail (MM_IS_WINDOW (self), NULL);

  return self->minimap;
}

MmTextView *
mm_window_get_view (MmWindow *self)
{
  g_return_val_if_fail (MM_IS_WINDOW (self), NULL);

  return self->view;
}

const char *
_mm_window_get_state (MmWindow *self)
{
  g_return_val_if_fail (MM_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
_mm_window_get_message (MmWindow *self)
{
  g_return_val_if_fail (MM_IS_WINDOW (self), NULL);

  return gtk_label_get_label (self->message_body);
}

/* Goes to what the user typed: a line, a byte offset or a percentage. */
gboolean
mm_window_go_to (MmWindow    *self,
                 const char  *text,
                 GError     **error)
{
  MmGotoTarget target;
  guint64 length;

  g_return_val_if_fail (MM_IS_WINDOW (self), FALSE);

  if (self->document == NULL)
    return FALSE;

  length = mm_document_get_length (self->document);
  if (!mm_goto_target_parse (text, &target))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Type a line number, a byte offset such as 0x1F400 or @128000, or a percentage such as 50%%."));
      return FALSE;
    }

  switch (target.kind)
    {
    case MM_GOTO_LINE:
      set_pending_line (self, target.value);
      resolve_pending_line (self);
      return TRUE;

    case MM_GOTO_OFFSET:
      if (target.value > length)
        {
          g_autofree char *max = mm_format_count (length);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The file ends at byte %s."), max);
          return FALSE;
        }
      mm_text_view_scroll_to (self->view, target.value);
      return TRUE;

    case MM_GOTO_PERCENT:
      mm_text_view_scroll_to (self->view, mm_goto_target_percent_offset (&target, length));
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static void
on_recent_activated (MmWindow      *self,
                     GtkListBoxRow *row,
                     GtkListBox    *list)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "uri");
  g_autoptr(GFile) file = g_file_new_for_uri (uri);

  mm_window_open (self, file, 0);
}

static void
fill_recent (MmWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  for (GList *l = items; l != NULL && shown < 8; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      GtkWidget *row, *box, *name, *where;
      g_autofree char *location = NULL;

      if (!gtk_recent_info_has_application (info, g_get_application_name ()) ||
          !gtk_recent_info_is_local (info) || !gtk_recent_info_exists (info))
        continue;

      location = gtk_recent_info_get_uri_display (info);
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      name = gtk_label_new (gtk_recent_info_get_display_name (info));
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      where = gtk_label_new (location);
      gtk_label_set_xalign (GTK_LABEL (where), 0);
      gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_add_css_class (where, "dim-label");
      gtk_widget_add_css_class (where, "caption");
      gtk_box_append (GTK_BOX (box), name);
      gtk_box_append (GTK_BOX (box), where);

      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "uri", g_strdup (gtk_recent_info_get_uri (info)), g_free);
      gtk_list_box_append (self->recent_list, row);
      shown++;
    }

  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->recent_title), shown > 0);
}

/* The recent files are read when the page listing them is first shown, not
 * on the way to a file's first frame. */
static void
on_welcome_map (MmWindow *self)
{
  if (!self->recent_connected)
    {
      g_signal_connect_object (gtk_recent_manager_get_default (), "changed", G_CALLBACK (fill_recent),
                               self, G_CONNECT_SWAPPED);
      self->recent_connected = TRUE;
    }
  fill_recent (self);
}

static gboolean
on_drop (MmWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    {
      if (l == files)
        mm_window_open (self, l->data, 0);
      else
        {
          MmWindow *other = mm_window_new (MM_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));

          mm_window_open (other, l->data, 0);
          gtk_window_present (GTK_WINDOW (other));
        }
    }

  return files != NULL;
}

static void
update_dark (MmWindow *self)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  g_autofree char *theme = NULL;
  gboolean prefer_dark = FALSE;
  gboolean dark;

  g_object_get (settings,
                "gtk-application-prefer-dark-theme", &prefer_dark,
                "gtk-theme-name", &theme,
                NULL);
  dark = prefer_dark || (theme && g_str_has_suffix (theme, "-dark"));
  mm_text_view_set_dark (self->view, dark);
}

static void
on_wrap_changed (MmWindow *self)
{
  gboolean wrap = g_settings_get_boolean (self->settings, "wrap");

  mm_text_view_set_wrap (self->view, wrap);
  gtk_widget_set_visible (GTK_WIDGET (self->hscrollbar), !wrap);
}

static void
on_view_settings_changed (MmWindow *self)
{
  g_autofree char *font = g_settings_get_string (self->settings, "font");

  g_autofree char *scheme = g_settings_get_string (self->settings, "style-scheme");

  mm_text_view_set_font_name (self->view, font);
  mm_text_view_set_gutter_mode (self->view, g_settings_get_enum (self->settings, "gutter"));
  mm_text_view_set_style_scheme (self->view, scheme);
  mm_text_view_refresh (self->view);
}

static void
on_unsaved_response (GtkDialog *dialog,
                     int        response,
                     MmWindow  *self)
{
  MmEditJournal *journal = self->document ? mm_document_get_journal (self->document) : NULL;
  gboolean then_reload = self->reload_after_question;

  gtk_window_destroy (GTK_WINDOW (dialog));

  if (response == GTK_RESPONSE_CANCEL || response == GTK_RESPONSE_DELETE_EVENT || journal == NULL)
    return;

  if (response == GTK_RESPONSE_REJECT)
    {
      g_autoptr(GError) error = NULL;
      guint restored, left;

      if (!mm_edit_journal_revert_all (journal, &restored, &left, &error))
        {
          g_autofree char *text = g_strdup_printf (_("The edits could not all be reverted: %s"), error->message);

          mm_window_show_banner (self, text);
          return;
        }
    }

  /* Saving after a revert writes the original bytes back to disk too. */
  if (!_mm_window_save (self))
    return;

  if (then_reload)
    _mm_window_reload (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* Edits are in the page cache the moment they are made, so every other
 * program already sees them; closing cannot quietly drop them. Asking is
 * the only honest choice: keep them (written to disk now) or put the
 * original bytes back. */
void
_mm_window_ask_about_unsaved_edits (MmWindow *self,
                                    gboolean  then_reload)
{
  g_autofree char *name = g_file_get_basename (self->file);
  GtkWidget *dialog;

  self->reload_after_question = then_reload;
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   then_reload ? _("Keep the edits to “%s” before reloading?")
                                               : _("Keep the edits to “%s”?"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("The changed bytes are already in the file for every program "
                                              "reading it. Keep them and write them to disk, or put the "
                                              "original bytes back."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Revert Edits"), GTK_RESPONSE_REJECT,
                          _("_Keep and Save"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_unsaved_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
mm_window_close_request (GtkWindow *window)
{
  MmWindow *self = MM_WINDOW (window);
  MmEditJournal *journal = self->document ? mm_document_get_journal (self->document) : NULL;
  int width, height;

  if (journal != NULL && mm_edit_journal_get_unsaved (journal))
    {
      _mm_window_ask_about_unsaved_edits (self, FALSE);
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  g_cancellable_cancel (self->load_cancellable);
  set_document (self, NULL);

  return GTK_WINDOW_CLASS (mm_window_parent_class)->close_request (window);
}

static void
mm_window_dispose (GObject *object)
{
  MmWindow *self = (MmWindow *)object;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->document != NULL)
    set_document (self, NULL);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->carried_journal);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  g_clear_handle_id (&self->index_timeout, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), MM_TYPE_WINDOW);

  G_OBJECT_CLASS (mm_window_parent_class)->dispose (object);
}

static void
mm_window_class_init (MmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mm_window_dispose;
  window_class->close_request = mm_window_close_request;

  g_type_ensure (MM_TYPE_TEXT_VIEW);
  g_type_ensure (MM_TYPE_MINIMAP);
  g_type_ensure (MM_TYPE_HEX_PANEL);
  g_type_ensure (MM_TYPE_SEARCH_BAR);
  g_type_ensure (MM_TYPE_STATUSBAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/MmView/ui/mm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MmWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, recent_title);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, message_icon);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, message_title);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, message_body);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, view);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, minimap);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, hex_panel);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, vscrollbar);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, hscrollbar);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, statusbar);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, outline_paned);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, reader_paned);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, outline_button);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, pretty_button);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, reader_button);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, banner_restore_button);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, banner_keep_button);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, banner_reload_button);
  gtk_widget_class_bind_template_child (widget_class, MmWindow, search_bar);


  _mm_window_class_init_actions (klass);
}

static void
mm_window_init (MmWindow *self)
{
  GtkDropTarget *drop;
  GtkSettings *gtk_settings;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "show-minimap", self->minimap, "visible", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "show-hex-panel", self->hex_panel, "visible", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "pretty", self->view, "pretty", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "tab-width", self->view, "tab-width", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "indent-width", self->view, "indent-width", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "readable-strings", self->view, "readable-strings", G_SETTINGS_BIND_GET);

  gtk_scrollbar_set_adjustment (self->vscrollbar, gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view)));
  gtk_scrollbar_set_adjustment (self->hscrollbar, gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->view)));

  g_signal_connect_object (self->settings, "changed::wrap", G_CALLBACK (on_wrap_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::font", G_CALLBACK (on_view_settings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::gutter", G_CALLBACK (on_view_settings_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::style-scheme", G_CALLBACK (on_view_settings_changed),
                           self, G_CONNECT_SWAPPED);
  on_wrap_changed (self);
  on_view_settings_changed (self);

  g_signal_connect_object (self->statusbar, "go-to", G_CALLBACK (on_go_to), self, G_CONNECT_SWAPPED);

  gtk_settings = gtk_widget_get_settings (GTK_WIDGET (self));
  g_signal_connect_object (gtk_settings, "notify::gtk-application-prefer-dark-theme",
                           G_CALLBACK (update_dark), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_settings, "notify::gtk-theme-name",
                           G_CALLBACK (update_dark), self, G_CONNECT_SWAPPED);
  update_dark (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_object (self->recent_list, "row-activated", G_CALLBACK (on_recent_activated),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_widget_get_parent (GTK_WIDGET (self->recent_list)), "map",
                           G_CALLBACK (on_welcome_map), self, G_CONNECT_SWAPPED);

  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu, self, NULL);
  gtk_widget_add_tick_callback (GTK_WIDGET (self), after_first_frame, g_new0 (guint, 1), g_free);

  _mm_window_init_actions (self);
  _mm_window_init_outline (self);
  set_state (self, "empty");
  _mm_window_update_edit_state (self);
}
