/* mm-json-rows.c: the pretty view's rows, from any byte offset.
 *
 * In a JSON region whose root is a container (a .json file, chat.html's
 * jsonData) and that the structure pass has seen whole, each member is a
 * row, `key: value` for scalars and `key: {` for containers, and each
 * closing bracket of a non-empty container is a row of its own: the lines
 * `jq .` prints. A row is a run of the file's bytes, from its first token to
 * the next row's; the blanks between tokens are not drawn (but one space
 * after a colon), and the row is indented two cells a level (or as set).
 * Nothing is rewritten or kept: the row holding a byte comes from a few queries of the
 * structure index (its container, the member there), and the next row from
 * reading a few tokens on. A row wider than the view wraps at its
 * indentation; one longer than 64 KiB is cut at multiples of 64 KiB, as
 * plain rows are, so any row is found in bounded work. Before and after the
 * region (the HTML around jsonData) the plain rows are used.
 */
#define G_LOG_DOMAIN "mm-json-rows"

#include "config.h"

#include <string.h>

#include "mm-json-reader.h"
#include "mm-json-rows.h"
#include "mm-utf8-cells.h"

#define MIN_CONTENT_CELLS 16
#define DEPTH_CACHE_MAX 65536
#define LONG_STRING 4096

struct _MmJsonRows
{
  GObject       parent_instance;

  MmMappedFile *file;
  MmJsonIndex  *json;
  MmRows       *plain;
  guint         wrap_cells;
  GHashTable   *indents;    /* pretty row start -> indentation level + 1 */
  GHashTable   *logicals;   /* visual row start -> its pretty row's start + 1 */
  GHashTable   *folds;      /* container start -> FOLDED or UNFOLDED, by hand */
  guint         fold_depth; /* containers this deep are folded (0: none) */
  GHashTable   *counts;     /* container start -> members + 1 */
  GHashTable   *ends;       /* folded container start -> past its end + 1 */
  GHashTable   *strings;    /* long string's quote -> past its end + 1 */
  gboolean      readable;   /* strings' escapes drawn as what they stand for */
  guint         tab_width;  /* for raw tabs in strings */
  guint         indent_cells; /* a level */
  guint64       zone_start; /* the root container found, while the index stays */
  guint64       zone_end;
  guint64       zone_scanned;
  gboolean      zone_found;
  gboolean      zone_known;
};

enum { FOLDED = 1, UNFOLDED = 2 };

#define FOLD_WALK_MAX 64
#define PREVIEW_CELLS 40
#define COUNT_LIMIT ((guint64) 16 << 20)

static void mm_json_rows_row_model_init (MmRowModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MmJsonRows, mm_json_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (MM_TYPE_ROW_MODEL, mm_json_rows_row_model_init))

/* ---- where the pretty rows are ---------------------------------------- */

typedef struct
{
  guint64 start;   /* the root container's opening bracket */
  guint64 end;     /* past its closing one */
} Zone;

static const guint8 *
data_of (MmJsonRows *self)
{
  return mm_mapped_file_get_data (self->file);
}

static guint64
length_of (MmJsonRows *self)
{
  return mm_mapped_file_get_valid_length (self->file);
}

/* The root container of the first region that has one, once the pass
 * has seen it whole. */
static gboolean
find_zone (MmJsonRows *self,
           Zone       *zone)
{
  const guint8 *data = data_of (self);
  guint64 scanned = mm_json_index_get_scanned (self->json);

  for (guint i = 0; i < mm_json_index_get_n_regions (self->json); i++)
    {
      const MmJsonRegion *r = mm_json_index_get_region (self->json, i);
      guint64 end;

      if (r->start >= length_of (self) || (data[r->start] != '{' && data[r->start] != '['))
        continue;
      /* The root container only: what may follow it (NDJSON's next value,
       * a stray byte before an error) is not its rows. */
      if (!mm_json_index_get_value_end (self->json, r->start, &end) || end > scanned || end > length_of (self))
        continue;
      zone->start = r->start;
      zone->end = end;
      return TRUE;
    }
  return FALSE;
}

/* Asked at every call: found again only when the index has moved on. */
static gboolean
get_zone (MmJsonRows *self,
          Zone       *zone)
{
  guint64 scanned = mm_json_index_get_scanned (self->json);

  if (self->zone_scanned != scanned || !self->zone_known)
    {
      Zone found = { 0, 0 };

      self->zone_found = find_zone (self, &found);
      self->zone_start = found.start;
      self->zone_end = found.end;
      self->zone_scanned = scanned;
      self->zone_known = TRUE;
    }
  zone->start = self->zone_start;
  zone->end = self->zone_end;
  return self->zone_found;
}

gboolean
mm_json_rows_has_json (MmJsonRows *self)
{
  Zone zone;

  g_return_val_if_fail (MM_IS_JSON_ROWS (self), FALSE);

  return get_zone (self, &zone);
}

/* ---- tokens ------------------------------------------------------------ */

