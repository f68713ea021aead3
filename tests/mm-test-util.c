/* mm-test-util.c: helpers shared by the core tests */
#define G_LOG_DOMAIN "mm-test-util"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mm-test-util.h"

char *
mm_test_write_file (const char *name,
                    const void *data,
                    gsize       length)
{
  g_autoptr(GError) error = NULL;
  static char *dir;
  char *path;

  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("mmview-test-XXXXXX", &error);
      g_assert_no_error (error);
    }

  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);

  return path;
}

/* Random text. `mixed` adds what breaks naive viewers: CRLF, tabs, wide
 * and combining characters, invalid UTF-8, NUL and control bytes, and
 * lines far longer than a segment. */
GBytes *
mm_test_random_text (guint32  seed,
                     gsize    length,
                     gboolean mixed)
{
  static const char *pieces[] = {
    "\r\n", "\t", "漢字", "e\xcc\x81", "\xff", "\xc3", "\x00", "\x01", "\x7f",
    "😀", "\xe2\x82", "\xc2\x85", "\r", "\xed\xa0\x80",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GByteArray *out = g_byte_array_sized_new (length + 16);

  while (out->len < length)
    {
      guint kind = g_rand_int_range (rand, 0, 100);

      if (kind < 8)
        g_byte_array_append (out, (const guint8 *) "\n", 1);
      else if (mixed && kind < 20)
        {
          const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];
          gsize n = piece[0] == 0 ? 1 : strlen (piece);

          g_byte_array_append (out, (const guint8 *) piece, n);
        }
      else if (mixed && kind == 20 && g_rand_int_range (rand, 0, 50) == 0)
        {
          /* A run longer than a segment, without newlines. */
          gsize n = g_rand_int_range (rand, 65536, 200000);

          for (gsize i = 0; i < n && out->len < length; i++)
            {
              guint8 c = 'a' + i % 26;
              g_byte_array_append (out, &c, 1);
            }
        }
      else
        {
          guint8 c = (guint8) g_rand_int_range (rand, 0x20, 0x7f);

          g_byte_array_append (out, &c, 1);
        }
    }

  g_byte_array_set_size (out, length);
  return g_byte_array_free_to_bytes (out);
}

MmMappedFile *
mm_test_map (const char *path)
{
  g_autoptr(GError) error = NULL;
  MmMappedFile *file = mm_mapped_file_new (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (file);
  return file;
}

static void
build_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  mm_line_index_build_finish (MM_LINE_INDEX (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

void
mm_test_build_index (MmLineIndex *index)
{
  gboolean done = FALSE;

  mm_line_index_build_async (index, NULL, build_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Offsets of every line's first byte, the obvious way. */
GArray *
mm_test_naive_line_starts (const guint8 *data,
                           gsize         length)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (guint64));

  if (length > 0)
    {
      guint64 zero = 0;

      g_array_append_val (starts, zero);
    }

  for (gsize i = 0; i < length; i++)
    if (data[i] == '\n' && i + 1 < length)
      {
        guint64 next = i + 1;

        g_array_append_val (starts, next);
      }

  return starts;
}

/* The file's bytes as read(2) returns them, not through any mapping. */
GBytes *
mm_test_read_back (const char *path)
{
  int fd = open (path, O_RDONLY);
  struct stat st;
  guint8 *buffer;
  gsize done = 0;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (fstat (fd, &st), ==, 0);
  buffer = g_malloc (st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      gssize n = read (fd, buffer + done, st.st_size - done);

      g_assert_cmpint (n, >, 0);
      done += n;
    }
  close (fd);
  return g_bytes_new_take (buffer, st.st_size);
}


/* A document of the file with editing on. */
MmDocument *
mm_test_editable_document (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  MmDocument *document = mm_document_new_for_file (file);

  g_assert_true (mm_document_enable_editing (document, &error));
  g_assert_no_error (error);
  return document;
}

/* The structure index of a file, built as the application builds it. */
MmJsonIndex *
mm_test_build_json (const char *path)
{
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  MmJsonIndex *index = mm_json_index_new (file);

  mm_json_index_build_async (index, NULL, NULL, NULL);
  while (!mm_json_index_is_complete (index))
    g_main_context_iteration (NULL, TRUE);
  return index;
}

/* Runs the test-data generator: "export --seed 3 3M" writes *out. */
gboolean
mm_test_run_gen (const char  *args,
                 char       **out)
{
  g_autofree char *gen = g_test_build_filename (G_TEST_BUILT, "tools", "mm-gen", NULL);
  g_autofree char *dir = g_dir_make_tmp ("mm-gen-XXXXXX", NULL);
  g_autofree char *command = NULL;
  int status;

  *out = g_build_filename (dir, "out", NULL);
  command = g_strdup_printf ("%s %s %s", gen, args, *out);
  return g_spawn_command_line_sync (command, NULL, NULL, &status, NULL) && status == 0;
}
