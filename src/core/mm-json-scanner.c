/* mm-json-scanner.c: the lexer and parser of MmJsonIndex.
 *
 * One walk in file order over bytes it may start in the middle of (from a
 * checkpoint): strings are skipped to their closing quote (memchr, then
 * the backslashes before it counted), bare tokens in one step, and only
 * the structure (brackets, separators, keys, values begun) changes the
 * state. The pass runs it with `building` set, checking the grammar and
 * leaving a checkpoint at every 64 KiB boundary and a record for every
 * container crossing one; the queries run it over one block with the
 * containers open there rebuilt from the records.
 */
#define G_LOG_DOMAIN "mm-json-index"

#include "config.h"

#include <string.h>

#include "mm-json-scanner-private.h"

static const char html_marks[][20] = { "var jsonData = ", "var assetsJson = " };

/* ---- the lexer and parser ------------------------------------------------ */

static void
fail (Scanner    *sc,
      const char *expected)
{
  if (sc->validate && sc->error == NULL)
    sc->error = expected;
}

static void
set_expect (Scanner *sc,
            guint8   expect)
{
  Level *level = top (sc);

  if (level != NULL)
    level->expect = expect;
  else
    sc->top_expect = expect;
}

/* A value begins at sc->pos: count it in its container. */
static gboolean
begin_value (Scanner *sc)
{
  guint8 expect = _mm_json_current_expect (sc);
  Level *level = top (sc);

  if (expect != EXPECT_VALUE && expect != EXPECT_VALUE_OR_CLOSE &&
      !(expect == EXPECT_END && level == NULL && sc->mode == MODE_DOCUMENT))
    {
      fail (sc, level == NULL ? "the end of the data" :
                expect == EXPECT_COLON ? "':'" :
                level->kind == '{' ? (expect == EXPECT_COMMA_OR_CLOSE ? "',' or '}'" : "a key (a string)")
                                   : "',' or ']'");
      return FALSE;
    }

  if (level != NULL)
    {
      level->children++;
      level->child_start = sc->pos;
      if (sc->stack->len == 1 && level->children == sc->stop_at_root_child)
        sc->stopped = TRUE;
    }
  else
    {
      sc->top_values++;
      sc->top_value_start = sc->pos;
      if (sc->top_values == sc->stop_at_top_value)
        sc->stopped = TRUE;
    }
  if (sc->building)
    {
      sc->n_values++;
      sc->max_depth = MAX (sc->max_depth, sc->stack->len);
      if (level == NULL && sc->region >= 0)
        {
          MmJsonRegion *region = &g_array_index (sc->regions, MmJsonRegion, sc->region);

          region->n_values++;
        }
    }
  return TRUE;
}

/* A value ended at sc->pos (its last byte): what may follow. */
static void
end_value (Scanner *sc)
{
  Level *level = top (sc);

  if (level != NULL)
    {
      level->expect = EXPECT_COMMA_OR_CLOSE;
      return;
    }

  sc->top_expect = EXPECT_END;
  if (sc->building && sc->region >= 0)
    {
      MmJsonRegion *region = &g_array_index (sc->regions, MmJsonRegion, sc->region);

      region->end = sc->pos + 1;
      if (sc->mode == MODE_VARIABLE)
        {
          /* One value per `var`: back to the page. */
          sc->mode = MODE_HTML;
          sc->region = -1;
        }
    }
}

static void
open_container (Scanner *sc,
                guint8   kind)
{
  Level *parent = top (sc);
  Level level = { 0 };

  if (!begin_value (sc))
    return;

  level.start = sc->pos;
  level.kind = kind;
  level.record = -1;
  level.key = NONE;
  level.child_start = NONE;
  level.expect = kind == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
  level.index_in_parent = parent ? parent->children - 1 : 0;
  level.key_in_parent = parent && parent->kind == '{' ? parent->key : NONE;
  g_array_append_val (sc->stack, level);
}

