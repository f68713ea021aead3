/* mm-json-rows.h: the pretty view's rows: JSON one value per row, indented,
 * computed from the structure index for the rows asked for */
#pragma once

#include <glib-object.h>

#include "mm-json-index.h"
#include "mm-rows.h"

G_BEGIN_DECLS

#define MM_TYPE_JSON_ROWS (mm_json_rows_get_type ())

G_DECLARE_FINAL_TYPE (MmJsonRows, mm_json_rows, MM, JSON_ROWS, GObject)

MmJsonRows *mm_json_rows_new        (MmMappedFile *file,
                                     MmJsonIndex  *json,
                                     MmRows       *plain);
gboolean    mm_json_rows_has_json   (MmJsonRows   *self);
void        mm_json_rows_invalidate (MmJsonRows   *self);
guint64     mm_json_rows_fold       (MmJsonRows   *self,
                                     guint64       offset,
                                     gboolean      fold);
guint64     mm_json_rows_fold_all_at (MmJsonRows  *self,
                                     guint64       offset);
void        mm_json_rows_unfold_all (MmJsonRows   *self);
gboolean    mm_json_rows_reveal     (MmJsonRows   *self,
                                     guint64       offset);
void        mm_json_rows_fold_members (MmJsonRows *self,
                                     guint64       offset);
void        mm_json_rows_set_readable (MmJsonRows *self,
                                     gboolean      readable);
void        mm_json_rows_set_indent_width (MmJsonRows *self,
                                     guint         cells);

G_END_DECLS
