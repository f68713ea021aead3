/* mm-goto-target.c: "123" is a line, "0x1F400" and "@128000" are byte
 * offsets, "50%" or "12.5%" is a fraction of the file. Separators users
 * paste from other tools ("12,345", "12 345", "12_345") are accepted in
 * decimals. Anything else, and any number too large for 64 bits, is not
 * understood rather than guessed at.
 */
#define G_LOG_DOMAIN "mm-goto-target"

#include "config.h"

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

static gboolean
parse_hex (const char *s,
           guint64    *value)
{
  guint64 v = 0;

  if (*s == 0)
    return FALSE;

  for (; *s; s++)
    {
      if (!g_ascii_isxdigit (*s) || v > G_MAXUINT64 >> 4)
        return FALSE;
      v = (v << 4) | (guint64) g_ascii_xdigit_value (*s);
    }

  *value = v;
  return TRUE;
}

/* Digits, at most one '.', more digits: no signs, exponents, hex or words
 * such as "inf", which strtod would take. */
static gboolean
parse_percent (const char *s,
               double     *percent)
{
  gboolean digits = FALSE, dot = FALSE;
  double p;

  for (const char *c = s; *c; c++)
    {
      if (g_ascii_isdigit (*c))
        digits = TRUE;
      else if (*c == '.' && !dot)
        dot = TRUE;
      else
        return FALSE;
    }
  if (!digits)
    return FALSE;

  p = g_ascii_strtod (s, NULL);
  if (!(p >= 0 && p <= 100))
    return FALSE;

  *percent = p;
  return TRUE;
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
      s[len - 1] = 0;
      target->kind = MM_GOTO_PERCENT;
      return parse_percent (g_strstrip (s), &target->percent);
    }

  if (g_ascii_strncasecmp (s, "0x", 2) == 0)
    {
      target->kind = MM_GOTO_OFFSET;
      return parse_hex (s + 2, &target->value);
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
