/* mm-mapped-file.c: open, fstat and mmap(MAP_SHARED) a regular file.
 *
 * Offsets stay valid for the object's lifetime: when the file grows the
 * mapping is extended in place if the kernel allows it, otherwise a new
 * mapping is made and the old one is kept until finalize, because worker
 * threads may still be reading through a pointer they took earlier.
 *
 * A file whose size is 0 may still have content: files in /proc and /sys
 * are made when read. Such a file is read once, up to a limit, into an
 * anonymous read-only mapping, and shown as that snapshot: it cannot
 * grow, be truncated or be edited in place.
 *
 * Bytes are changed with pwrite(2) on a second descriptor opened for
 * writing, never by storing through the mapping: on Linux both reach the
 * same page cache, so the mapping shows the new byte at once, but a
 * pwrite reports a full disk or an I/O error as an error, where a store
 * into a mapped page would raise SIGBUS or fail silently at writeback.
 * The page's blocks are reserved first (fallocate), so writing the byte
 * cannot need space the disk no longer has. The writing descriptor is
 * only opened once it is certain the path still names the mapped file.
 */
#define G_LOG_DOMAIN "mm-mapped-file"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mm-mapped-file.h"
#include "mm-sigbus-guard.h"

typedef struct
{
  guint8 *data;
  gsize   length;
  int     guard_slot;
} Region;

struct _MmMappedFile
{
  GObject  parent_instance;

  char    *path;
  int      fd;             /* read-only, the mapping's; for the life of the object */
  int      write_fd;       /* once editing is enabled */
  dev_t    dev;            /* the mapped file's identity */
  ino_t    ino;
  struct timespec mtime;   /* its modification time when mapped */
  GHashTable *reserved;    /* page indexes whose blocks we reserved */
  Region   current;
  GArray  *retired;       /* Region; old mappings kept alive after growth */
  guint64  valid_length;  /* atomic: bytes still backed by the file */
  guint    snapshot : 1;  /* current is a copy read into memory */
};

G_DEFINE_FINAL_TYPE (MmMappedFile, mm_mapped_file, G_TYPE_OBJECT)

gsize
mm_mapped_file_get_page_size (void)
{
  static gsize page_size;

  if (page_size == 0)
    page_size = (gsize) sysconf (_SC_PAGESIZE);

  return page_size;
}

static void
region_clear (Region *region)
{
  if (region->data != NULL)
    {
      mm_sigbus_guard_unregister (region->guard_slot);
      munmap (region->data, region->length);
      region->data = NULL;
      region->length = 0;
      region->guard_slot = -1;
    }
}

static void
mm_mapped_file_finalize (GObject *object)
{
  MmMappedFile *self = (MmMappedFile *)object;

  region_clear (&self->current);
  for (guint i = 0; i < self->retired->len; i++)
    region_clear (&g_array_index (self->retired, Region, i));
  g_array_unref (self->retired);

  if (self->fd != -1)
    close (self->fd);
  if (self->write_fd != -1)
    close (self->write_fd);
  g_clear_pointer (&self->reserved, g_hash_table_unref);
  g_free (self->path);

  G_OBJECT_CLASS (mm_mapped_file_parent_class)->finalize (object);
}

static void
mm_mapped_file_class_init (MmMappedFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mm_mapped_file_finalize;
}

static void
mm_mapped_file_init (MmMappedFile *self)
{
  self->fd = -1;
  self->write_fd = -1;
  self->reserved = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->current.guard_slot = -1;
  self->retired = g_array_new (FALSE, FALSE, sizeof (Region));
}

typedef enum
{
  OP_OPEN,
  OP_STAT,
  OP_MAP,
  OP_OPEN_WRITE,
  OP_MAP_WRITE,
  OP_SYNC,
  OP_READ,
  OP_WRITE,
} Operation;

