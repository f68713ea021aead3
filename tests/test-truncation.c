/* test-truncation.c: another process truncates the file while we read it */
#define G_LOG_DOMAIN "test-truncation"

#include "config.h"

#include <sys/wait.h>
#include <unistd.h>

#include "mm-json-index.h"
#include "mm-line-index.h"
#include "mm-outline.h"
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

/* An export cut in half while its structure pass and outline read it (the
 * outline made before the pass, as a document does, so that the pass's
 * thread reads each conversation's first bytes): both finish, and every
 * row they made lies in the file as it was, with a count and a title
 * that reads. */
static void
test_truncate_export_while_outlining (void)
{
  const guint delays[] = { 0, 300, 1000, 3000, 8000 };
  g_autofree char *generated = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (mm_test_run_gen ("export --seed 21 24M", &generated));
  g_assert_true (g_file_get_contents (generated, &contents, &length, NULL));

  for (guint round = 0; round < G_N_ELEMENTS (delays); round++)
    {
      g_autofree char *path = mm_test_write_file ("cut-export.json", contents, length);
      g_autoptr(MmMappedFile) file = mm_test_map (path);
      g_autoptr(MmJsonIndex) index = mm_json_index_new (file);
      g_autoptr(MmOutline) outline = mm_outline_new (file, index);
      gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
      gboolean started = FALSE;
      pid_t pid;

      mm_json_index_build_async (index, NULL, NULL, NULL);
      pid = truncate_in_child (path, length / 2, delays[round]);
      while (!mm_json_index_is_complete (index) || (started && !mm_outline_is_complete (outline)))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (NULL, TRUE);
          if (!started && mm_outline_can_build (outline))
            {
              mm_outline_build_async (outline, NULL, NULL, NULL);
              started = TRUE;
            }
        }
      wait_child (pid);
      g_test_message ("cut after %u us: %u rows", delays[round], g_list_model_get_n_items (G_LIST_MODEL (outline)));

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (outline)); i++)
        {
          g_autoptr(MmOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (outline), i);
          const char *title = mm_outline_item_get_title (item);

          g_assert_cmpuint (mm_outline_item_get_start (item), <, mm_outline_item_get_end (item));
          g_assert_cmpuint (mm_outline_item_get_end (item), <=, length);
          g_assert_cmpint (contents[mm_outline_item_get_start (item)], ==, '{');
          g_assert_cmpint (contents[mm_outline_item_get_end (item) - 1], ==, '}');
          g_assert_cmpuint (mm_outline_item_get_n_messages (item), !=, MM_OUTLINE_ITEM_NOT_COUNTED);
          g_assert_true (title == NULL || g_utf8_validate (title, -1, NULL));
        }
      unlink (path);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/truncation/once", test_truncate_once);
  g_test_add_func ("/core/truncation/to-zero-while-indexing", test_truncate_to_zero_while_indexing);
  g_test_add_func ("/core/truncation/stress", test_truncate_stress);
  g_test_add_func ("/core/truncation/export-while-outlining", test_truncate_export_while_outlining);

  return g_test_run ();
}
