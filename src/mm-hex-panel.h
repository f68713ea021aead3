/* mm-hex-panel.h: the bytes around the caret, in hex, editable in place */
#pragma once

#include <gtk/gtk.h>

#include "mm-text-view.h"

G_BEGIN_DECLS

#define MM_TYPE_HEX_PANEL (mm_hex_panel_get_type ())

G_DECLARE_FINAL_TYPE (MmHexPanel, mm_hex_panel, MM, HEX_PANEL, GtkWidget)

GtkWidget *mm_hex_panel_new          (void);
void       mm_hex_panel_set_view     (MmHexPanel  *self,
                                      MmTextView  *view);
gboolean   mm_hex_panel_type_text    (MmHexPanel  *self,
                                      const char  *text,
                                      GError     **error);
gboolean   mm_hex_panel_hit          (MmHexPanel  *self,
                                      double       x,
                                      double       y,
                                      guint64     *offset,
                                      gboolean    *ascii);

G_END_DECLS
