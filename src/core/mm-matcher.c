/* mm-matcher.c: non-overlapping matches, left to right, as grep -o finds
 * them.
 *
 * A literal is a byte search: a vector loop compares the needle's first
 * and last bytes against 32 positions at once and checks the rare
 * candidates whole, so invalid UTF-8 in the file does not matter. Case
 * folding of ASCII patterns happens in the same loop. A pattern with
 * non-ASCII letters to fold, a whole-word search or a regular expression
 * goes to PCRE2 (JIT) in chunks of 1 MiB with 64 KiB of overlap, so matches
 * across chunk (and 64 KiB segment) boundaries are found, and with the
 * bytes before each chunk as context, so ^, $, \b and lookbehind see the
 * real neighbours.
 *
 * PCRE2 is used directly rather than through GRegex: in UTF mode with
 * PCRE2_MATCH_INVALID_UTF one search runs over text with invalid bytes
 * (they match nothing, and words on either side keep their context), and
 * we drive the iteration ourselves, asking only for non-empty matches.
 */
#define G_LOG_DOMAIN "mm-matcher"

#include "config.h"

#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "mm-matcher.h"
#include "mm-vector-private.h"

#define CHUNK   ((guint64) 1 << 20)
#define OVERLAP ((guint64) 64 << 10)
#define CONTEXT ((guint64) 256)

#define JIT_STACK_MIN (32 << 10)
#define JIT_STACK_MAX (8 << 20)

struct _MmMatcher
{
  gatomicrefcount  ref_count;
  guint8          *needle;       /* literal mode */
  gsize            needle_len;
  gboolean         icase;
  pcre2_code      *code;         /* regex mode */
  gboolean         utf;          /* code is in UTF mode: characters, not bytes */
};