static gboolean
is_blank (guint8 c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static guint64
skip_blank (MmJsonRows *self,
            guint64     pos,
            guint64     end)
{
  const guint8 *data = data_of (self);

  while (pos < end && is_blank (data[pos]))
    pos++;
  return pos;
}

static void
remember (GHashTable *table,
          guint64     key,
          guint64     value)
{
  if (g_hash_table_size (table) > DEPTH_CACHE_MAX)
    g_hash_table_remove_all (table);
  g_hash_table_insert (table, g_memdup2 (&key, sizeof key), GSIZE_TO_POINTER ((gsize) value + 1));
}

/* Past the string opening at @quote, or @end when it is cut off there. A
 * long one is remembered: each of its visual rows asks again, and finding
 * the end of a string of many megabytes reads all of it. */
static guint64
string_end (MmJsonRows *self,
            guint64     quote,
            guint64     end)
{
  MmJsonBytes bytes = { data_of (self), end };
  gpointer cached = g_hash_table_lookup (self->strings, &quote);
  guint64 stop;

  if (cached != NULL)
    return MIN ((guint64) GPOINTER_TO_SIZE (cached) - 1, end);
  if (!mm_json_skip_value (&bytes, quote, &stop))
    return end;
  if (stop - quote >= LONG_STRING)
    remember (self->strings, quote, stop);
  return stop;
}

/* Past the token at pos: a string, a bracket or separator, a bare word. */
static guint64
token_end (MmJsonRows *self,
           guint64     pos,
           guint64     end)
{
  guint8 c = data_of (self)[pos];
  guint64 stop;

  if (c == '"')
    return string_end (self, pos, end);
  if (strchr ("{}[],:", c) != NULL)
    return pos + 1;
  for (stop = pos; stop < end && !is_blank (data_of (self)[stop]) && strchr ("{}[],:\"", data_of (self)[stop]) == NULL;)
    stop++;
  return MAX (stop, pos + 1);
}

static gboolean
is_close (guint8 c)
{
  return c == '}' || c == ']';
}

static gboolean
container_is_empty (MmJsonRows *self,
                    guint64     open,
                    guint64     end)
{
  guint64 q = skip_blank (self, open + 1, end);

  return q < end && is_close (data_of (self)[q]);
}

/* ---- folding ------------------------------------------------------------ */

static gboolean
folding (MmJsonRows *self)
{
  return self->fold_depth > 0 || g_hash_table_size (self->folds) > 0;
}

/* @depth: 1 for the root container */
static gboolean
is_folded (MmJsonRows *self,
           guint64     start,
           guint       depth)
{
  guint how = GPOINTER_TO_UINT (g_hash_table_lookup (self->folds, &start));

  if (how != 0)
    return how == FOLDED;
  return self->fold_depth > 0 && depth == self->fold_depth;
}

/* The outermost folded container that hides @x (its opening bracket is not
 * hidden: it is on the folded row); G_MAXUINT64 for none. */
static guint64
folded_around (MmJsonRows *self,
               guint64     x)
{
  MmJsonContainer c;
  guint64 outer = G_MAXUINT64;

  if (!folding (self) || !mm_json_index_get_container (self->json, x, &c))
    return G_MAXUINT64;
  if (x == c.start)
    {
      if (c.parent == G_MAXUINT64 || !mm_json_index_get_container (self->json, c.parent, &c))
        return G_MAXUINT64;
    }
  for (guint i = 0; i < FOLD_WALK_MAX; i++)
    {
      if (is_folded (self, c.start, c.depth))
        outer = c.start;
      if (c.parent == G_MAXUINT64 || !mm_json_index_get_container (self->json, c.parent, &c))
        break;
    }
  return outer;
}

/* Past a folded container's closing bracket: asked of the index once. */
static gboolean
folded_end (MmJsonRows *self,
            guint64     start,
            guint64    *end)
{
  gpointer cached = g_hash_table_lookup (self->ends, &start);

  if (cached != NULL)
    {
      *end = (guint64) GPOINTER_TO_SIZE (cached) - 1;
      return TRUE;
    }
  if (!mm_json_index_get_value_end (self->json, start, end))
    return FALSE;
  if (g_hash_table_size (self->ends) > DEPTH_CACHE_MAX)
    g_hash_table_remove_all (self->ends);
  g_hash_table_insert (self->ends, g_memdup2 (&start, sizeof start), GSIZE_TO_POINTER ((gsize) *end + 1));
  return TRUE;
}

/* Members of a folded container, for its row: the root's from the index,
 * others counted once (not over 16 MiB). G_MAXUINT64 when not counted. */
static guint64
count_members (MmJsonRows *self,
               const Zone *zone,
               guint64     start,
               guint64     end)
{
  MmJsonBytes bytes = { data_of (self), zone->end };
  gpointer cached = g_hash_table_lookup (self->counts, &start);
  guint64 n;

  if (cached != NULL)
    return (guint64) GPOINTER_TO_SIZE (cached) - 1;
  if (start == zone->start)
    {
      gint region = mm_json_index_find_region (self->json, start);

      n = region >= 0 ? mm_json_index_get_n_members (self->json, (guint) region) : G_MAXUINT64;
    }
  else if (end - start > COUNT_LIMIT)
    return G_MAXUINT64;
  else
    n = mm_json_count_members (&bytes, start);
  if (g_hash_table_size (self->counts) > DEPTH_CACHE_MAX)
    g_hash_table_remove_all (self->counts);
  g_hash_table_insert (self->counts, g_memdup2 (&start, sizeof start), GSIZE_TO_POINTER ((gsize) n + 1));
  return n;
}

/* ---- logical rows ------------------------------------------------------- */

/* The pretty row holding @x, which is in the zone. */
static guint64
logical_start (MmJsonRows *self,
               const Zone *zone,
               guint64     x)
{
  const guint8 *data = data_of (self);
  MmJsonContainer c;
  guint64 member, value, end;

  if (x <= zone->start || !mm_json_index_get_container (self->json, x, &c))
    return zone->start;
  /* Inside a folded container: on the row that shows it. */
  if ((end = folded_around (self, x)) != G_MAXUINT64)
    return end == zone->start ? zone->start : mm_json_index_get_member_start (self->json, end);
  if (x == c.end)
    {
      if (!container_is_empty (self, c.start, zone->end))
        return x;
      x = c.start;
    }
  if (x == c.start)
    return c.start == zone->start ? zone->start : mm_json_index_get_member_start (self->json, c.start);
  if (!mm_json_index_get_member_at (self->json, x, &member, &value))
    return c.start == zone->start ? zone->start : mm_json_index_get_member_start (self->json, c.start);
  if (value == G_MAXUINT64 || x < value)
    return member;
  /* Past a container value: on the row of its closing bracket, unless it
   * is empty or folded, and on its member's row. */
  if ((data[value] == '{' || data[value] == '[') && x > value && !is_folded (self, value, c.depth + 1) &&
      mm_json_index_get_value_end (self->json, value, &end) && !container_is_empty (self, value, zone->end))
    return end - 1;
  return member;
}

/* Where the next pretty row starts; @opens: this row opens a non-empty
 * container (the next row is one level deeper); @folded: the container
 * this row shows folded, or G_MAXUINT64. */
static guint64
logical_end (MmJsonRows *self,
             const Zone *zone,
             guint64     row,
             guint       level,
             gboolean   *opens,
             guint64    *folded)
{
  const guint8 *data = data_of (self);
  guint64 p = row, q;

  *opens = FALSE;
  *folded = G_MAXUINT64;
  if (is_close (data[p]))
    p++;
  else
    {
      if (data[p] == '"')
        {
          q = skip_blank (self, token_end (self, p, zone->end), zone->end);
          if (q < zone->end && data[q] == ':')
            p = skip_blank (self, q + 1, zone->end);
        }
      if (p < zone->end && (data[p] == '{' || data[p] == '['))
        {
          q = skip_blank (self, p + 1, zone->end);
          if (q < zone->end && !is_close (data[q]))
            {
              guint64 end;

              /* Folded: the whole container is on this row. */
              if (is_folded (self, p, level + 1) && folded_end (self, p, &end))
                {
                  *folded = p;
                  q = end - 1;
                }
              else
                {
                  *opens = TRUE;
                  return q;
                }
            }
          p = q + 1;
        }
      else if (p < zone->end)
        p = token_end (self, p, zone->end);
    }
  q = skip_blank (self, MIN (p, zone->end), zone->end);
  if (q < zone->end && data[q] == ',')
    q = skip_blank (self, q + 1, zone->end);
  return MIN (q, zone->end);
}

/* Levels of indentation of the pretty row at @row. */
static guint
indent_of (MmJsonRows *self,
           const Zone *zone,
           guint64     row)
{
  gpointer cached = g_hash_table_lookup (self->indents, &row);
  MmJsonState state;
  guint level;

  if (cached != NULL)
    return GPOINTER_TO_UINT (cached) - 1;
  if (row == zone->start || !mm_json_index_get_state (self->json, row, &state))
    level = 0;
  else
    level = state.depth - (is_close (data_of (self)[row]) && state.depth > 0 ? 1 : 0);
  if (g_hash_table_size (self->indents) > DEPTH_CACHE_MAX)
    g_hash_table_remove_all (self->indents);
  g_hash_table_insert (self->indents, g_memdup2 (&row, sizeof row), GUINT_TO_POINTER (level + 1));
  return level;
}

/* The pretty row a visual row belongs to: remembered when the rows were
 * read in order, else asked of the index. */
static guint64
logical_of (MmJsonRows *self,
            const Zone *zone,
            guint64     row)
{
  gpointer cached = g_hash_table_lookup (self->logicals, &row);

  if (cached != NULL)
    return (guint64) GPOINTER_TO_SIZE (cached) - 1;
  return logical_start (self, zone, row);
}

/* ---- cells ----------------------------------------------------------------- */

/* The glyphs a pretty row shows from some byte on: blanks outside strings
 * are not drawn, but for one space after a colon and after a comma (in a
 * folded row's preview), as jq writes them: the file's own space after a
 * colon, else a space of ours on the cell before the next token, mapped to
 * that token's first byte. */
typedef struct
{
  MmJsonRows   *self;
  const guint8 *data;
  guint64       pos;
  guint64       end;        /* the logical row's end */
  gboolean      in_string;
  gboolean      escaped;
  gboolean      after_colon;
  gboolean      after_comma;
  gboolean      virtual_space;  /* the glyph is a space of ours: no bytes */
  guint         tab_column;
  MmGlyph       glyph;
  /* Readable strings: an escape drawn as what it stands for */
  gboolean      readable;
  gboolean      decoded;    /* the glyph is an escape, spelled in `spell` */
  gboolean      breaks;     /* \n: the row ends after it */
  char          spell[8];
} Walk;

static void
walk_init (Walk       *w,
           MmJsonRows *self,
           guint64     from,
           guint64     row,
           guint64     end)
{
  memset (w, 0, sizeof *w);
  w->self = self;
  w->data = data_of (self);
  w->pos = from;
  w->end = end;
  w->readable = self->readable;
  if (from != row)
    {
      MmJsonState state;

      /* Inside a long row: the lexer state from the index. */
      if (mm_json_index_get_state (self->json, from, &state))
        {
          w->in_string = state.in_string;
          w->escaped = state.escaped;
        }
    }
}

static int
hex4 (const guint8 *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int h = g_ascii_xdigit_value (p[i]);

      if (h < 0)
        return -1;
      v = v * 16 + h;
    }
  return v;
}

