/* mm-statusbar.h: the status bar, bound to a document and a view */
#pragma once

#include <gtk/gtk.h>

#include "mm-document.h"
#include "mm-text-view.h"

G_BEGIN_DECLS

#define MM_TYPE_STATUSBAR (mm_statusbar_get_type ())

G_DECLARE_FINAL_TYPE (MmStatusbar, mm_statusbar, MM, STATUSBAR, GtkWidget)

void         mm_statusbar_set_document      (MmStatusbar  *self,
                                             MmDocument   *document);
void         mm_statusbar_set_view          (MmStatusbar  *self,
                                             MmTextView   *view);
void         mm_statusbar_set_pending_line  (MmStatusbar  *self,
                                             guint64       line);
void         mm_statusbar_popup_goto        (MmStatusbar  *self);
void         mm_statusbar_goto_done         (MmStatusbar  *self,
                                             const GError *error);
const char  *mm_statusbar_get_position_text (MmStatusbar  *self);

G_END_DECLS
