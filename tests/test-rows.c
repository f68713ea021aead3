/* test-rows.c: rows partition the file, agree from every starting point, and map cells to bytes */
#define G_LOG_DOMAIN "test-rows"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "mm-rows.h"
#include "mm-test-util.h"

static void
check_partition (MmRows       *rows,
                 const guint8 *data,
                 guint64       length,
                 GRand        *rand)
{
  guint64 row = 0, next, prev, expected_start = 0;
  guint n_rows = 0;

  if (length == 0)
    return;

  g_assert_cmpuint (mm_rows_row_start (rows, 0), ==, 0);

  for (;;)
    {
      guint64 end = mm_rows_row_end (rows, row);
      gboolean has_next = mm_rows_next (rows, row, &next);

      /* Finding a row from an offset costs up to a segment of work, so
       * check that on a sample of rows and on every segment's first ones. */
      gboolean sampled = n_rows % 37 == 0 || row == mm_rows_segment_start (rows, row);

      /* Rows are contiguous and non-empty: every byte in exactly one. */
      g_assert_cmpuint (row, ==, expected_start);
      g_assert_cmpuint (end, >, row);
      n_rows++;
      expected_start = end;
      if (!sampled)
        goto advance;

      g_assert_cmpuint (mm_rows_row_start (rows, row), ==, row);
      g_assert_cmpuint (mm_rows_row_start (rows, end - 1), ==, row);
      {
        g_autoptr(MmRowText) text = mm_rows_get_text (rows, row, 0, 100);

        g_assert_cmpuint (text->end, ==, end);
        g_assert_cmpint (text->segment_break, ==,
                         row == mm_rows_segment_start (rows, row) && row > 0 && data[row - 1] != '\n');
      }
      if (end - row > 2)
        {
          guint64 inside = row + 1 + g_rand_int_range (rand, 0, (gint32) (end - row - 1));

          g_assert_cmpuint (mm_rows_row_start (rows, inside), ==, row);
        }

      /* A segment never spans more than 64 KiB plus a character. */
      g_assert_cmpuint (end - mm_rows_segment_start (rows, row), <=, MM_ROWS_SEGMENT_SIZE + 3);

      if (row > 0)
        {
          guint64 again;

          g_assert_true (mm_rows_prev (rows, row, &prev));
          g_assert_true (mm_rows_next (rows, prev, &again));
          g_assert_cmpuint (again, ==, row);
        }
      else
        g_assert_false (mm_rows_prev (rows, row, &prev));

advance:
      if (!has_next)
        {
          g_assert_cmpuint (end, ==, length);
          break;
        }
      g_assert_cmpuint (next, ==, end);
      if (sampled)
        {
          g_assert_true (mm_rows_prev (rows, next, &prev));
          g_assert_cmpuint (prev, ==, row);
        }
      row = next;
    }

  g_assert_cmpuint (n_rows, >, 0);
}

static void
check_segments_agree (MmRows  *rows,
                      guint64  length)
{
  guint64 start = 0;

  /* Every offset of a segment names the same segment start. */
  while (start < length)
    {
      guint64 end = mm_rows_segment_end (rows, start);

      g_assert_cmpuint (mm_rows_segment_start (rows, start), ==, start);
      g_assert_cmpuint (mm_rows_segment_start (rows, end - 1), ==, start);
      g_assert_cmpuint (mm_rows_segment_start (rows, start + (end - start) / 2), ==, start);
      start = end;
    }
}

static void
test_partition_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  guint wraps[] = { 0, 1, 7, 80 };

  for (guint seed = 1; seed <= 6; seed++)
    {
      gsize length = seed * 61 * 1024 + seed;
      g_autoptr(GBytes) bytes = mm_test_random_text (seed, length, TRUE);
      g_autofree char *path = mm_test_write_file ("rows", g_bytes_get_data (bytes, NULL), length);
      g_autoptr(MmMappedFile) file = mm_test_map (path);
      g_autoptr(MmRows) rows = mm_rows_new (file);

      check_segments_agree (rows, length);
      for (guint w = 0; w < G_N_ELEMENTS (wraps); w++)
        {
          mm_rows_set_wrap_cells (rows, wraps[w]);
          check_partition (rows, g_bytes_get_data (bytes, NULL), length, rand);
        }
      unlink (path);
    }
}