/* The escape at w->pos as the character it stands for (a surrogate pair
 * as one); FALSE for one drawn as written (a lone surrogate, bad hex, a
 * control character). */
static gboolean
decode_escape (Walk *w)
{
  const guint8 *p = w->data + w->pos;
  guint64 avail = w->end - w->pos;
  gunichar ch;
  guint length = 2;

  if (avail < 2)
    return FALSE;
  switch (p[1])
    {
    case 'n': ch = 0x21b5; w->breaks = TRUE; break;   /* ↵, and a new row */
    case 't': ch = 0x2192; break;                      /* → */
    case '"': case '\\': case '/': ch = p[1]; break;
    case 'u':
      {
        int unit = avail >= 6 ? hex4 (p + 2) : -1;

        if (unit < 0)
          return FALSE;
        length = 6;
        if (unit >= 0xd800 && unit < 0xdc00)
          {
            int low = avail >= 12 && p[6] == '\\' && p[7] == 'u' ? hex4 (p + 8) : -1;

            if (low < 0xdc00 || low >= 0xe000)
              return FALSE;
            unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
            length = 12;
          }
        else if (unit >= 0xdc00 && unit < 0xe000)
          return FALSE;
        ch = (gunichar) unit;
        if (!g_unichar_isprint (ch) || g_unichar_iszerowidth (ch))
          return FALSE;
      }
      break;
    default:
      return FALSE;
    }
  w->spell[g_unichar_to_utf8 (ch, w->spell)] = 0;
  w->glyph.kind = MM_GLYPH_TEXT;
  w->glyph.length = length;
  w->glyph.width = g_unichar_iswide (ch) ? 2 : 1;
  w->glyph.ch = ch;
  w->decoded = TRUE;
  return TRUE;
}

