/* mm-matcher.c: non-overlapping matches, left to right, as grep -o finds
 * them.
 *
 * A literal is a byte search: a vector loop compares the needle's first
 * and last bytes against 32 positions at once and checks the rare
 * candidates whole, so invalid UTF-8 in the file does not matter. Case
 * folding of ASCII patterns happens in the same loop; a pattern with
 * non-ASCII letters, a whole-word search or a regular expression goes to
 * PCRE2 (GRegex, JIT) in chunks of 1 MiB with 64 KiB of overlap, so
 * matches across chunk (and 64 KiB segment) boundaries are found, and
 * with the bytes before each chunk as context, so ^, $ and \b see the
 * real neighbours.
 */
#define G_LOG_DOMAIN "mm-matcher"

#include "config.h"

#include <string.h>

#include "mm-matcher.h"
#include "mm-vector-private.h"

#define CHUNK   ((guint64) 1 << 20)
#define OVERLAP ((guint64) 64 << 10)
#define CONTEXT ((guint64) 256)

struct _MmMatcher
{
  gatomicrefcount  ref_count;
  guint8          *needle;       /* literal mode */
  gsize            needle_len;
  gboolean         icase;
  GRegex          *regex_raw;    /* regex mode: bytes as they are */
  GRegex          *regex_utf8;   /* regex mode, for chunks that are valid UTF-8 */
};

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guint8) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* Every byte that is not a letter or digit as \x{HH}: safe for any bytes,
 * valid UTF-8 or not, in raw mode. */
static char *
escape_bytes (const char *pattern)
{
  GString *out = g_string_new (NULL);

  for (const guint8 *p = (const guint8 *) pattern; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, (char) *p);
      else
        g_string_append_printf (out, "\\x{%02X}", *p);
    }

  return g_string_free (out, FALSE);
}

static char *
wrap_source (const char    *escaped_or_regex,
             MmSearchFlags  flags)
{
  if (flags & MM_SEARCH_WHOLE_WORD)
    return g_strdup_printf ("\\b(?:%s)\\b", escaped_or_regex);
  return g_strdup (escaped_or_regex);
}

MmMatcher *
mm_matcher_new (const char     *pattern,
                MmSearchFlags   flags,
                GError        **error)
{
  g_autoptr(MmMatcher) self = g_new0 (MmMatcher, 1);
  gboolean icase = !(flags & MM_SEARCH_CASE_SENSITIVE);
  g_autofree char *source = NULL;
  GRegexCompileFlags compile = G_REGEX_MULTILINE | G_REGEX_OPTIMIZE;
  gboolean valid;

  g_atomic_ref_count_init (&self->ref_count);
  g_return_val_if_fail (pattern != NULL, NULL);

  if (pattern[0] == 0)
    {
      g_set_error_literal (error, G_REGEX_ERROR, G_REGEX_ERROR_COMPILE, "Empty pattern");
      return NULL;
    }

  valid = g_utf8_validate (pattern, -1, NULL);

  /* A byte literal, unless folding non-ASCII letters or matching words. */
  if (!(flags & (MM_SEARCH_REGEX | MM_SEARCH_WHOLE_WORD)) && (!icase || is_ascii (pattern) || !valid))
    {
      self->needle_len = strlen (pattern);
      self->needle = (guint8 *) g_strdup (pattern);
      self->icase = icase;
      return g_steal_pointer (&self);
    }

  if (icase)
    compile |= G_REGEX_CASELESS;

  /* Raw mode reads bytes, so invalid UTF-8 in the file cannot stop a search. */
  {
    g_autofree char *escaped = (flags & MM_SEARCH_REGEX) ? g_strdup (pattern) : escape_bytes (pattern);

    source = wrap_source (escaped, flags);
    self->regex_raw = g_regex_new (source, compile | G_REGEX_RAW, 0, error);
    if (self->regex_raw == NULL)
      return NULL;
  }

  /* Non-ASCII in the pattern (to fold it, or to treat it as one character)
   * needs UTF-8 mode, used on chunks that are valid UTF-8. */
  if (valid && !is_ascii (pattern))
    {
      g_autofree char *escaped = (flags & MM_SEARCH_REGEX) ? g_strdup (pattern) : g_regex_escape_string (pattern, -1);
      g_autofree char *utf8_source = wrap_source (escaped, flags);

      self->regex_utf8 = g_regex_new (utf8_source, compile, 0, NULL);
    }

  return g_steal_pointer (&self);
}

