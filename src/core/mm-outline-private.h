/* mm-outline-private.h: what the outline's model (mm-outline.c) shares
 * with its reading of the file (mm-outline-walk.c) */
#pragma once

#include <gio/gio.h>

#include "mm-json-index.h"
#include "mm-json-reader.h"
#include "mm-mapped-file.h"
#include "mm-outline-item.h"

G_BEGIN_DECLS

#define NONE G_MAXUINT64
#define NOT_FOLDED G_MAXUINT32
#define NOT_COUNTED G_MAXUINT32

/* A conversation: 40 bytes. */
typedef struct
{
  guint64 start;
  guint64 end;
  guint64 title_at;        /* the title string; MM_JSON_NONE when null */
  double  create_time;     /* NAN when null or missing */
  guint32 folded;          /* in folded; NOT_FOLDED until the walk or a filter folds it */
  guint32 n_messages;      /* NOT_COUNTED until the walk has read it */
} Entry;

/* A batch of the walk: conversations in file order, their titles folded. */
typedef struct
{
  GArray  *entries;
  GString *folded;
} Found;

/* What a row needs of the bytes at a root member's start, so that the
 * rows are made without reading the file again. */
enum {
  HEAD_TITLE,          /* the title string; NONE when null or not found */
  HEAD_TIME_BITS,      /* create_time, a double's bits (NAN when null or not found) */
  HEAD_PREVIOUS_END,   /* where the conversation before it ends; NONE: not one */
  HEAD_KIND,           /* its first byte */
};

G_STATIC_ASSERT (MM_JSON_ROOT_FOUND == HEAD_KIND + 1);

char    *_mm_outline_decode_title (const MmJsonBytes   *bytes,
                                   guint64              at);
guint32  _mm_outline_fold_into    (GString             *folded,
                                   const char          *title);
guint32  _mm_outline_copy_folded  (GString             *to,
                                   const GString       *from,
                                   guint32              at);
guint64  _mm_outline_end_before   (const guint8        *data,
                                   guint64              next);
void     _mm_outline_read_head    (const guint8        *data,
                                   guint64              length,
                                   guint64              start,
                                   guint64             *found);
void     _mm_outline_walk         (GObject             *owner,
                                   guint               *generation,
                                   MmMappedFile        *file,
                                   guint64              first,
                                   guint64              end,
                                   GArray              *starts,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
void     _mm_outline_apply_found  (GObject             *owner,
                                   gpointer             data,
                                   guint64              scanned_to);
void     _mm_outline_item_set_title_at (MmOutlineItem  *self,
                                        MmMappedFile   *file,
                                        guint64         title_at);

G_END_DECLS
