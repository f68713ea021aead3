/* test-json-index.c: the JSON structure index against a naive byte-by-byte
 * reference parser written here, on generated documents that put every
 * hard case across 64 KiB block boundaries. */
#define G_LOG_DOMAIN "test-json-index"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "mm-document.h"
#include "mm-json-index-private.h"
#include "mm-json-reference.h"
#include "mm-test-util.h"

/* ---- a generator ---------------------------------------------------------- */

static void
gen_string (GString *out,
            GRand   *rand)
{
  static const char *pieces[] = {
    "plain", " ", "\\\"", "\\\\", "\\n", "\\t", "\\/", "\\u00e9", "\\ud83d\\ude80", "{", "}", "[", "]",
    ",", ":", "caf\xc3\xa9", "\xe6\xbc\xa2\xe5\xad\x97", "\xff\xfe", "\\\\\\\\\\\\\\\\", "\\\"\\\"",
  };
  guint n = g_rand_int_range (rand, 0, 12);

  g_string_append_c (out, '"');
  if (g_rand_int_range (rand, 0, 300) == 0)
    {
      /* A long one, so that strings cross block boundaries, with runs of
       * backslashes in it. */
      guint length = g_rand_int_range (rand, 1000, 70000);

      for (guint i = 0; i < length; i++)
        g_string_append_c (out, i % 977 < 8 ? '\\' : 'a' + i % 26);
      if (out->len > 0 && out->str[out->len - 1] == '\\')
        g_string_append_c (out, '\\');
    }
  for (guint i = 0; i < n; i++)
    g_string_append (out, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  g_string_append_c (out, '"');
}

static void
gen_blank (GString *out,
           GRand   *rand)
{
  static const char *blanks[] = { "", "", "", " ", "\n", "\t", "  \r\n " };

  g_string_append (out, blanks[g_rand_int_range (rand, 0, G_N_ELEMENTS (blanks))]);
}

static void
gen_value (GString *out,
           GRand   *rand,
           guint    depth)
{
  static const char *scalars[] = {
    "0", "-1", "3.25", "1e10", "-2.5E-3", "0.0", "123456789012345678901234567890", "true", "false", "null",
  };
  guint kind = g_rand_int_range (rand, 0, depth > 12 ? 3 : 6);

  gen_blank (out, rand);
  if (kind == 0)
    g_string_append (out, scalars[g_rand_int_range (rand, 0, G_N_ELEMENTS (scalars))]);
  else if (kind <= 2)
    gen_string (out, rand);
  else
    {
      gboolean object = kind == 3 || kind == 5;
      guint n = g_rand_int_range (rand, 0, depth < 2 ? 12 : 5);

      g_string_append_c (out, object ? '{' : '[');
      for (guint i = 0; i < n; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          if (object)
            {
              gen_blank (out, rand);
              gen_string (out, rand);
              gen_blank (out, rand);
              g_string_append_c (out, ':');
            }
          gen_value (out, rand, depth + 1);
        }
      gen_blank (out, rand);
      g_string_append_c (out, object ? '}' : ']');
    }
  gen_blank (out, rand);
}

/* ---- the tests ------------------------------------------------------------- */

static void
check_against_reference (const guint8 *data,
                         gsize         length,
                         MmJsonIndex  *index,
                         GRand        *rand,
                         guint         samples)
{
  MmJsonReference ref;

  mm_json_reference_parse (data, length, &ref);
  g_assert_false (mm_json_index_get_error (index, NULL, NULL));
  g_assert_cmpuint (mm_json_index_get_n_values (index), ==, ref.n_values);
  g_assert_cmpuint (mm_json_index_get_max_depth (index), ==, ref.max_depth);
  g_assert_cmpuint (mm_json_index_get_n_regions (index), ==, 1);

  for (guint s = 0; s < samples; s++)
    {
      /* Offsets around block boundaries, and anywhere. */
      guint64 at = s % 3 == 0 && length > MM_JSON_INDEX_BLOCK_SIZE
                   ? (g_rand_int_range (rand, 1, (gint32) (length / MM_JSON_INDEX_BLOCK_SIZE) + 1)) *
                       MM_JSON_INDEX_BLOCK_SIZE + g_rand_int_range (rand, -3, 3)
                   : (guint64) g_rand_double_range (rand, 0, (double) length);
      MmJsonState state;
      MmJsonContainer container;
      g_autofree char *path = NULL;

      if (at >= length || ref.path[at] == NULL)
        continue;
      g_assert_true (mm_json_index_get_state (index, at, &state));
      g_assert_cmpuint (state.depth, ==, ref.depth[at]);
      g_assert_cmpint (state.in_string, ==, ref.in_string[at] != 0);
      g_assert_cmpint (state.is_key, ==, ref.in_string[at] == 2);

      path = mm_json_index_dup_path (index, at);
      if (g_strcmp0 (path, ref.path[at]) != 0)
        g_error ("path at %" G_GUINT64_FORMAT " ('%c'): %.300s, expected %.300s", at, data[at], path, ref.path[at]);

      if (ref.container[at] == G_MAXUINT64)
        g_assert_false (mm_json_index_get_container (index, at, &container));
      else
        {
          gint64 key = (gint64) ref.container[at];

          g_assert_true (mm_json_index_get_container (index, at, &container));
          g_assert_cmpuint (container.start, ==, ref.container[at]);
          g_assert_cmpint ((gint64) container.end, ==, *(gint64 *) g_hash_table_lookup (ref.ends, &key));
        }
    }

  /* Members of the root container, by index. */
  g_assert_cmpuint (mm_json_index_get_n_members (index, 0), ==, ref.members->len);
  for (guint i = 0; i < ref.members->len; i++)
    {
      guint64 start;

      g_assert_true (mm_json_index_get_member (index, 0, i, &start, NULL));
      g_assert_cmpuint (start, ==, g_array_index (ref.members, guint64, i));
    }
  /* ... and as the pass found them, in one array. */
  {
    guint64 n;
    const guint64 *starts = mm_json_index_get_root_starts (index, &n);

    g_assert_nonnull (starts);
    g_assert_cmpuint (n, ==, ref.members->len);
    for (guint i = 0; i < n; i++)
      g_assert_cmpuint (starts[i], ==, g_array_index (ref.members, guint64, i));
  }

  mm_json_reference_free (&ref, length);
}

static void
test_random_documents (void)
{
  for (guint seed = 1; seed <= 6; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autoptr(GString) doc = g_string_new (NULL);
      g_autofree char *path = NULL;
      g_autoptr(MmJsonIndex) index = NULL;

      /* A root array of many values, past several blocks. */
      g_string_append_c (doc, seed % 2 ? '[' : '{');
      for (guint i = 0; doc->len < 300000 + seed * 40000; i++)
        {
          if (i > 0)
            g_string_append_c (doc, ',');
          if (seed % 2 == 0)
            {
              g_string_append_printf (doc, "\"key %u\":", i);
            }
          gen_value (doc, rand, 1);
        }
      g_string_append_c (doc, seed % 2 ? ']' : '}');
      g_string_append_c (doc, '\n');

      path = mm_test_write_file ("random.json", doc->str, doc->len);
      index = mm_test_build_json (path);
      g_test_message ("seed %u: %zu bytes, %" G_GUINT64_FORMAT " values, depth %u, %zu bytes of index",
                      seed, doc->len, mm_json_index_get_n_values (index), mm_json_index_get_max_depth (index),
                      mm_json_index_get_memory_size (index));
      check_against_reference ((const guint8 *) doc->str, doc->len, index, rand, 1500);
    }
}

/* The hard cases exactly on a block boundary: the boundary falls inside an
 * escape, between the backslashes of a run, inside a \u escape, inside a
 * UTF-8 character, inside a number, on a quote. */
static void
test_boundaries (void)
{
  static const char *cases[] = { "\\\"", "\\\\", "\\\\\\\\", "\\u00e9", "\xe6\xbc\xa2", "\"", "12345", "true" };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    for (gint shift = -6; shift <= 6; shift++)
      {
        g_autoptr(GString) doc = g_string_new ("[");
        g_autoptr(GRand) rand = g_rand_new_with_seed (c * 100 + shift + 50);
        g_autofree char *path = NULL;
        g_autoptr(MmJsonIndex) index = NULL;
        gboolean number = g_ascii_isdigit (cases[c][0]) || cases[c][0] == 't';
        gboolean quote = g_str_equal (cases[c], "\"");

        /* Pad so that the case's first byte lands at the boundary + shift. */
        g_string_append (doc, "\"");
        while (doc->len < MM_JSON_INDEX_BLOCK_SIZE + shift - (number || quote ? 3 : 0))
          g_string_append_c (doc, 'x');
        if (number || quote)
          g_string_append (doc, "\", ");
        if (quote)
          g_string_append (doc, "\"\"");
        else
          g_string_append (doc, cases[c]);
        if (!number && !quote)
          g_string_append (doc, "tail\"");
        g_string_append (doc, ", {\"k\": [1, \"]\"]}]");

        path = mm_test_write_file ("boundary.json", doc->str, doc->len);
        index = mm_test_build_json (path);
        g_test_message ("case %u shift %d: %zu bytes", c, shift, doc->len);
        check_against_reference ((const guint8 *) doc->str, doc->len, index, rand, 400);
      }
}

static void
expect_error (const char *doc,
              gsize       length,
              guint64     offset)
{
  g_autofree char *path = mm_test_write_file ("bad.json", doc, length);
  g_autoptr(MmJsonIndex) index = mm_test_build_json (path);
  guint64 at;
  const char *message;

  g_assert_true (mm_json_index_get_error (index, &at, &message));
  g_test_message ("%.*s: at %" G_GUINT64_FORMAT ", expected %s", (int) MIN (length, 40), doc, at, message);
  g_assert_cmpuint (at, ==, offset);
}

static void
test_invalid (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(MmJsonIndex) index = NULL;

  expect_error ("[1, 2", 5, 5);                 /* truncated */
  expect_error ("{\"a\": [1, 2}", 12, 11);      /* unbalanced */
  expect_error ("{\"a\" 1}", 7, 5);             /* no colon */
  expect_error ("{\"a\": 1} x", 10, 9);         /* a stray byte after the value */
  expect_error ("[1, 2,]", 7, 6);               /* a trailing comma */
  expect_error ("[tru]", 5, 1);                 /* a bad literal */
  expect_error ("[01]", 4, 1);                  /* a bad number */
  expect_error ("{\"a\": \"b", 8, 8);           /* inside a string at the end */

  /* 10,000 levels deep: valid, and the deepest path is right. */
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  g_string_append (deep, "42");
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, ']');
  path = mm_test_write_file ("deep.json", deep->str, deep->len);
  index = mm_test_build_json (path);
  g_assert_false (mm_json_index_get_error (index, NULL, NULL));
  g_assert_cmpuint (mm_json_index_get_max_depth (index), ==, 10000);
  {
    g_autofree char *p = mm_json_index_dup_path (index, 10000);
    MmJsonState state;

    g_assert_cmpuint (strlen (p), ==, 1 + 3 * 10000);
    g_assert_true (mm_json_index_get_state (index, 10000, &state));
    g_assert_cmpuint (state.depth, ==, 10000);
  }

  /* Before the error, answers still come. */
  {
    static const char doc[] = "[{\"a\": 1}, {\"b\": 2}, ]";
    g_autofree char *p2 = mm_test_write_file ("half.json", doc, sizeof doc - 1);
    g_autoptr(MmJsonIndex) half = mm_test_build_json (p2);
    g_autofree char *at = mm_json_index_dup_path (half, 17);

    g_assert_true (mm_json_index_get_error (half, NULL, NULL));
    g_assert_cmpstr (at, ==, ".[1].b");
  }
}

