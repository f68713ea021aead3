/* mm-outline-item.h: one row of the outline: a conversation, or a member
 * of a JSON file's top-level container */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MM_TYPE_OUTLINE_ITEM (mm_outline_item_get_type ())
#define MM_OUTLINE_ITEM_NOT_COUNTED G_MAXUINT

G_DECLARE_FINAL_TYPE (MmOutlineItem, mm_outline_item, MM, OUTLINE_ITEM, GObject)

MmOutlineItem *mm_outline_item_new            (guint64        start,
                                               guint64        end,
                                               guint          index,
                                               const char    *title,
                                               const char    *detail,
                                               double         time,
                                               guint          n_messages);
guint64        mm_outline_item_get_start      (MmOutlineItem *self);
guint64        mm_outline_item_get_end        (MmOutlineItem *self);
guint          mm_outline_item_get_index      (MmOutlineItem *self);
const char    *mm_outline_item_get_title      (MmOutlineItem *self);
const char    *mm_outline_item_get_detail     (MmOutlineItem *self);
double         mm_outline_item_get_time       (MmOutlineItem *self);
guint          mm_outline_item_get_n_messages (MmOutlineItem *self);
void           mm_outline_item_set_n_messages (MmOutlineItem *self,
                                               guint          n_messages);

G_END_DECLS
