/* mm-document.c: the one object a window holds for an open file.
 *
 * It opens and maps the file off the main thread, starts the index, and
 * watches the file: bytes changed by another process are already visible
 * through the shared mapping, an append extends mapping and index, and a
 * truncation is reported so the window can reload; so is a file replaced
 * under its name, or a page that could not be read.
 *
 * Every window showing the file shares one document (one mapping, index
 * and edit journal): each holds it with mm_document_hold() and lets go
 * with mm_document_release(); the last one closes it.
 */
#define G_LOG_DOMAIN "mm-document"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mm-core-enums.h"
#include "mm-document.h"
#include "mm-edit-journal.h"
#include "mm-edit-log.h"

struct _MmDocument
{
  GObject        parent_instance;

  MmMappedFile  *file;
  MmLineIndex   *index;
  MmRows        *rows;
  MmMarks       *marks;
  MmEditJournal *journal;       /* once editing is enabled */
  MmLineIndex   *recheck;       /* a fresh index being built after an outside write */
  MmJsonIndex   *json;          /* built after the line index */
  guint          json_timeout;  /* a rebuild waiting for edits to settle */
  MmOutline     *outline;       /* walked beside the JSON pass */
  GCancellable  *outline_cancellable;
  GFileMonitor  *monitor;
  GCancellable  *cancellable;
  GArray        *recovery;      /* MmEditLogByte: edits a crash left in the file */
  guint          holders;
  guint          truncated_reported : 1;
  guint          replaced_reported : 1;
  guint          io_error_reported : 1;
  guint          indexing_started : 1;
  guint          watching : 1;
};

G_DEFINE_FINAL_TYPE (MmDocument, mm_document, G_TYPE_OBJECT)

enum {
  INDEX_PROGRESS,
  JSON_PROGRESS,
  FILE_CHANGED,
  BYTES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mm_document_dispose (GObject *object)
{
  MmDocument *self = (MmDocument *)object;

  mm_document_close (self);
  g_clear_object (&self->rows);
  g_clear_object (&self->marks);
  g_clear_object (&self->journal);
  g_clear_object (&self->recheck);
  g_clear_handle_id (&self->json_timeout, g_source_remove);
  g_clear_object (&self->json);
  g_clear_object (&self->outline);
  g_clear_object (&self->outline_cancellable);
  g_clear_object (&self->index);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->recovery, g_array_unref);

  G_OBJECT_CLASS (mm_document_parent_class)->dispose (object);
}

