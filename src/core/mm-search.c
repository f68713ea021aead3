/* mm-search.c: a search over the whole mapped file in the background.
 *
 * Two jobs run at once: a short one (a GTask thread) finds the first match
 * after the caret (wrapping around), so the user sees it at once; the full
 * scan, on the streaming worker (mm-scan.c), searches 1 MiB chunks on every
 * core and merges them in order, so matches are counted exactly as a
 * left-to-right scan (grep -o) counts them. Where a match of one chunk
 * runs into the next, the merge scans on from its end until it meets a
 * match the next chunk found too: from there both scans agree. Batches
 * reach the main context at most ~30 times a second. Up to
 * MM_SEARCH_MAX_STORED matches are kept for stepping and highlighting; all
 * are counted. A new search cancels the old one.
 */
#define G_LOG_DOMAIN "mm-search"

#include "config.h"

#include "mm-scan.h"
#include "mm-search.h"

#define PIECE ((guint64) 4 << 20)
#define CHUNK_SIZE ((guint64) 1 << 20)

struct _MmSearch
{
  GObject       parent_instance;

  MmMappedFile *file;
  MmMatcher    *matcher;
  MmMarks      *marks;
  GCancellable *cancellable;
  GArray       *offsets;     /* guint64, ascending */
  GArray       *lengths;     /* guint32; empty when every match has fixed_length */
  guint64       fixed_length;
  guint64       n_matches;
  guint64       scanned;
  guint64       length;
  guint64       first_offset;
  guint64       first_length;
  guint         generation;  /* of the full scan: one per search */
  guint         has_first : 1;
  guint         complete : 1;
};

G_DEFINE_FINAL_TYPE (MmSearch, mm_search, G_TYPE_OBJECT)

enum {
  PROGRESS,
  FIRST_HIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GArray       *offsets;     /* guint64 */
  GArray       *lengths;     /* guint32: a match spans at most a chunk and its overlap */
  guint64       n_matches;   /* in this batch, stored or not */
} Batch;

/* One chunk's matches, found alone. */
typedef struct
{
  GArray       *offsets;
  GArray       *lengths;
  guint64       n_matches;
  guint64       resume;      /* past its last match: may be past the chunk */
} Chunk;

/* What the pool threads read, and the merge's running state. */
typedef struct
{
  MmMappedFile *file;
  MmMatcher    *matcher;
  const guint8 *data;
  guint64       length;
  guint         stored;      /* atomic: matches stored so far, for the cap */
  guint64       prev_end;    /* merge only: end of the last match taken */
} Scan;

typedef struct
{
  MmMatcher    *matcher;
  const guint8 *data;
  guint64       length;
  guint64       caret;
  MmMappedFile *file;
} FirstJob;

static Batch *
batch_new (void)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  batch->lengths = g_array_new (FALSE, FALSE, sizeof (guint32));
  return batch;
}

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_array_unref (batch->offsets);
  g_array_unref (batch->lengths);
  g_free (batch);
}

static void
first_job_free (FirstJob *job)
{
  g_clear_object (&job->file);
  g_clear_pointer (&job->matcher, mm_matcher_unref);
  g_free (job);
}

static void
mm_search_dispose (GObject *object)
{
  MmSearch *self = (MmSearch *)object;

  mm_search_cancel (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->marks);
  g_clear_object (&self->file);
  g_clear_pointer (&self->matcher, mm_matcher_unref);

  G_OBJECT_CLASS (mm_search_parent_class)->dispose (object);
}

static void
mm_search_finalize (GObject *object)
{
  MmSearch *self = (MmSearch *)object;

  g_array_unref (self->offsets);
  g_array_unref (self->lengths);

  G_OBJECT_CLASS (mm_search_parent_class)->finalize (object);
}