/* The next glyph to draw at w->pos (blanks skipped); FALSE at the end. */
static gboolean
walk_peek (Walk *w)
{
  while (w->pos < w->end)
    {
      guint8 c = w->data[w->pos];

      if (!w->in_string && is_blank (c) && !(c == ' ' && w->after_colon))
        {
          w->pos++;
          continue;
        }
      w->decoded = w->breaks = w->virtual_space = FALSE;
      if ((w->after_colon || w->after_comma) && !w->in_string && !is_blank (c))
        {
          w->glyph = (MmGlyph) { MM_GLYPH_TEXT, 0, 1, ' ' };
          w->virtual_space = TRUE;
          return TRUE;
        }
      if (w->readable && w->in_string && !w->escaped && c == '\\' && decode_escape (w))
        return TRUE;
      mm_glyph_decode (w->data + w->pos, (gsize) MIN (w->end - w->pos, 16), &w->glyph);
      if (w->glyph.kind == MM_GLYPH_NEWLINE)
        {
          /* A raw newline in a string (not JSON): a one-cell escape. */
          w->glyph.kind = MM_GLYPH_CONTROL;
          w->glyph.width = 2;
        }
      if (w->glyph.kind == MM_GLYPH_TAB)
        mm_glyph_set_tab_width (&w->glyph, w->tab_column, w->self->tab_width, 0);
      return TRUE;
    }
  return FALSE;
}

static void
walk_advance (Walk *w)
{
  guint8 c = w->data[w->pos];

  if (w->decoded || w->virtual_space)
    {
      /* A whole escape (still in the string), or our space. */
      w->tab_column += w->glyph.width;
      w->pos += w->glyph.length;
      w->after_colon = w->after_comma = w->virtual_space = FALSE;
      return;
    }

  if (w->in_string)
    {
      if (w->escaped)
        w->escaped = FALSE;
      else if (c == '\\')
        w->escaped = TRUE;
      else if (c == '"')
        w->in_string = FALSE;
    }
  else if (c == '"')
    w->in_string = TRUE;
  w->after_colon = !w->in_string && c == ':';
  w->after_comma = !w->in_string && c == ',';
  w->tab_column += w->glyph.width;
  w->pos += MAX (1, w->glyph.length);
}

/* ---- visual rows ----------------------------------------------------------- */

typedef struct
{
  guint64 logical;   /* the pretty row's start */
  guint64 end;       /* its end */
  guint   indent;    /* cells */
  guint   content;   /* cells of text a visual row holds; G_MAXUINT: no wrapping */
  gboolean opens;    /* it opens a container */
  guint64 folded;    /* the container it shows folded, or G_MAXUINT64 */
  guint64 close;     /* that container's closing bracket */
} Shape;

static void
shape_of (MmJsonRows *self,
          const Zone *zone,
          guint64     logical,
          Shape      *shape)
{
  gboolean opens;
  guint level = indent_of (self, zone, logical);

  shape->logical = logical;
  shape->end = logical_end (self, zone, logical, level, &opens, &shape->folded);
  shape->opens = opens;
  shape->close = G_MAXUINT64;
  if (shape->folded != G_MAXUINT64)
    {
      guint64 end;

      if (folded_end (self, shape->folded, &end))
        shape->close = end - 1;
    }
  shape->indent = MIN (level * self->indent_cells, G_MAXUINT16);
  /* The next row's level, known from this one: rows are read in order
   * without asking the index. */
  if (shape->end < zone->end)
    {
      guint next_level = opens ? level + 1 : is_close (data_of (self)[shape->end]) && level > 0 ? level - 1 : level;

      remember (self->indents, shape->end, next_level);
      remember (self->logicals, shape->end, shape->end);
    }
  if (self->wrap_cells == 0)
    shape->content = G_MAXUINT;
  else
    {
      /* In a narrow view a deep row is indented less, keeping its text
       * MIN_CONTENT_CELLS wide (or the view's width): it is never wider
       * than the view, where its end would be out of sight. */
      guint content = MIN (self->wrap_cells, MIN_CONTENT_CELLS);

      shape->indent = MIN (shape->indent, self->wrap_cells - content);
      shape->content = self->wrap_cells - shape->indent;
    }
}

/* A segment boundary inside a long row, at or before @x. */
static guint64
segment_at (MmJsonRows  *self,
            const Shape *shape,
            guint64      x)
{
  guint64 seg = x - x % MM_ROWS_SEGMENT_SIZE;

  /* Only a row longer than a segment is cut (a folded one never). */
  if (seg <= shape->logical || shape->end - shape->logical <= MM_ROWS_SEGMENT_SIZE || shape->folded != G_MAXUINT64)
    return shape->logical;
  /* Not inside a character. */
  while (seg < x && (data_of (self)[seg] & 0xc0) == 0x80)
    seg++;
  return seg;
}

/* Where the visual row starting at @from ends (the next one starts), and
 * how many text cells it has: when its cells are full, at a 64 KiB
 * boundary inside a long row, or where the pretty row ends. */
static guint64
visual_end (MmJsonRows  *self,
            const Shape *shape,
            guint64      from,
            guint       *cells)
{
  guint64 limit = shape->end, boundary = from - from % MM_ROWS_SEGMENT_SIZE + MM_ROWS_SEGMENT_SIZE;
  guint column = 0;
  Walk w;

  if (shape->folded != G_MAXUINT64)
    return shape->end;

  if (boundary < shape->end && shape->end - shape->logical > MM_ROWS_SEGMENT_SIZE)
    {
      while (boundary < shape->end && (data_of (self)[boundary] & 0xc0) == 0x80)
        boundary++;
      limit = boundary;
    }
  walk_init (&w, self, from, shape->logical, limit);
  while (walk_peek (&w))
    {
      gboolean breaks = w.breaks;

      if (column > 0 && column + w.glyph.width > shape->content)
        break;
      column += w.glyph.width;
      walk_advance (&w);
      /* A readable \n: the text goes on in the next row. */
      if (breaks && walk_peek (&w))
        break;
    }
  if (cells != NULL)
    *cells = column;
  /* Blanks after the last glyph belong to this row. */
  if (!walk_peek (&w))
    return limit;
  return w.pos;
}

