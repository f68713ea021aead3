/* mm-goto-target.c: "123" is a line, "0x1F400" and "@128000" are byte
 * offsets, "50%" is a fraction of the file. Separators users paste from
 * other tools ("12,345", "12 345", "12_345") are accepted in decimals.
 */
#define G_LOG_DOMAIN "mm-goto-target"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mm-goto-target.h"

static gboolean
parse_decimal (const char *s,
               guint64    *value)
{
  guint64 v = 0;
  gboolean any = FALSE;

  for (; *s; s++)
    {
      if (g_ascii_isdigit (*s))
        {
          guint digit = *s - '0';

          if (v > (G_MAXUINT64 - digit) / 10)
            return FALSE;
          v = v * 10 + digit;
          any = TRUE;
        }
      else if ((*s == ',' || *s == '_' || *s == ' ' || *s == '\'') && any)
        continue;
      else
        return FALSE;
    }

  *value = v;
  return any;
}

gboolean
mm_goto_target_parse (const char   *text,
                      MmGotoTarget *target)
{
  g_autofree char *s = NULL;
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  s = g_strstrip (g_strdup (text));
  len = strlen (s);
  if (len == 0)
    return FALSE;

  if (s[len - 1] == '%')
    {
      char *end = NULL;
      double p;

      s[len - 1] = 0;
      g_strstrip (s);
      p = g_ascii_strtod (s, &end);
      if (end == s || *end != 0 || !(p >= 0 && p <= 100))
        return FALSE;
      target->kind = MM_GOTO_PERCENT;
      target->percent = p;
      return TRUE;
    }

  if (g_ascii_strncasecmp (s, "0x", 2) == 0)
    {
      char *end = NULL;

      if (s[2] == 0 || !g_ascii_isxdigit (s[2]))
        return FALSE;
      target->kind = MM_GOTO_OFFSET;
      target->value = g_ascii_strtoull (s + 2, &end, 16);
      return *end == 0;
    }

  if (s[0] == '@')
    {
      target->kind = MM_GOTO_OFFSET;
      return parse_decimal (g_strstrip (s + 1), &target->value);
    }

  target->kind = MM_GOTO_LINE;
  return parse_decimal (s, &target->value) && target->value > 0;
}

guint64
mm_goto_target_percent_offset (const MmGotoTarget *target,
                               guint64             length)
{
  long double offset;

  g_return_val_if_fail (target->kind == MM_GOTO_PERCENT, 0);

  if (length == 0)
    return 0;

  offset = (long double) length * target->percent / 100.0L;
  return MIN ((guint64) offset, length - 1);
}
