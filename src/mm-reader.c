/* mm-reader.c: one conversation of an export, as the user saw it.
 *
 * The messages of the thread the page shows, each with its role, time and
 * text (Markdown code blocks, code and tool output in monospace), in a list
 * that decodes and lays out only the messages on screen: a one-column
 * GtkGridView, which keeps some 30 rows made where GtkListView keeps 200
 * (each measured, so a conversation of thousands of long messages took
 * 0.6 s to open instead of 0.13). A message at a
 * fork (an edited question, a regenerated answer) says which branch it is
 * and switches to the others. Hidden messages (system, tool calls, empty)
 * can be shown. Each message can be copied or shown in the file (the
 * "show-in-file" signal, with its bytes), and the whole thread saved as one
 * Markdown file.
 */
#define G_LOG_DOMAIN "mm-reader"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mm-format.h"
#include "mm-reader-private.h"

#define NOTICE_SECONDS 6

struct _MmReader
{
  GtkWidget       parent_instance;

  MmMessageList  *messages;
  GtkNoSelection *selection;
  gboolean        show_hidden;
  guint           notice_timeout;

  /* Template children */
  GtkLabel       *title_label;
  GtkLabel       *subtitle_label;
  GtkRevealer    *notice_revealer;
  GtkLabel       *notice_label;
  GtkGridView    *list_view;
};

