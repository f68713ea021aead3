/* mm-json-query.c: MmJsonIndex's answers, each one block of work.
 *
 * A query starts at the checkpoint of its offset's block, rebuilds the
 * containers open there from the records (each record says which child of
 * its parent it is, which is all a parent needs), and runs the scanner up
 * to the offset.
 */
#define G_LOG_DOMAIN "mm-json-index"

#include "config.h"

#include <string.h>

#include "mm-json-index-private.h"

/* A scanner at the checkpoint of the offset's block (or at its region's
 * start), with the open containers rebuilt from the records. */
static gboolean
query_start (MmJsonIndex *self,
             guint64      offset,
             Scanner     *sc)
{
  const MmJsonRegion *region;
  const Checkpoint *cp;
  guint64 block = offset / BLOCK;
  gint r = mm_json_index_find_region (self, offset);
  g_autoptr(GArray) chain = NULL;

  memset (sc, 0, sizeof *sc);
  if (r < 0 || offset >= mm_json_index_get_scanned (self) || block >= self->checkpoints->len)
    return FALSE;

  region = &g_array_index (self->regions, MmJsonRegion, r);
  sc->data = mm_mapped_file_get_data (self->file);
  sc->length = mm_mapped_file_get_valid_length (self->file);
  sc->stack = g_array_sized_new (FALSE, FALSE, sizeof (Level), 64);
  sc->mode = region->kind == MM_JSON_REGION_VARIABLE ? MODE_VARIABLE : MODE_DOCUMENT;
  sc->region = r;
  sc->scalar_end = NONE;
  sc->top_expect = EXPECT_VALUE;

  if (region->start >= block * BLOCK)
    {
      sc->pos = region->start;
      return TRUE;
    }

  cp = &g_array_index (self->checkpoints, Checkpoint, block);
  chain = g_array_new (FALSE, FALSE, sizeof (gint32));
  for (gint32 id = cp->record; id >= 0 && (guint) id < self->records->len;
       id = g_array_index (self->records, Record, id).parent)
    g_array_prepend_val (chain, id);

  for (guint i = 0; i < chain->len; i++)
    {
      const Record *record = &g_array_index (self->records, Record, g_array_index (chain, gint32, i));
      Level level = { 0 };

      level.start = record->start;
      level.index_in_parent = record->index_in_parent;
      level.key_in_parent = record->key_in_parent;
      level.record = g_array_index (chain, gint32, i);
      level.kind = record->kind;
      if (i + 1 < chain->len)
        {
          /* Inside its child, the next record: what that child says. */
          const Record *child = &g_array_index (self->records, Record, g_array_index (chain, gint32, i + 1));

          level.children = child->index_in_parent + 1;
          level.key = child->key_in_parent;
          level.child_start = child->start;
          level.expect = EXPECT_COMMA_OR_CLOSE;
        }
      else
        {
          level.children = cp->children;
          level.key = cp->key;
          level.child_start = cp->child_start;
          level.expect = cp->expect;
        }
      g_array_append_val (sc->stack, level);
    }

  sc->top_expect = chain->len > 0 ? EXPECT_END : cp->expect;
  sc->top_values = cp->top_values;
  sc->in_string = cp->in_string;
  sc->is_key = cp->is_key;
  sc->in_scalar = cp->in_scalar;
  sc->pos = block * BLOCK;
  if (sc->in_string)
    sc->string_start = _mm_json_string_start_before (sc->data, sc->pos);
  return TRUE;
}

gboolean
mm_json_index_get_state (MmJsonIndex *self,
                         guint64      offset,
                         MmJsonState *state)
{
  g_auto(Scanner) sc = { 0 };
  guint8 expect;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  if (!query_start (self, offset, &sc))
    return FALSE;
  _mm_json_scan (&sc, offset);
  expect = _mm_json_current_expect (&sc);

  state->depth = sc.stack->len;
  state->in_string = sc.in_string;
  state->is_key = sc.in_string && sc.is_key;
  if (!sc.in_string && !sc.in_scalar && sc.data[offset] == '"')
    {
      /* The opening quote is part of the string. */
      state->in_string = TRUE;
      state->is_key = expect == EXPECT_KEY || expect == EXPECT_KEY_OR_CLOSE;
    }
  state->escaped = sc.in_string && _mm_json_escaped_at (sc.data, offset);
  return TRUE;
}

/* A key's bytes as they are in the file (escapes included), but a raw
 * control byte, which JSON does not allow there, as \u00XX: a path is a
 * line of text. */
