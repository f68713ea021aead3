/* mm-json-index.c: the structure of the JSON in a mapped file, without
 * parsing it into memory.
 *
 * One pass over the file (on the streaming worker, after the line index)
 * finds the JSON regions (a .json file, NDJSON, or `var jsonData = …` in a
 * chat.html), checks their grammar, and at every 64 KiB block boundary
 * keeps a checkpoint: the lexer state (in a string or a bare token or not,
 * after a backslash), the depth, and the innermost open container. Every
 * container that crosses a block boundary is kept as a record (start, end,
 * parent, kind, and which child of its parent it is: index or key). That
 * is 48 bytes a block plus a record a crossing container: kilobytes for a
 * 270 MB export.
 *
 * Every query starts at the checkpoint of the offset's block, rebuilds the
 * stack of open containers from the records, and scans the block up to the
 * offset: at most 64 KiB of work, wherever the offset is in a one-line file.
 * The grammar is checked for brackets, separators, literals and numbers;
 * the first error stops the pass, and everything before it keeps working.
 */
#define G_LOG_DOMAIN "mm-json-index"

#include "config.h"

#include <string.h>

#include "mm-json-index.h"
#include "mm-scan.h"

#define BLOCK MM_JSON_INDEX_BLOCK_SIZE
#define CHUNK_SIZE (64 * BLOCK)
#define NONE G_MAXUINT64
#define MAX_REGIONS 1024
#define KEY_MAX 4096

static const char html_marks[][20] = { "var jsonData = ", "var assetsJson = " };

typedef enum
{
  EXPECT_VALUE,
  EXPECT_VALUE_OR_CLOSE,
  EXPECT_KEY,
  EXPECT_KEY_OR_CLOSE,
  EXPECT_COLON,
  EXPECT_COMMA_OR_CLOSE,
  EXPECT_END,            /* top level, after a value */
} Expect;

typedef enum
{
  MODE_START,            /* before the first non-blank byte of the file */
  MODE_DOCUMENT,         /* a JSON file: values at the top level */
  MODE_HTML,             /* between regions of an HTML page */
  MODE_VARIABLE,         /* in the value of a `var … = ` */
  MODE_NONE,             /* not JSON: nothing to do */
} Mode;

typedef struct
{
  guint64 start;            /* the opening bracket */
  guint64 index_in_parent;
  guint64 key_in_parent;    /* the key's opening quote when the parent is an object */
  guint64 children;         /* values begun in it */
  guint64 key;              /* the current member's key */
  guint64 child_start;      /* where the current child value begins */
  gint32  record;           /* -1 until it crosses a block boundary */
  guint8  kind;
  guint8  expect;
} Level;

typedef struct
{
  guint64 start;
  guint64 end;              /* NONE until closed */
  guint64 index_in_parent;
  guint64 key_in_parent;
  gint32  parent;
  guint32 depth;
  guint8  kind;
} Record;

typedef struct
{
  guint64 children;         /* of the innermost container (or top-level values) */
  guint64 key;
  guint64 root_children;    /* of the depth-1 container, for members by index */
  guint64 child_start;      /* of the innermost container's current child */
  gint32  record;           /* innermost container; -1 at the top level */
  gint32  region;           /* -1 outside every region */
  guint32 depth;
  guint8  expect;           /* of the innermost container, or the top level */
  guint8  in_string;
  guint8  is_key;
  guint8  in_scalar;
} Checkpoint;

