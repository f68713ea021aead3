/* mm-message-list.h: the messages of one conversation as a GListModel, for
 * the reader */
#pragma once

#include <gio/gio.h>

#include "mm-conversation.h"
#include "mm-mapped-file.h"
#include "mm-message-item.h"

G_BEGIN_DECLS

#define MM_TYPE_MESSAGE_LIST (mm_message_list_get_type ())

G_DECLARE_FINAL_TYPE (MmMessageList, mm_message_list, MM, MESSAGE_LIST, GObject)

MmMessageList  *mm_message_list_new             (MmMappedFile  *file,
                                                 guint64        start);
MmConversation *mm_message_list_get_conversation (MmMessageList *self);
guint64         mm_message_list_get_start       (MmMessageList *self);
void            mm_message_list_set_show_hidden (MmMessageList *self,
                                                 gboolean       show_hidden);
void            mm_message_list_choose_branch   (MmMessageList *self,
                                                 guint          index,
                                                 guint          branch);

G_END_DECLS
