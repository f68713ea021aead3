/* mm-json-events.c: the grammar over stage 1's events.
 *
 * The pass gives each chunk's events (mm-json-stage1) to
 * _mm_json_scan_events(), which leaves the same states, checkpoints,
 * records and errors as the walk over the bytes (_mm_json_scan()), while
 * it reads no byte of the file for most of them: keys with their colon,
 * strings, checked tokens, brackets and commas go through a few states of
 * their own (scan_usual_events()); anything else (a checkpoint, the top
 * level, an error) through the same grammar as the byte walk. Queries
 * over a block use it too.
 */
#define G_LOG_DOMAIN "mm-json-index"

#include "config.h"

#include "mm-json-grammar-private.h"

/* A query over [sc->pos, to) from stage 1's events: the same state at
 * `to` as the byte walk, in a third of the time on a dense block; a
 * search for a container's end stops at its close as that walk does. Not
 * for queries that stop at a member, nor from inside a token. */
gboolean
_mm_json_scan_query_events (Scanner *sc,
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
 * read: keys with their colon, strings closed before the next event,
 * valid tokens, brackets, commas; inside a container, before the next
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
  guint depth = sc->stack->len, max_depth = sc->max_depth;
  guint64 n_values = 0;
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
    if (G_UNLIKELY (depth == 1) && sc->root_starts != NULL) \
      g_array_append_val (sc->root_starts, p); \
    n_values++; \
    max_depth = MAX (max_depth, depth); \
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
      depth++;
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
  depth--;
  level->expect = EXPECT_COMMA_OR_CLOSE;
  i++;
  goto comma;

out:
  sc->n_values += n_values;
  sc->max_depth = max_depth;
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