static void
mm_document_class_init (MmDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mm_document_dispose;

  signals[INDEX_PROGRESS] =
    g_signal_new ("index-progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * MmDocument::json-progress:
   *
   * The JSON structure index knows more (or was started anew).
   */
  signals[JSON_PROGRESS] =
    g_signal_new ("json-progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * MmDocument::file-changed:
   * @change: a #MmDocumentChange
   *
   * Another process changed the file.
   */
  signals[FILE_CHANGED] =
    g_signal_new ("file-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MM_TYPE_DOCUMENT_CHANGE);

  /**
   * MmDocument::bytes-changed:
   * @offset: the byte this document's own edit, undo or redo changed
   */
  signals[BYTES_CHANGED] =
    g_signal_new ("bytes-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT64);
}

static void
mm_document_init (MmDocument *self)
{
  self->cancellable = g_cancellable_new ();
}

static void report (MmDocument *self, MmDocumentChange change);

static void
check_io_error (MmDocument *self)
{
  if (!self->io_error_reported && mm_mapped_file_has_io_error (self->file))
    {
      self->io_error_reported = TRUE;
      report (self, MM_DOCUMENT_CHANGE_IO_ERROR);
    }
}

static void
on_index_progress (MmDocument  *self,
                   MmLineIndex *index)
{
  check_io_error (self);
  g_signal_emit (self, signals[INDEX_PROGRESS], 0);
}

static void
outline_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MmDocument) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mm_outline_build_finish (MM_OUTLINE (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Outlining %s failed: %s", mm_document_get_path (self), error->message);
}

static void start_outline (MmDocument *self);

static void
json_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MmDocument) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mm_json_index_build_finish (MM_JSON_INDEX (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Reading the JSON structure of %s failed: %s", mm_document_get_path (self), error->message);
      return;
    }
  start_outline (self);
}

/* The outline starts as soon as the structure pass knows enough: where an
 * export's conversations start (its first batch), or for other JSON, all
 * of it. */
static void
start_outline (MmDocument *self)
{
  if (self->outline_cancellable != NULL || self->outline == NULL ||
      g_cancellable_is_cancelled (self->cancellable) || !mm_outline_can_build (self->outline))
    return;
  self->outline_cancellable = g_cancellable_new ();
  mm_outline_build_async (self->outline, self->outline_cancellable, outline_cb, g_object_ref (self));
}

/* The outline follows the structure: stale as soon as a new pass starts. */
static void
stop_outline (MmDocument *self)
{
  if (self->outline_cancellable != NULL)
    g_cancellable_cancel (self->outline_cancellable);
  g_clear_object (&self->outline_cancellable);
  if (self->outline != NULL)
    mm_outline_clear (self->outline);
}

static void
on_json_progress (MmDocument  *self,
                  MmJsonIndex *json)
{
  start_outline (self);
  g_signal_emit (self, signals[JSON_PROGRESS], 0);
}

/* The JSON pass runs after the line index, which the first screens need
 * more; it starts anew whenever the structure may have changed. */
static void
start_json (MmDocument *self)
{
  g_clear_handle_id (&self->json_timeout, g_source_remove);
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (self->json == NULL)
    {
      self->json = mm_json_index_new (self->file);
      self->outline = mm_outline_new (self->file, self->json);
      g_signal_connect_object (self->json, "progress", G_CALLBACK (on_json_progress),
                               self, G_CONNECT_SWAPPED);
    }
  stop_outline (self);
  mm_json_index_build_async (self->json, self->cancellable, json_cb, g_object_ref (self));
  g_signal_emit (self, signals[JSON_PROGRESS], 0);
}

static gboolean
json_timeout_cb (gpointer data)
{
  MmDocument *self = data;

  self->json_timeout = 0;
  start_json (self);
  return G_SOURCE_REMOVE;
}

/* Edits come a key at a time: rebuild once they pause. */
static void
schedule_json (MmDocument *self)
{
  g_clear_handle_id (&self->json_timeout, g_source_remove);
  self->json_timeout = g_timeout_add (300, json_timeout_cb, self);
}

static void
build_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MmDocument) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mm_line_index_build_finish (MM_LINE_INDEX (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Indexing %s failed: %s", mm_document_get_path (self), error->message);
      return;
    }
  if (mm_line_index_is_complete (self->index))
    start_json (self);
}

static void
start_index (MmDocument *self)
{
  self->indexing_started = TRUE;
  mm_line_index_build_async (self->index, self->cancellable, build_cb, g_object_ref (self));
}

/**
 * mm_document_start_indexing:
 *
 * Starts building the line index in the background, once. Windows call it
 * after their first frame, so the scan never slows down showing the file.
 */
void
mm_document_start_indexing (MmDocument *self)
{
  g_return_if_fail (MM_IS_DOCUMENT (self));

  if (!self->indexing_started && !g_cancellable_is_cancelled (self->cancellable))
    start_index (self);
}

static void recheck_index (MmDocument *self);

/* A query found the bytes no longer agree with the index. */
static void
on_index_stale (MmDocument  *self,
                MmLineIndex *index)
{
  if (self->recheck == NULL)
    recheck_index (self);
}

static void
connect_index (MmDocument *self)
{
  g_signal_connect_object (self->index, "progress", G_CALLBACK (on_index_progress),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->index, "stale", G_CALLBACK (on_index_stale),
                           self, G_CONNECT_SWAPPED);
}

static void
recheck_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MmDocument) self = user_data;
  g_autoptr(GError) error = NULL;
  MmLineIndex *fresh = MM_LINE_INDEX (object);

  if (!mm_line_index_build_finish (fresh, result, &error) || fresh != self->recheck)
    return;

  /* The old index answered until now; the new one takes over whole. */
  g_signal_handlers_disconnect_by_data (self->index, self);
  g_set_object (&self->index, fresh);
  g_clear_object (&self->recheck);
  connect_index (self);
  g_signal_emit (self, signals[INDEX_PROGRESS], 0);
  /* Bytes changed somewhere: the structure may have too. */
  start_json (self);
}

/* Another program changed bytes in place: the shared mapping shows them
 * already, but newlines may have moved, and which bytes changed is not
 * known. A new index is built in the background and replaces the old one
 * when complete, so line numbers never go blank meanwhile. */
