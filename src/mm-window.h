/* mm-window.h: one window, one file */
#pragma once

#include <gtk/gtk.h>

#include "mm-application.h"
#include "mm-hex-panel.h"
#include "mm-minimap.h"
#include "mm-search.h"
#include "mm-text-view.h"

G_BEGIN_DECLS

#define MM_TYPE_WINDOW (mm_window_get_type ())

G_DECLARE_FINAL_TYPE (MmWindow, mm_window, MM, WINDOW, GtkApplicationWindow)

MmWindow    *mm_window_new             (MmApplication *application);
void         mm_window_open            (MmWindow      *self,
                                        GFile         *file,
                                        guint64        line);
MmDocument  *mm_window_get_document    (MmWindow      *self);
MmTextView  *mm_window_get_view        (MmWindow      *self);
MmMinimap   *mm_window_get_minimap     (MmWindow      *self);
MmHexPanel  *mm_window_get_hex_panel   (MmWindow      *self);
gboolean     mm_window_go_to           (MmWindow      *self,
                                        const char    *text,
                                        GError       **error);
void         mm_window_show_banner     (MmWindow      *self,
                                        const char    *text);
void         mm_window_find            (MmWindow      *self,
                                        const char    *text);
MmSearch    *mm_window_get_search      (MmWindow      *self);

G_END_DECLS