static void
mm_search_class_init (MmSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mm_search_dispose;
  object_class->finalize = mm_search_finalize;

  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * MmSearch::first-hit:
   *
   * The first match after the caret is known (or that there is none):
   * see mm_search_get_first_hit().
   */
  signals[FIRST_HIT] =
    g_signal_new ("first-hit",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mm_search_init (MmSearch *self)
{
  self->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->lengths = g_array_new (FALSE, FALSE, sizeof (guint32));
}

/**
 * mm_search_new:
 * @marks: (nullable): where to put a tick for each stored match
 *
 * Compiles the pattern; a regular expression that does not compile is an
 * error here, before anything runs.
 */
MmSearch *
mm_search_new (MmMappedFile   *file,
               const char     *pattern,
               MmSearchFlags   flags,
               MmMarks        *marks,
               GError        **error)
{
  g_autoptr(MmMatcher) matcher = NULL;
  MmSearch *self;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (file), NULL);

  matcher = mm_matcher_new (pattern, flags, error);
  if (matcher == NULL)
    return NULL;

  self = g_object_new (MM_TYPE_SEARCH, NULL);
  self->file = g_object_ref (file);
  self->matcher = g_steal_pointer (&matcher);
  self->fixed_length = mm_matcher_get_fixed_length (self->matcher);
  self->marks = marks ? g_object_ref (marks) : NULL;
  self->length = mm_mapped_file_get_valid_length (file);
  return self;
}

/* ---- the full scan, on the streaming worker ------------------------------ */

typedef struct
{
  Chunk *chunk;
  Scan  *scan;
} Collector;

static gboolean
collect (guint64  offset,
         guint64  length,
         gpointer user_data)
{
  Collector *collector = user_data;

  collector->chunk->n_matches++;
  /* Past the cap only counts matter; the cap is checked loosely, so a few
   * chunks in flight may store more, and the merge drops those. */
  if (g_atomic_int_get (&collector->scan->stored) < (gint) MM_SEARCH_MAX_STORED)
    {
      guint32 n = (guint32) length;

      g_array_append_val (collector->chunk->offsets, offset);
      g_array_append_val (collector->chunk->lengths, n);
    }
  return TRUE;
}

static void
chunk_free (gpointer data)
{
  Chunk *chunk = data;

  g_array_unref (chunk->offsets);
  g_array_unref (chunk->lengths);
  g_free (chunk);
}

static gpointer
scan_chunk (gpointer      scan_data,
            const guint8 *data,
            guint64       length,
            guint64       start,
            guint64       end)
{
  Scan *scan = scan_data;
  Chunk *chunk = g_new0 (Chunk, 1);
  Collector collector = { chunk, scan };

  chunk->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  chunk->lengths = g_array_new (FALSE, FALSE, sizeof (guint32));
  mm_matcher_scan (scan->matcher, scan->data, scan->length, start, end, collect, &collector, &chunk->resume);
  return chunk;
}

static void
take (Scan    *scan,
      Batch   *batch,
      guint64  offset,
      guint64  length)
{
  batch->n_matches++;
  scan->prev_end = offset + length;
  if ((guint) g_atomic_int_get (&scan->stored) < MM_SEARCH_MAX_STORED)
    {
      guint32 n = (guint32) length;

      g_array_append_val (batch->offsets, offset);
      g_array_append_val (batch->lengths, n);
      g_atomic_int_inc (&scan->stored);
    }
}

static gboolean
stop_at_first (guint64  offset,
               guint64  length,
               gpointer user_data)
{
  guint64 *hit = user_data;

  hit[0] = offset;
  hit[1] = length;
  return FALSE;
}

/* In file order. Matches of this chunk that start inside the previous
 * chunk's last match are not matches of a left-to-right scan: scan on from
 * that match's end until a match this chunk found too comes up. */
static gboolean
merge_chunk (gpointer  scan_data,
             gpointer  chunk_data,
             guint64   start,
             guint64   end,
             gpointer  batch_data)
{
  Scan *scan = scan_data;
  Chunk *chunk = chunk_data;
  Batch *batch = batch_data;
  guint64 unstored = chunk->n_matches - chunk->offsets->len;
  guint i = 0;

  if (scan->prev_end > start)
    {
      guint64 pos = scan->prev_end;

      for (;;)
        {
          guint64 hit[2] = { G_MAXUINT64, 0 };

          mm_matcher_scan (scan->matcher, scan->data, scan->length, pos, end, stop_at_first, hit, NULL);
          while (i < chunk->offsets->len && g_array_index (chunk->offsets, guint64, i) < hit[0])
            i++;
          if (hit[0] == G_MAXUINT64)
            {
              /* Nothing from here to the chunk's end: none of its matches. */
              i = chunk->offsets->len;
              unstored = 0;
              break;
            }
          if (i < chunk->offsets->len && g_array_index (chunk->offsets, guint64, i) == hit[0])
            break;
          take (scan, batch, hit[0], hit[1]);
          pos = hit[0] + hit[1];
        }
    }

  for (; i < chunk->offsets->len; i++)
    take (scan, batch, g_array_index (chunk->offsets, guint64, i), g_array_index (chunk->lengths, guint32, i));

  /* Matches the chunk only counted (past the cap) follow the stored ones. */
  batch->n_matches += unstored;
  scan->prev_end = MAX (scan->prev_end, chunk->resume);
  return TRUE;
}

static gpointer
batch_new_for_scan (gpointer scan_data)
{
  return batch_new ();
}

static void
scan_free (gpointer data)
{
  Scan *scan = data;

  g_clear_object (&scan->file);
  g_clear_pointer (&scan->matcher, mm_matcher_unref);
  g_free (scan);
}

static void apply_batch (GObject *owner, gpointer batch, guint64 scanned_to);

static const MmScanFuncs scan_funcs = {
  scan_chunk,
  merge_chunk,
  batch_new_for_scan,
  batch_free,
  chunk_free,
  apply_batch,
};

/* ---- the first match after the caret, in a thread of its own -------------- */


static void
first_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FirstJob *job = task_data;
  guint64 *hit = g_new (guint64, 2);
  guint64 pos = job->caret;

  hit[0] = G_MAXUINT64;
  /* From the caret to the end, then from the start to the caret, a piece
   * at a time so that cancelling is prompt. */
  for (guint pass = 0; pass < 2 && hit[0] == G_MAXUINT64; pass++)
    {
      guint64 stop = pass == 0 ? job->length : MIN (job->caret + 1, job->length);

      if (pass == 1)
        pos = 0;
      while (pos < stop && hit[0] == G_MAXUINT64 && !g_cancellable_is_cancelled (cancellable))
        mm_matcher_scan (job->matcher, job->data, job->length, pos, MIN (pos + PIECE, stop),
                         stop_at_first, hit, &pos);
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_free (hit);
      return;
    }
  g_task_return_pointer (task, hit, g_free);
}

