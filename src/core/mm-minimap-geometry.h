/* mm-minimap-geometry.h: the minimap's mapping between pixels and bytes */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 length;   /* bytes in the file */
  int     height;   /* pixels of the overview */
} MmMinimapGeometry;

int     mm_minimap_offset_to_y    (const MmMinimapGeometry *geometry,
                                   guint64                  offset);
guint64 mm_minimap_y_to_offset    (const MmMinimapGeometry *geometry,
                                   double                   y);
void    mm_minimap_viewport       (const MmMinimapGeometry *geometry,
                                   guint64                  first,
                                   guint64                  end,
                                   int                     *y,
                                   int                     *height);

G_END_DECLS
