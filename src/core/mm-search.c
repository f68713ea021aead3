/* mm-search.c: a search over the whole mapped file in a GTask thread.
 *
 * Two jobs run at once: a short one finds the first match after the caret
 * (wrapping around), so the user sees it at once; the full scan goes from
 * the start of the file, so matches are counted exactly as a left-to-right
 * scan (grep -o) counts them, and hands them to the main context in
 * batches at most ~30 times a second, in order. Up to MM_SEARCH_MAX_STORED
 * matches are kept for stepping and highlighting; all are counted. A new
 * search cancels the old one.
 */
#define G_LOG_DOMAIN "mm-search"

#include "config.h"

#include "mm-search.h"

#define PIECE ((guint64) 4 << 20)
#define PUBLISH_INTERVAL_USEC (G_USEC_PER_SEC / 30)

struct _MmSearch
{
  GObject       parent_instance;

  MmMappedFile *file;
  MmMatcher    *matcher;
  MmMarks      *marks;
  GCancellable *cancellable;
  GArray       *offsets;     /* guint64, ascending */
  GArray       *lengths;     /* guint64 */
  guint64       n_matches;
  guint64       scanned;
  guint64       length;
  guint64       first_offset;
  guint64       first_length;
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
  MmSearch     *search;
  GArray       *offsets;
  GArray       *lengths;
  guint64       n_matches;   /* total so far, stored or not */
  guint64       scanned;
} Batch;

typedef struct
{
  MmSearch     *search;      /* only to hand batches back */
  MmMappedFile *file;
  MmMatcher    *matcher;
  GMainContext *context;
  const guint8 *data;
  guint64       length;
  guint64       caret;
  guint64       stored;
  Batch        *batch;
} Job;

static void
batch_free (Batch *batch)
{
  g_clear_object (&batch->search);
  g_array_unref (batch->offsets);
  g_array_unref (batch->lengths);
  g_free (batch);
}

static Batch *
batch_new (MmSearch *search)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->search = g_object_ref (search);
  batch->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  batch->lengths = g_array_new (FALSE, FALSE, sizeof (guint64));
  return batch;
}

static void
job_free (Job *job)
{
  g_clear_object (&job->search);
  g_clear_object (&job->file);
  g_clear_pointer (&job->matcher, mm_matcher_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_pointer (&job->batch, batch_free);
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
  self->lengths = g_array_new (FALSE, FALSE, sizeof (guint64));
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
  self->marks = marks ? g_object_ref (marks) : NULL;
  self->length = mm_mapped_file_get_valid_length (file);
  return self;
}

/* ---- worker threads ---------------------------------------------------- */

static gboolean apply_batch_cb (gpointer data);

static void
publish (Job *job)
{
  Batch *batch = g_steal_pointer (&job->batch);

  /* The main thread owns the batch from here on: carry the totals over first. */
  job->batch = batch_new (job->search);
  job->batch->n_matches = batch->n_matches;
  job->batch->scanned = batch->scanned;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, apply_batch_cb,
                              batch, (GDestroyNotify) batch_free);
}

static gboolean
collect (guint64  offset,
         guint64  length,
         gpointer user_data)
{
  Job *job = user_data;

  job->batch->n_matches++;
  if (job->stored < MM_SEARCH_MAX_STORED)
    {
      g_array_append_val (job->batch->offsets, offset);
      g_array_append_val (job->batch->lengths, length);
      job->stored++;
    }

  return TRUE;
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  gint64 last_publish = g_get_monotonic_time ();
  guint64 pos = 0;

  job->batch = batch_new (job->search);
  while (pos < job->length && !g_cancellable_is_cancelled (cancellable))
    {
      guint64 end = MIN (pos + PIECE, job->length);
      gint64 now;

      mm_matcher_scan (job->matcher, job->data, job->length, pos, end, collect, job, &pos);
      job->batch->scanned = MIN (pos, job->length);

      now = g_get_monotonic_time ();
      if (now - last_publish >= PUBLISH_INTERVAL_USEC)
        {
          publish (job);
          last_publish = now;
        }
    }

  publish (job);
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_boolean (task, TRUE);
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

static void
first_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
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

static gboolean
apply_batch_cb (gpointer data)
{
  Batch *batch = data;
  MmSearch *self = batch->search;

  if (g_cancellable_is_cancelled (self->cancellable))
    return G_SOURCE_REMOVE;

  if (self->marks != NULL)
    mm_marks_append (self->marks, MM_MARK_SEARCH, (const guint64 *) batch->offsets->data, batch->offsets->len);
  g_array_append_vals (self->offsets, batch->offsets->data, batch->offsets->len);
  g_array_append_vals (self->lengths, batch->lengths->data, batch->lengths->len);
  self->n_matches = batch->n_matches;
  self->scanned = batch->scanned;

  g_signal_emit (self, signals[PROGRESS], 0);
  return G_SOURCE_REMOVE;
}

static void
scan_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MmSearch *self = MM_SEARCH (object);

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
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
run_job (MmSearch              *self,
         guint64                caret,
         GTaskThreadFunc        func,
         GAsyncReadyCallback    done)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, done, NULL);
  Job *job = g_new0 (Job, 1);

  job->search = g_object_ref (self);
  job->file = g_object_ref (self->file);
  job->matcher = mm_matcher_ref (self->matcher);
  job->context = g_main_context_ref_thread_default ();
  job->data = mm_mapped_file_get_data (self->file);
  job->length = self->length;
  job->caret = MIN (caret, self->length);

  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, func);
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

  run_job (self, caret, first_thread, first_done);
  run_job (self, caret, scan_thread, scan_done);
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
  *length = g_array_index (self->lengths, guint64, index);
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