/* The lexer and parser, for the whole pass and for one query alike. */
typedef struct
{
  const guint8 *data;
  guint64       length;
  guint64       pos;
  GArray       *stack;      /* Level */
  guint8        top_expect;
  gboolean      in_string;
  gboolean      is_key;
  guint64       string_start;
  gboolean      in_scalar;
  guint64       scalar_end; /* NONE: find it */
  gboolean      validate;   /* the pass checks the grammar; queries trust it */
  guint64       stop_at_root_child;  /* queries: stop when the root's child count reaches it */
  guint         stop_below_depth;    /* queries: stop when a close leaves fewer levels open */
  gboolean      stopped;
  const char   *error;      /* what was expected where the pass stopped */

  /* The pass only */
  gboolean      building;
  guint64       next_boundary;
  Mode          mode;
  gint32        region;
  guint64       n_values;
  guint         max_depth;
  GArray       *checkpoints;   /* Checkpoint, of this batch */
  GArray       *records;       /* Record, of this batch */
  GArray       *ends;          /* guint64 pairs: record id, end */
  guint         n_records;     /* in all batches */
  GArray       *regions;       /* MmJsonRegion, all of them */
} Scanner;

struct _MmJsonIndex
{
  GObject       parent_instance;

  MmMappedFile *file;
  GArray       *checkpoints;
  GArray       *records;
  GArray       *regions;
  guint64       scanned;
  guint64       n_values;
  guint         max_depth;
  guint64       error_offset;
  char         *error;
  guint         generation;
  guint         building : 1;
  guint         complete : 1;
};