static void
test_segments_in_long_line (void)
{
  /* Multi-byte characters everywhere, so 64 KiB multiples fall inside
   * them and the boundaries must move forward. */
  GString *s = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmRows) rows = NULL;
  guint64 start = 0;

  while (s->len < 5 * MM_ROWS_SEGMENT_SIZE + 100)
    g_string_append (s, "ab漢😀é");
  path = mm_test_write_file ("long", s->str, s->len);
  file = mm_test_map (path);
  rows = mm_rows_new (file);

  while (start < s->len)
    {
      guint64 end = mm_rows_segment_end (rows, start);

      /* Cut only at character boundaries, near multiples of 64 KiB. */
      if (end < s->len)
        {
          g_assert_cmpuint ((guint8) s->str[end] & 0xc0, !=, 0x80);
          g_assert_cmpuint (end % MM_ROWS_SEGMENT_SIZE, <=, 3);
        }
      g_assert_true (g_utf8_validate (s->str + start, end - start, NULL));
      start = end;
    }

  check_segments_agree (rows, s->len);
  g_string_free (s, TRUE);
}

static void
test_cell_map (void)
{
  /* a, tab to column 8, wide 漢 (2 cells), e + combining acute (1 cell),
   * invalid 0xFF (escape, 2 cells), ^A (escape, 2 cells), then CRLF. */
  static const char line[] = "a\t\xe6\xbc\xa2" "e\xcc\x81" "\xff" "\x01" "z\r\n";
  g_autofree char *path = mm_test_write_file ("cells", line, sizeof line - 1);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmRows) rows = mm_rows_new (file);
  g_autoptr(MmRowText) text = NULL;
  static const guint64 expected[] = {
    0,                          /* a */
    1, 1, 1, 1, 1, 1, 1,        /* tab: cells 1..7 */
    2, 2,                       /* 漢 */
    5,                          /* e + U+0301 */
    8, 8,                       /* FF */
    9, 9,                       /* ^A */
    10,                         /* z */
  };

  text = mm_rows_get_text (rows, 0, 0, 200);
  g_assert_cmpuint (text->n_cells, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (text->cell_offsets[i], ==, expected[i]);
  g_assert_cmpuint (text->cell_offsets[text->n_cells], ==, 11);
  g_assert_cmpstr (text->text, ==, "a       \xe6\xbc\xa2" "e\xcc\x81" "FF^Az");
  g_assert_true (text->has_newline);
  g_assert_cmpuint (text->end, ==, sizeof line - 1);
  g_assert_cmpuint (text->escapes->len, ==, 2);
  g_assert_cmpuint (g_array_index (text->escapes, MmRowEscape, 0).first_cell, ==, 11);
  g_assert_cmpuint (g_array_index (text->escapes, MmRowEscape, 1).first_cell, ==, 13);
  g_assert_true (g_utf8_validate (text->text, text->text_len, NULL));

  g_assert_cmpuint (mm_rows_cell_of_offset (rows, 0, 5), ==, 10);
  g_assert_cmpuint (mm_rows_cell_of_offset (rows, 0, 9), ==, 13);
  g_assert_cmpuint (mm_rows_offset_at_cell (rows, 0, 9), ==, 2);
  g_assert_cmpuint (mm_rows_offset_at_cell (rows, 0, 500), ==, 11);

  /* A window into the row: a wide character cut by its left edge is a space. */
  g_clear_pointer (&text, mm_row_text_free);
  text = mm_rows_get_text (rows, 0, 9, 3);
  g_assert_cmpstr (text->text, ==, " e\xcc\x81 ");
  g_assert_cmpuint (text->cell_offsets[0], ==, 2);
  g_assert_cmpuint (text->cell_offsets[1], ==, 5);
}

static void
test_wrap_wide (void)
{
  /* Ten wide characters at 5 cells a row: two per row, never split. */
  GString *s = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmRows) rows = NULL;
  guint64 row = 0, next;
  guint n = 1;

  for (guint i = 0; i < 10; i++)
    g_string_append (s, "漢");
  path = mm_test_write_file ("wide", s->str, s->len);
  file = mm_test_map (path);
  rows = mm_rows_new (file);
  mm_rows_set_wrap_cells (rows, 5);

  while (mm_rows_next (rows, row, &next))
    {
      g_autoptr(MmRowText) text = mm_rows_get_text (rows, row, 0, 5);

      g_assert_cmpuint (text->total_cells, ==, 4);
      g_assert_cmpuint (next - row, ==, 6);
      row = next;
      n++;
    }
  g_assert_cmpuint (n, ==, 5);
  g_string_free (s, TRUE);
}

