/* test-json-rows.c: the pretty view's rows against `jq .`'s lines, from a
 * reference printer written here, and from any byte offset */
#define G_LOG_DOMAIN "test-json-rows"

#include "config.h"

#include <string.h>

#include "mm-json-rows.h"
#include "mm-test-util.h"

/* ---- the reference: jq's layout of a document ------------------------- */

typedef struct
{
  const char *p;
  GPtrArray  *lines;
} Printer;

static void
ws (Printer *pr)
{
  while (*pr->p && strchr (" \t\r\n", *pr->p))
    pr->p++;
}

static char *
token (Printer *pr)
{
  const char *start = pr->p;

  if (*pr->p == '"')
    {
      for (pr->p++; *pr->p != '"'; pr->p++)
        if (*pr->p == '\\')
          pr->p++;
      pr->p++;
    }
  else
    while (*pr->p && !strchr (" \t\r\n,:]}", *pr->p))
      pr->p++;
  return g_strndup (start, pr->p - start);
}

static void print_value (Printer *pr, guint level, const char *prefix);

/* A value's lines; a comma after it goes on its last line. */
static void
print_value (Printer    *pr,
             guint       level,
             const char *prefix)
{
  g_autofree char *indent = g_strnfill (level * 2, ' ');

  ws (pr);
  if (*pr->p == '{' || *pr->p == '[')
    {
      char close = *pr->p == '{' ? '}' : ']';
      char open = *pr->p;

      pr->p++;
      ws (pr);
      if (*pr->p == close)
        {
          pr->p++;
          g_ptr_array_add (pr->lines, g_strdup_printf ("%s%s%c%c", indent, prefix, open, close));
          return;
        }
      g_ptr_array_add (pr->lines, g_strdup_printf ("%s%s%c", indent, prefix, open));
      while (TRUE)
        {
          g_autofree char *key = NULL;
          g_autofree char *child_prefix = NULL;

          ws (pr);
          if (open == '{')
            {
              key = token (pr);
              ws (pr);
              pr->p++;   /* : */
              child_prefix = g_strdup_printf ("%s: ", key);
            }
          print_value (pr, level + 1, child_prefix ? child_prefix : "");
          ws (pr);
          if (*pr->p == ',')
            {
              char *last = pr->lines->pdata[pr->lines->len - 1];

              pr->lines->pdata[pr->lines->len - 1] = g_strconcat (last, ",", NULL);
              g_free (last);
              pr->p++;
              continue;
            }
          pr->p++;   /* the closing bracket */
          break;
        }
      g_ptr_array_add (pr->lines, g_strdup_printf ("%s%c", indent, close));
      return;
    }
  {
    g_autofree char *t = token (pr);

    g_ptr_array_add (pr->lines, g_strdup_printf ("%s%s%s", indent, prefix, t));
  }
}

static GPtrArray *
reference_lines (const char *json)
{
  Printer pr = { json, g_ptr_array_new_with_free_func (g_free) };

  print_value (&pr, 0, "");
  return pr.lines;
}

/* ---- the rows ------------------------------------------------------------ */

static MmJsonRows *
rows_for (const char    *path,
          MmJsonIndex  **json_out)
{
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  MmJsonIndex *json = mm_test_build_json (path);
  g_autoptr(MmRows) plain = mm_rows_new (file);
  MmJsonRows *rows = mm_json_rows_new (file, json, plain);

  *json_out = json;
  return rows;
}

static GPtrArray *
pretty_lines (MmJsonRows *rows,
              guint64     length,
              GArray     *starts)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  guint64 row = 0, next;

  while (TRUE)
    {
      g_autoptr(MmRowText) text = mm_row_model_get_text (MM_ROW_MODEL (rows), row, 0, 100000);

      if (text->pretty)
        {
          g_ptr_array_add (lines, g_strdup (text->text));
          if (starts != NULL)
            g_array_append_val (starts, row);
        }
      if (!mm_row_model_next (MM_ROW_MODEL (rows), row, &next) || next <= row || next >= length)
        break;
      row = next;
    }
  return lines;
}

