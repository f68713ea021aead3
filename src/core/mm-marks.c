/* mm-marks.c: sorted byte offsets per kind (search matches, edited bytes).
 *
 * The minimap asks which of its pixel rows hold at least one mark, so
 * marks that share a pixel merge into one tick, however many there are.
 */
#define G_LOG_DOMAIN "mm-marks"

#include "config.h"

#include "mm-marks.h"

struct _MmMarks
{
  GObject  parent_instance;

  GArray  *offsets[MM_N_MARK_KINDS];   /* guint64, ascending, unique */
};

G_DEFINE_FINAL_TYPE (MmMarks, mm_marks, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mm_marks_finalize (GObject *object)
{
  MmMarks *self = (MmMarks *)object;

  for (guint k = 0; k < MM_N_MARK_KINDS; k++)
    g_array_unref (self->offsets[k]);

  G_OBJECT_CLASS (mm_marks_parent_class)->finalize (object);
}

static void
mm_marks_class_init (MmMarksClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mm_marks_finalize;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mm_marks_init (MmMarks *self)
{
  for (guint k = 0; k < MM_N_MARK_KINDS; k++)
    self->offsets[k] = g_array_new (FALSE, FALSE, sizeof (guint64));
}

MmMarks *
mm_marks_new (void)
{
  return g_object_new (MM_TYPE_MARKS, NULL);
}

/* First index whose offset is >= offset. */
static guint
lower_bound (GArray  *array,
             guint64  offset)
{
  guint lo = 0, hi = array->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (array, guint64, mid) < offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

void
mm_marks_add (MmMarks    *self,
              MmMarkKind  kind,
              guint64     offset)
{
  GArray *array;
  guint at;

  g_return_if_fail (MM_IS_MARKS (self));
  g_return_if_fail (kind < MM_N_MARK_KINDS);

  array = self->offsets[kind];
  /* Appending in order is the common case (a search scanning forward). */
  if (array->len == 0 || g_array_index (array, guint64, array->len - 1) < offset)
    g_array_append_val (array, offset);
  else
    {
      at = lower_bound (array, offset);
      if (at < array->len && g_array_index (array, guint64, at) == offset)
        return;
      g_array_insert_val (array, at, offset);
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
mm_marks_remove (MmMarks    *self,
                 MmMarkKind  kind,
                 guint64     offset)
{
  GArray *array;
  guint at;

  g_return_val_if_fail (MM_IS_MARKS (self), FALSE);
  g_return_val_if_fail (kind < MM_N_MARK_KINDS, FALSE);

  array = self->offsets[kind];
  at = lower_bound (array, offset);
  if (at >= array->len || g_array_index (array, guint64, at) != offset)
    return FALSE;

  g_array_remove_index (array, at);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

void
mm_marks_clear (MmMarks    *self,
                MmMarkKind  kind)
{
  g_return_if_fail (MM_IS_MARKS (self));
  g_return_if_fail (kind < MM_N_MARK_KINDS);

  if (self->offsets[kind]->len == 0)
    return;

  g_array_set_size (self->offsets[kind], 0);
  g_signal_emit (self, signals[CHANGED], 0);
}

guint
mm_marks_get_count (MmMarks    *self,
                    MmMarkKind  kind)
{
  g_return_val_if_fail (MM_IS_MARKS (self), 0);
  g_return_val_if_fail (kind < MM_N_MARK_KINDS, 0);

  return self->offsets[kind]->len;
}

/**
 * mm_marks_bin:
 * @bins: (out): n_bins flags, set to 1 where a bin holds a mark
 *
 * Bin i covers the bytes [i * length / n_bins, (i + 1) * length / n_bins).
 * Returns how many bins hold marks. Costs one binary search per bin, not
 * one step per mark.
 */
guint
mm_marks_bin (MmMarks    *self,
              MmMarkKind  kind,
              guint64     length,
              guint       n_bins,
              guint8     *bins)
{
  GArray *array;
  guint used = 0;

  g_return_val_if_fail (MM_IS_MARKS (self), 0);
  g_return_val_if_fail (kind < MM_N_MARK_KINDS, 0);

  array = self->offsets[kind];
  for (guint i = 0; i < n_bins; i++)
    {
      guint64 from = (guint64) ((long double) length * i / n_bins);
      guint64 to = (guint64) ((long double) length * (i + 1) / n_bins);
      guint at = lower_bound (array, from);

      bins[i] = at < array->len && g_array_index (array, guint64, at) < MAX (to, from + 1);
      used += bins[i];
    }

  return used;
}

/* The first mark of a kind at or after offset; FALSE when there is none. */
gboolean
mm_marks_next (MmMarks    *self,
               MmMarkKind  kind,
               guint64     from,
               guint64    *offset)
{
  GArray *array;
  guint at;

  g_return_val_if_fail (MM_IS_MARKS (self), FALSE);
  g_return_val_if_fail (kind < MM_N_MARK_KINDS, FALSE);

  array = self->offsets[kind];
  at = lower_bound (array, from);
  if (at >= array->len)
    return FALSE;

  *offset = g_array_index (array, guint64, at);
  return TRUE;
}

/**
 * mm_marks_append:
 * @offsets: ascending, all after the kind's last mark
 *
 * Adds many marks at once, as a search finds them, with one "changed".
 */
void
mm_marks_append (MmMarks       *self,
                 MmMarkKind     kind,
                 const guint64 *offsets,
                 guint          n)
{
  GArray *array;

  g_return_if_fail (MM_IS_MARKS (self));
  g_return_if_fail (kind < MM_N_MARK_KINDS);

  if (n == 0)
    return;

  array = self->offsets[kind];
  g_return_if_fail (array->len == 0 || g_array_index (array, guint64, array->len - 1) < offsets[0]);

  g_array_append_vals (array, offsets, n);
  g_signal_emit (self, signals[CHANGED], 0);
}
