/* mm-json-reader.c: JSON values read straight from mapped bytes.
 *
 * The outline and the reader walk one conversation at a time: an iterator
 * over a container's members hands out where each key and value begin, and
 * skips a value only if the caller did not walk into it (mm_json_iter_skip_to),
 * so the long strings that make up most of an export are passed over once,
 * by memchr. Nothing here trusts the bytes: every read is bounded by the
 * end given, and malformed input ends the iteration instead of going on.
 */
#define G_LOG_DOMAIN "mm-json-reader"

#include "config.h"

#include <math.h>
#include <string.h>
#ifdef __SSE2__
# include <emmintrin.h>
#endif

#include "mm-json-reader.h"

static inline gboolean
is_blank (guint8 c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static inline gboolean
is_token_byte (guint8 c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '+' || c == '.';
}

/* Inlined where the iterator steps, as mm_json_skip_blank() is not: an
 * export has a blank after most colons and commas, or none. */
static inline guint64
skip_blank (const MmJsonBytes *bytes,
            guint64            pos)
{
  while (pos < bytes->end && is_blank (bytes->data[pos]))
    pos++;
  return pos;
}

guint64
mm_json_skip_blank (const MmJsonBytes *bytes,
                    guint64            pos)
{
  return skip_blank (bytes, pos);
}

/* Past the closing quote of the string opening at `quote`; NONE if cut. */
static guint64
string_end (const MmJsonBytes *bytes,
            guint64            quote)
{
  const guint8 *data = bytes->data;
  guint64 from = quote + 1;

#ifdef __SSE2__
  /* Most strings of an export are short (keys, roles, 36-byte ids): their
   * end is in the next 64 bytes, with no backslash before it. */
  for (guint64 k = 0; k < 64 && from + k + 16 <= bytes->end; k += 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i_u *) (data + from + k));
      guint32 quotes = (guint32) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('"')));
      guint32 backslashes = (guint32) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\\')));

      if ((backslashes & ((quotes & -quotes) - 1)) != 0)
        break;   /* a backslash first: the walk below */
      if (quotes != 0)
        return from + k + (guint64) __builtin_ctz (quotes) + 1;
    }
#endif

  while (from < bytes->end)
    {
      const guint8 *q = memchr (data + from, '"', (gsize) (bytes->end - from));
      guint64 at, back;

      if (q == NULL)
        return MM_JSON_NONE;
      at = (guint64) (q - data);
      for (back = at; back > quote + 1 && data[back - 1] == '\\'; back--)
        ;
      if ((at - back) % 2 == 0)
        return at + 1;
      from = at + 1;
    }
  return MM_JSON_NONE;
}

/* Brackets and quotes: the only bytes a container's skip looks at. */
static const guint8 structural[256] = {
  ['"'] = 1, ['{'] = 1, ['['] = 1, ['}'] = 1, [']'] = 1,
};

static guint64
container_end (const MmJsonBytes *bytes,
               guint64            open)
{
  const guint8 *data = bytes->data;
  guint64 pos = open + 1;
  guint depth = 1;

  while (pos < bytes->end)
    {
      guint8 c = data[pos];

      if (!structural[c])
        {
          pos++;
          continue;
        }
      if (c == '"')
        {
          pos = string_end (bytes, pos);
          if (pos == MM_JSON_NONE)
            return MM_JSON_NONE;
          continue;
        }
      if (c == '{' || c == '[')
        depth++;
      else if (--depth == 0)
        return pos + 1;
      pos++;
    }
  return MM_JSON_NONE;
}

/* Past the value at `value` (< bytes->end); NONE if it is cut or none.
 * Inlined where the iterator passes over a value nobody walked into. */
static inline guint64
end_of_value (const MmJsonBytes *bytes,
              guint64            value)
{
  guint64 end;

  switch (bytes->data[value])
    {
    case '"':
      return string_end (bytes, value);
    case '{':
    case '[':
      return container_end (bytes, value);
    default:
      end = value;
      while (end < bytes->end && is_token_byte (bytes->data[end]))
        end++;
      return end == value ? MM_JSON_NONE : end;
    }
}

gboolean
mm_json_skip_value (const MmJsonBytes *bytes,
                    guint64            value,
                    guint64           *value_end)
{
  guint64 end = value < bytes->end ? end_of_value (bytes, value) : MM_JSON_NONE;

  if (end == MM_JSON_NONE)
    return FALSE;
  *value_end = end;
  return TRUE;
}

gboolean
mm_json_iter_init (MmJsonIter        *iter,
                   const MmJsonBytes *bytes,
                   guint64            container)
{
  memset (iter, 0, sizeof *iter);
  iter->bytes = bytes;
  iter->done = TRUE;
  if (container >= bytes->end || (bytes->data[container] != '{' && bytes->data[container] != '['))
    return FALSE;
  iter->kind = bytes->data[container];
  iter->pos = container + 1;
  iter->pending = MM_JSON_NONE;
  iter->first = TRUE;
  iter->done = FALSE;
  return TRUE;
}

