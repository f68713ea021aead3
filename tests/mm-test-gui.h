/* mm-test-gui.h: windows under Xvfb for the widget tests */
#pragma once

#include "mm-text-view.h"
#include "mm-window.h"

G_BEGIN_DECLS

typedef struct
{
  double  centre;   /* of the glyph's advance, pixels from cell 0 */
  GdkRGBA color;
} MmTestGlyph;

typedef gboolean (*MmTestCondition) (gpointer data);

void      mm_test_wait_for               (MmTestCondition  condition,
                                          gpointer         data,
                                          const char      *what);
gboolean  mm_test_is_viewing_and_indexed (gpointer         window);
MmWindow *mm_test_open_window            (const char      *path,
                                          guint64          line);
GArray   *mm_test_row_glyphs             (MmTextView      *view,
                                          guint            row);

G_END_DECLS