/* NDJSON: one value per line, each its own top level. */
static void
test_ndjson (void)
{
  static const char doc[] = "{\"a\": 1}\n{\"b\": [2, 3]}\n\n[4]\n";
  g_autofree char *path = mm_test_write_file ("lines.ndjson", doc, sizeof doc - 1);
  g_autoptr(MmJsonIndex) index = mm_test_build_json (path);
  g_autofree char *p = mm_json_index_dup_path (index, 19);

  g_assert_false (mm_json_index_get_error (index, NULL, NULL));
  g_assert_cmpuint (mm_json_index_get_n_regions (index), ==, 1);
  g_assert_cmpuint (mm_json_index_get_region (index, 0)->n_values, ==, 3);
  g_assert_cmpuint (mm_json_index_get_n_values (index), ==, 8);
  g_assert_cmpstr (p, ==, ".b[1]");

  /* The lines' values are the members. */
  {
    static const guint64 starts[] = { 0, 9, 24 };
    guint64 start;

    g_assert_cmpuint (mm_json_index_get_n_members (index, 0), ==, 3);
    for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
      {
        g_assert_true (mm_json_index_get_member (index, 0, i, &start, NULL));
        g_assert_cmpuint (start, ==, starts[i]);
      }
    g_assert_false (mm_json_index_get_member (index, 0, 3, &start, NULL));
  }
}

