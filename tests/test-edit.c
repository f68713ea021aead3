/* test-edit.c: in-place edits, the journal, msync, and the Linux mapping
 * semantics they rely on, checked on real files read back with read(2) */
#define G_LOG_DOMAIN "test-edit"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm-document.h"
#include "mm-test-util.h"

static char *
checksum (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static void
test_edit_poke_save_undo (void)
{
  g_autoptr(GBytes) original = mm_test_random_text (1, 300000, TRUE);
  g_autofree char *path = mm_test_write_file ("poke", g_bytes_get_data (original, NULL), g_bytes_get_size (original));
  g_autofree char *before = checksum (original);
  g_autoptr(MmDocument) document = mm_test_editable_document (path);
  MmEditJournal *journal = mm_document_get_journal (document);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *restored = NULL;
  guint8 old = ((const guint8 *) g_bytes_get_data (original, NULL))[1234];
  guint64 offset;

  g_assert_true (mm_edit_journal_poke (journal, 1234, old ^ 0x5a, &error));
  g_assert_no_error (error);
  g_assert_true (mm_edit_journal_get_unsaved (journal));
  g_assert_true (mm_edit_journal_is_edited (journal, 1234));
  g_assert_true (mm_edit_journal_save (journal, &error));
  g_assert_false (mm_edit_journal_get_unsaved (journal));

  after = mm_test_read_back (path);
  g_assert_cmpuint (g_bytes_get_size (after), ==, g_bytes_get_size (original));
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (after, NULL))[1234], ==, old ^ 0x5a);
  g_assert_cmpuint (mm_marks_get_count (mm_document_get_marks (document), MM_MARK_EDIT), ==, 1);

  g_assert_true (mm_edit_journal_undo (journal, &offset, NULL, NULL));
  g_assert_cmpuint (offset, ==, 1234);
  g_assert_false (mm_edit_journal_is_edited (journal, 1234));
  g_assert_cmpuint (mm_marks_get_count (mm_document_get_marks (document), MM_MARK_EDIT), ==, 0);
  g_assert_true (mm_edit_journal_save (journal, &error));
  g_clear_pointer (&after, g_bytes_unref);
  after = mm_test_read_back (path);
  restored = checksum (after);
  g_assert_cmpstr (restored, ==, before);

  /* Redo brings the edit back exactly. */
  g_assert_true (mm_edit_journal_redo (journal, &offset, NULL, NULL));
  g_assert_cmpuint (mm_mapped_file_get_data (mm_document_get_file (document))[1234], ==, old ^ 0x5a);
  g_assert_false (mm_edit_journal_redo (journal, &offset, NULL, NULL));
}

static void
test_edit_boundaries (void)
{
  gsize page = mm_mapped_file_get_page_size ();
  gsize length = 3 * page + 123;   /* not a page multiple */
  g_autoptr(GBytes) original = mm_test_random_text (2, length, FALSE);
  g_autofree char *path = mm_test_write_file ("bounds", g_bytes_get_data (original, NULL), length);
  g_autoptr(MmDocument) document = mm_test_editable_document (path);
  MmEditJournal *journal = mm_document_get_journal (document);
  guint64 offsets[] = { 0, page - 1, page, 2 * page - 1, 2 * page, length - 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) after = NULL;
  const guint8 *data;

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    g_assert_true (mm_edit_journal_poke (journal, offsets[i], 'A' + i, &error));
  g_assert_true (mm_edit_journal_save (journal, &error));
  g_assert_no_error (error);

  after = mm_test_read_back (path);
  data = g_bytes_get_data (after, NULL);
  g_assert_cmpuint (g_bytes_get_size (after), ==, length);
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    g_assert_cmpuint (data[offsets[i]], ==, 'A' + i);

  /* Past the end there is nothing to write, and nothing is written. */
  g_assert_false (mm_edit_journal_poke (journal, length, 'x', &error));
  g_assert_nonnull (error);

  /* Revert all restores every byte. */
  {
    guint restored, left;

    g_assert_true (mm_edit_journal_revert_all (journal, &restored, &left, &error));
    g_assert_cmpuint (restored, ==, G_N_ELEMENTS (offsets));
    g_assert_cmpuint (left, ==, 0);
  }
  g_assert_true (mm_edit_journal_save (journal, NULL));
  g_clear_pointer (&after, g_bytes_unref);
  after = mm_test_read_back (path);
  g_assert_true (g_bytes_equal (after, original));
}

