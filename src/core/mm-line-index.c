/* mm-line-index.c: where every line starts, without storing every line.
 *
 * The file is cut into 64 KiB blocks at absolute offsets. For each block we
 * keep the number of newlines before it (8 bytes per 64 KiB), and inside a
 * block with 1024 or more newlines an extra checkpoint after every 1024th
 * one. So any exact answer is a checkpoint plus a count over at most one
 * block. The same pass counts newlines per bucket (a power-of-two number
 * of blocks) and samples byte classes there, for the minimap.
 *
 * The scan runs on the streaming worker (mm-scan.c): chunks of 64 blocks
 * are scanned on every core, each alone, and merged in file order, where
 * the running newline count is the only thing added. Batches reach the
 * main context at most ~30 times a second, so the object is only ever
 * touched on the main thread and queries are exact for everything handed
 * over so far.
 */
#define G_LOG_DOMAIN "mm-line-index"

#include "config.h"

#include <string.h>

#include "mm-line-index.h"
#include "mm-scan.h"

/* 64 blocks: big enough that a chunk's overhead is noise, small enough
 * that the first batch comes soon and every core has several. */
#define CHUNK_SIZE (64 * MM_LINE_INDEX_BLOCK_SIZE)

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
  guint64 first_block;
  GArray *block_lines;  /* guint64 */
  GArray *block_stats;  /* BlockStats, one per block */
  GArray *extras;       /* Extra */
  guint64 scanned_to;
  guint64 newlines;
  guint64 lf_seen;      /* line ends sampled: see sample_line_ends() */
  guint64 crlf_seen;
} Batch;

/* What the pool threads read, and the merge's running state. */
typedef struct
{
  MmMappedFile  *file;
  gboolean       gather_stats;
  guint64        next_block;    /* merge only: the block the next batch starts at */
  guint64        newlines;      /* merge only: newlines before next_block */
} Scan;

/* One chunk of blocks, scanned alone. */
typedef struct
{
  guint          n_blocks;      /* scanned whole; fewer than asked when truncated */
  gboolean       truncated;
  BlockStats    *stats;
  GArray        *extras;        /* Extra, absolute block numbers */
  guint64        lf_seen;
  guint64        crlf_seen;
} Chunk;

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
batch_new (guint64 first_block)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->first_block = first_block;
  batch->block_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  batch->block_stats = g_array_new (FALSE, TRUE, sizeof (BlockStats));
  batch->extras = g_array_new (FALSE, FALSE, sizeof (Extra));
  return batch;
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

/* The kind of a block's first and last line ends: two looks per 64 KiB
 * tell LF from CRLF files, and find most mixed ones, for nothing. */
static void
sample_line_ends (const guint8 *data,
                  guint64       pos,
                  gsize         n,
                  Chunk        *chunk)
{
  const guint8 *first = memchr (data + pos, '\n', n);
  const guint8 *last = memrchr (data + pos, '\n', n);

  for (guint i = 0; i < 2; i++)
    {
      const guint8 *nl = i == 0 ? first : last;

      if (nl == NULL || (i == 1 && last == first))
        continue;
      if (nl > data && nl[-1] == '\r')
        chunk->crlf_seen++;
      else
        chunk->lf_seen++;
    }
}

static void
chunk_free (gpointer data)
{
  Chunk *chunk = data;

  g_free (chunk->stats);
  g_array_unref (chunk->extras);
  g_free (chunk);
}