/* NDJSON over many blocks: members by index anywhere. */
static void
test_ndjson_members (void)
{
  g_autoptr(GString) doc = g_string_new (NULL);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autofree char *path = NULL;
  g_autoptr(MmJsonIndex) index = NULL;

  for (guint i = 0; doc->len < 600000; i++)
    {
      guint64 at = doc->len;

      g_array_append_val (starts, at);
      g_string_append_printf (doc, "{\"line\": %u, \"text\": \"%0*u\"}\n", i, (int) (i % 300), i);
    }
  path = mm_test_write_file ("many.ndjson", doc->str, doc->len);
  index = mm_test_build_json (path);
  g_assert_false (mm_json_index_get_error (index, NULL, NULL));
  g_assert_cmpuint (mm_json_index_get_n_members (index, 0), ==, starts->len);
  for (guint i = 0; i < starts->len; i += 7)
    {
      guint64 start;

      g_assert_true (mm_json_index_get_member (index, 0, i, &start, NULL));
      g_assert_cmpuint (start, ==, g_array_index (starts, guint64, i));
    }
}

static void
test_not_json (void)
{
  static const char text[] = "just some text\n{not: json}\n";
  g_autofree char *path = mm_test_write_file ("text.txt", text, sizeof text - 1);
  g_autoptr(MmJsonIndex) index = mm_test_build_json (path);
  MmJsonState state;

  g_assert_cmpuint (mm_json_index_get_n_regions (index), ==, 0);
  g_assert_false (mm_json_index_get_error (index, NULL, NULL));
  g_assert_false (mm_json_index_get_state (index, 17, &state));

  /* An empty file: nothing, quickly. */
  {
    g_autofree char *empty_path = mm_test_write_file ("empty.json", "", 0);
    g_autoptr(MmJsonIndex) empty = mm_test_build_json (empty_path);

    g_assert_cmpuint (mm_json_index_get_n_regions (empty), ==, 0);
    g_assert_false (mm_json_index_get_state (empty, 0, &state));
  }
}

