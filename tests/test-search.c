/* test-search.c: matches against a naive search, in the background */
#define G_LOG_DOMAIN "test-search"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "mm-line-index.h"
#include "mm-search.h"
#include "mm-test-util.h"

/* Non-overlapping, left to right, the obvious way. */
static GArray *
naive_literal (const guint8 *data,
               gsize         length,
               const char   *needle,
               gboolean      icase)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint64));
  gsize n = strlen (needle);

  for (gsize i = 0; n > 0 && i + n <= length; )
    {
      gboolean eq = icase ? g_ascii_strncasecmp ((const char *) data + i, needle, n) == 0
                          : memcmp (data + i, needle, n) == 0;

      if (eq)
        {
          guint64 at = i;

          g_array_append_val (found, at);
          i += n;
        }
      else
        i++;
    }

  return found;
}

static gboolean
stop_at_first (guint64  offset,
               guint64  length,
               gpointer data)
{
  guint64 *hit = data;

  hit[0] = offset;
  hit[1] = length;
  return FALSE;
}

static GArray *
matcher_offsets (MmMatcher    *matcher,
                 const guint8 *data,
                 gsize         length,
                 gboolean      in_pieces)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 pos = 0;

  /* Scanning in odd-sized pieces must give the same matches as one pass. */
  while (pos < length)
    {
      guint64 end = in_pieces ? MIN (pos + 77777, length) : length;
      guint64 next;

      mm_matcher_scan (matcher, data, length, pos, end, NULL, NULL, &next);
      {
        guint64 p = pos;

        while (p < end)
          {
            guint64 hit[2] = { G_MAXUINT64, 0 };

            mm_matcher_scan (matcher, data, length, p, end, stop_at_first, hit, &p);
            if (hit[0] == G_MAXUINT64)
              break;
            g_array_append_val (found, hit[0]);
            p = hit[0] + hit[1];
          }
        next = MAX (next, p);
      }
      pos = next;
    }

  return found;
}

static void
assert_same (GArray *a,
             GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpuint (g_array_index (a, guint64, i), ==, g_array_index (b, guint64, i));
}

static void
test_literal_random (void)
{
  static const char *needles[] = { "ab", "q", "aaa", "\xff\xfe", "xyzw", "e\xcc\x81" };

  for (guint seed = 1; seed <= 4; seed++)
    {
      g_autoptr(GBytes) bytes = mm_test_random_text (seed, 700000, TRUE);
      gsize length;
      const guint8 *data = g_bytes_get_data (bytes, &length);

      for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
        for (guint icase = 0; icase < 2; icase++)
          {
            g_autoptr(MmMatcher) matcher = mm_matcher_new (needles[i], icase ? 0 : MM_SEARCH_CASE_SENSITIVE, NULL);
            g_autoptr(GArray) expected = naive_literal (data, length, needles[i], icase);
            g_autoptr(GArray) got = matcher_offsets (matcher, data, length, FALSE);
            g_autoptr(GArray) pieces = matcher_offsets (matcher, data, length, TRUE);

            assert_same (got, expected);
            assert_same (pieces, expected);
          }
    }
}

static void
test_literal_edges (void)
{
  /* Overlapping occurrences count once each, left to right, and matches
   * at the very start and end are found. */
  static const char text[] = "aaaaa.aa";
  g_autoptr(MmMatcher) matcher = mm_matcher_new ("aa", MM_SEARCH_CASE_SENSITIVE, NULL);
  g_autoptr(GArray) got = matcher_offsets (matcher, (const guint8 *) text, sizeof text - 1, FALSE);

  g_assert_cmpuint (got->len, ==, 3);
  g_assert_cmpuint (g_array_index (got, guint64, 0), ==, 0);
  g_assert_cmpuint (g_array_index (got, guint64, 1), ==, 2);
  g_assert_cmpuint (g_array_index (got, guint64, 2), ==, 6);
}

