/* mm-scan.h: the one streaming worker behind every scan of a whole file */
#pragma once

#include <gio/gio.h>

#include "mm-mapped-file.h"

G_BEGIN_DECLS

/*
 * What a scan does, in three places:
 * - scan_chunk, on a pool thread (as many as the machine has cores, at a
 *   lower priority than the UI): looks at [start, end) alone and returns
 *   what it found (or NULL);
 * - merge_chunk, on the scan's own thread, chunk after chunk in file
 *   order: folds a chunk's result into the batch being built; returns
 *   FALSE to end the scan there (the file was truncated under it, ...);
 * - apply_batch, on the owner's main context, at most ~30 times a second
 *   and once at the end: hands the batch to the owner. Batches of a run
 *   that is no longer the owner's current one (see the generation) are
 *   dropped before they get there.
 */
typedef struct
{
  gpointer (*scan_chunk)  (gpointer      scan_data,
                           const guint8 *data,
                           guint64       length,
                           guint64       start,
                           guint64       end);
  gboolean (*merge_chunk) (gpointer      scan_data,
                           gpointer      chunk,
                           guint64       start,
                           guint64       end,
                           gpointer      batch);
  gpointer (*batch_new)   (gpointer      scan_data);
  void     (*batch_free)  (gpointer      batch);
  void     (*chunk_free)  (gpointer      chunk);
  void     (*apply_batch) (GObject      *owner,
                           gpointer      batch,
                           guint64       scanned_to);
} MmScanFuncs;

typedef struct
{
  const MmScanFuncs *funcs;
  GObject           *owner;          /* kept alive while the scan runs */
  const guint       *generation;     /* the owner's: read on its main context only */
  MmMappedFile      *file;
  guint64            start;          /* a multiple of chunk_size, or 0 */
  guint64            end;
  guint64            chunk_size;
  gboolean           release_pages;  /* drop scanned pages from our resident set */
  gpointer           scan_data;      /* read-only to the pool threads */
  GDestroyNotify     scan_data_free;
} MmScanSetup;

void     mm_scan_run    (const MmScanSetup   *setup,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data);
gboolean mm_scan_finish (GAsyncResult        *result,
                         guint64             *scanned_to,
                         GError             **error);
guint    mm_scan_get_n_threads (void);
void     _mm_scan_set_publish_interval (gint usec);

G_END_DECLS