static void
append_key_bytes (GString      *path,
                  const guint8 *bytes,
                  gsize         n)
{
  for (gsize i = 0; i < n; i++)
    {
      if (bytes[i] < 0x20)
        g_string_append_printf (path, "\\u%04x", bytes[i]);
      else
        g_string_append_c (path, (char) bytes[i]);
    }
}

/* A key as jq writes it in a path: .name, or ["any thing"]. */
static void
append_key (GString      *path,
            const guint8 *data,
            guint64       length,
            guint64       quote)
{
  Scanner sc = { 0 };
  guint64 end;
  gboolean plain = TRUE;

  sc.data = data;
  sc.length = length;
  /* A path shows at most KEY_MAX bytes of a key, then an ellipsis. */
  end = _mm_json_string_end (&sc, quote + 1, MIN (length, quote + 1 + KEY_MAX + 1));
  if (end > quote + 1 + KEY_MAX)
    {
      if (path->len == 0)
        g_string_append_c (path, '.');
      g_string_append (path, "[\"");
      append_key_bytes (path, data + quote + 1, KEY_MAX);
      g_string_append (path, "…\"]");
      return;
    }
  for (guint64 i = quote + 1; i < end; i++)
    if (!(g_ascii_isalnum (data[i]) || data[i] == '_') || (i == quote + 1 && g_ascii_isdigit (data[i])))
      plain = FALSE;

  if (plain && end > quote + 1)
    {
      g_string_append_c (path, '.');
      g_string_append_len (path, (const char *) data + quote + 1, (gssize) (end - quote - 1));
    }
  else
    {
      if (path->len == 0)
        g_string_append_c (path, '.');
      g_string_append (path, "[\"");
      append_key_bytes (path, data + quote + 1, (gsize) (end - quote - 1));
      g_string_append (path, "\"]");
    }
}

static void
append_component (GString      *path,
                  const guint8 *data,
                  guint64       length,
                  guint8        parent_kind,
                  guint64       index,
                  guint64       key)
{
  if (parent_kind == '[')
    {
      if (path->len == 0)
        g_string_append_c (path, '.');
      g_string_append_printf (path, "[%" G_GUINT64_FORMAT "]", index);
    }
  else if (key != NONE)
    append_key (path, data, length, key);
}

/* Where offset is, as a jq path to the innermost value holding it: a key
 * belongs to its member, separators and brackets to their container. */
char *
mm_json_index_dup_path (MmJsonIndex *self,
                        guint64      offset)
{
  g_auto(Scanner) sc = { 0 };
  GString *path;
  Level *c;
  guint8 expect, byte;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), NULL);

  if (!query_start (self, offset, &sc))
    return NULL;
  _mm_json_scan (&sc, offset);

  path = g_string_new (NULL);
  for (guint i = 1; i < sc.stack->len; i++)
    {
      const Level *level = &g_array_index (sc.stack, Level, i);

      append_component (path, sc.data, sc.length, g_array_index (sc.stack, Level, i - 1).kind,
                        level->index_in_parent, level->key_in_parent);
    }

  c = top (&sc);
  expect = _mm_json_current_expect (&sc);
  byte = sc.data[offset];
  if (c != NULL)
    {
      if (sc.in_string && sc.is_key)
        append_key (path, sc.data, sc.length, sc.string_start);
      else if (sc.in_string || sc.in_scalar)
        append_component (path, sc.data, sc.length, c->kind, c->children - 1, c->key);
      else if (byte == '"' && (expect == EXPECT_KEY || expect == EXPECT_KEY_OR_CLOSE))
        append_key (path, sc.data, sc.length, offset);
      else if ((expect == EXPECT_VALUE || expect == EXPECT_VALUE_OR_CLOSE) && !is_blank (byte) &&
               byte != ']' && byte != '}' && byte != ',' && byte != ':')
        append_component (path, sc.data, sc.length, c->kind, c->children, c->key);
    }

  if (path->len == 0)
    g_string_append_c (path, '.');
  return g_string_free (path, FALSE);
}

/* The end of a container known to cross into the next block. */
static guint64
recorded_end (MmJsonIndex *self,
              guint64      next_block,
              guint64      start)
{
  if (next_block >= self->checkpoints->len)
    return NONE;

  for (gint32 id = g_array_index (self->checkpoints, Checkpoint, next_block).record;
       id >= 0 && (guint) id < self->records->len;
       id = g_array_index (self->records, Record, id).parent)
    if (g_array_index (self->records, Record, id).start == start)
      return g_array_index (self->records, Record, id).end;
  return NONE;
}

/**
 * mm_json_index_get_container:
 *
 * The innermost container holding @offset (a bracket belongs to its own
 * container), with its matching bracket and its parent.
 */
