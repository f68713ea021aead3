/* mm-json-scanner.c: the lexer and parser of MmJsonIndex, over bytes.
 *
 * One walk in file order over bytes it may start in the middle of (from a
 * checkpoint): strings are skipped to their closing quote (memchr, then
 * the backslashes before it counted), bare tokens in one step, and only
 * the structure (brackets, separators, keys, values begun) changes the
 * state (mm-json-grammar-private.h). The pass runs it with `building`
 * set, checking the grammar and leaving a checkpoint at every 64 KiB
 * boundary and a record for every container crossing one; the queries
 * run it over one block with the containers open there rebuilt from the
 * records. Where stage 1 is at hand, the pass and the longer queries walk
 * its events instead (mm-json-events.c); this walk does the rest (the
 * start of the JSON, a chat.html's page, machines without AVX2). Also
 * here: finding the regions and leaving the checkpoints.
 */
#define G_LOG_DOMAIN "mm-json-index"

#include "config.h"

#include <string.h>

#include "mm-json-grammar-private.h"

static const char html_marks[][20] = { "var jsonData = ", "var assetsJson = " };

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


static void scan_bytes (Scanner *sc, guint64 to);

/* Scans [sc->pos, to). The pass stops at an error; a query never fails. */
void
_mm_json_scan (Scanner *sc,
               guint64  to)
{
  /* Looking for a container's end: most are near. */
  if (!sc->building && sc->stop_below_depth != 0 && sc->pos + QUERY_EVENTS_MIN < to)
    scan_bytes (sc, sc->pos + QUERY_EVENTS_MIN);
  if (!_mm_json_scan_query_events (sc, to))
    scan_bytes (sc, to);
}

static void
scan_bytes (Scanner *sc,
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
          string_ended (sc);
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

        case '{': case '[': case '}': case ']': case ',': case ':':
          on_structural (sc, c);
          break;

        case '"':
          if (!string_began (sc))
            break;
          /* Straight to its end, when no boundary or `to` comes first. */
          {
            guint64 stop = sc->building ? MIN (to, sc->next_boundary) : to;
            guint64 at = sc->pos + 1 < stop ? _mm_json_string_end (sc, sc->pos + 1, stop) : stop;

            if (at < stop)
              {
                sc->pos = at;
                string_ended (sc);
              }
          }
          break;

        default:
          /* Whole, unless it crosses a block boundary (which then knows
           * it is in a token) or `to`. */
          if (scalar_began (sc, sc->building ? MIN (to, sc->next_boundary) : to))
            continue;
          break;
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