G_DEFINE_FINAL_TYPE (MmJsonIndex, mm_json_index, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the lexer and parser ------------------------------------------------ */

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

static inline Level *
top (Scanner *sc)
{
  return sc->stack->len ? &g_array_index (sc->stack, Level, sc->stack->len - 1) : NULL;
}

static void
fail (Scanner    *sc,
      const char *expected)
{
  if (sc->validate && sc->error == NULL)
    sc->error = expected;
}

static guint8
current_expect (Scanner *sc)
{
  Level *level = top (sc);

  return level ? level->expect : sc->top_expect;
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
  guint8 expect = current_expect (sc);
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
static guint64
string_end (Scanner *sc,
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
static gboolean
escaped_at (const guint8 *data,
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

static void emit_checkpoint (Scanner *sc);

/* Scans [sc->pos, to). The pass stops at an error; a query never fails. */
static void
scan (Scanner *sc,
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
          emit_checkpoint (sc);
          sc->next_boundary += BLOCK;
        }

      if (sc->in_string)
        {
          /* To the closing quote, or to `to`; checkpoints on the way. */
          guint64 stop = MIN (to, sc->building ? sc->next_boundary : to);
          guint64 at = string_end (sc, sc->pos, stop);

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
            guint8 expect = current_expect (sc);

            sc->is_key = expect == EXPECT_KEY || expect == EXPECT_KEY_OR_CLOSE;
            if (!sc->is_key && !begin_value (sc))
              break;
            sc->in_string = TRUE;
            sc->string_start = sc->pos;
            /* Straight to its end, when no boundary or `to` comes first. */
            {
              guint64 stop = sc->building ? MIN (to, sc->next_boundary) : to;
              guint64 at = sc->pos + 1 < stop ? string_end (sc, sc->pos + 1, stop) : stop;

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

static void
emit_checkpoint (Scanner *sc)
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
  cp.record = level ? level->record : -1;
  cp.region = sc->region;
  cp.depth = sc->stack->len;
  cp.expect = current_expect (sc);
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
}

/* Outside JSON, up to `to`: find where it starts. */
static void
seek_json (Scanner *sc,
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
              emit_checkpoint (sc);
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

typedef struct
{
  MmMappedFile *file;
  Scanner       sc;           /* merge only */
} Pass;

typedef struct
{
  GArray  *checkpoints;
  GArray  *records;
  GArray  *ends;
  GArray  *regions;
  guint64  n_values;
  guint    max_depth;
  guint64  error_offset;
  char    *error;
} Batch;

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_array_unref (batch->checkpoints);
  g_array_unref (batch->records);
  g_array_unref (batch->ends);
  g_clear_pointer (&batch->regions, g_array_unref);
  g_free (batch->error);
  g_free (batch);
}

static gpointer
batch_new (gpointer scan_data)
{
  Pass *pass = scan_data;
  Batch *batch = g_new0 (Batch, 1);

  batch->checkpoints = g_array_new (FALSE, FALSE, sizeof (Checkpoint));
  batch->records = g_array_new (FALSE, FALSE, sizeof (Record));
  batch->ends = g_array_new (FALSE, FALSE, sizeof (guint64));
  /* The merge writes into the batch being built. */
  pass->sc.checkpoints = batch->checkpoints;
  pass->sc.records = batch->records;
  pass->sc.ends = batch->ends;
  return batch;
}

/* On a pool thread: bring the chunk's pages in, so that the pass, which
 * is one walk in file order, finds them resident. */
static gpointer
prefetch_chunk (gpointer      scan_data,
                const guint8 *data,
                guint64       length,
                guint64       start,
                guint64       end)
{
  gsize page = mm_mapped_file_get_page_size ();
  volatile guint8 sink = 0;

  for (guint64 p = start; p < end; p += page)
    sink ^= data[p];
  (void) sink;
  return GINT_TO_POINTER (1);
}

static gboolean
merge_chunk (gpointer  scan_data,
             gpointer  chunk,
             guint64   start,
             guint64   end,
             gpointer  batch_data)
{
  Pass *pass = scan_data;
  Scanner *sc = &pass->sc;
  Batch *batch = batch_data;

  while (sc->pos < end && sc->error == NULL && sc->mode != MODE_NONE)
    {
      if (sc->mode == MODE_START || sc->mode == MODE_HTML)
        seek_json (sc, end);
      else
        scan (sc, end);
    }

  /* Checkpoints for the blocks ending in this chunk that nothing reached
   * (after the end of the JSON, or in a file without any). */
  if (sc->error == NULL)
    while (sc->next_boundary < end)
      {
        guint64 keep = sc->pos;

        sc->pos = sc->next_boundary;
        emit_checkpoint (sc);
        sc->pos = keep;
        sc->next_boundary += BLOCK;
      }

  /* A value cut off by the end of the file is an error too. */
  if (end >= sc->length && sc->error == NULL && sc->region >= 0 &&
      (sc->stack->len > 0 || sc->in_string || sc->in_scalar || sc->top_expect != EXPECT_END))
    {
      sc->pos = sc->length;
      sc->error = "the rest of the value: the file ends inside it";
    }

  batch->n_values = sc->n_values;
  batch->max_depth = sc->max_depth;
  g_clear_pointer (&batch->regions, g_array_unref);
  batch->regions = g_array_copy (sc->regions);
  if (sc->error != NULL)
    {
      batch->error_offset = sc->pos;
      batch->error = g_strdup (sc->error);
      return FALSE;
    }
  /* A file that is not JSON needs no more of the pass. */
  return sc->mode != MODE_NONE;
}

static void
pass_free (gpointer data)
{
  Pass *pass = data;

  g_clear_object (&pass->file);
  g_array_unref (pass->sc.stack);
  g_array_unref (pass->sc.regions);
  g_free (pass);
}

static void apply_batch (GObject *owner, gpointer batch, guint64 scanned_to);

static const MmScanFuncs scan_funcs = {
  prefetch_chunk,
  merge_chunk,
  batch_new,
  batch_free,
  NULL,
  apply_batch,
};

/* ---- main thread: the index ---------------------------------------------- */

static void
mm_json_index_finalize (GObject *object)
{
  MmJsonIndex *self = (MmJsonIndex *)object;

  g_clear_object (&self->file);
  g_array_unref (self->checkpoints);
  g_array_unref (self->records);
  g_array_unref (self->regions);
  g_free (self->error);

  G_OBJECT_CLASS (mm_json_index_parent_class)->finalize (object);
}

static void
mm_json_index_class_init (MmJsonIndexClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mm_json_index_finalize;

  /**
   * MmJsonIndex::progress:
   *
   * More of the file is known, on the main context.
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mm_json_index_init (MmJsonIndex *self)
{
  self->checkpoints = g_array_new (FALSE, FALSE, sizeof (Checkpoint));
  self->records = g_array_new (FALSE, FALSE, sizeof (Record));
  self->regions = g_array_new (FALSE, FALSE, sizeof (MmJsonRegion));
}

MmJsonIndex *
mm_json_index_new (MmMappedFile *file)
{
  MmJsonIndex *self;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (file), NULL);

  self = g_object_new (MM_TYPE_JSON_INDEX, NULL);
  self->file = g_object_ref (file);
  return self;
}

static void
apply_batch (GObject  *owner,
             gpointer  data,
             guint64   scanned_to)
{
  MmJsonIndex *self = MM_JSON_INDEX (owner);
  Batch *batch = data;

  g_array_append_vals (self->checkpoints, batch->checkpoints->data, batch->checkpoints->len);
  g_array_append_vals (self->records, batch->records->data, batch->records->len);
  for (guint i = 0; i + 1 < batch->ends->len; i += 2)
    {
      guint64 id = g_array_index (batch->ends, guint64, i);

      if (id < self->records->len)
        g_array_index (self->records, Record, id).end = g_array_index (batch->ends, guint64, i + 1);
    }
  /* A batch that merged no chunk (an empty file) has no regions to say. */
  if (batch->regions != NULL)
    {
      g_array_set_size (self->regions, 0);
      g_array_append_vals (self->regions, batch->regions->data, batch->regions->len);
    }
  self->n_values = batch->n_values;
  self->max_depth = batch->max_depth;
  self->scanned = batch->error ? batch->error_offset : scanned_to;
  if (batch->error != NULL && self->error == NULL)
    {
      self->error = g_strdup (batch->error);
      self->error_offset = batch->error_offset;
    }

  g_signal_emit (self, signals[PROGRESS], 0);
}

static void
build_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  MmJsonIndex *self = g_task_get_source_object (outer);
  guint generation = GPOINTER_TO_UINT (g_task_get_task_data (outer));
  GError *error = NULL;
  guint64 scanned;

  if (!mm_scan_finish (result, &scanned, &error) && error != NULL)
    {
      if (generation == self->generation)
        self->building = FALSE;
      g_task_return_error (outer, error);
      return;
    }

  if (generation == self->generation)
    {
      self->building = FALSE;
      self->complete = TRUE;
      g_signal_emit (self, signals[PROGRESS], 0);
    }
  g_task_return_boolean (outer, TRUE);
}

/**
 * mm_json_index_build_async:
 *
 * Indexes the whole file anew; a running build is superseded.
 */
void
mm_json_index_build_async (MmJsonIndex         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  MmScanSetup setup = { 0 };
  Pass *pass;

  g_return_if_fail (MM_IS_JSON_INDEX (self));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, mm_json_index_build_async);

  self->generation++;
  self->building = TRUE;
  self->complete = FALSE;
  self->scanned = 0;
  self->n_values = 0;
  self->max_depth = 0;
  g_clear_pointer (&self->error, g_free);
  g_array_set_size (self->checkpoints, 0);
  g_array_set_size (self->records, 0);
  g_array_set_size (self->regions, 0);
  g_task_set_task_data (outer, GUINT_TO_POINTER (self->generation), NULL);

  pass = g_new0 (Pass, 1);
  pass->file = g_object_ref (self->file);
  pass->sc.data = mm_mapped_file_get_data (self->file);
  pass->sc.length = mm_mapped_file_get_valid_length (self->file);
  pass->sc.stack = g_array_new (FALSE, FALSE, sizeof (Level));
  pass->sc.regions = g_array_new (FALSE, FALSE, sizeof (MmJsonRegion));
  pass->sc.region = -1;
  pass->sc.validate = TRUE;
  pass->sc.building = TRUE;
  pass->sc.mode = MODE_START;
  pass->sc.top_expect = EXPECT_VALUE;

  setup.funcs = &scan_funcs;
  setup.owner = G_OBJECT (self);
  setup.generation = &self->generation;
  setup.file = self->file;
  setup.start = 0;
  setup.end = pass->sc.length;
  setup.chunk_size = CHUNK_SIZE;
  setup.release_pages = TRUE;
  setup.scan_data = pass;
  setup.scan_data_free = pass_free;
  mm_scan_run (&setup, cancellable, build_cb, g_steal_pointer (&outer));
}

gboolean
mm_json_index_build_finish (MmJsonIndex   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
mm_json_index_is_complete (MmJsonIndex *self)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  return self->complete && !self->building;
}

/* Bytes from the start that queries answer for. */
guint64
mm_json_index_get_scanned (MmJsonIndex *self)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), 0);

  return MIN (self->scanned, mm_mapped_file_get_valid_length (self->file));
}

