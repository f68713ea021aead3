/* mm-json-index.c: the structure of the JSON in a mapped file, without
 * parsing it into memory.
 *
 * One pass over the file (on the streaming worker, after the line index)
 * finds the JSON regions (a .json file, NDJSON, or `var jsonData = …` in a
 * chat.html), checks their grammar, and at every 64 KiB block boundary
 * keeps a checkpoint: the lexer state (in a string or a bare token or not,
 * after a backslash), the depth, and the innermost open container. Every
 * container that crosses a block boundary is kept as a record (start, end,
 * parent, kind, and which child of its parent it is: index or key). That
 * is 48 bytes a block plus a record a crossing container: kilobytes for a
 * 270 MB export. Where each member of a root container begins is kept too
 * (8 bytes each: an export's conversations), as long as they are no more
 * than one per 4 KiB of the file on average (or 65,536); and what a
 * caller's reader finds at each, until the next batch (an export's titles
 * and times, read while the pass has their pages mapped).
 *
 * Every query starts at the checkpoint of the offset's block, rebuilds the
 * stack of open containers from the records, and scans the block up to the
 * offset: at most 64 KiB of work, wherever the offset is in a one-line file.
 * The grammar is checked for brackets, separators, literals and numbers;
 * the first error stops the pass, and everything before it keeps working.
 */
#define G_LOG_DOMAIN "mm-json-index"

#include "config.h"

#include <string.h>

#include "mm-json-index-private.h"
#include "mm-scan.h"

#define CHUNK_SIZE (64 * BLOCK)
#define ROOT_STARTS_MIN 65536
#define ROOT_STARTS_BYTES 4096   /* of the file, for each root member start kept */

G_DEFINE_FINAL_TYPE (MmJsonIndex, mm_json_index, G_TYPE_OBJECT)

static gboolean stage1_off;   /* tests: the pass from the bytes alone */

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  MmMappedFile *file;
  Scanner       sc;           /* merge only */
  GAsyncQueue  *spare;        /* Chunk: merged ones, for the next (their pages are faulted in) */
  MmJsonRootReader root_reader;
  guint64       n_root_starts;  /* found so far */
  guint64       root_starts_max;
  gboolean      root_starts_dropped;
} Pass;

typedef struct
{
  MmJsonEvents  events;
  gboolean      staged;       /* the events are this chunk's */
  Pass         *pass;
} Chunk;

typedef struct
{
  GArray  *checkpoints;
  GArray  *records;
  GArray  *ends;
  GArray  *root_starts;
  GArray  *root_found;
  gboolean root_starts_dropped;
  GArray  *regions;
  guint64  n_values;
  guint    max_depth;
  guint64  error_offset;
  char    *error;
} Batch;

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_array_unref (batch->checkpoints);
  g_array_unref (batch->records);
  g_array_unref (batch->ends);
  g_array_unref (batch->root_starts);
  g_array_unref (batch->root_found);
  g_clear_pointer (&batch->regions, g_array_unref);
  g_free (batch->error);
  g_free (batch);
}

static gpointer
batch_new (gpointer scan_data)
{
  Pass *pass = scan_data;
  Batch *batch = g_new0 (Batch, 1);

  batch->checkpoints = g_array_new (FALSE, FALSE, sizeof (Checkpoint));
  batch->records = g_array_new (FALSE, FALSE, sizeof (Record));
  batch->ends = g_array_new (FALSE, FALSE, sizeof (guint64));
  batch->root_starts = g_array_new (FALSE, FALSE, sizeof (guint64));
  batch->root_found = g_array_new (FALSE, FALSE, sizeof (guint64));
  /* The merge writes into the batch being built. */
  pass->sc.checkpoints = batch->checkpoints;
  pass->sc.records = batch->records;
  pass->sc.ends = batch->ends;
  pass->sc.root_starts = pass->root_starts_dropped ? NULL : batch->root_starts;
  return batch;
}

