/* mm-line-index.c: where every line starts, without storing every line.
 *
 * The file is cut into 64 KiB blocks at absolute offsets. For each block we
 * keep the number of newlines before it (8 bytes per 64 KiB), and inside a
 * block with 1024 or more newlines an extra checkpoint after every 1024th
 * one. So any exact answer is a checkpoint plus a count over at most one
 * block. The same pass counts newlines per bucket (a power-of-two number
 * of blocks) and samples byte classes there, for the minimap.
 *
 * The scan runs in a GTask thread over the mapping. It keeps its results
 * to itself and hands them over in batches through the main context, at
 * most ~30 times a second, so the object is only ever touched on the main
 * thread and queries are exact for everything handed over so far.
 */
#define G_LOG_DOMAIN "mm-line-index"

#include "config.h"

#include <string.h>

#include "mm-line-index.h"

#define PUBLISH_INTERVAL_USEC (G_USEC_PER_SEC / 30)

typedef struct
{
  guint32 block;
  guint16 offset;  /* in the block: just after a newline */
  guint16 line;    /* newlines in the block before offset */
} Extra;

typedef struct
{
  guint32     newlines;  /* exact */
  MmByteStats sample;    /* byte classes of the sampled chunks */
} BlockStats;

typedef struct
{
  guint   generation;
  guint64 first_block;
  GArray *block_lines;  /* guint64 */
  GArray *block_stats;  /* BlockStats, one per block */
  GArray *extras;       /* Extra */
  guint64 scanned_to;
  guint64 newlines;
  guint64 lf_seen;      /* line ends sampled: see sample_line_ends() */
  guint64 crlf_seen;
} Batch;

typedef struct
{
  MmLineIndex   *index;   /* only to hand batches back; never read here */
  MmMappedFile  *file;
  GMainContext  *context;
  const guint8  *data;
  guint64        start;
  guint64        end;
  guint64        newlines;
  guint          generation;
  gboolean       gather_stats;
} Job;

struct _MmLineIndex
{
  GObject       parent_instance;

  MmMappedFile *file;
  GArray       *block_lines;
  GArray       *extras;
  GArray       *buckets;       /* BlockStats */
  BlockStats    last_block;    /* stats of the last, maybe partial, block */
  guint64       bucket_size;
  guint64       scanned;
  guint64       newlines;
  guint64       lf_seen;
  guint64       crlf_seen;
  guint         generation;
  guint         stale_idle;
  guint         building : 1;
  guint         complete : 1;
  guint         gather_stats : 1;
};

G_DEFINE_FINAL_TYPE (MmLineIndex, mm_line_index, G_TYPE_OBJECT)

enum {
  PROGRESS,
  STALE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
batch_free (Batch *batch)
{
  g_clear_pointer (&batch->block_lines, g_array_unref);
  g_clear_pointer (&batch->block_stats, g_array_unref);
  g_clear_pointer (&batch->extras, g_array_unref);
  g_free (batch);
}

static Batch *
batch_new (guint   generation,
           guint64 first_block)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->generation = generation;
  batch->first_block = first_block;
  batch->block_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  batch->block_stats = g_array_new (FALSE, TRUE, sizeof (BlockStats));
  batch->extras = g_array_new (FALSE, FALSE, sizeof (Extra));
  return batch;
}

static void
job_free (Job *job)
{
  g_clear_object (&job->index);
  g_clear_object (&job->file);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_free (job);
}

static void
mm_line_index_finalize (GObject *object)
{
  MmLineIndex *self = (MmLineIndex *)object;

  g_clear_pointer (&self->block_lines, g_array_unref);
  g_clear_pointer (&self->extras, g_array_unref);
  g_clear_pointer (&self->buckets, g_array_unref);

  G_OBJECT_CLASS (mm_line_index_parent_class)->finalize (object);
}

static void
mm_line_index_dispose (GObject *object)
{
  MmLineIndex *self = (MmLineIndex *)object;

  g_clear_handle_id (&self->stale_idle, g_source_remove);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (mm_line_index_parent_class)->dispose (object);
}

