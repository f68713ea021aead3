/* mm-edit-log.c: every change of a byte, on disk before the byte changes.
 *
 * While a file has edits, $XDG_STATE_HOME/mmview/edits/<hash of its path>
 * holds a header (the file's device, inode and path) and one 16-byte
 * record per change of a byte (offset, from, to), appended and flushed
 * (fdatasync) before the byte is written. So after a crash or a kill -9 the
 * log names every byte MmView may have changed, with the byte it held
 * first, whatever state the undo history was in. Closing cleanly (edits
 * kept and flushed, or all reverted) deletes the log. Opening a file that
 * has a log left offers to put the original bytes back, or to keep them.
 */
#define G_LOG_DOMAIN "mm-edit-log"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mm-edit-log.h"

#define MAGIC "MMVIEW-EDITS-1\n"
#define MAGIC_LEN (sizeof MAGIC - 1)

typedef struct
{
  guint64 offset;
  guint8  from;
  guint8  to;
  guint8  pad[6];
} Record;

G_STATIC_ASSERT (sizeof (Record) == 16);

struct _MmEditLog
{
  char *log_path;
  int   fd;
};

char *
mm_edit_log_path_for (const char *path)
{
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);

  return g_build_filename (g_get_user_state_dir (), "mmview", "edits", hash, NULL);
}

static gboolean
write_all (int            fd,
           const void    *data,
           gsize          length)
{
  const guint8 *p = data;

  while (length > 0)
    {
      ssize_t n = write (fd, p, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      length -= (gsize) n;
    }
  return TRUE;
}

static gboolean
set_log_error (GError     **error,
               int          errsv,
               const char  *log_path)
{
  g_autofree char *display = g_filename_display_name (log_path);

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               _("Cannot keep the record of edits in “%s”: %s. The byte was not changed."),
               display, g_strerror (errsv));
  return FALSE;
}

/* Starts (or continues, for the same file) the log of @path. */
MmEditLog *
mm_edit_log_open (const char  *path,
                  guint64      dev,
                  guint64      ino,
                  GError     **error)
{
  g_autoptr(MmEditLog) log = g_new0 (MmEditLog, 1);
  g_autofree char *dir = NULL;
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);
  struct stat st;

  log->fd = -1;
  log->log_path = mm_edit_log_path_for (path);
  dir = g_path_get_dirname (log->log_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_log_error (error, errno, log->log_path);
      return NULL;
    }

  log->fd = open (log->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log->fd == -1 || fstat (log->fd, &st) != 0)
    {
      set_log_error (error, errno, log->log_path);
      return NULL;
    }

  if (st.st_size == 0)
    {
      guint64 header[2] = { GUINT64_TO_LE (dev), GUINT64_TO_LE (ino) };
      guint32 path_len = GUINT32_TO_LE ((guint32) strlen (canonical));
      /* Records start 16-byte aligned after the header. */
      gsize used = MAGIC_LEN + sizeof header + sizeof path_len + strlen (canonical);
      static const guint8 zeros[16];

      if (!write_all (log->fd, MAGIC, MAGIC_LEN) ||
          !write_all (log->fd, header, sizeof header) ||
          !write_all (log->fd, &path_len, sizeof path_len) ||
          !write_all (log->fd, canonical, strlen (canonical)) ||
          !write_all (log->fd, zeros, (16 - used % 16) % 16) ||
          fdatasync (log->fd) != 0)
        {
          set_log_error (error, errno, log->log_path);
          return NULL;
        }
    }

  return g_steal_pointer (&log);
}

/* Appends n changes and waits until they are on disk. */
gboolean
mm_edit_log_append (MmEditLog      *log,
                    const guint64  *offsets,
                    const guint8   *from,
                    const guint8   *to,
                    guint           n,
                    GError        **error)
{
  g_autofree Record *records = g_new0 (Record, n);

  for (guint i = 0; i < n; i++)
    {
      records[i].offset = GUINT64_TO_LE (offsets[i]);
      records[i].from = from[i];
      records[i].to = to[i];
    }

  if (!write_all (log->fd, records, n * sizeof (Record)) || fdatasync (log->fd) != 0)
    return set_log_error (error, errno, log->log_path);

  return TRUE;
}

/* The file is as the user wants it: no recovery is needed any more. */
void
mm_edit_log_discard (MmEditLog *log)
{
  g_unlink (log->log_path);
}

void
mm_edit_log_free (MmEditLog *log)
{
  if (log == NULL)
    return;

  if (log->fd != -1)
    close (log->fd);
  g_free (log->log_path);
  g_free (log);
}

void
mm_edit_log_forget (const char *path)
{
  g_autofree char *log_path = mm_edit_log_path_for (path);

  g_unlink (log_path);
}