/* On a pool thread, ahead of the pass: stage 1 of the chunk, guessing
 * whether it starts inside a string (the pass checks the guess). In a file
 * that cannot hold JSON, or without the vector unit, only bring its pages
 * in, so that the pass, which is one walk in file order, finds them
 * resident. */
static gpointer
scan_chunk (gpointer      scan_data,
            const guint8 *data,
            guint64       length,
            guint64       start,
            guint64       end)
{
  Pass *pass = scan_data;
  Chunk *chunk = g_async_queue_try_pop (pass->spare);
  MmJsonEvents *events;
  guint64 first = length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

  if (chunk == NULL)
    {
      chunk = g_new0 (Chunk, 1);
      chunk->pass = pass;
    }
  events = &chunk->events;
  chunk->staged = FALSE;
  while (first < length && first < 4096 && g_ascii_isspace (data[first]))
    first++;
  if (_mm_json_stage1_available () && !g_atomic_int_get (&stage1_off) && first < length &&
      (data[first] == '[' || data[first] == '{' || data[first] == '<'))
    {
      _mm_json_stage1 (data, length, start, end, _mm_json_stage1_guess (data, start, MIN (end, start + BLOCK)),
                       events);
      chunk->staged = TRUE;
    }
  else
    {
      gsize page = mm_mapped_file_get_page_size ();
      volatile guint8 sink = 0;

      for (guint64 p = start; p < end; p += page)
        sink ^= data[p];
      (void) sink;
    }
  events->start = start;
  events->end = end;
  return chunk;
}

/* Whether passes started from now on use stage 1 (where the machine has
 * it); the tests compare the two. */
void
_mm_json_index_set_stage1 (gboolean enabled)
{
  g_atomic_int_set (&stage1_off, !enabled);
}

/* Merged: kept for a chunk to come. Every chunk is merged or freed
 * before the pass is. */
static void
chunk_free (gpointer data)
{
  Chunk *chunk = data;

  chunk->events.n = chunk->events.n_tokens = 0;
  g_async_queue_push (chunk->pass->spare, chunk);
}

static void
chunk_destroy (gpointer data)
{
  Chunk *chunk = data;

  _mm_json_events_clear (&chunk->events);
  g_free (chunk);
}

static gboolean
merge_chunk (gpointer  scan_data,
             gpointer  chunk,
             guint64   start,
             guint64   end,
             gpointer  batch_data)
{
  Pass *pass = scan_data;
  Scanner *sc = &pass->sc;
  Batch *batch = batch_data;
  MmJsonEvents *events = ((Chunk *) chunk)->staged ? &((Chunk *) chunk)->events : NULL;
  guint root_starts_before = batch->root_starts->len;

  while (sc->pos < end && sc->error == NULL && sc->mode != MODE_NONE)
    {
      if (sc->mode == MODE_START || sc->mode == MODE_HTML)
        _mm_json_seek_json (sc, end);
      else if (events != NULL && sc->pos == start)
        {
          /* The whole chunk from its events; again, if the guess was wrong. */
          if (events->in_string != sc->in_string)
            _mm_json_stage1 (sc->data, sc->length, start, end, sc->in_string, events);
          _mm_json_scan_events (sc, events);
          events = NULL;
        }
      else
        _mm_json_scan (sc, end);
    }

  /* Checkpoints for the blocks ending in this chunk that nothing reached
   * (after the end of the JSON, or in a file without any). */
  if (sc->error == NULL)
    while (sc->next_boundary < end)
      {
        guint64 keep = sc->pos;

        sc->pos = sc->next_boundary;
        _mm_json_emit_checkpoint (sc);
        sc->pos = keep;
        sc->next_boundary += BLOCK;
      }

  /* A value cut off by the end of the file is an error too. */
  if (end >= sc->length && sc->error == NULL && sc->region >= 0 &&
      (sc->stack->len > 0 || sc->in_string || sc->in_scalar || sc->top_expect != EXPECT_END))
    {
      sc->pos = sc->length;
      sc->error = "the rest of the value: the file ends inside it";
    }

  /* Too many root members to keep (not an export): none kept. */
  if (sc->root_starts != NULL)
    {
      pass->n_root_starts += batch->root_starts->len - root_starts_before;
      if (pass->n_root_starts > pass->root_starts_max)
        {
          pass->root_starts_dropped = batch->root_starts_dropped = TRUE;
          sc->root_starts = NULL;
          g_array_set_size (batch->root_starts, 0);
          g_array_set_size (batch->root_found, 0);
        }
      else if (pass->root_reader != NULL)
        {
          /* The members' first bytes were last read by stage 1, on another
           * thread: asked for all at once, their misses overlap. */
          for (guint i = root_starts_before; i < batch->root_starts->len; i++)
            __builtin_prefetch (sc->data + g_array_index (batch->root_starts, guint64, i));
          for (guint i = root_starts_before; i < batch->root_starts->len; i++)
            {
              guint64 found[MM_JSON_ROOT_FOUND];

              for (guint k = 0; k < MM_JSON_ROOT_FOUND; k++)
                found[k] = NONE;
              pass->root_reader (sc->data, sc->length, g_array_index (batch->root_starts, guint64, i), found);
              g_array_append_vals (batch->root_found, found, MM_JSON_ROOT_FOUND);
            }
        }
    }

  batch->n_values = sc->n_values;
  batch->max_depth = sc->max_depth;
  g_clear_pointer (&batch->regions, g_array_unref);
  batch->regions = g_array_copy (sc->regions);
  if (sc->error != NULL)
    {
      batch->error_offset = sc->pos;
      batch->error = g_strdup (sc->error);
      return FALSE;
    }
  /* A file that is not JSON needs no more of the pass. */
  return sc->mode != MODE_NONE;
}