static void
mm_line_index_class_init (MmLineIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mm_line_index_dispose;
  object_class->finalize = mm_line_index_finalize;

  /**
   * MmLineIndex::progress:
   *
   * Emitted on the main context whenever more of the file is indexed.
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * MmLineIndex::stale:
   *
   * Emitted on the main context, once, when a query found that the file's
   * bytes no longer agree with the index (another program or another
   * mapping changed newlines). The index then answers only what it can
   * verify; its owner should build a new one.
   */
  signals[STALE] =
    g_signal_new ("stale",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mm_line_index_init (MmLineIndex *self)
{
  self->block_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->extras = g_array_new (FALSE, FALSE, sizeof (Extra));
  self->buckets = g_array_new (FALSE, TRUE, sizeof (BlockStats));
  self->bucket_size = MM_LINE_INDEX_BLOCK_SIZE;
  self->gather_stats = TRUE;
}

MmLineIndex *
mm_line_index_new (MmMappedFile *file)
{
  MmLineIndex *self;
  guint64 length;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (file), NULL);

  self = g_object_new (MM_TYPE_LINE_INDEX, NULL);
  self->file = g_object_ref (file);

  length = mm_mapped_file_get_valid_length (file);
  while (length / self->bucket_size >= MM_LINE_INDEX_MAX_BUCKETS)
    self->bucket_size *= 2;

  self->complete = length == 0;

  return self;
}

/* Sampling byte classes costs a little; benchmarks turn it off to measure
 * how much. Newlines are always counted. */
void
mm_line_index_set_gather_stats (MmLineIndex *self,
                                gboolean     gather_stats)
{
  g_return_if_fail (MM_IS_LINE_INDEX (self));

  self->gather_stats = !!gather_stats;
}

/* ---- worker thread ---------------------------------------------------- */

static void
find_extras (const guint8 *block,
             gsize         length,
             guint32       block_number,
             GArray       *extras)
{
  const guint8 *p = block;
  const guint8 *end = block + length;
  guint count = 0;

  while (p < end && (p = memchr (p, '\n', end - p)) != NULL)
    {
      p++;
      count++;
      if (count % MM_LINE_INDEX_LINES_PER_CP == 0 && p < end)
        {
          Extra extra = { block_number, (guint16) (p - block), (guint16) count };

          g_array_append_val (extras, extra);
        }
    }
}

typedef struct
{
  MmLineIndex *index;
  Batch       *batch;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  g_clear_object (&delivery->index);
  g_clear_pointer (&delivery->batch, batch_free);
  g_free (delivery);
}

static gboolean apply_batch_cb (gpointer data);

/* Hands the batch to the main context and starts a new one. Batches of one
 * build arrive in order: they are idle sources of the same priority. */
static void
publish (Job     *job,
         Batch  **batch,
         guint64  next_block)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->index = g_object_ref (job->index);
  delivery->batch = g_steal_pointer (batch);
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT,
                              apply_batch_cb, delivery, delivery_free);
  *batch = batch_new (job->generation, next_block);
}

/* The kind of a block's first and last line ends: two looks per 64 KiB
 * tell LF from CRLF files, and find most mixed ones, for nothing. */
static void
sample_line_ends (const guint8 *data,
                  guint64       pos,
                  gsize         n,
                  Batch        *batch)
{
  const guint8 *first = memchr (data + pos, '\n', n);
  const guint8 *last = memrchr (data + pos, '\n', n);

  for (guint i = 0; i < 2; i++)
    {
      const guint8 *nl = i == 0 ? first : last;

      if (nl == NULL || (i == 1 && last == first))
        continue;
      if (nl > data && nl[-1] == '\r')
        batch->crlf_seen++;
      else
        batch->lf_seen++;
    }
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  guint64 block = job->start / MM_LINE_INDEX_BLOCK_SIZE;
  guint64 pos = block * MM_LINE_INDEX_BLOCK_SIZE;
  guint64 end = job->end;
  guint64 newlines = job->newlines;
  gint64 last_publish = g_get_monotonic_time ();
  Batch *batch = batch_new (job->generation, block);

  batch->scanned_to = pos;
  batch->newlines = newlines;

  while (pos < end && !g_cancellable_is_cancelled (cancellable))
    {
      gsize n = (gsize) MIN (MM_LINE_INDEX_BLOCK_SIZE, end - pos);
      const guint8 *p = job->data + pos;
      BlockStats stats = { 0, { { 0 } } };
      guint64 block_newlines;
      gint64 now;

      block_newlines = mm_count_newlines (p, n);
      stats.newlines = (guint32) block_newlines;
      if (job->gather_stats)
        mm_byte_stats_sample (p, n, &stats.sample);

      if (block_newlines >= MM_LINE_INDEX_LINES_PER_CP)
        find_extras (p, n, (guint32) block, batch->extras);
      if (block_newlines > 0)
        sample_line_ends (job->data, pos, n, batch);

      if (mm_mapped_file_has_faulted (job->file) &&
          pos + n > mm_mapped_file_check_size (job->file))
        {
          /* Truncated under us: what this block read is partly zeros. */
          while (batch->extras->len > 0 &&
                 g_array_index (batch->extras, Extra, batch->extras->len - 1).block == block)
            g_array_set_size (batch->extras, batch->extras->len - 1);
          break;
        }

      g_array_append_val (batch->block_lines, newlines);
      g_array_append_val (batch->block_stats, stats);

      newlines += block_newlines;
      pos += n;
      block++;
      batch->scanned_to = pos;
      batch->newlines = newlines;

      now = g_get_monotonic_time ();
      if (now - last_publish >= PUBLISH_INTERVAL_USEC && pos < end)
        {
          publish (job, &batch, block);
          batch->scanned_to = pos;
          batch->newlines = newlines;
          last_publish = now;
        }
    }

  publish (job, &batch, block);
  batch_free (batch);

  if (g_task_return_error_if_cancelled (task))
    return;

  g_task_return_boolean (task, TRUE);
}

