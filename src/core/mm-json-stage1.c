/* mm-json-stage1.c: where the structure of a stretch of JSON is.
 *
 * 64 bytes at a time, as bit masks (one bit a byte): quotes, backslashes,
 * brackets/commas/colons and blanks from a few vector compares; the bytes
 * a backslash escapes from the runs of backslashes (odd runs escape the
 * byte after them); the bytes inside strings as the prefix XOR of the
 * unescaped quotes (a carry-less multiply by all ones), carried from one
 * block to the next. What is left outside strings is the structure; its
 * offsets are written out in order, and the grammar then reads only
 * those, not the bytes between them (most of an export is inside
 * strings). simdjson's stage 1 works this way.
 *
 * The pool threads run it on their chunks before the pass reaches them,
 * without knowing whether a chunk starts inside a string: that is
 * guessed from the first quote of the chunk, and the pass, which knows,
 * runs it again in the rare case the guess was wrong.
 *
 * x86-64 with AVX2 only; elsewhere the pass reads the bytes itself.
 */
#include "config.h"

#include <string.h>

#include "mm-json-scanner-private.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
# define HAVE_STAGE1 1
# include <immintrin.h>
# define TARGET __attribute__ ((target ("avx2,pclmul,bmi")))
/* In the fuzzing build (clang): a fuzzer learns nothing from the
 * branches of bit masks, and counting them, with a check of every load,
 * made each query of a 64 KiB block cost a millisecond there; the loads'
 * bounds are checked by the tests' AddressSanitizer build (gcc). */
# if defined(__clang__)
#  define NO_COVERAGE __attribute__ ((no_sanitize ("coverage", "address")))
# else
#  define NO_COVERAGE
# endif
#endif

