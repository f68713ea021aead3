/* fuzz-json-rows.c: the pretty view's rows on any bytes.
 *
 * Input: byte 0 picks the wrap width (0: none), readable strings, and
 * whether to fold (at the middle of the file; all at a depth from a
 * quarter of it) and then reveal the byte at three quarters (after which
 * nothing hides it), with an indentation of 2 or 4; the rest is the
 * file.
 * Checked, where the structure pass gives pretty rows: walking the rows
 * from the start covers every byte once, in order; every byte's row is
 * the one the walk put it in; a row's cells map to its own bytes, in
 * order; and stepping back from each row comes to the one before.
 */
#define G_LOG_DOMAIN "fuzz-json-rows"

#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "mm-json-rows.h"

#define MAX_ROWS 20000

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmJsonIndex) index = NULL;
  g_autoptr(MmRows) plain = NULL;
  g_autoptr(MmJsonRows) rows = NULL;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint64));
  MmRowModel *model;
  guint wrap;
  guint64 length, row = 0, next;

  if (size < 2)
    return 0;
  wrap = data[0] % 4 == 0 ? 0 : 8 + data[0] % 40;
  fuzz_write_file (data + 1, size - 1);
  file = fuzz_map ();
  length = mm_mapped_file_get_valid_length (file);
  index = mm_json_index_new (file);
  mm_json_index_build_async (index, NULL, NULL, NULL);
  while (!mm_json_index_is_complete (index))
    g_main_context_iteration (NULL, TRUE);
  plain = mm_rows_new (file);
  rows = mm_json_rows_new (file, index, plain);
  model = MM_ROW_MODEL (rows);
  mm_row_model_set_wrap_cells (model, wrap);
  if (!mm_json_rows_has_json (rows))
    return 0;
  mm_json_rows_set_readable (rows, (data[0] & 0x20) != 0);
  if (data[0] & 0x40)
    mm_json_rows_fold (rows, length / 2, TRUE);
  if (data[0] & 0x80)
    mm_json_rows_fold_all_at (rows, length / 4);
  if (data[0] & 0x10)
    {
      mm_json_rows_set_indent_width (rows, 4);
      mm_json_rows_reveal (rows, length / 4 * 3);
      g_assert_false (mm_json_rows_reveal (rows, length / 4 * 3));
    }

  /* The walk: rows in order, each its own bytes. */
  while (starts->len < MAX_ROWS)
    {
      g_autoptr(MmRowText) text = mm_row_model_get_text (model, row, 0, wrap ? wrap : 200);

      g_array_append_val (starts, row);
      g_assert_cmpuint (text->start, ==, row);
      g_assert_cmpuint (text->end, >=, row);
      g_assert_cmpuint (text->end, <=, length);
      g_assert_true (g_utf8_validate (text->text, (gssize) text->text_len, NULL));
      for (guint c = 0; c < text->n_cells; c++)
        {
          g_assert_cmpuint (text->cell_offsets[c], >=, row);
          g_assert_cmpuint (text->cell_offsets[c], <=, text->cell_offsets[c + 1]);
          g_assert_cmpuint (text->cell_text[c], <=, text->cell_text[c + 1]);
        }
      g_assert_cmpuint (text->cell_text[text->n_cells], <=, text->text_len);
      if (!mm_row_model_next (model, row, &next) || next >= length)
        break;
      g_assert_cmpuint (next, >, row);
      row = next;
    }

  /* Every byte's row is the walk's; back from a row, the one before. */
  for (guint i = 0; i < starts->len && i < 2000; i++)
    {
      guint64 start = g_array_index (starts, guint64, i);
      guint64 end = i + 1 < starts->len ? g_array_index (starts, guint64, i + 1) : length;
      guint64 prev;

      for (guint64 x = start; x < end && x < start + 64; x++)
        g_assert_cmpuint (mm_row_model_row_start (model, x), ==, start);
      if (i > 0)
        {
          g_assert_true (mm_row_model_prev (model, start, &prev));
          g_assert_cmpuint (prev, ==, g_array_index (starts, guint64, i - 1));
        }
    }
  return 0;
}
