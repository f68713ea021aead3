/* mm-rows.h: the file as rows of monospace cells, from any byte offset */
#pragma once

#include <glib-object.h>

#include "mm-mapped-file.h"

G_BEGIN_DECLS

#define MM_ROWS_SEGMENT_SIZE ((guint64) 65536)

typedef struct
{
  guint first_cell;
  guint n_cells;
  guint text_start;   /* byte range in MmRowText.text */
  guint text_end;
  guint kind;         /* MmGlyphKind: CONTROL, INVALID or INVISIBLE */
} MmRowEscape;

typedef struct
{
  guint64  start;          /* the row's bytes are [start, end) */
  guint64  end;
  guint    first_cell;     /* the cells described: [first_cell, first_cell + n_cells) */
  guint    n_cells;
  guint    total_cells;    /* cells of the whole row; a bound when !cells_exact */
  char    *text;           /* UTF-8 for those cells, escapes spelled out */
  gsize    text_len;
  guint64 *cell_offsets;   /* n_cells + 1 file offsets: the character in each cell, then the end */
  guint   *cell_text;      /* n_cells + 1 indexes in text: where each cell's character is spelled */
  GArray  *escapes;        /* MmRowEscape */
  guint    line_start : 1;     /* the row starts a line */
  guint    segment_break : 1;  /* starts a 64 KiB segment inside a long line */
  guint    has_newline : 1;
  guint    cells_exact : 1;
} MmRowText;

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
void        mm_row_text_free         (MmRowText    *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmRowText, mm_row_text_free)

G_END_DECLS