/* The visual row holding @x in the zone. */
static guint64
visual_start (MmJsonRows *self,
              const Zone *zone,
              guint64     x,
              Shape      *shape)
{
  guint64 row = segment_at (self, shape, x);

  while (TRUE)
    {
      guint64 next = visual_end (self, shape, row, NULL);

      if (next > x || next >= shape->end || next <= row)
        return row;
      remember (self->logicals, next, shape->logical);
      row = next;
    }
}

/* ---- the plain rows around the zone ---------------------------------------- */

static guint64
plain_row_start (MmJsonRows *self,
                 const Zone *zone,
                 guint64     x)
{
  guint64 row;

  if (x < zone->start)
    return mm_rows_row_start (self->plain, x);
  /* After the zone: rows from its end, walked when near. */
  if (x - zone->end > MM_ROWS_SEGMENT_SIZE)
    return MAX (mm_rows_row_start (self->plain, x), zone->end);
  row = zone->end;
  for (guint64 next; mm_rows_next (self->plain, row, &next) && next <= x && next > row;)
    row = next;
  return row;
}

/* ---- MmRowModel -------------------------------------------------------------- */

static guint64
json_rows_row_start (MmRowModel *model,
                     guint64     offset)
{
  MmJsonRows *self = MM_JSON_ROWS (model);
  Zone zone;
  Shape shape;

  if (!get_zone (self, &zone))
    return mm_rows_row_start (self->plain, offset);
  offset = MIN (offset, length_of (self));
  if (offset < zone.start || offset >= zone.end)
    return plain_row_start (self, &zone, offset);
  shape_of (self, &zone, logical_start (self, &zone, offset), &shape);
  return visual_start (self, &zone, offset, &shape);
}

static guint64
json_rows_row_end (MmRowModel *model,
                   guint64     row_start)
{
  MmJsonRows *self = MM_JSON_ROWS (model);
  Zone zone;
  Shape shape;
  guint64 end;

  if (!get_zone (self, &zone))
    return mm_rows_row_end (self->plain, row_start);
  if (row_start < zone.start)
    return MIN (mm_rows_row_end (self->plain, row_start), zone.start);
  if (row_start >= zone.end)
    return mm_rows_row_end (self->plain, row_start);
  shape_of (self, &zone, logical_of (self, &zone, row_start), &shape);
  end = visual_end (self, &shape, row_start, NULL);
  if (end < shape.end)
    remember (self->logicals, end, shape.logical);
  return end;
}

static gboolean
json_rows_next (MmRowModel *model,
                guint64     row_start,
                guint64    *next)
{
  MmJsonRows *self = MM_JSON_ROWS (model);
  Zone zone;
  guint64 end;

  if (!get_zone (self, &zone) || row_start >= zone.end)
    {
      if (!mm_rows_next (self->plain, row_start, next))
        return FALSE;
      return TRUE;
    }
  if (row_start < zone.start)
    {
      if (!mm_rows_next (self->plain, row_start, next))
        *next = zone.start;
      *next = MIN (*next, zone.start);
      return TRUE;
    }
  end = json_rows_row_end (model, row_start);
  if (end <= row_start || end >= length_of (self))
    return FALSE;
  *next = end;
  return TRUE;
}

static gboolean
json_rows_prev (MmRowModel *model,
                guint64     row_start,
                guint64    *prev)
{
  if (row_start == 0)
    return FALSE;
  *prev = json_rows_row_start (model, row_start - 1);
  return *prev < row_start;
}

