/* test-line-index.c: the sparse index against a naive count */
#define G_LOG_DOMAIN "test-line-index"

#include "config.h"

#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include "mm-line-index.h"
#include "mm-test-util.h"

static void
check_index_against_naive (const char *name,
                           GBytes     *bytes)
{
  g_autofree char *path = NULL;
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmLineIndex) index = NULL;
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  guint64 n_lines, value;
  guint checks;

  path = mm_test_write_file (name, data, length);
  file = mm_test_map (path);
  index = mm_line_index_new (file);
  mm_test_build_index (index);

  starts = mm_test_naive_line_starts (data, length);
  g_assert_true (mm_line_index_is_complete (index));
  g_assert_true (mm_line_index_get_n_lines (index, &n_lines));
  g_assert_cmpuint (n_lines, ==, starts->len);
  g_assert_cmpuint (mm_line_index_get_scanned (index), ==, length);

  /* Every line, or a random sample of them plus both ends. */
  checks = MIN (starts->len, 20000);
  for (guint i = 0; i < checks; i++)
    {
      guint line = starts->len <= 20000 ? i :
                   i < 10 ? i :
                   i >= checks - 10 ? starts->len - (checks - i) :
                   (guint) g_rand_int_range (rand, 0, starts->len);
      guint64 start = g_array_index (starts, guint64, line);
      guint64 end = line + 1 < starts->len ? g_array_index (starts, guint64, line + 1) : length;

      g_assert_true (mm_line_index_line_to_offset (index, line, &value));
      g_assert_cmpuint (value, ==, start);

      g_assert_true (mm_line_index_offset_to_line (index, start, &value));
      g_assert_cmpuint (value, ==, line);
      g_assert_true (mm_line_index_offset_to_line (index, end - 1, &value));
      g_assert_cmpuint (value, ==, line);
      if (end - start > 2)
        {
          guint64 inside = start + g_rand_int_range (rand, 0, (gint32) MIN (end - start, G_MAXINT32));

          g_assert_true (mm_line_index_offset_to_line (index, inside, &value));
          g_assert_cmpuint (value, ==, line);
        }
    }

  g_assert_false (mm_line_index_line_to_offset (index, starts->len, &value));
  if (length > 0)
    {
      g_assert_true (mm_line_index_offset_to_line (index, length, &value));
      g_assert_cmpuint (value, ==, starts->len - 1);
    }

  /* The sparse structure stays far below the file's size. */
  if (length > (1 << 20))
    g_assert_cmpuint (mm_line_index_get_memory_size (index), <, length / 200);

  unlink (path);
}

static void
test_fixed_cases (void)
{
  static const struct {
    const char *name;
    const char *data;
    gsize length;
  } cases[] = {
    { "empty", "", 0 },
    { "one-byte", "x", 1 },
    { "one-newline", "\n", 1 },
    { "only-newlines", "\n\n\n\n\n", 5 },
    { "no-final-newline", "abc\ndef", 7 },
    { "final-newline", "abc\ndef\n", 8 },
    { "crlf", "a\r\nb\r\n\r\nc", 9 },
    { "lone-cr", "a\rb\rc\n", 6 },
    { "nul-and-invalid", "\x00\xff\n\xc3\x28\n\x00", 7 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].data, cases[i].length);

      check_index_against_naive (cases[i].name, bytes);
    }
}

static void
test_lone_cr_is_not_a_line_end (void)
{
  g_autofree char *path = mm_test_write_file ("cr-only", "a\rb\rc", 5);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmLineIndex) index = mm_line_index_new (file);
  guint64 n_lines;

  mm_test_build_index (index);
  g_assert_true (mm_line_index_get_n_lines (index, &n_lines));
  g_assert_cmpuint (n_lines, ==, 1);
}

