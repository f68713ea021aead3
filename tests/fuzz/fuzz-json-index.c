/* fuzz-json-index.c: the JSON structure index on any bytes.
 *
 * Input: byte 0 says whether the rest is placed after a padding string
 * that brings it to the 64 KiB block boundary, and whether stage 1 uses
 * 256-bit vectors where it could use 512; the rest is the document.
 * Checked: the pass never crashes or hangs; it leaves the same index from
 * stage 1's events as from the bytes alone; an error lies inside the
 * file, and queries before it answer; and on a document with one valid
 * value, every byte's depth, string state, jq path and container agree
 * with the naive reference parser.
 */
#define G_LOG_DOMAIN "fuzz-json-index"

#include "config.h"

#include <string.h>

#include "fuzz-util.h"
#include "mm-json-index-private.h"
#include "mm-json-reference.h"

static void
compare (MmJsonIndex  *index,
         const guint8 *data,
         gsize         length,
         guint64       from,
         guint64       to)
{
  MmJsonReference ref;

  mm_json_reference_parse (data, length, &ref);
  g_assert_cmpuint (mm_json_index_get_n_values (index), ==, ref.n_values);
  g_assert_cmpuint (mm_json_index_get_max_depth (index), ==, ref.max_depth);
  {
    guint64 n;
    const guint64 *starts = mm_json_index_get_root_starts (index, &n);

    if (starts != NULL)
      {
        g_assert_cmpuint (n, ==, ref.members->len);
        for (guint i = 0; i < n; i++)
          g_assert_cmpuint (starts[i], ==, g_array_index (ref.members, guint64, i));
      }
  }

  for (guint64 at = from; at < to; at += at < from + 64 || at + 4200 > to ? 1 : 97)
    {
      MmJsonState state;
      MmJsonContainer container;
      g_autofree char *path = NULL;

      if (ref.path[at] == NULL)
        continue;
      g_assert_true (mm_json_index_get_state (index, at, &state));
      g_assert_cmpuint (state.depth, ==, ref.depth[at]);
      g_assert_cmpint (state.in_string, ==, ref.in_string[at] != 0);
      path = mm_json_index_dup_path (index, at);
      g_assert_cmpstr (path, ==, ref.path[at]);
      /* Structural moves go where they say, and never past the offset. */
      {
        guint64 sibling;

        if (mm_json_index_get_previous_sibling (index, at, &sibling))
          g_assert_cmpuint (sibling, <, at);
        if (mm_json_index_get_next_sibling (index, at, &sibling))
          g_assert_cmpuint (sibling, >, at);
        g_assert_cmpuint (mm_json_index_get_member_start (index, at), <=, at);
      }
      if (ref.container[at] != G_MAXUINT64)
        {
          g_assert_true (mm_json_index_get_container (index, at, &container));
          g_assert_cmpuint (container.start, ==, ref.container[at]);
        }
    }
  mm_json_reference_free (&ref, length);
}

static MmJsonIndex *
build (MmMappedFile *file,
       gboolean      stage1)
{
  MmJsonIndex *index = mm_json_index_new (file);

  _mm_json_index_set_stage1 (stage1);
  mm_json_index_build_async (index, NULL, NULL, NULL);
  while (!mm_json_index_is_complete (index))
    g_main_context_iteration (NULL, TRUE);
  _mm_json_index_set_stage1 (TRUE);
  return index;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmJsonIndex) index = NULL;
  guint64 error_offset;

  if (size < 1)
    return 0;

  if (data[0] & 0x80)
    {
      /* ["xxx…x", <input>] with the input's start near the boundary. */
      gsize pad = MM_JSON_INDEX_BLOCK_SIZE - 8 - (data[0] & 0x3f);

      g_byte_array_append (bytes, (const guint8 *) "[\"", 2);
      g_byte_array_set_size (bytes, 2 + pad);
      memset (bytes->data + 2, 'x', pad);
      g_byte_array_append (bytes, (const guint8 *) "\",", 2);
      g_byte_array_append (bytes, data + 1, size - 1);
      g_byte_array_append (bytes, (const guint8 *) "]", 1);
    }
  else
    g_byte_array_append (bytes, data + 1, size - 1);

  fuzz_write_file (bytes->data, bytes->len);
  file = fuzz_map ();
  _mm_json_stage1_set_width (data[0] & 0x40 ? 256 : 512);
  index = build (file, TRUE);
  _mm_json_stage1_set_width (512);
  {
    g_autoptr(MmJsonIndex) bytes_only = build (file, FALSE);

    mm_json_reference_assert_same_index (bytes_only, index);
  }

  if (mm_json_index_get_error (index, &error_offset, NULL))
    {
      g_assert_cmpuint (error_offset, <=, bytes->len);
      /* Before the error, queries answer without harm. */
      for (guint64 at = 0; at < error_offset && at < bytes->len; at += at < 64 || at + 4200 > error_offset ? 3 : 997)
        {
          MmJsonState state;
          MmJsonContainer container;
          g_autofree char *path = mm_json_index_dup_path (index, at);

          (void) path;   /* asked for its effects: nothing must break */
          mm_json_index_get_state (index, at, &state);
          mm_json_index_get_container (index, at, &container);
        }
      return 0;
    }

  if (mm_json_index_get_n_regions (index) == 1)
    {
      const MmJsonRegion *region = mm_json_index_get_region (index, 0);
      guint64 first = 0;

      while (first < bytes->len && (bytes->data[first] == ' ' || bytes->data[first] == '\n' ||
                                    bytes->data[first] == '\r' || bytes->data[first] == '\t'))
        first++;
      if (region->kind == MM_JSON_REGION_DOCUMENT && region->n_values == 1 && region->start == first)
        compare (index, bytes->data, bytes->len, region->start, MIN (region->end, bytes->len));
    }
  return 0;
}