static void
pass_free (gpointer data)
{
  Pass *pass = data;

  g_clear_object (&pass->file);
  g_array_unref (pass->sc.stack);
  g_array_unref (pass->sc.regions);
  g_async_queue_unref (pass->spare);
  g_free (pass);
}

static void apply_batch (GObject *owner, gpointer batch, guint64 scanned_to);

static const MmScanFuncs scan_funcs = {
  scan_chunk,
  merge_chunk,
  batch_new,
  batch_free,
  chunk_free,
  apply_batch,
};

/* ---- main thread: the index ---------------------------------------------- */

static void
mm_json_index_finalize (GObject *object)
{
  MmJsonIndex *self = (MmJsonIndex *)object;

  g_clear_object (&self->file);
  g_array_unref (self->checkpoints);
  g_array_unref (self->records);
  g_array_unref (self->regions);
  g_clear_pointer (&self->root_starts, g_array_unref);
  g_array_unref (self->root_found);
  g_free (self->error);

  G_OBJECT_CLASS (mm_json_index_parent_class)->finalize (object);
}

static void
mm_json_index_class_init (MmJsonIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mm_json_index_finalize;

  /**
   * MmJsonIndex::progress:
   *
   * More of the file is known, on the main context.
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mm_json_index_init (MmJsonIndex *self)
{
  self->checkpoints = g_array_new (FALSE, FALSE, sizeof (Checkpoint));
  self->records = g_array_new (FALSE, FALSE, sizeof (Record));
  self->regions = g_array_new (FALSE, FALSE, sizeof (MmJsonRegion));
  self->root_found = g_array_new (FALSE, FALSE, sizeof (guint64));
}

MmJsonIndex *
mm_json_index_new (MmMappedFile *file)
{
  MmJsonIndex *self;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (file), NULL);

  self = g_object_new (MM_TYPE_JSON_INDEX, NULL);
  self->file = g_object_ref (file);
  return self;
}

static void
apply_batch (GObject  *owner,
             gpointer  data,
             guint64   scanned_to)
{
  MmJsonIndex *self = MM_JSON_INDEX (owner);
  Batch *batch = data;

  g_array_append_vals (self->checkpoints, batch->checkpoints->data, batch->checkpoints->len);
  g_array_append_vals (self->records, batch->records->data, batch->records->len);
  for (guint i = 0; i + 1 < batch->ends->len; i += 2)
    {
      guint64 id = g_array_index (batch->ends, guint64, i);

      if (id < self->records->len)
        g_array_index (self->records, Record, id).end = g_array_index (batch->ends, guint64, i + 1);
    }
  /* A batch that merged no chunk (an empty file) has no regions to say. */
  if (batch->regions != NULL)
    {
      g_array_set_size (self->regions, 0);
      g_array_append_vals (self->regions, batch->regions->data, batch->regions->len);
    }
  g_array_set_size (self->root_found, 0);
  if (batch->root_starts_dropped)
    g_clear_pointer (&self->root_starts, g_array_unref);
  else if (self->root_starts != NULL)
    {
      self->root_found_first = self->root_starts->len;
      g_array_append_vals (self->root_found, batch->root_found->data, batch->root_found->len);
      g_array_append_vals (self->root_starts, batch->root_starts->data, batch->root_starts->len);
    }
  self->n_values = batch->n_values;
  self->max_depth = batch->max_depth;
  self->scanned = batch->error ? batch->error_offset : scanned_to;
  if (batch->error != NULL && self->error == NULL)
    {
      self->error = g_strdup (batch->error);
      self->error_offset = batch->error_offset;
    }

  g_signal_emit (self, signals[PROGRESS], 0);
}