static void
recheck_index (MmDocument *self)
{
  if (!self->indexing_started)
    return;

  g_clear_object (&self->recheck);
  self->recheck = mm_line_index_new (self->file);
  mm_line_index_build_async (self->recheck, self->cancellable, recheck_cb, g_object_ref (self));
}

static void
report (MmDocument       *self,
        MmDocumentChange  change)
{
  g_signal_emit (self, signals[FILE_CHANGED], 0, (int) change);
}

static void
on_monitor_changed (MmDocument        *self,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    GFileMonitor      *monitor)
{
  guint64 size;

  if (self->truncated_reported)
    return;

  check_io_error (self);

  /* An editor's save writes a new file and renames it over this one; our
   * descriptor keeps the old one alive. Either way, say so, keep showing
   * what is open, and never write through the name again. */
  if (event == G_FILE_MONITOR_EVENT_DELETED || mm_mapped_file_is_replaced (self->file))
    {
      if (!g_file_test (mm_mapped_file_get_path (self->file), G_FILE_TEST_EXISTS))
        report (self, MM_DOCUMENT_CHANGE_DELETED);
      else if (!self->replaced_reported)
        {
          self->replaced_reported = TRUE;
          report (self, MM_DOCUMENT_CHANGE_REPLACED);
        }
      return;
    }

  if (event != G_FILE_MONITOR_EVENT_CHANGED &&
      event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT)
    return;

  /* Whatever changed, rows cached from the old bytes are stale. */
  mm_rows_invalidate (self->rows);

  size = mm_mapped_file_check_size (self->file);
  if (size < mm_mapped_file_get_length (self->file) || mm_mapped_file_has_faulted (self->file))
    {
      self->truncated_reported = TRUE;
      g_cancellable_cancel (self->cancellable);
      report (self, MM_DOCUMENT_CHANGE_TRUNCATED);
    }
  else if (size > mm_mapped_file_get_length (self->file))
    {
      g_autoptr(GError) error = NULL;

      if (!mm_mapped_file_grow (self->file, &error))
        {
          g_warning ("%s", error->message);
          return;
        }
      if (self->indexing_started)
        start_index (self);
      report (self, MM_DOCUMENT_CHANGE_GREW);
    }
  else
    {
      /* Our own pokes raise no event (they go through the mapping), so this
       * was someone else, even when we wrote a moment ago. */
      recheck_index (self);
      report (self, MM_DOCUMENT_CHANGE_MODIFIED);
    }
}

MmDocument *
mm_document_new_for_file (MmMappedFile *file)
{
  MmDocument *self;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (file), NULL);

  self = g_object_new (MM_TYPE_DOCUMENT, NULL);
  self->file = g_object_ref (file);
  self->index = mm_line_index_new (file);
  self->rows = mm_rows_new (file);
  self->marks = mm_marks_new ();
  connect_index (self);

  return self;
}

/**
 * mm_document_watch:
 *
 * Starts watching the file for other programs' writes, growth, truncation
 * and replacement, once. Windows call it after their first frame: adding a
 * watch on a file walks its directory's entries in the kernel. What changed
 * between the mapping and the watch is reported as the watch begins.
 */
void
mm_document_watch (MmDocument *self)
{
  g_autoptr(GFile) gfile = NULL;

  g_return_if_fail (MM_IS_DOCUMENT (self));

  if (self->watching)
    return;
  self->watching = TRUE;

  gfile = g_file_new_for_path (mm_mapped_file_get_path (self->file));
  self->monitor = g_file_monitor_file (gfile, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->monitor == NULL)
    return;
  g_file_monitor_set_rate_limit (self->monitor, 250);
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_monitor_changed),
                           self, G_CONNECT_SWAPPED);
  if (mm_mapped_file_changed_since_open (self->file))
    on_monitor_changed (self, gfile, NULL, G_FILE_MONITOR_EVENT_CHANGED, self->monitor);
}

