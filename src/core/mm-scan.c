/* mm-scan.c: chunks of a file scanned on a pool of threads, merged in
 * order, published in batches.
 *
 * A run cuts [start, end) into chunks and keeps a few per thread in
 * flight on a thread pool of its own (exclusive threads, one per core, at
 * nice 10 so the UI thread always wins). Its own GTask thread waits for
 * the chunks in file order, merges each into the current batch, and hands
 * the batch to the owner's main context after the first chunk and then
 * whenever ~33 ms have passed, so the owner is only ever touched on its
 * own thread and its answers are exact up to the first chunk not merged
 * yet. Cancelling drops the chunks not started and ends the run within one
 * chunk's work; a batch from a run the owner has since replaced (its
 * generation moved on) is dropped on arrival.
 *
 * Pages a chunk touched are, once merged, dropped from the process's
 * resident set (MADV_DONTNEED on a shared file mapping only unmaps them:
 * the page cache keeps them, and touching them again is a minor fault), so
 * indexing a 1 GiB file does not show as 1 GiB of memory held.
 */
#define G_LOG_DOMAIN "mm-scan"

#include "config.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mm-scan.h"

#define CHUNKS_PER_THREAD 4

static gint publish_interval = G_USEC_PER_SEC / 30;   /* microseconds */

typedef struct
{
  gpointer result;
  gboolean done;
} Slot;

typedef struct
{
  MmScanSetup   setup;
  GMainContext *context;
  const guint8 *data;
  guint64       length;        /* of the mapping, for reads past a chunk's end */
  guint         generation;    /* the owner's, when the run started */
  GCancellable *cancellable;

  GMutex        mutex;
  GCond         cond;
  Slot         *slots;         /* ring of `window` chunks in flight */
  guint         window;
  guint64       n_chunks;
} Run;

typedef struct
{
  GTask    *task;         /* keeps the run alive until every batch is handled */
  gpointer  batch;
  guint64   scanned_to;
} Delivery;

static void
run_free (Run *run)
{
  if (run->setup.scan_data_free != NULL)
    run->setup.scan_data_free (run->setup.scan_data);
  g_clear_object (&run->setup.owner);
  g_clear_object (&run->setup.file);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_mutex_clear (&run->mutex);
  g_cond_clear (&run->cond);
  g_free (run->slots);
  g_free (run);
}

guint
mm_scan_get_n_threads (void)
{
  return MAX (1, g_get_num_processors ());
}

/* ---- pool threads ------------------------------------------------------- */

static void
chunk_thread (gpointer data,
              gpointer user_data)
{
  Run *run = user_data;
  guint64 index = GPOINTER_TO_SIZE (data) - 1;
  guint64 start = run->setup.start + index * run->setup.chunk_size;
  guint64 end = MIN (start + run->setup.chunk_size, run->setup.end);
  static GPrivate reniced;
  gpointer result = NULL;

  /* Exclusive threads of this pool only: lower their priority once. */
  if (g_private_get (&reniced) == NULL)
    {
      setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);
      g_private_set (&reniced, GINT_TO_POINTER (1));
    }

  if (!g_cancellable_is_cancelled (run->cancellable))
    result = run->setup.funcs->scan_chunk (run->setup.scan_data, run->data, run->length, start, end);

  g_mutex_lock (&run->mutex);
  run->slots[index % run->window].result = result;
  run->slots[index % run->window].done = TRUE;
  g_cond_broadcast (&run->cond);
  g_mutex_unlock (&run->mutex);
}

/* ---- the run's own thread ---------------------------------------------- */

static gboolean
apply_cb (gpointer data)
{
  Delivery *delivery = data;
  Run *run = g_task_get_task_data (delivery->task);

  if (*run->setup.generation == run->generation && !g_cancellable_is_cancelled (run->cancellable))
    run->setup.funcs->apply_batch (run->setup.owner, delivery->batch, delivery->scanned_to);
  return G_SOURCE_REMOVE;
}

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;
  Run *run = g_task_get_task_data (delivery->task);

  run->setup.funcs->batch_free (delivery->batch);
  g_object_unref (delivery->task);
  g_free (delivery);
}

