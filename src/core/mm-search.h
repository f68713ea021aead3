/* mm-search.h: every match of a pattern in a document, found in the background */
#pragma once

#include <gio/gio.h>

#include "mm-mapped-file.h"
#include "mm-marks.h"
#include "mm-matcher.h"

G_BEGIN_DECLS

#define MM_SEARCH_MAX_STORED (1u << 21)

#define MM_TYPE_SEARCH (mm_search_get_type ())

G_DECLARE_FINAL_TYPE (MmSearch, mm_search, MM, SEARCH, GObject)

MmSearch *mm_search_new            (MmMappedFile   *file,
                                    const char     *pattern,
                                    MmSearchFlags   flags,
                                    MmMarks        *marks,
                                    GError        **error);
void      mm_search_start          (MmSearch       *self,
                                    guint64         caret);
void      mm_search_cancel         (MmSearch       *self);
gboolean  mm_search_is_complete    (MmSearch       *self);
guint64   mm_search_get_n_matches  (MmSearch       *self);
guint     mm_search_get_n_stored   (MmSearch       *self);
double    mm_search_get_fraction   (MmSearch       *self);
gboolean  mm_search_get_match      (MmSearch       *self,
                                    guint           index,
                                    guint64        *offset,
                                    guint64        *length);
gboolean  mm_search_find           (MmSearch       *self,
                                    guint64         from,
                                    gboolean        backward,
                                    guint          *index);
guint     mm_search_first_at_or_after (MmSearch    *self,
                                    guint64         offset);
gboolean  mm_search_get_first_hit  (MmSearch       *self,
                                    guint64        *offset,
                                    guint64        *length);

G_END_DECLS