static void
test_random_files (void)
{
  for (guint seed = 1; seed <= 12; seed++)
    {
      gsize length = seed * 97 * 1024 + seed * 13;
      g_autoptr(GBytes) bytes = mm_test_random_text (seed, length, seed % 2 == 0);
      g_autofree char *name = g_strdup_printf ("random-%u", seed);

      check_index_against_naive (name, bytes);
    }
}

static void
test_dense_lines (void)
{
  /* Lines of 0-3 bytes put thousands of newlines in every block, which is
   * where the per-1024-line checkpoints inside a block are needed. */
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;

  while (out->len < 3 * 1024 * 1024)
    {
      guint n = g_rand_int_range (rand, 0, 4);

      for (guint i = 0; i < n; i++)
        g_byte_array_append (out, (const guint8 *) "x", 1);
      g_byte_array_append (out, (const guint8 *) "\n", 1);
    }
  bytes = g_byte_array_free_to_bytes (out);
  check_index_against_naive ("dense", bytes);
}

static void
test_one_long_line (void)
{
  gsize length = 10 * 1024 * 1024;
  guint8 *data = g_malloc (length);
  g_autoptr(GBytes) bytes = NULL;

  for (gsize i = 0; i < length; i++)
    data[i] = "{\"a\": [1, 2], \"b\": \"text\"}"[i % 27];
  bytes = g_bytes_new_take (data, length);
  check_index_against_naive ("long-line", bytes);
}

typedef struct
{
  MmLineIndex  *index;
  GArray       *starts;
  GCancellable *cancellable;
  guint         partial_checks;
  gboolean      done;
  GError       *error;
} Watch;

static void
on_progress_check_partial (MmLineIndex *index,
                           Watch       *watch)
{
  guint64 scanned = mm_line_index_get_scanned (index);
  guint64 value;

  if (mm_line_index_is_complete (index) || scanned == 0)
    return;

  watch->partial_checks++;

  /* Exact for what is scanned... */
  for (guint i = 0; i < watch->starts->len; i += 997)
    {
      guint64 start = g_array_index (watch->starts, guint64, i);

      if (start >= scanned)
        break;
      g_assert_true (mm_line_index_offset_to_line (index, start, &value));
      g_assert_cmpuint (value, ==, i);
    }

  /* ...and "not known yet" beyond. */
  g_assert_false (mm_line_index_offset_to_line (index, scanned + 1, &value));
  g_assert_false (mm_line_index_get_n_lines (index, &value));

  if (watch->cancellable != NULL)
    g_cancellable_cancel (watch->cancellable);
}

static void
watch_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Watch *watch = user_data;

  mm_line_index_build_finish (MM_LINE_INDEX (object), result, &watch->error);
  watch->done = TRUE;
}

static GBytes *
big_log (gsize length)
{
  GString *s = g_string_sized_new (length + 128);

  for (guint i = 0; s->len < length; i++)
    g_string_append_printf (s, "2026-11-26 10:%02u:%02u INFO request %u served in %u ms\n",
                            (i / 60) % 60, i % 60, i, i % 977);
  return g_string_free_to_bytes (s);
}

static void
run_watched_build (const char *name,
                   gboolean    cancel)
{
  g_autoptr(GBytes) bytes = big_log (96 * 1024 * 1024);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file (name, data, length);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmLineIndex) index = mm_line_index_new (file);
  g_autoptr(GArray) starts = mm_test_naive_line_starts (data, length);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Watch watch = { index, starts, cancel ? cancellable : NULL, 0, FALSE, NULL };
  guint64 value;

  g_signal_connect (index, "progress", G_CALLBACK (on_progress_check_partial), &watch);
  mm_line_index_build_async (index, cancellable, watch_done, &watch);
  if (cancel)
    g_cancellable_cancel (cancellable);
  while (!watch.done)
    g_main_context_iteration (NULL, TRUE);

  if (cancel)
    {
      g_assert_error (watch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&watch.error);
      g_assert_false (mm_line_index_is_complete (index));
      g_assert_false (mm_line_index_get_n_lines (index, &value));

      /* Building again resumes and completes exactly. */
      mm_test_build_index (index);
    }
  else
    {
      g_assert_no_error (watch.error);
      if (watch.partial_checks == 0)
        g_test_message ("the scan finished before any partial progress was seen");
    }

  g_assert_true (mm_line_index_get_n_lines (index, &value));
  g_assert_cmpuint (value, ==, starts->len);
  g_assert_true (mm_line_index_line_to_offset (index, starts->len - 1, &value));
  g_assert_cmpuint (value, ==, g_array_index (starts, guint64, starts->len - 1));
  unlink (path);
}