/* ---- main thread -------------------------------------------------------- */

static void
block_stats_add (BlockStats       *into,
                 const BlockStats *from)
{
  into->newlines += from->newlines;
  mm_byte_stats_add (&into->sample, &from->sample);
}

static void
add_block_stats (MmLineIndex      *self,
                 guint64           block,
                 const BlockStats *stats)
{
  guint64 bucket;

  /* Grow the bucket size by merging pairs, so the bucket count stays bounded
   * when an appended file outgrows it. */
  while ((block * MM_LINE_INDEX_BLOCK_SIZE) / self->bucket_size >= MM_LINE_INDEX_MAX_BUCKETS)
    {
      guint n = self->buckets->len;

      for (guint i = 0; i < n; i += 2)
        {
          BlockStats merged = g_array_index (self->buckets, BlockStats, i);

          if (i + 1 < n)
            block_stats_add (&merged, &g_array_index (self->buckets, BlockStats, i + 1));
          g_array_index (self->buckets, BlockStats, i / 2) = merged;
        }
      g_array_set_size (self->buckets, (n + 1) / 2);
      self->bucket_size *= 2;
    }

  bucket = (block * MM_LINE_INDEX_BLOCK_SIZE) / self->bucket_size;
  if (bucket >= self->buckets->len)
    g_array_set_size (self->buckets, bucket + 1);
  block_stats_add (&g_array_index (self->buckets, BlockStats, bucket), stats);
}

static gboolean
apply_batch_cb (gpointer data)
{
  Delivery *delivery = data;
  MmLineIndex *self = delivery->index;
  Batch *batch = delivery->batch;

  if (batch->generation != self->generation)
    return G_SOURCE_REMOVE;

  g_assert (batch->first_block == self->block_lines->len);

  g_array_append_vals (self->block_lines, batch->block_lines->data, batch->block_lines->len);
  g_array_append_vals (self->extras, batch->extras->data, batch->extras->len);
  for (guint i = 0; i < batch->block_stats->len; i++)
    {
      const BlockStats *stats = &g_array_index (batch->block_stats, BlockStats, i);

      add_block_stats (self, batch->first_block + i, stats);
      self->last_block = *stats;
    }

  self->scanned = MIN (batch->scanned_to, mm_mapped_file_get_valid_length (self->file));
  self->newlines = batch->newlines;
  self->lf_seen += batch->lf_seen;
  self->crlf_seen += batch->crlf_seen;

  g_signal_emit (self, signals[PROGRESS], 0);

  return G_SOURCE_REMOVE;
}

/* Forget the last block if it was only partly scanned, so a new scan can
 * start at a block boundary. */