gboolean
mm_json_index_get_container (MmJsonIndex     *self,
                             guint64          offset,
                             MmJsonContainer *container)
{
  g_auto(Scanner) sc = { 0 };
  Level *c;
  guint64 block_end;
  guint depth;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  if (!query_start (self, offset, &sc))
    return FALSE;
  _mm_json_scan (&sc, offset);
  if (!sc.in_string && !sc.in_scalar && (sc.data[offset] == '{' || sc.data[offset] == '['))
    _mm_json_scan (&sc, offset + 1);

  c = top (&sc);
  if (c == NULL)
    return FALSE;
  depth = sc.stack->len;
  container->start = c->start;
  container->kind = c->kind;
  container->depth = depth;
  container->parent = depth > 1 ? g_array_index (sc.stack, Level, depth - 2).start : NONE;

  if (c->record >= 0)
    {
      container->end = g_array_index (self->records, Record, c->record).end;
      return TRUE;
    }
  c = NULL;   /* the stack may move as the scan goes on */

  /* Opened in this block: it closes in it, or it crosses into the next
   * one and is recorded there. */
  block_end = MIN ((offset / BLOCK + 1) * BLOCK, sc.length);
  sc.stop_below_depth = depth;
  _mm_json_scan (&sc, block_end);
  if (sc.stopped)
    container->end = sc.pos - 1;   /* the scan stepped past the closing bracket */
  else
    container->end = recorded_end (self, offset / BLOCK + 1, container->start);
  return TRUE;
}

/* Past the last byte of the value starting at value_start. */
gboolean
mm_json_index_get_value_end (MmJsonIndex *self,
                             guint64      value_start,
                             guint64     *end)
{
  const guint8 *data;
  guint64 length;
  MmJsonContainer container;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  data = mm_mapped_file_get_data (self->file);
  length = mm_json_index_get_scanned (self);
  if (value_start >= length)
    return FALSE;

  if (data[value_start] == '{' || data[value_start] == '[')
    {
      if (!mm_json_index_get_container (self, value_start, &container) || container.end == NONE)
        return FALSE;
      *end = container.end + 1;
      return TRUE;
    }
  if (data[value_start] == '"')
    {
      Scanner sc = { 0 };

      sc.data = data;
      sc.length = length;
      *end = _mm_json_string_end (&sc, value_start + 1, length) + 1;
      return *end <= length;
    }
  for (*end = value_start; *end < length && is_token_byte (data[*end]); (*end)++)
    ;
  return *end > value_start;
}

/* The scanner just past the byte at offset, and the innermost container
 * open there (NULL: none, or the index does not reach offset). */
static Level *
scan_through (MmJsonIndex *self,
              guint64      offset,
              Scanner     *sc)
{
  if (!query_start (self, offset, sc))
    return NULL;
  _mm_json_scan (sc, offset + 1);
  return top (sc);
}

/* The next value in the container of the value holding offset. */
gboolean
mm_json_index_get_next_sibling (MmJsonIndex *self,
                                guint64      offset,
                                guint64     *sibling)
{
  g_auto(Scanner) sc = { 0 };
  const guint8 *data;
  Level *c;
  guint64 value_start, end, length;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  c = scan_through (self, offset, &sc);
  if (c == NULL)
    return FALSE;

  /* The child holding offset, unless offset is the container's own
   * opening bracket (then it is that container's own sibling). */
  if (!sc.in_string && !sc.in_scalar && c->start == offset && sc.stack->len > 1)
    {
      value_start = offset;
      c = &g_array_index (sc.stack, Level, sc.stack->len - 2);
    }
  else if (c->child_start == NONE || c->child_start > offset)
    return FALSE;
  else
    value_start = c->child_start;
  if (!mm_json_index_get_value_end (self, value_start, &end))
    return FALSE;

  data = sc.data;
  length = mm_json_index_get_scanned (self);
  while (end < length && is_blank (data[end]))
    end++;
  if (end >= length || data[end] != ',')
    return FALSE;
  end++;
  while (end < length && is_blank (data[end]))
    end++;
  if (end >= length)
    return FALSE;
  /* In an object, the member starts with its key; its value follows. */
  if (c->kind == '{')
    {
      Scanner key = { 0 };

      key.data = data;
      key.length = length;
      end = _mm_json_string_end (&key, end + 1, length) + 1;
      while (end < length && (is_blank (data[end]) || data[end] == ':'))
        end++;
    }
  *sibling = end;
  return end < length;
}

