/* mm-outline-pane.h: the sidebar listing an export's conversations (or a
 * JSON file's top-level members) */
#pragma once

#include <gtk/gtk.h>

#include "mm-document.h"
#include "mm-text-view.h"

G_BEGIN_DECLS

#define MM_TYPE_OUTLINE_PANE (mm_outline_pane_get_type ())

G_DECLARE_FINAL_TYPE (MmOutlinePane, mm_outline_pane, MM, OUTLINE_PANE, GtkWidget)

void        mm_outline_pane_set_document (MmOutlinePane *self,
                                          MmDocument    *document);
void        mm_outline_pane_set_view     (MmOutlinePane *self,
                                          MmTextView    *view);
MmOutline  *mm_outline_pane_get_outline  (MmOutlinePane *self);
MmOutlineKind mm_outline_pane_get_kind   (MmOutlinePane *self);
const char *mm_outline_pane_get_count    (MmOutlinePane *self);
void        mm_outline_pane_select       (MmOutlinePane *self,
                                          guint          position);

G_END_DECLS