static const char *documents[] = {
  "{\"a\": 1, \"b\": [1, 2, {\"c\": null}], \"d\": {}, \"e\": [], \"f\": \"x, ]\\\" }\"}",
  "[{\"title\": \"t\", \"mapping\": {\"x\": {\"id\": \"x\", \"children\": [\"y\", \"z\"]}}}, [[], [[1]]], true, -1.5e3]\n",
  "{\n  \"pretty\": [\n    1,\n    2\n  ],\n  \"k\": {\n    \"n\": \"v\"\n  }\n}\n",
  "[]",
  "{\"only\": {\"deep\": {\"deeper\": [\"s\"]}}}",
  /* Compact: a space after each colon all the same, as jq writes it. */
  "{\"a\":1,\"b\":[1,{\"c\":null,\"d\":\"x:,y\"}],\"e\":{},\"f\":\n\t\"g\"}",
};

/* Every row of a document is the line jq prints there, and the row holding
 * each byte is the one that shows it; asked @rounds times of the same rows. */
static void
check_layout (const char *json,
              guint       rounds)
{
  g_autofree char *path = mm_test_write_file ("pretty.json", json, strlen (json));
  g_autoptr(MmJsonIndex) index = NULL;
  g_autoptr(MmJsonRows) rows = rows_for (path, &index);
  g_autoptr(GPtrArray) expected = reference_lines (json);
  guint64 root_end = strlen (json);

  /* The blanks after the root are plain rows. */
  while (root_end > 0 && strchr (" \n", json[root_end - 1]))
    root_end--;

  for (guint round = 0; round < rounds; round++)
    {
      g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_autoptr(GPtrArray) got = pretty_lines (rows, strlen (json), starts);

      g_assert_true (mm_json_rows_has_json (rows));
      g_assert_cmpuint (got->len, ==, expected->len);
      for (guint i = 0; i < expected->len; i++)
        g_assert_cmpstr (got->pdata[i], ==, expected->pdata[i]);

      /* From any byte (backwards), the row that holds it. */
      for (guint i = starts->len; i-- > 0;)
        {
          guint64 start = g_array_index (starts, guint64, i);
          guint64 end = i + 1 < starts->len ? g_array_index (starts, guint64, i + 1) : root_end;

          for (guint64 x = end; x-- > start;)
            g_assert_cmpuint (mm_row_model_row_start (MM_ROW_MODEL (rows), x), ==, start);
        }
    }
}

static void
test_layout (void)
{
  for (guint d = 0; d < G_N_ELEMENTS (documents); d++)
    check_layout (documents[d], 1);
}

/* Strings of many kilobytes (whose ends the rows remember), with escaped
 * quotes and backslashes, one ending in an escaped backslash: the same rows
 * the first time and when asked again. */
static void
test_long_strings (void)
{
  g_autoptr(GString) json = g_string_new ("{\"a\": \"");

  for (guint i = 0; json->len < 9000; i++)
    g_string_append (json, i % 7 == 0 ? "\\\" \\\\ Größe " : "text, ] } : ");
  g_string_append (json, "\", \"b\": [\"");
  for (guint i = 0; json->len < 16000; i++)
    g_string_append (json, "日本語 ");
  g_string_append (json, "\\\\\", 1], \"c\": \"");
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (json, 'x');
  g_string_append (json, "\"}");

  check_layout (json->str, 2);
}

/* Wrapped at a narrow width: continuation rows keep the indentation, every
 * byte's row holds it, and cells map back to the bytes they show. */
