/* fuzz-util.c: the harnesses' input file, rewritten for every input.
 *
 * The code under test reads a mapped file, so each input becomes a real
 * file: in /dev/shm when there is one (no disk writes at thousands of
 * inputs a second), else in the temporary directory.
 */
#define G_LOG_DOMAIN "fuzz-util"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "fuzz-util.h"

static char *
input_path (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *dir = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
      g_autofree char *name = g_strdup_printf ("mmview-fuzz-%d", (int) getpid ());

      path = g_build_filename (dir, name, NULL);
    }
  return path;
}

static void
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      data += n;
      length -= (gsize) n;
    }
}

static void
write_with (int           flags,
            const guint8 *data,
            gsize         length)
{
  int fd = open (input_path (), O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600);

  g_assert_cmpint (fd, >=, 0);
  write_all (fd, data, length);
  close (fd);
}

const char *
fuzz_write_file (const guint8 *data,
                 gsize         length)
{
  write_with (O_TRUNC, data, length);
  return input_path ();
}

void
fuzz_append_file (const guint8 *data,
                  gsize         length)
{
  write_with (O_APPEND, data, length);
}

MmMappedFile *
fuzz_map (void)
{
  g_autoptr(GError) error = NULL;
  MmMappedFile *file = mm_mapped_file_new (input_path (), &error);

  g_assert_no_error (error);
  return file;
}