G_DEFINE_FINAL_TYPE (MmReader, mm_reader, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOW_HIDDEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SHOW_IN_FILE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- text ------------------------------------------------------------------ */

static void
append_escaped (GString    *out,
                const char *text,
                gssize      length)
{
  g_autofree char *escaped = g_markup_escape_text (text, length);

  g_string_append (out, escaped);
}

/**
 * _mm_reader_dup_markup:
 *
 * Pango markup for a message: code and tool output in monospace; in
 * Markdown, the lines of a ``` block in monospace, their fences dimmed.
 */
char *
_mm_reader_dup_markup (const char    *text,
                       MmContentKind  kind)
{
  GString *out = g_string_new (NULL);
  gboolean in_code = FALSE;

  if (kind == MM_CONTENT_CODE || kind == MM_CONTENT_OUTPUT)
    {
      g_string_append (out, "<tt>");
      append_escaped (out, text, -1);
      g_string_append (out, "</tt>");
      return g_string_free (out, FALSE);
    }

  for (const char *line = text; *line;)
    {
      const char *end = strchr (line, '\n');
      gsize length = end ? (gsize) (end - line) : strlen (line);
      const char *start = line;
      gboolean fence;

      while (start < line + length && (*start == ' ' || *start == '\t'))
        start++;
      fence = g_str_has_prefix (start, "```");

      if (fence)
        {
          g_string_append (out, "<tt><span alpha=\"55%\">");
          append_escaped (out, line, (gssize) length);
          g_string_append (out, "</span></tt>");
          in_code = !in_code;
        }
      else if (in_code)
        {
          g_string_append (out, "<tt>");
          append_escaped (out, line, (gssize) length);
          g_string_append (out, "</tt>");
        }
      else
        append_escaped (out, line, (gssize) length);

      if (end == NULL)
        break;
      g_string_append_c (out, '\n');
      line = end + 1;
    }
  return g_string_free (out, FALSE);
}

static const char *
role_label (MmRole role)
{
  switch (role)
    {
    case MM_ROLE_USER: return _("You");
    case MM_ROLE_ASSISTANT: return _("ChatGPT");
    case MM_ROLE_SYSTEM: return _("System");
    case MM_ROLE_TOOL: return _("Tool");
    case MM_ROLE_OTHER: default: return _("Other");
    }
}

/* ---- rows ------------------------------------------------------------------- */

typedef struct
{
  GtkLabel  *role;
  GtkLabel  *time;
  GtkLabel  *hidden;
  GtkWidget *branches;
  GtkWidget *previous;
  GtkLabel  *branch;
  GtkWidget *next;
  GtkWidget *copy;
  GtkWidget *show;
  GtkLabel  *body;
} Row;

static void
on_branch_clicked (GtkButton   *button,
                   GtkListItem *list_item)
{
  MmMessageItem *item = gtk_list_item_get_item (list_item);
  MmReader *self = MM_READER (gtk_widget_get_ancestor (GTK_WIDGET (button), MM_TYPE_READER));
  const MmMessage *message;
  gint step;

  if (item == NULL || self == NULL || self->messages == NULL)
    return;
  message = mm_message_item_get_message (item);
  step = g_object_get_data (G_OBJECT (button), "step") ? 1 : -1;
  if ((step < 0 && message->branch == 0) || (step > 0 && message->branch + 1 >= message->n_branches))
    return;
  mm_message_list_choose_branch (self->messages, mm_message_item_get_index (item), message->branch + step);
}

static GtkWidget *
flat_button (const char *icon,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *spacer = gtk_label_new (NULL);
  Row *row = g_new0 (Row, 1);

  row->role = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (row->role), "heading");
  row->time = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (row->time), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->time), "caption");
  row->hidden = GTK_LABEL (gtk_label_new (_("hidden on the page")));
  gtk_widget_add_css_class (GTK_WIDGET (row->hidden), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row->hidden), "caption");
  gtk_widget_set_hexpand (spacer, TRUE);

  row->branches = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  row->previous = flat_button ("go-previous-symbolic", _("Previous Branch"));
  row->branch = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (row->branch), "numeric");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->branch),
                               _("This message was edited or regenerated: the page showed one of its versions"));
  row->next = flat_button ("go-next-symbolic", _("Next Branch"));
  g_object_set_data (G_OBJECT (row->next), "step", GINT_TO_POINTER (1));
  g_signal_connect (row->previous, "clicked", G_CALLBACK (on_branch_clicked), list_item);
  g_signal_connect (row->next, "clicked", G_CALLBACK (on_branch_clicked), list_item);
  gtk_box_append (GTK_BOX (row->branches), row->previous);
  gtk_box_append (GTK_BOX (row->branches), GTK_WIDGET (row->branch));
  gtk_box_append (GTK_BOX (row->branches), row->next);

  /* The target first: an action of type u must never see none. */
  row->copy = flat_button ("edit-copy-symbolic", _("Copy Message"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row->copy), "u", 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row->copy), "reader.copy");
  row->show = flat_button ("find-location-symbolic", _("Show in File"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row->show), "u", 0);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row->show), "reader.show-in-file");

  row->body = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->body, 0);
  gtk_label_set_wrap (row->body, TRUE);
  gtk_label_set_wrap_mode (row->body, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (row->body, TRUE);
  /* A least width of its own: otherwise the label finds it by breaking the
   * text at every word, which made measuring a screenful of long messages
   * more than twice as slow. */
  gtk_label_set_width_chars (row->body, 20);
  gtk_label_set_use_markup (row->body, TRUE);

  gtk_box_append (GTK_BOX (header), GTK_WIDGET (row->role));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (row->time));
  gtk_box_append (GTK_BOX (header), GTK_WIDGET (row->hidden));
  gtk_box_append (GTK_BOX (header), spacer);
  gtk_box_append (GTK_BOX (header), row->branches);
  gtk_box_append (GTK_BOX (header), row->copy);
  gtk_box_append (GTK_BOX (header), row->show);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->body));
  gtk_widget_add_css_class (box, "mm-message");
  g_object_set_data_full (G_OBJECT (box), "row", row, g_free);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  MmMessageItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  Row *row = g_object_get_data (G_OBJECT (box), "row");
  const MmMessage *message = mm_message_item_get_message (item);
  g_autofree char *time = mm_conversation_format_time (message->create_time);
  g_autofree char *markup = _mm_reader_dup_markup (mm_message_item_get_text (item), message->kind);
  g_autofree char *branch = g_strdup_printf ("%u / %u", message->branch + 1, message->n_branches);
  guint index = mm_message_item_get_index (item);

  gtk_label_set_label (row->role, role_label (message->role));
  gtk_label_set_label (row->time, time ? time : "");
  gtk_widget_set_visible (GTK_WIDGET (row->hidden), message->hidden);
  gtk_widget_set_visible (row->branches, message->n_branches > 1);
  gtk_label_set_label (row->branch, branch);
  gtk_widget_set_sensitive (row->previous, message->branch > 0);
  gtk_widget_set_sensitive (row->next, message->branch + 1 < message->n_branches);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row->copy), "u", index);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row->show), "u", index);
  gtk_label_set_markup (row->body, markup);
  gtk_widget_set_opacity (box, message->hidden ? 0.6 : 1.0);
}

/* ---- actions ---------------------------------------------------------------- */

