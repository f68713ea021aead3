/* mm-byte-stats.h: counts of byte classes over a range, for the index and the minimap */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MM_BYTE_CLASS_NEWLINE,    /* \n */
  MM_BYTE_CLASS_SPACE,      /* space, tab, CR */
  MM_BYTE_CLASS_CONTROL,    /* other bytes < 0x20 and DEL */
  MM_BYTE_CLASS_DIGIT,
  MM_BYTE_CLASS_LETTER,     /* ASCII letters */
  MM_BYTE_CLASS_HIGH,       /* >= 0x80: non-ASCII text or binary */
  MM_BYTE_CLASS_QUOTE,      /* " */
  MM_BYTE_CLASS_ESCAPE,     /* \ */
  MM_BYTE_CLASS_BRACKET,    /* { } [ ] < > */
  MM_BYTE_CLASS_PUNCT,      /* the rest of printable ASCII */
  MM_N_BYTE_CLASSES
} MmByteClass;

typedef struct
{
  guint32 count[MM_N_BYTE_CLASSES];
} MmByteStats;

/* Class statistics are sampled: this many bytes at each quarter of a block. */
#define MM_BYTE_STATS_SAMPLE_CHUNK 64

MmByteClass mm_byte_class_of (guint8      b);
guint64 mm_count_newlines   (const guint8 *data,
                             gsize         length);
void    mm_byte_stats_sample (const guint8 *block,
                              gsize         length,
                              MmByteStats  *stats);
void    mm_byte_stats_scan  (const guint8 *data,
                             gsize         length,
                             MmByteStats  *stats);
void    mm_byte_stats_add   (MmByteStats       *into,
                             const MmByteStats *from);
guint32 mm_byte_stats_total (const MmByteStats *stats);

G_END_DECLS