/* Whole sentences, so that translators never assemble verbs. */
static gboolean
set_errno_error (GError     **error,
                 int          errsv,
                 const char  *path,
                 Operation    op)
{
  g_autofree char *display = g_filename_display_name (path);
  GQuark domain = G_IO_ERROR;
  int code = g_io_error_from_errno (errsv);
  const char *reason = g_strerror (errsv);

  switch (op)
    {
    case OP_OPEN:
      g_set_error (error, domain, code, _("Cannot open “%s”: %s"), display, reason);
      break;
    case OP_STAT:
      g_set_error (error, domain, code, _("Cannot read the size of “%s”: %s"), display, reason);
      break;
    case OP_MAP:
      g_set_error (error, domain, code, _("Cannot map “%s” into memory: %s"), display, reason);
      break;
    case OP_OPEN_WRITE:
      g_set_error (error, domain, code, _("Cannot open “%s” for writing: %s"), display, reason);
      break;
    case OP_MAP_WRITE:
      g_set_error (error, domain, code, _("Cannot map “%s” for writing: %s"), display, reason);
      break;
    case OP_READ:
      g_set_error (error, domain, code, _("Cannot read “%s”: %s"), display, reason);
      break;
    case OP_WRITE:
      if (errsv == ENOSPC || errsv == EDQUOT)
        g_set_error (error, domain, code, _("The disk holding “%s” is full: the byte was not changed"), display);
      else
        g_set_error (error, domain, code, _("Cannot write to “%s”: %s. The byte was not changed."), display, reason);
      break;
    case OP_SYNC:
    default:
      g_set_error (error, domain, code, _("Cannot write the changes to “%s” to disk: %s"), display, reason);
      break;
    }

  return FALSE;
}

static gboolean
map_region (MmMappedFile  *self,
            gsize          length,
            int            prot,
            Region        *out,
            GError       **error)
{
  void *data = mmap (NULL, length, prot, MAP_SHARED,
                     (prot & PROT_WRITE) ? self->write_fd : self->fd, 0);

  if (data == MAP_FAILED)
    return set_errno_error (error, errno, self->path, OP_MAP);

  out->data = data;
  out->length = length;
  out->guard_slot = mm_sigbus_guard_register (data, length, self->fd);
  return TRUE;
}

static gboolean
check_regular (const char   *path,
               struct stat  *st,
               GError      **error)
{
  g_autofree char *display = g_filename_display_name (path);

  if (S_ISREG (st->st_mode))
    return TRUE;

  if (S_ISDIR (st->st_mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                 _("“%s” is a folder, not a file"), display);
  else if (S_ISFIFO (st->st_mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("“%s” is a pipe (FIFO); only regular files can be viewed"), display);
  else if (S_ISSOCK (st->st_mode))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("“%s” is a socket; only regular files can be viewed"), display);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                 _("“%s” is a device or special file; only regular files can be viewed"), display);

  return FALSE;
}

/* Reads a file that reports size 0 into an anonymous mapping, read-only
 * once filled. A really empty file stays without a mapping. */