/* The generator's export and its chat.html: the region is found, and the
 * conversations are the root array's members. */
static void
test_export_and_html (void)
{
  const char *variants[] = { "", "--escaped " };

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      g_autofree char *args_json = g_strdup_printf ("export %s--seed 3 3M", variants[v]);
      g_autofree char *args_html = g_strdup_printf ("html %s--seed 3 3M", variants[v]);
      g_autofree char *json_path = NULL;
      g_autofree char *html_path = NULL;
      g_autoptr(MmJsonIndex) json = NULL;
      g_autoptr(MmJsonIndex) html = NULL;
      g_autofree char *contents = NULL;
      gsize length;
      const MmJsonRegion *region;
      guint64 conversations = 0, start;

      g_assert_true (mm_test_run_gen (args_json, &json_path));
      g_assert_true (mm_test_run_gen (args_html, &html_path));
      json = mm_test_build_json (json_path);
      html = mm_test_build_json (html_path);

      g_assert_false (mm_json_index_get_error (json, NULL, NULL));
      g_assert_false (mm_json_index_get_error (html, NULL, NULL));
      g_assert_cmpuint (mm_json_index_get_n_regions (json), ==, 1);
      g_assert_cmpuint (mm_json_index_get_n_regions (html), >=, 1);

      /* Conversations counted the obvious way: their first key. */
      g_assert_true (g_file_get_contents (json_path, &contents, &length, NULL));
      for (const char *p = contents; (p = strstr (p, "{\"title\": ")) != NULL; p++)
        conversations++;
      g_assert_cmpuint (conversations, >, 10);
      g_assert_cmpuint (mm_json_index_get_n_members (json, 0), ==, conversations);
      g_assert_cmpuint (mm_json_index_get_n_members (html, 0), ==, conversations);

      region = mm_json_index_get_region (html, 0);
      g_assert_cmpint (region->kind, ==, MM_JSON_REGION_VARIABLE);
      g_clear_pointer (&contents, g_free);
      g_assert_true (g_file_get_contents (html_path, &contents, &length, NULL));
      g_assert_true (g_str_has_suffix (g_strndup (contents, region->start), "var jsonData = "));
      g_assert_cmpint (contents[region->end - 1], ==, ']');
      g_assert_true (mm_json_index_get_member (html, 0, conversations - 1, &start, NULL));
      g_assert_true (g_str_has_prefix (contents + start, "{\"title\": "));
    }
}

/* Root members' starts are kept while there are not too many of them
 * (one per 4 KiB of the file, or 65,536): past that, none. */