static void
drop_partial_block (MmLineIndex *self)
{
  guint64 block;
  guint64 bucket;

  if (self->scanned % MM_LINE_INDEX_BLOCK_SIZE == 0 || self->block_lines->len == 0)
    return;

  block = self->block_lines->len - 1;
  bucket = (block * MM_LINE_INDEX_BLOCK_SIZE) / self->bucket_size;
  if (bucket < self->buckets->len)
    {
      BlockStats *stats = &g_array_index (self->buckets, BlockStats, bucket);

      stats->newlines -= MIN (stats->newlines, self->last_block.newlines);
      for (guint c = 0; c < MM_N_BYTE_CLASSES; c++)
        stats->sample.count[c] -= MIN (stats->sample.count[c], self->last_block.sample.count[c]);
    }

  while (self->extras->len > 0 &&
         g_array_index (self->extras, Extra, self->extras->len - 1).block == block)
    g_array_set_size (self->extras, self->extras->len - 1);

  self->newlines = g_array_index (self->block_lines, guint64, block);
  self->scanned = block * MM_LINE_INDEX_BLOCK_SIZE;
  g_array_set_size (self->block_lines, block);
  memset (&self->last_block, 0, sizeof self->last_block);
}

static void
build_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  MmLineIndex *self = g_task_get_source_object (outer);
  GError *error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));
  guint generation = job->generation;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (generation == self->generation)
        self->building = FALSE;
      g_task_return_error (outer, error);
      return;
    }

  if (generation == self->generation)
    {
      self->building = FALSE;
      self->complete = self->scanned >= mm_mapped_file_get_valid_length (self->file);
      g_signal_emit (self, signals[PROGRESS], 0);
    }

  g_task_return_boolean (outer, TRUE);
}

/**
 * mm_line_index_build_async:
 *
 * Indexes the part of the file not indexed yet (all of it the first time,
 * the appended bytes after the file grew). A new call supersedes a running
 * one, whose results are then dropped.
 */