static gboolean
read_snapshot (MmMappedFile  *self,
               GError       **error)
{
  gsize size = 64 << 10, length = 0;
  guint8 *buffer = g_malloc (size);
  void *data;

  for (;;)
    {
      ssize_t n;

      if (length == size)
        {
          if (size >= MM_MAPPED_FILE_SNAPSHOT_LIMIT)
            break;
          size = MIN (size * 2, MM_MAPPED_FILE_SNAPSHOT_LIMIT);
          buffer = g_realloc (buffer, size);
        }
      n = read (self->fd, buffer + length, size - length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;

          g_free (buffer);
          /* A file with nothing to give (EAGAIN, EINVAL from some /sys
           * files) is simply empty. */
          if (errsv == EAGAIN || errsv == EINVAL)
            return TRUE;
          return set_errno_error (error, errsv, self->path, OP_READ);
        }
      if (n == 0)
        break;
      length += (gsize) n;
    }

  if (length == 0)
    {
      g_free (buffer);
      return TRUE;
    }

  data = mmap (NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (data == MAP_FAILED)
    {
      int errsv = errno;

      g_free (buffer);
      return set_errno_error (error, errsv, self->path, OP_MAP);
    }
  memcpy (data, buffer, length);
  g_free (buffer);
  mprotect (data, length, PROT_READ);

  self->current.data = data;
  self->current.length = length;
  self->current.guard_slot = mm_sigbus_guard_register (data, length, -1);
  self->snapshot = TRUE;
  __atomic_store_n (&self->valid_length, (guint64) length, __ATOMIC_RELEASE);
  return TRUE;
}

MmMappedFile *
mm_mapped_file_new (const char  *path,
                    GError     **error)
{
  g_autoptr(MmMappedFile) self = NULL;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (MM_TYPE_MAPPED_FILE, NULL);
  self->path = g_strdup (path);

  /* O_NONBLOCK so that opening a FIFO cannot hang waiting for a writer. */
  self->fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (self->fd == -1)
    {
      set_errno_error (error, errno, path, OP_OPEN);
      return NULL;
    }

  if (fstat (self->fd, &st) != 0)
    {
      set_errno_error (error, errno, path, OP_STAT);
      return NULL;
    }

  if (!check_regular (path, &st, error))
    return NULL;
  self->dev = st.st_dev;
  self->ino = st.st_ino;
  self->mtime = st.st_mtim;

  if ((guint64) st.st_size > G_MAXSIZE)
    {
      set_errno_error (error, EFBIG, path, OP_MAP);
      return NULL;
    }

  if (st.st_size > 0 &&
      !map_region (self, (gsize) st.st_size, PROT_READ, &self->current, error))
    return NULL;

  if (st.st_size == 0 && !read_snapshot (self, error))
    return NULL;

  if (!self->snapshot)
    self->valid_length = (guint64) st.st_size;

  return g_steal_pointer (&self);
}

const char *
mm_mapped_file_get_path (MmMappedFile *self)
{
  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), NULL);

  return self->path;
}

const guint8 *
mm_mapped_file_get_data (MmMappedFile *self)
{
  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), NULL);

  return self->current.data;
}

guint64
mm_mapped_file_get_length (MmMappedFile *self)
{
  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), 0);

  return self->current.length;
}

/* Bytes at the start of the mapping still backed by the file, as of the
 * last mm_mapped_file_check_size(); safe from any thread. */
guint64
mm_mapped_file_get_valid_length (MmMappedFile *self)
{
  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), 0);

  return MIN (__atomic_load_n (&self->valid_length, __ATOMIC_ACQUIRE),
              self->current.length);
}

/* TRUE once a read through any mapping of this file hit a page the file no
 * longer covers. Cheap and safe from any thread. */
gboolean
mm_mapped_file_has_faulted (MmMappedFile *self)
{
  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  if (mm_sigbus_guard_get_faults (self->current.guard_slot) > 0)
    return TRUE;

  for (guint i = 0; i < self->retired->len; i++)
    if (mm_sigbus_guard_get_faults (g_array_index (self->retired, Region, i).guard_slot) > 0)
      return TRUE;

  return FALSE;
}

/* TRUE once a read of a page inside the file's size failed (an I/O
 * error): the bytes there read as zeros. */
gboolean
mm_mapped_file_has_io_error (MmMappedFile *self)
{
  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  if (mm_sigbus_guard_get_io_errors (self->current.guard_slot) > 0)
    return TRUE;

  for (guint i = 0; i < self->retired->len; i++)
    if (mm_sigbus_guard_get_io_errors (g_array_index (self->retired, Region, i).guard_slot) > 0)
      return TRUE;

  return FALSE;
}

gboolean
mm_mapped_file_is_truncated (MmMappedFile *self)
{
  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  return mm_mapped_file_get_valid_length (self) < self->current.length ||
         mm_mapped_file_has_faulted (self);
}

/* Re-reads the file's size. Returns the size on disk; the valid length
 * shrinks when the file was truncated (it never grows here: see _grow()). */
guint64
mm_mapped_file_check_size (MmMappedFile *self)
{
  struct stat st;
  guint64 size;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), 0);

  if (self->snapshot || fstat (self->fd, &st) != 0)
    return mm_mapped_file_get_valid_length (self);

  size = (guint64) st.st_size;
  if (size < __atomic_load_n (&self->valid_length, __ATOMIC_ACQUIRE))
    __atomic_store_n (&self->valid_length, size, __ATOMIC_RELEASE);

  return size;
}

