/* mm-reader.h: one conversation of an export, as the user saw it */
#pragma once

#include <gtk/gtk.h>

#include "mm-mapped-file.h"
#include "mm-message-list.h"

G_BEGIN_DECLS

#define MM_TYPE_READER (mm_reader_get_type ())

G_DECLARE_FINAL_TYPE (MmReader, mm_reader, MM, READER, GtkWidget)

void           mm_reader_show         (MmReader     *self,
                                       MmMappedFile *file,
                                       guint64       start);
void           mm_reader_clear        (MmReader     *self);
MmMessageList *mm_reader_get_messages (MmReader     *self);

G_END_DECLS
