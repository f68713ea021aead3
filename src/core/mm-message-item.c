/* mm-message-item.c: one message of the reader's list */
#define G_LOG_DOMAIN "mm-message-item"

#include "config.h"

#include "mm-message-item.h"

struct _MmMessageItem
{
  GObject    parent_instance;

  guint      index;     /* among the messages shown */
  MmMessage  message;
  guint64    end;       /* past the node's last byte */
  char      *text;
};

G_DEFINE_FINAL_TYPE (MmMessageItem, mm_message_item, G_TYPE_OBJECT)

static void
mm_message_item_finalize (GObject *object)
{
  MmMessageItem *self = (MmMessageItem *)object;

  g_free (self->text);

  G_OBJECT_CLASS (mm_message_item_parent_class)->finalize (object);
}

static void
mm_message_item_class_init (MmMessageItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mm_message_item_finalize;
}

static void
mm_message_item_init (MmMessageItem *self)
{
}

/* Takes @text. */
MmMessageItem *
mm_message_item_new (guint            index,
                     const MmMessage *message,
                     guint64          end,
                     char            *text)
{
  MmMessageItem *self = g_object_new (MM_TYPE_MESSAGE_ITEM, NULL);

  self->index = index;
  self->message = *message;
  self->end = end;
  self->text = text;
  return self;
}

guint
mm_message_item_get_index (MmMessageItem *self)
{
  return self->index;
}

const MmMessage *
mm_message_item_get_message (MmMessageItem *self)
{
  return &self->message;
}

guint64
mm_message_item_get_end (MmMessageItem *self)
{
  return self->end;
}

const char *
mm_message_item_get_text (MmMessageItem *self)
{
  return self->text;
}
