/* mm-row-model.c: the interface every row model implements, and the row
 * text they hand out */
#define G_LOG_DOMAIN "mm-row-model"

#include "config.h"

#include "mm-row-model.h"

G_DEFINE_INTERFACE (MmRowModel, mm_row_model, G_TYPE_OBJECT)

static void
mm_row_model_default_init (MmRowModelInterface *iface)
{
}

/* The row holding @offset: where it starts. */
guint64
mm_row_model_row_start (MmRowModel *self,
                        guint64     offset)
{
  g_return_val_if_fail (MM_IS_ROW_MODEL (self), 0);

  return MM_ROW_MODEL_GET_IFACE (self)->row_start (self, offset);
}

/* Past the last byte of the row starting at @row_start. */
guint64
mm_row_model_row_end (MmRowModel *self,
                      guint64     row_start)
{
  g_return_val_if_fail (MM_IS_ROW_MODEL (self), 0);

  return MM_ROW_MODEL_GET_IFACE (self)->row_end (self, row_start);
}

gboolean
mm_row_model_next (MmRowModel *self,
                   guint64     row_start,
                   guint64    *next)
{
  g_return_val_if_fail (MM_IS_ROW_MODEL (self), FALSE);

  return MM_ROW_MODEL_GET_IFACE (self)->next (self, row_start, next);
}

gboolean
mm_row_model_prev (MmRowModel *self,
                   guint64     row_start,
                   guint64    *prev)
{
  g_return_val_if_fail (MM_IS_ROW_MODEL (self), FALSE);

  return MM_ROW_MODEL_GET_IFACE (self)->prev (self, row_start, prev);
}

/* The cell @offset is drawn in (a byte with no cell: the next cell). */
guint
mm_row_model_cell_of_offset (MmRowModel *self,
                             guint64     row_start,
                             guint64     offset)
{
  g_return_val_if_fail (MM_IS_ROW_MODEL (self), 0);

  return MM_ROW_MODEL_GET_IFACE (self)->cell_of_offset (self, row_start, offset);
}

guint64
mm_row_model_offset_at_cell (MmRowModel *self,
                             guint64     row_start,
                             guint       cell)
{
  g_return_val_if_fail (MM_IS_ROW_MODEL (self), 0);

  return MM_ROW_MODEL_GET_IFACE (self)->offset_at_cell (self, row_start, cell);
}

/* Cells [@first_cell, @first_cell + @max_cells) of a row, for drawing. */
MmRowText *
mm_row_model_get_text (MmRowModel *self,
                       guint64     row_start,
                       guint       first_cell,
                       guint       max_cells)
{
  g_return_val_if_fail (MM_IS_ROW_MODEL (self), NULL);

  return MM_ROW_MODEL_GET_IFACE (self)->get_text (self, row_start, first_cell, max_cells);
}

/* 0 turns wrapping off. */
void
mm_row_model_set_wrap_cells (MmRowModel *self,
                             guint       wrap_cells)
{
  g_return_if_fail (MM_IS_ROW_MODEL (self));

  MM_ROW_MODEL_GET_IFACE (self)->set_wrap_cells (self, wrap_cells);
}

guint
mm_row_model_get_wrap_cells (MmRowModel *self)
{
  g_return_val_if_fail (MM_IS_ROW_MODEL (self), 0);

  return MM_ROW_MODEL_GET_IFACE (self)->get_wrap_cells (self);
}

/* Cells between tab stops. */
void
mm_row_model_set_tab_width (MmRowModel *self,
                            guint       tab_width)
{
  g_return_if_fail (MM_IS_ROW_MODEL (self));

  MM_ROW_MODEL_GET_IFACE (self)->set_tab_width (self, tab_width);
}

/* Room for @max_cells cells; the model fills in the rest. */
MmRowText *
mm_row_text_new (guint64 start,
                 guint   first_cell,
                 guint   max_cells)
{
  MmRowText *row = g_new0 (MmRowText, 1);

  row->start = start;
  row->first_cell = first_cell;
  row->escapes = g_array_new (FALSE, FALSE, sizeof (MmRowEscape));
  row->cell_offsets = g_new (guint64, max_cells + 1);
  row->cell_text = g_new (guint, max_cells + 1);
  return row;
}

void
mm_row_text_free (MmRowText *text)
{
  if (text == NULL)
    return;

  g_free (text->text);
  g_free (text->cell_offsets);
  g_free (text->cell_text);
  g_array_unref (text->escapes);
  g_free (text);
}
