/* test-mapped-file.c: opening, refusing, mapping large and odd-sized files */
#define G_LOG_DOMAIN "test-mapped-file"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm-line-index.h"
#include "mm-mapped-file.h"
#include "mm-rows.h"
#include "mm-test-util.h"

static void
assert_refused (const char *path,
                gint        code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MmMappedFile) file = mm_mapped_file_new (path, &error);
  g_autofree char *base = g_path_get_basename (path);

  g_assert_null (file);
  g_assert_error (error, G_IO_ERROR, code);
  /* The message names the file. */
  g_assert_nonnull (strstr (error->message, base));
}

static void
test_missing (void)
{
  assert_refused ("/nonexistent-dir/no-such-file.json", G_IO_ERROR_NOT_FOUND);
}

static void
test_directory (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mmview-dir-XXXXXX", NULL);

  assert_refused (dir, G_IO_ERROR_IS_DIRECTORY);
  rmdir (dir);
}

static void
test_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mmview-fifo-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "pipe", NULL);

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  /* Must not block waiting for a writer. */
  assert_refused (path, G_IO_ERROR_NOT_REGULAR_FILE);
  unlink (path);
}

static void
test_socket (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mmview-sock-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sock", NULL);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int fd = socket (AF_UNIX, SOCK_STREAM, 0);

  g_strlcpy (addr.sun_path, path, sizeof addr.sun_path);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  /* Opening a socket fails in open(2) itself; either way it is refused. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MmMappedFile) file = mm_mapped_file_new (path, &error);

    g_assert_null (file);
    g_assert_nonnull (error);
  }
  close (fd);
  unlink (path);
}

static void
test_device (void)
{
  assert_refused ("/dev/null", G_IO_ERROR_NOT_REGULAR_FILE);
}

static void
test_permission_denied (void)
{
  g_autofree char *path = mm_test_write_file ("secret", "secret", 6);
  pid_t pid;
  int status;

  g_assert_cmpint (chmod (path, 0000), ==, 0);

  /* Root may read anything, so check as an unprivileged user in a child. */
  pid = fork ();
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MmMappedFile) file = NULL;

      if (geteuid () == 0 && setuid (65534) != 0)
        _exit (3);
      file = mm_mapped_file_new (path, &error);
      _exit (file == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static void
test_empty (void)
{
  g_autofree char *path = mm_test_write_file ("empty", "", 0);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmRows) rows = mm_rows_new (file);
  g_autoptr(MmLineIndex) index = mm_line_index_new (file);
  guint64 value;

  g_assert_cmpuint (mm_mapped_file_get_length (file), ==, 0);
  g_assert_null (mm_mapped_file_get_data (file));
  g_assert_cmpuint (mm_rows_get_length (rows), ==, 0);
  g_assert_false (mm_rows_next (rows, 0, &value));
  g_assert_false (mm_rows_prev (rows, 0, &value));
  mm_test_build_index (index);
  g_assert_true (mm_line_index_get_n_lines (index, &value));
  g_assert_cmpuint (value, ==, 0);
}

static void
test_odd_sizes (void)
{
  gsize page = mm_mapped_file_get_page_size ();
  gsize sizes[] = { 1, page - 1, page, page + 1, 3 * page + 7 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) bytes = mm_test_random_text (i, sizes[i], TRUE);
      g_autofree char *path = mm_test_write_file ("odd", g_bytes_get_data (bytes, NULL), sizes[i]);
      g_autoptr(MmMappedFile) file = mm_test_map (path);

      g_assert_cmpuint (mm_mapped_file_get_length (file), ==, sizes[i]);
      g_assert_cmpmem (mm_mapped_file_get_data (file), sizes[i],
                       g_bytes_get_data (bytes, NULL), sizes[i]);
      g_assert_false (mm_mapped_file_is_truncated (file));
    }
}

static void
test_sparse_over_4gib (void)
{
  g_autofree char *path = mm_test_write_file ("sparse", "", 0);
  guint64 size = G_GUINT64_CONSTANT (5) << 30;
  static const char tail[] = "\nsecond to last line\nthe last line";
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmRows) rows = NULL;
  g_autoptr(MmRowText) text = NULL;
  guint64 last, prev;
  int fd;

  fd = open (path, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  g_assert_cmpint (pwrite (fd, tail, sizeof tail - 1, size - (sizeof tail - 1)), ==, sizeof tail - 1);
  close (fd);

  file = mm_test_map (path);
  g_assert_cmpuint (mm_mapped_file_get_length (file), ==, size);

  rows = mm_rows_new (file);
  mm_rows_set_wrap_cells (rows, 80);
  last = mm_rows_row_start (rows, size - 1);
  g_assert_cmpuint (last, ==, size - strlen ("the last line"));
  text = mm_rows_get_text (rows, last, 0, 80);
  g_assert_cmpstr (text->text, ==, "the last line");
  g_assert_cmpuint (text->end, ==, size);
  g_assert_true (mm_rows_prev (rows, last, &prev));
  g_assert_cmpuint (prev, ==, size - (sizeof tail - 2));

  unlink (path);
}

/* Files in /proc report size 0 and have content: they are read into
 * memory once, and cannot be edited; an empty file stays empty. */
static void
test_size_zero_with_content (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MmMappedFile) proc = mm_mapped_file_new ("/proc/self/status", &error);
  g_autofree char *empty_path = mm_test_write_file ("really-empty", "", 0);
  g_autoptr(MmMappedFile) empty = mm_test_map (empty_path);

  g_assert_no_error (error);
  g_assert_true (mm_mapped_file_is_snapshot (proc));
  g_assert_cmpuint (mm_mapped_file_get_length (proc), >, 5);
  g_assert_cmpuint (mm_mapped_file_get_valid_length (proc), ==, mm_mapped_file_get_length (proc));
  g_assert_cmpmem (mm_mapped_file_get_data (proc), 5, "Name:", 5);
  g_assert_cmpuint (mm_mapped_file_check_size (proc), ==, mm_mapped_file_get_length (proc));
  g_assert_false (mm_mapped_file_is_truncated (proc));
  g_assert_false (mm_mapped_file_make_writable (proc, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);

  g_assert_false (mm_mapped_file_is_snapshot (empty));
  g_assert_cmpuint (mm_mapped_file_get_length (empty), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/mapped-file/missing", test_missing);
  g_test_add_func ("/core/mapped-file/directory", test_directory);
  g_test_add_func ("/core/mapped-file/fifo", test_fifo);
  g_test_add_func ("/core/mapped-file/socket", test_socket);
  g_test_add_func ("/core/mapped-file/device", test_device);
  g_test_add_func ("/core/mapped-file/permission-denied", test_permission_denied);
  g_test_add_func ("/core/mapped-file/empty", test_empty);
  g_test_add_func ("/core/mapped-file/odd-sizes", test_odd_sizes);
  g_test_add_func ("/core/mapped-file/sparse-over-4gib", test_sparse_over_4gib);

  g_test_add_func ("/core/mapped-file/size-zero-with-content", test_size_zero_with_content);

  return g_test_run ();
}