static void
test_regex_against_whole_buffer (void)
{
  static const struct { const char *pattern; MmSearchFlags flags; } cases[] = {
    { "[0-9]{3,}", MM_SEARCH_REGEX | MM_SEARCH_CASE_SENSITIVE },
    { "^x", MM_SEARCH_REGEX | MM_SEARCH_CASE_SENSITIVE },
    { "q$", MM_SEARCH_REGEX | MM_SEARCH_CASE_SENSITIVE },
    { "ab+c?", MM_SEARCH_REGEX },
  };
  g_autoptr(GBytes) bytes = mm_test_random_text (9, 3 * 1024 * 1024 + 5, FALSE);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MmMatcher) matcher = mm_matcher_new (cases[i].pattern, cases[i].flags, NULL);
      g_autoptr(GArray) got = matcher_offsets (matcher, data, length, FALSE);
      g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_autofree char *source = NULL;
      g_autoptr(GRegex) regex = NULL;
      g_autoptr(GMatchInfo) info = NULL;

      source = cases[i].flags & MM_SEARCH_WHOLE_WORD ? g_strdup_printf ("\\b(?:%s)\\b", cases[i].pattern)
                                                     : g_strdup (cases[i].pattern);
      regex = g_regex_new (source, G_REGEX_RAW | G_REGEX_MULTILINE |
                           (cases[i].flags & MM_SEARCH_CASE_SENSITIVE ? 0 : G_REGEX_CASELESS), 0, NULL);
      /* One pass over the whole buffer is the reference: chunks and their
       * overlaps must not change what is found. */
      g_regex_match_full (regex, (const char *) data, length, 0, 0, &info, NULL);
      while (g_match_info_matches (info))
        {
          int s, e;

          g_match_info_fetch_pos (info, 0, &s, &e);
          if (e > s)
            {
              guint64 at = s;
              g_array_append_val (expected, at);
            }
          g_match_info_next (info, NULL);
        }

      g_assert_cmpuint (expected->len, >, 0);
      assert_same (got, expected);
    }
}

static void
test_whole_word (void)
{
  static const char text[] = "the other the, then bathe (the)\nthe";
  g_autoptr(MmMatcher) words = mm_matcher_new ("the", MM_SEARCH_WHOLE_WORD | MM_SEARCH_CASE_SENSITIVE, NULL);
  g_autoptr(MmMatcher) any = mm_matcher_new ("the", MM_SEARCH_CASE_SENSITIVE, NULL);
  g_autoptr(GArray) got = matcher_offsets (words, (const guint8 *) text, sizeof text - 1, FALSE);
  g_autoptr(GArray) all = matcher_offsets (any, (const guint8 *) text, sizeof text - 1, FALSE);

  g_assert_cmpuint (got->len, ==, 4);
  g_assert_cmpuint (g_array_index (got, guint64, 1), ==, 10);
  g_assert_cmpuint (all->len, ==, 7);
}

static void
test_matches_across_boundaries (void)
{
  /* A needle placed across every 64 KiB segment boundary and 1 MiB chunk
   * boundary of a single giant line. */
  gsize length = 5 * 1024 * 1024;
  guint8 *data = g_malloc (length);
  static const char needle[] = "NEEDLE-ACROSS";
  g_autoptr(GArray) got = NULL;
  guint placed = 0;

  memset (data, 'x', length);
  for (gsize at = 65536; at + sizeof needle < length; at += 65536)
    {
      memcpy (data + at - 5, needle, sizeof needle - 1);
      placed++;
    }

  for (guint regex = 0; regex < 2; regex++)
    {
      g_autoptr(MmMatcher) matcher = mm_matcher_new (regex ? "NEEDLE-[A-Z]+" : needle,
                                                     MM_SEARCH_CASE_SENSITIVE | (regex ? MM_SEARCH_REGEX : 0), NULL);

      got = matcher_offsets (matcher, data, length, FALSE);
      g_assert_cmpuint (got->len, ==, placed);
      g_clear_pointer (&got, g_array_unref);
    }
  g_free (data);
}