static void
test_partial_queries (void)
{
  run_watched_build ("partial", FALSE);
}

static void
test_cancel_mid_build (void)
{
  run_watched_build ("cancel", TRUE);
}

static void
append_to_file (const char *path,
                const void *bytes,
                gsize       length)
{
  FILE *fp = fopen (path, "ab");

  g_assert_nonnull (fp);
  g_assert_cmpuint (fwrite (bytes, 1, length, fp), ==, length);
  g_assert_cmpint (fclose (fp), ==, 0);
}

static void
test_growth (void)
{
  g_autoptr(GBytes) first = mm_test_random_text (11, 300 * 1024 + 17, TRUE);
  g_autoptr(GBytes) second = mm_test_random_text (12, 200 * 1024 + 5, TRUE);
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmLineIndex) index = NULL;
  const guint8 *old_data;
  guint64 value;

  g_byte_array_append (all, g_bytes_get_data (first, NULL), g_bytes_get_size (first));
  path = mm_test_write_file ("growth", all->data, all->len);
  file = mm_test_map (path);
  index = mm_line_index_new (file);
  mm_test_build_index (index);
  old_data = mm_mapped_file_get_data (file);

  g_byte_array_append (all, g_bytes_get_data (second, NULL), g_bytes_get_size (second));
  append_to_file (path, g_bytes_get_data (second, NULL), g_bytes_get_size (second));

  g_assert_true (mm_mapped_file_grow (file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mm_mapped_file_get_length (file), ==, all->len);
  /* Old pointers remain readable and offsets keep their bytes. */
  g_assert_cmpmem (old_data, 100, mm_mapped_file_get_data (file), 100);
  g_assert_cmpmem (mm_mapped_file_get_data (file), all->len, all->data, all->len);

  /* Until the new bytes are scanned the index is partial: exact for the
   * old part, "not known yet" past it. */
  g_assert_false (mm_line_index_is_complete (index));
  g_assert_false (mm_line_index_get_n_lines (index, &value));
  g_assert_false (mm_line_index_offset_to_line (index, g_bytes_get_size (first) + 10, &value));
  starts = mm_test_naive_line_starts (all->data, g_bytes_get_size (first));
  for (guint i = 0; i + 1 < starts->len; i++)
    {
      g_assert_true (mm_line_index_line_to_offset (index, i, &value));
      g_assert_cmpuint (value, ==, g_array_index (starts, guint64, i));
      g_assert_true (mm_line_index_offset_to_line (index, g_array_index (starts, guint64, i), &value));
      g_assert_cmpuint (value, ==, i);
    }
  g_clear_pointer (&starts, g_array_unref);

  mm_test_build_index (index);
  starts = mm_test_naive_line_starts (all->data, all->len);
  g_assert_true (mm_line_index_get_n_lines (index, &value));
  g_assert_cmpuint (value, ==, starts->len);
  for (guint i = 0; i < starts->len; i++)
    {
      g_assert_true (mm_line_index_line_to_offset (index, i, &value));
      g_assert_cmpuint (value, ==, g_array_index (starts, guint64, i));
    }
}