static void
test_journal_newline_keeps_index (void)
{
  g_autoptr(GBytes) original = mm_test_random_text (3, 500000, FALSE);
  g_autofree char *path = mm_test_write_file ("lines", g_bytes_get_data (original, NULL), g_bytes_get_size (original));
  g_autoptr(MmDocument) document = mm_test_editable_document (path);
  MmEditJournal *journal = mm_document_get_journal (document);
  MmLineIndex *index = mm_document_get_index (document);
  const guint8 *data = mm_mapped_file_get_data (mm_document_get_file (document));
  guint64 value, at = 250001;

  mm_test_build_index (index);

  /* Poke a newline in, then out again: line queries stay exact throughout. */
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GArray) starts = NULL;

      if (round < 2)
        g_assert_true (mm_edit_journal_poke (journal, at, data[at] == '\n' ? 'x' : '\n', NULL));
      else
        g_assert_true (mm_edit_journal_undo (journal, NULL, NULL, NULL));

      starts = mm_test_naive_line_starts (data, g_bytes_get_size (original));
      g_assert_true (mm_line_index_get_n_lines (index, &value));
      g_assert_cmpuint (value, ==, starts->len);
      for (guint i = 0; i < starts->len; i += 7)
        {
          g_assert_true (mm_line_index_line_to_offset (index, i, &value));
          g_assert_cmpuint (value, ==, g_array_index (starts, guint64, i));
        }
    }
}

static void
test_sync_survives_sigkill (void)
{
  g_autoptr(GBytes) original = mm_test_random_text (4, 100000, FALSE);
  g_autofree char *path = mm_test_write_file ("killed", g_bytes_get_data (original, NULL), g_bytes_get_size (original));
  g_autoptr(GBytes) after = NULL;
  pid_t pid;
  int status;

  pid = fork ();
  if (pid == 0)
    {
      g_autoptr(MmDocument) document = mm_test_editable_document (path);
      MmEditJournal *journal = mm_document_get_journal (document);

      mm_edit_journal_poke (journal, 10, '#', NULL);
      mm_edit_journal_poke (journal, 99999, '!', NULL);
      mm_edit_journal_save (journal, NULL);
      kill (getpid (), SIGKILL);
      _exit (1);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  after = mm_test_read_back (path);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (after, NULL))[10], ==, '#');
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (after, NULL))[99999], ==, '!');
}

static void
test_edit_read_only_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mmview-ro-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ro.txt", NULL);
  g_autoptr(GBytes) original = mm_test_random_text (5, 50000, FALSE);
  g_autoptr(GBytes) after = NULL;
  pid_t pid;
  int status;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (original, NULL), g_bytes_get_size (original), NULL));
  g_assert_cmpint (chmod (dir, 0755), ==, 0);
  g_assert_cmpint (chmod (path, 0444), ==, 0);

  /* As a user who may read but not write it (root may write anything). */
  pid = fork ();
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MmMappedFile) file = NULL;
      g_autoptr(MmDocument) document = NULL;

      if (geteuid () == 0 && setuid (65534) != 0)
        _exit (3);
      file = mm_mapped_file_new (path, &error);
      if (file == NULL)
        _exit (4);
      document = mm_document_new_for_file (file);
      if (mm_document_enable_editing (document, &error))
        _exit (5);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        _exit (6);
      /* Still readable, still read-only. */
      if (mm_document_get_journal (document) != NULL || mm_mapped_file_get_writable (file))
        _exit (7);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  after = mm_test_read_back (path);
  g_assert_true (g_bytes_equal (after, original));
}