static void
test_wrap (void)
{
  const char *json = "{\"short\": 1, \"long\": \"a string long enough to wrap over several rows of twenty cells\", "
                     "\"list\": [\"another fairly long string in a list\", 2]}";
  g_autofree char *path = mm_test_write_file ("wrap.json", json, strlen (json));
  g_autoptr(MmJsonIndex) index = NULL;
  g_autoptr(MmJsonRows) rows = rows_for (path, &index);
  MmRowModel *model = MM_ROW_MODEL (rows);
  guint64 row = 0, next, length = strlen (json);
  guint n_rows = 0, continuations = 0;

  mm_row_model_set_wrap_cells (model, 24);
  while (TRUE)
    {
      g_autoptr(MmRowText) text = mm_row_model_get_text (model, row, 0, 24);

      n_rows++;
      g_assert_cmpuint (text->total_cells, <=, 24);
      if (!text->line_start)
        {
          continuations++;
          /* At the indentation of the row it continues. */
          g_assert_cmpuint (text->indent, >, 0);
          g_assert_true (g_str_has_prefix (text->text, "  "));
        }
      for (guint64 x = row; x < text->end; x++)
        g_assert_cmpuint (mm_row_model_row_start (model, x), ==, row);
      for (guint c = text->indent; c < text->n_cells; c++)
        {
          guint64 at = mm_row_model_offset_at_cell (model, row, c);

          g_assert_cmpuint (at, ==, text->cell_offsets[c]);
          g_assert_cmpuint (mm_row_model_cell_of_offset (model, row, at), <=, c);
        }
      if (!mm_row_model_next (model, row, &next) || next >= length)
        break;
      g_assert_cmpuint (next, ==, text->end);
      row = next;
    }
  g_assert_cmpuint (continuations, >=, 4);
  g_assert_cmpuint (n_rows, ==, 8 + continuations);

  /* Back up row by row to the start. */
  for (guint i = 1; i < n_rows; i++)
    g_assert_true (mm_row_model_prev (model, row, &row));
  g_assert_cmpuint (row, ==, 0);
}

/* In views too narrow for the indentation of deep rows: no row is wider
 * than the view (its end would be out of sight), every byte is on the row
 * that says it holds it, and the rows still follow one another. */
static void
test_narrow (void)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(MmJsonIndex) index = NULL;
  g_autoptr(MmJsonRows) rows = NULL;
  MmRowModel *model;
  const guint widths[] = { 1, 4, 9, 16, 17, 20, 23, 40 };

  for (guint level = 0; level < 12; level++)
    g_string_append_printf (json, "{\"key at level %u\": [\"a string thirty cells or so long\", %u, ", level, level);
  g_string_append (json, "null");
  for (guint level = 0; level < 12; level++)
    g_string_append (json, "]}");
  path = mm_test_write_file ("narrow.json", json->str, json->len);
  rows = rows_for (path, &index);
  model = MM_ROW_MODEL (rows);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      guint64 row = 0, next;
      guint n_rows = 0;

      mm_row_model_set_wrap_cells (model, widths[w]);
      while (TRUE)
        {
          g_autoptr(MmRowText) text = mm_row_model_get_text (model, row, 0, 1000);

          n_rows++;
          g_assert_cmpuint (text->total_cells, <=, MAX (widths[w], 1));
          for (guint64 x = row; x < text->end; x++)
            g_assert_cmpuint (mm_row_model_row_start (model, x), ==, row);
          if (!mm_row_model_next (model, row, &next) || next >= json->len)
            break;
          g_assert_cmpuint (next, ==, text->end);
          row = next;
        }
      for (guint i = 1; i < n_rows; i++)
        g_assert_true (mm_row_model_prev (model, row, &row));
      g_assert_cmpuint (row, ==, 0);
    }
}

/* A short row across a 64 KiB boundary is one row (only a row longer than
 * 64 KiB is cut); a longer one is cut there and marked. */
