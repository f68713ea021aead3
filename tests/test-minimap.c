/* test-minimap.c: the minimap's pixel <-> byte mapping, its marks, and its
 * growth while the index is built */
#define G_LOG_DOMAIN "test-minimap"

#include "config.h"

#include <unistd.h>

#include "mm-marks.h"
#include "mm-minimap-geometry.h"
#include "mm-test-util.h"

static void
check_mapping (guint64 length,
               int     height)
{
  MmMinimapGeometry g = { length, height };
  int last_y = 0;

  /* Offsets map to rows in order, inside the minimap, and back into the
   * same row's bytes. */
  for (guint i = 0; i <= 1000; i++)
    {
      guint64 offset = length / 1000 * i;
      int y = mm_minimap_offset_to_y (&g, offset);
      guint64 back = mm_minimap_y_to_offset (&g, y);

      g_assert_cmpint (y, >=, last_y);
      g_assert_cmpint (y, >=, 0);
      g_assert_cmpint (y, <, height);
      if (length >= (guint64) height)
        g_assert_cmpint (mm_minimap_offset_to_y (&g, back), ==, y);
      g_assert_cmpuint (back, <=, offset);
      last_y = y;
    }

  g_assert_cmpint (mm_minimap_offset_to_y (&g, 0), ==, 0);
  g_assert_cmpint (mm_minimap_offset_to_y (&g, length), ==, height - 1);
  g_assert_cmpuint (mm_minimap_y_to_offset (&g, height), ==, length - 1);
}

static guint64
write_many_short_lines (char **path)
{
  GString *s = g_string_new (NULL);
  guint64 length;

  for (guint i = 0; s->len < 2 * 1024 * 1024; i++)
    g_string_append_printf (s, "%u\n", i);
  length = s->len;
  *path = mm_test_write_file ("short-lines", s->str, s->len);
  g_string_free (s, TRUE);
  return length;
}

static void
test_minimap_mapping_short_lines (void)
{
  g_autofree char *path = NULL;
  guint64 length = write_many_short_lines (&path);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmLineIndex) index = mm_line_index_new (file);
  MmMinimapGeometry g = { length, 800 };
  guint64 offset, n_lines;

  check_mapping (length, 800);

  /* The middle line of the file sits in the middle of the minimap. */
  mm_test_build_index (index);
  g_assert_true (mm_line_index_get_n_lines (index, &n_lines));
  g_assert_true (mm_line_index_line_to_offset (index, n_lines / 2, &offset));
  g_assert_cmpint (ABS (mm_minimap_offset_to_y (&g, offset) - 400), <=, 30);
  unlink (path);
}

static void
test_minimap_mapping_giant_line (void)
{
  /* One 270 MB line: the mapping is by bytes, so it is the same. */
  check_mapping (G_GUINT64_CONSTANT (283119456), 900);
  check_mapping (G_GUINT64_CONSTANT (10) << 30, 1000);
  check_mapping (1, 700);
}

static void
test_minimap_viewport (void)
{
  MmMinimapGeometry g = { 1000000, 500 };
  int y, height;

  mm_minimap_viewport (&g, 0, 100000, &y, &height);
  g_assert_cmpint (y, ==, 0);
  g_assert_cmpint (height, ==, 50);

  mm_minimap_viewport (&g, 500000, 600000, &y, &height);
  g_assert_cmpint (y, ==, 250);
  g_assert_cmpint (height, ==, 50);

  /* A screenful of a huge file is still a box that can be grabbed... */
  g.length = G_GUINT64_CONSTANT (1) << 36;
  mm_minimap_viewport (&g, 12345, 16000, &y, &height);
  g_assert_cmpint (height, >=, 4);

  /* ...and it never leaves the minimap at the end. */
  mm_minimap_viewport (&g, g.length - 100, g.length, &y, &height);
  g_assert_cmpint (y + height, <=, 500);
}

static void
test_minimap_marks (void)
{
  g_autoptr(MmMarks) marks = mm_marks_new ();
  guint8 bins[100];

  /* 10,000 matches in one pixel row merge into one tick. */
  for (guint i = 0; i < 10000; i++)
    mm_marks_add (marks, MM_MARK_SEARCH, 500000 + i);
  mm_marks_add (marks, MM_MARK_SEARCH, 0);
  mm_marks_add (marks, MM_MARK_SEARCH, 999999);
  mm_marks_add (marks, MM_MARK_EDIT, 250000);
  mm_marks_add (marks, MM_MARK_SEARCH, 0);   /* again: no duplicate */

  g_assert_cmpuint (mm_marks_get_count (marks, MM_MARK_SEARCH), ==, 10002);
  g_assert_cmpuint (mm_marks_bin (marks, MM_MARK_SEARCH, 1000000, 100, bins), ==, 3);
  g_assert_true (bins[0]);
  g_assert_true (bins[50]);
  g_assert_true (bins[99]);
  g_assert_false (bins[25]);

  g_assert_cmpuint (mm_marks_bin (marks, MM_MARK_EDIT, 1000000, 100, bins), ==, 1);
  g_assert_true (bins[25]);

  g_assert_true (mm_marks_remove (marks, MM_MARK_EDIT, 250000));
  g_assert_false (mm_marks_remove (marks, MM_MARK_EDIT, 250000));
  g_assert_cmpuint (mm_marks_bin (marks, MM_MARK_EDIT, 1000000, 100, bins), ==, 0);

  mm_marks_clear (marks, MM_MARK_SEARCH);
  g_assert_cmpuint (mm_marks_get_count (marks, MM_MARK_SEARCH), ==, 0);
}

typedef struct
{
  MmMinimapGeometry geometry;
  int               last_y;
  guint             steps;
} Growth;

static void
on_progress (MmLineIndex *index,
             Growth      *growth)
{
  int y = mm_minimap_offset_to_y (&growth->geometry, mm_line_index_get_scanned (index));
  guint n_buckets = mm_line_index_get_n_buckets (index);

  /* The overview never shrinks, and its statistics cover what is scanned. */
  g_assert_cmpint (y, >=, growth->last_y);
  g_assert_cmpuint ((guint64) n_buckets * mm_line_index_get_bucket_size (index), >=,
                    mm_line_index_get_scanned (index));
  growth->last_y = y;
  growth->steps++;
}

static void
test_minimap_live_growth (void)
{
  g_autoptr(GBytes) bytes = mm_test_random_text (9, 64 * 1024 * 1024, FALSE);
  g_autofree char *path = mm_test_write_file ("growth", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmLineIndex) index = mm_line_index_new (file);
  Growth growth = { { g_bytes_get_size (bytes), 600 }, 0, 0 };

  g_signal_connect (index, "progress", G_CALLBACK (on_progress), &growth);
  mm_test_build_index (index);
  g_assert_cmpuint (growth.steps, >=, 1);
  g_assert_cmpint (growth.last_y, ==, 599);
  unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/minimap/mapping-short-lines", test_minimap_mapping_short_lines);
  g_test_add_func ("/core/minimap/mapping-giant-line", test_minimap_mapping_giant_line);
  g_test_add_func ("/core/minimap/viewport", test_minimap_viewport);
  g_test_add_func ("/core/minimap/marks", test_minimap_marks);
  g_test_add_func ("/core/minimap/live-growth", test_minimap_live_growth);

  return g_test_run ();
}