/**
 * mm_json_index_get_error:
 * @message: (out): what was expected there, e.g. "',' or ']'"
 *
 * Where the JSON stops being valid; the index answers up to there.
 */
gboolean
mm_json_index_get_error (MmJsonIndex  *self,
                         guint64      *offset,
                         const char  **message)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  if (self->error == NULL)
    return FALSE;
  if (offset != NULL)
    *offset = self->error_offset;
  if (message != NULL)
    *message = self->error;
  return TRUE;
}

guint
mm_json_index_get_n_regions (MmJsonIndex *self)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), 0);

  return self->regions->len;
}

const MmJsonRegion *
mm_json_index_get_region (MmJsonIndex *self,
                          guint        region)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), NULL);
  g_return_val_if_fail (region < self->regions->len, NULL);

  return &g_array_index (self->regions, MmJsonRegion, region);
}

/* The region holding offset, or -1. */
gint
mm_json_index_find_region (MmJsonIndex *self,
                           guint64      offset)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), -1);

  for (guint i = 0; i < self->regions->len; i++)
    {
      const MmJsonRegion *region = &g_array_index (self->regions, MmJsonRegion, i);

      if (offset >= region->start && (region->end == NONE || offset < region->end))
        return (gint) i;
    }
  return -1;
}

guint64
mm_json_index_get_n_values (MmJsonIndex *self)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), 0);

  return self->n_values;
}