static MmMessageItem *
item_of_param (MmReader *self,
               GVariant *param)
{
  if (self->messages == NULL)
    return NULL;
  return g_list_model_get_item (G_LIST_MODEL (self->messages), g_variant_get_uint32 (param));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MmReader *self = MM_READER (widget);
  g_autoptr(MmMessageItem) item = item_of_param (self, param);

  if (item != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), mm_message_item_get_text (item));
}

static void
show_in_file_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MmReader *self = MM_READER (widget);
  g_autoptr(MmMessageItem) item = item_of_param (self, param);

  if (item != NULL)
    g_signal_emit (self, signals[SHOW_IN_FILE], 0,
                   mm_message_item_get_message (item)->node, mm_message_item_get_end (item));
}

/* Ctrl+Home, Ctrl+End: the first or the last message, in a conversation of
 * thousands. */
static void
go_to_end_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  MmReader *self = MM_READER (widget);
  guint n = self->messages ? g_list_model_get_n_items (G_LIST_MODEL (self->messages)) : 0;

  if (n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                g_str_equal (action_name, "reader.last") ? n - 1 : 0);
}

static gboolean
hide_notice (gpointer data)
{
  MmReader *self = data;

  self->notice_timeout = 0;
  gtk_revealer_set_reveal_child (self->notice_revealer, FALSE);
  return G_SOURCE_REMOVE;
}

static void
show_notice (MmReader   *self,
             const char *text)
{
  gtk_label_set_label (self->notice_label, text);
  gtk_revealer_set_reveal_child (self->notice_revealer, TRUE);
  g_clear_handle_id (&self->notice_timeout, g_source_remove);
  self->notice_timeout = g_timeout_add_seconds (NOTICE_SECONDS, hide_notice, self);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MmReader) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (object));
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    text = g_strdup_printf (_("The conversation could not be saved: %s"), error->message);
  else
    text = g_strdup_printf (_("Saved as %s"), name);
  show_notice (self, text);
}

static void
on_save_response (GtkNativeDialog *dialog,
                  int              response,
                  MmReader        *self)
{
  MmConversation *conversation = self->messages ? mm_message_list_get_conversation (self->messages) : NULL;

  if (response == GTK_RESPONSE_ACCEPT && conversation != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      char *markdown = mm_conversation_dup_markdown (conversation);
      g_autoptr(GBytes) bytes = g_bytes_new_take (markdown, strlen (markdown));

      /* Written in the background: the main thread never waits on a disk. */
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                           NULL, save_cb, g_object_ref (self));
    }
  g_object_unref (dialog);
  g_object_unref (self);
}