/* On a pool thread: the blocks of [start, end), each on its own. */
static gpointer
scan_chunk (gpointer      scan_data,
            const guint8 *data,
            guint64       length,
            guint64       start,
            guint64       end)
{
  Scan *scan = scan_data;
  Chunk *chunk = g_new0 (Chunk, 1);
  guint max_blocks = (guint) ((end - start + MM_LINE_INDEX_BLOCK_SIZE - 1) / MM_LINE_INDEX_BLOCK_SIZE);

  chunk->stats = g_new0 (BlockStats, max_blocks);
  chunk->extras = g_array_new (FALSE, FALSE, sizeof (Extra));

  for (guint64 pos = start; pos < end; pos += MM_LINE_INDEX_BLOCK_SIZE)
    {
      gsize n = (gsize) MIN (MM_LINE_INDEX_BLOCK_SIZE, end - pos);
      guint64 block = pos / MM_LINE_INDEX_BLOCK_SIZE;
      BlockStats *stats = &chunk->stats[chunk->n_blocks];
      guint extras_before = chunk->extras->len;
      guint64 newlines = mm_count_newlines (data + pos, n);

      stats->newlines = (guint32) newlines;
      if (scan->gather_stats)
        mm_byte_stats_sample (data + pos, n, &stats->sample);
      if (newlines >= MM_LINE_INDEX_LINES_PER_CP)
        find_extras (data + pos, n, (guint32) block, chunk->extras);
      if (newlines > 0)
        sample_line_ends (data, pos, n, chunk);

      if (mm_mapped_file_has_faulted (scan->file) &&
          pos + n > mm_mapped_file_check_size (scan->file))
        {
          /* Truncated under us: what this block read is partly zeros. */
          g_array_set_size (chunk->extras, extras_before);
          chunk->truncated = TRUE;
          break;
        }
      chunk->n_blocks++;
    }

  return chunk;
}

static gpointer
batch_new_for_scan (gpointer scan_data)
{
  Scan *scan = scan_data;
  Batch *batch = batch_new (scan->next_block);

  batch->scanned_to = scan->next_block * MM_LINE_INDEX_BLOCK_SIZE;
  batch->newlines = scan->newlines;
  return batch;
}

/* On the scan's thread, in file order: newlines before each block are
 * the running total, the only thing a chunk could not know alone. */
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

  for (guint i = 0; i < chunk->n_blocks; i++)
    {
      g_array_append_val (batch->block_lines, scan->newlines);
      g_array_append_val (batch->block_stats, chunk->stats[i]);
      scan->newlines += chunk->stats[i].newlines;
      scan->next_block++;
    }
  g_array_append_vals (batch->extras, chunk->extras->data, chunk->extras->len);
  batch->lf_seen += chunk->lf_seen;
  batch->crlf_seen += chunk->crlf_seen;
  batch->newlines = scan->newlines;
  batch->scanned_to = chunk->truncated ? scan->next_block * MM_LINE_INDEX_BLOCK_SIZE : end;

  return !chunk->truncated;
}

static void
scan_free (gpointer data)
{
  Scan *scan = data;

  g_clear_object (&scan->file);
  g_free (scan);
}

static void apply_batch (GObject *owner, gpointer batch, guint64 scanned_to);

static const MmScanFuncs scan_funcs = {
  scan_chunk,
  merge_chunk,
  batch_new_for_scan,
  (void (*) (gpointer)) batch_free,
  chunk_free,
  apply_batch,
};

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

/* A batch of the current build (mm_scan_run() dropped stale ones). */
static void
apply_batch (GObject  *owner,
             gpointer  data,
             guint64   scanned_to)
{
  MmLineIndex *self = MM_LINE_INDEX (owner);
  Batch *batch = data;

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
  guint generation = GPOINTER_TO_UINT (g_task_get_task_data (outer));

  if (!mm_scan_finish (result, NULL, &error))
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
  MmScanSetup setup = { 0 };
  Scan *scan;

  g_return_if_fail (MM_IS_LINE_INDEX (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, mm_line_index_build_async);

  drop_partial_block (self);

  self->generation++;
  self->building = TRUE;
  self->complete = FALSE;

  g_task_set_task_data (outer, GUINT_TO_POINTER (self->generation), NULL);

  scan = g_new0 (Scan, 1);
  scan->file = g_object_ref (self->file);
  scan->gather_stats = self->gather_stats;
  scan->next_block = self->scanned / MM_LINE_INDEX_BLOCK_SIZE;
  scan->newlines = self->newlines;

  setup.funcs = &scan_funcs;
  setup.owner = G_OBJECT (self);
  setup.generation = &self->generation;
  setup.file = self->file;
  setup.start = self->scanned;
  setup.end = mm_mapped_file_get_valid_length (self->file);
  setup.chunk_size = CHUNK_SIZE;
  setup.release_pages = TRUE;
  setup.scan_data = scan;
  setup.scan_data_free = scan_free;
  mm_scan_run (&setup, cancellable, build_cb, g_steal_pointer (&outer));
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