static void
test_root_starts_bound (void)
{
  g_autoptr(GString) doc = g_string_new ("[1");
  g_autofree char *few_path = NULL;
  g_autofree char *many_path = NULL;
  g_autoptr(MmJsonIndex) few = NULL;
  g_autoptr(MmJsonIndex) many = NULL;
  const guint64 *starts;
  guint64 n;

  for (guint i = 1; i < 65536; i++)
    g_string_append (doc, ",1");
  g_string_append (doc, "]");
  few_path = mm_test_write_file ("few.json", doc->str, doc->len);
  g_string_insert (doc, doc->len - 1, ",1");
  many_path = mm_test_write_file ("many-members.json", doc->str, doc->len);
  few = mm_test_build_json (few_path);
  many = mm_test_build_json (many_path);

  g_assert_false (mm_json_index_get_error (few, NULL, NULL));
  g_assert_false (mm_json_index_get_error (many, NULL, NULL));
  starts = mm_json_index_get_root_starts (few, &n);
  g_assert_nonnull (starts);
  g_assert_cmpuint (n, ==, 65536);
  g_assert_cmpuint (starts[0], ==, 1);
  g_assert_cmpuint (starts[65535], ==, 1 + 2 * 65535);
  g_assert_null (mm_json_index_get_root_starts (many, &n));
  g_assert_cmpuint (n, ==, 0);
  /* The members are still found by index. */
  g_assert_cmpuint (mm_json_index_get_n_members (many, 0), ==, 65537);
}

static gboolean
json_ready (MmDocument *document)
{
  MmJsonIndex *json = mm_document_get_json_index (document);

  return json != NULL && mm_json_index_is_complete (json);
}

/* The document builds the JSON index after the line index, and builds it
 * again when an edit changes a byte that makes the structure. */
static void
test_document_rebuilds (void)
{
  static const char doc[] = "[{\"a\": 1}, {\"b\": 2}]";
  g_autofree char *path = mm_test_write_file ("doc.json", doc, sizeof doc - 1);
  g_autoptr(MmDocument) document = mm_test_editable_document (path);
  MmJsonIndex *json;
  guint64 offset;

  mm_document_start_indexing (document);
  while (!json_ready (document))
    g_main_context_iteration (NULL, TRUE);
  json = mm_document_get_json_index (document);
  g_assert_cmpuint (mm_json_index_get_n_members (json, 0), ==, 2);
  g_assert_false (mm_json_index_get_error (json, NULL, NULL));

  /* The comma between the members becomes a space: no longer valid. */
  g_assert_true (mm_edit_journal_poke (mm_document_get_journal (document), 9, ' ', NULL));
  while (mm_json_index_is_complete (json))
    g_main_context_iteration (NULL, TRUE);
  while (!mm_json_index_is_complete (json))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (mm_json_index_get_error (json, &offset, NULL));
  g_assert_cmpuint (offset, ==, 11);

  g_assert_true (mm_edit_journal_undo (mm_document_get_journal (document), NULL, NULL, NULL));
  mm_document_close (document);
}

/* Siblings both ways and where members start: what structural moves
 * (Alt+Left, Alt+Right, Alt+Up) land on. */
static void
test_siblings (void)
{
  const char *json = "{\"a\": 1, \"bb\": [10, {\"x\": \"s,]\\\"\"}, \"t\"], \"c\": {\"k\": null}}";
  g_autofree char *path = mm_test_write_file ("siblings.json", json, strlen (json));
  g_autoptr(MmJsonIndex) index = mm_test_build_json (path);
  const char *key_a = strstr (json, "\"a\""), *key_bb = strstr (json, "\"bb\""), *key_c = strstr (json, "\"c\"");
  const char *ten = strstr (json, "10"), *object = strstr (json, "{\"x"), *t = strstr (json, "\"t\"");
  const char *inner = strstr (json, "\"s,");
  guint64 sibling;

  /* Member starts: a value in an object starts at its key. */
  g_assert_cmpuint (mm_json_index_get_member_start (index, strchr (key_bb, '[') - json), ==, key_bb - json);
  g_assert_cmpuint (mm_json_index_get_member_start (index, ten - json), ==, ten - json);

  /* Back from a value, a key, a container's bracket, a string with brackets in it. */
  g_assert_true (mm_json_index_get_previous_sibling (index, strchr (key_bb, '[') + 1 - json - 1, &sibling));
  g_assert_cmpuint (sibling, ==, key_a - json);
  g_assert_true (mm_json_index_get_previous_sibling (index, key_c + 1 - json, &sibling));
  g_assert_cmpuint (sibling, ==, key_bb - json);
  g_assert_true (mm_json_index_get_previous_sibling (index, t + 1 - json, &sibling));
  g_assert_cmpuint (sibling, ==, object - json);
  g_assert_true (mm_json_index_get_previous_sibling (index, object - json, &sibling));
  g_assert_cmpuint (sibling, ==, ten - json);
  g_assert_false (mm_json_index_get_previous_sibling (index, ten - json, &sibling));
  g_assert_false (mm_json_index_get_previous_sibling (index, key_a + 1 - json, &sibling));
  g_assert_false (mm_json_index_get_previous_sibling (index, inner + 2 - json, &sibling));

  /* Forward, to compare: the value after. */
  g_assert_true (mm_json_index_get_next_sibling (index, object - json, &sibling));
  g_assert_cmpuint (sibling, ==, t - json);
}

