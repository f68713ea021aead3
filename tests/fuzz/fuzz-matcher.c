/* fuzz-matcher.c: the matcher against references.
 *
 * Input: byte 0 holds the flags (case, regex, whole word), byte 1 the
 * pattern's length; then the pattern and the text. Checked: a literal
 * finds what a naive scan finds; scanning in pieces (as the background
 * search does) finds what one scan finds; a whole-word literal finds the
 * naive matches that have no word character on either side, judged by
 * characters where the pattern is UTF-8 and by bytes where it is not.
 */
#define G_LOG_DOMAIN "fuzz-matcher"

#include "config.h"

#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "fuzz-util.h"
#include "mm-matcher.h"

typedef struct
{
  GArray *offsets;
  GArray *lengths;
} Found;

static gboolean
collect (guint64  offset,
         guint64  length,
         gpointer user_data)
{
  Found *found = user_data;

  g_array_append_val (found->offsets, offset);
  g_array_append_val (found->lengths, length);
  return TRUE;
}

static void
found_init (Found *found)
{
  found->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  found->lengths = g_array_new (FALSE, FALSE, sizeof (guint64));
}

static void
found_clear (Found *found)
{
  g_clear_pointer (&found->offsets, g_array_unref);
  g_clear_pointer (&found->lengths, g_array_unref);
}

static void
scan (MmMatcher    *matcher,
      const guint8 *text,
      gsize         length,
      gsize         piece,
      Found        *found)
{
  guint64 pos = 0;

  while (pos < length)
    {
      guint64 end = piece > 0 ? MIN (pos + piece, length) : length;

      mm_matcher_scan (matcher, text, length, pos, end, collect, found, &pos);
    }
}

static void
assert_same (const Found *a,
             const Found *b)
{
  g_assert_cmpuint (a->offsets->len, ==, b->offsets->len);
  for (guint i = 0; i < a->offsets->len; i++)
    {
      g_assert_cmpuint (g_array_index (a->offsets, guint64, i), ==, g_array_index (b->offsets, guint64, i));
      g_assert_cmpuint (g_array_index (a->lengths, guint64, i), ==, g_array_index (b->lengths, guint64, i));
    }
}

/* Is the character (UTF mode) or byte ending just before `at`, or starting
 * at `at`, a word character? Invalid bytes never are. */
static gboolean
is_word_char (const guint8 *text,
              gsize         length,
              gsize         at,
              gboolean      before,
              gboolean      utf)
{
  static pcre2_code *word;
  gsize start = at;
  gunichar ch;

  if (!utf)
    {
      guint8 b;

      if (before ? at == 0 : at >= length)
        return FALSE;
      b = text[before ? at - 1 : at];
      return g_ascii_isalnum (b) || b == '_';
    }

  if (before)
    {
      /* The character ending at `at`: back over up to three continuation
       * bytes, then it must decode to exactly [start, at). */
      if (at == 0)
        return FALSE;
      start = at - 1;
      while (start > 0 && at - start < 4 && (text[start] & 0xc0) == 0x80)
        start--;
      ch = g_utf8_get_char_validated ((const char *) text + start, (gssize) (at - start));
      if (ch >= 0xfffffffe || (gsize) g_unichar_to_utf8 (ch, NULL) != at - start)
        return FALSE;
    }
  else
    {
      if (at >= length)
        return FALSE;
      ch = g_utf8_get_char_validated ((const char *) text + at, (gssize) MIN (length - at, 4));
      if (ch >= 0xfffffffe)
        return FALSE;
    }

  /* Which characters are letters is PCRE2's Unicode table's call. */
  if (word == NULL)
    {
      int code;
      PCRE2_SIZE offset;

      word = pcre2_compile ((PCRE2_SPTR) "^\\w$", PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
                            &code, &offset, NULL);
      g_assert_nonnull (word);
    }
  {
    char utf8[8];
    gint n = g_unichar_to_utf8 (ch, utf8);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern (word, NULL);
    gboolean yes = pcre2_match (word, (PCRE2_SPTR) utf8, (PCRE2_SIZE) n, 0, 0, md, NULL) >= 0;

    pcre2_match_data_free (md);
    return yes;
  }
}

static void
naive (const guint8 *text,
       gsize         length,
       const char   *pattern,
       gboolean      icase,
       gboolean      whole_word,
       gboolean      utf,
       Found        *found)
{
  gsize n = strlen (pattern);

  for (gsize i = 0; i + n <= length; )
    {
      gboolean eq = icase ? g_ascii_strncasecmp ((const char *) text + i, pattern, n) == 0
                          : memcmp (text + i, pattern, n) == 0;

      if (eq && whole_word &&
          (is_word_char (text, length, i, TRUE, utf) || is_word_char (text, length, i + n, FALSE, utf)))
        eq = FALSE;

      if (eq)
        {
          collect (i, n, found);
          i += n;
        }
      else
        i++;
    }
}

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guint8) *s >= 0x80)
      return FALSE;
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *pattern = NULL;
  g_autoptr(MmMatcher) matcher = NULL;
  MmSearchFlags flags;
  const guint8 *text;
  gsize pattern_len, length;
  gboolean valid;
  Found whole, pieces;

  if (size < 2)
    return 0;

  flags = data[0] & (MM_SEARCH_CASE_SENSITIVE | MM_SEARCH_REGEX | MM_SEARCH_WHOLE_WORD);
  pattern_len = data[1] % 24;
  if (size < 2 + pattern_len || pattern_len == 0)
    return 0;
  pattern = g_strndup ((const char *) data + 2, pattern_len);
  if (strlen (pattern) != pattern_len)
    return 0;   /* patterns come from a text entry: no NUL */
  text = data + 2 + pattern_len;
  length = size - 2 - pattern_len;
  valid = g_utf8_validate (pattern, -1, NULL);

  matcher = mm_matcher_new (pattern, flags, NULL);
  if (matcher == NULL)
    {
      g_assert_true (flags & MM_SEARCH_REGEX);
      return 0;
    }

  found_init (&whole);
  found_init (&pieces);
  scan (matcher, text, length, 0, &whole);
  scan (matcher, text, length, 1 + data[0] % 13, &pieces);

  /* Matches are ordered, inside the text and never overlap. */
  for (guint i = 0; i < whole.offsets->len; i++)
    {
      guint64 at = g_array_index (whole.offsets, guint64, i);
      guint64 n = g_array_index (whole.lengths, guint64, i);

      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (at + n, <=, length);
      if (i > 0)
        g_assert_cmpuint (at, >=, g_array_index (whole.offsets, guint64, i - 1) +
                                  g_array_index (whole.lengths, guint64, i - 1));
    }

  /* The context before a piece and the overlap after it let every
   * pattern see what it would see in one scan. */
  assert_same (&whole, &pieces);

  if (!(flags & MM_SEARCH_REGEX))
    {
      gboolean icase = !(flags & MM_SEARCH_CASE_SENSITIVE);
      gboolean word = (flags & MM_SEARCH_WHOLE_WORD) != 0;

      /* Unicode case folding (of non-ASCII letters, and of ASCII ones to
       * signs such as KELVIN SIGN in whole-word search) has no naive
       * reference here. */
      if (!icase || !valid || (!word && is_ascii (pattern)))
        {
          Found expected;

          found_init (&expected);
          naive (text, length, pattern, icase, word, valid, &expected);
          assert_same (&whole, &expected);
          found_clear (&expected);
        }
    }

  found_clear (&whole);
  found_clear (&pieces);
  return 0;
}