static void
test_case_folding_non_ascii (void)
{
  static const char text[] = "Straße STRASSE straße ÄRGER ärger Ärger \xff ärger";
  g_autoptr(MmMatcher) matcher = mm_matcher_new ("ÄRGER", 0, NULL);
  g_autoptr(MmMatcher) exact = mm_matcher_new ("ÄRGER", MM_SEARCH_CASE_SENSITIVE, NULL);
  g_autoptr(GArray) got = matcher_offsets (matcher, (const guint8 *) text, sizeof text - 1, FALSE);
  g_autoptr(GArray) got_exact = matcher_offsets (exact, (const guint8 *) text, sizeof text - 1, FALSE);

  /* Folded in valid UTF-8; the chunk with an invalid byte is still searched. */
  g_assert_cmpuint (got->len, >=, 3);
  g_assert_cmpuint (got_exact->len, ==, 1);
}

static guint64
first_hit (const char    *pattern,
           MmSearchFlags  flags,
           const char    *text,
           gsize          length,
           guint64        from,
           guint64       *hit_length)
{
  g_autoptr(MmMatcher) matcher = mm_matcher_new (pattern, flags, NULL);
  guint64 hit[2] = { G_MAXUINT64, 0 };

  g_assert_nonnull (matcher);
  mm_matcher_scan (matcher, (const guint8 *) text, length, from, length, stop_at_first, hit, NULL);
  if (hit_length != NULL)
    *hit_length = hit[1];
  return hit[0];
}

static guint
count_hits (const char    *pattern,
            MmSearchFlags  flags,
            const char    *text)
{
  g_autoptr(MmMatcher) matcher = mm_matcher_new (pattern, flags, NULL);

  g_assert_nonnull (matcher);
  return (guint) mm_matcher_scan (matcher, (const guint8 *) text, strlen (text), 0, strlen (text),
                                  NULL, NULL, NULL);
}

/* Whole word sees the text before the search's start and past invalid
 * bytes: from offset 1 of "xcafé café \xff" the first whole "café" is at 6. */
static void
test_whole_word_context (void)
{
  static const char text[] = "xcaf\xc3\xa9 caf\xc3\xa9 \xff";
  MmSearchFlags word = MM_SEARCH_WHOLE_WORD | MM_SEARCH_CASE_SENSITIVE;

  g_assert_cmpuint (first_hit ("caf\xc3\xa9", word, text, sizeof text - 1, 1, NULL), ==, 7);
  g_assert_cmpuint (first_hit ("caf\xc3\xa9", word | MM_SEARCH_REGEX, text, sizeof text - 1, 1, NULL), ==, 7);
  g_assert_cmpuint (first_hit ("\\bcaf\xc3\xa9", MM_SEARCH_REGEX, text, sizeof text - 1, 1, NULL), ==, 7);
}

/* A word straddling the 1 MiB chunk edge is judged with its real left
 * neighbour: the whole scan counts what a piecewise one counts. */
static void
test_whole_word_across_chunks (void)
{
  gsize length = 3 * 1024 * 1024;
  g_autofree char *data = g_malloc (length + 1);
  g_autoptr(MmMatcher) matcher = mm_matcher_new ("word", MM_SEARCH_WHOLE_WORD | MM_SEARCH_CASE_SENSITIVE, NULL);
  g_autoptr(GArray) whole = NULL, pieces = NULL;

  memset (data, ' ', length);
  data[length] = 0;
  data[100] = '\xff';
  for (gsize at = 1024 * 1024 - 6; at + 11 <= length; at += 1024 * 1024)
    memcpy (data + at, "xxword word", 11);
  whole = matcher_offsets (matcher, (const guint8 *) data, length, FALSE);
  pieces = matcher_offsets (matcher, (const guint8 *) data, length, TRUE);
  g_assert_cmpuint (whole->len, ==, 2);
  assert_same (whole, pieces);
}

/* Word boundaries are between characters, not bytes. */
static void
test_whole_word_characters (void)
{
  MmSearchFlags word = MM_SEARCH_WHOLE_WORD | MM_SEARCH_CASE_SENSITIVE;

  g_assert_cmpuint (count_hits ("action", word, "r\xc3\xa9" "action action"), ==, 1);
  g_assert_cmpuint (count_hits ("caf", word, "caf\xc3\xa9 caf"), ==, 1);
  g_assert_cmpuint (count_hits ("\xce\xb1", word, "\xce\xb1\xce\xb2 \xce\xb1"), ==, 1);
}

/* Whole word means: no word character before or after, whatever the
 * pattern's own edges are. */
