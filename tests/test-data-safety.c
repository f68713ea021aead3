/* test-data-safety.c: in-place edits on the bad day, each reproduced with
 * real files and real processes: a full disk, a kill -9 in the middle of
 * edits, another program writing the same bytes, a file replaced by rename,
 * a reload after truncation; and mappings whose pages are not in the
 * file's order. */
#define G_LOG_DOMAIN "test-data-safety"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mm-document.h"
#include "mm-edit-log.h"
#include "mm-test-util.h"

static char *mount_dir;   /* a 64 KiB tmpfs of our own, or NULL */

static guint8
byte_on_disk (const char *path,
              guint64     offset)
{
  int fd = open (path, O_RDONLY);
  guint8 b = 0;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, &b, 1, (off_t) offset), ==, 1);
  close (fd);
  return b;
}

static void
write_byte_as_other_program (const char *path,
                             guint64     offset,
                             guint8      value)
{
  int fd = open (path, O_WRONLY);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, &value, 1, (off_t) offset), ==, 1);
  close (fd);
}

/* In a mount namespace of this process only, so nothing outlives it. */
static void
mount_tiny_tmpfs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mmview-full-XXXXXX", NULL);

  if (dir == NULL || unshare (CLONE_NEWNS) != 0 ||
      mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount ("tmpfs", dir, "tmpfs", 0, "size=64k") != 0)
    return;

  mount_dir = g_steal_pointer (&dir);
}

/* On a full disk a poke into a sparse hole fails with a message; the byte
 * stays as it was, on disk and on screen, and no edit is recorded. */