/* ---- main thread --------------------------------------------------------- */

static void
apply_batch (GObject  *owner,
             gpointer  data,
             guint64   scanned_to)
{
  MmSearch *self = MM_SEARCH (owner);
  Batch *batch = data;

  if (self->marks != NULL)
    mm_marks_append (self->marks, MM_MARK_SEARCH, &g_array_index (batch->offsets, guint64, 0), batch->offsets->len);
  g_array_append_vals (self->offsets, batch->offsets->data, batch->offsets->len);
  if (self->fixed_length == 0)
    g_array_append_vals (self->lengths, batch->lengths->data, batch->lengths->len);
  self->n_matches += batch->n_matches;
  self->scanned = scanned_to;

  g_signal_emit (self, signals[PROGRESS], 0);
}

static void
scan_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MmSearch *self = MM_SEARCH (object);

  if (!mm_scan_finish (result, NULL, NULL))
    return;

  self->complete = TRUE;
  self->scanned = self->length;
  g_signal_emit (self, signals[PROGRESS], 0);
}

static void
first_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  MmSearch *self = MM_SEARCH (object);
  g_autofree guint64 *hit = g_task_propagate_pointer (G_TASK (result), NULL);

  if (hit == NULL)
    return;

  self->has_first = hit[0] != G_MAXUINT64;
  self->first_offset = hit[0];
  self->first_length = hit[1];
  g_signal_emit (self, signals[FIRST_HIT], 0);
}

static void
start_first_job (MmSearch *self,
                 guint64   caret)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, first_done, NULL);
  FirstJob *job = g_new0 (FirstJob, 1);

  job->file = g_object_ref (self->file);
  job->matcher = mm_matcher_ref (self->matcher);
  job->data = mm_mapped_file_get_data (self->file);
  job->length = self->length;
  job->caret = MIN (caret, self->length);

  g_task_set_source_tag (task, start_first_job);
  g_task_set_task_data (task, job, (GDestroyNotify) first_job_free);
  g_task_run_in_thread (task, first_thread);
}

