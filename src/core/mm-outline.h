/* mm-outline.h: the list of conversations of an export (or the top-level
 * members of any JSON file), as a GListModel that makes items on demand */
#pragma once

#include <gio/gio.h>

#include "mm-json-index.h"
#include "mm-mapped-file.h"
#include "mm-outline-item.h"

G_BEGIN_DECLS

typedef enum
{
  MM_OUTLINE_KIND_NONE,           /* not JSON, or nothing known yet */
  MM_OUTLINE_KIND_CONVERSATIONS,  /* a ChatGPT export */
  MM_OUTLINE_KIND_MEMBERS,        /* any other JSON: its top-level members */
} MmOutlineKind;

typedef enum
{
  MM_OUTLINE_SORT_FILE,
  MM_OUTLINE_SORT_NEWEST,
  MM_OUTLINE_SORT_OLDEST,
} MmOutlineSort;

#define MM_TYPE_OUTLINE (mm_outline_get_type ())

G_DECLARE_FINAL_TYPE (MmOutline, mm_outline, MM, OUTLINE, GObject)

MmOutline     *mm_outline_new              (MmMappedFile        *file,
                                            MmJsonIndex         *json);
gboolean       mm_outline_can_build        (MmOutline           *self);
void           mm_outline_build_async      (MmOutline           *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean       mm_outline_build_finish     (MmOutline           *self,
                                            GAsyncResult        *result,
                                            GError             **error);
void           mm_outline_clear            (MmOutline           *self);
MmOutlineKind  mm_outline_get_kind         (MmOutline           *self);
gboolean       mm_outline_is_complete      (MmOutline           *self);
gboolean       mm_outline_is_listed        (MmOutline           *self);
guint          mm_outline_get_n_found      (MmOutline           *self);
guint          mm_outline_get_n_expected   (MmOutline           *self);
void           mm_outline_set_filter       (MmOutline           *self,
                                            const char          *text);
void           mm_outline_set_sort         (MmOutline           *self,
                                            MmOutlineSort        sort);
guint          mm_outline_find             (MmOutline           *self,
                                            guint64              offset);
gsize          mm_outline_get_memory_size  (MmOutline           *self);

G_END_DECLS