static void
test_byte_changed (void)
{
  g_autoptr(GBytes) bytes = mm_test_random_text (21, 400 * 1024, FALSE);
  g_autofree char *path = mm_test_write_file ("poke", g_bytes_get_data (bytes, NULL),
                                              g_bytes_get_size (bytes));
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmLineIndex) index = mm_line_index_new (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) starts = NULL;
  guint8 *data;
  guint64 value, at = 200000;
  guint8 old;

  mm_test_build_index (index);
  g_assert_true (mm_mapped_file_make_writable (file, &error));
  g_assert_no_error (error);

  data = (guint8 *) mm_mapped_file_get_data (file);
  for (guint round = 0; round < 2; round++)
    {
      old = data[at];
      data[at] = old == '\n' ? 'x' : '\n';
      mm_line_index_byte_changed (index, at, old, data[at]);

      starts = mm_test_naive_line_starts (data, g_bytes_get_size (bytes));
      g_assert_true (mm_line_index_get_n_lines (index, &value));
      g_assert_cmpuint (value, ==, starts->len);
      for (guint i = 0; i < starts->len; i++)
        {
          g_assert_true (mm_line_index_line_to_offset (index, i, &value));
          g_assert_cmpuint (value, ==, g_array_index (starts, guint64, i));
        }
      g_clear_pointer (&starts, g_array_unref);
    }
}

/* "ab\ncd", poke offset 0 to a newline, then another program appends
 * "\nef": the bucket must count the file's 3 newlines, not 4. */
static void
test_edit_then_growth (void)
{
  g_autofree char *path = mm_test_write_file ("edit-grow", "ab\ncd", 5);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmLineIndex) index = mm_line_index_new (file);
  g_autoptr(GError) error = NULL;
  guint8 *data;
  guint64 newlines, total = 0;

  mm_test_build_index (index);
  g_assert_true (mm_mapped_file_make_writable (file, &error));
  data = (guint8 *) mm_mapped_file_get_data (file);
  data[0] = '\n';
  mm_line_index_byte_changed (index, 0, 'a', '\n');

  append_to_file (path, "\nef", 3);
  g_assert_true (mm_mapped_file_grow (file, &error));
  g_assert_no_error (error);
  mm_test_build_index (index);

  for (guint b = 0; b < mm_line_index_get_n_buckets (index); b++)
    {
      mm_line_index_get_bucket (index, b, &newlines);
      total += newlines;
    }
  g_assert_cmpuint (total, ==, 3);
  g_assert_cmpuint (mm_line_index_get_newlines (index), ==, 3);
  g_assert_true (mm_line_index_line_to_offset (index, 3, &newlines));
  g_assert_cmpuint (newlines, ==, 6);
}

static void
on_stale (MmLineIndex *index,
          gboolean    *stale)
{
  *stale = TRUE;
}

/* Newlines removed behind the index's back (another program, another
 * mapping): queries answer "not known" and say the index is stale instead
 * of reading past the scanned bytes. */
static void
test_stale_index (void)
{
  g_autoptr(GBytes) bytes = mm_test_random_text (31, 300 * 1024, FALSE);
  gsize length = g_bytes_get_size (bytes);
  g_autofree char *path = mm_test_write_file ("stale", g_bytes_get_data (bytes, NULL), length);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmLineIndex) index = mm_line_index_new (file);
  g_autoptr(GError) error = NULL;
  gboolean stale = FALSE;
  guint64 newlines, offset;
  guint8 *data;

  mm_test_build_index (index);
  g_signal_connect (index, "stale", G_CALLBACK (on_stale), &stale);
  newlines = mm_line_index_get_newlines (index);
  g_assert_true (mm_mapped_file_make_writable (file, &error));
  data = (guint8 *) mm_mapped_file_get_data (file);
  for (gsize i = length / 2; i < length; i++)
    if (data[i] == '\n')
      data[i] = 'x';

  g_assert_false (mm_line_index_line_to_offset (index, newlines, &offset));
  g_assert_false (mm_line_index_line_to_offset (index, newlines - 1, &offset));
  while (!stale)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  MmLineIndex  *index;
  const guint8 *data;
  guint         checks;
} PartialCheck;