void
mm_line_index_build_async (MmLineIndex         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (MM_IS_LINE_INDEX (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, mm_line_index_build_async);

  drop_partial_block (self);

  self->generation++;
  self->building = TRUE;
  self->complete = FALSE;

  job = g_new0 (Job, 1);
  job->index = g_object_ref (self);
  job->file = g_object_ref (self->file);
  job->context = g_main_context_ref_thread_default ();
  job->data = mm_mapped_file_get_data (self->file);
  job->start = self->scanned;
  job->end = mm_mapped_file_get_valid_length (self->file);
  job->newlines = self->newlines;
  job->generation = self->generation;
  job->gather_stats = self->gather_stats;

  task = g_task_new (self, cancellable, build_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (task, build_thread);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, build_thread);
}

gboolean
mm_line_index_build_finish (MmLineIndex   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (MM_IS_LINE_INDEX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
mm_line_index_is_complete (MmLineIndex *self)
{
  g_return_val_if_fail (MM_IS_LINE_INDEX (self), FALSE);

  return self->complete && !self->building &&
         self->scanned >= mm_mapped_file_get_valid_length (self->file);
}

/* Bytes from the start of the file that queries answer exactly. */
guint64
mm_line_index_get_scanned (MmLineIndex *self)
{
  g_return_val_if_fail (MM_IS_LINE_INDEX (self), 0);

  return MIN (self->scanned, mm_mapped_file_get_valid_length (self->file));
}

/* Newlines found in the scanned part. */
guint64
mm_line_index_get_newlines (MmLineIndex *self)
{
  g_return_val_if_fail (MM_IS_LINE_INDEX (self), 0);

  return self->newlines;
}

/* Lines as wc -l counts them, plus a last line without a newline. */
gboolean
mm_line_index_get_n_lines (MmLineIndex *self,
                           guint64     *n_lines)
{
  guint64 length;
  const guint8 *data;

  g_return_val_if_fail (MM_IS_LINE_INDEX (self), FALSE);

  if (!mm_line_index_is_complete (self))
    return FALSE;

  length = mm_mapped_file_get_valid_length (self->file);
  data = mm_mapped_file_get_data (self->file);
  *n_lines = self->newlines + (length > 0 && data[length - 1] != '\n' ? 1 : 0);
  return TRUE;
}

static guint
find_extra (MmLineIndex *self,
            guint64      block,
            guint64      offset_in_block,
            gboolean    *found)
{
  /* Last extra of this block at or before offset_in_block. */
  guint lo = 0, hi = self->extras->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const Extra *e = &g_array_index (self->extras, Extra, mid);

      if (e->block < block || (e->block == block && e->offset <= offset_in_block))
        lo = mid + 1;
      else
        hi = mid;
    }

  *found = lo > 0 && g_array_index (self->extras, Extra, lo - 1).block == block;
  return lo - 1;
}

/* 0-based number of the line holding the byte at offset. */
gboolean
mm_line_index_offset_to_line (MmLineIndex *self,
                              guint64      offset,
                              guint64     *line)
{
  guint64 block = offset / MM_LINE_INDEX_BLOCK_SIZE;
  guint64 from = block * MM_LINE_INDEX_BLOCK_SIZE;
  guint64 base;
  guint64 scanned;
  gboolean found;
  guint e;

  g_return_val_if_fail (MM_IS_LINE_INDEX (self), FALSE);

  scanned = mm_line_index_get_scanned (self);
  if (offset >= scanned)
    {
      /* The end of the file belongs to the last line once all is known. */
      if (!(offset == scanned && mm_line_index_is_complete (self)))
        return FALSE;
      if (offset == 0)
        {
          *line = 0;
          return TRUE;
        }
      return mm_line_index_offset_to_line (self, offset - 1, line);
    }

  base = g_array_index (self->block_lines, guint64, block);
  e = find_extra (self, block, offset - from, &found);
  if (found)
    {
      const Extra *extra = &g_array_index (self->extras, Extra, e);

      base += extra->line;
      from += extra->offset;
    }

  *line = base + mm_count_newlines (mm_mapped_file_get_data (self->file) + from,
                                    (gsize) (offset - from));
  return TRUE;
}

static gboolean
emit_stale_cb (gpointer data)
{
  MmLineIndex *self = data;

  self->stale_idle = 0;
  g_signal_emit (self, signals[STALE], 0);
  return G_SOURCE_REMOVE;
}

/* A query met bytes that contradict the index. Queries run inside drawing
 * and input handlers, so the owner hears of it from an idle, once. */
static void
mark_stale (MmLineIndex *self)
{
  if (self->stale_idle == 0)
    self->stale_idle = g_idle_add_full (G_PRIORITY_DEFAULT, emit_stale_cb,
                                        g_object_ref (self), g_object_unref);
}

/* Offset of the first byte of the 0-based line. */
gboolean
mm_line_index_line_to_offset (MmLineIndex *self,
                              guint64      line,
                              guint64     *offset)
{
  const guint8 *data;
  const guint8 *p;
  const guint8 *end;
  guint lo, hi;
  guint64 block, base, from, scanned;

  g_return_val_if_fail (MM_IS_LINE_INDEX (self), FALSE);

  scanned = mm_line_index_get_scanned (self);
  if (line == 0)
    {
      *offset = 0;
      return mm_mapped_file_get_valid_length (self->file) > 0 &&
             (scanned > 0 || mm_line_index_is_complete (self));
    }

  /* Line N starts after the Nth newline, and must hold at least a byte. */
  if (line > self->newlines)
    return FALSE;

  /* Last block with fewer than `line` newlines before it. */
  lo = 0;
  hi = self->block_lines->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->block_lines, guint64, mid) < line)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    {
      mark_stale (self);
      return FALSE;
    }
  block = lo - 1;
  base = g_array_index (self->block_lines, guint64, block);
  from = block * MM_LINE_INDEX_BLOCK_SIZE;

  {
    guint i = 0, e_lo = 0, e_hi = self->extras->len;

    /* Last extra of the block whose line count does not pass `line`. */
    while (e_lo < e_hi)
      {
        guint mid = e_lo + (e_hi - e_lo) / 2;
        const Extra *e = &g_array_index (self->extras, Extra, mid);

        if (e->block < block || (e->block == block && base + e->line <= line))
          e_lo = mid + 1;
        else
          e_hi = mid;
      }
    i = e_lo;
    if (i > 0 && g_array_index (self->extras, Extra, i - 1).block == block)
      {
        const Extra *e = &g_array_index (self->extras, Extra, i - 1);

        base += e->line;
        from += e->offset;
      }
  }

  /* Count from the checkpoint, trusting nothing: the bytes may have
   * changed since the index saw them (another program, another mapping). */
  data = mm_mapped_file_get_data (self->file);
  if (from > scanned)
    {
      mark_stale (self);
      return FALSE;
    }
  p = data + from;
  end = data + scanned;
  while (base < line)
    {
      p = p < end ? memchr (p, '\n', (gsize) (end - p)) : NULL;
      if (p == NULL)
        {
          mark_stale (self);
          return FALSE;
        }
      p++;
      base++;
    }

  if ((guint64) (p - data) >= scanned && !mm_line_index_is_complete (self))
    return FALSE;
  if ((guint64) (p - data) >= mm_mapped_file_get_valid_length (self->file))
    return FALSE;

  *offset = p - data;
  return TRUE;
}