/* ---- stage 1 -------------------------------------------------------------- */

static gboolean
is_structural (guint8 c)
{
  return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':';
}

static gboolean
is_json_blank (guint8 c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/* Stage 1's events of [start, end), the slow way: a byte at a time. */
static void
naive_events (const guint8 *data,
              guint64       length,
              guint64       start,
              guint64       end,
              gboolean      in_string,
              GArray       *events,
              GArray       *tokens)
{
  gboolean escaped = FALSE, close_wanted = in_string, after_other = FALSE;

  for (guint64 back = start; back > 0 && data[back - 1] == '\\'; back--)
    escaped = !escaped;

  for (guint64 at = start; at < end; at++)
    {
      guint8 c = data[at];
      gboolean quote = c == '"' && !escaped;
      guint32 event = (guint32) (at - start);

      escaped = c == '\\' && !escaped;
      if (at % MM_JSON_INDEX_BLOCK_SIZE == 0 && in_string)
        close_wanted = TRUE;
      if (quote)
        {
          if (!in_string)
            event |= (guint32) '"' << 24;
          else if (close_wanted)
            event |= (guint32) MM_JSON_EVENT_CLOSE << 24;
          if (!in_string || close_wanted)
            g_array_append_val (events, event);
          if (in_string)
            close_wanted = FALSE;
          in_string = !in_string;
          after_other = FALSE;
        }
      else if (in_string || is_json_blank (c))
        after_other = FALSE;
      else if (is_structural (c))
        {
          event |= (guint32) c << 24;
          g_array_append_val (events, event);
          after_other = FALSE;
        }
      else
        {
          if (!after_other)
            {
              guint64 n = _mm_json_token_length (data + at, length - at);
              guint32 token = (guint32) n;
              guint8 next = at + n < length ? data[at + n] : ' ';

              if (_mm_json_token_valid (data + at, n))
                token |= MM_JSON_TOKEN_VALID;
              if (at + n < length && next != '"' && !is_structural (next) && !is_json_blank (next))
                token |= MM_JSON_TOKEN_MORE;
              event |= (guint32) c << 24;
              g_array_append_val (events, event);
              g_array_append_val (tokens, token);
            }
          after_other = TRUE;
        }
    }
}

/* Whether `at` is inside a string, from the start of the file. */
static gboolean
naive_in_string (const guint8 *data,
                 guint64       at)
{
  gboolean in_string = FALSE, escaped = FALSE;

  for (guint64 i = 0; i < at; i++)
    {
      if (data[i] == '"' && !escaped)
        in_string = !in_string;
      escaped = data[i] == '\\' && !escaped;
    }
  return in_string;
}

static void
check_stage1 (const guint8 *data,
              guint64       length,
              guint64       start,
              guint64       end)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (guint32));
  gboolean in_string = naive_in_string (data, start);
  MmJsonEvents got = { 0 };

  naive_events (data, length, start, end, in_string, events, tokens);
  _mm_json_stage1 (data, length, start, end, in_string, &got);
  for (guint i = 0; i < MIN (got.n, events->len); i++)
    if (got.at[i] != g_array_index (events, guint32, i))
      g_error ("event %u from %" G_GUINT64_FORMAT ": %08x, expected %08x", i, start, got.at[i],
               g_array_index (events, guint32, i));
  g_assert_cmpuint (got.n, ==, events->len);
  for (guint i = 0; i < events->len; i++)
    if (got.at[i] != g_array_index (events, guint32, i))
      g_error ("event %u from %" G_GUINT64_FORMAT ": %08x, expected %08x", i, start, got.at[i],
               g_array_index (events, guint32, i));
  g_assert_cmpuint (got.n_tokens, ==, tokens->len);
  for (guint i = 0; i < tokens->len; i++)
    g_assert_cmphex (got.tokens[i], ==, g_array_index (tokens, guint32, i));
  g_assert_cmpint (got.ends_in_string, ==, naive_in_string (data, end));
  _mm_json_events_clear (&got);
}