/* A file name from the title: no slashes, not too long. */
static char *
file_name_for (MmConversation *conversation)
{
  g_autofree char *title = mm_conversation_dup_title (conversation);
  GString *name = g_string_new (NULL);

  for (const char *p = title && *title ? title : _("Untitled"); *p && name->len < 80; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c < 0x20)
        g_string_append_c (name, '-');
      else
        g_string_append_unichar (name, c);
    }
  g_string_append (name, ".md");
  return g_string_free (name, FALSE);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MmReader *self = MM_READER (widget);
  MmConversation *conversation = self->messages ? mm_message_list_get_conversation (self->messages) : NULL;
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (conversation == NULL)
    return;
  name = file_name_for (conversation);
  dialog = gtk_file_chooser_native_new (_("Save Conversation as Markdown"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- the object ---------------------------------------------------------------- */

static void
update_header (MmReader *self)
{
  MmConversation *conversation = self->messages ? mm_message_list_get_conversation (self->messages) : NULL;
  g_autofree char *title = conversation ? mm_conversation_dup_title (conversation) : NULL;
  g_autofree char *date = conversation ? mm_conversation_format_time (mm_conversation_get_create_time (conversation)) : NULL;
  guint n = self->messages ? g_list_model_get_n_items (G_LIST_MODEL (self->messages)) : 0;
  g_autofree char *count = mm_format_count (n);
  g_autofree char *messages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s message", "%s messages", n), count);
  g_autofree char *subtitle = date ? g_strdup_printf ("%s · %s", date, messages) : g_strdup (messages);

  if (self->messages != NULL && conversation == NULL)
    {
      gtk_label_set_label (self->title_label, _("Not a Conversation"));
      gtk_label_set_label (self->subtitle_label, _("The bytes here do not hold a conversation of an export"));
      return;
    }
  gtk_label_set_label (self->title_label, title && *title ? title : _("Untitled"));
  gtk_label_set_label (self->subtitle_label, subtitle);
}

static void
mm_reader_dispose (GObject *object)
{
  GtkWidget *child;
  MmReader *self = (MmReader *)object;

  g_clear_handle_id (&self->notice_timeout, g_source_remove);
  if (self->selection != NULL)
    gtk_no_selection_set_model (self->selection, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MM_TYPE_READER);
  /* Children without an id in the template too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->messages);

  G_OBJECT_CLASS (mm_reader_parent_class)->dispose (object);
}

static void
mm_reader_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MmReader *self = MM_READER (object);

  switch (prop_id)
    {
    case PROP_SHOW_HIDDEN:
      g_value_set_boolean (value, self->show_hidden);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_reader_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MmReader *self = MM_READER (object);

  switch (prop_id)
    {
    case PROP_SHOW_HIDDEN:
      if (self->show_hidden == g_value_get_boolean (value))
        return;
      self->show_hidden = g_value_get_boolean (value);
      if (self->messages != NULL)
        mm_message_list_set_show_hidden (self->messages, self->show_hidden);
      update_header (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_reader_class_init (MmReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mm_reader_dispose;
  object_class->get_property = mm_reader_get_property;
  object_class->set_property = mm_reader_set_property;

  properties[PROP_SHOW_HIDDEN] =
    g_param_spec_boolean ("show-hidden", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MmReader::show-in-file:
   * @start: the message's node, its first byte
   * @end: past its last byte
   */
  signals[SHOW_IN_FILE] =
    g_signal_new ("show-in-file", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/MmView/ui/mm-reader.ui");
  gtk_widget_class_bind_template_child (widget_class, MmReader, title_label);
  gtk_widget_class_bind_template_child (widget_class, MmReader, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, MmReader, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, MmReader, notice_label);
  gtk_widget_class_bind_template_child (widget_class, MmReader, list_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mm-reader");

  gtk_widget_class_install_action (widget_class, "reader.copy", "u", copy_action);
  gtk_widget_class_install_action (widget_class, "reader.show-in-file", "u", show_in_file_action);
  gtk_widget_class_install_action (widget_class, "reader.save", NULL, save_action);
  gtk_widget_class_install_property_action (widget_class, "reader.show-hidden", "show-hidden");
  gtk_widget_class_install_action (widget_class, "reader.first", NULL, go_to_end_action);
  gtk_widget_class_install_action (widget_class, "reader.last", NULL, go_to_end_action);
}

static void
mm_reader_init (MmReader *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Before a message's selectable text takes them for its own ends. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Home, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("reader.first")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_End, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("reader.last")));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->selection = gtk_no_selection_new (NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_grid_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  mm_reader_clear (self);
}

/**
 * mm_reader_show:
 *
 * Reads the conversation whose object starts at @start.
 */
void
mm_reader_show (MmReader     *self,
                MmMappedFile *file,
                guint64       start)
{
  g_return_if_fail (MM_IS_READER (self));
  g_return_if_fail (MM_IS_MAPPED_FILE (file));

  if (self->messages != NULL && mm_message_list_get_start (self->messages) == start &&
      mm_message_list_get_conversation (self->messages) != NULL)
    return;

  g_clear_object (&self->messages);
  self->messages = mm_message_list_new (file, start);
  mm_message_list_set_show_hidden (self->messages, self->show_hidden);
  g_signal_connect_object (self->messages, "items-changed", G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
  gtk_no_selection_set_model (self->selection, G_LIST_MODEL (self->messages));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.save",
                                 mm_message_list_get_conversation (self->messages) != NULL);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->messages)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  update_header (self);
}

/* Forgets the conversation (the file changed under it). */
void
mm_reader_clear (MmReader *self)
{
  g_return_if_fail (MM_IS_READER (self));

  gtk_no_selection_set_model (self->selection, NULL);
  g_clear_object (&self->messages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reader.save", FALSE);
  gtk_label_set_label (self->title_label, _("No Conversation"));
  gtk_label_set_label (self->subtitle_label, _("Choose one in the outline"));
}

/* NULL when nothing is shown. */
MmMessageList *
mm_reader_get_messages (MmReader *self)
{
  g_return_val_if_fail (MM_IS_READER (self), NULL);

  return self->messages;
}

GtkGridView *
_mm_reader_get_list_view (MmReader *self)
{
  g_return_val_if_fail (MM_IS_READER (self), NULL);

  return self->list_view;
}
