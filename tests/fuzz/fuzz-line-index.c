/* fuzz-line-index.c: the line index against a naive count, after pokes
 * and growth.
 *
 * Input: byte 0 says whether the text follows a filler that reaches the
 * 64 KiB block edge (of letters, or of newlines so that in-block
 * checkpoints exist) and how many of the input's last bytes are appended
 * later; byte 1 how many pokes to make; then pokes (two bytes of offset
 * and a value) and the text. Checked: every line's start and the line of
 * sampled offsets, the newline total and the buckets' newline counts.
 */
#define G_LOG_DOMAIN "fuzz-line-index"

#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "mm-test-util.h"
#include "mm-line-index.h"

/* Every line near `focus` (where the text and the pokes are) and a sample
 * of the others: a filler of 20,000 short lines would otherwise dominate. */
static void
check_index (MmLineIndex  *index,
             const guint8 *data,
             gsize         length,
             gsize         focus)
{
  guint64 line = 0, value, total = 0;

  g_assert_true (mm_line_index_is_complete (index));
  g_assert_cmpuint (mm_line_index_get_newlines (index), ==, mm_count_newlines (data, length));

  for (gsize i = 0; i < length; i++)
    {
      gboolean starts = i == 0 || data[i - 1] == '\n';

      if (starts && (i + 512 >= focus || line % 101 == 0))
        {
          g_assert_true (mm_line_index_line_to_offset (index, line, &value));
          g_assert_cmpuint (value, ==, i);
        }
      if ((starts && i + 512 >= focus) || i % 61 == 0 || i + 1 == length)
        {
          g_assert_true (mm_line_index_offset_to_line (index, i, &value));
          g_assert_cmpuint (value, ==, line);
        }
      if (data[i] == '\n')
        line++;
    }
  g_assert_false (mm_line_index_line_to_offset (index, line + (length > 0 && data[length - 1] != '\n'), &value));

  for (guint b = 0; b < mm_line_index_get_n_buckets (index); b++)
    {
      guint64 size = mm_line_index_get_bucket_size (index);
      guint64 from = b * size;
      guint64 newlines;

      mm_line_index_get_bucket (index, b, &newlines);
      g_assert_cmpuint (newlines, ==, mm_count_newlines (data + from, (gsize) (MIN (from + size, length) - from)));
      total += newlines;
    }
  g_assert_cmpuint (total, ==, mm_line_index_get_newlines (index));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmLineIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *pokes;
  gsize n_pokes, tail, head, focus = 0;
  guint8 *mapped;

  if (size < 2)
    return 0;

  n_pokes = data[1] % 8;
  if (size < 2 + 3 * n_pokes)
    return 0;
  pokes = data + 2;

  if (data[0] & 0x80)
    {
      gsize pad = MM_LINE_INDEX_BLOCK_SIZE - (data[0] & 0x1f) * 7;

      g_byte_array_set_size (bytes, pad);
      focus = MM_LINE_INDEX_BLOCK_SIZE - 1024;
      if (data[0] & 0x40)
        for (gsize i = 0; i < pad; i++)
          bytes->data[i] = i % 3 == 2 ? '\n' : 'x';
      else
        memset (bytes->data, 'a', pad);
    }
  g_byte_array_append (bytes, pokes + 3 * n_pokes, size - 2 - 3 * n_pokes);

  /* The last `tail` bytes arrive later, as another program's append. */
  tail = MIN ((gsize) (data[0] & 0x20 ? 1 + data[0] % 31 : 0), bytes->len);
  head = bytes->len - tail;

  fuzz_write_file (bytes->data, head);
  file = fuzz_map ();
  index = mm_line_index_new (file);
  mm_test_build_index (index);
  check_index (index, bytes->data, head, focus);

  if (head > 0 && n_pokes > 0)
    {
      g_assert_true (mm_mapped_file_make_writable (file, &error));
      g_assert_no_error (error);
      mapped = (guint8 *) mm_mapped_file_get_data (file);
      for (gsize p = 0; p < n_pokes; p++)
        {
          gsize at = (gsize) (pokes[3 * p] | pokes[3 * p + 1] << 8) % head;
          guint8 old;
          guint8 value = pokes[3 * p + 2] & 1 ? '\n' : pokes[3 * p + 2];

          /* Aim some pokes at the filler's edge and the text's start. */
          if (bytes->len > MM_LINE_INDEX_BLOCK_SIZE && pokes[3 * p + 2] & 2)
            at = MM_LINE_INDEX_BLOCK_SIZE - 8 + at % 16;
          at = MIN (at, head - 1);
          old = mapped[at];
          mapped[at] = value;
          bytes->data[at] = value;
          mm_line_index_byte_changed (index, at, old, value);
        }
      check_index (index, bytes->data, head, focus);
    }

  if (tail > 0)
    {
      fuzz_append_file (bytes->data + head, tail);
      g_assert_true (mm_mapped_file_grow (file, &error));
      g_assert_no_error (error);
      mm_test_build_index (index);
      check_index (index, bytes->data, bytes->len, focus);
    }

  return 0;
}