static void
test_block_boundary (void)
{
  GString *json = g_string_new ("[");
  g_autofree char *path = NULL;
  g_autoptr(MmJsonIndex) index = NULL;
  g_autoptr(MmJsonRows) rows = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GPtrArray) got = NULL;
  MmRowModel *model;

  while (json->len < 70000)
    g_string_append_printf (json, "{\"key number %u\": \"value\"}, ", (guint) json->len);
  g_string_append (json, "\"");
  for (guint i = 0; i < 150000; i++)
    g_string_append_c (json, 'a' + i % 26);
  g_string_append (json, "\"]");
  path = mm_test_write_file ("boundary.json", json->str, json->len);
  rows = rows_for (path, &index);
  model = MM_ROW_MODEL (rows);
  mm_row_model_set_wrap_cells (model, 0);

  for (guint64 x = 65536 - 300; x < 65536 + 300; x++)
    {
      guint64 start = mm_row_model_row_start (model, x);
      g_autoptr(MmRowText) text = mm_row_model_get_text (model, start, 0, 1000);

      g_assert_true (text->line_start);
      g_assert_cmpuint (start, <=, x);
      g_assert_cmpuint (text->end, >, x);
      g_assert_true (g_str_has_prefix (text->text, "    \"key number ") || g_str_has_prefix (text->text, "  {") ||
                     g_str_has_prefix (text->text, "  }"));
    }

  /* The long string: rows cut at multiples of 64 KiB, after the first. */
  {
    guint64 x = json->len - 10;
    guint64 start = mm_row_model_row_start (model, x);
    g_autoptr(MmRowText) text = mm_row_model_get_text (model, start, 0, 16);

    g_assert_cmpuint (start % 65536, <, 4);
    g_assert_false (text->line_start);
    g_assert_true (text->segment_break);
  }

  /* Counted as jq counts lines: the cut row is one. */
  expected = reference_lines (json->str);
  got = pretty_lines (rows, json->len, NULL);
  g_assert_cmpuint (got->len, ==, expected->len + 2);
  g_string_free (json, TRUE);
}

/* Folding: the container is one row with a preview and a count; every
 * byte it hides is on that row; unfolding gives the rows back; folding at
 * a depth folds every container that deep. */
static void
test_fold (void)
{
  const char *json = "[{\"a\": 1, \"b\": [1, 2, 3]}, {\"a\": 2, \"b\": []}, {\"a\": 3, \"b\": [4]}]";
  g_autofree char *path = mm_test_write_file ("fold.json", json, strlen (json));
  g_autoptr(MmJsonIndex) index = NULL;
  g_autoptr(MmJsonRows) rows = rows_for (path, &index);
  MmRowModel *model = MM_ROW_MODEL (rows);
  guint64 b = strstr (json, "[1, 2") - json, row;
  g_autoptr(GPtrArray) folded = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) expected = reference_lines (json);

  /* From inside the list: its container folds. */
  row = mm_json_rows_fold (rows, b + 4, TRUE);
  g_assert_cmpuint (row, ==, strstr (json, "\"b\"") - json);
  folded = pretty_lines (rows, strlen (json), NULL);
  g_assert_cmpuint (folded->len, ==, expected->len - 4);
  /* Short: shown whole, one space after each comma and colon. */
  g_assert_cmpstr (folded->pdata[3], ==, "    \"b\": [1, 2, 3] 3 items");
  for (guint64 x = b; x <= b + 8; x++)
    g_assert_cmpuint (mm_row_model_row_start (model, x), ==, row);
  g_assert_cmpuint (mm_row_model_cell_of_offset (model, row, b + 4), ==, 13);

  /* An empty container does not fold. */
  g_assert_cmpuint (mm_json_rows_fold (rows, strstr (json, "[]") - json, TRUE), ==, G_MAXUINT64);

  /* Every object of the root, from inside one. */
  mm_json_rows_fold_all_at (rows, 3);
  all = pretty_lines (rows, strlen (json), NULL);
  g_assert_cmpuint (all->len, ==, 5);
  g_assert_cmpstr (all->pdata[1], ==, "  {\"a\": 1, \"b\": [1, 2, 3]}, 2 keys");
  g_assert_cmpstr (all->pdata[3], ==, "  {\"a\": 3, \"b\": [4]} 2 keys");

  /* A byte hidden in a folded container (a search hit, Show in File) is
   * revealed: what hides it opens, nothing else does. */
  {
    guint64 four = strstr (json, "[4]") - json + 1;
    g_autoptr(GPtrArray) revealed = NULL;

    g_assert_false (mm_json_rows_reveal (rows, 1));
    g_assert_true (mm_json_rows_reveal (rows, four));
    g_assert_false (mm_json_rows_reveal (rows, four));
    revealed = pretty_lines (rows, strlen (json), NULL);
    g_assert_cmpuint (revealed->len, ==, 10);
    g_assert_cmpstr (revealed->pdata[1], ==, "  {\"a\": 1, \"b\": [1, 2, 3]}, 2 keys");
    g_assert_cmpstr (revealed->pdata[6], ==, "      4");
    g_assert_cmpuint (mm_row_model_row_start (model, four), ==, four);
  }

  mm_json_rows_unfold_all (rows);
  back = pretty_lines (rows, strlen (json), NULL);
  g_assert_cmpuint (back->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (back->pdata[i], ==, expected->pdata[i]);
}

