/* fuzz-rows.c: rows and cells keep their invariants on any bytes.
 *
 * Input: byte 0 picks the wrap width (0: off), byte 1 the tab width,
 * byte 2 whether the rest is placed just before the 64 KiB segment edge
 * after a filler of 'a' or of continuation bytes; the rest is the text.
 * Checked, for the rows around the text: rows are contiguous and cover
 * every byte once; a row's start is found from each of its bytes; next and
 * prev round-trip; segments do not depend on where the question starts;
 * cell maps are monotonic and stay inside the row.
 */
#define G_LOG_DOMAIN "fuzz-rows"

#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "mm-rows.h"

#define MAX_ROWS_CHECKED 3000

static void
check_cells (MmRows  *rows,
             guint64  row,
             guint64  end)
{
  g_autoptr(MmRowText) text = mm_rows_get_text (rows, row, 0, 512);
  guint last_cell = 0;

  g_assert_cmpuint (text->start, ==, row);
  g_assert_cmpuint (text->end, ==, end);
  for (guint c = 0; c <= text->n_cells; c++)
    {
      g_assert_cmpuint (text->cell_offsets[c], >=, row);
      g_assert_cmpuint (text->cell_offsets[c], <=, end);
      if (c > 0)
        g_assert_cmpuint (text->cell_offsets[c], >=, text->cell_offsets[c - 1]);
    }
  g_assert_true (text->n_cells == 0 || g_utf8_validate (text->text, (gssize) text->text_len, NULL));

  /* The cell of each byte grows with the byte, and the character found at
   * that cell is in that cell. */
  for (guint64 x = row; x < end && x < row + 160; x++)
    {
      guint cell = mm_rows_cell_of_offset (rows, row, x);
      guint64 at = mm_rows_offset_at_cell (rows, row, cell);

      g_assert_cmpuint (cell, >=, last_cell);
      g_assert_cmpuint (at, >=, row);
      g_assert_cmpuint (at, <=, end);
      g_assert_cmpuint (mm_rows_cell_of_offset (rows, row, at), ==, cell);
      last_cell = cell;
    }
}

static void
check_rows (MmRows       *rows,
            const guint8 *data,
            guint64       length,
            guint64       from)
{
  guint64 row = mm_rows_row_start (rows, from);
  guint checked = 0;

  g_assert_cmpuint (row, <=, from);
  while (checked++ < MAX_ROWS_CHECKED)
    {
      guint64 end = mm_rows_row_end (rows, row);
      guint64 segment = mm_rows_segment_start (rows, row);
      guint64 next, prev;

      g_assert_cmpuint (end, >, row);
      g_assert_cmpuint (end, <=, length);
      g_assert_cmpuint (mm_rows_row_start (rows, row), ==, row);
      g_assert_cmpuint (mm_rows_row_start (rows, end - 1), ==, row);
      g_assert_cmpuint (mm_rows_row_start (rows, row + (end - row) / 2), ==, row);

      /* The row lies inside one segment, and every byte names it. */
      g_assert_cmpuint (segment, <=, row);
      g_assert_cmpuint (mm_rows_segment_end (rows, segment), >=, end);
      g_assert_cmpuint (mm_rows_segment_end (rows, row), >=, end);
      g_assert_cmpuint (mm_rows_segment_start (rows, end - 1), ==, segment);
      g_assert_cmpuint (mm_rows_segment_start (rows, segment), ==, segment);
      g_assert_cmpuint (mm_rows_segment_end (rows, segment) - segment, <=, MM_ROWS_SEGMENT_SIZE + 3);

      check_cells (rows, row, end);

      if (row > 0)
        {
          g_assert_true (mm_rows_prev (rows, row, &prev));
          g_assert_cmpuint (mm_rows_row_end (rows, prev), ==, row);
        }

      if (!mm_rows_next (rows, row, &next))
        {
          g_assert_cmpuint (end, ==, length);
          break;
        }
      g_assert_cmpuint (next, ==, end);
      g_assert_true (mm_rows_prev (rows, next, &prev));
      g_assert_cmpuint (prev, ==, row);
      row = next;
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmRows) rows = NULL;
  guint64 text_at = 0;
  guint wrap, tab;

  if (size < 3)
    return 0;

  wrap = data[0] % 97;
  tab = 1 + data[1] % 16;
  if (data[2] & 0x80)
    {
      gsize pad = MM_ROWS_SEGMENT_SIZE - (data[2] & 0x3f);
      guint8 filler = (data[2] & 0x40) ? 0x80 : 'a';

      g_byte_array_set_size (bytes, pad);
      memset (bytes->data, filler, pad);
      text_at = pad;
    }
  g_byte_array_append (bytes, data + 3, size - 3);

  fuzz_write_file (bytes->data, bytes->len);
  file = fuzz_map ();
  rows = mm_rows_new (file);
  mm_rows_set_wrap_cells (rows, wrap);
  mm_rows_set_tab_width (rows, tab);

  if (bytes->len == 0)
    {
      guint64 next;

      g_assert_cmpuint (mm_rows_row_start (rows, 0), ==, 0);
      g_assert_false (mm_rows_next (rows, 0, &next));
      return 0;
    }

  /* From a little before the text (or the edge) to the end. */
  check_rows (rows, bytes->data, bytes->len, text_at > 64 ? text_at - 64 : 0);
  /* Asked again with a cold cache, from the end backwards: same rows. */
  mm_rows_invalidate (rows);
  {
    guint64 row = mm_rows_row_start (rows, bytes->len - 1), prev;
    guint steps = 0;

    while (steps++ < 200 && mm_rows_prev (rows, row, &prev))
      {
        guint64 next;

        g_assert_true (mm_rows_next (rows, prev, &next));
        g_assert_cmpuint (next, ==, row);
        row = prev;
      }
  }
  return 0;
}
