/* mm-marks.h: positions in a file worth showing on the minimap */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  MM_MARK_SEARCH,
  MM_MARK_EDIT,
  MM_N_MARK_KINDS
} MmMarkKind;

#define MM_TYPE_MARKS (mm_marks_get_type ())

G_DECLARE_FINAL_TYPE (MmMarks, mm_marks, MM, MARKS, GObject)

MmMarks *mm_marks_new        (void);
void     mm_marks_add        (MmMarks    *self,
                              MmMarkKind  kind,
                              guint64     offset);
void     mm_marks_append     (MmMarks       *self,
                              MmMarkKind     kind,
                              const guint64 *offsets,
                              guint          n);
gboolean mm_marks_remove     (MmMarks    *self,
                              MmMarkKind  kind,
                              guint64     offset);
void     mm_marks_clear      (MmMarks    *self,
                              MmMarkKind  kind);
guint    mm_marks_get_count  (MmMarks    *self,
                              MmMarkKind  kind);
gboolean mm_marks_next       (MmMarks    *self,
                              MmMarkKind  kind,
                              guint64     from,
                              guint64    *offset);
guint    mm_marks_bin        (MmMarks    *self,
                              MmMarkKind  kind,
                              guint64     length,
                              guint       n_bins,
                              guint8     *bins);

G_END_DECLS