MmMatcher *
mm_matcher_ref (MmMatcher *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mm_matcher_unref (MmMatcher *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->needle);
  g_clear_pointer (&self->regex_raw, g_regex_unref);
  g_clear_pointer (&self->regex_utf8, g_regex_unref);
  g_free (self);
}

static inline gboolean
equal_at (const MmMatcher *self,
          const guint8    *p)
{
  if (self->icase)
    return g_ascii_strncasecmp ((const char *) p, (const char *) self->needle, self->needle_len) == 0;
  return memcmp (p, self->needle, self->needle_len) == 0;
}

/* First occurrence of the needle starting in [from, to), or G_MAXUINT64. */
MM_TARGET_CLONES
static guint64
find_literal (const MmMatcher *self,
              const guint8    *data,
              guint64          from,
              guint64          to,
              guint64          length)
{
  gsize n = self->needle_len;
  guint8 first = self->needle[0], last = self->needle[n - 1];
  guint8 first_alt = first, last_alt = last;
  guint64 i = from;

  if (to > length - MIN (length, n - 1))
    to = length - MIN (length, n - 1);
  if (from >= to || n > length)
    return G_MAXUINT64;

  if (self->icase)
    {
      first = g_ascii_tolower (first);
      first_alt = g_ascii_toupper (first);
      last = g_ascii_tolower (last);
      last_alt = g_ascii_toupper (last);
    }

  {
    const v32u8 vf = MM_SPLAT (first), vfa = MM_SPLAT (first_alt);
    const v32u8 vl = MM_SPLAT (last), vla = MM_SPLAT (last_alt);

    /* Both loads must stay inside the file: position + n - 1 + 31 < length. */
    for (; i + 32 <= to && i + n - 1 + 32 <= length; i += 32)
      {
        v32u8 a = mm_load32 (data + i);
        v32u8 b = mm_load32 (data + i + n - 1);
        v32u8 hit = ((v32u8) (a == vf) | (v32u8) (a == vfa)) & ((v32u8) (b == vl) | (v32u8) (b == vla));
        guint64 w[4];

        memcpy (w, &hit, sizeof w);
        if ((w[0] | w[1] | w[2] | w[3]) == 0)
          continue;

        for (guint k = 0; k < 32; k++)
          if (hit[k] && equal_at (self, data + i + k))
            return i + k;
      }
  }

  for (; i < to; i++)
    if ((data[i] == first || data[i] == first_alt) && equal_at (self, data + i))
      return i;

  return G_MAXUINT64;
}

static guint64
scan_literal (MmMatcher    *self,
              const guint8 *data,
              guint64       length,
              guint64       from,
              guint64       to,
              MmMatchFunc   func,
              gpointer      user_data,
              guint64      *resume)
{
  guint64 count = 0;
  guint64 pos = from;

  while (pos < to)
    {
      guint64 at = find_literal (self, data, pos, to, length);

      if (at == G_MAXUINT64)
        break;
      count++;
      pos = at + self->needle_len;
      if (func != NULL && !func (at, self->needle_len, user_data))
        break;
    }

  *resume = MAX (pos, to);
  return count;
}

static guint64
char_start (const guint8 *data,
            guint64       at,
            guint64       limit)
{
  /* Forward past continuation bytes, to where a character can start. */
  for (guint i = 0; i < 3 && at < limit && (data[at] & 0xc0) == 0x80; i++)
    at++;
  return at;
}

typedef struct
{
  guint64      count;
  guint64      next;      /* where the next chunk starts: past the last match */
  gboolean     stop;
  MmMatchFunc  func;
  gpointer     user_data;
} RegexScan;