/* Extends the mapping to the file's current size. Offsets keep their
 * meaning; data pointers taken before stay readable. */
gboolean
mm_mapped_file_grow (MmMappedFile  *self,
                     GError       **error)
{
  struct stat st;
  Region region = { NULL, 0, -1 };
  int prot = PROT_READ | (self->write_fd != -1 ? PROT_WRITE : 0);

  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  if (self->snapshot)
    return TRUE;

  if (fstat (self->fd, &st) != 0)
    return set_errno_error (error, errno, self->path, OP_STAT);

  if ((guint64) st.st_size <= self->current.length)
    return TRUE;

  if ((guint64) st.st_size > G_MAXSIZE)
    return set_errno_error (error, EFBIG, self->path, OP_MAP);

  if (self->current.data != NULL &&
      mremap (self->current.data, self->current.length, (gsize) st.st_size, 0) != MAP_FAILED)
    {
      self->current.length = (gsize) st.st_size;
      mm_sigbus_guard_grow (self->current.guard_slot, self->current.length);
    }
  else
    {
      if (!map_region (self, (gsize) st.st_size, prot, &region, error))
        return FALSE;
      if (self->current.data != NULL)
        g_array_append_val (self->retired, self->current);
      self->current = region;
    }

  __atomic_store_n (&self->valid_length, (guint64) st.st_size, __ATOMIC_RELEASE);

  return TRUE;
}

/* The mapped file's device and inode, which the path may no longer name. */
void
mm_mapped_file_get_identity (MmMappedFile *self,
                             guint64      *dev,
                             guint64      *ino)
{
  g_return_if_fail (MM_IS_MAPPED_FILE (self));

  *dev = (guint64) self->dev;
  *ino = (guint64) self->ino;
}

/* TRUE when the bytes are a copy read at open (see read_snapshot()). */
gboolean
mm_mapped_file_is_snapshot (MmMappedFile *self)
{
  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  return self->snapshot;
}

gboolean
mm_mapped_file_get_writable (MmMappedFile *self)
{
  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  return self->write_fd != -1;
}

/* Whether the path names the mapped file now; @st: what stat says of it. */
static gboolean
path_names_mapped_file (MmMappedFile *self,
                        struct stat  *st)
{
  return stat (self->path, st) == 0 && st->st_dev == self->dev && st->st_ino == self->ino;
}

/* Whether the path still names the file that is mapped. An editor's save
 * (write a new file, rename it over) or a deletion breaks the link: bytes
 * written through the path would then land in another file. */
gboolean
mm_mapped_file_is_replaced (MmMappedFile *self)
{
  struct stat st;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  return !self->snapshot && !path_names_mapped_file (self, &st);
}

/* Whether the path no longer names the file as it was mapped: replaced,
 * removed, resized or written since (our own writes included), for a watch
 * that begins after the mapping. */
gboolean
mm_mapped_file_changed_since_open (MmMappedFile *self)
{
  struct stat st;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  if (self->snapshot)
    return FALSE;
  if (!path_names_mapped_file (self, &st))
    return TRUE;
  return (guint64) st.st_size != mm_mapped_file_get_length (self) ||
         st.st_mtim.tv_sec != self->mtime.tv_sec || st.st_mtim.tv_nsec != self->mtime.tv_nsec;
}

/* The file has no write permission bits, as `chmod a-w` leaves it: root may
 * still write it, and should be told first. */
gboolean
mm_mapped_file_is_write_protected (MmMappedFile *self)
{
  struct stat st;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  return fstat (self->fd, &st) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0;
}

static gboolean
set_replaced_error (MmMappedFile  *self,
                    GError       **error)
{
  g_autofree char *display = g_filename_display_name (self->path);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("“%s” is no longer the file shown: it was replaced or deleted since it was opened. "
                 "Reload it to edit the file now at that name"), display);
  return FALSE;
}

/* Opens the file for writing, once it is certain that the path still
 * names the mapped file, and maps it writable at the same address, so
 * that every offset and pointer stays valid. On failure nothing changes. */