/* The bytes of the bare token at p: digits, letters, '-', '+', '.'. */
guint64
_mm_json_token_length (const guint8 *p,
                       guint64       max)
{
  guint64 n = 0;

  while (n < max && is_token_byte (p[n]))
    n++;
  return n;
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

/* Whether the token is a number, true, false or null. */
gboolean
_mm_json_token_valid (const guint8 *p,
                      guint64       n)
{
  return (n == 4 && memcmp (p, "true", 4) == 0) ||
         (n == 5 && memcmp (p, "false", 5) == 0) ||
         (n == 4 && memcmp (p, "null", 4) == 0) ||
         valid_number (p, (gsize) n);
}

gboolean
_mm_json_stage1_available (void)
{
#ifdef HAVE_STAGE1
  static gsize available;

  if (g_once_init_enter (&available))
    {
      __builtin_cpu_init ();
      g_once_init_leave (&available,
                         __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("pclmul") &&
                         __builtin_cpu_supports ("bmi") ? 2 : 1);
    }
  return available == 2;
#else
  return FALSE;
#endif
}

/* Whether start is inside a string, as the first unescaped quote after it
 * tells: a closing quote is followed by ':', ',', '}', ']' or the end,
 * an opening one by the string. A guess: the pass checks it. */
gboolean
_mm_json_stage1_guess (const guint8 *data,
                       guint64       start,
                       guint64       end)
{
  guint64 p = start;

  while (p < end)
    {
      const guint8 *q = memchr (data + p, '"', (gsize) (end - p));
      guint64 at;

      if (q == NULL)
        return FALSE;
      at = (guint64) (q - data);
      p = at + 1;
      if (_mm_json_escaped_at (data, at))
        continue;
      while (p < end && is_blank (data[p]))
        p++;
      return p >= end || data[p] == ':' || data[p] == ',' || data[p] == '}' || data[p] == ']';
    }
  return FALSE;
}

void
_mm_json_events_clear (MmJsonEvents *events)
{
  g_clear_pointer (&events->at, g_free);
  g_clear_pointer (&events->tokens, g_free);
  events->n = events->size = 0;
  events->n_tokens = events->tokens_size = 0;
}

#ifdef HAVE_STAGE1

TARGET static inline guint64
bits_of (__m256i lo,
         __m256i hi)
{
  return (guint64) (guint32) _mm256_movemask_epi8 (lo) |
         (guint64) (guint32) _mm256_movemask_epi8 (hi) << 32;
}

TARGET static inline guint64
equal_to (__m256i lo,
          __m256i hi,
          guint8  c)
{
  __m256i v = _mm256_set1_epi8 ((char) c);

  return bits_of (_mm256_cmpeq_epi8 (lo, v), _mm256_cmpeq_epi8 (hi, v));
}

/* Bytes equal to table[their low nibble]; the tables hold 0x80 where no
 * byte of that nibble is wanted (a byte >= 0x80 looks up 0). */
TARGET static inline __m256i
in_table (__m256i v,
          __m256i table)
{
  return _mm256_cmpeq_epi8 (_mm256_shuffle_epi8 (table, v), v);
}

/* The bytes escaped by a backslash; *carry: the next block's first byte is. */
TARGET static inline guint64
escaped_bits (guint64  backslash,
              guint64 *carry)
{
  const guint64 even = 0x5555555555555555ULL;
  guint64 follows, odd_starts, sum, escaped;

  if (backslash == 0 && *carry == 0)
    return 0;
  backslash &= ~*carry;
  follows = backslash << 1 | *carry;
  odd_starts = backslash & ~even & ~follows;
  *carry = __builtin_add_overflow (odd_starts, backslash, &sum);
  escaped = (even ^ (sum << 1)) & follows;
  return escaped;
}

TARGET static inline guint64
prefix_xor (guint64 bits)
{
  __m128i r = _mm_clmulepi64_si128 (_mm_set_epi64x (0, (long long) bits), _mm_set1_epi8 ((char) 0xff), 0);

  return (guint64) _mm_cvtsi128_si64 (r);
}

static inline gboolean
is_digit (guint8 c)
{
  return (guint8) (c - '0') < 10;
}

/* What the consumer needs of the token at `at`, so that it does not read
 * it: a number is measured and checked in one walk. */
static guint32
measure_token (const guint8 *data,
               guint64       length,
               guint64       at)
{
  const guint8 *p = data + at;
  guint64 max = length - at, i = 0, n;
  gboolean valid;
  guint32 token;

  if (p[0] == '-' || is_digit (p[0]))
    {
      i = p[0] == '-';
      if (i < max && p[i] == '0')
        i++;
      else
        while (i < max && is_digit (p[i]))
          i++;
      if (i < max && p[i] == '.')
        {
          guint64 digits = ++i;

          while (i < max && is_digit (p[i]))
            i++;
          if (i == digits)
            i = 0;
        }
      if (i > 0 && i < max && (p[i] == 'e' || p[i] == 'E'))
        {
          guint64 digits;

          i++;
          if (i < max && (p[i] == '+' || p[i] == '-'))
            i++;
          for (digits = i; i < max && is_digit (p[i]);)
            i++;
          if (i == digits)
            i = 0;
        }
      /* Valid when the number is the whole token. */
      valid = i > 0 && is_digit (p[i - 1]) && (i == max || !is_token_byte (p[i]));
      n = valid ? i : _mm_json_token_length (p, max);
    }
  else
    {
      n = _mm_json_token_length (p, max);
      valid = _mm_json_token_valid (p, n);
    }

  if (n >= MM_JSON_TOKEN_UNKNOWN)
    return MM_JSON_TOKEN_UNKNOWN;
  token = (guint32) n;
  if (valid)
    token |= MM_JSON_TOKEN_VALID;
  if (at + n < length && is_other (p[n]))
    token |= MM_JSON_TOKEN_MORE;
  return token;
}

/* The bits of `wanted` as events, eight at a time whatever their number
 * (the slots past it are overwritten next): fewer mispredicted branches
 * than one loop turn a bit. out has room for 64. */
TARGET static inline guint
write_events (guint32      *out,
              const guint8 *p,
              guint32       offset,
              guint64       wanted)
{
  guint count = (guint) __builtin_popcountll (wanted);

#define WRITE_ONE(j) \
  G_STMT_START { \
    guint bit = (guint) _tzcnt_u64 (wanted) & 63; \
    out[j] = (guint32) p[bit] << 24 | (offset + bit); \
    wanted = _blsr_u64 (wanted); \
  } G_STMT_END
#define WRITE_EIGHT(k) \
  G_STMT_START { \
    WRITE_ONE (k); WRITE_ONE (k + 1); WRITE_ONE (k + 2); WRITE_ONE (k + 3); \
    WRITE_ONE (k + 4); WRITE_ONE (k + 5); WRITE_ONE (k + 6); WRITE_ONE (k + 7); \
  } G_STMT_END

  WRITE_EIGHT (0);
  if (G_UNLIKELY (count > 8))
    {
      WRITE_EIGHT (8);
      for (guint k = 16; k < count; k++)
        WRITE_ONE (k);
    }
  return count;

#undef WRITE_EIGHT
#undef WRITE_ONE
}

TARGET NO_COVERAGE static void
stage1 (const guint8 *data,
        guint64       length,
        guint64       start,
        guint64       end,
        gboolean      in_string,
        MmJsonEvents *events)
{
  const __m256i structural = _mm256_setr_epi8 (
    (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80,
    (char) 0x80, (char) 0x80, ':', '{', ',', '}', (char) 0x80, (char) 0x80,
    (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80,
    (char) 0x80, (char) 0x80, ':', '{', ',', '}', (char) 0x80, (char) 0x80);
  const __m256i blank = _mm256_setr_epi8 (
    ' ', (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80,
    (char) 0x80, '\t', '\n', (char) 0x80, (char) 0x80, '\r', (char) 0x80, (char) 0x80,
    ' ', (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80, (char) 0x80,
    (char) 0x80, '\t', '\n', (char) 0x80, (char) 0x80, '\r', (char) 0x80, (char) 0x80);
  const __m256i bit5 = _mm256_set1_epi8 (0x20);
  const __m256i bits56 = _mm256_set1_epi8 (0x60);
  const __m256i zero = _mm256_setzero_si256 ();
  guint64 string_carry = in_string ? ~(guint64) 0 : 0;
  guint64 escape_carry = 0, other_carry = 0;
  gboolean close_wanted = in_string;
  guint64 close_from = ~(guint64) 0;
  guint64 boundary = (BLOCK - start % BLOCK) % BLOCK;   /* the next one, from `at` */
  guint32 *out;
  gsize n = 0, n_tokens = 0;

  /* A run of backslashes just before start escapes its first byte. */
  escape_carry = _mm_json_escaped_at (data, start);

  events->start = start;
  events->end = end;
  events->in_string = in_string;
  events->n = 0;
  /* About one event in seven bytes in an export. */
  if (events->size < (end - start) / 5 + 64)
    {
      events->size = (end - start) / 5 + 64;
      events->at = g_renew (guint32, events->at, events->size);
    }
  if (events->tokens_size < (end - start) / 64 + 64)
    {
      events->tokens_size = (end - start) / 64 + 64;
      events->tokens = g_renew (guint32, events->tokens, events->tokens_size);
    }
  out = events->at;

  for (guint64 at = start; at < end; at += 64)
    {
      guint8 tail[64];
      const guint8 *p = data + at;
      __m256i lo, hi;
      guint64 quote, backslash, escaped, inside, brackets, blanks, other, starts, wanted, close = 0;
      gboolean in_string_here = string_carry != 0;
      gsize block_first;
      guint32 offset = (guint32) (at - start);

      if (end - at < 64)
        {
          memset (tail, ' ', sizeof tail);
          memcpy (tail, p, (gsize) (end - at));
          p = tail;
        }
      lo = _mm256_loadu_si256 ((const __m256i_u *) p);
      hi = _mm256_loadu_si256 ((const __m256i_u *) (p + 32));

      backslash = equal_to (lo, hi, '\\');
      quote = equal_to (lo, hi, '"');
      if (quote == 0 && in_string_here)
        {
          /* Inside one string throughout, as most of an export is: no
           * event; only where its backslashes leave the next block. */
          if ((backslash | escape_carry) != 0)
            escaped_bits (backslash, &escape_carry);
          if (G_UNLIKELY (boundary < 64))
            {
              close_wanted = TRUE;
              boundary += BLOCK;
            }
          boundary -= 64;
          other_carry = 0;
          continue;
        }
      escaped = escaped_bits (backslash, &escape_carry);
      quote &= ~escaped;
      inside = prefix_xor (quote) ^ string_carry;
      string_carry = (guint64) ((gint64) inside >> 63);

      /* '[' and ']' look like '{' and '}' with bit 5 set; so do the
       * controls 0x1a and 0x0c like ':' and ',', which (c & 0x60) == 0 rules out. */
      brackets = bits_of (in_table (_mm256_or_si256 (lo, bit5), structural),
                          in_table (_mm256_or_si256 (hi, bit5), structural)) &
                 ~bits_of (_mm256_cmpeq_epi8 (_mm256_and_si256 (lo, bits56), zero),
                           _mm256_cmpeq_epi8 (_mm256_and_si256 (hi, bits56), zero));
      blanks = bits_of (in_table (lo, blank), in_table (hi, blank));
      other = ~(brackets | blanks | quote | inside);
      starts = other & ~(other << 1 | other_carry);
      /* Of the closing quotes, the first after a checkpoint inside a string. */
      if (G_UNLIKELY (boundary < 64))
        {
          /* Inside a string just before the boundary's byte? */
          if (boundary == 0 ? in_string_here : (inside >> (boundary - 1)) & 1)
            {
              close_wanted = TRUE;
              close_from = ~(guint64) 0 << boundary;
            }
          boundary += BLOCK;
        }
      boundary -= 64;
      if (G_UNLIKELY (close_wanted) && (quote & ~inside & close_from) != 0)
        {
          guint64 closes = quote & ~inside & close_from;

          close = closes & -closes;
          close_wanted = FALSE;
        }
      close_from = ~(guint64) 0;
      wanted = (brackets & ~inside) | starts | (quote & inside) | close;
      other_carry = other >> 63;

      if (n + 72 > events->size)
        {
          events->size *= 2;
          events->at = out = g_renew (guint32, events->at, events->size);
        }
      if (G_UNLIKELY (starts != 0) && n_tokens + 64 > events->tokens_size)
        {
          events->tokens_size *= 2;
          events->tokens = g_renew (guint32, events->tokens, events->tokens_size);
        }
      for (guint64 each = starts; each != 0; each &= each - 1)
        events->tokens[n_tokens++] = measure_token (data, length, at + (guint64) __builtin_ctzll (each));
      block_first = n;
      n += write_events (out + n, p, offset, wanted);
      if (G_UNLIKELY (close != 0))
        for (gsize k = n; k-- > block_first;)
          if ((out[k] & MM_JSON_EVENT_OFFSET) == offset + (guint32) __builtin_ctzll (close))
            {
              out[k] = (guint32) MM_JSON_EVENT_CLOSE << 24 | (out[k] & MM_JSON_EVENT_OFFSET);
              break;
            }
    }
  events->n = n;
  events->n_tokens = n_tokens;
  events->ends_in_string = string_carry != 0;
}

#endif

/* The events of [start, end) (end - start <= 16 MiB), given whether start
 * is inside a string. Only where _mm_json_stage1_available(). */
void
_mm_json_stage1 (const guint8 *data,
                 guint64       length,
                 guint64       start,
                 guint64       end,
                 gboolean      in_string,
                 MmJsonEvents *events)
{
  g_return_if_fail (end - start <= MM_JSON_EVENT_OFFSET + 1);
#ifdef HAVE_STAGE1
  g_return_if_fail (_mm_json_stage1_available ());
  stage1 (data, length, start, end, in_string, events);
#else
  g_return_if_reached ();
#endif
}