static gboolean
is_ascii (const char *s)
{
  for (; *s; s++)
    if ((guint8) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* A literal as a pattern: ASCII letters and digits stay, every other ASCII
 * byte becomes \x{HH}. In UTF mode the non-ASCII characters stay as they
 * are (so they fold as characters); otherwise they are bytes, escaped too. */
static char *
escape_literal (const char *pattern,
                gboolean    utf)
{
  GString *out = g_string_new (NULL);

  for (const guint8 *p = (const guint8 *) pattern; *p; p++)
    {
      if (g_ascii_isalnum (*p) || (utf && *p >= 0x80))
        g_string_append_c (out, (char) *p);
      else
        g_string_append_printf (out, "\\x{%02X}", *p);
    }

  return g_string_free (out, FALSE);
}

static void
set_pcre2_error (GError     **error,
                 int          code,
                 PCRE2_SIZE   offset)
{
  PCRE2_UCHAR message[256];

  if (pcre2_get_error_message (code, message, sizeof message) < 0)
    g_strlcpy ((char *) message, "invalid pattern", sizeof message);
  g_set_error (error, G_REGEX_ERROR, G_REGEX_ERROR_COMPILE,
               "%s (at character %u)", (const char *) message, (guint) offset + 1);
}

MmMatcher *
mm_matcher_new (const char     *pattern,
                MmSearchFlags   flags,
                GError        **error)
{
  g_autoptr(MmMatcher) self = g_new0 (MmMatcher, 1);
  gboolean icase = !(flags & MM_SEARCH_CASE_SENSITIVE);
  g_autofree char *body = NULL;
  g_autofree char *source = NULL;
  /* \C could split a character, and no match may start inside one. */
  guint32 options = PCRE2_MULTILINE | PCRE2_NEVER_BACKSLASH_C;
  PCRE2_SIZE error_offset = 0;
  int error_code = 0;
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

  /* A pattern that is valid UTF-8 is read as characters, with Unicode
   * letters for \w, \b and case folding, over a file that may hold invalid
   * bytes anywhere. A byte pattern that is not UTF-8 is matched as bytes,
   * folding ASCII only. */
  self->utf = valid;
  /* PCRE2 takes a leading .* as anchored at line starts, as if a later
   * start could never match where an earlier one failed; an invalid byte
   * stops .* and makes that untrue, so the shortcut is off. */
  if (valid)
    options |= PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_NO_DOTSTAR_ANCHOR;
  if (icase)
    options |= PCRE2_CASELESS;

  body = (flags & MM_SEARCH_REGEX) ? g_strdup (pattern) : escape_literal (pattern, valid);
  /* Whole word: not preceded or followed by a word character, whatever the
   * pattern's own first and last characters are. */
  if (flags & MM_SEARCH_WHOLE_WORD)
    source = g_strdup_printf ("(?<!\\w)(?:%s)(?!\\w)", body);
  else
    source = g_steal_pointer (&body);

  self->code = pcre2_compile ((PCRE2_SPTR) source, PCRE2_ZERO_TERMINATED, options,
                              &error_code, &error_offset, NULL);
  if (self->code == NULL)
    {
      set_pcre2_error (error, error_code, error_offset);
      return NULL;
    }
  /* Without JIT (not built in, or out of executable memory) the
   * interpreter gives the same answers, more slowly. */
  pcre2_jit_compile (self->code, PCRE2_JIT_COMPLETE);

  return g_steal_pointer (&self);
}

/* The length of every match when it is always the same (a byte literal),
 * else 0. */
gsize
mm_matcher_get_fixed_length (MmMatcher *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->needle != NULL ? self->needle_len : 0;
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
  g_clear_pointer (&self->code, pcre2_code_free);
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
  MmMatcher           *matcher;
  pcre2_match_data    *match_data;
  pcre2_match_context *match_context;
  pcre2_jit_stack     *jit_stack;
  guint64            count;
  guint64            next;      /* where the next chunk starts: past the last match */
  gboolean           stop;
  MmMatchFunc        func;
  gpointer           user_data;
} RegexScan;

/* Non-empty matches in data[start, end) that start before accept_end, with
 * data[context, start) visible to lookbehind, ^ and \b. */
static void
match_range (RegexScan    *scan,
             const guint8 *data,
             guint64       length,
             guint64       context,
             guint64       start,
             guint64       end,
             guint64       accept_end)
{
  guint32 options = PCRE2_NOTEMPTY;
  PCRE2_SIZE offset = start - context;
  PCRE2_SIZE subject_length = end - context;

  if (end < length && data[end] != '\n')
    options |= PCRE2_NOTEOL;
  if (context == start && start > 0 && data[start - 1] != '\n')
    options |= PCRE2_NOTBOL;

  while (offset < subject_length)
    {
      PCRE2_SIZE *ovector;
      int rc;

      rc = pcre2_match (scan->matcher->code, data + context, subject_length, offset,
                        options, scan->match_data, scan->match_context);
      if (rc < 0)
        break;   /* no match, or a pattern too costly here: nothing more */

      ovector = pcre2_get_ovector_pointer (scan->match_data);
      if (context + ovector[0] >= accept_end)
        break;

      if (ovector[1] <= ovector[0])
        {
          /* Only \K can report this; step on rather than loop. */
          offset = MAX (offset, ovector[0]) + 1;
          continue;
        }

      scan->count++;
      scan->next = MAX (scan->next, context + ovector[1]);
      if (scan->func != NULL && !scan->func (context + ovector[0], ovector[1] - ovector[0], scan->user_data))
        {
          scan->stop = TRUE;
          return;
        }
      offset = ovector[1];
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
  RegexScan scan = { self, NULL, NULL, NULL, 0, 0, FALSE, func, user_data };
  guint64 pos = from;

  /* Deep backtracking gets up to 8 MiB of JIT stack instead of failing at
   * the default 32 KiB. */
  scan.match_data = pcre2_match_data_create_from_pattern (self->code, NULL);
  scan.match_context = pcre2_match_context_create (NULL);
  scan.jit_stack = pcre2_jit_stack_create (JIT_STACK_MIN, JIT_STACK_MAX, NULL);
  if (scan.jit_stack != NULL)
    pcre2_jit_stack_assign (scan.match_context, NULL, scan.jit_stack);

  while (pos < to && !scan.stop)
    {
      guint64 chunk_end = MIN (pos + CHUNK, to);
      guint64 context = pos > CONTEXT ? char_start (data, pos - CONTEXT, pos) : 0;
      guint64 subject_end = MIN (chunk_end + OVERLAP, length);
      /* In UTF mode no match starts on a continuation byte. */
      guint64 start = self->utf ? char_start (data, pos, chunk_end) : pos;

      scan.next = chunk_end;
      if (start < chunk_end)
        match_range (&scan, data, length, context, start, subject_end, chunk_end);
      pos = scan.next;
    }

  g_clear_pointer (&scan.jit_stack, pcre2_jit_stack_free);
  g_clear_pointer (&scan.match_context, pcre2_match_context_free);
  g_clear_pointer (&scan.match_data, pcre2_match_data_free);

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