/* Stage 1 in vectors of `bits`, where the machine has them. */
static gboolean
use_width (gconstpointer bits)
{
  if (!_mm_json_stage1_set_width (GPOINTER_TO_UINT (bits)))
    {
      _mm_json_stage1_set_width (512);
      g_test_skip_printf ("no %u-bit vectors here: the pass reads the bytes or uses narrower ones",
                          GPOINTER_TO_UINT (bits));
      return FALSE;
    }
  return TRUE;
}

/* Stage 1 (the vector code, in vectors of `bits`) against the
 * byte-by-byte rules: random documents from any offset, bad tokens,
 * backslash runs everywhere. */
static void
test_stage1_events (gconstpointer bits)
{
  static const char *tokens[] = {
    "01", "1.", "-", "1e", "1.5x", "tru", "nul", "+1", ".5", "1e+", "--1", "0x10", "1.2.3", "-0", "1E-0",
    "0.5e-7", "truex", "\\\"", "@", "\xc3\xa9", "\x01", "null", "-12.5e+3", "\\\\\"",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GString) doc = g_string_new ("[");

  if (!use_width (bits))
    return;

  while (doc->len < 3 * MM_JSON_INDEX_BLOCK_SIZE)
    {
      gen_value (doc, rand, 1);
      g_string_append (doc, g_rand_boolean (rand) ? "," : ", ");
      g_string_append (doc, tokens[g_rand_int_range (rand, 0, G_N_ELEMENTS (tokens))]);
      g_string_append (doc, g_rand_boolean (rand) ? "," : " :");
    }
  g_string_append (doc, "\"open at the end \\");

  check_stage1 ((const guint8 *) doc->str, doc->len, 0, doc->len);
  for (guint i = 0; i < 60; i++)
    {
      guint64 start = (guint64) g_rand_int_range (rand, 0, (gint32) doc->len);
      guint64 span = (guint64) g_rand_int_range (rand, 1, 2 * MM_JSON_INDEX_BLOCK_SIZE);
      guint64 end = MIN (doc->len, start + span);

      if (i % 3 == 0)
        start -= start % 64;
      check_stage1 ((const guint8 *) doc->str, doc->len, start, end);
    }
  _mm_json_stage1_set_width (512);
}

/* The pass from stage 1's events leaves the same index as the pass that
 * reads every byte. */
static void
check_same_pass (const char *name,
                 GString    *doc,
                 gboolean    valid)
{
  g_autofree char *path = mm_test_write_file (name, doc->str, doc->len);
  g_autoptr(MmJsonIndex) bytes = NULL;
  g_autoptr(MmJsonIndex) events = NULL;

  _mm_json_index_set_stage1 (FALSE);
  bytes = mm_test_build_json (path);
  _mm_json_index_set_stage1 (TRUE);
  events = mm_test_build_json (path);
  g_test_message ("%s: %zu bytes, %" G_GUINT64_FORMAT " values", name, doc->len, events->n_values);
  g_assert_cmpint (mm_json_index_get_error (events, NULL, NULL), ==, !valid);
  mm_json_reference_assert_same_index (bytes, events);
}

/* Values up to exactly `to`: generated ones, then ones and blanks. */
static void
fill_to (GString *doc,
         GRand   *rand,
         gsize    to)
{
  while (doc->len + 80000 < to)
    {
      gen_value (doc, rand, 1);
      g_string_append_c (doc, ',');
    }
  while (doc->len + 2 < to)
    g_string_append (doc, "1,");
  while (doc->len < to)
    g_string_append_c (doc, ' ');
}

/* Several 4 MiB chunks: strings, tokens and a wrong guess at their
 * starts, errors in a later chunk, NDJSON, two regions of a page, more
 * chunks than are in flight at once (their buffers are used again). */