/* The opening quote of the string (key or value) holding @offset. A block
 * of the file is searched at a time, back from the offset: a string of
 * many megabytes costs a memrchr over it. */
gboolean
mm_json_index_get_string_start (MmJsonIndex *self,
                                guint64      offset,
                                guint64     *start)
{
  const guint8 *data;
  MmJsonState state;
  guint64 at;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  if (!mm_json_index_get_state (self, offset, &state) || !state.in_string)
    return FALSE;
  data = mm_mapped_file_get_data (self->file);
  for (at = offset + 1; at > 0; at = at > BLOCK ? at - BLOCK : 0)
    if ((*start = _mm_json_string_start_before (data, at)) != NONE)
      return TRUE;
  return FALSE;
}

/* Where the member whose value starts at @value starts: in an object, its
 * key's opening quote (keys longer than a block are not looked for); else
 * the value itself. */
guint64
mm_json_index_get_member_start (MmJsonIndex *self,
                                guint64      value)
{
  const guint8 *data;
  guint64 at = value, quote;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), value);

  data = mm_mapped_file_get_data (self->file);
  if (value == 0 || value > mm_json_index_get_scanned (self))
    return value;
  while (at > 0 && is_blank (data[at - 1]))
    at--;
  if (at == 0 || data[at - 1] != ':')
    return value;
  at--;
  while (at > 0 && is_blank (data[at - 1]))
    at--;
  if (at == 0 || data[at - 1] != '"')
    return value;
  quote = _mm_json_string_start_before (data, at - 1);
  return quote != NONE ? quote : value;
}

/* The first byte of the value whose last byte is at @last: a string's
 * opening quote (within a block), a container's opening bracket, or a
 * bare token's first byte. */
static gboolean
value_start_before (MmJsonIndex *self,
                    guint64      last,
                    guint64     *start)
{
  const guint8 *data = mm_mapped_file_get_data (self->file);
  MmJsonContainer container;

  if (data[last] == '}' || data[last] == ']')
    {
      if (!mm_json_index_get_container (self, last, &container))
        return FALSE;
      *start = container.start;
      return TRUE;
    }
  if (data[last] == '"')
    {
      *start = _mm_json_string_start_before (data, last);
      return *start != NONE;
    }
  for (*start = last; *start > 0 && is_token_byte (data[*start - 1]);)
    (*start)--;
  return is_token_byte (data[last]);
}

/* The previous value in the container of the value holding offset; its
 * member start (see mm_json_index_get_member_start) in @sibling. */
gboolean
mm_json_index_get_previous_sibling (MmJsonIndex *self,
                                    guint64      offset,
                                    guint64     *sibling)
{
  g_auto(Scanner) sc = { 0 };
  const guint8 *data;
  Level *c;
  guint64 member, value;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  c = scan_through (self, offset, &sc);
  if (c == NULL)
    return FALSE;

  /* The member holding offset: its key in an object, else its value; on
   * a container's own bracket, that container in its parent. */
  if (!sc.in_string && !sc.in_scalar && c->start == offset && sc.stack->len > 1)
    member = mm_json_index_get_member_start (self, offset);
  else if (c->child_start == NONE || c->child_start > offset)
    return FALSE;
  else if (c->kind == '{' && c->key != NONE && c->key < c->child_start)
    member = c->key;
  else
    member = c->child_start;
  if (sc.in_string && sc.is_key)
    member = _mm_json_string_start_before (sc.data, offset + 1);
  else if (c->kind == '{' && c->key != NONE && c->key > c->child_start && c->key <= offset)
    member = c->key;
  if (member == NONE)
    return FALSE;

  data = sc.data;
  while (member > 0 && is_blank (data[member - 1]))
    member--;
  if (member == 0 || data[member - 1] != ',')
    return FALSE;
  member--;
  while (member > 0 && is_blank (data[member - 1]))
    member--;
  if (member == 0 || !value_start_before (self, member - 1, &value))
    return FALSE;
  *sibling = mm_json_index_get_member_start (self, value);
  return TRUE;
}

/**
 * mm_json_index_get_member_at:
 * @member: (out): where the member starts: its key in an object, else its value
 * @value: (out): where its value starts; G_MAXUINT64 while only the key is there
 *
 * The member of the innermost container holding @offset that @offset is
 * in or after (on its key, its value, or the separators after them).
 * FALSE before the container's first member and outside containers.
 */