static void
test_edit_truncated_while_editing (void)
{
  gsize length = 1 << 20;
  g_autoptr(GBytes) original = mm_test_random_text (6, length, FALSE);
  g_autofree char *path = mm_test_write_file ("shrink", g_bytes_get_data (original, NULL), length);
  g_autoptr(MmDocument) document = mm_test_editable_document (path);
  MmEditJournal *journal = mm_document_get_journal (document);
  guint8 *data = (guint8 *) mm_mapped_file_get_data (mm_document_get_file (document));
  g_autoptr(GError) error = NULL;
  struct stat st;
  pid_t pid;
  int status;

  pid = fork ();
  if (pid == 0)
    _exit (truncate (path, length / 2) == 0 ? 0 : 1);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  /* A poke past the new end is refused... */
  g_assert_false (mm_edit_journal_poke (journal, length - 10, 'x', &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  /* ...one before it still works... */
  g_assert_true (mm_edit_journal_poke (journal, 10, 'y', NULL));
  g_assert_true (mm_edit_journal_save (journal, NULL));

  /* ...and even a raw write through the mapping past the end neither
   * crashes nor reaches the file. */
  data[length - 1] = 'z';
  g_assert_true (mm_mapped_file_has_faulted (mm_document_get_file (document)));
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, length / 2);
}

static void
write_in_child (const char *path,
                off_t       offset,
                char        value)
{
  pid_t pid = fork ();
  int status;

  if (pid == 0)
    {
      int fd = open (path, O_WRONLY);

      _exit (fd >= 0 && pwrite (fd, &value, 1, offset) == 1 ? 0 : 1);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static void
test_shared_sees_other_process (void)
{
  gsize page = mm_mapped_file_get_page_size ();
  g_autofree char *content = g_strnfill (2 * page, 'a');
  g_autofree char *path = mm_test_write_file ("shared", content, 2 * page);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  const volatile guint8 *data = mm_mapped_file_get_data (file);

  g_assert_cmpuint (data[5], ==, 'a');
  write_in_child (path, 5, 'B');
  /* No re-read, no msync: the shared mapping is the page cache. */
  g_assert_cmpuint (data[5], ==, 'B');
}

static void
test_private_copy_on_write (void)
{
  gsize page = mm_mapped_file_get_page_size ();
  g_autofree char *content = g_strnfill (2 * page, 'a');
  g_autofree char *path = mm_test_write_file ("private", content, 2 * page);
  int fd = open (path, O_RDONLY);
  volatile guint8 *data = mmap (NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

  g_assert_true (data != MAP_FAILED);
  g_assert_cmpuint (data[0], ==, 'a');
  g_assert_cmpuint (data[page], ==, 'a');

  /* Pages it has not written still show other processes' writes... */
  write_in_child (path, 0, 'X');
  write_in_child (path, page, 'Y');
  g_assert_cmpuint (data[0], ==, 'X');
  g_assert_cmpuint (data[page], ==, 'Y');

  /* ...but once it writes a page, that page is its own copy: later writes
   * to the file no longer show there, and its write never reaches the file. */
  data[1] = 'p';
  write_in_child (path, 0, 'Z');
  write_in_child (path, page, 'W');
  g_assert_cmpuint (data[0], ==, 'X');
  g_assert_cmpuint (data[1], ==, 'p');
  g_assert_cmpuint (data[page], ==, 'W');
  {
    g_autoptr(GBytes) after = mm_test_read_back (path);
    g_assert_cmpuint (((const guint8 *) g_bytes_get_data (after, NULL))[1], ==, 'a');
    g_assert_cmpuint (((const guint8 *) g_bytes_get_data (after, NULL))[0], ==, 'Z');
  }

  munmap ((void *) data, 2 * page);
  close (fd);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/edit/poke-save-undo", test_edit_poke_save_undo);
  g_test_add_func ("/core/edit/boundaries", test_edit_boundaries);
  g_test_add_func ("/core/edit/read-only-refused", test_edit_read_only_refused);
  g_test_add_func ("/core/edit/truncated-while-editing", test_edit_truncated_while_editing);
  g_test_add_func ("/core/journal/newline-keeps-index", test_journal_newline_keeps_index);
  g_test_add_func ("/core/sync/survives-sigkill", test_sync_survives_sigkill);
  g_test_add_func ("/core/shared/sees-other-process", test_shared_sees_other_process);
  g_test_add_func ("/core/private/copy-on-write", test_private_copy_on_write);

  return g_test_run ();
}
