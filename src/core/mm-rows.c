/* mm-rows.c: rows from any byte offset, in bounded work.
 *
 * A line longer than 64 KiB is cut into segments at absolute multiples of
 * 64 KiB, each moved forward past UTF-8 continuation bytes, so the segment
 * holding any byte is found by looking back at most 64 KiB. Inside a
 * segment, rows wrap after a number of cells; tab stops and wrapping both
 * restart at each row, so a row's extent depends only on where it starts.
 */
#define G_LOG_DOMAIN "mm-rows"

#include "config.h"

#include <string.h>

#include "mm-rows.h"
#include "mm-utf8-cells.h"

struct _MmRows
{
  GObject       parent_instance;

  MmMappedFile *file;
  guint         wrap_cells;
  guint         tab_width;

  /* Row starts of the last segment walked with wrapping on: scrolling up
   * through a giant line asks for the rows of one segment again and again. */
  guint64       cached_segment;
  guint64       cached_end;
  GArray       *cached_rows;   /* guint64, ascending; empty: no cache */
};

static void mm_rows_row_model_init (MmRowModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MmRows, mm_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MM_TYPE_ROW_MODEL, mm_rows_row_model_init))

enum {
  PROP_0,
  PROP_WRAP_CELLS,
  PROP_TAB_WIDTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mm_rows_dispose (GObject *object)
{
  MmRows *self = (MmRows *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->cached_rows, g_array_unref);

  G_OBJECT_CLASS (mm_rows_parent_class)->dispose (object);
}

static void
mm_rows_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  MmRows *self = MM_ROWS (object);