gboolean
mm_json_index_get_member_at (MmJsonIndex *self,
                             guint64      offset,
                             guint64     *member,
                             guint64     *value)
{
  g_auto(Scanner) sc = { 0 };
  Level *c;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  c = scan_through (self, offset, &sc);
  if (c == NULL)
    return FALSE;

  if (sc.in_string && sc.is_key)
    {
      *member = _mm_json_string_start_before (sc.data, offset + 1);
      *value = NONE;
      return *member != NONE;
    }
  if (c->kind == '{' && c->key != NONE && (c->child_start == NONE || c->key > c->child_start))
    {
      *member = c->key;
      *value = NONE;
      return TRUE;
    }
  if (c->child_start == NONE)
    return FALSE;
  *value = c->child_start;
  *member = c->kind == '{' && c->key != NONE ? c->key : c->child_start;
  return TRUE;
}

/* Members of the region's root container: known exactly once it closed,
 * else those found so far. */
guint64
mm_json_index_get_n_members (MmJsonIndex *self,
                             guint        region)
{
  const MmJsonRegion *r;
  guint64 best = 0;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), 0);
  g_return_val_if_fail (region < self->regions->len, 0);

  r = &g_array_index (self->regions, MmJsonRegion, region);
  /* NDJSON: the lines' values are the members. */
  if (r->n_values > 1)
    return r->n_values;
  if (r->n_members != NONE)
    return r->n_members;
  for (guint64 b = r->start / BLOCK + 1; b < self->checkpoints->len; b++)
    if (g_array_index (self->checkpoints, Checkpoint, b).region == (gint32) region)
      best = MAX (best, g_array_index (self->checkpoints, Checkpoint, b).root_children);
  return best;
}

/* The index-th top-level value of an NDJSON region. */
static gboolean
top_level_member (MmJsonIndex        *self,
                  const MmJsonRegion *r,
                  guint64             index,
                  guint64            *start,
                  guint64            *key)
{
  g_auto(Scanner) sc = { 0 };
  guint64 lo = r->start / BLOCK + 1;
  guint64 hi = MIN ((r->end == NONE ? G_MAXUINT64 : r->end) / BLOCK + 1, (guint64) self->checkpoints->len);

  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo) / 2;

      if (g_array_index (self->checkpoints, Checkpoint, mid).top_values > index)
        hi = mid;
      else
        lo = mid + 1;
    }

  if (!query_start (self, MAX ((lo - 1) * BLOCK, r->start), &sc))
    return FALSE;
  sc.stop_at_top_value = index + 1;
  _mm_json_scan (&sc, mm_json_index_get_scanned (self));
  if (!sc.stopped)
    return FALSE;

  *start = sc.top_value_start;
  if (key != NULL)
    *key = NONE;
  return TRUE;
}

/**
 * mm_json_index_get_member:
 * @start: (out): the member's value
 * @key: (out) (optional): its key's opening quote, in an object; G_MAXUINT64 in an array
 *
 * The index-th member of the region's root container, found from the
 * checkpoints and one block's scan.
 */
gboolean
mm_json_index_get_member (MmJsonIndex *self,
                          guint        region,
                          guint64      index,
                          guint64     *start,
                          guint64     *key)
{
  const MmJsonRegion *r;
  g_auto(Scanner) sc = { 0 };
  guint64 lo, hi, block;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);
  g_return_val_if_fail (region < self->regions->len, FALSE);

  r = &g_array_index (self->regions, MmJsonRegion, region);
  if (index >= mm_json_index_get_n_members (self, region))
    return FALSE;

  if (r->n_values > 1)
    return top_level_member (self, r, index, start, key);

  /* The first checkpoint of the region that has counted past index: the
   * member begins in the block before it. */
  lo = r->start / BLOCK + 1;
  hi = MIN ((r->end == NONE ? G_MAXUINT64 : r->end) / BLOCK + 1, (guint64) self->checkpoints->len);
  while (lo < hi)
    {
      guint64 mid = lo + (hi - lo) / 2;

      if (g_array_index (self->checkpoints, Checkpoint, mid).root_children > index)
        hi = mid;
      else
        lo = mid + 1;
    }
  block = lo - 1;

  if (!query_start (self, MAX (block * BLOCK, r->start), &sc))
    return FALSE;
  sc.stop_at_root_child = index + 1;
  if (sc.stack->len > 0 && g_array_index (sc.stack, Level, 0).children == index + 1)
    sc.stopped = TRUE;
  _mm_json_scan (&sc, mm_json_index_get_scanned (self));
  if (!sc.stopped || sc.stack->len == 0)
    return FALSE;

  *start = g_array_index (sc.stack, Level, 0).child_start;
  if (key != NULL)
    *key = g_array_index (sc.stack, Level, 0).kind == '{' ? g_array_index (sc.stack, Level, 0).key : NONE;
  return TRUE;
}
