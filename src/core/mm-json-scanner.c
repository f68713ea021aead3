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

static inline __attribute__ ((always_inline)) void
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
static inline __attribute__ ((always_inline)) gboolean
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
static inline __attribute__ ((always_inline)) void
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

/* A container opens at sc->pos, its value begun in its parent. */
static inline void
push_level (Scanner *sc,
            guint8   kind)
{
  Level *parent = top (sc);
  guint64 index_in_parent = parent ? parent->children - 1 : 0;
  guint64 key_in_parent = parent && parent->kind == '{' ? parent->key : NONE;
  Level *level;

  /* Within what the array had once, only its length grows (asking GArray
   * costs a division a push). */
  if (sc->stack->len < sc->stack_room)
    sc->stack->len++;
  else
    {
      g_array_set_size (sc->stack, sc->stack->len + 1);
      sc->stack_room = sc->stack->len;
    }
  level = &g_array_index (sc->stack, Level, sc->stack->len - 1);
  level->start = sc->pos;
  level->index_in_parent = index_in_parent;
  level->key_in_parent = key_in_parent;
  level->children = 0;
  level->key = NONE;
  level->child_start = NONE;
  level->record = -1;
  level->kind = kind;
  level->expect = kind == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
}

/* The innermost container closed. Levels hold nothing to free: shrinking
 * the length is all (g_array_set_size() would move the empty tail). */
static inline void
pop_level (Scanner *sc)
{
  sc->stack->len--;
}

