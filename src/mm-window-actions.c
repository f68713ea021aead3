/* mm-window-actions.c: what the window's menus, buttons and shortcuts do */
#define G_LOG_DOMAIN "mm-window"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>
#include <string.h>

#include "mm-edit-log.h"
#include "mm-window-private.h"

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  MmWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        mm_window_open (self, file, 0);
    }

  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MmWindow *self = MM_WINDOW (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open File"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  if (self->file != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (self->file);

      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), parent, NULL);
    }

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_open_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _mm_window_reload (MM_WINDOW (widget));
}

static void
goto_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MmWindow *self = MM_WINDOW (widget);

  if (self->document != NULL)
    mm_statusbar_popup_goto (self->statusbar);
}

static void
copy_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MmMappedFile *file = task_data;
  guint64 *range = g_object_get_data (G_OBJECT (task), "range");
  const guint8 *data = mm_mapped_file_get_data (file);
  guint64 valid = mm_mapped_file_get_valid_length (file);

  if (range[1] > valid)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The file was shortened while copying."));
      return;
    }

  /* Reading the mapping may wait for the disk: never on the main thread. */
  g_task_return_pointer (task, g_bytes_new (data + range[0], range[1] - range[0]),
                         (GDestroyNotify) g_bytes_unref);
}

static void
copy_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  MmWindow *self = MM_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GdkContentProvider) provider = NULL;
  gsize size;
  const char *data;

  if (bytes == NULL)
    {
      mm_window_show_banner (self, error->message);
      return;
    }

  data = g_bytes_get_data (bytes, &size);
  if (g_utf8_validate_len (data, size, NULL))
    provider = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", bytes);
  else
    {
      /* Invalid UTF-8: offer the exact bytes as plain text, and a valid
       * version for programs that insist on UTF-8. */
      char *valid = g_utf8_make_valid (data, size);
      gsize valid_len = strlen (valid);
      g_autoptr(GBytes) valid_bytes = g_bytes_new_take (valid, valid_len);
      GdkContentProvider *providers[2] = {
        gdk_content_provider_new_for_bytes ("text/plain", bytes),
        gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", valid_bytes),
      };

      provider = gdk_content_provider_new_union (providers, 2);
    }

  gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (self)), provider);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MmWindow *self = MM_WINDOW (widget);
  g_autoptr(GTask) task = NULL;
  guint64 *range;
  guint64 start, end;

  if (self->document == NULL || !mm_text_view_get_selection (self->view, &start, &end))
    return;

  if (end - start > MM_COPY_LIMIT)
    {
      g_autofree char *size = g_format_size (end - start);
      g_autofree char *limit = g_format_size (MM_COPY_LIMIT);
      g_autofree char *text = g_strdup_printf (_("The selection is %s: too large for the clipboard. "
                                                 "Copying is limited to %s."), size, limit);

      mm_window_show_banner (self, text);
      return;
    }

  range = g_new (guint64, 2);
  range[0] = start;
  range[1] = end;
  task = g_task_new (self, NULL, copy_cb, NULL);
  g_task_set_source_tag (task, copy_action);
  g_task_set_task_data (task, g_object_ref (mm_document_get_file (self->document)), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "range", range, g_free);
  g_task_run_in_thread (task, copy_thread);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  MmWindow *self = MM_WINDOW (widget);

  mm_text_view_select_all (self->view);
}

static void enable_editing (MmWindow *self);

static void
on_write_protected_response (GtkDialog *dialog,
                             int        response,
                             MmWindow  *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    enable_editing (self);
}

/* Root can write a file without write permission; chmod a-w usually
 * means "do not change this", so ask first. */
static void
enable_editing_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MmWindow *self = MM_WINDOW (widget);
  g_autofree char *name = NULL;
  GtkWidget *dialog;

  if (self->document == NULL)
    return;

  if (geteuid () != 0 || !mm_mapped_file_is_write_protected (mm_document_get_file (self->document)))
    {
      enable_editing (self);
      return;
    }

  name = g_file_get_basename (self->file);
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                   _("“%s” is read-only"), name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Nobody has permission to write this file, but you are the "
                                              "administrator (root), so edits would still change it. "
                                              "Edit it anyway?"));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Edit Anyway"), GTK_RESPONSE_ACCEPT,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_write_protected_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