static void
test_full_disk (void)
{
  g_autofree char *path = NULL;
  g_autofree char *filler = NULL;
  g_autoptr(MmDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  MmEditJournal *journal;
  guint64 at = 512 * 1024;
  int fd;

  if (mount_dir == NULL)
    {
      g_test_skip ("cannot mount a small tmpfs here (needs root or user namespaces)");
      return;
    }

  /* A 1 MiB sparse file, then a filler that takes every free block. */
  path = g_build_filename (mount_dir, "sparse", NULL);
  fd = open (path, O_RDWR | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (ftruncate (fd, 1024 * 1024), ==, 0);
  close (fd);
  filler = g_build_filename (mount_dir, "filler", NULL);
  fd = open (filler, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  {
    char block[4096];

    memset (block, 'f', sizeof block);
    while (write (fd, block, sizeof block) > 0)
      ;
    g_assert_cmpint (errno, ==, ENOSPC);
  }
  close (fd);

  document = mm_test_editable_document (path);
  journal = mm_document_get_journal (document);
  g_assert_false (mm_edit_journal_poke (journal, at, 0x5a, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  g_assert_false (mm_edit_journal_can_undo (journal));
  g_assert_false (mm_edit_journal_is_edited (journal, at));
  g_assert_cmpuint (mm_mapped_file_get_data (mm_document_get_file (document))[at], ==, 0);
  g_assert_true (mm_edit_journal_save (journal, NULL));
  g_assert_cmpuint (byte_on_disk (path, at), ==, 0);

  /* With room again, the same edit reaches the file. */
  g_assert_cmpint (unlink (filler), ==, 0);
  g_clear_error (&error);
  g_assert_true (mm_edit_journal_poke (journal, at, 0x5a, &error));
  g_assert_no_error (error);
  g_assert_true (mm_edit_journal_save (journal, &error));
  g_assert_cmpuint (byte_on_disk (path, at), ==, 0x5a);
  mm_document_close (document);
}

/* A process killed in the middle of edits leaves a log that says which
 * bytes it changed and what they were; the next session puts them back. */
static void
test_killed_while_editing (void)
{
  g_autoptr(GBytes) original = mm_test_random_text (41, 200000, TRUE);
  g_autofree char *path = mm_test_write_file ("killed", g_bytes_get_data (original, NULL),
                                              g_bytes_get_size (original));
  static const guint64 offsets[] = { 10, 100, 150000 };
  g_autoptr(GArray) recovery = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  guint64 dev, ino;
  guint restored, left;
  int status;
  pid_t child;

  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      MmMappedFile *file = mm_mapped_file_new (path, NULL);
      MmEditJournal *journal;

      if (file == NULL || !mm_mapped_file_make_writable (file, NULL))
        _exit (2);
      journal = mm_edit_journal_new (file);
      for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
        if (!mm_edit_journal_poke (journal, offsets[i], '#', NULL))
          _exit (3);
      /* The same byte twice, and one edit undone: the log still knows. */
      mm_edit_journal_poke (journal, offsets[0], '%', NULL);
      mm_edit_journal_undo (journal, NULL, NULL, NULL);
      kill (getpid (), SIGKILL);
      _exit (4);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);

  /* The edits are in the file... */
  g_assert_cmpuint (byte_on_disk (path, 10), ==, '#');
  g_assert_cmpuint (byte_on_disk (path, 150000), ==, '#');

  /* ...and the log says what was there before. */
  {
    g_autoptr(MmMappedFile) file = mm_test_map (path);

    mm_mapped_file_get_identity (file, &dev, &ino);
  }
  recovery = mm_edit_log_recover (path, dev, ino);
  g_assert_nonnull (recovery);
  g_assert_cmpuint (recovery->len, ==, G_N_ELEMENTS (offsets));
  for (guint i = 0; i < recovery->len; i++)
    {
      const MmEditLogByte *byte = &g_array_index (recovery, MmEditLogByte, i);

      g_assert_cmpuint (byte->offset, ==, offsets[i]);
      g_assert_cmpuint (byte->original, ==, ((const guint8 *) g_bytes_get_data (original, NULL))[offsets[i]]);
      g_assert_cmpuint (byte->edited, ==, '#');
    }

  /* Another program changed one of them since: it is left alone. */
  write_byte_as_other_program (path, 100, '!');
  g_assert_true (mm_edit_log_restore (path, recovery, &restored, &left, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (restored, ==, 2);
  g_assert_cmpuint (left, ==, 1);
  after = mm_test_read_back (path);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (after, NULL))[100], ==, '!');
  write_byte_as_other_program (path, 100, ((const guint8 *) g_bytes_get_data (original, NULL))[100]);
  g_clear_pointer (&after, g_bytes_unref);
  after = mm_test_read_back (path);
  g_assert_true (g_bytes_equal (after, original));

  /* The log is gone: nothing is offered again. */
  g_assert_null (mm_edit_log_recover (path, dev, ino));
}

/* Undo and Revert All never write over another program's byte. */
static void
test_undo_respects_other_writers (void)
{
  g_autofree char *path = mm_test_write_file ("two-writers", "0123456789abcdef", 16);
  g_autoptr(MmDocument) document = mm_test_editable_document (path);
  MmEditJournal *journal = mm_document_get_journal (document);
  g_autoptr(GError) error = NULL;
  gboolean left;
  guint restored, n_left;

  g_assert_true (mm_edit_journal_poke (journal, 3, 'X', &error));
  write_byte_as_other_program (path, 3, 'Z');
  g_assert_true (mm_edit_journal_undo (journal, NULL, &left, &error));
  g_assert_true (left);
  g_assert_cmpuint (byte_on_disk (path, 3), ==, 'Z');

  g_assert_true (mm_edit_journal_poke (journal, 5, 'Y', &error));
  g_assert_true (mm_edit_journal_poke (journal, 6, 'Y', &error));
  write_byte_as_other_program (path, 6, 'W');
  g_assert_true (mm_edit_journal_revert_all (journal, &restored, &n_left, &error));
  g_assert_cmpuint (restored, ==, 1);
  g_assert_cmpuint (n_left, ==, 1);
  g_assert_cmpuint (byte_on_disk (path, 5), ==, '5');
  g_assert_cmpuint (byte_on_disk (path, 6), ==, 'W');
  mm_document_close (document);
}

/* An editor's save (write a new file, rename it over): the view keeps the
 * old file, and editing is refused rather than landing in the new one. */
static void
test_replaced_by_rename (void)
{
  g_autofree char *path = mm_test_write_file ("replaced", "old contents\n", 13);
  g_autofree char *other = mm_test_write_file ("replacement", "new contents\n", 13);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmDocument) document = mm_document_new_for_file (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) after = NULL;

  g_assert_false (mm_mapped_file_is_replaced (file));
  g_assert_cmpint (rename (other, path), ==, 0);
  g_assert_true (mm_mapped_file_is_replaced (file));

  g_assert_false (mm_document_enable_editing (document, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_test_message ("%s", error->message);
  g_assert_null (mm_document_get_journal (document));
  after = mm_test_read_back (path);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), "new contents\n", 13);
  g_assert_cmpmem (mm_mapped_file_get_data (file), 13, "old contents\n", 13);
  mm_document_close (document);
}

static void
record_change (MmDocument *document,
               int         change,
               int        *seen)
{
  *seen = change;
}

/* The change, if any, the document reports when it begins watching after
 * `what` happened to its file. */
static int
change_seen_at_watch (const char *what)
{
  g_autofree char *path = mm_test_write_file ("watched", "0123456789\n", 11);
  g_autofree char *other = mm_test_write_file ("watched-other", "abcdefghij\n", 11);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmDocument) document = mm_document_new_for_file (file);
  int seen = -1;

  g_signal_connect (document, "file-changed", G_CALLBACK (record_change), &seen);
  if (g_str_equal (what, "written"))
    {
      /* In place, same size; a later second, as a write seen a tick later. */
      struct timespec times[2] = { { 0, UTIME_OMIT }, { time (NULL) + 2, 0 } };
      int fd = open (path, O_WRONLY);

      g_assert_cmpint (pwrite (fd, "X", 1, 3), ==, 1);
      g_assert_cmpint (futimens (fd, times), ==, 0);
      close (fd);
    }
  else if (g_str_equal (what, "truncated"))
    g_assert_cmpint (truncate (path, 4), ==, 0);
  else if (g_str_equal (what, "grown"))
    g_assert_cmpint (truncate (path, 4096), ==, 0);
  else if (g_str_equal (what, "replaced"))
    g_assert_cmpint (rename (other, path), ==, 0);

  g_assert_cmpint (seen, ==, -1);
  mm_document_watch (document);
  mm_document_watch (document);
  mm_document_close (document);
  return seen;
}

/* A document starts watching its file after the window's first frame: what
 * other programs did to the file before that is reported then, not lost. */
static void
test_changed_before_watch (void)
{
  g_assert_cmpint (change_seen_at_watch ("nothing"), ==, -1);
  g_assert_cmpint (change_seen_at_watch ("written"), ==, MM_DOCUMENT_CHANGE_MODIFIED);
  g_assert_cmpint (change_seen_at_watch ("truncated"), ==, MM_DOCUMENT_CHANGE_TRUNCATED);
  g_assert_cmpint (change_seen_at_watch ("grown"), ==, MM_DOCUMENT_CHANGE_GREW);
  g_assert_cmpint (change_seen_at_watch ("replaced"), ==, MM_DOCUMENT_CHANGE_REPLACED);
}

/* After another program shortens the file, a reloaded document takes the
 * history over: edits past the new end are lost (and counted), the rest
 * can still be undone. */
static void
test_history_survives_reload (void)
{
  g_autoptr(GBytes) original = mm_test_random_text (43, 100000, FALSE);
  g_autofree char *path = mm_test_write_file ("reload", g_bytes_get_data (original, NULL), 100000);
  g_autoptr(MmDocument) first = mm_test_editable_document (path);
  g_autoptr(MmDocument) second = NULL;
  MmEditJournal *journal = mm_document_get_journal (first);
  g_autoptr(GError) error = NULL;
  guint lost;

  g_assert_true (mm_edit_journal_poke (journal, 100, '<', &error));
  g_assert_true (mm_edit_journal_poke (journal, 90000, '>', &error));
  g_assert_true (mm_edit_journal_save (journal, &error));
  g_assert_cmpint (truncate (path, 50000), ==, 0);

  second = mm_document_new_for_file (mm_test_map (path));
  g_assert_true (mm_document_adopt_journal (second, journal, &lost, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (lost, ==, 1);
  g_assert_true (mm_edit_journal_can_undo (journal));
  g_assert_true (mm_edit_journal_undo (journal, NULL, NULL, &error));
  g_assert_cmpuint (byte_on_disk (path, 100), ==, ((const guint8 *) g_bytes_get_data (original, NULL))[100]);
  g_assert_false (mm_edit_journal_can_undo (journal));
  mm_document_close (first);
  mm_document_close (second);
}

/* Typing over one byte again and again is one edit: memory does not grow
 * with it, and one undo brings the original back. */
static void
test_repeated_edits_coalesce (void)
{
  g_autofree char *path = mm_test_write_file ("coalesce", "abcdef", 6);
  g_autoptr(MmDocument) document = mm_test_editable_document (path);
  MmEditJournal *journal = mm_document_get_journal (document);

  for (guint i = 0; i < 1000; i++)
    g_assert_true (mm_edit_journal_poke (journal, 2, (guint8) ('A' + i % 26), NULL));
  g_assert_cmpuint (mm_edit_journal_get_n_edits (journal), ==, 1);
  g_assert_true (mm_edit_journal_undo (journal, NULL, NULL, NULL));
  g_assert_cmpuint (byte_on_disk (path, 2), ==, 'c');
  g_assert_false (mm_edit_journal_can_undo (journal));
  mm_document_close (document);
}

/* Every window of a process on one file shares its document; the last to
 * let go closes it. */
static void
test_document_holders (void)
{
  g_autofree char *path = mm_test_write_file ("held", "held\n", 5);
  g_autoptr(MmDocument) document = mm_document_new_for_file (mm_test_map (path));

  mm_document_hold (document);
  mm_document_hold (document);
  mm_document_release (document);
  g_assert_false (mm_document_is_closed (document));
  mm_document_release (document);
  g_assert_true (mm_document_is_closed (document));
}

/* A mapping whose pages are in another order than the file's: reads and
 * writes through it land at the file offsets of the pages mapped, built
 * with MAP_FIXED page by page and, where the kernel still accepts it, with
 * remap_file_pages (deprecated since Linux 3.16, emulated with one VMA per
 * page). */
static void
check_reversed_pages (guint8       *map,
                      gsize         page,
                      guint         n,
                      const char   *path,
                      const char   *how)
{
  gint64 start;

  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (map[i * page], ==, 'A' + (n - 1 - i));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    map[i * page + 1] = (guint8) ('a' + i);
  g_test_message ("%s: %u page writes in %" G_GINT64_FORMAT " us", how, n, g_get_monotonic_time () - start);
  g_assert_cmpint (msync (map, n * page, MS_SYNC), ==, 0);

  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (byte_on_disk (path, (n - 1 - i) * page + 1), ==, 'a' + i);
}

static void
test_non_linear_mapping (void)
{
  gsize page = mm_mapped_file_get_page_size ();
  guint n = 16;
  g_autofree guint8 *contents = g_malloc (n * page);
  g_autofree char *path = NULL;
  guint8 *map;
  gint64 start;
  int fd;

  for (guint i = 0; i < n; i++)
    memset (contents + i * page, 'A' + i, page);
  path = mm_test_write_file ("non-linear", contents, n * page);
  fd = open (path, O_RDWR);
  g_assert_cmpint (fd, >=, 0);

  /* Page by page with MAP_FIXED: page i of the mapping is page n-1-i. */
  map = mmap (NULL, n * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  g_assert_true (map != MAP_FAILED);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    g_assert_true (mmap (map + i * page, page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
                         fd, (off_t) ((n - 1 - i) * page)) != MAP_FAILED);
  g_test_message ("MAP_FIXED: %u pages remapped in %" G_GINT64_FORMAT " us", n, g_get_monotonic_time () - start);
  check_reversed_pages (map, page, n, path, "MAP_FIXED");
  munmap (map, n * page);

  /* Put the bytes back, then the same layout with remap_file_pages. */
  g_assert_cmpint (pwrite (fd, contents, n * page, 0), ==, (gssize) (n * page));
  map = mmap (NULL, n * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  g_assert_true (map != MAP_FAILED);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    if (remap_file_pages (map + i * page, page, 0, n - 1 - i, 0) != 0)
      {
        g_test_message ("remap_file_pages refused (%s): only MAP_FIXED checked", g_strerror (errno));
        munmap (map, n * page);
        close (fd);
        return;
      }
  g_test_message ("remap_file_pages: %u pages in %" G_GINT64_FORMAT " us", n, g_get_monotonic_time () - start);
  check_reversed_pages (map, page, n, path, "remap_file_pages");
  munmap (map, n * page);
  close (fd);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  mount_tiny_tmpfs ();

  g_test_add_func ("/core/data-safety/full-disk", test_full_disk);
  g_test_add_func ("/core/data-safety/killed-while-editing", test_killed_while_editing);
  g_test_add_func ("/core/data-safety/undo-respects-other-writers", test_undo_respects_other_writers);
  g_test_add_func ("/core/data-safety/replaced-by-rename", test_replaced_by_rename);
  g_test_add_func ("/core/data-safety/changed-before-watch", test_changed_before_watch);
  g_test_add_func ("/core/data-safety/history-survives-reload", test_history_survives_reload);
  g_test_add_func ("/core/data-safety/repeated-edits-coalesce", test_repeated_edits_coalesce);
  g_test_add_func ("/core/data-safety/document-holders", test_document_holders);
  g_test_add_func ("/core/data-safety/non-linear-mapping", test_non_linear_mapping);

  return g_test_run ();
}