static void
close_container (Scanner *sc,
                 guint8   close)
{
  Level *level = top (sc);
  guint8 open = close == '}' ? '{' : '[';

  if (level == NULL || level->kind != open ||
      !(level->expect == EXPECT_COMMA_OR_CLOSE || level->expect == EXPECT_KEY_OR_CLOSE ||
        level->expect == EXPECT_VALUE_OR_CLOSE))
    {
      fail (sc, level == NULL ? (sc->top_expect == EXPECT_END ? "the end of the data" : "a value") :
                level->kind != open ? (level->kind == '{' ? "'}'" : "']'") :
                level->expect == EXPECT_COLON ? "':'" :
                level->kind == '{' ? "a key (a string)" : "a value");
      if (sc->validate || level == NULL)
        return;
    }

  if (sc->building && level->record >= 0)
    {
      guint64 end[2] = { (guint64) level->record, sc->pos };

      g_array_append_vals (sc->ends, end, 2);
    }
  if (sc->building && sc->stack->len == 1 && sc->region >= 0)
    g_array_index (sc->regions, MmJsonRegion, sc->region).n_members = level->children;
  g_array_set_size (sc->stack, sc->stack->len - 1);
  end_value (sc);
  if (sc->stack->len < sc->stop_below_depth)
    sc->stopped = TRUE;
}

/* An unescaped quote at or after `from`, before `to`; `to` when none. */
guint64
_mm_json_string_end (Scanner *sc,
                     guint64  from,
                     guint64  to)
{
  const guint8 *data = sc->data;

  while (from < to)
    {
      const guint8 *q = memchr (data + from, '"', (gsize) (to - from));
      guint64 at, back;

      if (q == NULL)
        return to;
      at = (guint64) (q - data);
      for (back = at; back > 0 && data[back - 1] == '\\'; back--)
        ;
      if ((at - back) % 2 == 0)
        return at;
      from = at + 1;
    }
  return to;
}

/* Whether the byte before `at` ends an odd run of backslashes. */
gboolean
_mm_json_escaped_at (const guint8 *data,
                     guint64       at)
{
  guint64 back = at;

  while (back > 0 && data[back - 1] == '\\')
    back--;
  return (at - back) % 2 == 1;
}

static gboolean
valid_number (const guint8 *p,
              gsize         n)
{
  gsize i = 0;

  if (i < n && p[i] == '-')
    i++;
  if (i < n && p[i] == '0')
    i++;
  else if (i < n && p[i] >= '1' && p[i] <= '9')
    while (i < n && g_ascii_isdigit (p[i]))
      i++;
  else
    return FALSE;
  if (i < n && p[i] == '.')
    {
      i++;
      if (i >= n || !g_ascii_isdigit (p[i]))
        return FALSE;
      while (i < n && g_ascii_isdigit (p[i]))
        i++;
    }
  if (i < n && (p[i] == 'e' || p[i] == 'E'))
    {
      i++;
      if (i < n && (p[i] == '+' || p[i] == '-'))
        i++;
      if (i >= n || !g_ascii_isdigit (p[i]))
        return FALSE;
      while (i < n && g_ascii_isdigit (p[i]))
        i++;
    }
  return i == n;
}


