/* mm-highlight.c: tokens of JSON and HTML for the rows on screen.
 *
 * Colouring never parses the file: the view asks the structure index for
 * the lexer state at its first row (in a string or not, a key or not), then
 * lexes forward only the bytes it shows, carrying the state from row to
 * row. HTML has no index: its state at the first row is guessed from the
 * last '<' or '>' before it, which is right outside comments and scripts.
 */
#define G_LOG_DOMAIN "mm-highlight"

#include "config.h"

#include <string.h>

#include "mm-highlight.h"

#define HTML_LOOKBACK 4096
#define ENTITY_MAX 32

static void
emit (GArray      *tokens,
      guint64      start,
      guint64      end,
      MmTokenKind  kind)
{
  MmToken token = { start, end, kind };

  if (end <= start || kind == MM_TOKEN_NONE)
    return;
  /* Runs of one kind are one token. */
  if (tokens->len > 0)
    {
      MmToken *last = &g_array_index (tokens, MmToken, tokens->len - 1);

      if (last->kind == kind && last->end == start)
        {
          last->end = end;
          return;
        }
    }
  g_array_append_val (tokens, token);
}

static gboolean
is_blank (guint8 c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Past the string that opens at quote: whether a ':' follows it. */
static gboolean
string_is_key (const guint8 *data,
               guint64       length,
               guint64       quote)
{
  guint64 from = quote + 1;

  while (from < length)
    {
      const guint8 *q = memchr (data + from, '"', (gsize) (length - from));
      guint64 at, back;

      if (q == NULL)
        return FALSE;
      at = (guint64) (q - data);
      for (back = at; back > quote + 1 && data[back - 1] == '\\'; back--)
        ;
      if ((at - back) % 2 == 0)
        {
          for (at++; at < length && is_blank (data[at]); at++)
            ;
          return at < length && data[at] == ':';
        }
      from = at + 1;
    }
  return FALSE;
}

/* Whether the byte at pos follows an odd run of backslashes. */
static gboolean
escaped_at (const guint8 *data,
            guint64       pos)
{
  guint64 back = pos;

  while (back > 0 && pos - back < 65536 && data[back - 1] == '\\')
    back--;
  return (pos - back) % 2 == 1;
}

/**
 * mm_highlight_json:
 * @length: bytes readable (for looking past @end: is a string a key?)
 * @state: (inout): the state at @start, then at @end
 *
 * Appends the tokens of [@start, @end).
 */
void
mm_highlight_json (const guint8 *data,
                   guint64       length,
                   guint64       start,
                   guint64       end,
                   MmLexState   *state,
                   GArray       *tokens)
{
  guint64 pos = start;

  if (state->in_string && pos < end && escaped_at (data, pos))
    {
      /* The row starts in the middle of an escape. */
      emit (tokens, pos, pos + 1, MM_TOKEN_ESCAPE);
      pos++;
    }

  while (pos < end)
    {
      guint8 c = data[pos];

      if (state->in_string)
        {
          MmTokenKind kind = state->is_key ? MM_TOKEN_KEY : MM_TOKEN_STRING;
          guint64 run = pos;

          while (pos < end && data[pos] != '"' && data[pos] != '\\')
            pos++;
          emit (tokens, run, pos, kind);
          if (pos >= end)
            break;
          if (data[pos] == '\\')
            {
              guint64 stop = MIN (end, pos + (pos + 1 < end && data[pos + 1] == 'u' ? 6 : 2));

              emit (tokens, pos, stop, MM_TOKEN_ESCAPE);
              pos = stop;
              continue;
            }
          emit (tokens, pos, pos + 1, kind);
          pos++;
          state->in_string = FALSE;
          continue;
        }

      if (is_blank (c))
        pos++;
      else if (c == '"')
        {
          state->in_string = TRUE;
          state->is_key = string_is_key (data, length, pos);
          emit (tokens, pos, pos + 1, state->is_key ? MM_TOKEN_KEY : MM_TOKEN_STRING);
          pos++;
        }
      else if (strchr ("{}[],:", c) != NULL && c != 0)
        {
          emit (tokens, pos, pos + 1, MM_TOKEN_PUNCTUATION);
          pos++;
        }
      else
        {
          guint64 word = pos;
          MmTokenKind kind = MM_TOKEN_NONE;

          while (pos < end && (g_ascii_isalnum (data[pos]) || data[pos] == '-' || data[pos] == '+' ||
                               data[pos] == '.'))
            pos++;
          if (pos == word)
            {
              pos++;
              continue;
            }
          if (c == '-' || g_ascii_isdigit (c))
            kind = MM_TOKEN_NUMBER;
          else if ((pos - word == 4 && memcmp (data + word, "true", 4) == 0) ||
                   (pos - word == 5 && memcmp (data + word, "false", 5) == 0))
            kind = MM_TOKEN_BOOLEAN;
          else if (pos - word == 4 && memcmp (data + word, "null", 4) == 0)
            kind = MM_TOKEN_NULL;
          emit (tokens, word, pos, kind);
        }
    }
}

static gboolean
is_name_byte (guint8 c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '_' || c == ':' || c == '.' || c >= 0x80;
}

/* Past the "-->" that ends the comment, if it ends in [start, end). */
static gboolean
comment_end (const guint8 *data,
             guint64       start,
             guint64       end,
             guint64      *stop)
{
  for (guint64 p = start; p < end; p++)
    if (data[p] == '>' && p >= 2 && data[p - 1] == '-' && data[p - 2] == '-')
      {
        *stop = p + 1;
        return TRUE;
      }
  *stop = end;
  return FALSE;
}

/**
 * mm_highlight_html:
 * @state: (inout): the HTML mode at @start, then at @end
 *
 * Appends the tokens of [@start, @end): tags, element and attribute
 * names, attribute values, comments, entities and the doctype.
 */
void
mm_highlight_html (const guint8 *data,
                   guint64       start,
                   guint64       end,
                   MmLexState   *state,
                   GArray       *tokens)
{
  guint64 pos = start;

  while (pos < end)
    {
      guint8 c = data[pos];
      guint64 from = pos;

      switch (state->html)
        {
        case MM_HTML_COMMENT:
          if (comment_end (data, pos, end, &pos))
            state->html = MM_HTML_TEXT;
          emit (tokens, from, pos, MM_TOKEN_COMMENT);
          break;

        case MM_HTML_VALUE:
          while (pos < end && data[pos] != state->quote)
            pos++;
          if (pos < end)
            {
              pos++;
              state->html = MM_HTML_TAG;
            }
          emit (tokens, from, pos, MM_TOKEN_ATTRIBUTE_VALUE);
          break;

        case MM_HTML_TAG:
          if (is_blank (c))
            pos++;
          else if (c == '>' || (c == '/' && pos + 1 < end && data[pos + 1] == '>'))
            {
              pos += c == '>' ? 1 : 2;
              emit (tokens, from, pos, MM_TOKEN_TAG);
              state->html = MM_HTML_TEXT;
            }
          else if (c == '"' || c == '\'')
            {
              state->quote = c;
              state->html = MM_HTML_VALUE;
              emit (tokens, pos, pos + 1, MM_TOKEN_ATTRIBUTE_VALUE);
              pos++;
            }
          else if (c == '=')
            {
              emit (tokens, pos, pos + 1, MM_TOKEN_TAG);
              pos++;
              /* An unquoted value. */
              if (pos < end && data[pos] != '"' && data[pos] != '\'' && !is_blank (data[pos]))
                {
                  from = pos;
                  while (pos < end && !is_blank (data[pos]) && data[pos] != '>')
                    pos++;
                  emit (tokens, from, pos, MM_TOKEN_ATTRIBUTE_VALUE);
                }
            }
          else
            {
              while (pos < end && !is_blank (data[pos]) && data[pos] != '=' && data[pos] != '>' &&
                     !(data[pos] == '/' && pos + 1 < end && data[pos + 1] == '>'))
                pos++;
              if (pos == from)
                pos++;
              emit (tokens, from, pos, MM_TOKEN_ATTRIBUTE);
            }
          break;

        case MM_HTML_TEXT:
        default:
          if (c == '<' && pos + 3 < end && memcmp (data + pos, "<!--", 4) == 0)
            {
              state->html = MM_HTML_COMMENT;
              emit (tokens, pos, pos + 4, MM_TOKEN_COMMENT);
              pos += 4;
            }
          else if (c == '<' && pos + 1 < end && data[pos + 1] == '!')
            {
              while (pos < end && data[pos] != '>')
                pos++;
              pos = MIN (end, pos + 1);
              emit (tokens, from, pos, MM_TOKEN_DOCTYPE);
            }
          else if (c == '<' && pos + 1 < end && (g_ascii_isalpha (data[pos + 1]) || data[pos + 1] == '/' ||
                                                 data[pos + 1] == '?'))
            {
              pos += data[pos + 1] == '/' || data[pos + 1] == '?' ? 2 : 1;
              emit (tokens, from, pos, MM_TOKEN_TAG);
              from = pos;
              while (pos < end && is_name_byte (data[pos]))
                pos++;
              emit (tokens, from, pos, MM_TOKEN_ELEMENT);
              state->html = MM_HTML_TAG;
            }
          else if (c == '&')
            {
              guint64 stop = pos + 1;

              while (stop < end && stop - pos < ENTITY_MAX && (g_ascii_isalnum (data[stop]) || data[stop] == '#'))
                stop++;
              if (stop < end && data[stop] == ';' && stop > pos + 1)
                {
                  emit (tokens, pos, stop + 1, MM_TOKEN_ENTITY);
                  pos = stop + 1;
                }
              else
                pos++;
            }
          else
            {
              const guint8 *next = memchr (data + pos + 1, '<', (gsize) (end - pos - 1));
              const guint8 *amp = memchr (data + pos + 1, '&', (gsize) (end - pos - 1));

              if (amp != NULL && (next == NULL || amp < next))
                next = amp;
              pos = next ? (guint64) (next - data) : end;
            }
          break;
        }
    }
}

/* In a tag or in text at @offset: from the last '<' or '>' before it. */
MmHtmlMode
mm_highlight_guess_html_mode (const guint8 *data,
                              guint64       offset)
{
  guint64 floor = offset > HTML_LOOKBACK ? offset - HTML_LOOKBACK : 0;

  for (guint64 p = offset; p > floor; p--)
    {
      if (data[p - 1] == '>')
        return MM_HTML_TEXT;
      if (data[p - 1] == '<' && p < offset && (g_ascii_isalpha (data[p]) || data[p] == '/'))
        return MM_HTML_TAG;
    }
  return MM_HTML_TEXT;
}

/* HTML, XML and their kin: by name, or by how the file starts. */
gboolean
mm_highlight_is_markup (const char   *path,
                        const guint8 *data,
                        guint64       length)
{
  static const char *suffixes[] = { ".html", ".htm", ".xhtml", ".xml", ".svg", ".xsl", ".xsd", ".plist", ".rss", ".atom" };
  g_autofree char *lower = path ? g_ascii_strdown (path, -1) : NULL;
  guint64 p = 0;

  for (guint i = 0; lower != NULL && i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;

  while (p < length && p < 1024 && is_blank (data[p]))
    p++;
  if (p + 5 > length)
    return FALSE;
  return g_ascii_strncasecmp ((const char *) data + p, "<?xml", 5) == 0 ||
         (p + 9 <= length && g_ascii_strncasecmp ((const char *) data + p, "<!doctype", 9) == 0) ||
         g_ascii_strncasecmp ((const char *) data + p, "<html", 5) == 0;
}