enable_editing (MmWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->document == NULL)
    return;

  if (!mm_document_enable_editing (self->document, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Editing cannot be enabled: %s. The file stays read-only and unchanged."),
                                               error->message);

      mm_window_show_banner (self, text);
      return;
    }

  /* Editing happens in the hex panel: show it and put the keyboard there. */
  g_settings_set_boolean (self->settings, "show-hex-panel", TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->hex_panel));
  mm_window_show_banner (self, _("Editing is on. Type hex digits in the hex panel (Tab switches to the "
                                 "ASCII column) to overwrite bytes in place; other programs see the "
                                 "change at once. Ctrl+S writes it to disk, Ctrl+Z undoes it."));
  _mm_window_update_edit_state (self);
}

static void
undo_redo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  MmWindow *self = MM_WINDOW (widget);
  MmEditJournal *journal = self->document ? mm_document_get_journal (self->document) : NULL;
  g_autoptr(GError) error = NULL;
  gboolean undo = g_str_equal (action_name, "win.undo");
  gboolean done, left = FALSE;
  guint64 offset;

  if (journal == NULL)
    return;

  done = undo ? mm_edit_journal_undo (journal, &offset, &left, &error)
              : mm_edit_journal_redo (journal, &offset, &left, &error);
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (undo ? _("The edit could not be undone: %s")
                                                    : _("The edit could not be redone: %s"), error->message);

      mm_window_show_banner (self, text);
    }
  else if (done)
    {
      mm_text_view_set_caret (self->view, offset, FALSE);
      if (left)
        mm_window_show_banner (self, _("Another program changed this byte since the edit: "
                                       "it was left as that program wrote it."));
    }
  _mm_window_update_edit_state (self);
}

gboolean
_mm_window_save (MmWindow *self)
{
  MmEditJournal *journal = self->document ? mm_document_get_journal (self->document) : NULL;
  g_autoptr(GError) error = NULL;

  if (journal == NULL)
    return TRUE;

  if (!mm_edit_journal_save (journal, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The edits could not be written to disk: %s"), error->message);

      mm_window_show_banner (self, text);
      return FALSE;
    }

  _mm_window_update_edit_state (self);
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _mm_window_save (MM_WINDOW (widget));
}

static void
revert_edits_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MmWindow *self = MM_WINDOW (widget);
  MmEditJournal *journal = self->document ? mm_document_get_journal (self->document) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint restored, left;

  if (journal == NULL)
    return;

  if (!mm_edit_journal_revert_all (journal, &restored, &left, &error))
    g_string_printf (text, _("The edits could not all be reverted: %s"), error->message);
  else
    {
      g_string_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                          "%u byte reverted: the original is back. Redo brings the edits back.",
                                          "%u bytes reverted: the originals are back. Redo brings the edits back.",
                                          restored), restored);
      if (left > 0)
        {
          g_string_append_c (text, ' ');
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                     "%u byte was left as it is: another program changed it since.",
                                                     "%u bytes were left as they are: another program changed them since.",
                                                     left), left);
        }
    }
  mm_window_show_banner (self, text->str);
  _mm_window_update_edit_state (self);
}

static void
recover_restore_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MmWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree guint *counts = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;

  if (counts == NULL)
    text = g_strdup_printf (_("The original bytes could not be put back: %s"), error->message);
  else if (counts[1] == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u original byte is back.",
                                         "%u original bytes are back.", counts[0]), counts[0]);
  else
    text = g_strdup_printf (_("%u original bytes are back; %u were left as they are, because "
                              "another program changed them since."), counts[0], counts[1]);
  mm_window_show_banner (self, text);
}

typedef struct
{
  char   *path;
  GArray *bytes;
} Restore;

static void
restore_free (Restore *restore)
{
  g_free (restore->path);
  g_array_unref (restore->bytes);
  g_free (restore);
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Restore *restore = task_data;
  GError *error = NULL;
  guint *counts = g_new0 (guint, 2);

  if (!mm_edit_log_restore (restore->path, restore->bytes, &counts[0], &counts[1], &error))
    {
      g_free (counts);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, counts, g_free);
}

/* The edits a crashed session left: put the original bytes back (where
 * the file still holds ours), in a thread, then reload to show them. */
static void
recover_restore_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  MmWindow *self = MM_WINDOW (widget);
  GArray *recovery = self->document ? mm_document_get_recovery (self->document) : NULL;
  g_autoptr(GTask) task = NULL;
  Restore *restore;

  if (recovery == NULL)
    return;

  restore = g_new0 (Restore, 1);
  restore->path = g_strdup (mm_document_get_path (self->document));
  restore->bytes = g_array_ref (recovery);
  mm_document_clear_recovery (self->document);
  mm_window_show_banner (self, _("Putting the original bytes back…"));

  task = g_task_new (NULL, NULL, recover_restore_cb, g_object_ref (self));
  g_task_set_source_tag (task, recover_restore_action);
  g_task_set_task_data (task, restore, (GDestroyNotify) restore_free);
  g_task_run_in_thread (task, restore_thread);
}

