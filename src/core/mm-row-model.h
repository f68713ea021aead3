/* mm-row-model.h: the file as rows of monospace cells, from any byte
 * offset: the interface of the plain rows and the pretty JSON rows */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

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
  guint    pretty : 1;         /* a row of the pretty view (line_start: its first) */
  guint    fold : 2;           /* pretty: MmRowFold */
  guint    indent : 16;        /* pretty: cells of indentation */
} MmRowText;

typedef enum
{
  MM_ROW_NO_FOLD,
  MM_ROW_OPENS,     /* opens a container that can be folded */
  MM_ROW_FOLDED,    /* shows a folded container */
} MmRowFold;

#define MM_TYPE_ROW_MODEL (mm_row_model_get_type ())

G_DECLARE_INTERFACE (MmRowModel, mm_row_model, MM, ROW_MODEL, GObject)

/*
 * Rows are known by the byte offset they start at. Every byte of the file
 * belongs to exactly one row; a row may show fewer cells than bytes (the
 * blanks the pretty view leaves out) or more (its indentation).
 */
struct _MmRowModelInterface
{
  GTypeInterface parent_iface;

  guint64    (*row_start)      (MmRowModel *self,
                                guint64     offset);
  guint64    (*row_end)        (MmRowModel *self,
                                guint64     row_start);
  gboolean   (*next)           (MmRowModel *self,
                                guint64     row_start,
                                guint64    *next);
  gboolean   (*prev)           (MmRowModel *self,
                                guint64     row_start,
                                guint64    *prev);
  guint      (*cell_of_offset) (MmRowModel *self,
                                guint64     row_start,
                                guint64     offset);
  guint64    (*offset_at_cell) (MmRowModel *self,
                                guint64     row_start,
                                guint       cell);
  MmRowText *(*get_text)       (MmRowModel *self,
                                guint64     row_start,
                                guint       first_cell,
                                guint       max_cells);
  void       (*set_wrap_cells) (MmRowModel *self,
                                guint       wrap_cells);
  guint      (*get_wrap_cells) (MmRowModel *self);
  void       (*set_tab_width)  (MmRowModel *self,
                                guint       tab_width);
};

guint64     mm_row_model_row_start      (MmRowModel *self,
                                         guint64     offset);
guint64     mm_row_model_row_end        (MmRowModel *self,
                                         guint64     row_start);
gboolean    mm_row_model_next           (MmRowModel *self,
                                         guint64     row_start,
                                         guint64    *next);
gboolean    mm_row_model_prev           (MmRowModel *self,
                                         guint64     row_start,
                                         guint64    *prev);
guint       mm_row_model_cell_of_offset (MmRowModel *self,
                                         guint64     row_start,
                                         guint64     offset);
guint64     mm_row_model_offset_at_cell (MmRowModel *self,
                                         guint64     row_start,
                                         guint       cell);
MmRowText  *mm_row_model_get_text       (MmRowModel *self,
                                         guint64     row_start,
                                         guint       first_cell,
                                         guint       max_cells);
void        mm_row_model_set_wrap_cells (MmRowModel *self,
                                         guint       wrap_cells);
guint       mm_row_model_get_wrap_cells (MmRowModel *self);
void        mm_row_model_set_tab_width  (MmRowModel *self,
                                         guint       tab_width);

MmRowText  *mm_row_text_new             (guint64     start,
                                         guint       first_cell,
                                         guint       max_cells);
void        mm_row_text_free            (MmRowText  *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmRowText, mm_row_text_free)

G_END_DECLS