guint
mm_json_index_get_max_depth (MmJsonIndex *self)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), 0);

  return self->max_depth;
}

gsize
mm_json_index_get_memory_size (MmJsonIndex *self)
{
  g_return_val_if_fail (MM_IS_JSON_INDEX (self), 0);

  return sizeof *self + self->checkpoints->len * sizeof (Checkpoint) +
         self->records->len * sizeof (Record) + self->regions->len * sizeof (MmJsonRegion);
}

/* ---- queries: one block of work each ------------------------------------- */

static void
scanner_clear (Scanner *sc)
{
  g_clear_pointer (&sc->stack, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scanner, scanner_clear)

/* The opening quote of the string that is open at `at`, looking back. */
static guint64
string_start_before (const guint8 *data,
                     guint64       at)
{
  guint64 floor = at > BLOCK ? at - BLOCK : 0;

  while (at > floor)
    {
      const guint8 *q = memrchr (data + floor, '"', (gsize) (at - floor));

      if (q == NULL)
        break;
      at = (guint64) (q - data);
      if (!escaped_at (data, at))
        return at;
    }
  return NONE;
}

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
  sc->stack = g_array_new (FALSE, FALSE, sizeof (Level));
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
  sc->in_string = cp->in_string;
  sc->is_key = cp->is_key;
  sc->in_scalar = cp->in_scalar;
  sc->pos = block * BLOCK;
  if (sc->in_string)
    sc->string_start = string_start_before (sc->data, sc->pos);
  return TRUE;
}

