/* mm-minimap-geometry.c: the overview maps bytes linearly onto its height,
 * so it means the same in a file of short lines and in one giant line. */
#define G_LOG_DOMAIN "mm-minimap-geometry"

#include "config.h"

#include <math.h>

#include "mm-minimap-geometry.h"

#define MIN_VIEWPORT_HEIGHT 4

int
mm_minimap_offset_to_y (const MmMinimapGeometry *geometry,
                        guint64                  offset)
{
  if (geometry->length == 0 || geometry->height <= 0)
    return 0;

  offset = MIN (offset, geometry->length);
  return (int) MIN ((long double) offset * geometry->height / geometry->length,
                    (long double) geometry->height - 1);
}

guint64
mm_minimap_y_to_offset (const MmMinimapGeometry *geometry,
                        double                   y)
{
  long double offset;

  if (geometry->length == 0 || geometry->height <= 0)
    return 0;

  /* The first byte drawn in pixel row y. */
  y = CLAMP (y, 0, geometry->height);
  offset = ceill ((long double) y * geometry->length / geometry->height);
  return MIN ((guint64) offset, geometry->length - 1);
}

/* The box for the bytes [first, end) on screen: never thinner than a few
 * pixels, so it can be seen and grabbed even in a 100 GiB file. */
void
mm_minimap_viewport (const MmMinimapGeometry *geometry,
                     guint64                  first,
                     guint64                  end,
                     int                     *y,
                     int                     *height)
{
  int top = mm_minimap_offset_to_y (geometry, first);
  int bottom = geometry->length ? (int) ((long double) MIN (end, geometry->length) *
                                         geometry->height / geometry->length) : 0;

  *height = MAX (MIN_VIEWPORT_HEIGHT, bottom - top);
  *y = MIN (top, MAX (0, geometry->height - *height));
}
