/* mm-message-list.c: the messages of one conversation, as the reader's list.
 *
 * The conversation is read once (where each node is and whether the page
 * shows it); a message's text is decoded only when the list asks for its
 * item, so a conversation of thousands of messages opens as fast as a
 * short one. The mapped file is kept alive as long as the list.
 */
#define G_LOG_DOMAIN "mm-message-list"

#include "config.h"

#include "mm-message-list.h"

struct _MmMessageList
{
  GObject         parent_instance;

  MmMappedFile   *file;
  MmConversation *conversation;
};

static void mm_message_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MmMessageList, mm_message_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, mm_message_list_model_init))

static GType
mm_message_list_get_item_type (GListModel *model)
{
  return MM_TYPE_MESSAGE_ITEM;
}

static guint
mm_message_list_get_n_items (GListModel *model)
{
  MmMessageList *self = MM_MESSAGE_LIST (model);

  return self->conversation ? mm_conversation_get_n_messages (self->conversation) : 0;
}

static gpointer
mm_message_list_get_item (GListModel *model,
                          guint       position)
{
  MmMessageList *self = MM_MESSAGE_LIST (model);
  MmJsonBytes bytes = { mm_mapped_file_get_data (self->file), mm_mapped_file_get_valid_length (self->file) };
  const MmMessage *message;
  guint64 end = 0;

  if (position >= mm_message_list_get_n_items (model))
    return NULL;
  message = mm_conversation_get_message (self->conversation, position);
  if (!mm_json_skip_value (&bytes, message->node, &end))
    end = message->node + 1;
  return mm_message_item_new (position, message, end, mm_conversation_dup_text (self->conversation, position));
}

static void
mm_message_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mm_message_list_get_item_type;
  iface->get_n_items = mm_message_list_get_n_items;
  iface->get_item = mm_message_list_get_item;
}

static void
mm_message_list_finalize (GObject *object)
{
  MmMessageList *self = (MmMessageList *)object;

  g_clear_pointer (&self->conversation, mm_conversation_free);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (mm_message_list_parent_class)->finalize (object);
}

static void
mm_message_list_class_init (MmMessageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mm_message_list_finalize;
}

static void
mm_message_list_init (MmMessageList *self)
{
}

/* An empty list when @start is not a conversation. */
MmMessageList *
mm_message_list_new (MmMappedFile *file,
                     guint64       start)
{
  MmMessageList *self;
  MmJsonBytes bytes;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (file), NULL);

  self = g_object_new (MM_TYPE_MESSAGE_LIST, NULL);
  self->file = g_object_ref (file);
  bytes.data = mm_mapped_file_get_data (file);
  bytes.end = mm_mapped_file_get_valid_length (file);
  self->conversation = mm_conversation_new (&bytes, start);
  return self;
}

/* NULL when the bytes there are not a conversation. */
MmConversation *
mm_message_list_get_conversation (MmMessageList *self)
{
  g_return_val_if_fail (MM_IS_MESSAGE_LIST (self), NULL);

  return self->conversation;
}

guint64
mm_message_list_get_start (MmMessageList *self)
{
  g_return_val_if_fail (MM_IS_MESSAGE_LIST (self), 0);

  return self->conversation ? mm_conversation_get_start (self->conversation) : 0;
}

static void
reset (MmMessageList *self,
       guint          old)
{
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, mm_message_list_get_n_items (G_LIST_MODEL (self)));
}

void
mm_message_list_set_show_hidden (MmMessageList *self,
                                 gboolean       show_hidden)
{
  guint old;

  g_return_if_fail (MM_IS_MESSAGE_LIST (self));

  if (self->conversation == NULL)
    return;
  old = mm_message_list_get_n_items (G_LIST_MODEL (self));
  mm_conversation_set_show_hidden (self->conversation, show_hidden);
  reset (self, old);
}

void
mm_message_list_choose_branch (MmMessageList *self,
                               guint          index,
                               guint          branch)
{
  guint old;

  g_return_if_fail (MM_IS_MESSAGE_LIST (self));

  if (self->conversation == NULL || index >= mm_message_list_get_n_items (G_LIST_MODEL (self)))
    return;
  old = mm_message_list_get_n_items (G_LIST_MODEL (self));
  mm_conversation_choose_branch (self->conversation, index, branch);
  reset (self, old);
}
