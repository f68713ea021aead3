/* mm-rows.h: the file as rows of monospace cells, from any byte offset */
#pragma once

#include <glib-object.h>

#include "mm-mapped-file.h"
#include "mm-row-model.h"

G_BEGIN_DECLS

#define MM_ROWS_SEGMENT_SIZE ((guint64) 65536)

#define MM_TYPE_ROWS (mm_rows_get_type ())

G_DECLARE_FINAL_TYPE (MmRows, mm_rows, MM, ROWS, GObject)

MmRows     *mm_rows_new              (MmMappedFile *file);
void        mm_rows_set_wrap_cells   (MmRows       *self,
                                      guint         wrap_cells);
guint       mm_rows_get_wrap_cells   (MmRows       *self);
void        mm_rows_set_tab_width    (MmRows       *self,
                                      guint         tab_width);
guint       mm_rows_get_tab_width    (MmRows       *self);
guint64     mm_rows_get_length       (MmRows       *self);
void        mm_rows_invalidate       (MmRows       *self);
guint64     mm_rows_segment_start    (MmRows       *self,
                                      guint64       offset);
guint64     mm_rows_segment_end      (MmRows       *self,
                                      guint64       segment_start);
guint64     mm_rows_row_start        (MmRows       *self,
                                      guint64       offset);
guint64     mm_rows_row_end          (MmRows       *self,
                                      guint64       row_start);
gboolean    mm_rows_next             (MmRows       *self,
                                      guint64       row_start,
                                      guint64      *next);
gboolean    mm_rows_prev             (MmRows       *self,
                                      guint64       row_start,
                                      guint64      *prev);
guint       mm_rows_cell_of_offset   (MmRows       *self,
                                      guint64       row_start,
                                      guint64       offset);
guint64     mm_rows_offset_at_cell   (MmRows       *self,
                                      guint64       row_start,
                                      guint         cell);
MmRowText  *mm_rows_get_text         (MmRows       *self,
                                      guint64       row_start,
                                      guint         first_cell,
                                      guint         max_cells);

G_END_DECLS
