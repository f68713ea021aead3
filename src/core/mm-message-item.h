/* mm-message-item.h: one message of the reader's list, decoded when shown */
#pragma once

#include <glib-object.h>

#include "mm-conversation.h"

G_BEGIN_DECLS

#define MM_TYPE_MESSAGE_ITEM (mm_message_item_get_type ())

G_DECLARE_FINAL_TYPE (MmMessageItem, mm_message_item, MM, MESSAGE_ITEM, GObject)

MmMessageItem   *mm_message_item_new         (guint            index,
                                              const MmMessage *message,
                                              guint64          end,
                                              char            *text);
guint            mm_message_item_get_index   (MmMessageItem   *self);
const MmMessage *mm_message_item_get_message (MmMessageItem   *self);
guint64          mm_message_item_get_end     (MmMessageItem   *self);
const char      *mm_message_item_get_text    (MmMessageItem   *self);

G_END_DECLS
