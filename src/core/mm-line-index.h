/* mm-line-index.h: sparse newline index built in the background */
#pragma once

#include <gio/gio.h>

#include "mm-byte-stats.h"
#include "mm-mapped-file.h"

G_BEGIN_DECLS

#define MM_LINE_INDEX_BLOCK_SIZE   ((guint64) 65536)
#define MM_LINE_INDEX_LINES_PER_CP 1024
#define MM_LINE_INDEX_MAX_BUCKETS  4096

typedef enum
{
  MM_LINE_ENDS_NONE,   /* no newline seen (yet) */
  MM_LINE_ENDS_LF,
  MM_LINE_ENDS_CRLF,
  MM_LINE_ENDS_MIXED,
} MmLineEnds;

#define MM_TYPE_LINE_INDEX (mm_line_index_get_type ())

G_DECLARE_FINAL_TYPE (MmLineIndex, mm_line_index, MM, LINE_INDEX, GObject)

MmLineIndex        *mm_line_index_new              (MmMappedFile         *file);
void                mm_line_index_set_gather_stats (MmLineIndex          *self,
                                                    gboolean              gather_stats);
void                mm_line_index_build_async      (MmLineIndex          *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean            mm_line_index_build_finish     (MmLineIndex          *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
gboolean            mm_line_index_is_complete      (MmLineIndex          *self);
guint64             mm_line_index_get_scanned      (MmLineIndex          *self);
guint64             mm_line_index_get_newlines     (MmLineIndex          *self);
gboolean            mm_line_index_get_n_lines      (MmLineIndex          *self,
                                                    guint64              *n_lines);
gboolean            mm_line_index_offset_to_line   (MmLineIndex          *self,
                                                    guint64               offset,
                                                    guint64              *line);
gboolean            mm_line_index_line_to_offset   (MmLineIndex          *self,
                                                    guint64               line,
                                                    guint64              *offset);
void                mm_line_index_byte_changed     (MmLineIndex          *self,
                                                    guint64               offset,
                                                    guint8                old_byte,
                                                    guint8                new_byte);
MmLineEnds          mm_line_index_get_line_ends    (MmLineIndex          *self);
gsize               mm_line_index_get_memory_size  (MmLineIndex          *self);
guint64             mm_line_index_get_bucket_size  (MmLineIndex          *self);
guint               mm_line_index_get_n_buckets    (MmLineIndex          *self);
const MmByteStats  *mm_line_index_get_bucket       (MmLineIndex          *self,
                                                    guint                 bucket,
                                                    guint64              *newlines);

G_END_DECLS
