/* mm-minimap.h: the whole file at a glance, beside a text view */
#pragma once

#include <gtk/gtk.h>

#include "mm-text-view.h"

G_BEGIN_DECLS

#define MM_TYPE_MINIMAP (mm_minimap_get_type ())

G_DECLARE_FINAL_TYPE (MmMinimap, mm_minimap, MM, MINIMAP, GtkWidget)

GtkWidget  *mm_minimap_new             (void);
void        mm_minimap_set_view        (MmMinimap  *self,
                                        MmTextView *view);
MmTextView *mm_minimap_get_view        (MmMinimap  *self);
void        mm_minimap_click           (MmMinimap  *self,
                                        double      x,
                                        double      y);
void        mm_minimap_update_now      (MmMinimap  *self);

G_END_DECLS
