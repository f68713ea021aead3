/* mm-byte-stats.c: the vectorised inner loops of the index scan.
 *
 * Each class is counted by subtracting compare masks (-1 per matching
 * lane) into byte accumulators that are folded into 64-bit totals before
 * they can overflow.
 */
#define G_LOG_DOMAIN "mm-byte-stats"

#include "config.h"

#include <string.h>

#include "mm-byte-stats.h"
#include "mm-vector-private.h"

#define FOLD_EVERY 255

static inline __attribute__ ((always_inline)) guint64
hsum (v32u8 v)
{
  guint64 sum = 0;

  for (guint i = 0; i < 32; i++)
    sum += v[i];

  return sum;
}

MM_TARGET_CLONES
guint64
mm_count_newlines (const guint8 *data,
                   gsize         length)
{
  const v32u8 nl = MM_SPLAT ('\n');
  guint64 total = 0;
  gsize i = 0;

  while (i + 32 <= length)
    {
      v32u8 acc = { 0 };
      gsize stop = MIN (length - (length - i) % 32, i + 32 * FOLD_EVERY);

      for (; i < stop; i += 32)
        acc -= (v32u8) (mm_load32 (data + i) == nl);

      total += hsum (acc);
    }

  for (; i < length; i++)
    total += data[i] == '\n';

  return total;
}

MmByteClass
mm_byte_class_of (guint8 b)
{
  if (b == '\n')
    return MM_BYTE_CLASS_NEWLINE;
  if (b == ' ' || b == '\t' || b == '\r')
    return MM_BYTE_CLASS_SPACE;
  if (b < 0x20 || b == 0x7f)
    return MM_BYTE_CLASS_CONTROL;
  if (b >= 0x80)
    return MM_BYTE_CLASS_HIGH;
  if (b >= '0' && b <= '9')
    return MM_BYTE_CLASS_DIGIT;
  if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')
    return MM_BYTE_CLASS_LETTER;
  if (b == '"')
    return MM_BYTE_CLASS_QUOTE;
  if (b == '\\')
    return MM_BYTE_CLASS_ESCAPE;
  if (b == '{' || b == '}' || b == '[' || b == ']' || b == '<' || b == '>')
    return MM_BYTE_CLASS_BRACKET;
  return MM_BYTE_CLASS_PUNCT;
}

typedef struct
{
  v32u8 nl, ws, low, dig, let, high, quote, bs, br, tabcr;
} Accumulators;

static inline __attribute__ ((always_inline)) void
accumulate (Accumulators *a,
            v32u8         v)
{
  v32u8 is_tabcr = (v32u8) (v == MM_SPLAT ('\t')) | (v32u8) (v == MM_SPLAT ('\r'));

  a->nl -= (v32u8) (v == MM_SPLAT ('\n'));
  a->tabcr -= is_tabcr;
  a->ws -= (v32u8) (v == MM_SPLAT (' ')) | is_tabcr;
  a->low -= (v32u8) (v < MM_SPLAT (0x20)) | (v32u8) (v == MM_SPLAT (0x7f));
  a->high -= (v32u8) (v > MM_SPLAT (0x7f));
  a->dig -= (v32u8) ((v32u8) (v - MM_SPLAT ('0')) < MM_SPLAT (10));
  a->let -= (v32u8) ((v32u8) ((v | MM_SPLAT (0x20)) - MM_SPLAT ('a')) < MM_SPLAT (26));
  a->quote -= (v32u8) (v == MM_SPLAT ('"'));
  a->bs -= (v32u8) (v == MM_SPLAT ('\\'));
  /* [ ] are 0x5b/0x5d, { } 0x7b/0x7d, < > 0x3c/0x3e: "first, or first + 2". */
  a->br -= (v32u8) ((v32u8) (v - MM_SPLAT ('[')) == MM_SPLAT (2)) | (v32u8) (v == MM_SPLAT ('[')) |
           (v32u8) ((v32u8) (v - MM_SPLAT ('{')) == MM_SPLAT (2)) | (v32u8) (v == MM_SPLAT ('{')) |
           (v32u8) ((v32u8) (v - MM_SPLAT ('<')) == MM_SPLAT (2)) | (v32u8) (v == MM_SPLAT ('<'));
}