static void
test_whole_word_punctuation (void)
{
  MmSearchFlags word = MM_SEARCH_WHOLE_WORD | MM_SEARCH_CASE_SENSITIVE;

  g_assert_cmpuint (count_hits ("#include", word, "#include <x>"), ==, 1);
  g_assert_cmpuint (count_hits ("#include", word, "x#include"), ==, 0);
  g_assert_cmpuint (count_hits ("x+", word, "x+ 1"), ==, 1);
  g_assert_cmpuint (count_hits ("x+", word, "x+y"), ==, 0);
  g_assert_cmpuint (count_hits ("x+", word | MM_SEARCH_REGEX, "xxx y"), ==, 1);
}

/* After a position where only an empty match exists, the scan moves on by
 * one byte, not by what the lead byte claims. */
static void
test_regex_empty_matches (void)
{
  static const char text[] = "\xe5\x80" "aaa";
  guint64 length = 0;

  g_assert_cmpuint (first_hit ("a*", MM_SEARCH_REGEX | MM_SEARCH_CASE_SENSITIVE, text, sizeof text - 1, 0, &length), ==, 2);
  g_assert_cmpuint (length, ==, 3);
  g_assert_cmpuint (count_hits ("a*", MM_SEARCH_REGEX | MM_SEARCH_CASE_SENSITIVE, "baab\xff" "a"), ==, 2);
  g_assert_cmpuint (count_hits ("x?", MM_SEARCH_REGEX, "abc"), ==, 0);
}

/* A leading .* stops at an invalid byte; the next match starts after it,
 * not only after the next newline. */
static void
test_regex_dotstar_after_invalid (void)
{
  MmSearchFlags regex = MM_SEARCH_REGEX | MM_SEARCH_CASE_SENSITIVE;

  g_assert_cmpuint (count_hits (".*", regex, "ab\xff" "cd\xed\x03" "ef"), ==, 3);
  g_assert_cmpuint (count_hits ("(?s).*x", regex, "ax\xff" "bx"), ==, 2);
  g_assert_cmpuint (count_hits (".*", regex, "ab\ncd"), ==, 2);
}

/* A byte pattern that is not UTF-8 folds ASCII only: 0xE2 is not 0xC2. */
static void
test_raw_case_folding (void)
{
  static const char text[] = "\xc2 \xe2 \xe2";

  g_assert_cmpuint (count_hits ("\xe2 ", MM_SEARCH_WHOLE_WORD, text), ==, 1);
  g_assert_cmpuint (count_hits ("\xe2", 0, text), ==, 2);
  g_assert_cmpuint (count_hits ("\xe2", MM_SEARCH_WHOLE_WORD, text), ==, 2);
}

typedef struct
{
  gboolean first;
  gboolean complete;
} Seen;

static void
on_scan_progress (MmSearch *search,
                  gboolean *complete)
{
  *complete = mm_search_is_complete (search);
}

static GArray *
background_offsets (const char    *path,
                    const char    *pattern,
                    MmSearchFlags  flags)
{
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmSearch) search = mm_search_new (file, pattern, flags, NULL, NULL);
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint64));
  gboolean complete = FALSE;

  g_signal_connect (search, "progress", G_CALLBACK (on_scan_progress), &complete);
  mm_search_start (search, 0);
  while (!complete)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (mm_search_get_n_matches (search), ==, mm_search_get_n_stored (search));
  for (guint i = 0; i < mm_search_get_n_stored (search); i++)
    {
      guint64 offset, length;

      g_assert_true (mm_search_get_match (search, i, &offset, &length));
      g_array_append_val (found, offset);
    }
  return found;
}

/* The background search cuts the file into 1 MiB chunks scanned on every
 * core: matches that run across a chunk edge, overlapping candidates
 * there, and characters split by it must come out as one left-to-right
 * scan finds them. */