/* The indentation is a setting: four cells a level are jq --indent 4's
 * lines, and each byte stays on its row. */
static void
test_indent_width (void)
{
  const char *json = documents[1];
  g_autofree char *path = mm_test_write_file ("indent.json", json, strlen (json));
  g_autoptr(MmJsonIndex) index = NULL;
  g_autoptr(MmJsonRows) rows = rows_for (path, &index);
  g_autoptr(GPtrArray) two = reference_lines (json);
  g_autoptr(GPtrArray) got = NULL;

  mm_json_rows_set_indent_width (rows, 4);
  got = pretty_lines (rows, strlen (json), NULL);
  g_assert_cmpuint (got->len, ==, two->len);
  for (guint i = 0; i < got->len; i++)
    {
      const char *line = two->pdata[i];
      gsize spaces = strspn (line, " ");
      g_autofree char *indent = g_strnfill (spaces * 2, ' ');
      g_autofree char *four = g_strconcat (indent, line + spaces, NULL);

      g_assert_cmpstr (got->pdata[i], ==, four);
    }
}

/* Readable strings: escapes drawn as what they stand for, \n ending the
 * row, each cell still on its escape's bytes. */
static void
test_readable (void)
{
  const char *json = "{\"s\": \"a\\nb\\t\\\"c\\\" \\u00e9\\ud83d\\ude80 \\\\ \\/ \\u0001 end\", \"n\": 1}";
  g_autofree char *path = mm_test_write_file ("readable.json", json, strlen (json));
  g_autoptr(MmJsonIndex) index = NULL;
  g_autoptr(MmJsonRows) rows = rows_for (path, &index);
  MmRowModel *model = MM_ROW_MODEL (rows);
  g_autoptr(GPtrArray) lines = NULL;
  guint64 e_acute = strstr (json, "\\u00e9") - json, second;

  mm_json_rows_set_readable (rows, TRUE);
  mm_row_model_set_wrap_cells (model, 0);
  lines = pretty_lines (rows, strlen (json), NULL);
  g_assert_cmpuint (lines->len, ==, 5);
  g_assert_cmpstr (lines->pdata[1], ==, "  \"s\": \"a↵");
  g_assert_cmpstr (lines->pdata[2], ==, "  b→\"c\" é🚀 \\ / \\u0001 end\",");

  /* The escape's bytes are all on the row that draws it, in one cell. */
  second = mm_row_model_row_start (model, e_acute);
  for (guint64 x = e_acute; x < e_acute + 6; x++)
    g_assert_cmpuint (mm_row_model_row_start (model, x), ==, second);
  g_assert_cmpuint (mm_row_model_offset_at_cell (model, second, mm_row_model_cell_of_offset (model, second, e_acute)),
                    ==, e_acute);
  g_assert_cmpuint (mm_row_model_cell_of_offset (model, second, e_acute + 6), ==,
                    mm_row_model_cell_of_offset (model, second, e_acute) + 1);

  /* Off: the file's bytes, one row. */
  mm_json_rows_set_readable (rows, FALSE);
  g_clear_pointer (&lines, g_ptr_array_unref);
  lines = pretty_lines (rows, strlen (json), NULL);
  g_assert_cmpuint (lines->len, ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json-rows/layout", test_layout);
  g_test_add_func ("/core/json-rows/long-strings", test_long_strings);
  g_test_add_func ("/core/json-rows/wrap", test_wrap);
  g_test_add_func ("/core/json-rows/narrow", test_narrow);
  g_test_add_func ("/core/json-rows/block-boundary", test_block_boundary);
  g_test_add_func ("/core/json-rows/fold", test_fold);
  g_test_add_func ("/core/json-rows/readable", test_readable);
  g_test_add_func ("/core/json-rows/indent-width", test_indent_width);

  return g_test_run ();
}
