/* mm-window-actions.c: what the window's menus, buttons and shortcuts do */
#define G_LOG_DOMAIN "mm-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

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

  if (self->document == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->goto_entry), "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->goto_entry), "error");
  gtk_label_set_label (self->goto_hint,
                       _("A number goes to that line; 0x1F400 or @128000 to a byte offset; 50% to halfway through the file."));
  gtk_menu_button_popup (self->position_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->goto_entry));
}

static void
on_goto_activate (MmWindow *self,
                  GtkEntry *entry)
{
  g_autoptr(GError) error = NULL;

  if (mm_window_go_to (self, gtk_editable_get_text (GTK_EDITABLE (entry)), &error))
    {
      gtk_popover_popdown (self->goto_popover);
      gtk_widget_grab_focus (GTK_WIDGET (self->view));
      return;
    }

  if (error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_label_set_label (self->goto_hint, error->message);
    }
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

static void
enable_editing_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MmWindow *self = MM_WINDOW (widget);
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
  guint64 offset;
  gboolean done;

  if (journal == NULL)
    return;

  done = g_str_equal (action_name, "win.undo") ? mm_edit_journal_undo (journal, &offset)
                                               : mm_edit_journal_redo (journal, &offset);
  if (done)
    mm_text_view_set_caret (self->view, offset, FALSE);
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
  g_autofree char *text = NULL;
  guint n;

  if (journal == NULL)
    return;

  n = mm_edit_journal_revert_all (journal);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u edit reverted: the original bytes are back. Redo brings it back.",
                                       "%u edits reverted: the original bytes are back. Redo brings them back.", n), n);
  mm_window_show_banner (self, text);
  _mm_window_update_edit_state (self);
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

  g_action_map_add_action (G_ACTION_MAP (self), wrap);
  g_action_map_add_action (G_ACTION_MAP (self), gutter);
  g_action_map_add_action (G_ACTION_MAP (self), minimap);
  g_action_map_add_action (G_ACTION_MAP (self), hex_panel);

  g_signal_connect_object (self->goto_entry, "activate", G_CALLBACK (on_goto_activate),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->hex_panel, "edit-refused", G_CALLBACK (on_edit_refused),
                           self, G_CONNECT_SWAPPED);
}