/* Cells of a row, whatever the window; fills @text when given. */
static guint
walk_cells (MmJsonRows *self,
            const Zone *zone,
            guint64     row_start,
            guint64     stop_at,
            guint       stop_cell,
            guint64    *found,
            MmRowText  *text,
            GString    *spelled,
            guint       first_cell,
            guint       max_cells)
{
  Shape shape;
  guint64 end;
  guint cell, n = 0, preview_end = G_MAXUINT;
  Walk w;

  shape_of (self, zone, logical_of (self, zone, row_start), &shape);
  end = visual_end (self, &shape, row_start, NULL);
  if (found != NULL)
    *found = end;

  for (cell = 0; cell < shape.indent; cell++)
    {
      if (stop_cell != G_MAXUINT && cell >= stop_cell)
        {
          *found = row_start;
          return cell;
        }
      if (text != NULL && cell >= first_cell && cell < first_cell + max_cells)
        {
          text->cell_text[n] = (guint) spelled->len;
          text->cell_offsets[n++] = row_start;
          g_string_append_c (spelled, ' ');
        }
    }

  /* A folded row shows its bytes up to the container's opening bracket,
   * and the first few it hides as a preview. */
  walk_init (&w, self, row_start, shape.logical,
             shape.folded != G_MAXUINT64 ? (shape.close != G_MAXUINT64 ? shape.close : shape.folded + 1) : end);
  while (walk_peek (&w))
    {
      /* Our space before the token at stop_at is on the way to it. */
      if (w.pos >= stop_at && !(w.virtual_space && w.pos == stop_at))
        break;
      if (shape.folded != G_MAXUINT64 && w.pos > shape.folded)
        {
          if (preview_end == G_MAXUINT)
            preview_end = cell + PREVIEW_CELLS;
          if (cell + w.glyph.width > preview_end)
            break;
        }
      if (stop_cell != G_MAXUINT && cell + w.glyph.width > stop_cell)
        {
          *found = w.pos;
          return cell;
        }
      if (text != NULL && cell + w.glyph.width > first_cell && cell < first_cell + max_cells)
        {
          const guint8 *p = w.data + w.pos;

          if (w.decoded && cell >= first_cell && cell + w.glyph.width <= first_cell + max_cells)
            {
              /* An escape drawn as what it stands for, in the escapes' style:
               * its cells are its bytes. */
              MmRowEscape escape = { cell, w.glyph.width, (guint) spelled->len, 0, MM_GLYPH_INVISIBLE };

              for (guint c = 0; c < w.glyph.width; c++)
                {
                  text->cell_text[n] = (guint) spelled->len;
                  text->cell_offsets[n++] = w.pos;
                }
              g_string_append (spelled, w.spell);
              escape.text_end = (guint) spelled->len;
              g_array_append_val (text->escapes, escape);
            }
          else if (w.glyph.kind == MM_GLYPH_TEXT && cell >= first_cell && cell + w.glyph.width <= first_cell + max_cells)
            {
              for (guint c = 0; c < w.glyph.width; c++)
                {
                  text->cell_text[n] = (guint) spelled->len;
                  text->cell_offsets[n++] = w.pos;
                }
              if (w.virtual_space)
                g_string_append_c (spelled, ' ');
              else
                g_string_append_len (spelled, (const char *) p, w.glyph.length);
            }
          else if (w.glyph.kind == MM_GLYPH_TEXT || w.glyph.kind == MM_GLYPH_TAB)
            {
              for (guint c = MAX (cell, first_cell); c < MIN (cell + w.glyph.width, first_cell + max_cells); c++)
                {
                  text->cell_text[n] = (guint) spelled->len;
                  text->cell_offsets[n++] = w.pos;
                  g_string_append_c (spelled, ' ');
                }
            }
          else
            {
              MmRowEscape escape;
              char spell[MM_ESCAPE_TEXT_MAX];
              gboolean whole = cell >= first_cell && cell + w.glyph.width <= first_cell + max_cells;

              escape.first_cell = MAX (cell, first_cell);
              escape.n_cells = MIN (cell + w.glyph.width, first_cell + max_cells) - escape.first_cell;
              escape.text_start = (guint) spelled->len;
              escape.kind = w.glyph.kind;
              if (whole)
                {
                  guint len = mm_glyph_escape_text (&w.glyph, p, spell);

                  for (guint c = 0; c < w.glyph.width; c++)
                    {
                      text->cell_text[n] = (guint) spelled->len + MIN (c, len);
                      text->cell_offsets[n++] = w.pos;
                    }
                  g_string_append (spelled, spell);
                }
              else
                for (guint c = 0; c < escape.n_cells; c++)
                  {
                    text->cell_text[n] = (guint) spelled->len;
                    text->cell_offsets[n++] = w.pos;
                    g_string_append_c (spelled, ' ');
                  }
              escape.text_end = (guint) spelled->len;
              g_array_append_val (text->escapes, escape);
            }
        }
      cell += w.glyph.width;
      walk_advance (&w);
    }

  if (shape.folded != G_MAXUINT64 && stop_at > shape.folded)
    {
      /* Then what it hides: "…}" and how many members, in the cells of its
       * closing bracket. */
      const guint8 *data = data_of (self);
      guint64 after = shape.close != G_MAXUINT64 ? skip_blank (self, shape.close + 1, zone->end) : end;
      guint64 count = shape.close != G_MAXUINT64 ? count_members (self, zone, shape.folded, shape.close + 1) : G_MAXUINT64;
      g_autoptr(GString) tail = g_string_new ("…");
      MmRowEscape escape = { 0 };
      guint64 at = shape.close != G_MAXUINT64 ? shape.close : end;
      const char *p;

      /* Short enough to show whole: no "…". */
      if (!walk_peek (&w))
        g_string_truncate (tail, 0);

      g_string_append_c (tail, data[shape.folded] == '{' ? '}' : ']');
      if (after < zone->end && data[after] == ',')
        g_string_append_c (tail, ',');
      if (count != G_MAXUINT64)
        {
          g_autofree char *number = g_strdup_printf ("%'" G_GUINT64_FORMAT, count);

          g_string_append_printf (tail, " %s %s", number,
                                  data[shape.folded] == '{' ? (count == 1 ? "key" : "keys")
                                                            : (count == 1 ? "item" : "items"));
        }
      if (stop_cell != G_MAXUINT && stop_cell >= cell)
        {
          *found = at;
          return stop_cell;
        }
      if (stop_at != G_MAXUINT64)
        return cell;
      escape.first_cell = MAX (cell, first_cell);
      escape.text_start = spelled != NULL ? (guint) spelled->len : 0;
      escape.kind = MM_GLYPH_INVISIBLE;
      for (p = tail->str; *p; p = g_utf8_next_char (p), cell++)
        if (text != NULL && cell >= first_cell && cell < first_cell + max_cells)
          {
            text->cell_text[n] = (guint) spelled->len;
            text->cell_offsets[n++] = at;
            g_string_append_len (spelled, p, g_utf8_next_char (p) - p);
          }
      if (text != NULL && spelled->len > escape.text_start)
        {
          escape.n_cells = cell - escape.first_cell;
          escape.text_end = (guint) spelled->len;
          g_array_append_val (text->escapes, escape);
        }
      if (text != NULL)
        {
          text->n_cells = n;
          text->cell_offsets[n] = end;
          text->cell_text[n] = (guint) spelled->len;
          text->total_cells = cell;
          text->end = end;
          text->line_start = TRUE;
          text->indent = shape.indent;
          text->fold = MM_ROW_FOLDED;
        }
      return cell;
    }

  if (stop_cell != G_MAXUINT && found != NULL)
    *found = w.pos < end && walk_peek (&w) ? w.pos : end;
  if (text != NULL)
    {
      text->n_cells = n;
      text->cell_offsets[n] = w.pos < end && walk_peek (&w) ? w.pos : end;
      text->cell_text[n] = (guint) spelled->len;
      text->total_cells = cell;
      text->end = end;
      text->line_start = row_start == shape.logical;
      text->segment_break = !text->line_start && row_start % MM_ROWS_SEGMENT_SIZE < 4 &&
                            segment_at (self, &shape, row_start) == row_start;
      text->indent = shape.indent;
      text->fold = shape.opens && text->line_start ? MM_ROW_OPENS : MM_ROW_NO_FOLD;
    }
  return cell;
}