static void
recover_keep_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MmWindow *self = MM_WINDOW (widget);

  if (self->document == NULL || mm_document_get_recovery (self->document) == NULL)
    return;

  mm_edit_log_forget (mm_document_get_path (self->document));
  mm_document_clear_recovery (self->document);
  mm_window_show_banner (self, _("The edits stay in the file."));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  mm_search_bar_open (MM_WINDOW (widget)->search_bar);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  mm_search_bar_step (MM_WINDOW (widget)->search_bar, g_str_equal (action_name, "win.find-previous"));
}

/* Built when first asked for, not with every window: it is a large tree
 * of widgets that would slow down showing the file. As the window's help
 * overlay it shows the accelerators the application has for each action. */
static void
shortcuts_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *shortcuts = gtk_application_window_get_help_overlay (window);

  if (shortcuts == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/org/example/MmView/ui/shortcuts.ui");

      shortcuts = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, shortcuts);
    }

  gtk_window_present (GTK_WINDOW (shortcuts));
}

static void
dismiss_banner_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  gtk_revealer_set_reveal_child (MM_WINDOW (widget)->banner_revealer, FALSE);
}

void
_mm_window_class_init_actions (MmWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.goto", NULL, goto_action);
  gtk_widget_class_install_action (widget_class, "win.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "win.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-banner", NULL, dismiss_banner_action);
  gtk_widget_class_install_action (widget_class, "win.shortcuts", NULL, shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.enable-editing", NULL, enable_editing_action);
  gtk_widget_class_install_action (widget_class, "win.recover-restore", NULL, recover_restore_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.recover-keep", NULL, recover_keep_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_redo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_redo_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.revert-edits", NULL, revert_edits_action);
}

static void
on_edit_refused (MmWindow   *self,
                 const char *message)
{
  mm_window_show_banner (self, message);
}

void
_mm_window_init_actions (MmWindow *self)
{
  g_autoptr(GAction) wrap = g_settings_create_action (self->settings, "wrap");
  g_autoptr(GAction) gutter = g_settings_create_action (self->settings, "gutter");
  g_autoptr(GAction) minimap = g_settings_create_action (self->settings, "show-minimap");
  g_autoptr(GAction) hex_panel = g_settings_create_action (self->settings, "show-hex-panel");
  g_autoptr(GAction) scheme = g_settings_create_action (self->settings, "style-scheme");
  g_autoptr(GAction) pretty = g_settings_create_action (self->settings, "pretty");
  g_autoptr(GAction) readable = g_settings_create_action (self->settings, "readable-strings");
  g_autoptr(GAction) indent = g_settings_create_action (self->settings, "indent-width");
  g_autoptr(GAction) tab_width = g_settings_create_action (self->settings, "tab-width");

  g_action_map_add_action (G_ACTION_MAP (self), wrap);
  g_action_map_add_action (G_ACTION_MAP (self), gutter);
  g_action_map_add_action (G_ACTION_MAP (self), minimap);
  g_action_map_add_action (G_ACTION_MAP (self), hex_panel);
  g_action_map_add_action (G_ACTION_MAP (self), scheme);
  g_action_map_add_action (G_ACTION_MAP (self), pretty);
  g_action_map_add_action (G_ACTION_MAP (self), readable);
  g_action_map_add_action (G_ACTION_MAP (self), indent);
  g_action_map_add_action (G_ACTION_MAP (self), tab_width);

  g_signal_connect_object (self->hex_panel, "edit-refused", G_CALLBACK (on_edit_refused),
                           self, G_CONNECT_SWAPPED);
}

/**
 * mm_window_find:
 *
 * Opens the search bar with @text, as if typed there; the search starts
 * at once rather than after the entry's typing delay.
 */
void
mm_window_find (MmWindow   *self,
                const char *text)
{
  g_return_if_fail (MM_IS_WINDOW (self));

  mm_search_bar_find (self->search_bar, text);
}

MmSearch *
mm_window_get_search (MmWindow *self)
{
  g_return_val_if_fail (MM_IS_WINDOW (self), NULL);

  return mm_search_bar_get_search (self->search_bar);
}

const char *
_mm_window_get_search_status (MmWindow *self)
{
  g_return_val_if_fail (MM_IS_WINDOW (self), NULL);

  return mm_search_bar_get_status (self->search_bar);
}