typedef struct
{
  MmMappedFile *file;
  GArray       *recovery;  /* MmEditLogByte, from a log a crash left */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->file);
  g_clear_pointer (&loaded->recovery, g_array_unref);
  g_free (loaded);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  MmMappedFile *file = mm_mapped_file_new (task_data, &error);
  Loaded *loaded;
  guint64 dev, ino;

  if (file == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  loaded = g_new0 (Loaded, 1);
  loaded->file = file;
  mm_mapped_file_get_identity (file, &dev, &ino);
  if (!mm_mapped_file_is_snapshot (file))
    loaded->recovery = mm_edit_log_recover (task_data, dev, ino);
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

/* Opens and maps the file in a thread: open(2) itself can wait on a slow
 * or network file system. */
void
mm_document_load_async (const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mm_document_load_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_thread);
}

MmDocument *
mm_document_load_finish (GAsyncResult  *result,
                         GError       **error)
{
  Loaded *loaded;
  MmDocument *self;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return NULL;

  self = mm_document_new_for_file (loaded->file);
  self->recovery = g_steal_pointer (&loaded->recovery);
  loaded_free (loaded);
  return self;
}

const char *
mm_document_get_path (MmDocument *self)
{
  g_return_val_if_fail (MM_IS_DOCUMENT (self), NULL);

  return mm_mapped_file_get_path (self->file);
}

MmMappedFile *
mm_document_get_file (MmDocument *self)
{
  g_return_val_if_fail (MM_IS_DOCUMENT (self), NULL);

  return self->file;
}

/* NULL until the JSON pass first starts, after the line index. */
MmOutline *
mm_document_get_outline (MmDocument *self)
{
  g_return_val_if_fail (MM_IS_DOCUMENT (self), NULL);

  return self->outline;
}

/* The JSON structure index, or NULL before the line index is complete. */
MmJsonIndex *
mm_document_get_json_index (MmDocument *self)
{
  g_return_val_if_fail (MM_IS_DOCUMENT (self), NULL);

  return self->json;
}

MmLineIndex *
mm_document_get_index (MmDocument *self)
{
  g_return_val_if_fail (MM_IS_DOCUMENT (self), NULL);

  return self->index;
}

MmRows *
mm_document_get_rows (MmDocument *self)
{
  g_return_val_if_fail (MM_IS_DOCUMENT (self), NULL);

  return self->rows;
}

MmMarks *
mm_document_get_marks (MmDocument *self)
{
  g_return_val_if_fail (MM_IS_DOCUMENT (self), NULL);

  return self->marks;
}

guint64
mm_document_get_length (MmDocument *self)
{
  g_return_val_if_fail (MM_IS_DOCUMENT (self), 0);

  return mm_mapped_file_get_valid_length (self->file);
}

/* Bytes whose change can change the JSON structure around them. */
static gboolean
is_structural (guint value)
{
  static const char bytes[] = "\"\\{}[],: \t\r\n";

  return memchr (bytes, (int) value, sizeof bytes - 1) != NULL;
}

static void
on_journal_changed (MmDocument    *self,
                    guint64        offset,
                    guint          old_value,
                    guint          new_value,
                    MmEditJournal *journal)
{
  /* Keep the index exact without a rebuild, and rows drawn from new bytes. */
  mm_line_index_byte_changed (self->index, offset, (guint8) old_value, (guint8) new_value);
  if (self->recheck != NULL)
    mm_line_index_byte_changed (self->recheck, offset, (guint8) old_value, (guint8) new_value);
  mm_rows_invalidate (self->rows);
  if (self->json != NULL && (is_structural (old_value) || is_structural (new_value)))
    schedule_json (self);

  if (mm_edit_journal_is_edited (journal, offset))
    mm_marks_add (self->marks, MM_MARK_EDIT, offset);
  else
    mm_marks_remove (self->marks, MM_MARK_EDIT, offset);

  g_signal_emit (self, signals[BYTES_CHANGED], 0, offset);
}

/* Revert All changed many bytes at once: marks, index and rows are made
 * again from the bytes, the index in the background. */
static void
on_journal_changed_many (MmDocument    *self,
                         MmEditJournal *journal)
{
  g_autoptr(GArray) edited = mm_edit_journal_get_edited (journal);

  mm_marks_clear (self->marks, MM_MARK_EDIT);
  for (guint i = 0; i < edited->len; i++)
    mm_marks_add (self->marks, MM_MARK_EDIT, g_array_index (edited, guint64, i));
  mm_rows_invalidate (self->rows);
  recheck_index (self);
  if (self->json != NULL)
    schedule_json (self);
  g_signal_emit (self, signals[BYTES_CHANGED], 0, G_MAXUINT64);
}

