/* mm-outline-pane-private.h: what a click in the outline does, for tests */
#pragma once

#include "mm-outline-pane.h"

G_BEGIN_DECLS

void  _mm_outline_pane_choose       (MmOutlinePane *self,
                                     guint          position);
void  _mm_outline_pane_activate     (MmOutlinePane *self,
                                     guint          position);
guint _mm_outline_pane_get_selected (MmOutlinePane *self);

G_END_DECLS