/* Every answer the index gives while building is exact for what it says
 * it has scanned: chunks merge in order, whatever order they finish in. */
static void
on_partial_progress (MmLineIndex  *index,
                     PartialCheck *check)
{
  guint64 scanned = mm_line_index_get_scanned (index);
  guint64 value;

  for (guint64 i = 0; i < scanned; i += 60013)
    {
      g_assert_true (mm_line_index_offset_to_line (index, i, &value));
      g_assert_cmpuint (value, ==, mm_count_newlines (check->data, i));
    }
  check->checks++;
}

/* A CRLF split by the 4 MiB chunk edge, and dense lines around it. */
static void
test_chunk_edges (void)
{
  gsize length = 9 * 1024 * 1024 + 77;
  gsize edge = 4 * 1024 * 1024;
  g_autofree guint8 *data = g_malloc (length);
  g_autofree char *path = NULL;
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmLineIndex) index = NULL;
  g_autoptr(GArray) starts = NULL;
  PartialCheck check = { NULL, NULL, 0 };
  guint64 value;

  for (gsize i = 0; i < length; i++)
    data[i] = i % 7 == 6 ? '\n' : 'a' + i % 26;
  data[edge - 1] = '\r';
  data[edge] = '\n';
  data[2 * edge - 1] = '\r';
  data[2 * edge] = '\n';
  path = mm_test_write_file ("chunk-edges", data, length);
  file = mm_test_map (path);
  index = mm_line_index_new (file);
  check.index = index;
  check.data = data;
  g_signal_connect (index, "progress", G_CALLBACK (on_partial_progress), &check);
  mm_test_build_index (index);
  g_assert_cmpuint (check.checks, >, 0);

  starts = mm_test_naive_line_starts (data, length);
  g_assert_true (mm_line_index_get_n_lines (index, &value));
  g_assert_cmpuint (value, ==, starts->len);
  for (guint i = 0; i < starts->len; i += 13)
    {
      g_assert_true (mm_line_index_line_to_offset (index, i, &value));
      g_assert_cmpuint (value, ==, g_array_index (starts, guint64, i));
    }
  g_assert_true (mm_line_index_offset_to_line (index, edge + 1, &value));
  g_assert_cmpuint (value, ==, mm_count_newlines (data, edge + 1));
  g_assert_cmpint (mm_line_index_get_line_ends (index), ==, MM_LINE_ENDS_MIXED);
}

static MmByteClass
naive_class (guint8 b)
{
  if (b == '\n') return MM_BYTE_CLASS_NEWLINE;
  if (b == ' ' || b == '\t' || b == '\r') return MM_BYTE_CLASS_SPACE;
  if (b < 0x20 || b == 0x7f) return MM_BYTE_CLASS_CONTROL;
  if (b >= 0x80) return MM_BYTE_CLASS_HIGH;
  if (g_ascii_isdigit (b)) return MM_BYTE_CLASS_DIGIT;
  if (g_ascii_isalpha (b)) return MM_BYTE_CLASS_LETTER;
  if (b == '"') return MM_BYTE_CLASS_QUOTE;
  if (b == '\\') return MM_BYTE_CLASS_ESCAPE;
  if (strchr ("{}[]<>", b) != NULL) return MM_BYTE_CLASS_BRACKET;
  return MM_BYTE_CLASS_PUNCT;
}

