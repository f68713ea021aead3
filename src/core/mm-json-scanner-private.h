/* mm-json-scanner-private.h: the JSON lexer and parser behind MmJsonIndex,
 * its checkpoints and records, shared by the pass and the queries */
#pragma once

#include "mm-json-index.h"
#include "mm-json-stage1.h"

G_BEGIN_DECLS

#define BLOCK MM_JSON_INDEX_BLOCK_SIZE
#define NONE G_MAXUINT64
#define MAX_REGIONS 1024
#define KEY_MAX 4096
#define QUERY_EVENTS_MIN 2048   /* a query's scan from stage 1's events when it is longer */

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
  guint64 top_values;       /* top-level values begun in the region (NDJSON lines) */
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
  guint         stack_room; /* levels it has had room for */
  guint8        top_expect;
  gboolean      in_string;
  gboolean      is_key;
  guint64       string_start;
  gboolean      in_scalar;
  guint64       scalar_end; /* NONE: find it */
  gboolean      validate;   /* the pass checks the grammar; queries trust it */
  guint64       stop_at_root_child;  /* queries: stop when the root's child count reaches it */
  guint         stop_below_depth;    /* queries: stop when a close leaves fewer levels open */
  guint64       top_values;          /* top-level values begun in the region */
  guint64       stop_at_top_value;   /* queries: stop when that many have begun */
  guint64       top_value_start;
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
  GArray       *root_starts;   /* guint64: where each member of a root container
                                * begins, of this batch; NULL: not kept */
  guint         n_records;     /* in all batches */
  GArray       *regions;       /* MmJsonRegion, all of them */
} Scanner;

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

/* A byte stage 1 counts in a run of bare-token bytes: none of the blanks,
 * quotes, brackets, commas and colons. */
static inline gboolean
is_other (guint8 c)
{
  return !is_blank (c) && c != '"' && c != '{' && c != '}' && c != '[' && c != ']' &&
         c != ',' && c != ':';
}

static inline Level *
top (Scanner *sc)
{
  return sc->stack->len ? &g_array_index (sc->stack, Level, sc->stack->len - 1) : NULL;
}

/* What the innermost container (or the top level) expects next. Inline:
 * the pass asks it at every value and string. */
static inline guint8
_mm_json_current_expect (Scanner *sc)
{
  Level *level = top (sc);

  return level ? level->expect : sc->top_expect;
}

void     _mm_json_scan                (Scanner      *sc,
                                       guint64       to);
void     _mm_json_scan_events         (Scanner            *sc,
                                       const MmJsonEvents *events);
gboolean _mm_json_scan_query_events   (Scanner      *sc,
                                       guint64       to);
void     _mm_json_seek_json           (Scanner      *sc,
                                       guint64       to);
void     _mm_json_emit_checkpoint     (Scanner      *sc);
guint64  _mm_json_string_end          (Scanner      *sc,
                                       guint64       from,
                                       guint64       to);
gboolean _mm_json_escaped_at          (const guint8 *data,
                                       guint64       at);
guint64  _mm_json_string_start_before (const guint8 *data,
                                       guint64       at);
void     _mm_json_scanner_clear       (Scanner      *sc);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scanner, _mm_json_scanner_clear)

G_END_DECLS