/* Matches of regex in data[start, end) that start before accept_end, with
 * data[context, start) visible to lookbehind, ^ and \b. */
static void
match_range (GRegex       *regex,
             const guint8 *data,
             guint64       length,
             guint64       context,
             guint64       start,
             guint64       end,
             guint64       accept_end,
             RegexScan    *scan)
{
  g_autoptr(GMatchInfo) info = NULL;
  GRegexMatchFlags match_flags = 0;

  if (end < length && data[end] != '\n')
    match_flags |= G_REGEX_MATCH_NOTEOL;
  if (context == start && start > 0 && data[start - 1] != '\n')
    match_flags |= G_REGEX_MATCH_NOTBOL;

  g_regex_match_full (regex, (const char *) data + context, (gssize) (end - context),
                      (int) (start - context), match_flags, &info, NULL);
  while (g_match_info_matches (info))
    {
      int s, e;

      g_match_info_fetch_pos (info, 0, &s, &e);
      if (context + s >= accept_end)
        break;
      if (e > s)
        {
          scan->count++;
          scan->next = MAX (scan->next, context + e);
          if (scan->func != NULL && !scan->func (context + s, e - s, scan->user_data))
            {
              scan->stop = TRUE;
              return;
            }
        }
      g_match_info_next (info, NULL);
    }
}

static guint64
scan_regex (MmMatcher    *self,
            const guint8 *data,
            guint64       length,
            guint64       from,
            guint64       to,
            MmMatchFunc   func,
            gpointer      user_data,
            guint64      *resume)
{
  RegexScan scan = { 0, 0, FALSE, func, user_data };
  guint64 pos = from;

  while (pos < to && !scan.stop)
    {
      guint64 chunk_end = MIN (pos + CHUNK, to);
      guint64 context = pos > CONTEXT ? char_start (data, pos - CONTEXT, pos) : 0;
      guint64 subject_end = MIN (chunk_end + OVERLAP, length);
      const char *invalid = NULL;

      scan.next = chunk_end;

      if (self->regex_utf8 == NULL ||
          g_utf8_validate_len ((const char *) data + context, subject_end - context, &invalid))
        match_range (self->regex_utf8 ? self->regex_utf8 : self->regex_raw,
                     data, length, context, pos, subject_end, chunk_end, &scan);
      else
        {
          /* UTF-8 mode cannot look at invalid bytes: search each valid run
           * on its own; no match of a valid pattern contains them anyway. */
          guint64 run = pos;

          while (run < subject_end && run < chunk_end && !scan.stop)
            {
              const char *end_of_run = NULL;
              guint64 run_end;

              g_utf8_validate_len ((const char *) data + run, subject_end - run, &end_of_run);
              run_end = (guint64) ((const guint8 *) end_of_run - data);
              if (run_end > run)
                match_range (self->regex_utf8, data, length, run, run,
                             run_end, chunk_end, &scan);
              run = run_end + 1;
            }
        }

      pos = scan.next;
    }

  *resume = MAX (pos, to);
  return scan.count;
}

/**
 * mm_matcher_scan:
 * @from: where matches may start
 * @to: matches start before this (they may end past it)
 * @resume: (out): where a following scan must start so as not to overlap
 *
 * Returns the number of matches reported.
 */
guint64
mm_matcher_scan (MmMatcher    *self,
                 const guint8 *data,
                 guint64       length,
                 guint64       from,
                 guint64       to,
                 MmMatchFunc   func,
                 gpointer      user_data,
                 guint64      *resume)
{
  guint64 ignored;

  g_return_val_if_fail (self != NULL, 0);

  if (resume == NULL)
    resume = &ignored;
  to = MIN (to, length);
  if (from >= to)
    {
      *resume = from;
      return 0;
    }

  if (self->needle != NULL)
    return scan_literal (self, data, length, from, to, func, user_data, resume);
  return scan_regex (self, data, length, from, to, func, user_data, resume);
}