static void
test_chunk_edges (void)
{
  gsize length = 3 * 1024 * 1024 + 5;
  g_autofree guint8 *data = g_malloc (length);
  g_autofree char *path = NULL;
  static const struct { const char *pattern; MmSearchFlags flags; } cases[] = {
    { "aaa", MM_SEARCH_CASE_SENSITIVE },
    { "a{5}", MM_SEARCH_CASE_SENSITIVE | MM_SEARCH_REGEX },
    { "caf\xc3\xa9", MM_SEARCH_WHOLE_WORD | MM_SEARCH_CASE_SENSITIVE },
    { "\xc3\xa9" "a", MM_SEARCH_CASE_SENSITIVE },
  };

  memset (data, 'a', length);
  /* Runs of a's broken at odd places. */
  for (gsize at = 1000; at < length; at += 1000 + at % 7)
    data[at] = ' ';
  for (gsize edge = 1024 * 1024, k = 0; edge < length; edge += 1024 * 1024, k++)
    {
      if (k % 2 == 0)
        /* "café" across the edge, its "é" the first character after it. */
        memcpy (data + edge - 4, " caf\xc3\xa9 ", 7);
      else
        {
          /* An "é" split by the edge. */
          data[edge - 1] = 0xc3;
          data[edge] = 0xa9;
        }
    }
  path = mm_test_write_file ("search-chunks", data, length);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(MmMatcher) matcher = mm_matcher_new (cases[c].pattern, cases[c].flags, NULL);
      g_autoptr(GArray) expected = matcher_offsets (matcher, data, length, FALSE);
      g_autoptr(GArray) got = background_offsets (path, cases[c].pattern, cases[c].flags);

      g_test_message ("%s: %u matches", cases[c].pattern, expected->len);
      g_assert_cmpuint (expected->len, >, 0);
      assert_same (got, expected);
    }
}

static void
on_first (MmSearch *search,
          Seen     *seen)
{
  seen->first = TRUE;
}

static void
on_progress (MmSearch *search,
             Seen     *seen)
{
  seen->complete = mm_search_is_complete (search);
}

static void
test_search_in_background (void)
{
  g_autoptr(GBytes) bytes = mm_test_random_text (12, 8 * 1024 * 1024, FALSE);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file ("search", data, length);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmLineIndex) index = mm_line_index_new (file);
  g_autoptr(MmMarks) marks = mm_marks_new ();
  g_autoptr(MmSearch) search = NULL;
  g_autoptr(GArray) expected = naive_literal (data, length, "ab", FALSE);
  Seen seen = { FALSE, FALSE };
  guint64 offset, match_length;
  guint i;

  /* Started while the index is still being built: both run at once. */
  mm_line_index_build_async (index, NULL, NULL, NULL);
  search = mm_search_new (file, "ab", MM_SEARCH_CASE_SENSITIVE, marks, NULL);
  g_signal_connect (search, "first-hit", G_CALLBACK (on_first), &seen);
  g_signal_connect (search, "progress", G_CALLBACK (on_progress), &seen);
  mm_search_start (search, length / 2);
  while (!seen.complete || !seen.first)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (mm_search_get_n_matches (search), ==, expected->len);
  g_assert_cmpuint (mm_search_get_n_stored (search), ==, expected->len);
  g_assert_cmpuint (mm_marks_get_count (marks, MM_MARK_SEARCH), ==, expected->len);

  /* The first hit is the first match after the caret. */
  g_assert_true (mm_search_get_first_hit (search, &offset, &match_length));
  i = 0;
  while (g_array_index (expected, guint64, i) < length / 2)
    i++;
  g_assert_cmpuint (offset, ==, g_array_index (expected, guint64, i));
  g_assert_cmpuint (match_length, ==, 2);

  /* Stepping forward from the last match wraps to the first. */
  g_assert_true (mm_search_find (search, g_array_index (expected, guint64, expected->len - 1), FALSE, &i));
  g_assert_cmpuint (i, ==, 0);
  g_assert_true (mm_search_find (search, g_array_index (expected, guint64, 0), TRUE, &i));
  g_assert_cmpuint (i, ==, expected->len - 1);

  while (!mm_line_index_is_complete (index))
    g_main_context_iteration (NULL, TRUE);
  unlink (path);
}

typedef struct
{
  GThread *owner;
  guint    elsewhere;   /* progress heard on another thread */
  double   fraction;    /* the last one heard */
  gboolean backwards;   /* a batch behind the one before it */
} Heard;

