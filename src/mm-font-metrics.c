/* mm-font-metrics.c: one cell is the advance of a digit in the font, one
 * row its line height plus two pixels, measured on the widget's own Pango
 * context so scaling and font options match what is drawn. */
#define G_LOG_DOMAIN "mm-font-metrics"

#include "config.h"

#include "mm-font-metrics.h"

void
mm_font_metrics_measure (GtkWidget                  *widget,
                         const PangoFontDescription *font,
                         double                     *cell_width,
                         int                        *row_height)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, "0000000000");
  PangoRectangle logical;

  pango_layout_set_font_description (layout, font);
  pango_layout_get_extents (layout, NULL, &logical);
  *cell_width = MAX (1.0, (double) logical.width / PANGO_SCALE / 10.0);
  *row_height = MAX (1, PANGO_PIXELS_CEIL (logical.height) + 2);
}
