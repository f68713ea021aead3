/* fuzz-goto-target.c: "Go to" on any text.
 *
 * Checked: what is understood is written back the canonical way and read
 * again as the same target; a percentage is within 0..100 and maps inside
 * the file; and anything understood is made only of characters a target
 * may hold.
 */
#define G_LOG_DOMAIN "fuzz-goto-target"

#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "mm-goto-target.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *again = NULL;
  MmGotoTarget target, reread;

  if (!mm_goto_target_parse (text, &target))
    return 0;

  for (const char *c = text; *c; c++)
    g_assert_nonnull (strchr ("0123456789abcdefABCDEFxX@%.,_' \t\n\r\v\f", *c));

  switch (target.kind)
    {
    case MM_GOTO_LINE:
      g_assert_cmpuint (target.value, >, 0);
      again = g_strdup_printf ("%" G_GUINT64_FORMAT, target.value);
      break;

    case MM_GOTO_OFFSET:
      again = g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", target.value);
      break;

    case MM_GOTO_PERCENT:
      g_assert_cmpfloat (target.percent, >=, 0);
      g_assert_cmpfloat (target.percent, <=, 100);
      g_assert_cmpuint (mm_goto_target_percent_offset (&target, 1000), <, 1000);
      g_assert_cmpuint (mm_goto_target_percent_offset (&target, G_MAXUINT64), <, G_MAXUINT64);
      /* Exact decimal expansion: no exponent, which "Go to" refuses. */
      again = g_strdup_printf ("%.1100f%%", target.percent);
      break;

    default:
      g_assert_not_reached ();
    }

  g_assert_true (mm_goto_target_parse (again, &reread));
  g_assert_cmpint (reread.kind, ==, target.kind);
  if (target.kind == MM_GOTO_PERCENT)
    g_assert_cmpfloat (reread.percent, ==, target.percent);
  else
    g_assert_cmpuint (reread.value, ==, target.value);
  return 0;
}
