/* mm-window-outline.c: the outline sidebar and the reader, wired to the
 * window's view.
 *
 * Both are panes of the window, toggled by win.show-outline (F9) and
 * win.show-reader (Ctrl+Shift+R) and their header-bar buttons, which show
 * only for JSON. The outline opens by itself the first time a file turns
 * out to be an export. Choosing a conversation moves the view there (and
 * the reader, when open); activating it opens the reader; "Show in File"
 * in the reader selects the message's bytes in the view.
 */
#define G_LOG_DOMAIN "mm-window"

#include "config.h"

#include "mm-window-private.h"

static void
on_outline_kind (MmWindow *self)
{
  MmOutlineKind kind = mm_outline_pane_get_kind (self->outline_pane);

  gtk_widget_set_visible (self->outline_button, kind != MM_OUTLINE_KIND_NONE);
  gtk_widget_set_visible (self->pretty_button, kind != MM_OUTLINE_KIND_NONE);
  gtk_widget_set_visible (self->reader_button, kind == MM_OUTLINE_KIND_CONVERSATIONS);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-reader", kind == MM_OUTLINE_KIND_CONVERSATIONS);

  /* An export: what the user opened it for is the list of conversations. */
  if (kind == MM_OUTLINE_KIND_CONVERSATIONS && !self->outline_offered)
    {
      self->outline_offered = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self->outline_pane), TRUE);
    }
}

static void
read_item (MmWindow      *self,
           MmOutlineItem *item)
{
  if (self->document == NULL || mm_outline_pane_get_kind (self->outline_pane) != MM_OUTLINE_KIND_CONVERSATIONS)
    return;
  mm_reader_show (self->reader, mm_document_get_file (self->document), mm_outline_item_get_start (item));
}

static void
on_outline_selected (MmWindow      *self,
                     MmOutlineItem *item)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->reader)))
    read_item (self, item);
}

static void
on_outline_activated (MmWindow      *self,
                      MmOutlineItem *item)
{
  read_item (self, item);
  if (mm_reader_get_messages (self->reader) != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->reader), TRUE);
}

/* The reader opened without a conversation: the one at the caret. */
static void
on_reader_visible (MmWindow *self)
{
  MmOutline *outline = mm_outline_pane_get_outline (self->outline_pane);
  g_autoptr(MmOutlineItem) item = NULL;
  guint position;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->reader)))
    return;
  /* The text keeps the larger part, the first time. */
  if (!self->reader_placed && gtk_widget_get_width (GTK_WIDGET (self->reader_paned)) > 0)
    {
      self->reader_placed = TRUE;
      gtk_paned_set_position (self->reader_paned, gtk_widget_get_width (GTK_WIDGET (self->reader_paned)) * 11 / 20);
    }
  if (mm_reader_get_messages (self->reader) != NULL || outline == NULL)
    return;
  position = mm_outline_find (outline, mm_text_view_get_caret (self->view));
  if (position == G_MAXUINT && g_list_model_get_n_items (G_LIST_MODEL (outline)) > 0)
    position = 0;
  item = g_list_model_get_item (G_LIST_MODEL (outline), position);
  if (item != NULL)
    read_item (self, item);
}

static void
on_show_in_file (MmWindow *self,
                 guint64   start,
                 guint64   end)
{
  mm_text_view_select_range (self->view, start, end);
  mm_text_view_center_on (self->view, start);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* Bytes changed under the reader: read its conversation again. */
static void
on_bytes_changed (MmWindow *self)
{
  MmMessageList *messages = mm_reader_get_messages (self->reader);
  guint64 start;

  if (messages == NULL || self->document == NULL)
    return;
  start = mm_message_list_get_start (messages);
  mm_reader_clear (self->reader);
  mm_reader_show (self->reader, mm_document_get_file (self->document), start);
}

void
_mm_window_init_outline (MmWindow *self)
{
  g_autoptr(GPropertyAction) outline = g_property_action_new ("show-outline", self->outline_pane, "visible");
  g_autoptr(GPropertyAction) reader = g_property_action_new ("show-reader", self->reader, "visible");

  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (outline));
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (reader));

  g_signal_connect_object (self->outline_pane, "notify::kind", G_CALLBACK (on_outline_kind),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outline_pane, "selected", G_CALLBACK (on_outline_selected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outline_pane, "activated", G_CALLBACK (on_outline_activated),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reader, "notify::visible", G_CALLBACK (on_reader_visible),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reader, "show-in-file", G_CALLBACK (on_show_in_file),
                           self, G_CONNECT_SWAPPED);
  on_outline_kind (self);
}

void
_mm_window_set_outline_document (MmWindow   *self,
                                 MmDocument *document)
{
  g_autoptr(MmDocument) old = NULL;

  g_object_get (self->outline_pane, "document", &old, NULL);
  if (old != document)
    self->outline_offered = FALSE;
  mm_reader_clear (self->reader);
  gtk_widget_set_visible (GTK_WIDGET (self->reader), FALSE);
  mm_outline_pane_set_document (self->outline_pane, document);
  if (document != NULL)
    g_signal_connect_object (document, "bytes-changed", G_CALLBACK (on_bytes_changed),
                             self, G_CONNECT_SWAPPED);
}