  switch (prop_id)
    {
    case PROP_WRAP_CELLS:
      g_value_set_uint (value, self->wrap_cells);
      break;

    case PROP_TAB_WIDTH:
      g_value_set_uint (value, self->tab_width);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_rows_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  MmRows *self = MM_ROWS (object);

  switch (prop_id)
    {
    case PROP_WRAP_CELLS:
      mm_rows_set_wrap_cells (self, g_value_get_uint (value));
      break;

    case PROP_TAB_WIDTH:
      mm_rows_set_tab_width (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_rows_class_init (MmRowsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mm_rows_dispose;
  object_class->get_property = mm_rows_get_property;
  object_class->set_property = mm_rows_set_property;

  properties[PROP_WRAP_CELLS] =
    g_param_spec_uint ("wrap-cells", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TAB_WIDTH] =
    g_param_spec_uint ("tab-width", NULL, NULL,
                       1, 32, 8,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mm_rows_init (MmRows *self)
{
  self->tab_width = 8;
  self->cached_rows = g_array_new (FALSE, FALSE, sizeof (guint64));
}

/**
 * mm_rows_invalidate:
 *
 * Forgets cached row starts: call after bytes of the file changed.
 */
void
mm_rows_invalidate (MmRows *self)
{
  g_return_if_fail (MM_IS_ROWS (self));

  g_array_set_size (self->cached_rows, 0);
}

MmRows *
mm_rows_new (MmMappedFile *file)
{
  MmRows *self;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (file), NULL);

  self = g_object_new (MM_TYPE_ROWS, NULL);
  self->file = g_object_ref (file);

  return self;
}

/* 0 turns wrapping off: each segment is then one row. */
void
mm_rows_set_wrap_cells (MmRows *self,
                        guint   wrap_cells)
{
  g_return_if_fail (MM_IS_ROWS (self));

  if (self->wrap_cells != wrap_cells)
    {
      self->wrap_cells = wrap_cells;
      mm_rows_invalidate (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRAP_CELLS]);
    }
}

guint
mm_rows_get_wrap_cells (MmRows *self)
{
  g_return_val_if_fail (MM_IS_ROWS (self), 0);

  return self->wrap_cells;
}

void
mm_rows_set_tab_width (MmRows *self,
                       guint   tab_width)
{
  g_return_if_fail (MM_IS_ROWS (self));

  tab_width = CLAMP (tab_width, 1, 32);
  if (self->tab_width != tab_width)
    {
      self->tab_width = tab_width;
      mm_rows_invalidate (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAB_WIDTH]);
    }
}

guint
mm_rows_get_tab_width (MmRows *self)
{
  g_return_val_if_fail (MM_IS_ROWS (self), 8);

  return self->tab_width;
}

guint64
mm_rows_get_length (MmRows *self)
{
  g_return_val_if_fail (MM_IS_ROWS (self), 0);

  return mm_mapped_file_get_valid_length (self->file);
}

static inline const guint8 *
data_of (MmRows *self)
{
  return mm_mapped_file_get_data (self->file);
}

/* Where a segment may start near the multiple of 64 KiB `at`: at it, unless
 * it falls inside a character, then past at most three continuation bytes. */
static guint64
boundary (const guint8 *data,
          guint64       length,
          guint64       at)
{
  guint64 b = at;

  if (at == 0 || at >= length || data[at - 1] == '\n')
    return MIN (at, length);

  while (b < length && b < at + 3 && (data[b] & 0xc0) == 0x80)
    b++;

  return b;
}

guint64
mm_rows_segment_start (MmRows  *self,
                       guint64  offset)
{
  const guint8 *data = data_of (self);
  guint64 length = mm_rows_get_length (self);
  guint64 block, b;
  const guint8 *nl;

  g_return_val_if_fail (MM_IS_ROWS (self), 0);

  if (length == 0)
    return 0;
  offset = MIN (offset, length - 1);

  block = offset - offset % MM_ROWS_SEGMENT_SIZE;
  b = boundary (data, length, block);
  if (offset < b)
    {
      /* Continuation bytes right after a multiple of 64 KiB belong to the
       * character, and so to the segment, before it. */
      block -= MM_ROWS_SEGMENT_SIZE;
      b = boundary (data, length, block);
    }

  nl = memrchr (data + block, '\n', (gsize) (offset - block));
  if (nl != NULL && (guint64) (nl - data) + 1 > b)
    return (guint64) (nl - data) + 1;

  return b;
}

guint64
mm_rows_segment_end (MmRows  *self,
                     guint64  segment_start)
{
  const guint8 *data = data_of (self);
  guint64 length = mm_rows_get_length (self);
  guint64 block, limit;
  const guint8 *nl;

  g_return_val_if_fail (MM_IS_ROWS (self), 0);

  if (segment_start >= length)
    return length;

  /* A row start among the continuation bytes just after a multiple of
   * 64 KiB is still in the segment before that multiple, which ends at the
   * first byte that can start a character. */
  block = segment_start - segment_start % MM_ROWS_SEGMENT_SIZE;
  limit = boundary (data, length, block);
  if (segment_start >= limit)
    limit = boundary (data, length, block + MM_ROWS_SEGMENT_SIZE);
  nl = memchr (data + segment_start, '\n', (gsize) (limit - segment_start));
  if (nl != NULL)
    return (guint64) (nl - data) + 1;

  return limit;
}

typedef struct
{
  const guint8 *data;
  guint64       pos;
  guint64       end;      /* segment end */
  guint         column;
  guint         wrap;
  guint         tab;
  gboolean      base;     /* the last glyph can carry a combining mark */
  MmGlyph       glyph;
} Walker;

static void
walker_init (Walker  *w,
             MmRows  *self,
             guint64  row_start,
             guint64  segment_end)
{
  w->data = data_of (self);
  w->pos = row_start;
  w->end = segment_end;
  w->column = 0;
  w->wrap = self->wrap_cells;
  w->tab = self->tab_width;
  w->base = FALSE;
}

/* Decodes the glyph at w->pos. Returns FALSE when the row ends before it:
 * at the segment end, or when it would not fit in the row. */
static inline gboolean
walker_peek (Walker *w)
{
  const guint8 *p;

  if (w->pos >= w->end)
    return FALSE;
  p = w->data + w->pos;

  if (*p >= 0x20 && *p < 0x7f)
    {
      /* Printable ASCII: the overwhelmingly common case. */
      w->glyph.kind = MM_GLYPH_TEXT;
      w->glyph.length = 1;
      w->glyph.width = 1;
      w->glyph.ch = *p;
    }
  else
    {
      mm_glyph_decode (p, (gsize) (w->end - w->pos), &w->glyph);
      if (w->glyph.kind == MM_GLYPH_TAB)
        mm_glyph_set_tab_width (&w->glyph, w->column, w->tab, w->wrap);
      else if (w->glyph.kind == MM_GLYPH_TEXT && w->glyph.width == 0 && !w->base)
        mm_glyph_make_invisible (&w->glyph);
    }

  if (w->wrap > 0 && w->column > 0 && w->glyph.width > 0 && w->column + w->glyph.width > w->wrap)
    return FALSE;

  return TRUE;
}

static inline void
walker_advance (Walker *w)
{
  w->base = w->glyph.kind == MM_GLYPH_TEXT && (w->glyph.width > 0 || w->base);
  w->column += w->glyph.width;
  w->pos += w->glyph.length;
}

guint64
mm_rows_row_start (MmRows  *self,
                   guint64  offset)
{
  guint64 length = mm_rows_get_length (self);
  guint64 segment, segment_end;
  guint lo, hi;
  Walker w;

  g_return_val_if_fail (MM_IS_ROWS (self), 0);

  if (length == 0)
    return 0;
  offset = MIN (offset, length - 1);

  segment = mm_rows_segment_start (self, offset);
  if (self->wrap_cells == 0)
    return segment;

  segment_end = mm_rows_segment_end (self, segment);
  if (self->cached_rows->len == 0 || self->cached_segment != segment ||
      self->cached_end != segment_end)
    {
      /* Walk the whole segment once, remembering where every row starts. */
      g_array_set_size (self->cached_rows, 0);
      g_array_append_val (self->cached_rows, segment);
      walker_init (&w, self, segment, segment_end);
      while (w.pos < w.end)
        {
          if (!walker_peek (&w))
            {
              if (w.pos >= w.end)
                break;
              g_array_append_val (self->cached_rows, w.pos);
              w.column = 0;
              continue;
            }
          walker_advance (&w);
        }
      self->cached_segment = segment;
      self->cached_end = segment_end;
    }

  /* Last row start at or before offset. */
  lo = 0;
  hi = self->cached_rows->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->cached_rows, guint64, mid) <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return g_array_index (self->cached_rows, guint64, lo - 1);
}

guint64
mm_rows_row_end (MmRows  *self,
                 guint64  row_start)
{
  guint64 segment_end;
  Walker w;

  g_return_val_if_fail (MM_IS_ROWS (self), 0);

  segment_end = mm_rows_segment_end (self, row_start);
  if (self->wrap_cells == 0)
    return segment_end;

  walker_init (&w, self, row_start, segment_end);
  while (walker_peek (&w))
    walker_advance (&w);

  return w.pos;
}

gboolean
mm_rows_next (MmRows  *self,
              guint64  row_start,
              guint64 *next)
{
  guint64 end;

  g_return_val_if_fail (MM_IS_ROWS (self), FALSE);

  end = mm_rows_row_end (self, row_start);
  if (end >= mm_rows_get_length (self))
    return FALSE;

  *next = end;
  return TRUE;
}

gboolean
mm_rows_prev (MmRows  *self,
              guint64  row_start,
              guint64 *prev)
{
  g_return_val_if_fail (MM_IS_ROWS (self), FALSE);

  if (row_start == 0 || mm_rows_get_length (self) == 0)
    return FALSE;

  *prev = mm_rows_row_start (self, row_start - 1);
  return TRUE;
}

/* The cell where the character holding `offset` begins, in its row. An
 * offset at or past the row's visible end gives the cell after its last
 * character. */
guint
mm_rows_cell_of_offset (MmRows  *self,
                        guint64  row_start,
                        guint64  offset)
{
  Walker w;

  g_return_val_if_fail (MM_IS_ROWS (self), 0);

  walker_init (&w, self, row_start, mm_rows_segment_end (self, row_start));
  while (walker_peek (&w) && w.pos + w.glyph.length <= offset)
    walker_advance (&w);

  return w.column;
}

/* The offset of the character covering `cell` in the row, or the row's
 * end (before its newline) when the cell is past its last character. */
guint64
mm_rows_offset_at_cell (MmRows  *self,
                        guint64  row_start,
                        guint    cell)
{
  Walker w;

  g_return_val_if_fail (MM_IS_ROWS (self), 0);

  walker_init (&w, self, row_start, mm_rows_segment_end (self, row_start));
  while (walker_peek (&w) && w.glyph.kind != MM_GLYPH_NEWLINE)
    {
      if (w.column + w.glyph.width > cell)
        return w.pos;
      walker_advance (&w);
    }

  return w.pos;
}

/* Cells spelled by one ASCII character each (a tab's blanks, the visible
 * part of a cut glyph). */
static void
append_cells (GString   *text,
              MmRowText *row,
              guint     *n,
              guint64    offset,
              guint      count,
              char       fill)
{
  for (guint i = 0; i < count; i++)
    {
      row->cell_text[*n] = (guint) text->len;
      row->cell_offsets[(*n)++] = offset;
      g_string_append_c (text, fill);
    }
}

MmRowText *
mm_rows_get_text (MmRows  *self,
                  guint64  row_start,
                  guint    first_cell,
                  guint    max_cells)
{
  g_autoptr(GString) text = NULL;
  MmRowText *row;
  guint64 segment;
  guint last_cell = first_cell + max_cells;
  gboolean stopped_early = FALSE;
  guint n = 0;
  Walker w;

  g_return_val_if_fail (MM_IS_ROWS (self), NULL);

  row = mm_row_text_new (row_start, first_cell, max_cells);
  text = g_string_sized_new (max_cells + 16);

  row->line_start = row_start == 0 || data_of (self)[row_start - 1] == '\n';
  segment = row_start - row_start % MM_ROWS_SEGMENT_SIZE;
  row->segment_break = !row->line_start && row_start - segment <= 3 &&
                       boundary (data_of (self), mm_rows_get_length (self), segment) == row_start;

  walker_init (&w, self, row_start, mm_rows_segment_end (self, row_start));
  while (walker_peek (&w))
    {
      const guint8 *p = w.data + w.pos;
      guint start = w.column;
      guint stop = w.column + w.glyph.width;

      if (w.glyph.kind == MM_GLYPH_NEWLINE)
        break;

      if (start >= last_cell)
        {
          stopped_early = TRUE;
          break;
        }

      if (stop > first_cell)
        {
          gboolean whole = start >= first_cell && stop <= last_cell;

          switch (w.glyph.kind)
            {
            case MM_GLYPH_TEXT:
              if (whole)
                {
                  for (guint c = start; c < stop; c++)
                    {
                      row->cell_text[n] = (guint) text->len;
                      row->cell_offsets[n++] = w.pos;
                    }
                  g_string_append_len (text, (const char *) p, w.glyph.length);
                }
              else
                append_cells (text, row, &n, w.pos,
                              MIN (stop, last_cell) - MAX (start, first_cell), ' ');
              break;

            case MM_GLYPH_TAB:
              append_cells (text, row, &n, w.pos,
                            MIN (stop, last_cell) - MAX (start, first_cell), ' ');
              break;

            case MM_GLYPH_CONTROL:
            case MM_GLYPH_INVALID:
            case MM_GLYPH_INVISIBLE:
              {
                MmRowEscape escape;
                char spelled[MM_ESCAPE_TEXT_MAX];

                escape.first_cell = MAX (start, first_cell);
                escape.n_cells = MIN (stop, last_cell) - escape.first_cell;
                escape.text_start = text->len;
                escape.kind = w.glyph.kind;
                if (whole)
                  {
                    mm_glyph_escape_text (&w.glyph, p, spelled);
                    for (guint c = start; c < stop; c++)
                      {
                        row->cell_text[n] = (guint) text->len + (c - start);
                        row->cell_offsets[n++] = w.pos;
                      }
                    g_string_append (text, spelled);
                  }
                else
                  append_cells (text, row, &n, w.pos, escape.n_cells, ' ');
                escape.text_end = text->len;
                g_array_append_val (row->escapes, escape);
              }
              break;

            case MM_GLYPH_NEWLINE:
            default:
              g_assert_not_reached ();
            }
        }

      walker_advance (&w);
    }

  row->n_cells = n;
  row->cell_offsets[n] = w.pos;
  row->cell_text[n] = (guint) text->len;

  /* A wrapped row is at most a screen wide: count it all. An unwrapped one
   * may be 64 KiB; past the cells asked for, bound it by its bytes. */
  if (stopped_early && w.wrap > 0)
    {
      while (walker_peek (&w) && w.glyph.kind != MM_GLYPH_NEWLINE)
        walker_advance (&w);
      stopped_early = FALSE;
    }

  /* Unless cut short, the walk stopped where the row ends. */
  if (!stopped_early && w.wrap > 0)
    row->end = w.pos < w.end && w.data[w.pos] == '\n' ? w.pos + 1 :
               w.pos + 1 < w.end && w.data[w.pos] == '\r' && w.data[w.pos + 1] == '\n' ? w.pos + 2 : w.pos;
  else
    row->end = mm_rows_row_end (self, row_start);
  row->has_newline = row->end > row_start && w.data[row->end - 1] == '\n';
  row->cells_exact = !stopped_early;
  row->total_cells = w.column;
  if (stopped_early)
    row->total_cells += (guint) MIN (row->end - w.pos, (guint64) G_MAXUINT16 * 2);
  row->text_len = text->len;
  row->text = g_string_free (g_steal_pointer (&text), FALSE);

  return row;
}

/* ---- MmRowModel ------------------------------------------------------------ */

static guint64
row_model_row_start (MmRowModel *model,
                     guint64     offset)
{
  return mm_rows_row_start (MM_ROWS (model), offset);
}

static guint64
row_model_row_end (MmRowModel *model,
                   guint64     row_start)
{
  return mm_rows_row_end (MM_ROWS (model), row_start);
}

static gboolean
row_model_next (MmRowModel *model,
                guint64     row_start,
                guint64    *next)
{
  return mm_rows_next (MM_ROWS (model), row_start, next);
}

static gboolean
row_model_prev (MmRowModel *model,
                guint64     row_start,
                guint64    *prev)
{
  return mm_rows_prev (MM_ROWS (model), row_start, prev);
}

static guint
row_model_cell_of_offset (MmRowModel *model,
                          guint64     row_start,
                          guint64     offset)
{
  return mm_rows_cell_of_offset (MM_ROWS (model), row_start, offset);
}

static guint64
row_model_offset_at_cell (MmRowModel *model,
                          guint64     row_start,
                          guint       cell)
{
  return mm_rows_offset_at_cell (MM_ROWS (model), row_start, cell);
}

static MmRowText *
row_model_get_text (MmRowModel *model,
                    guint64     row_start,
                    guint       first_cell,
                    guint       max_cells)
{
  return mm_rows_get_text (MM_ROWS (model), row_start, first_cell, max_cells);
}

static void
row_model_set_wrap_cells (MmRowModel *model,
                          guint       wrap_cells)
{
  mm_rows_set_wrap_cells (MM_ROWS (model), wrap_cells);
}

static guint
row_model_get_wrap_cells (MmRowModel *model)
{
  return mm_rows_get_wrap_cells (MM_ROWS (model));
}

static void
row_model_set_tab_width (MmRowModel *model,
                         guint       tab_width)
{
  mm_rows_set_tab_width (MM_ROWS (model), tab_width);
}

static void
mm_rows_row_model_init (MmRowModelInterface *iface)
{
  iface->set_tab_width = row_model_set_tab_width;
  iface->row_start = row_model_row_start;
  iface->row_end = row_model_row_end;
  iface->next = row_model_next;
  iface->prev = row_model_prev;
  iface->cell_of_offset = row_model_cell_of_offset;
  iface->offset_at_cell = row_model_offset_at_cell;
  iface->get_text = row_model_get_text;
  iface->set_wrap_cells = row_model_set_wrap_cells;
  iface->get_wrap_cells = row_model_get_wrap_cells;
}
