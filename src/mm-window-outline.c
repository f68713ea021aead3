/* mm-window-outline.c: the outline sidebar and the reader, wired to the
 * window's view.
 *
 * Both are panes of the window, made when first needed (the outline when
 * the structure pass finds JSON, the reader when first opened), not on the
 * way to the first frame. win.show-outline (F9) and win.show-reader
 * (Ctrl+Shift+R) and their header-bar buttons, which show only for JSON,
 * toggle them. The outline opens by itself the first time a file turns out
 * to be an export. Choosing a conversation moves the view there (and the
 * reader, when open); activating it opens the reader; "Show in File" in the
 * reader selects the message's bytes in the view.
 */
#define G_LOG_DOMAIN "mm-window"

#include "config.h"

#include "mm-window-private.h"

static void ensure_reader (MmWindow *self);

static GSimpleAction *
action (MmWindow   *self,
        const char *name)
{
  return G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self), name));
}

/* Shows or hides a pane, and says so in its action's state. */
static void
show_pane (MmWindow   *self,
           const char *name,
           GtkWidget  *pane,
           gboolean    visible)
{
  if (pane != NULL)
    gtk_widget_set_visible (pane, visible);
  g_simple_action_set_state (action (self, name), g_variant_new_boolean (pane != NULL && visible));
}

static MmOutlineKind
outline_kind (MmWindow *self)
{
  return self->outline_pane ? mm_outline_pane_get_kind (self->outline_pane) : MM_OUTLINE_KIND_NONE;
}

static void
on_outline_kind (MmWindow *self)
{
  MmOutlineKind kind = outline_kind (self);

  gtk_widget_set_visible (self->outline_button, kind != MM_OUTLINE_KIND_NONE);
  gtk_widget_set_visible (self->pretty_button, kind != MM_OUTLINE_KIND_NONE);
  gtk_widget_set_visible (self->reader_button, kind == MM_OUTLINE_KIND_CONVERSATIONS);
  g_simple_action_set_enabled (action (self, "show-reader"), kind == MM_OUTLINE_KIND_CONVERSATIONS);

  /* An export: what the user opened it for is the list of conversations. */
  if (kind == MM_OUTLINE_KIND_CONVERSATIONS && !self->outline_offered)
    {
      self->outline_offered = TRUE;
      show_pane (self, "show-outline", GTK_WIDGET (self->outline_pane), TRUE);
    }
}

static void
read_item (MmWindow      *self,
           MmOutlineItem *item)
{
  if (self->document == NULL || outline_kind (self) != MM_OUTLINE_KIND_CONVERSATIONS)
    return;
  ensure_reader (self);
  mm_reader_show (self->reader, mm_document_get_file (self->document), mm_outline_item_get_start (item));
}

static void
on_outline_selected (MmWindow      *self,
                     MmOutlineItem *item)
{
  if (self->reader != NULL && gtk_widget_get_visible (GTK_WIDGET (self->reader)))
    read_item (self, item);
}

static void
on_outline_activated (MmWindow      *self,
                      MmOutlineItem *item)
{
  read_item (self, item);
  if (mm_reader_get_messages (self->reader) != NULL)
    show_pane (self, "show-reader", GTK_WIDGET (self->reader), TRUE);
}

/* The reader opened without a conversation: the one at the caret. */
static void
on_reader_visible (MmWindow *self)
{
  MmOutline *outline = self->outline_pane ? mm_outline_pane_get_outline (self->outline_pane) : NULL;
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

static void
ensure_outline_pane (MmWindow *self)
{
  if (self->outline_pane != NULL)
    return;
  self->outline_pane = g_object_new (MM_TYPE_OUTLINE_PANE, "visible", FALSE, NULL);
  mm_outline_pane_set_view (self->outline_pane, self->view);
  g_signal_connect_object (self->outline_pane, "notify::kind", G_CALLBACK (on_outline_kind),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outline_pane, "selected", G_CALLBACK (on_outline_selected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outline_pane, "activated", G_CALLBACK (on_outline_activated),
                           self, G_CONNECT_SWAPPED);
  gtk_paned_set_start_child (self->outline_paned, GTK_WIDGET (self->outline_pane));
  mm_outline_pane_set_document (self->outline_pane, self->document);
}

static void
ensure_reader (MmWindow *self)
{
  if (self->reader != NULL)
    return;
  self->reader = g_object_new (MM_TYPE_READER, "visible", FALSE, NULL);
  g_signal_connect_object (self->reader, "notify::visible", G_CALLBACK (on_reader_visible),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reader, "show-in-file", G_CALLBACK (on_show_in_file),
                           self, G_CONNECT_SWAPPED);
  gtk_paned_set_end_child (self->reader_paned, GTK_WIDGET (self->reader));
}

/* win.show-outline and win.show-reader: the pane is made if need be. */
static void
show_pane_change_state (GSimpleAction *simple,
                        GVariant      *value,
                        gpointer       user_data)
{
  MmWindow *self = user_data;
  const char *name = g_action_get_name (G_ACTION (simple));
  gboolean outline = g_str_equal (name, "show-outline");

  if (outline)
    ensure_outline_pane (self);
  else
    ensure_reader (self);
  show_pane (self, name, outline ? GTK_WIDGET (self->outline_pane) : GTK_WIDGET (self->reader),
             g_variant_get_boolean (value));
}

/* The structure pass found JSON: the outline has something to show. */
static void
on_json_progress (MmWindow *self)
{
  MmJsonIndex *json = self->document ? mm_document_get_json_index (self->document) : NULL;

  if (self->outline_pane == NULL && json != NULL && mm_json_index_get_n_regions (json) > 0)
    ensure_outline_pane (self);
}

/* Bytes changed under the reader: read its conversation again. */
static void
on_bytes_changed (MmWindow *self)
{
  MmMessageList *messages = self->reader ? mm_reader_get_messages (self->reader) : NULL;
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
  static const GActionEntry entries[] = {
    { "show-outline", NULL, NULL, "false", show_pane_change_state },
    { "show-reader", NULL, NULL, "false", show_pane_change_state },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  on_outline_kind (self);
}

void
_mm_window_set_outline_document (MmWindow   *self,
                                 MmDocument *document)
{
  g_autoptr(MmDocument) old = NULL;

  if (self->outline_pane != NULL)
    g_object_get (self->outline_pane, "document", &old, NULL);
  if (old != document || self->outline_pane == NULL)
    self->outline_offered = FALSE;
  if (self->reader != NULL)
    {
      mm_reader_clear (self->reader);
      show_pane (self, "show-reader", GTK_WIDGET (self->reader), FALSE);
    }
  if (self->outline_pane != NULL)
    mm_outline_pane_set_document (self->outline_pane, document);
  on_outline_kind (self);
  if (document != NULL)
    {
      g_signal_connect_object (document, "bytes-changed", G_CALLBACK (on_bytes_changed),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "json-progress", G_CALLBACK (on_json_progress),
                               self, G_CONNECT_SWAPPED);
      on_json_progress (self);
    }
}
