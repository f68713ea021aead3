/* test-truncation.c: another process truncates the file while we read it */
#define G_LOG_DOMAIN "test-truncation"

#include "config.h"

#include <sys/wait.h>
#include <unistd.h>

#include "mm-line-index.h"
#include "mm-rows.h"
#include "mm-test-util.h"

static pid_t
truncate_in_child (const char *path,
                   guint64     size,
                   guint       delay_usec)
{
  pid_t pid = fork ();

  if (pid == 0)
    {
      if (delay_usec > 0)
        usleep (delay_usec);
      _exit (truncate (path, (off_t) size) == 0 ? 0 : 1);
    }

  return pid;
}

static void
wait_child (pid_t pid)
{
  int status;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* Reads every row's text of the whole mapped length, as a user scrolling
 * to the end would, ignoring the valid length on purpose. */
static guint64
read_all_rows (MmMappedFile *file,
               guint64       length)
{
  const volatile guint8 *data = mm_mapped_file_get_data (file);
  guint64 sum = 0;

  for (guint64 i = 0; i < length; i += 512)
    sum += data[i];

  return sum;
}

static void
truncate_while_reading (guint round)
{
  gsize length = 4 * 1024 * 1024 + round * 4099;
  g_autoptr(GBytes) bytes = mm_test_random_text (round, length, TRUE);
  g_autofree char *path = mm_test_write_file ("truncate", g_bytes_get_data (bytes, NULL), length);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmRows) rows = mm_rows_new (file);
  g_autoptr(MmLineIndex) index = mm_line_index_new (file);
  guint64 row = 0, next, n_lines;
  pid_t pid;

  mm_rows_set_wrap_cells (rows, 80);
  pid = truncate_in_child (path, length / 2, round % 5 * 200);

  /* Index and rows are read while the child cuts the file. */
  mm_test_build_index (index);
  for (guint i = 0; i < 2000 && mm_rows_next (rows, row, &next); i++)
    row = next;
  wait_child (pid);

  /* Now every page past the new end faults; the guard turns it into zeros. */
  read_all_rows (file, length);
  row = mm_rows_row_start (rows, length - 1);
  {
    g_autoptr(MmRowText) text = mm_rows_get_text (rows, row, 0, 80);
    g_assert_nonnull (text);
  }

  g_assert_true (mm_mapped_file_has_faulted (file));
  g_assert_cmpuint (mm_mapped_file_check_size (file), ==, length / 2);
  g_assert_true (mm_mapped_file_is_truncated (file));
  g_assert_cmpuint (mm_mapped_file_get_valid_length (file), ==, length / 2);

  /* The index never claims bytes past the new end as exact. */
  g_assert_cmpuint (mm_line_index_get_scanned (index), <=, length / 2 + MM_LINE_INDEX_BLOCK_SIZE);
  if (mm_line_index_get_n_lines (index, &n_lines))
    g_assert_cmpuint (n_lines, >, 0);

  unlink (path);
}

static void
test_truncate_once (void)
{
  truncate_while_reading (0);
}

static void
test_truncate_stress (void)
{
  for (guint round = 1; round <= 100; round++)
    truncate_while_reading (round);
}

static void
test_truncate_to_zero_while_indexing (void)
{
  gsize length = 32 * 1024 * 1024;
  g_autoptr(GBytes) bytes = mm_test_random_text (42, length, FALSE);
  g_autofree char *path = mm_test_write_file ("zero", g_bytes_get_data (bytes, NULL), length);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmLineIndex) index = mm_line_index_new (file);
  pid_t pid;

  pid = truncate_in_child (path, 0, 0);
  wait_child (pid);
  mm_test_build_index (index);

  g_assert_true (mm_mapped_file_has_faulted (file));
  g_assert_true (mm_mapped_file_is_truncated (file));
  g_assert_cmpuint (mm_line_index_get_scanned (index), ==, 0);
  unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/truncation/once", test_truncate_once);
  g_test_add_func ("/core/truncation/to-zero-while-indexing", test_truncate_to_zero_while_indexing);
  g_test_add_func ("/core/truncation/stress", test_truncate_stress);

  return g_test_run ();
}
