/* mm-document.h: one open file: its mapping, index, rows and watcher */
#pragma once

#include <gio/gio.h>

#include "mm-edit-journal.h"
#include "mm-json-index.h"
#include "mm-line-index.h"
#include "mm-mapped-file.h"
#include "mm-marks.h"
#include "mm-outline.h"
#include "mm-rows.h"

G_BEGIN_DECLS

typedef enum
{
  MM_DOCUMENT_CHANGE_MODIFIED,   /* bytes changed in place */
  MM_DOCUMENT_CHANGE_GREW,       /* appended to; already mapped and being indexed */
  MM_DOCUMENT_CHANGE_TRUNCATED,  /* shorter than the mapping: must be reloaded */
  MM_DOCUMENT_CHANGE_DELETED,
  MM_DOCUMENT_CHANGE_REPLACED,   /* another file now has the name (an editor's save): reload to see it */
  MM_DOCUMENT_CHANGE_IO_ERROR,   /* a page of the file could not be read: zeros are shown there */
} MmDocumentChange;

#define MM_TYPE_DOCUMENT (mm_document_get_type ())

G_DECLARE_FINAL_TYPE (MmDocument, mm_document, MM, DOCUMENT, GObject)

void          mm_document_load_async   (const char          *path,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
MmDocument   *mm_document_load_finish  (GAsyncResult        *result,
                                        GError             **error);
MmDocument   *mm_document_new_for_file (MmMappedFile        *file);
const char   *mm_document_get_path     (MmDocument          *self);
MmMappedFile *mm_document_get_file     (MmDocument          *self);
MmLineIndex  *mm_document_get_index    (MmDocument          *self);
MmJsonIndex  *mm_document_get_json_index (MmDocument        *self);
MmOutline    *mm_document_get_outline  (MmDocument          *self);
MmRows       *mm_document_get_rows     (MmDocument          *self);
MmMarks      *mm_document_get_marks    (MmDocument          *self);
guint64       mm_document_get_length   (MmDocument          *self);
void          mm_document_start_indexing (MmDocument        *self);
void          mm_document_watch          (MmDocument        *self);
void          mm_document_close        (MmDocument          *self);
void          mm_document_hold         (MmDocument          *self);
void          mm_document_release      (MmDocument          *self);
gboolean      mm_document_is_closed    (MmDocument          *self);
GArray       *mm_document_get_recovery (MmDocument          *self);
void          mm_document_clear_recovery (MmDocument        *self);
gboolean      mm_document_adopt_journal (MmDocument         *self,
                                        MmEditJournal       *journal,
                                        guint               *lost,
                                        GError             **error);
gboolean      mm_document_enable_editing (MmDocument        *self,
                                        GError             **error);
MmEditJournal *mm_document_get_journal (MmDocument          *self);

G_END_DECLS