static inline __attribute__ ((always_inline)) void
fold (Accumulators *a,
      guint64      *totals)
{
  guint64 nl = hsum (a->nl);

  totals[MM_BYTE_CLASS_NEWLINE] += nl;
  totals[MM_BYTE_CLASS_SPACE] += hsum (a->ws);
  /* "low" counted \n, \t and \r too: they are not control bytes here. */
  totals[MM_BYTE_CLASS_CONTROL] += hsum (a->low) - nl - hsum (a->tabcr);
  totals[MM_BYTE_CLASS_HIGH] += hsum (a->high);
  totals[MM_BYTE_CLASS_DIGIT] += hsum (a->dig);
  totals[MM_BYTE_CLASS_LETTER] += hsum (a->let);
  totals[MM_BYTE_CLASS_QUOTE] += hsum (a->quote);
  totals[MM_BYTE_CLASS_ESCAPE] += hsum (a->bs);
  totals[MM_BYTE_CLASS_BRACKET] += hsum (a->br);
  memset (a, 0, sizeof *a);
}

static void
finish (guint64      *totals,
        guint64       length,
        MmByteStats  *stats)
{
  guint64 punct = length;

  /* Punctuation is whatever no other class took. */
  for (guint c = 0; c < MM_N_BYTE_CLASSES; c++)
    if (c != MM_BYTE_CLASS_PUNCT)
      punct -= totals[c];
  totals[MM_BYTE_CLASS_PUNCT] = punct;

  for (guint c = 0; c < MM_N_BYTE_CLASSES; c++)
    stats->count[c] += (guint32) totals[c];
}

MM_TARGET_CLONES
void
mm_byte_stats_scan (const guint8 *data,
                    gsize         length,
                    MmByteStats  *stats)
{
  guint64 totals[MM_N_BYTE_CLASSES] = { 0 };
  Accumulators a;
  gsize i = 0;

  memset (&a, 0, sizeof a);
  while (i + 32 <= length)
    {
      gsize stop = MIN (length - (length - i) % 32, i + 32 * FOLD_EVERY);

      for (; i < stop; i += 32)
        accumulate (&a, mm_load32 (data + i));
      fold (&a, totals);
    }

  for (; i < length; i++)
    totals[mm_byte_class_of (data[i])]++;

  finish (totals, length, stats);
}

/* Counting ten classes costs several times more than counting newlines, and
 * the minimap only needs proportions: so classes are counted on four short
 * chunks spread over each 64 KiB block, in one pass with one fold. */
MM_TARGET_CLONES
void
mm_byte_stats_sample (const guint8 *block,
                      gsize         length,
                      MmByteStats  *stats)
{
  guint64 totals[MM_N_BYTE_CLASSES] = { 0 };
  guint64 sampled = 0;
  Accumulators a;

  if (length < 4 * MM_BYTE_STATS_SAMPLE_CHUNK)
    {
      mm_byte_stats_scan (block, MIN (length, MM_BYTE_STATS_SAMPLE_CHUNK), stats);
      return;
    }

  memset (&a, 0, sizeof a);
  for (guint quarter = 0; quarter < 4; quarter++)
    {
      const guint8 *p = block + length * quarter / 4;

      for (guint i = 0; i < MM_BYTE_STATS_SAMPLE_CHUNK; i += 32)
        accumulate (&a, mm_load32 (p + i));
      sampled += MM_BYTE_STATS_SAMPLE_CHUNK;
    }
  fold (&a, totals);
  finish (totals, sampled, stats);
}

void
mm_byte_stats_add (MmByteStats       *into,
                   const MmByteStats *from)
{
  for (guint c = 0; c < MM_N_BYTE_CLASSES; c++)
    into->count[c] += from->count[c];
}

guint32
mm_byte_stats_total (const MmByteStats *stats)
{
  guint32 total = 0;

  for (guint c = 0; c < MM_N_BYTE_CLASSES; c++)
    total += stats->count[c];

  return total;
}