static void
test_byte_classes (void)
{
  /* Every byte value, at every alignment and length, against the obvious
   * classification. */
  g_autoptr(GRand) rand = g_rand_new_with_seed (8);
  guint8 data[4096];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = i < 512 ? i % 256 : (guint8) g_rand_int (rand);

  for (guint start = 0; start < 40; start += 3)
    for (guint length = 0; length + start <= sizeof data; length += 97)
      {
        MmByteStats stats = { { 0 } };
        guint expected[MM_N_BYTE_CLASSES] = { 0 };
        guint64 newlines;

        for (guint i = start; i < start + length; i++)
          expected[naive_class (data[i])]++;
        mm_byte_stats_scan (data + start, length, &stats);
        newlines = mm_count_newlines (data + start, length);

        for (guint c = 0; c < MM_N_BYTE_CLASSES; c++)
          g_assert_cmpuint (stats.count[c], ==, expected[c]);
        g_assert_cmpuint (newlines, ==, expected[MM_BYTE_CLASS_NEWLINE]);
      }

  /* A block's sample is its four quarter chunks. */
  {
    MmByteStats sample = { { 0 } }, chunks = { { 0 } };

    mm_byte_stats_sample (data, sizeof data, &sample);
    for (guint q = 0; q < 4; q++)
      mm_byte_stats_scan (data + q * sizeof data / 4, MM_BYTE_STATS_SAMPLE_CHUNK, &chunks);
    g_assert_cmpmem (&sample, sizeof sample, &chunks, sizeof chunks);
    g_assert_cmpuint (mm_byte_stats_total (&sample), ==, 4 * MM_BYTE_STATS_SAMPLE_CHUNK);
  }
}

static void
test_bucket_stats (void)
{
  g_autoptr(GBytes) bytes = mm_test_random_text (5, 1024 * 1024 + 3, TRUE);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file ("stats", data, length);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmLineIndex) index = mm_line_index_new (file);
  guint64 bucket_size, total_newlines = 0;

  mm_test_build_index (index);
  bucket_size = mm_line_index_get_bucket_size (index);
  g_assert_cmpuint (mm_line_index_get_n_buckets (index), ==, (length + bucket_size - 1) / bucket_size);

  for (guint b = 0; b < mm_line_index_get_n_buckets (index); b++)
    {
      guint64 newlines;
      const MmByteStats *stats = mm_line_index_get_bucket (index, b, &newlines);
      guint64 from = b * bucket_size;
      guint64 to = MIN (from + bucket_size, length);
      MmByteStats expected = { { 0 } };

      /* Newlines are exact; classes come from the same samples. */
      for (guint64 block = from; block < to; block += MM_LINE_INDEX_BLOCK_SIZE)
        mm_byte_stats_sample (data + block, MIN (MM_LINE_INDEX_BLOCK_SIZE, to - block), &expected);
      g_assert_cmpmem (stats, sizeof *stats, &expected, sizeof expected);
      g_assert_cmpuint (mm_byte_stats_total (stats), >, 0);
      g_assert_cmpuint (newlines, ==, mm_count_newlines (data + from, to - from));
      total_newlines += newlines;
    }
  g_assert_cmpuint (total_newlines, ==, mm_line_index_get_newlines (index));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/line-index/fixed-cases", test_fixed_cases);
  g_test_add_func ("/core/line-index/lone-cr", test_lone_cr_is_not_a_line_end);
  g_test_add_func ("/core/line-index/random", test_random_files);
  g_test_add_func ("/core/line-index/dense-lines", test_dense_lines);
  g_test_add_func ("/core/line-index/one-long-line", test_one_long_line);
  g_test_add_func ("/core/line-index/partial-queries", test_partial_queries);
  g_test_add_func ("/core/line-index/cancel", test_cancel_mid_build);
  g_test_add_func ("/core/line-index/growth", test_growth);
  g_test_add_func ("/core/line-index/byte-changed", test_byte_changed);
  g_test_add_func ("/core/line-index/byte-classes", test_byte_classes);
  g_test_add_func ("/core/line-index/bucket-stats", test_bucket_stats);
  g_test_add_func ("/core/line-index/edit-then-growth", test_edit_then_growth);
  g_test_add_func ("/core/line-index/stale", test_stale_index);
  g_test_add_func ("/core/line-index/chunk-edges", test_chunk_edges);

  return g_test_run ();
}
