/* mm-format.h: numbers as the user reads them */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *mm_format_count (guint64 n);

G_END_DECLS
