/* mm-json-grammar-private.h: what each token does to the state of a
 * Scanner (the grammar, checked when the pass validates), shared inline
 * by the walk over the bytes (mm-json-scanner.c) and the walk over stage
 * 1's events (mm-json-events.c) */
#pragma once

#include "mm-json-scanner-private.h"

G_BEGIN_DECLS

static inline void
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
      if (sc->stack->len == 1)
        {
          if (level->children == sc->stop_at_root_child)
            sc->stopped = TRUE;
          if (sc->root_starts != NULL)
            g_array_append_val (sc->root_starts, sc->pos);
        }
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

static inline void
open_container (Scanner *sc,
                guint8   kind)
{
  if (begin_value (sc))
    push_level (sc, kind);
}

static inline void
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

G_END_DECLS