static void
open_container (Scanner *sc,
                guint8   kind)
{
  if (begin_value (sc))
    push_level (sc, kind);
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
  pop_level (sc);
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


static inline __attribute__ ((always_inline)) void
on_comma (Scanner *sc)
{
  Level *level = top (sc);

  if (level == NULL || level->expect != EXPECT_COMMA_OR_CLOSE)
    fail (sc, level == NULL ? (sc->top_expect == EXPECT_END ? "the end of the data" : "a value") :
              level->expect == EXPECT_COLON ? "':'" : "a value");
  else
    level->expect = level->kind == '{' ? EXPECT_KEY : EXPECT_VALUE;
}

static inline __attribute__ ((always_inline)) void
on_colon (Scanner *sc)
{
  Level *level = top (sc);

  if (level == NULL || level->expect != EXPECT_COLON)
    fail (sc, level == NULL ? (sc->top_expect == EXPECT_END ? "the end of the data" : "a value") :
              level->kind == '{' ? (level->expect == EXPECT_VALUE ? "a value" : "',' or '}'") :
              "',' or ']'");
  else
    level->expect = EXPECT_VALUE;
}

/* A bracket, a comma or a colon at sc->pos. */
static inline void
on_structural (Scanner *sc,
               guint8   c)
{
  if (c == '{' || c == '[')
    open_container (sc, c);
  else if (c == '}' || c == ']')
    close_container (sc, c);
  else if (c == ',')
    on_comma (sc);
  else
    on_colon (sc);
}

/* An opening quote at sc->pos: a key or a value. FALSE: not here. */
static inline __attribute__ ((always_inline)) gboolean
string_began (Scanner *sc)
{
  guint8 expect = _mm_json_current_expect (sc);

  sc->is_key = expect == EXPECT_KEY || expect == EXPECT_KEY_OR_CLOSE;
  if (!sc->is_key && !begin_value (sc))
    return FALSE;
  sc->in_string = TRUE;
  sc->string_start = sc->pos;
  return TRUE;
}

/* The closing quote at sc->pos. */
static inline __attribute__ ((always_inline)) void
string_ended (Scanner *sc)
{
  sc->in_string = FALSE;
  if (sc->is_key)
    {
      top (sc)->key = sc->string_start;
      set_expect (sc, EXPECT_COLON);
    }
  else
    end_value (sc);
}

/* A bare token [sc->pos, end) whose bytes were checked (valid: a number
 * or a literal): taken whole, up to sc->pos at its end, when it ends by
 * `limit`; otherwise left open (in_scalar). FALSE: not valid here. */
static inline gboolean
scalar_taken (Scanner  *sc,
              guint64   end,
              gboolean  valid,
              guint64   limit)
{
  if (!begin_value (sc))
    return FALSE;
  if (end == sc->pos || (sc->validate && !valid))
    {
      fail (sc, top (sc) == NULL && sc->top_expect == EXPECT_END
                ? "the end of the data"
                : "a value (an object, array, string, number, true, false or null)");
      return FALSE;
    }
  if (end <= limit)
    {
      sc->pos = end - 1;
      end_value (sc);
      sc->pos = end;
      return TRUE;
    }
  sc->in_scalar = TRUE;
  sc->scalar_end = end;
  return TRUE;
}

/* A bare token (number or literal) begins at sc->pos. */
static inline gboolean
scalar_began (Scanner *sc,
              guint64  limit)
{
  guint64 length = _mm_json_token_length (sc->data + sc->pos, sc->length - sc->pos);

  return scalar_taken (sc, sc->pos + length,
                       !sc->validate || _mm_json_token_valid (sc->data + sc->pos, length), limit);
}

#define QUERY_EVENTS_MIN 2048

/* A query over [sc->pos, to) from stage 1's events: the same state at
 * `to` as the walk below, in a third of the time on a dense block. Not
 * for queries that stop early, nor from inside a token. */
static gboolean
scan_query_events (Scanner *sc,
                   guint64  to)
{
  MmJsonEvents events = { 0 };

  if (sc->building || sc->stop_at_root_child != 0 || sc->stop_at_top_value != 0 || sc->stopped ||
      sc->in_scalar || sc->pos + QUERY_EVENTS_MIN > to || !_mm_json_stage1_available ())
    return FALSE;

  _mm_json_stage1 (sc->data, sc->length, sc->pos, to, sc->in_string, &events);
  sc->next_boundary = NONE;   /* no checkpoints: a token or string may end anywhere */
  _mm_json_scan_events (sc, &events);
  _mm_json_events_clear (&events);
  return TRUE;
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
  if (!scan_query_events (sc, to))
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

/* A byte stage 1 counts as part of a bare token. */
static inline gboolean
is_other (guint8 c)
{
  return !is_blank (c) && c != '"' && c != '{' && c != '}' && c != '[' && c != ']' &&
         c != ',' && c != ':';
}

static inline void
emit_checkpoints_before (Scanner *sc,
                         guint64  limit)
{
  while (sc->next_boundary < limit)
    {
      _mm_json_emit_checkpoint (sc);
      sc->next_boundary += BLOCK;
    }
}

/* The usual flow of a pass over events, in a few states and no byte
 * read: keys with their colon, strings with their closing quote, valid
 * tokens, brackets, commas; inside a container, before the next
 * checkpoint. Returns the first event it leaves to the general loop
 * (anything else: a boundary, the top level, a token too long or not
 * valid, an error to report), with the state as that loop keeps it. */
static gsize
scan_usual_events (Scanner            *sc,
                   const MmJsonEvents *events,
                   gsize               i,
                   gsize              *token_index)
{
  const guint32 *at = events->at;
  const gsize n = events->n;
  const guint64 base = events->start;
  const guint64 limit = MIN (sc->next_boundary, events->end);
  gsize t = *token_index;
  Level *level = top (sc);
  guint32 ev;
  guint64 p;

#define EVENT_AT(k) (base + (at[k] & MM_JSON_EVENT_OFFSET))
#define NEXT_EVENT() \
  G_STMT_START { \
    if (i >= n || (p = EVENT_AT (i)) >= limit) \
      goto out; \
    ev = at[i] >> 24; \
  } G_STMT_END
#define BEGIN_VALUE() \
  G_STMT_START { \
    level->children++; \
    level->child_start = p; \
    sc->n_values++; \
    sc->max_depth = MAX (sc->max_depth, sc->stack->len); \
  } G_STMT_END

  if (level == NULL)
    goto out;
  switch (level->expect)
    {
    case EXPECT_KEY:
    case EXPECT_KEY_OR_CLOSE:
      goto key;
    case EXPECT_VALUE:
    case EXPECT_VALUE_OR_CLOSE:
      goto value;
    case EXPECT_COMMA_OR_CLOSE:
      goto comma;
    default:
      goto out;
    }

key:
  NEXT_EVENT ();
  if (ev == '"')
    {
      /* The key (closed before the next event) and the colon. */
      if (i + 1 >= n || at[i + 1] >> 24 != ':' || EVENT_AT (i + 1) >= limit)
        goto out;
      level->key = p;
      level->expect = EXPECT_VALUE;
      i += 2;
      goto value;
    }
  if (ev == '}' && level->expect == EXPECT_KEY_OR_CLOSE)
    goto close;
  goto out;

value:
  NEXT_EVENT ();
  switch (ev)
    {
    case '"':
      /* Unless it is open at a checkpoint or at the end. */
      if (i + 1 < n ? at[i + 1] >> 24 == MM_JSON_EVENT_CLOSE : events->ends_in_string)
        goto out;
      BEGIN_VALUE ();
      level->expect = EXPECT_COMMA_OR_CLOSE;
      i++;
      goto comma;

    case '{':
    case '[':
      BEGIN_VALUE ();
      sc->pos = p;
      push_level (sc, (guint8) ev);
      level = top (sc);
      i++;
      if (ev == '{')
        goto key;
      goto value;

    case ']':
      if (level->expect == EXPECT_VALUE_OR_CLOSE && level->kind == '[')
        goto close;
      goto out;

    case '}':
    case ',':
    case ':':
      goto out;

    default:
      {
        guint32 token = t < events->n_tokens ? events->tokens[t] : MM_JSON_TOKEN_UNKNOWN;
        guint32 length = token & MM_JSON_TOKEN_LENGTH;

        if (length == MM_JSON_TOKEN_UNKNOWN || length == 0 || !(token & MM_JSON_TOKEN_VALID) ||
            (token & MM_JSON_TOKEN_MORE) || p + length > limit)
          goto out;
        BEGIN_VALUE ();
        level->expect = EXPECT_COMMA_OR_CLOSE;
        t++;
        i++;
        goto comma;
      }
    }

comma:
  NEXT_EVENT ();
  if (ev == ',')
    {
      i++;
      if (level->kind == '{')
        {
          level->expect = EXPECT_KEY;
          goto key;
        }
      level->expect = EXPECT_VALUE;
      goto value;
    }
  if (ev == (level->kind == '{' ? '}' : ']'))
    goto close;
  goto out;

close:
  /* The event at i closes the innermost container, at p; the root's
   * close (the end of a value at the top level) is left to the loop. */
  if (sc->stack->len < 2 || sc->stack->len - 1 < sc->stop_below_depth)
    goto out;
  if (sc->building && level->record >= 0)
    {
      guint64 end[2] = { (guint64) level->record, p };

      g_array_append_vals (sc->ends, end, 2);
    }
  pop_level (sc);
  level = top (sc);
  level->expect = EXPECT_COMMA_OR_CLOSE;
  i++;
  goto comma;

out:
  *token_index = t;
  return i;

#undef EVENT_AT
#undef NEXT_EVENT
#undef BEGIN_VALUE
}

/* The pass over [events->start, events->end), reading only the bytes
 * stage 1 points at; the same states, checkpoints and errors as
 * _mm_json_scan(). sc->pos is at start, in a JSON value (not after its
 * end), in the lexer state the events assume. Returns with sc->pos at
 * end, or where an error or the end of a `var` value stopped it. */
void
_mm_json_scan_events (Scanner            *sc,
                      const MmJsonEvents *events)
{
  const guint8 *data = sc->data;
  const guint32 *at = events->at;
  guint64 base = events->start, end = events->end;
  gsize i = 0, n = events->n, t = 0;
  guint64 extra = NONE;   /* a byte stage 1 did not point at: after a token */

  g_assert (sc->pos == base && sc->in_string == events->in_string);

  for (;;)
    {
      guint64 p;
      guint8 c;
      gboolean measured = TRUE;   /* a token here was, by stage 1 */

      if (sc->in_scalar)
        {
          /* A token from before: its bytes are no events. */
          guint64 e = sc->scalar_end;

          emit_checkpoints_before (sc, MIN (e, end));
          if (e > end)
            break;
          sc->in_scalar = FALSE;
          sc->pos = e - 1;
          end_value (sc);
          sc->pos = e;
          if (sc->mode == MODE_HTML)
            return;
          for (; i < n && base + (at[i] & MM_JSON_EVENT_OFFSET) < e; i++)
            if (at[i] >> 24 != MM_JSON_EVENT_CLOSE && is_other (at[i] >> 24))
              t++;
          if (e < end && is_other (data[e]))
            extra = e;
        }

      if (extra != NONE)
        {
          p = extra;
          c = data[p];
          extra = NONE;
          measured = FALSE;
        }
      else if (i < n)
        {
          p = base + (at[i] & MM_JSON_EVENT_OFFSET);
          c = (guint8) (at[i++] >> 24);
        }
      else
        p = end, c = 0;
      emit_checkpoints_before (sc, MIN (p + 1, end));
      if (p >= end)
        break;

      sc->pos = p;
      switch (c)
        {
        case MM_JSON_EVENT_CLOSE:
          /* The closing quote of a string open at the start or a checkpoint. */
          if (sc->in_string)
            string_ended (sc);
          break;

        case '"':
          if (!string_began (sc))
            break;
          if (i < n && at[i] >> 24 == MM_JSON_EVENT_CLOSE)
            {
              /* Open at a checkpoint, unless that is after its end. */
              if (base + (at[i] & MM_JSON_EVENT_OFFSET) < sc->next_boundary)
                {
                  sc->pos = base + (at[i++] & MM_JSON_EVENT_OFFSET);
                  string_ended (sc);
                }
            }
          else if (i < n || !events->ends_in_string)
            {
              /* Closed before the next event; where, only the top level
               * needs to know (the end of its region). */
              if (sc->stack->len == 0)
                sc->pos = _mm_json_string_end (sc, p + 1, sc->length);
              string_ended (sc);
            }
          break;

        case '{': case '[': case '}': case ']': case ',': case ':':
          on_structural (sc, c);
          break;

        default:
          {
            /* A token: stage 1 measured and checked it. */
            guint32 token = measured && t < events->n_tokens ? events->tokens[t++] : MM_JSON_TOKEN_UNKNOWN;
            gboolean taken;

            if ((token & MM_JSON_TOKEN_LENGTH) == MM_JSON_TOKEN_UNKNOWN)
              taken = scalar_began (sc, MIN (end, sc->next_boundary));
            else
              taken = scalar_taken (sc, p + (token & MM_JSON_TOKEN_LENGTH), token & MM_JSON_TOKEN_VALID,
                                    MIN (end, sc->next_boundary));
            if (!taken)
              break;
            if (sc->mode == MODE_HTML)
              return;
            if (!sc->in_scalar && sc->pos < end &&
                ((token & MM_JSON_TOKEN_LENGTH) == MM_JSON_TOKEN_UNKNOWN ? is_other (data[sc->pos])
                                                                         : token & MM_JSON_TOKEN_MORE))
              extra = sc->pos;
          }
          continue;
        }

      if (sc->error != NULL)
        return;
      if (sc->mode == MODE_HTML || sc->stopped)
        {
          /* Past the end of the `var` value, or the close a query waited for. */
          sc->pos++;
          return;
        }
      if (!sc->in_string && !sc->in_scalar && extra == NONE)
        i = scan_usual_events (sc, events, i, &t);
    }
  sc->pos = end;
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