gboolean
mm_json_index_get_state (MmJsonIndex *self,
                         guint64      offset,
                         MmJsonState *state)
{
  g_auto(Scanner) sc;
  guint8 expect;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  if (!query_start (self, offset, &sc))
    return FALSE;
  scan (&sc, offset);
  expect = current_expect (&sc);

  state->depth = sc.stack->len;
  state->in_string = sc.in_string;
  state->is_key = sc.in_string && sc.is_key;
  if (!sc.in_string && !sc.in_scalar && sc.data[offset] == '"')
    {
      /* The opening quote is part of the string. */
      state->in_string = TRUE;
      state->is_key = expect == EXPECT_KEY || expect == EXPECT_KEY_OR_CLOSE;
    }
  state->escaped = sc.in_string && escaped_at (sc.data, offset);
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
  end = string_end (&sc, quote + 1, MIN (length, quote + 1 + KEY_MAX + 1));
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
  g_auto(Scanner) sc;
  GString *path;
  Level *c;
  guint8 expect, byte;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), NULL);

  if (!query_start (self, offset, &sc))
    return NULL;
  scan (&sc, offset);

  path = g_string_new (NULL);
  for (guint i = 1; i < sc.stack->len; i++)
    {
      const Level *level = &g_array_index (sc.stack, Level, i);

      append_component (path, sc.data, sc.length, g_array_index (sc.stack, Level, i - 1).kind,
                        level->index_in_parent, level->key_in_parent);
    }

  c = top (&sc);
  expect = current_expect (&sc);
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
  g_auto(Scanner) sc;
  Level *c;
  guint64 block_end;
  guint depth;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  if (!query_start (self, offset, &sc))
    return FALSE;
  scan (&sc, offset);
  if (!sc.in_string && !sc.in_scalar && (sc.data[offset] == '{' || sc.data[offset] == '['))
    scan (&sc, offset + 1);

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
  scan (&sc, block_end);
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
      *end = string_end (&sc, value_start + 1, length) + 1;
      return *end <= length;
    }
  for (*end = value_start; *end < length && is_token_byte (data[*end]); (*end)++)
    ;
  return *end > value_start;
}

/* The next value in the container of the value holding offset. */
gboolean
mm_json_index_get_next_sibling (MmJsonIndex *self,
                                guint64      offset,
                                guint64     *sibling)
{
  g_auto(Scanner) sc;
  const guint8 *data;
  Level *c;
  guint64 value_start, end, length;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);

  if (!query_start (self, offset, &sc))
    return FALSE;
  scan (&sc, offset + 1);
  c = top (&sc);
  if (c == NULL || c->child_start == NONE)
    return FALSE;

  /* The child holding offset, unless offset is the container's own
   * opening bracket (then it is that container's own sibling). */
  value_start = c->child_start;
  if (value_start > offset)
    return FALSE;
  if (!sc.in_string && !sc.in_scalar && c->start == offset && sc.stack->len > 1)
    {
      value_start = offset;
      c = &g_array_index (sc.stack, Level, sc.stack->len - 2);
    }
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
      end = string_end (&key, end + 1, length) + 1;
      while (end < length && (is_blank (data[end]) || data[end] == ':'))
        end++;
    }
  *sibling = end;
  return end < length;
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
  if (r->n_members != NONE)
    return r->n_members;
  for (guint64 b = r->start / BLOCK + 1; b < self->checkpoints->len; b++)
    if (g_array_index (self->checkpoints, Checkpoint, b).region == (gint32) region)
      best = MAX (best, g_array_index (self->checkpoints, Checkpoint, b).root_children);
  return best;
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
  g_auto(Scanner) sc;
  guint64 lo, hi, block;

  g_return_val_if_fail (MM_IS_JSON_INDEX (self), FALSE);
  g_return_val_if_fail (region < self->regions->len, FALSE);

  r = &g_array_index (self->regions, MmJsonRegion, region);
  if (index >= mm_json_index_get_n_members (self, region))
    return FALSE;

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
  scan (&sc, mm_json_index_get_scanned (self));
  if (!sc.stopped || sc.stack->len == 0)
    return FALSE;

  *start = g_array_index (sc.stack, Level, 0).child_start;
  if (key != NULL)
    *key = g_array_index (sc.stack, Level, 0).kind == '{' ? g_array_index (sc.stack, Level, 0).key : NONE;
  return TRUE;
}