static void
test_stage1_same_pass (gconstpointer bits)
{
  const gsize chunk = 64 * MM_JSON_INDEX_BLOCK_SIZE;
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  g_autoptr(GString) doc = g_string_new ("\xef\xbb\xbf  [");
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GString) page = g_string_new ("<html><script>var jsonData = ");
  g_autoptr(GString) many = g_string_new ("[");

  if (!use_width (bits))
    return;

  /* A string over the first chunk's end, then a token over the second's,
   * then an opening quote of a string starting with ':' right at the
   * third's: the first quote there guesses "inside a string", wrongly. */
  fill_to (doc, rand, chunk - 10);
  g_string_append (doc, "\"across the chunks\", {\"k\": [");
  fill_to (doc, rand, 2 * chunk - 5);
  g_string_append (doc, "1234567890.5]},");
  fill_to (doc, rand, 3 * chunk);
  g_string_append (doc, "\":y\", ");
  g_assert_false (naive_in_string ((const guint8 *) doc->str, 3 * chunk));
  g_assert_true (_mm_json_stage1_guess ((const guint8 *) doc->str, 3 * chunk, doc->len));
  while (doc->len < 3 * chunk + 300000)
    {
      gen_value (doc, rand, 1);
      g_string_append_c (doc, ',');
    }
  g_string_append (doc, "null]\n");
  check_same_pass ("chunks.json", doc, TRUE);

  /* Errors in a later chunk: a bad byte, a missing comma, a stray close. */
  for (guint i = 0; i < 3; i++)
    {
      gsize at = chunk + 100000 + i * 1234567;
      g_autoptr(GString) bad = g_string_new_len (doc->str, (gssize) doc->len);

      while (!strchr (",:", bad->str[at]) || naive_in_string ((const guint8 *) bad->str, at))
        at++;
      bad->str[at] = "@ }"[i];
      check_same_pass ("bad.json", bad, FALSE);
    }

  /* Truncated inside a string, and inside a token. */
  g_string_truncate (doc, 2 * chunk + 7);
  check_same_pass ("cut.json", doc, FALSE);
  g_string_truncate (doc, chunk - 1);
  check_same_pass ("cut.json", doc, FALSE);

  /* NDJSON and a page over several chunks. */
  for (guint i = 0; lines->len < chunk + 200000; i++)
    g_string_append_printf (lines, "{\"line\": %u, \"text\": \"%0*u\"}\n%s", i, (int) (i % 300), i,
                            i % 5 ? "" : "\"a string line\"\n7\n");
  check_same_pass ("lines.ndjson", lines, TRUE);
  g_string_append (page, "[");
  while (page->len < chunk + 100000)
    {
      gen_value (page, rand, 1);
      g_string_append_c (page, ',');
    }
  g_string_append (page, "0];\nvar assetsJson = {\"a\": \"b\"};\n</script></html>\n");
  check_same_pass ("chat.html", page, TRUE);

  /* Four chunks a thread are in flight; twelve are more on two cores. */
  for (guint i = 0; many->len < 12 * chunk; i++)
    g_string_append_printf (many, "{\"n\": %u, \"t\": \"%.*s\", \"e\": \"\\u00e9 \\\\ [{,:}] \\\"\", "
                            "\"ok\": %s, \"x\": [null, -%u.5e3]},\n",
                            i, (int) (i % 97), "[{,:}] abcdefghijklmnopqrstuvwxyz 0123456789 "
                            "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789",
                            i % 3 ? "true" : "false", i);
  g_string_append (many, "0]");
  check_same_pass ("many.json", many, TRUE);
  _mm_json_stage1_set_width (512);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json-index/random-documents", test_random_documents);
  g_test_add_func ("/core/json-index/boundaries", test_boundaries);
  g_test_add_func ("/core/json-index/invalid", test_invalid);
  g_test_add_func ("/core/json-index/ndjson", test_ndjson);
  g_test_add_func ("/core/json-index/ndjson-members", test_ndjson_members);
  g_test_add_func ("/core/json-index/not-json", test_not_json);
  g_test_add_func ("/core/json-index/export-and-html", test_export_and_html);
  g_test_add_func ("/core/json-index/siblings", test_siblings);
  g_test_add_func ("/core/json-index/root-starts-bound", test_root_starts_bound);
  g_test_add_data_func ("/core/json-index/stage1-events/256", GUINT_TO_POINTER (256), test_stage1_events);
  g_test_add_data_func ("/core/json-index/stage1-events/512", GUINT_TO_POINTER (512), test_stage1_events);
  g_test_add_data_func ("/core/json-index/stage1-same-pass/256", GUINT_TO_POINTER (256), test_stage1_same_pass);
  g_test_add_data_func ("/core/json-index/stage1-same-pass/512", GUINT_TO_POINTER (512), test_stage1_same_pass);
  g_test_add_func ("/core/json-index/document-rebuilds", test_document_rebuilds);

  return g_test_run ();
}
