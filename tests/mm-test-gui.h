/* mm-test-gui.h: windows under Xvfb for the widget tests */
#pragma once

#include "mm-window.h"

G_BEGIN_DECLS

typedef gboolean (*MmTestCondition) (gpointer data);

void      mm_test_wait_for               (MmTestCondition  condition,
                                          gpointer         data,
                                          const char      *what);
gboolean  mm_test_is_viewing_and_indexed (gpointer         window);
MmWindow *mm_test_open_window            (const char      *path,
                                          guint64          line);

G_END_DECLS