typedef struct
{
  Record record;
  gsize  seq;
} Numbered;

static int
compare_numbered (gconstpointer a,
                  gconstpointer b)
{
  const Numbered *x = a, *y = b;

  if (x->record.offset != y->record.offset)
    return x->record.offset < y->record.offset ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* What a log left for this file says: for each byte it changed, the byte
 * it held first and the one last written (MmEditLogByte, by offset), or
 * NULL when there is no log, it belongs to another file at this path, or
 * it changed nothing in the end. */
GArray *
mm_edit_log_recover (const char *path,
                     guint64     dev,
                     guint64     ino)
{
  g_autofree char *log_path = mm_edit_log_path_for (path);
  g_autofree char *contents = NULL;
  g_autoptr(GArray) records = NULL;
  g_autoptr(GArray) bytes = NULL;
  gsize length, pos;
  guint64 header[2];
  guint32 path_len;

  if (!g_file_get_contents (log_path, &contents, &length, NULL) ||
      length < MAGIC_LEN + sizeof header + sizeof path_len ||
      memcmp (contents, MAGIC, MAGIC_LEN) != 0)
    return NULL;

  memcpy (header, contents + MAGIC_LEN, sizeof header);
  memcpy (&path_len, contents + MAGIC_LEN + sizeof header, sizeof path_len);
  if (GUINT64_FROM_LE (header[0]) != dev || GUINT64_FROM_LE (header[1]) != ino)
    return NULL;

  pos = MAGIC_LEN + sizeof header + sizeof path_len + GUINT32_FROM_LE (path_len);
  pos += (16 - pos % 16) % 16;

  /* A record torn by the crash is ignored: its byte was not written yet. */
  records = g_array_new (FALSE, FALSE, sizeof (Numbered));
  for (; pos + sizeof (Record) <= length; pos += sizeof (Record))
    {
      Numbered n;

      memcpy (&n.record, contents + pos, sizeof n.record);
      n.record.offset = GUINT64_FROM_LE (n.record.offset);
      n.seq = records->len;
      g_array_append_val (records, n);
    }
  g_array_sort (records, compare_numbered);

  /* Per byte: the first record's "from", the last one's "to". */
  bytes = g_array_new (FALSE, FALSE, sizeof (MmEditLogByte));
  for (guint i = 0; i < records->len; )
    {
      const Numbered *first = &g_array_index (records, Numbered, i);
      guint j = i;
      MmEditLogByte byte;

      while (j + 1 < records->len && g_array_index (records, Numbered, j + 1).record.offset == first->record.offset)
        j++;
      byte.offset = first->record.offset;
      byte.original = first->record.from;
      byte.edited = g_array_index (records, Numbered, j).record.to;
      if (byte.original != byte.edited)
        g_array_append_val (bytes, byte);
      i = j + 1;
    }

  if (bytes->len == 0)
    return NULL;
  return g_steal_pointer (&bytes);
}

static gboolean
restore_failed (int          fd,
                const char  *path,
                gboolean     syncing,
                GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  int errsv = errno;

  close (fd);
  if (syncing)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                 _("Cannot write the changes to “%s” to disk: %s"), display, g_strerror (errsv));
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                 _("Cannot write to “%s”: %s. The byte was not changed."), display, g_strerror (errsv));
  return FALSE;
}

/* Puts the original bytes back where the file still holds what MmView
 * wrote; a byte another program changed since is left as it is. Then the
 * log is gone. */
gboolean
mm_edit_log_restore (const char  *path,
                     GArray      *bytes,
                     guint       *restored,
                     guint       *left,
                     GError     **error)
{
  int fd = open (path, O_RDWR | O_CLOEXEC | O_NOCTTY);

  *restored = *left = 0;
  if (fd == -1)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("Cannot open “%s” for writing: %s"), display, g_strerror (errno));
      return FALSE;
    }

  for (guint i = 0; i < bytes->len; i++)
    {
      const MmEditLogByte *byte = &g_array_index (bytes, MmEditLogByte, i);
      guint8 now;

      if (pread (fd, &now, 1, (off_t) byte->offset) != 1)
        continue;   /* past the end now: nothing to put back */
      if (now == byte->original)
        continue;
      if (now != byte->edited)
        {
          (*left)++;
          continue;
        }
      if (pwrite (fd, &byte->original, 1, (off_t) byte->offset) != 1)
        return restore_failed (fd, path, FALSE, error);
      (*restored)++;
    }

  if (fdatasync (fd) != 0)
    return restore_failed (fd, path, TRUE, error);
  close (fd);
  mm_edit_log_forget (path);
  return TRUE;
}