static void
build_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  MmJsonIndex *self = g_task_get_source_object (outer);
  guint generation = GPOINTER_TO_UINT (g_task_get_task_data (outer));
  GError *error = NULL;
  guint64 scanned;

  if (!mm_scan_finish (result, &scanned, &error) && error != NULL)
    {
      if (generation == self->generation)
        self->building = FALSE;
      g_task_return_error (outer, error);
      return;
    }

  if (generation == self->generation)
    {
      self->building = FALSE;
      self->complete = TRUE;
      g_signal_emit (self, signals[PROGRESS], 0);
    }
  g_task_return_boolean (outer, TRUE);
}

/**
 * mm_json_index_build_async:
 *
 * Indexes the whole file anew; a running build is superseded.
 */
void
mm_json_index_build_async (MmJsonIndex         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  MmScanSetup setup = { 0 };
  Pass *pass;

  g_return_if_fail (MM_IS_JSON_INDEX (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, mm_json_index_build_async);

  self->generation++;
  self->building = TRUE;
  self->complete = FALSE;
  self->scanned = 0;
  self->n_values = 0;
  self->max_depth = 0;
  g_clear_pointer (&self->error, g_free);
  g_array_set_size (self->checkpoints, 0);
  g_array_set_size (self->records, 0);
  g_array_set_size (self->regions, 0);
  g_clear_pointer (&self->root_starts, g_array_unref);
  self->root_starts = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_array_set_size (self->root_found, 0);
  g_task_set_task_data (outer, GUINT_TO_POINTER (self->generation), NULL);

  pass = g_new0 (Pass, 1);
  pass->file = g_object_ref (self->file);
  pass->spare = g_async_queue_new_full (chunk_destroy);
  pass->sc.data = mm_mapped_file_get_data (self->file);
  pass->sc.length = mm_mapped_file_get_valid_length (self->file);
  pass->sc.stack = g_array_new (FALSE, FALSE, sizeof (Level));
  pass->sc.regions = g_array_new (FALSE, FALSE, sizeof (MmJsonRegion));
  pass->sc.region = -1;
  pass->sc.validate = TRUE;
  pass->sc.building = TRUE;
  pass->sc.mode = MODE_START;
  pass->sc.top_expect = EXPECT_VALUE;
  pass->root_starts_max = MAX (ROOT_STARTS_MIN, pass->sc.length / ROOT_STARTS_BYTES);
  pass->root_reader = self->root_reader;

  setup.funcs = &scan_funcs;
  setup.owner = G_OBJECT (self);
  setup.generation = &self->generation;
  setup.file = self->file;
  setup.start = 0;
  setup.end = pass->sc.length;
  setup.chunk_size = CHUNK_SIZE;
  setup.release_pages = TRUE;
  setup.scan_data = pass;
  setup.scan_data_free = pass_free;
  mm_scan_run (&setup, cancellable, build_cb, g_steal_pointer (&outer));
}

gboolean
mm_json_index_build_finish (MmJsonIndex   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
mm_json_index_is_complete (MmJsonIndex *self)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  return self->complete && !self->building;
}

/* Bytes from the start that queries answer for. */
guint64
mm_json_index_get_scanned (MmJsonIndex *self)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), 0);

  return MIN (self->scanned, mm_mapped_file_get_valid_length (self->file));
}

