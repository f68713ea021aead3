/* mm-format.c: counts with the locale's digit grouping, for every label */
#define G_LOG_DOMAIN "mm-format"

#include "config.h"

#include "mm-format.h"

char *
mm_format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}
