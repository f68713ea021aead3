/* mm-json-reference.c: every byte's depth, string state, jq path and
 * innermost container, the obvious way: one byte at a time, one stack,
 * no blocks. Valid JSON only (the index reports errors itself). */
#define G_LOG_DOMAIN "mm-json-reference"

#include "config.h"

#include <string.h>

#include "mm-json-index-private.h"
#include "mm-json-reference.h"

typedef struct
{
  guint8  kind;
  guint64 start;
  guint64 children;
  guint64 key;          /* quote of the current member's key */
  char   *path;
} RefLevel;



static char *
key_component (const guint8 *data,
               guint64       quote)
{
  guint64 end = quote + 1;
  gboolean plain = TRUE;

  while (!(data[end] == '"' && ({ guint64 b = end; while (data[b - 1] == '\\') b--; (end - b) % 2 == 0; })))
    end++;
  if (end - quote - 1 > 4096 || memchr (data + quote + 1, 0, end - quote - 1) != NULL ||
      ({ gboolean control = FALSE; for (guint64 i = quote + 1; i < end; i++) control |= data[i] < 0x20; control; }))
    {
      /* Long keys are cut; control bytes are shown as \u00XX. */
      GString *out = g_string_new ("[\"");

      for (guint64 i = quote + 1; i < MIN (end, quote + 1 + 4096); i++)
        if (data[i] < 0x20)
          g_string_append_printf (out, "\\u%04x", data[i]);
        else
          g_string_append_c (out, (char) data[i]);
      g_string_append (out, end - quote - 1 > 4096 ? "…\"]" : "\"]");
      return g_string_free (out, FALSE);
    }
  for (guint64 i = quote + 1; i < end; i++)
    if (!(g_ascii_isalnum (data[i]) || data[i] == '_') || (i == quote + 1 && g_ascii_isdigit (data[i])))
      plain = FALSE;
  if (plain && end > quote + 1)
    return g_strdup_printf (".%.*s", (int) (end - quote - 1), data + quote + 1);
  return g_strdup_printf ("[\"%.*s\"]", (int) (end - quote - 1), data + quote + 1);
}

static char *
child_path (const RefLevel *c,
            const guint8   *data,
            guint64         index,
            guint64         key)
{
  g_autofree char *component = c->kind == '[' ? g_strdup_printf ("[%" G_GUINT64_FORMAT "]", index)
                                              : key_component (data, key);
  const char *base = g_str_equal (c->path, ".") ? "" : c->path;

  if (base[0] == 0 && component[0] == '[')
    return g_strconcat (".", component, NULL);
  return g_strconcat (base, component, NULL);
}

void
mm_json_reference_free (MmJsonReference *ref,
                        gsize      length)
{
  for (gsize i = 0; i < length; i++)
    g_free (ref->path[i]);
  g_free (ref->path);
  g_free (ref->depth);
  g_free (ref->in_string);
  g_free (ref->container);
  g_hash_table_unref (ref->ends);
  g_array_unref (ref->members);
}

/* One valid JSON value at the start of data (plus blanks). */
void
mm_json_reference_parse (const guint8    *data,
                         gsize            length,
                         MmJsonReference *ref)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (RefLevel));
  gboolean in_string = FALSE, is_key = FALSE, expect_key = FALSE, expect_value = TRUE;
  guint64 string_start = 0;
  char *string_path = NULL;

  ref->depth = g_new0 (guint, length);
  ref->in_string = g_new0 (guint8, length);
  ref->path = g_new0 (char *, length);
  ref->container = g_new0 (guint64, length);
  ref->ends = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  ref->members = g_array_new (FALSE, FALSE, sizeof (guint64));
  ref->n_values = 0;
  ref->max_depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      RefLevel *c = stack->len ? &g_array_index (stack, RefLevel, stack->len - 1) : NULL;
      guint8 b = data[i];
      const char *cpath = c ? c->path : ".";

      ref->depth[i] = stack->len;
      ref->container[i] = c ? c->start : G_MAXUINT64;

      if (in_string)
        {
          ref->in_string[i] = is_key ? 2 : 1;
          ref->path[i] = g_strdup (string_path);
          if (b == '"' && ({ gsize k = i; while (data[k - 1] == '\\') k--; (i - k) % 2 == 0; }))
            {
              in_string = FALSE;
              if (is_key)
                c->key = string_start;
              expect_key = FALSE;
              expect_value = is_key;
              g_clear_pointer (&string_path, g_free);
            }
          continue;
        }

      if (b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == ',' || b == ':')
        {
          ref->path[i] = g_strdup (cpath);
          if (b == ',')
            {
              expect_key = c->kind == '{';
              expect_value = c->kind == '[';
            }
          if (b == ':')
            expect_value = TRUE;
          continue;
        }

      if (b == '}' || b == ']')
        {
          ref->path[i] = g_strdup (cpath);
          {
            gint64 *key = g_new (gint64, 1), *end = g_new (gint64, 1);

            *key = (gint64) c->start;
            *end = (gint64) i;
            g_hash_table_insert (ref->ends, key, end);
          }
          g_free (c->path);
          g_array_set_size (stack, stack->len - 1);
          expect_value = FALSE;
          expect_key = FALSE;
          continue;
        }

      if (b == '"' && expect_key)
        {
          in_string = TRUE;
          is_key = TRUE;
          string_start = i;
          ref->in_string[i] = 2;
          string_path = c->kind == '[' ? g_strdup (cpath) : child_path (c, data, 0, i);
          ref->path[i] = g_strdup (string_path);
          continue;
        }

      /* A value starts. */
      g_assert_true (expect_value);
      ref->n_values++;
      ref->max_depth = MAX (ref->max_depth, stack->len);
      {
        char *vpath = c ? child_path (c, data, c->children, c->key) : g_strdup (".");

        if (c != NULL)
          {
            if (stack->len == 1)
              {
                guint64 at = i;

                g_array_append_val (ref->members, at);
              }
            c->children++;
          }
        ref->path[i] = g_strdup (vpath);

        if (b == '{' || b == '[')
          {
            RefLevel level = { b, i, 0, G_MAXUINT64, vpath };

            g_array_append_val (stack, level);
            ref->container[i] = i;
            expect_key = b == '{';
            expect_value = b == '[';
          }
        else if (b == '"')
          {
            in_string = TRUE;
            is_key = FALSE;
            string_path = vpath;
            ref->in_string[i] = 1;
          }
        else
          {
            gsize j = i;

            while (j < length && (g_ascii_isalnum (data[j]) || data[j] == '-' || data[j] == '+' || data[j] == '.'))
              {
                ref->depth[j] = stack->len;
                ref->container[j] = c ? c->start : G_MAXUINT64;
                if (j > i)
                  ref->path[j] = g_strdup (vpath);
                j++;
              }
            i = j - 1;
            g_free (vpath);
            expect_value = FALSE;
          }
      }
    }
  g_free (string_path);
}