static void
start_full_scan (MmSearch *self)
{
  MmScanSetup setup = { 0 };
  Scan *scan = g_new0 (Scan, 1);

  scan->file = g_object_ref (self->file);
  scan->matcher = mm_matcher_ref (self->matcher);
  scan->data = mm_mapped_file_get_data (self->file);
  scan->length = self->length;

  setup.funcs = &scan_funcs;
  setup.owner = G_OBJECT (self);
  setup.generation = &self->generation;
  setup.file = self->file;
  setup.start = 0;
  setup.end = self->length;
  setup.chunk_size = CHUNK_SIZE;
  setup.release_pages = TRUE;
  setup.scan_data = scan;
  setup.scan_data_free = scan_free;
  mm_scan_run (&setup, self->cancellable, scan_done, NULL);
}

/* Starts both jobs; call once. */
void
mm_search_start (MmSearch *self,
                 guint64   caret)
{
  g_return_if_fail (MM_IS_SEARCH (self));
  g_return_if_fail (self->cancellable == NULL);

  self->cancellable = g_cancellable_new ();
  if (self->marks != NULL)
    mm_marks_clear (self->marks, MM_MARK_SEARCH);

  if (self->length == 0)
    {
      self->complete = TRUE;
      g_signal_emit (self, signals[FIRST_HIT], 0);
      g_signal_emit (self, signals[PROGRESS], 0);
      return;
    }

  start_first_job (self, caret);
  start_full_scan (self);
}

void
mm_search_cancel (MmSearch *self)
{
  g_return_if_fail (MM_IS_SEARCH (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
mm_search_is_complete (MmSearch *self)
{
  g_return_val_if_fail (MM_IS_SEARCH (self), FALSE);

  return self->complete;
}

/* Matches counted so far (all of them once complete). */
guint64
mm_search_get_n_matches (MmSearch *self)
{
  g_return_val_if_fail (MM_IS_SEARCH (self), 0);

  return self->n_matches;
}

guint
mm_search_get_n_stored (MmSearch *self)
{
  g_return_val_if_fail (MM_IS_SEARCH (self), 0);

  return self->offsets->len;
}

double
mm_search_get_fraction (MmSearch *self)
{
  g_return_val_if_fail (MM_IS_SEARCH (self), 0);

  return self->length ? (double) self->scanned / self->length : 1.0;
}

gboolean
mm_search_get_match (MmSearch *self,
                     guint     index,
                     guint64  *offset,
                     guint64  *length)
{
  g_return_val_if_fail (MM_IS_SEARCH (self), FALSE);

  if (index >= self->offsets->len)
    return FALSE;

  *offset = g_array_index (self->offsets, guint64, index);
  *length = self->fixed_length ? self->fixed_length : g_array_index (self->lengths, guint32, index);
  return TRUE;
}

/* Index of the first stored match starting at or after offset. */
guint
mm_search_first_at_or_after (MmSearch *self,
                             guint64   offset)
{
  guint lo = 0, hi;

  g_return_val_if_fail (MM_IS_SEARCH (self), 0);

  hi = self->offsets->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->offsets, guint64, mid) < offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/**
 * mm_search_find:
 *
 * The stored match after @from (before it, when @backward), wrapping
 * around the file.
 */
gboolean
mm_search_find (MmSearch *self,
                guint64   from,
                gboolean  backward,
                guint    *index)
{
  guint n, at;

  g_return_val_if_fail (MM_IS_SEARCH (self), FALSE);

  n = self->offsets->len;
  if (n == 0)
    return FALSE;

  if (backward)
    {
      at = mm_search_first_at_or_after (self, from);
      *index = at == 0 ? n - 1 : at - 1;
    }
  else
    {
      at = mm_search_first_at_or_after (self, from + 1);
      *index = at >= n ? 0 : at;
    }

  return TRUE;
}

gboolean
mm_search_get_first_hit (MmSearch *self,
                         guint64  *offset,
                         guint64  *length)
{
  g_return_val_if_fail (MM_IS_SEARCH (self), FALSE);

  if (!self->has_first)
    return FALSE;

  *offset = self->first_offset;
  *length = self->first_length;
  return TRUE;
}
