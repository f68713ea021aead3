/* mm-minimap-private.h: the minimap's state, for its tests */
#pragma once

#include "mm-minimap.h"

G_BEGIN_DECLS

int         _mm_minimap_get_covered_y   (MmMinimap  *self);
gboolean    _mm_minimap_get_background  (MmMinimap  *self,
                                         GdkRGBA    *background);

G_END_DECLS