/* Keeps the index exact when a byte is overwritten in place: only a newline
 * appearing or disappearing matters, and it shifts the counts of every
 * later block and the extras of its own block. */
void
mm_line_index_byte_changed (MmLineIndex *self,
                            guint64      offset,
                            guint8       old_byte,
                            guint8       new_byte)
{
  guint64 block = offset / MM_LINE_INDEX_BLOCK_SIZE;
  gint delta;
  guint first, last;

  g_return_if_fail (MM_IS_LINE_INDEX (self));

  if ((old_byte == '\n') == (new_byte == '\n') || block >= self->block_lines->len)
    return;

  delta = new_byte == '\n' ? 1 : -1;
  for (guint64 b = block + 1; b < self->block_lines->len; b++)
    g_array_index (self->block_lines, guint64, b) += delta;
  self->newlines += delta;

  {
    guint64 bucket = offset / self->bucket_size;

    if (bucket < self->buckets->len)
      g_array_index (self->buckets, BlockStats, bucket).newlines += delta;
    /* The last block's own count is subtracted again if it is rescanned
     * after growth: it must follow the edit too. */
    if (block == self->block_lines->len - 1)
      self->last_block.newlines = (guint32) MAX ((gint64) self->last_block.newlines + delta, 0);
  }

  /* Recount this block's extras from the mapping, which already holds the
   * new byte. */
  first = 0;
  while (first < self->extras->len && g_array_index (self->extras, Extra, first).block < block)
    first++;
  last = first;
  while (last < self->extras->len && g_array_index (self->extras, Extra, last).block == block)
    last++;

  {
    g_autoptr(GArray) fresh = g_array_new (FALSE, FALSE, sizeof (Extra));
    guint64 from = block * MM_LINE_INDEX_BLOCK_SIZE;
    guint64 to = MIN (from + MM_LINE_INDEX_BLOCK_SIZE, self->scanned);

    find_extras (mm_mapped_file_get_data (self->file) + from, (gsize) (to - from),
                 (guint32) block, fresh);
    g_array_remove_range (self->extras, first, last - first);
    g_array_insert_vals (self->extras, first, fresh->data, fresh->len);
  }
}

/* Whether lines end in LF, CRLF or both, from the first and last line end
 * of every block scanned so far. */
MmLineEnds
mm_line_index_get_line_ends (MmLineIndex *self)
{
  g_return_val_if_fail (MM_IS_LINE_INDEX (self), MM_LINE_ENDS_NONE);

  if (self->lf_seen > 0 && self->crlf_seen > 0)
    return MM_LINE_ENDS_MIXED;
  if (self->crlf_seen > 0)
    return MM_LINE_ENDS_CRLF;
  if (self->lf_seen > 0)
    return MM_LINE_ENDS_LF;
  return MM_LINE_ENDS_NONE;
}

gsize
mm_line_index_get_memory_size (MmLineIndex *self)
{
  g_return_val_if_fail (MM_IS_LINE_INDEX (self), 0);

  return sizeof *self +
         self->block_lines->len * sizeof (guint64) +
         self->extras->len * sizeof (Extra) +
         self->buckets->len * sizeof (BlockStats);
}

guint64
mm_line_index_get_bucket_size (MmLineIndex *self)
{
  g_return_val_if_fail (MM_IS_LINE_INDEX (self), 0);

  return self->bucket_size;
}

guint
mm_line_index_get_n_buckets (MmLineIndex *self)
{
  g_return_val_if_fail (MM_IS_LINE_INDEX (self), 0);

  return self->buckets->len;
}

/* The sampled byte classes of a bucket, and its exact newline count. */
const MmByteStats *
mm_line_index_get_bucket (MmLineIndex *self,
                          guint        bucket,
                          guint64     *newlines)
{
  const BlockStats *stats;

  g_return_val_if_fail (MM_IS_LINE_INDEX (self), NULL);
  g_return_val_if_fail (bucket < self->buckets->len, NULL);

  stats = &g_array_index (self->buckets, BlockStats, bucket);
  if (newlines != NULL)
    *newlines = stats->newlines;
  return &stats->sample;
}