static guint
json_rows_cell_of_offset (MmRowModel *model,
                          guint64     row_start,
                          guint64     offset)
{
  MmJsonRows *self = MM_JSON_ROWS (model);
  Zone zone;

  if (!get_zone (self, &zone) || row_start < zone.start || row_start >= zone.end)
    return mm_rows_cell_of_offset (self->plain, row_start, offset);
  return walk_cells (self, &zone, row_start, offset, G_MAXUINT, NULL, NULL, NULL, 0, 0);
}

static guint64
json_rows_offset_at_cell (MmRowModel *model,
                          guint64     row_start,
                          guint       cell)
{
  MmJsonRows *self = MM_JSON_ROWS (model);
  guint64 found = row_start;
  Zone zone;

  if (!get_zone (self, &zone) || row_start < zone.start || row_start >= zone.end)
    return mm_rows_offset_at_cell (self->plain, row_start, cell);
  walk_cells (self, &zone, row_start, G_MAXUINT64, cell, &found, NULL, NULL, 0, 0);
  return found;
}

/* A plain row before the zone stops where the zone starts. */
static void
clamp_text (MmRowText *text,
            guint64    end)
{
  if (text->end <= end)
    return;
  while (text->n_cells > 0 && text->cell_offsets[text->n_cells - 1] >= end)
    text->n_cells--;
  text->cell_offsets[text->n_cells] = end;
  text->text_len = text->cell_text[text->n_cells];
  text->text[text->text_len] = 0;
  while (text->escapes->len > 0 &&
         g_array_index (text->escapes, MmRowEscape, text->escapes->len - 1).text_start >= text->text_len)
    g_array_set_size (text->escapes, text->escapes->len - 1);
  text->end = end;
  text->has_newline = FALSE;
  text->total_cells = text->n_cells + text->first_cell;
}

static MmRowText *
json_rows_get_text (MmRowModel *model,
                    guint64     row_start,
                    guint       first_cell,
                    guint       max_cells)
{
  MmJsonRows *self = MM_JSON_ROWS (model);
  g_autoptr(GString) spelled = NULL;
  MmRowText *text;
  Zone zone;

  if (!get_zone (self, &zone) || row_start >= zone.end)
    return mm_rows_get_text (self->plain, row_start, first_cell, max_cells);
  if (row_start < zone.start)
    {
      text = mm_rows_get_text (self->plain, row_start, first_cell, max_cells);
      clamp_text (text, zone.start);
      return text;
    }

  text = mm_row_text_new (row_start, first_cell, max_cells);
  spelled = g_string_sized_new (max_cells + 16);
  walk_cells (self, &zone, row_start, G_MAXUINT64, G_MAXUINT, NULL, text, spelled, first_cell, max_cells);
  text->pretty = TRUE;
  text->cells_exact = TRUE;
  text->text_len = spelled->len;
  text->text = g_string_free (g_steal_pointer (&spelled), FALSE);
  return text;
}

static void
json_rows_set_wrap_cells (MmRowModel *model,
                          guint       wrap_cells)
{
  MmJsonRows *self = MM_JSON_ROWS (model);

  if (self->wrap_cells != wrap_cells)
    g_hash_table_remove_all (self->logicals);
  self->wrap_cells = wrap_cells;
  mm_rows_set_wrap_cells (self->plain, wrap_cells);
}

static guint
json_rows_get_wrap_cells (MmRowModel *model)
{
  return MM_JSON_ROWS (model)->wrap_cells;
}

static void forget_rows (MmJsonRows *self);

static void
json_rows_set_tab_width (MmRowModel *model,
                         guint       tab_width)
{
  MmJsonRows *self = MM_JSON_ROWS (model);

  self->tab_width = CLAMP (tab_width, 1, 32);
  mm_rows_set_tab_width (self->plain, tab_width);
  forget_rows (self);
}

static void
mm_json_rows_row_model_init (MmRowModelInterface *iface)
{
  iface->set_tab_width = json_rows_set_tab_width;
  iface->row_start = json_rows_row_start;
  iface->row_end = json_rows_row_end;
  iface->next = json_rows_next;
  iface->prev = json_rows_prev;
  iface->cell_of_offset = json_rows_cell_of_offset;
  iface->offset_at_cell = json_rows_offset_at_cell;
  iface->get_text = json_rows_get_text;
  iface->set_wrap_cells = json_rows_set_wrap_cells;
  iface->get_wrap_cells = json_rows_get_wrap_cells;
}

/* ---- the object ---------------------------------------------------------------- */

static void
mm_json_rows_finalize (GObject *object)
{
  MmJsonRows *self = (MmJsonRows *)object;

  g_clear_object (&self->file);
  g_clear_object (&self->json);
  g_clear_object (&self->plain);
  g_hash_table_unref (self->indents);
  g_hash_table_unref (self->logicals);
  g_hash_table_unref (self->folds);
  g_hash_table_unref (self->counts);
  g_hash_table_unref (self->ends);
  g_hash_table_unref (self->strings);

  G_OBJECT_CLASS (mm_json_rows_parent_class)->finalize (object);
}

static void
mm_json_rows_class_init (MmJsonRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mm_json_rows_finalize;
}

static void
mm_json_rows_init (MmJsonRows *self)
{
  self->indents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->indent_cells = 2;
  self->logicals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->folds = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->ends = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->strings = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

MmJsonRows *
mm_json_rows_new (MmMappedFile *file,
                  MmJsonIndex  *json,
                  MmRows       *plain)
{
  MmJsonRows *self;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (file), NULL);
  g_return_val_if_fail (MM_IS_JSON_INDEX (json), NULL);
  g_return_val_if_fail (MM_IS_ROWS (plain), NULL);

  self = g_object_new (MM_TYPE_JSON_ROWS, NULL);
  self->file = g_object_ref (file);
  self->json = g_object_ref (json);
  self->plain = g_object_ref (plain);
  self->wrap_cells = mm_rows_get_wrap_cells (plain);
  self->tab_width = mm_rows_get_tab_width (plain);
  return self;
}

