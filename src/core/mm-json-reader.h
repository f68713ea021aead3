/* mm-json-reader.h: JSON values read straight from mapped bytes, one member
 * at a time, without building a tree */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

#define MM_JSON_NONE G_MAXUINT64

/* Bytes [0, end) of a mapping; nothing at or past end is read. */
typedef struct
{
  const guint8 *data;
  guint64       end;
} MmJsonBytes;

/* Members of an object (key, value) or elements of an array (value). */
typedef struct
{
  const MmJsonBytes *bytes;
  guint64            pos;
  guint64            pending;  /* the value handed out, not yet skipped */
  guint8             kind;    /* '{' or '[' */
  gboolean           first;
  gboolean           done;
} MmJsonIter;

guint64  mm_json_skip_blank     (const MmJsonBytes *bytes,
                                 guint64            pos);
gboolean mm_json_skip_value     (const MmJsonBytes *bytes,
                                 guint64            value,
                                 guint64           *value_end);
gboolean mm_json_iter_init      (MmJsonIter        *iter,
                                 const MmJsonBytes *bytes,
                                 guint64            container);
gboolean mm_json_iter_next      (MmJsonIter        *iter,
                                 guint64           *key,
                                 guint64           *value);
void     mm_json_iter_skip_to   (MmJsonIter        *iter,
                                 guint64            value_end);
guint64  mm_json_iter_finish    (MmJsonIter        *iter);
gboolean mm_json_find_member    (const MmJsonBytes *bytes,
                                 guint64            object,
                                 const char        *key,
                                 guint64           *value);
guint64  mm_json_count_members  (const MmJsonBytes *bytes,
                                 guint64            container);

gboolean mm_json_is_string      (const MmJsonBytes *bytes,
                                 guint64            value);
gboolean mm_json_is_null        (const MmJsonBytes *bytes,
                                 guint64            value);
gboolean mm_json_is_true        (const MmJsonBytes *bytes,
                                 guint64            value);
gboolean mm_json_string_body    (const MmJsonBytes *bytes,
                                 guint64            value,
                                 guint64           *body,
                                 guint64           *body_end);
gboolean mm_json_string_is_blank (const MmJsonBytes *bytes,
                                  guint64            value);
void     mm_json_append_string  (GString           *out,
                                 const MmJsonBytes *bytes,
                                 guint64            value,
                                 gsize              max_bytes);
char    *mm_json_dup_string     (const MmJsonBytes *bytes,
                                 guint64            value);
gboolean mm_json_get_number     (const MmJsonBytes *bytes,
                                 guint64            value,
                                 double            *number);
gsize    mm_json_token_length   (const MmJsonBytes *bytes,
                                 guint64            value);

/* Whether the string at @value is exactly @text, as written: keys and
 * enum-like values, which the export does not escape. Inline, as the walks
 * compare every key against a few literals, whose length the compiler then
 * knows. */
static inline gboolean
mm_json_string_equals (const MmJsonBytes *bytes,
                       guint64            value,
                       const char        *text)
{
  gsize n = strlen (text);

  /* The closing quote first: most strings compared are not as long. */
  return value < bytes->end && bytes->end - value >= n + 2 && bytes->data[value] == '"' &&
         bytes->data[value + 1 + n] == '"' && memcmp (bytes->data + value + 1, text, n) == 0;
}

G_END_DECLS
