/* mm-json-index.h: where you are in the JSON of a mapped file, at any byte */
#pragma once

#include <gio/gio.h>

#include "mm-mapped-file.h"

G_BEGIN_DECLS

#define MM_JSON_INDEX_BLOCK_SIZE ((guint64) 65536)

typedef enum
{
  MM_JSON_REGION_DOCUMENT,  /* a .json file: one value, or NDJSON, one per line */
  MM_JSON_REGION_VARIABLE,  /* `var jsonData = …;` in a chat.html */
} MmJsonRegionKind;

typedef struct
{
  guint64          start;      /* first byte of the first value */
  guint64          end;        /* past the last value's last byte; G_MAXUINT64 while unknown */
  MmJsonRegionKind kind;
  guint64          n_values;   /* top-level values (NDJSON lines) */
  guint64          n_members;  /* of the root container, once it closed; NONE before */
} MmJsonRegion;

typedef struct
{
  guint    depth;      /* containers open around the byte */
  gboolean in_string;  /* the byte is inside a string (its quotes included) */
  gboolean is_key;     /* ... and that string is an object key */
  gboolean escaped;    /* the byte follows an unescaped backslash */
} MmJsonState;

typedef struct
{
  guint64 start;       /* its opening bracket */
  guint64 end;         /* its closing bracket; G_MAXUINT64 when not known (yet) */
  guint   kind;        /* '{' or '[' */
  guint   depth;       /* 1 for a region's root container */
  guint64 parent;      /* the parent's opening bracket; G_MAXUINT64 for a root */
} MmJsonContainer;

/* What a caller reads of each member of a root container, on the pass's
 * thread while the member's bytes are still mapped: MM_JSON_ROOT_FOUND
 * numbers (offsets, or anything), kept beside its start until the next
 * batch. found[] is all G_MAXUINT64 before the call. */
#define MM_JSON_ROOT_FOUND 4

typedef void (*MmJsonRootReader) (const guint8 *data,
                                  guint64       length,
                                  guint64       start,
                                  guint64      *found);

#define MM_TYPE_JSON_INDEX (mm_json_index_get_type ())

G_DECLARE_FINAL_TYPE (MmJsonIndex, mm_json_index, MM, JSON_INDEX, GObject)

MmJsonIndex  *mm_json_index_new            (MmMappedFile         *file);
void          mm_json_index_build_async    (MmJsonIndex          *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      mm_json_index_build_finish   (MmJsonIndex          *self,
                                            GAsyncResult         *result,
                                            GError              **error);
gboolean      mm_json_index_is_complete    (MmJsonIndex          *self);
guint64       mm_json_index_get_scanned    (MmJsonIndex          *self);
gboolean      mm_json_index_get_error      (MmJsonIndex          *self,
                                            guint64              *offset,
                                            const char          **message);
guint         mm_json_index_get_n_regions  (MmJsonIndex          *self);
const MmJsonRegion *mm_json_index_get_region (MmJsonIndex        *self,
                                            guint                 region);
gint          mm_json_index_find_region    (MmJsonIndex          *self,
                                            guint64               offset);
guint64       mm_json_index_get_n_values   (MmJsonIndex          *self);
guint         mm_json_index_get_max_depth  (MmJsonIndex          *self);
gsize         mm_json_index_get_memory_size (MmJsonIndex         *self);
const guint64 *mm_json_index_get_root_starts (MmJsonIndex        *self,
                                            guint64              *n);
void          mm_json_index_set_root_reader (MmJsonIndex         *self,
                                            MmJsonRootReader      reader);
const guint64 *mm_json_index_get_root_found (MmJsonIndex         *self,
                                            guint64              *first,
                                            guint64              *n);

gboolean      mm_json_index_get_state      (MmJsonIndex          *self,
                                            guint64               offset,
                                            MmJsonState          *state);
char         *mm_json_index_dup_path       (MmJsonIndex          *self,
                                            guint64               offset);
gboolean      mm_json_index_get_container  (MmJsonIndex          *self,
                                            guint64               offset,
                                            MmJsonContainer      *container);
gboolean      mm_json_index_get_value_end  (MmJsonIndex          *self,
                                            guint64               value_start,
                                            guint64              *end);
gboolean      mm_json_index_get_next_sibling (MmJsonIndex        *self,
                                            guint64               offset,
                                            guint64              *sibling);
gboolean      mm_json_index_get_previous_sibling (MmJsonIndex    *self,
                                            guint64               offset,
                                            guint64              *sibling);
gboolean      mm_json_index_get_member_at  (MmJsonIndex          *self,
                                            guint64               offset,
                                            guint64              *member,
                                            guint64              *value);
gboolean      mm_json_index_get_string_start (MmJsonIndex        *self,
                                            guint64               offset,
                                            guint64              *start);
guint64       mm_json_index_get_member_start (MmJsonIndex        *self,
                                            guint64               value);
guint64       mm_json_index_get_n_members  (MmJsonIndex          *self,
                                            guint                 region);
gboolean      mm_json_index_get_member     (MmJsonIndex          *self,
                                            guint                 region,
                                            guint64               index,
                                            guint64              *start,
                                            guint64              *key);

G_END_DECLS
