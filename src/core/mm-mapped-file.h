/* mm-mapped-file.h: a regular file mapped MAP_SHARED */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A file that says it is empty but has content (as files in /proc do) is
 * read into memory, up to this many bytes. */
#define MM_MAPPED_FILE_SNAPSHOT_LIMIT ((gsize) 64 << 20)

#define MM_TYPE_MAPPED_FILE (mm_mapped_file_get_type ())

G_DECLARE_FINAL_TYPE (MmMappedFile, mm_mapped_file, MM, MAPPED_FILE, GObject)

MmMappedFile  *mm_mapped_file_new              (const char    *path,
                                                GError       **error);
const char    *mm_mapped_file_get_path         (MmMappedFile  *self);
const guint8  *mm_mapped_file_get_data         (MmMappedFile  *self);
guint64        mm_mapped_file_get_length       (MmMappedFile  *self);
guint64        mm_mapped_file_get_valid_length (MmMappedFile  *self);
gboolean       mm_mapped_file_has_faulted      (MmMappedFile  *self);
gboolean       mm_mapped_file_is_truncated     (MmMappedFile  *self);
guint64        mm_mapped_file_check_size       (MmMappedFile  *self);
gboolean       mm_mapped_file_grow             (MmMappedFile  *self,
                                                GError       **error);
gboolean       mm_mapped_file_is_snapshot      (MmMappedFile  *self);
gboolean       mm_mapped_file_get_writable     (MmMappedFile  *self);
gboolean       mm_mapped_file_make_writable    (MmMappedFile  *self,
                                                GError       **error);
gboolean       mm_mapped_file_write_byte       (MmMappedFile  *self,
                                                guint64        offset,
                                                guint8         value,
                                                GError       **error);
gboolean       mm_mapped_file_write_bytes      (MmMappedFile  *self,
                                                const guint64 *offsets,
                                                const guint8  *values,
                                                guint          n,
                                                GError       **error);
gboolean       mm_mapped_file_sync             (MmMappedFile  *self,
                                                GError       **error);
gboolean       mm_mapped_file_is_replaced      (MmMappedFile  *self);
gboolean       mm_mapped_file_changed_since_open (MmMappedFile *self);
void           mm_mapped_file_get_identity     (MmMappedFile  *self,
                                                guint64       *dev,
                                                guint64       *ino);
gboolean       mm_mapped_file_is_write_protected (MmMappedFile *self);
gboolean       mm_mapped_file_has_io_error     (MmMappedFile  *self);
gsize          mm_mapped_file_get_page_size    (void);

G_END_DECLS