/* Scans [sc->pos, to). The pass stops at an error; a query never fails. */
void
_mm_json_scan (Scanner *sc,
               guint64  to)
{
  const guint8 *data = sc->data;

  while (sc->pos < to && sc->error == NULL && !sc->stopped)
    {
      guint8 c;

      /* A `var` value ended: back to the page. */
      if (sc->building && sc->mode == MODE_HTML)
        return;

      if (sc->building && sc->pos == sc->next_boundary)
        {
          _mm_json_emit_checkpoint (sc);
          sc->next_boundary += BLOCK;
        }

      if (sc->in_string)
        {
          /* To the closing quote, or to `to`; checkpoints on the way. */
          guint64 stop = MIN (to, sc->building ? sc->next_boundary : to);
          guint64 at = _mm_json_string_end (sc, sc->pos, stop);

          sc->pos = at;
          if (at >= stop)
            continue;
          sc->in_string = FALSE;
          if (sc->is_key)
            {
              top (sc)->key = sc->string_start;
              set_expect (sc, EXPECT_COLON);
            }
          else
            end_value (sc);
          sc->pos++;
          continue;
        }

      if (sc->in_scalar)
        {
          guint64 stop;

          if (sc->scalar_end == NONE)
            for (sc->scalar_end = sc->pos; sc->scalar_end < sc->length && is_token_byte (data[sc->scalar_end]);)
              sc->scalar_end++;
          stop = MIN (MIN (to, sc->scalar_end), sc->building ? sc->next_boundary : to);
          sc->pos = stop;
          if (stop == sc->scalar_end)
            {
              sc->in_scalar = FALSE;
              sc->pos = sc->scalar_end - 1;
              end_value (sc);
              sc->pos = sc->scalar_end;
            }
          continue;
        }

      c = data[sc->pos];
      switch (c)
        {
        case ' ': case '\n': case '\r': case '\t':
          {
            /* A run of blanks, up to the next boundary. */
            guint64 stop = sc->building ? MIN (to, sc->next_boundary) : to;

            do
              sc->pos++;
            while (sc->pos < stop && is_blank (data[sc->pos]));
          }
          continue;

        case '{':
        case '[':
          open_container (sc, c);
          break;

        case '}':
        case ']':
          close_container (sc, c);
          break;

        case ',':
          {
            Level *level = top (sc);

            if (level == NULL || level->expect != EXPECT_COMMA_OR_CLOSE)
              fail (sc, level == NULL ? (sc->top_expect == EXPECT_END ? "the end of the data" : "a value") :
                        level->expect == EXPECT_COLON ? "':'" : "a value");
            else
              level->expect = level->kind == '{' ? EXPECT_KEY : EXPECT_VALUE;
          }
          break;

        case ':':
          {
            Level *level = top (sc);

            if (level == NULL || level->expect != EXPECT_COLON)
              fail (sc, level == NULL ? (sc->top_expect == EXPECT_END ? "the end of the data" : "a value") :
                        level->kind == '{' ? (level->expect == EXPECT_VALUE ? "a value" : "',' or '}'") :
                        "',' or ']'");
            else
              level->expect = EXPECT_VALUE;
          }
          break;

        case '"':
          {
            guint8 expect = _mm_json_current_expect (sc);

            sc->is_key = expect == EXPECT_KEY || expect == EXPECT_KEY_OR_CLOSE;
            if (!sc->is_key && !begin_value (sc))
              break;
            sc->in_string = TRUE;
            sc->string_start = sc->pos;
            /* Straight to its end, when no boundary or `to` comes first. */
            {
              guint64 stop = sc->building ? MIN (to, sc->next_boundary) : to;
              guint64 at = sc->pos + 1 < stop ? _mm_json_string_end (sc, sc->pos + 1, stop) : stop;

              if (at < stop)
                {
                  sc->in_string = FALSE;
                  sc->pos = at;
                  if (sc->is_key)
                    {
                      top (sc)->key = sc->string_start;
                      set_expect (sc, EXPECT_COLON);
                    }
                  else
                    end_value (sc);
                }
            }
          }
          break;

        default:
          if (!begin_value (sc))
            break;
          {
            guint64 start = sc->pos, end = start;

            while (end < sc->length && is_token_byte (data[end]))
              end++;
            if (end == start ||
                (sc->validate &&
                 !(end - start == 4 && memcmp (data + start, "true", 4) == 0) &&
                 !(end - start == 5 && memcmp (data + start, "false", 5) == 0) &&
                 !(end - start == 4 && memcmp (data + start, "null", 4) == 0) &&
                 !valid_number (data + start, (gsize) (end - start))))
              {
                fail (sc, top (sc) == NULL && sc->top_expect == EXPECT_END
                          ? "the end of the data"
                          : "a value (an object, array, string, number, true, false or null)");
                break;
              }
            /* Whole, unless it crosses a block boundary (which then knows
             * it is in a token) or `to`. */
            if (end <= (sc->building ? MIN (to, sc->next_boundary) : to))
              {
                sc->pos = end - 1;
                end_value (sc);
                sc->pos = end;
                continue;
              }
            sc->in_scalar = TRUE;
            sc->scalar_end = end;
            continue;
          }
        }

      if (sc->error == NULL)
        sc->pos++;
    }
}

/* ---- the pass ------------------------------------------------------------ */