/* The value handed out last ends at value_end: the caller walked it, so
 * the next call need not skip it. */
void
mm_json_iter_skip_to (MmJsonIter *iter,
                      guint64     value_end)
{
  iter->pos = value_end;
  iter->pending = MM_JSON_NONE;
}

/* Past the container's closing bracket (the members left are skipped);
 * NONE when malformed. */
guint64
mm_json_iter_finish (MmJsonIter *iter)
{
  guint64 key, value;

  while (mm_json_iter_next (iter, &key, &value))
    ;
  return iter->pos;
}

/**
 * mm_json_iter_next:
 * @key: (out) (optional): the key's opening quote in an object, NONE in an array
 * @value: (out): the member's first byte
 *
 * The next member. The value is skipped on the following call, unless the
 * caller walked it and said where it ends (mm_json_iter_skip_to).
 * Returns FALSE after the last member and on malformed input; then
 * iter->pos is past the closing bracket, or NONE when malformed.
 */
gboolean
mm_json_iter_next (MmJsonIter *iter,
                   guint64    *key,
                   guint64    *value)
{
  const MmJsonBytes *bytes = iter->bytes;
  guint8 close;
  guint64 pos;

  if (iter->done)
    return FALSE;
  if (iter->pending != MM_JSON_NONE)
    {
      if (iter->pending >= bytes->end || (iter->pos = end_of_value (bytes, iter->pending)) == MM_JSON_NONE)
        goto malformed;
      iter->pending = MM_JSON_NONE;
    }
  close = iter->kind == '{' ? '}' : ']';
  pos = skip_blank (bytes, iter->pos);
  if (pos >= bytes->end)
    goto malformed;

  if (bytes->data[pos] == close)
    {
      iter->pos = pos + 1;
      iter->done = TRUE;
      return FALSE;
    }
  if (!iter->first)
    {
      if (bytes->data[pos] != ',')
        goto malformed;
      pos = skip_blank (bytes, pos + 1);
    }
  iter->first = FALSE;

  if (iter->kind == '{')
    {
      guint64 key_end;

      if (pos >= bytes->end || bytes->data[pos] != '"' || (key_end = string_end (bytes, pos)) == MM_JSON_NONE)
        goto malformed;
      if (key != NULL)
        *key = pos;
      pos = skip_blank (bytes, key_end);
      if (pos >= bytes->end || bytes->data[pos] != ':')
        goto malformed;
      pos = skip_blank (bytes, pos + 1);
    }
  else if (key != NULL)
    *key = MM_JSON_NONE;

  if (pos >= bytes->end)
    goto malformed;
  *value = pos;
  iter->pending = pos;
  return TRUE;

malformed:
  iter->pos = MM_JSON_NONE;
  iter->pending = MM_JSON_NONE;
  iter->done = TRUE;
  return FALSE;
}

gboolean
mm_json_find_member (const MmJsonBytes *bytes,
                     guint64            object,
                     const char        *key,
                     guint64           *value)
{
  MmJsonIter iter;
  guint64 k, v;

  if (!mm_json_iter_init (&iter, bytes, object) || iter.kind != '{')
    return FALSE;
  while (mm_json_iter_next (&iter, &k, &v))
    if (mm_json_string_equals (bytes, k, key))
      {
        *value = v;
        return TRUE;
      }
  return FALSE;
}

guint64
mm_json_count_members (const MmJsonBytes *bytes,
                       guint64            container)
{
  MmJsonIter iter;
  guint64 n = 0, value;

  if (mm_json_iter_init (&iter, bytes, container))
    while (mm_json_iter_next (&iter, NULL, &value))
      n++;
  return n;
}

gboolean
mm_json_is_string (const MmJsonBytes *bytes,
                   guint64            value)
{
  return value < bytes->end && bytes->data[value] == '"';
}

static gboolean
token_is (const MmJsonBytes *bytes,
          guint64            value,
          const char        *word)
{
  gsize n = strlen (word);

  return value < bytes->end && bytes->end - value >= n && memcmp (bytes->data + value, word, n) == 0 &&
         (value + n == bytes->end || !is_token_byte (bytes->data[value + n]));
}

gboolean
mm_json_is_null (const MmJsonBytes *bytes,
                 guint64            value)
{
  return token_is (bytes, value, "null");
}

gboolean
mm_json_is_true (const MmJsonBytes *bytes,
                 guint64            value)
{
  return token_is (bytes, value, "true");
}

/* The bytes between the quotes, escapes as written. */
gboolean
mm_json_string_body (const MmJsonBytes *bytes,
                     guint64            value,
                     guint64           *body,
                     guint64           *body_end)
{
  guint64 end;

  if (!mm_json_is_string (bytes, value) || (end = string_end (bytes, value)) == MM_JSON_NONE)
    return FALSE;
  *body = value + 1;
  *body_end = end - 1;
  return TRUE;
}

/* Empty, or only blanks (escaped \n, \t and \r count as blanks): looks at
 * the first non-blank character only. */