static void
connect_journal (MmDocument *self)
{
  g_signal_connect_object (self->journal, "changed", G_CALLBACK (on_journal_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->journal, "changed-many", G_CALLBACK (on_journal_changed_many),
                           self, G_CONNECT_SWAPPED);
}

/**
 * mm_document_enable_editing:
 *
 * Reopens the file for writing and maps it writable, in place. A file the
 * user may not write stays read-only and untouched, and @error says why.
 */
gboolean
mm_document_enable_editing (MmDocument  *self,
                            GError     **error)
{
  g_return_val_if_fail (MM_IS_DOCUMENT (self), FALSE);

  if (self->journal != NULL)
    return TRUE;

  if (!mm_mapped_file_make_writable (self->file, error))
    return FALSE;

  self->journal = mm_edit_journal_new (self->file);
  connect_journal (self);
  return TRUE;
}

/**
 * mm_document_adopt_journal:
 * @lost: (out): edits past the end of the file as it is now, dropped
 *
 * After a reload, takes over the edit history of the document this one
 * replaces, if it is the same file: the edits stay undoable. Editing is
 * enabled for it.
 */
gboolean
mm_document_adopt_journal (MmDocument     *self,
                           MmEditJournal  *journal,
                           guint          *lost,
                           GError        **error)
{
  guint64 dev, ino, old_dev, old_ino;

  g_return_val_if_fail (MM_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (journal), FALSE);

  *lost = 0;
  mm_mapped_file_get_identity (self->file, &dev, &ino);
  mm_mapped_file_get_identity (mm_edit_journal_get_file (journal), &old_dev, &old_ino);
  if (dev != old_dev || ino != old_ino)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("The edits were made in the file this name had before; they stay in that file."));
      return FALSE;
    }

  if (self->journal != NULL || !mm_mapped_file_make_writable (self->file, error))
    return FALSE;

  *lost = mm_edit_journal_rebase (journal, self->file);
  self->journal = g_object_ref (journal);
  connect_journal (self);

  {
    g_autoptr(GArray) edited = mm_edit_journal_get_edited (journal);

    for (guint i = 0; i < edited->len; i++)
      mm_marks_add (self->marks, MM_MARK_EDIT, g_array_index (edited, guint64, i));
  }
  return TRUE;
}

/* The edit journal, or NULL while the document is read-only. */
MmEditJournal *
mm_document_get_journal (MmDocument *self)
{
  g_return_val_if_fail (MM_IS_DOCUMENT (self), NULL);

  return self->journal;
}

/* Stops background work and watching; the mapping stays until the last
 * reference goes. Edits that are saved or reverted no longer need their
 * log for recovery. */
void
mm_document_close (MmDocument *self)
{
  g_return_if_fail (MM_IS_DOCUMENT (self));

  if (self->journal != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->journal, self);
      mm_edit_journal_close (self->journal);
    }
  g_cancellable_cancel (self->cancellable);
  if (self->outline_cancellable != NULL)
    g_cancellable_cancel (self->outline_cancellable);
  if (self->monitor != NULL)
    {
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
}

/* A window shows this document. */
void
mm_document_hold (MmDocument *self)
{
  g_return_if_fail (MM_IS_DOCUMENT (self));

  self->holders++;
}

/* A window no longer shows it; the last one to go closes it. */
void
mm_document_release (MmDocument *self)
{
  g_return_if_fail (MM_IS_DOCUMENT (self));
  g_return_if_fail (self->holders > 0);

  if (--self->holders == 0)
    mm_document_close (self);
}

gboolean
mm_document_is_closed (MmDocument *self)
{
  g_return_val_if_fail (MM_IS_DOCUMENT (self), TRUE);

  return g_cancellable_is_cancelled (self->cancellable);
}

/**
 * mm_document_get_recovery:
 *
 * Bytes that a log left by an earlier session (a crash, a kill -9) says
 * MmView changed and never saved or reverted (MmEditLogByte), or NULL.
 */
GArray *
mm_document_get_recovery (MmDocument *self)
{
  g_return_val_if_fail (MM_IS_DOCUMENT (self), NULL);

  return self->recovery;
}

void
mm_document_clear_recovery (MmDocument *self)
{
  g_return_if_fail (MM_IS_DOCUMENT (self));

  g_clear_pointer (&self->recovery, g_array_unref);
}