static void
publish (GTask     *task,
         gpointer  *batch,
         guint64    scanned_to)
{
  Run *run = g_task_get_task_data (task);
  Delivery *delivery = g_new0 (Delivery, 1);
  GSource *source;

  delivery->task = g_object_ref (task);
  delivery->batch = g_steal_pointer (batch);
  delivery->scanned_to = scanned_to;
  /* Always a source on the owner's context, never a call from here:
   * g_main_context_invoke() would run it on this thread whenever the
   * owner's context is the default one and nobody holds it (the owner
   * busy between two iterations), beside the owner's own code and ahead
   * of the batches queued before. Sources of one priority are dispatched
   * in the order they were attached: the batches arrive in order. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, apply_cb, delivery, delivery_free);
  g_source_set_static_name (source, "[mm-scan] batch");
  g_source_attach (source, run->context);
  g_source_unref (source);
  *batch = run->setup.funcs->batch_new (run->setup.scan_data);
}

static void
release_pages (Run     *run,
               guint64  start,
               guint64  end)
{
  gsize page = mm_mapped_file_get_page_size ();
  guint64 first = (start + page - 1) / page * page;
  guint64 last = end / page * page;

  if (last > first)
    madvise ((void *) (run->data + first), (gsize) (last - first), MADV_DONTNEED);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(GError) error = NULL;
  GThreadPool *pool;
  gpointer batch = run->setup.funcs->batch_new (run->setup.scan_data);
  gint64 last_publish = 0;  /* the first chunk merged is published at once */
  guint64 submitted = 0, merged = 0;
  guint64 scanned_to = run->setup.start;
  gboolean stopped = FALSE;

  pool = g_thread_pool_new (chunk_thread, run, (int) mm_scan_get_n_threads (), TRUE, &error);
  if (pool == NULL)
    {
      run->setup.funcs->batch_free (batch);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  while (merged < run->n_chunks && !stopped)
    {
      Slot slot;
      guint64 start, end;

      for (; submitted < run->n_chunks && submitted < merged + run->window; submitted++)
        g_thread_pool_push (pool, GSIZE_TO_POINTER ((gsize) submitted + 1), NULL);

      g_mutex_lock (&run->mutex);
      while (!run->slots[merged % run->window].done)
        g_cond_wait (&run->cond, &run->mutex);
      slot = run->slots[merged % run->window];
      run->slots[merged % run->window].done = FALSE;
      run->slots[merged % run->window].result = NULL;
      g_mutex_unlock (&run->mutex);

      start = run->setup.start + merged * run->setup.chunk_size;
      end = MIN (start + run->setup.chunk_size, run->setup.end);

      if (g_cancellable_is_cancelled (cancellable))
        stopped = TRUE;
      else if (slot.result == NULL ||
               !run->setup.funcs->merge_chunk (run->setup.scan_data, slot.result, start, end, batch))
        stopped = TRUE;
      else
        scanned_to = end;

      if (slot.result != NULL && run->setup.funcs->chunk_free != NULL)
        run->setup.funcs->chunk_free (slot.result);
      merged++;

      if (!stopped && run->setup.release_pages)
        release_pages (run, start, end);

      if (!stopped && merged < run->n_chunks &&
          g_get_monotonic_time () - last_publish >= g_atomic_int_get (&publish_interval))
        {
          publish (task, &batch, scanned_to);
          last_publish = g_get_monotonic_time ();
        }
    }

  /* Chunks not started are dropped; running ones are waited for. */
  g_thread_pool_free (pool, TRUE, TRUE);
  for (guint i = 0; i < run->window; i++)
    if (run->slots[i].done && run->slots[i].result != NULL && run->setup.funcs->chunk_free != NULL)
      run->setup.funcs->chunk_free (run->slots[i].result);

  publish (task, &batch, scanned_to);
  run->setup.funcs->batch_free (batch);

  if (g_task_return_error_if_cancelled (task))
    return;
  {
    guint64 *result = g_new (guint64, 1);

    *result = scanned_to;
    g_task_return_pointer (task, result, g_free);
  }
}

/**
 * mm_scan_run:
 *
 * Scans setup->file from setup->start to setup->end in the background:
 * see MmScanFuncs. Call on the owner's main context.
 */
void
mm_scan_run (const MmScanSetup   *setup,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Run *run;

  g_return_if_fail (setup != NULL && setup->chunk_size > 0);
  g_return_if_fail (G_IS_OBJECT (setup->owner));

  run = g_new0 (Run, 1);
  run->setup = *setup;
  g_object_ref (run->setup.owner);
  g_object_ref (run->setup.file);
  run->context = g_main_context_ref_thread_default ();
  run->data = mm_mapped_file_get_data (setup->file);
  run->length = mm_mapped_file_get_valid_length (setup->file);
  run->generation = *setup->generation;
  run->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  run->window = mm_scan_get_n_threads () * CHUNKS_PER_THREAD;
  run->slots = g_new0 (Slot, run->window);
  run->n_chunks = setup->end > setup->start
                  ? (setup->end - setup->start + setup->chunk_size - 1) / setup->chunk_size : 0;
  g_mutex_init (&run->mutex);
  g_cond_init (&run->cond);

  task = g_task_new (setup->owner, run->cancellable, callback, user_data);
  g_task_set_source_tag (task, mm_scan_run);
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

/* @scanned_to: (out): where the scan got to, merged and published */
gboolean
mm_scan_finish (GAsyncResult  *result,
                guint64       *scanned_to,
                GError       **error)
{
  g_autofree guint64 *to = NULL;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  to = g_task_propagate_pointer (G_TASK (result), error);
  if (to == NULL)
    return FALSE;
  if (scanned_to != NULL)
    *scanned_to = *to;
  return TRUE;
}

/* How often a batch goes to the owner, at most (tests: 0, a batch a
 * chunk). */
void
_mm_scan_set_publish_interval (gint usec)
{
  g_atomic_int_set (&publish_interval, usec);
}
