/* mm-application.h: the single-instance application */
#pragma once

#include <gtk/gtk.h>

#include "mm-document.h"

G_BEGIN_DECLS

#define MM_TYPE_APPLICATION (mm_application_get_type ())

G_DECLARE_FINAL_TYPE (MmApplication, mm_application, MM, APPLICATION, GtkApplication)

MmApplication *mm_application_new             (void);
void           mm_application_choose_renderer (void);
gboolean       mm_application_parse_file_arg  (const char    *arg,
                                               char         **path_out,
                                               guint64       *line_out);
MmDocument    *mm_application_find_document   (MmApplication *self,
                                               const char    *path);
void           mm_application_add_document    (MmApplication *self,
                                               MmDocument    *document);

G_END_DECLS