static void
test_last_row_of_long_line (void)
{
  gsize length = 10 * 1024 * 1024 + 123;
  guint8 *data = g_malloc (length);
  g_autofree char *path = NULL;
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmRows) rows = NULL;
  g_autoptr(MmRowText) text = NULL;
  guint64 last;

  for (gsize i = 0; i < length; i++)
    data[i] = 'a' + i % 26;
  path = mm_test_write_file ("long-line", data, length);
  file = mm_test_map (path);
  rows = mm_rows_new (file);
  mm_rows_set_wrap_cells (rows, 100);

  last = mm_rows_row_start (rows, length - 1);
  text = mm_rows_get_text (rows, last, 0, 100);
  g_assert_cmpuint (text->end, ==, length);
  g_assert_cmpmem (text->text, text->text_len, data + last, length - last);
  /* The row is inside the line's last segment, found without scanning from
   * the line's start. */
  g_assert_cmpuint (mm_rows_segment_start (rows, last), >=, length - MM_ROWS_SEGMENT_SIZE - 3);
  g_free (data);
}

/* Rows that start among the continuation bytes after a multiple of 64 KiB
 * belong to the segment before it: stepping down then up must give the
 * same rows. (70,000 bytes of 0x80, wrapped at 4 cells.) */
static void
test_row_start_in_continuation_bytes (void)
{
  gsize length = 70000;
  g_autofree guint8 *data = g_malloc (length);
  g_autofree char *path = NULL;
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmRows) rows = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  guint64 prev, next;

  memset (data, 0x80, length);
  path = mm_test_write_file ("continuations", data, length);
  file = mm_test_map (path);
  rows = mm_rows_new (file);
  mm_rows_set_wrap_cells (rows, 4);

  g_assert_cmpuint (mm_rows_segment_start (rows, 65538), ==, 0);
  g_assert_cmpuint (mm_rows_segment_end (rows, 65538), ==, 65539);
  g_assert_cmpuint (mm_rows_row_end (rows, 65538), ==, 65539);
  g_assert_true (mm_rows_next (rows, 65538, &next));
  g_assert_cmpuint (next, ==, 65539);
  g_assert_true (mm_rows_prev (rows, 65540, &prev));
  g_assert_cmpuint (prev, ==, 65539);
  g_assert_true (mm_rows_next (rows, 65539, &next));
  g_assert_cmpuint (next, ==, 65541);
  {
    g_autoptr(MmRowText) text = mm_rows_get_text (rows, 65538, 0, 10);

    g_assert_cmpuint (text->end, ==, 65539);
  }

  check_partition (rows, data, length, rand);
  check_segments_agree (rows, length);
  unlink (path);
}

/* An empty file has no mapping: rows must not do arithmetic on NULL. */
static void
test_empty_file (void)
{
  g_autofree char *path = mm_test_write_file ("empty", "", 0);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmRows) rows = mm_rows_new (file);
  g_autoptr(MmRowText) text = NULL;
  guint64 next;

  mm_rows_set_wrap_cells (rows, 10);
  g_assert_cmpuint (mm_rows_row_start (rows, 0), ==, 0);
  g_assert_cmpuint (mm_rows_row_end (rows, 0), ==, 0);
  g_assert_false (mm_rows_next (rows, 0, &next));
  g_assert_cmpuint (mm_rows_cell_of_offset (rows, 0, 0), ==, 0);
  g_assert_cmpuint (mm_rows_offset_at_cell (rows, 0, 3), ==, 0);
  text = mm_rows_get_text (rows, 0, 0, 10);
  g_assert_cmpuint (text->n_cells, ==, 0);
  g_assert_cmpuint (text->end, ==, 0);
  unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/rows/partition-random", test_partition_random);
  g_test_add_func ("/core/rows/segments-in-long-line", test_segments_in_long_line);
  g_test_add_func ("/core/rows/cell-map", test_cell_map);
  g_test_add_func ("/core/rows/wrap-wide", test_wrap_wide);
  g_test_add_func ("/core/rows/last-row-of-long-line", test_last_row_of_long_line);
  g_test_add_func ("/core/rows/row-start-in-continuation-bytes", test_row_start_in_continuation_bytes);
  g_test_add_func ("/core/rows/empty-file", test_empty_file);

  return g_test_run ();
}