void
_mm_json_emit_checkpoint (Scanner *sc)
{
  Checkpoint cp = { 0 };
  Level *level;

  /* Every container open here crosses the boundary: record it. */
  for (guint i = 0; i < sc->stack->len; i++)
    {
      Level *l = &g_array_index (sc->stack, Level, i);

      if (l->record < 0)
        {
          Record record = { l->start, NONE, l->index_in_parent, l->key_in_parent,
                            i > 0 ? g_array_index (sc->stack, Level, i - 1).record : -1,
                            i + 1, l->kind };

          l->record = (gint32) sc->n_records++;
          g_array_append_val (sc->records, record);
        }
    }

  level = top (sc);
  cp.children = level ? level->children : 0;
  cp.key = level ? level->key : NONE;
  cp.root_children = sc->stack->len ? g_array_index (sc->stack, Level, 0).children : 0;
  cp.child_start = level ? level->child_start : NONE;
  cp.top_values = sc->top_values;
  cp.record = level ? level->record : -1;
  cp.region = sc->region;
  cp.depth = sc->stack->len;
  cp.expect = _mm_json_current_expect (sc);
  cp.in_string = sc->in_string;
  cp.is_key = sc->in_string && sc->is_key;
  cp.in_scalar = sc->in_scalar;
  g_array_append_val (sc->checkpoints, cp);
}

static void
begin_region (Scanner          *sc,
              guint64           start,
              MmJsonRegionKind  kind)
{
  MmJsonRegion region = { start, NONE, kind, 0, NONE };

  if (sc->regions->len >= MAX_REGIONS)
    {
      sc->mode = MODE_NONE;
      return;
    }
  g_array_append_val (sc->regions, region);
  sc->region = (gint32) sc->regions->len - 1;
  sc->top_expect = EXPECT_VALUE;
  sc->top_values = 0;
}

/* Outside JSON, up to `to`: find where it starts. */
void
_mm_json_seek_json (Scanner *sc,
                    guint64  to)
{
  const guint8 *data = sc->data;

  while (sc->pos < to && sc->mode != MODE_NONE)
    {
      if (sc->building && sc->pos >= sc->next_boundary)
        {
          /* Outside every region: plain checkpoints. */
          while (sc->next_boundary <= sc->pos)
            {
              guint64 keep = sc->pos;

              sc->pos = sc->next_boundary;
              _mm_json_emit_checkpoint (sc);
              sc->pos = keep;
              sc->next_boundary += BLOCK;
            }
        }

      if (sc->mode == MODE_START)
        {
          guint8 c = data[sc->pos];

          if (sc->pos == 0 && sc->length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
            {
              sc->pos = 3;
              continue;
            }
          if (is_blank (c))
            {
              sc->pos++;
              continue;
            }
          if (c == '[' || c == '{')
            {
              sc->mode = MODE_DOCUMENT;
              begin_region (sc, sc->pos, MM_JSON_REGION_DOCUMENT);
              return;
            }
          sc->mode = c == '<' ? MODE_HTML : MODE_NONE;
          continue;
        }

      if (sc->mode == MODE_HTML)
        {
          guint64 best = NONE, value = NONE;
          guint64 limit = MIN (to + 32, sc->length);

          for (guint m = 0; m < G_N_ELEMENTS (html_marks); m++)
            {
              gsize n = strlen (html_marks[m]);
              const guint8 *at = memmem (data + sc->pos, (gsize) (limit - sc->pos), html_marks[m], n);

              if (at != NULL && (guint64) (at - data) < best)
                {
                  best = (guint64) (at - data);
                  value = best + n;
                }
            }
          if (best == NONE || best >= to)
            {
              sc->pos = to;
              return;
            }
          sc->pos = MIN (value, sc->length);
          while (sc->pos < sc->length && is_blank (data[sc->pos]))
            sc->pos++;
          sc->mode = MODE_VARIABLE;
          begin_region (sc, sc->pos, MM_JSON_REGION_VARIABLE);
          return;
        }

      return;
    }
}

void
_mm_json_scanner_clear (Scanner *sc)
{
  g_clear_pointer (&sc->stack, g_array_unref);
}


/* The opening quote of the string that is open at `at`, looking back. */
guint64
_mm_json_string_start_before (const guint8 *data,
                              guint64       at)
{
  guint64 floor = at > BLOCK ? at - BLOCK : 0;

  while (at > floor)
    {
      const guint8 *q = memrchr (data + floor, '"', (gsize) (at - floor));

      if (q == NULL)
        break;
      at = (guint64) (q - data);
      if (!_mm_json_escaped_at (data, at))
        return at;
    }
  return NONE;
}