gboolean
mm_json_string_is_blank (const MmJsonBytes *bytes,
                         guint64            value)
{
  guint64 pos = value + 1;

  if (!mm_json_is_string (bytes, value))
    return FALSE;
  while (pos < bytes->end)
    {
      guint8 c = bytes->data[pos];

      if (c == '"')
        return TRUE;
      if (c == '\\' && pos + 1 < bytes->end &&
          (bytes->data[pos + 1] == 'n' || bytes->data[pos + 1] == 't' || bytes->data[pos + 1] == 'r'))
        pos += 2;
      else if (is_blank (c))
        pos++;
      else
        return FALSE;
    }
  return FALSE;
}

static int
hex_value (guint8 c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The code unit of a \uXXXX at p (the backslash), or -1. */
static int
unicode_escape (const guint8 *p,
                guint64       avail)
{
  int v = 0;

  if (avail < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;
  for (int i = 2; i < 6; i++)
    {
      int h = hex_value (p[i]);

      if (h < 0)
        return -1;
      v = v * 16 + h;
    }
  return v;
}

/**
 * mm_json_append_string:
 * @max_bytes: stop once the text holds this many bytes (0: no limit)
 *
 * Appends the text the string at @value stands for: escapes decoded
 * (surrogate pairs joined), and U+FFFD for a lone surrogate, a NUL, or a
 * byte that is not UTF-8.
 */
void
mm_json_append_string (GString           *out,
                       const MmJsonBytes *bytes,
                       guint64            value,
                       gsize              max_bytes)
{
  const guint8 *data = bytes->data;
  guint64 pos = value + 1;
  gsize start_len = out->len;

  if (!mm_json_is_string (bytes, value))
    return;

  while (pos < bytes->end && (max_bytes == 0 || out->len - start_len < max_bytes))
    {
      guint8 c = data[pos];

      if (c == '"')
        return;
      if (c == '\\' && pos + 1 < bytes->end)
        {
          guint8 e = data[pos + 1];
          int unit;

          switch (e)
            {
            case 'n': g_string_append_c (out, '\n'); pos += 2; continue;
            case 't': g_string_append_c (out, '\t'); pos += 2; continue;
            case 'r': g_string_append_c (out, '\r'); pos += 2; continue;
            case 'b': g_string_append_c (out, '\b'); pos += 2; continue;
            case 'f': g_string_append_c (out, '\f'); pos += 2; continue;
            case 'u':
              unit = unicode_escape (data + pos, bytes->end - pos);
              if (unit < 0)
                break;
              pos += 6;
              if (unit >= 0xd800 && unit < 0xdc00)
                {
                  int low = unicode_escape (data + pos, bytes->end - pos);

                  if (low >= 0xdc00 && low < 0xe000)
                    {
                      g_string_append_unichar (out, 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00));
                      pos += 6;
                      continue;
                    }
                  unit = 0xfffd;
                }
              else if ((unit >= 0xdc00 && unit < 0xe000) || unit == 0)
                unit = 0xfffd;
              g_string_append_unichar (out, (gunichar) unit);
              continue;
            default:
              /* \" \\ \/ and any other ASCII: the character itself; a
               * backslash before a longer character is dropped. */
              if (e >= 0x80)
                {
                  pos += 1;
                  continue;
                }
              if (e == 0)
                g_string_append_unichar (out, 0xfffd);
              else
                g_string_append_c (out, (char) e);
              pos += 2;
              continue;
            }
          g_string_append_unichar (out, 0xfffd);
          pos += 2;
          continue;
        }

      if (c < 0x80)
        {
          if (c == 0)
            g_string_append_unichar (out, 0xfffd);
          else
            g_string_append_c (out, (char) c);
          pos++;
        }
      else
        {
          gsize avail = (gsize) MIN (bytes->end - pos, 4);
          gunichar ch = g_utf8_get_char_validated ((const char *) data + pos, (gssize) avail);

          if (ch == (gunichar) -1 || ch == (gunichar) -2)
            {
              g_string_append_unichar (out, 0xfffd);
              pos++;
            }
          else
            {
              g_string_append_unichar (out, ch);
              pos += g_unichar_to_utf8 (ch, NULL);
            }
        }
    }
}

char *
mm_json_dup_string (const MmJsonBytes *bytes,
                    guint64            value)
{
  GString *out = g_string_new (NULL);

  mm_json_append_string (out, bytes, value, 0);
  return g_string_free (out, FALSE);
}

gsize
mm_json_token_length (const MmJsonBytes *bytes,
                      guint64            value)
{
  guint64 end = value;

  while (end < bytes->end && is_token_byte (bytes->data[end]))
    end++;
  return (gsize) (end - value);
}

gboolean
mm_json_get_number (const MmJsonBytes *bytes,
                    guint64            value,
                    double            *number)
{
  char buffer[64];
  gsize n = mm_json_token_length (bytes, value);
  char *end = NULL;

  if (n == 0 || n >= sizeof buffer)
    return FALSE;
  memcpy (buffer, bytes->data + value, n);
  buffer[n] = 0;
  *number = g_ascii_strtod (buffer, &end);
  return end == buffer + n && isfinite (*number);
}