/**
 * mm_json_index_get_error:
 * @message: (out): what was expected there, e.g. "',' or ']'"
 *
 * Where the JSON stops being valid; the index answers up to there.
 */
gboolean
mm_json_index_get_error (MmJsonIndex  *self,
                         guint64      *offset,
                         const char  **message)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  if (self->error == NULL)
    return FALSE;
  if (offset != NULL)
    *offset = self->error_offset;
  if (message != NULL)
    *message = self->error;
  return TRUE;
}

guint
mm_json_index_get_n_regions (MmJsonIndex *self)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), 0);

  return self->regions->len;
}

const MmJsonRegion *
mm_json_index_get_region (MmJsonIndex *self,
                          guint        region)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), NULL);
  g_return_val_if_fail (region < self->regions->len, NULL);

  return &g_array_index (self->regions, MmJsonRegion, region);
}

/* The region holding offset, or -1. */
gint
mm_json_index_find_region (MmJsonIndex *self,
                           guint64      offset)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), -1);

  for (guint i = 0; i < self->regions->len; i++)
    {
      const MmJsonRegion *region = &g_array_index (self->regions, MmJsonRegion, i);

      if (offset >= region->start && (region->end == NONE || offset < region->end))
        return (gint) i;
    }
  return -1;
}

guint64
mm_json_index_get_n_values (MmJsonIndex *self)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), 0);

  return self->n_values;
}

guint
mm_json_index_get_max_depth (MmJsonIndex *self)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), 0);

  return self->max_depth;
}

gsize
mm_json_index_get_memory_size (MmJsonIndex *self)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), 0);

  return sizeof *self + self->checkpoints->len * sizeof (Checkpoint) +
         self->records->len * sizeof (Record) + self->regions->len * sizeof (MmJsonRegion) +
         (self->root_starts ? self->root_starts->len * sizeof (guint64) : 0);
}

/**
 * mm_json_index_get_root_starts:
 * @n: (out): how many
 *
 * Where each member of every region's root container begins (its value's
 * first byte), in file order, as far as the pass has gone: the
 * conversations of an export as soon as the pass is past them. NULL when
 * the file has too many to keep (more than one per 4 KiB).
 */
const guint64 *
mm_json_index_get_root_starts (MmJsonIndex *self,
                               guint64     *n)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), NULL);

  *n = self->root_starts ? self->root_starts->len : 0;
  return self->root_starts ? (const guint64 *) (gpointer) self->root_starts->data : NULL;
}

/**
 * mm_json_index_set_root_reader:
 *
 * What to read at each root member's start, on the pass's thread, from
 * the next build on (a function of the bytes alone: it may run while the
 * caller is gone).
 */
void
mm_json_index_set_root_reader (MmJsonIndex      *self,
                               MmJsonRootReader  reader)
{
  g_return_if_fail (MM_IS_JSON_INDEX (self));

  self->root_reader = reader;
}

/**
 * mm_json_index_get_root_found:
 * @first: (out): the root start the first of them is for
 * @n: (out): how many root starts they are for
 *
 * What the root reader found at the root starts of the last batch,
 * MM_JSON_ROOT_FOUND numbers each; NULL when nothing.
 */
const guint64 *
mm_json_index_get_root_found (MmJsonIndex *self,
                              guint64     *first,
                              guint64     *n)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), NULL);

  *first = self->root_found_first;
  *n = self->root_found->len / MM_JSON_ROOT_FOUND;
  return *n > 0 ? (const guint64 *) (gpointer) self->root_found->data : NULL;
}