gboolean
mm_mapped_file_make_writable (MmMappedFile  *self,
                              GError       **error)
{
  struct stat st;
  int fd;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  if (self->write_fd != -1)
    return TRUE;

  if (self->snapshot)
    {
      g_autofree char *display = g_filename_display_name (self->path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” reports a size of 0, as files in /proc do; it is shown as read when opened and cannot be edited in place"),
                   display);
      return FALSE;
    }

  if (mm_mapped_file_is_replaced (self))
    return set_replaced_error (self, error);

  fd = open (self->path, O_RDWR | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd == -1)
    return set_errno_error (error, errno, self->path, OP_OPEN_WRITE);

  /* The path could have been replaced between the check and the open. */
  if (fstat (fd, &st) != 0 || st.st_dev != self->dev || st.st_ino != self->ino)
    {
      close (fd);
      return set_replaced_error (self, error);
    }

  if (self->current.data != NULL &&
      mmap (self->current.data, self->current.length, PROT_READ | PROT_WRITE,
            MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED)
    {
      int errsv = errno;

      close (fd);
      return set_errno_error (error, errsv, self->path, OP_MAP_WRITE);
    }

  self->write_fd = fd;
  return TRUE;
}

/* Space for the whole page of @offset, so that neither a write there nor
 * the page's writeback can meet a full disk; once per page. Filesystems
 * without fallocate are left to pwrite's own check. */
static gboolean
reserve_page (MmMappedFile  *self,
              guint64        offset,
              GError       **error)
{
  gsize page = mm_mapped_file_get_page_size ();
  guint64 index = offset / page;

  if (self->write_fd == -1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY, _("Editing is not enabled"));
      return FALSE;
    }

  if (g_hash_table_contains (self->reserved, GSIZE_TO_POINTER ((gsize) index)))
    return TRUE;

  if (fallocate (self->write_fd, FALLOC_FL_KEEP_SIZE, (off_t) (index * page), (off_t) page) != 0 &&
      errno != EOPNOTSUPP && errno != ENOSYS && errno != EINTR)
    return set_errno_error (error, errno, self->path, OP_WRITE);

  g_hash_table_add (self->reserved, GSIZE_TO_POINTER ((gsize) index));
  return TRUE;
}

/**
 * mm_mapped_file_write_bytes:
 *
 * Changes many bytes at once (Revert All): stores through the writable
 * mapping, several times cheaper than a pwrite each. Safe because every
 * page is reserved first: none of these stores can need a block the disk
 * does not have. Offsets must be inside the file.
 */
gboolean
mm_mapped_file_write_bytes (MmMappedFile  *self,
                            const guint64 *offsets,
                            const guint8  *values,
                            guint          n,
                            GError       **error)
{
  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  for (guint i = 0; i < n; i++)
    if (!reserve_page (self, offsets[i], error))
      return FALSE;

  for (guint i = 0; i < n; i++)
    self->current.data[offsets[i]] = values[i];

  return TRUE;
}

/* Changes one byte of the file: reserves the blocks of its page, then
 * pwrite(2). Either the byte is in the file (and, through the shared page
 * cache, in the mapping) or @error says why not and nothing changed. */
gboolean
mm_mapped_file_write_byte (MmMappedFile  *self,
                           guint64        offset,
                           guint8         value,
                           GError       **error)
{
  ssize_t n;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  if (!reserve_page (self, offset, error))
    return FALSE;

  do
    n = pwrite (self->write_fd, &value, 1, (off_t) offset);
  while (n < 0 && errno == EINTR);

  if (n != 1)
    return set_errno_error (error, n < 0 ? errno : EIO, self->path, OP_WRITE);

  return TRUE;
}

/* Writes every changed byte of the file to disk (fdatasync), and says so
 * if the disk could not take them. */
gboolean
mm_mapped_file_sync (MmMappedFile  *self,
                     GError       **error)
{
  g_return_val_if_fail (MM_IS_MAPPED_FILE (self), FALSE);

  if (self->write_fd == -1)
    return TRUE;

  if (fdatasync (self->write_fd) != 0)
    return set_errno_error (error, errno, self->path, OP_SYNC);

  return TRUE;
}
