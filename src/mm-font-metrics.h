/* mm-font-metrics.h: the cell grid of a monospace font */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void mm_font_metrics_measure (GtkWidget                  *widget,
                              const PangoFontDescription *font,
                              double                     *cell_width,
                              int                        *row_height);

G_END_DECLS