/* The container folding at @offset acts on: the one its row opens (or
 * shows folded), else the innermost one holding it. */
static gboolean
fold_target (MmJsonRows      *self,
             const Zone      *zone,
             guint64          offset,
             MmJsonContainer *target)
{
  Shape shape;
  guint64 row;

  if (offset < zone->start || offset >= zone->end)
    return FALSE;
  row = logical_start (self, zone, offset);
  shape_of (self, zone, row, &shape);
  if (shape.folded != G_MAXUINT64)
    return mm_json_index_get_container (self->json, shape.folded, target);
  if (shape.opens)
    {
      guint64 open = shape.end;

      /* The row ends at the first child: its container opened just before. */
      while (open > row && !(data_of (self)[open - 1] == '{' || data_of (self)[open - 1] == '['))
        open--;
      return open > row && mm_json_index_get_container (self->json, open - 1, target);
    }
  return mm_json_index_get_container (self->json, offset, target);
}

static void
forget_rows (MmJsonRows *self)
{
  g_hash_table_remove_all (self->indents);
  g_hash_table_remove_all (self->logicals);
}

/**
 * mm_json_rows_fold:
 *
 * Folds (or unfolds) the container the row holding @offset opens, or else
 * the innermost one holding @offset. Returns the start of the row that
 * shows it, or G_MAXUINT64 when there is nothing to fold there.
 */
guint64
mm_json_rows_fold (MmJsonRows *self,
                   guint64     offset,
                   gboolean    fold)
{
  MmJsonContainer c;
  guint how;
  Zone zone;

  g_return_val_if_fail (MM_IS_JSON_ROWS (self), G_MAXUINT64);

  if (!get_zone (self, &zone) || !fold_target (self, &zone, offset, &c) ||
      (fold && container_is_empty (self, c.start, zone.end)))
    return G_MAXUINT64;
  how = fold ? FOLDED : UNFOLDED;
  if (!fold && !(self->fold_depth > 0 && c.depth == self->fold_depth))
    g_hash_table_remove (self->folds, &c.start);
  else
    g_hash_table_insert (self->folds, g_memdup2 (&c.start, sizeof c.start), GUINT_TO_POINTER (how));
  forget_rows (self);
  return c.start == zone.start ? zone.start : mm_json_index_get_member_start (self->json, c.start);
}

/**
 * mm_json_rows_reveal:
 *
 * Opens every folded container that hides @offset (a search hit, a
 * message shown in the file), and nothing else.
 *
 * Returns: whether any was folded.
 */
gboolean
mm_json_rows_reveal (MmJsonRows *self,
                     guint64     offset)
{
  gboolean opened = FALSE;
  guint64 start;

  g_return_val_if_fail (MM_IS_JSON_ROWS (self), FALSE);

  for (guint i = 0; i < FOLD_WALK_MAX && (start = folded_around (self, offset)) != G_MAXUINT64; i++)
    {
      g_hash_table_insert (self->folds, g_memdup2 (&start, sizeof start), GUINT_TO_POINTER (UNFOLDED));
      opened = TRUE;
    }
  if (opened)
    forget_rows (self);
  return opened;
}

/* Folds every container as deep as the one mm_json_rows_fold() would fold
 * at @offset ("fold all conversations" from inside one). */
guint64
mm_json_rows_fold_all_at (MmJsonRows *self,
                          guint64     offset)
{
  MmJsonContainer c;
  Zone zone;

  g_return_val_if_fail (MM_IS_JSON_ROWS (self), G_MAXUINT64);

  if (!get_zone (self, &zone) || !fold_target (self, &zone, offset, &c))
    return G_MAXUINT64;
  g_hash_table_remove_all (self->folds);
  self->fold_depth = c.depth;
  forget_rows (self);
  return c.start == zone.start ? zone.start : mm_json_index_get_member_start (self->json, c.start);
}

/* Shows the container at @offset (its opening bracket) open, and every
 * container one level deeper folded: its members, one row each. */
void
mm_json_rows_fold_members (MmJsonRows *self,
                           guint64     offset)
{
  MmJsonContainer c;
  Zone zone;

  g_return_if_fail (MM_IS_JSON_ROWS (self));

  if (!get_zone (self, &zone) || !mm_json_index_get_container (self->json, offset, &c) || c.start != offset)
    return;
  g_hash_table_remove_all (self->folds);
  self->fold_depth = c.depth + 1;
  forget_rows (self);
}

void
mm_json_rows_unfold_all (MmJsonRows *self)
{
  g_return_if_fail (MM_IS_JSON_ROWS (self));

  g_hash_table_remove_all (self->folds);
  self->fold_depth = 0;
  forget_rows (self);
}

/* Escapes in strings drawn as the characters they stand for, \n ending a
 * row; each still covers its escape's bytes. */
void
mm_json_rows_set_readable (MmJsonRows *self,
                           gboolean    readable)
{
  g_return_if_fail (MM_IS_JSON_ROWS (self));

  if (self->readable == !!readable)
    return;
  self->readable = !!readable;
  forget_rows (self);
}

/* Cells of indentation a level (jq's --indent): 2 unless set. */
void
mm_json_rows_set_indent_width (MmJsonRows *self,
                               guint       cells)
{
  g_return_if_fail (MM_IS_JSON_ROWS (self));

  cells = CLAMP (cells, 1, 8);
  if (self->indent_cells == cells)
    return;
  self->indent_cells = cells;
  forget_rows (self);
}

/* Forgets what it knew: the bytes or the structure changed. */
void
mm_json_rows_invalidate (MmJsonRows *self)
{
  g_return_if_fail (MM_IS_JSON_ROWS (self));

  forget_rows (self);
  g_hash_table_remove_all (self->counts);
  g_hash_table_remove_all (self->ends);
  g_hash_table_remove_all (self->strings);
  self->zone_known = FALSE;
}
