/* mm-window-search.c: the window's search bar.
 *
 * Every change of the pattern or of its options starts a new MmSearch and
 * cancels the old one. The first match after the caret is selected as
 * soon as the short job finds it; the count grows as the full scan goes.
 */
#define G_LOG_DOMAIN "mm-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mm-window-private.h"

static void
update_label (MmWindow *self)
{
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  guint64 start, end, offset, length;
  guint64 n;
  gboolean complete;
  guint index;

  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
  if (self->search == NULL)
    {
      gtk_label_set_label (self->search_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->search_progress), FALSE);
      return;
    }

  n = mm_search_get_n_matches (self->search);
  complete = mm_search_is_complete (self->search);
  total = _mm_format_count (n);
  gtk_widget_set_visible (GTK_WIDGET (self->search_progress), !complete);
  gtk_progress_bar_set_fraction (self->search_progress, mm_search_get_fraction (self->search));

  mm_text_view_get_selection (self->view, &start, &end);
  index = mm_search_first_at_or_after (self->search, start);

  if (complete && n == 0)
    text = g_strdup (_("No matches"));
  else if (mm_search_get_match (self->search, index, &offset, &length) && offset == start && end == start + length)
    {
      g_autofree char *current = _mm_format_count (index + 1);

      /* Translators: "3 of 1,204" while the scan goes on, with an ellipsis */
      text = g_strdup_printf (complete ? _("%s of %s") : _("%s of %s…"), current, total);
    }
  else
    text = g_strdup_printf (complete ? g_dngettext (GETTEXT_PACKAGE, "%s match", "%s matches", n)
                                     : _("%s matches so far…"), total);

  if (n > mm_search_get_n_stored (self->search))
    {
      g_autofree char *stored = _mm_format_count (mm_search_get_n_stored (self->search));
      g_autofree char *longer = g_strdup_printf (_("%s (the first %s are marked)"), text, stored);

      g_free (text);
      text = g_steal_pointer (&longer);
    }

  gtk_label_set_label (self->search_label, text);
}

static void
select_match (MmWindow *self,
              guint64   offset,
              guint64   length)
{
  mm_text_view_set_caret (self->view, offset + length, FALSE);
  mm_text_view_set_caret (self->view, offset, FALSE);
  mm_text_view_set_caret (self->view, offset + length, TRUE);
  update_label (self);
}

static void
on_first_hit (MmWindow *self,
              MmSearch *search)
{
  guint64 offset, length;

  if (search != self->search)
    return;

  if (!self->search_followed && mm_search_get_first_hit (search, &offset, &length))
    {
      self->search_followed = TRUE;
      select_match (self, offset, length);
    }
  update_label (self);
}

static void
on_search_progress (MmWindow *self,
                    MmSearch *search)
{
  if (search != self->search)
    return;

  update_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->view));
}

void
_mm_window_stop_search (MmWindow *self)
{
  if (self->search != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->search, self);
      mm_search_cancel (self->search);
      g_clear_object (&self->search);
    }

  if (self->document != NULL)
    mm_marks_clear (mm_document_get_marks (self->document), MM_MARK_SEARCH);
  mm_text_view_set_search (self->view, NULL);
  update_label (self);
}

static void
start_search (MmWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GError) error = NULL;
  MmSearchFlags flags = 0;
  guint64 start, end;

  _mm_window_stop_search (self);
  if (self->document == NULL || text[0] == 0)
    return;

  if (gtk_toggle_button_get_active (self->case_button))
    flags |= MM_SEARCH_CASE_SENSITIVE;
  if (gtk_toggle_button_get_active (self->regex_button))
    flags |= MM_SEARCH_REGEX;
  if (gtk_toggle_button_get_active (self->word_button))
    flags |= MM_SEARCH_WHOLE_WORD;

  self->search = mm_search_new (mm_document_get_file (self->document), text, flags,
                                mm_document_get_marks (self->document), &error);
  if (self->search == NULL)
    {
      gtk_label_set_label (self->search_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
      return;
    }

  self->search_followed = FALSE;
  g_signal_connect_object (self->search, "first-hit", G_CALLBACK (on_first_hit), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search, "progress", G_CALLBACK (on_search_progress), self, G_CONNECT_SWAPPED);
  mm_text_view_set_search (self->view, self->search);

  /* From where the user is: the selection's start, or the caret. */
  mm_text_view_get_selection (self->view, &start, &end);
  mm_search_start (self->search, start);
  update_label (self);
}

static void
find_step (MmWindow *self,
           gboolean  backward)
{
  guint64 start, end, offset, length;
  guint index;

  if (self->search == NULL)
    {
      start_search (self);
      return;
    }

  mm_text_view_get_selection (self->view, &start, &end);
  if (mm_search_find (self->search, start, backward, &index) &&
      mm_search_get_match (self->search, index, &offset, &length))
    {
      self->search_followed = TRUE;
      select_match (self, offset, length);
    }
  else if (mm_search_get_first_hit (self->search, &offset, &length))
    select_match (self, offset, length);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MmWindow *self = MM_WINDOW (widget);
  guint64 start, end;

  if (self->document == NULL)
    return;

  /* A short selection on one line is what the user wants to find. */
  if (mm_text_view_get_selection (self->view, &start, &end) && end - start <= 256)
    {
      const char *data = (const char *) mm_mapped_file_get_data (mm_document_get_file (self->document));
      g_autofree char *text = g_strndup (data + start, end - start);

      if (g_utf8_validate (text, -1, NULL) && strchr (text, '\n') == NULL && strlen (text) == end - start)
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
    }

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  find_step (MM_WINDOW (widget), g_str_equal (action_name, "win.find-previous"));
}

static void
on_find_next (MmWindow *self)
{
  find_step (self, FALSE);
}

static void
on_find_previous (MmWindow *self)
{
  find_step (self, TRUE);
}

static void
on_stop_search (MmWindow *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
on_search_mode_changed (MmWindow *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    _mm_window_stop_search (self);
}

static gboolean
on_entry_key (MmWindow              *self,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_SHIFT_MASK))
    {
      find_step (self, TRUE);
      return TRUE;
    }

  return FALSE;
}

void
_mm_window_class_init_search (MmWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_next_action);
}

void
_mm_window_init_search (MmWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (start_search),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (on_find_next),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "next-match", G_CALLBACK (on_find_next),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "previous-match", G_CALLBACK (on_find_previous),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (on_stop_search),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (on_search_mode_changed),
                           self, G_CONNECT_SWAPPED);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_entry_key), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  g_signal_connect_object (self->case_button, "toggled", G_CALLBACK (start_search), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->regex_button, "toggled", G_CALLBACK (start_search), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->word_button, "toggled", G_CALLBACK (start_search), self, G_CONNECT_SWAPPED);
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

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  g_signal_handlers_block_by_func (self->search_entry, start_search, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  g_signal_handlers_unblock_by_func (self->search_entry, start_search, self);
  start_search (self);
}

MmSearch *
mm_window_get_search (MmWindow *self)
{
  g_return_val_if_fail (MM_IS_WINDOW (self), NULL);

  return self->search;
}

const char *
mm_window_get_search_status (MmWindow *self)
{
  g_return_val_if_fail (MM_IS_WINDOW (self), NULL);

  return gtk_label_get_label (self->search_label);
}