static void
on_progress_heard (MmSearch *search,
                   Heard    *heard)
{
  if (g_thread_self () != heard->owner)
    g_atomic_int_inc (&heard->elsewhere);
  if (mm_search_get_fraction (search) < heard->fraction)
    heard->backwards = TRUE;
  heard->fraction = mm_search_get_fraction (search);
}

/* While the owner's thread is busy, its main context is not running and
 * nobody owns it: the scan's threads must still not deliver a batch
 * there themselves (out of order, beside the owner's own code), only
 * queue it for the owner. */
static void
test_batches_on_owner_thread (void)
{
  g_autoptr(GBytes) bytes = mm_test_random_text (14, 12 * 1024 * 1024, FALSE);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file ("busy-owner", data, length);
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmMarks) marks = mm_marks_new ();
  g_autoptr(MmSearch) search = mm_search_new (file, "ab", MM_SEARCH_CASE_SENSITIVE, marks, NULL);
  g_autoptr(GArray) expected = naive_literal (data, length, "ab", FALSE);
  Heard heard = { g_thread_self (), 0, 0.0, FALSE };

  g_signal_connect (search, "progress", G_CALLBACK (on_progress_heard), &heard);
  mm_search_start (search, 0);
  g_usleep (G_USEC_PER_SEC / 2);   /* busy: the chunks are scanned meanwhile */
  g_assert_cmpuint (g_atomic_int_get (&heard.elsewhere), ==, 0);
  while (!mm_search_is_complete (search))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (heard.elsewhere, ==, 0);
  g_assert_false (heard.backwards);
  g_assert_cmpuint (mm_marks_get_count (marks, MM_MARK_SEARCH), ==, expected->len);
  unlink (path);
}

static void
test_search_cancel (void)
{
  g_autoptr(GBytes) bytes = mm_test_random_text (13, 64 * 1024 * 1024, FALSE);
  g_autofree char *path = mm_test_write_file ("cancel", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(MmMappedFile) file = mm_test_map (path);
  g_autoptr(MmSearch) search = mm_search_new (file, "[a-z]+q", MM_SEARCH_REGEX, NULL, NULL);
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  mm_search_start (search, 0);
  mm_search_cancel (search);
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  /* Cancelled: never completes, and nothing more is reported. */
  g_assert_false (mm_search_is_complete (search));
  unlink (path);
}

static void
test_bad_regex (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MmMatcher) matcher = mm_matcher_new ("([a-", MM_SEARCH_REGEX, &error);

  g_assert_null (matcher);
  g_assert_nonnull (error);
  g_assert_true (error->domain == G_REGEX_ERROR);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/search/literal-random", test_literal_random);
  g_test_add_func ("/core/search/literal-edges", test_literal_edges);
  g_test_add_func ("/core/search/regex", test_regex_against_whole_buffer);
  g_test_add_func ("/core/search/whole-word", test_whole_word);
  g_test_add_func ("/core/search/across-boundaries", test_matches_across_boundaries);
  g_test_add_func ("/core/search/case-folding", test_case_folding_non_ascii);
  g_test_add_func ("/core/search/background", test_search_in_background);
  g_test_add_func ("/core/search/cancel", test_search_cancel);
  g_test_add_func ("/core/search/bad-regex", test_bad_regex);
  g_test_add_func ("/core/search/whole-word-context", test_whole_word_context);
  g_test_add_func ("/core/search/whole-word-across-chunks", test_whole_word_across_chunks);
  g_test_add_func ("/core/search/whole-word-characters", test_whole_word_characters);
  g_test_add_func ("/core/search/whole-word-punctuation", test_whole_word_punctuation);
  g_test_add_func ("/core/search/regex-empty-matches", test_regex_empty_matches);
  g_test_add_func ("/core/search/regex-dotstar-after-invalid", test_regex_dotstar_after_invalid);
  g_test_add_func ("/core/search/raw-case-folding", test_raw_case_folding);
  g_test_add_func ("/core/search/chunk-edges", test_chunk_edges);
  g_test_add_func ("/core/search/batches-on-owner-thread", test_batches_on_owner_thread);

  return g_test_run ();
}
