/* mm-hex-panel-private.h: what the hex panel shows and types, for its tests */
#pragma once

#include "mm-hex-panel.h"

G_BEGIN_DECLS

char      *_mm_hex_panel_dup_row_text (MmHexPanel  *self,
                                      guint        row);
void       _mm_hex_panel_set_ascii    (MmHexPanel  *self,
                                      gboolean     ascii);

G_END_DECLS