/* Two indexes of one file, built two ways, hold the same. */
void
mm_json_reference_assert_same_index (MmJsonIndex *a,
                                     MmJsonIndex *b)
{
  guint64 offset_a = 0, offset_b = 0;
  const char *message_a = NULL, *message_b = NULL;

  g_assert_cmpuint (a->n_values, ==, b->n_values);
  g_assert_cmpuint (a->max_depth, ==, b->max_depth);
  g_assert_cmpuint (a->scanned, ==, b->scanned);
  g_assert_cmpint (mm_json_index_get_error (a, &offset_a, &message_a), ==,
                   mm_json_index_get_error (b, &offset_b, &message_b));
  g_assert_cmpuint (offset_a, ==, offset_b);
  g_assert_cmpstr (message_a, ==, message_b);

  g_assert_cmpuint (a->regions->len, ==, b->regions->len);
  for (guint i = 0; i < a->regions->len; i++)
    {
      MmJsonRegion *x = &g_array_index (a->regions, MmJsonRegion, i);
      MmJsonRegion *y = &g_array_index (b->regions, MmJsonRegion, i);

      g_assert_cmpuint (x->start, ==, y->start);
      g_assert_cmpuint (x->end, ==, y->end);
      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpuint (x->n_values, ==, y->n_values);
      g_assert_cmpuint (x->n_members, ==, y->n_members);
    }

  g_assert_cmpint (a->root_starts == NULL, ==, b->root_starts == NULL);
  if (a->root_starts != NULL)
    {
      g_assert_cmpuint (a->root_starts->len, ==, b->root_starts->len);
      g_assert_cmpmem (a->root_starts->data, a->root_starts->len * sizeof (guint64),
                       b->root_starts->data, b->root_starts->len * sizeof (guint64));
    }

  g_assert_cmpuint (a->checkpoints->len, ==, b->checkpoints->len);
  for (guint i = 0; i < a->checkpoints->len; i++)
    {
      Checkpoint *x = &g_array_index (a->checkpoints, Checkpoint, i);
      Checkpoint *y = &g_array_index (b->checkpoints, Checkpoint, i);

      if (x->children != y->children || x->key != y->key || x->root_children != y->root_children ||
          x->child_start != y->child_start || x->top_values != y->top_values || x->record != y->record ||
          x->region != y->region || x->depth != y->depth || x->expect != y->expect ||
          x->in_string != y->in_string || x->is_key != y->is_key || x->in_scalar != y->in_scalar)
        g_error ("checkpoint %u (at %u KiB) differs", i, i * 64);
    }

  g_assert_cmpuint (a->records->len, ==, b->records->len);
  for (guint i = 0; i < a->records->len; i++)
    {
      Record *x = &g_array_index (a->records, Record, i);
      Record *y = &g_array_index (b->records, Record, i);

      g_assert_true (x->start == y->start && x->end == y->end && x->index_in_parent == y->index_in_parent &&
                     x->key_in_parent == y->key_in_parent && x->parent == y->parent &&
                     x->depth == y->depth && x->kind == y->kind);
    }
}
