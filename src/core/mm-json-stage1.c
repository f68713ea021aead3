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
 * x86-64 only, 64 bytes in two AVX2 registers or, where the machine has
 * AVX-512 (BW and VBMI2), in one, whose compares give the bit masks
 * directly and whose compress writes a block's events without a loop
 * over its bits; elsewhere the pass reads the bytes itself.
 */
#include "config.h"

#include <string.h>

#include "mm-json-scanner-private.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
# define HAVE_STAGE1 1
# include <immintrin.h>
# define TARGET_AVX2 __attribute__ ((target ("avx2,pclmul,bmi")))
# define TARGET_AVX512 __attribute__ ((target ("avx512f,avx512bw,avx512vl,avx512vbmi2,avx2,pclmul,bmi")))
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

#ifdef HAVE_STAGE1
static gint width_wanted = 512;   /* tests: the narrower one too */

/* 0, 256 or 512: the widest vectors the machine has for stage 1. */
static guint
machine_width (void)
{
  static gsize width;

  if (g_once_init_enter (&width))
    {
      guint found = 1;

      __builtin_cpu_init ();
      if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("pclmul") && __builtin_cpu_supports ("bmi"))
        found = 256;
      if (found == 256 && __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw") &&
          __builtin_cpu_supports ("avx512vl") && __builtin_cpu_supports ("avx512vbmi2"))
        found = 512;
      g_once_init_leave (&width, found);
    }
  return width == 1 ? 0 : (guint) width;
}
#endif

gboolean
_mm_json_stage1_available (void)
{
#ifdef HAVE_STAGE1
  return machine_width () > 0;
#else
  return FALSE;
#endif
}

/* Stage 1 from now on in vectors of `bits` (256 or 512) at most, where
 * the machine has them; returns whether it has. For the tests. */
gboolean
_mm_json_stage1_set_width (guint bits)
{
#ifdef HAVE_STAGE1
  g_atomic_int_set (&width_wanted, (gint) bits);
  return machine_width () >= bits;
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

/* The bytes looked up by their low nibble (see in_table()); 0x80 where no
 * byte of that nibble is wanted: a byte >= 0x80 looks up 0. */
static const guint8 structural_nibbles[16] = {
  0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, ':', '{', ',', '}', 0x80, 0x80,
};
static const guint8 blank_nibbles[16] = {
  ' ', 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, '\t', '\n', 0x80, 0x80, '\r', 0x80, 0x80,
};
static const guint8 byte_numbers[64] = {
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
  22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42,
  43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63,
};

/* ---- 64 bytes in two AVX2 registers ---- */

TARGET_AVX2 static inline guint64
bits_of (__m256i lo,
         __m256i hi)
{
  return (guint64) (guint32) _mm256_movemask_epi8 (lo) |
         (guint64) (guint32) _mm256_movemask_epi8 (hi) << 32;
}

TARGET_AVX2 static inline guint64
equal_to (__m256i lo,
          __m256i hi,
          guint8  c)
{
  __m256i v = _mm256_set1_epi8 ((char) c);

  return bits_of (_mm256_cmpeq_epi8 (lo, v), _mm256_cmpeq_epi8 (hi, v));
}

/* Bytes equal to table[their low nibble]. */
TARGET_AVX2 static inline __m256i
in_table (__m256i       v,
          const guint8 *table)
{
  __m256i lookup = _mm256_broadcastsi128_si256 (_mm_loadu_si128 ((const __m128i_u *) table));

  return _mm256_cmpeq_epi8 (_mm256_shuffle_epi8 (lookup, v), v);
}

/* The quotes of the 64 bytes at p, and their backslashes. */
TARGET_AVX2 static inline guint64
quotes_256 (const guint8 *p,
            guint64      *backslash)
{
  __m256i lo = _mm256_loadu_si256 ((const __m256i_u *) p);
  __m256i hi = _mm256_loadu_si256 ((const __m256i_u *) (p + 32));

  *backslash = equal_to (lo, hi, '\\');
  return equal_to (lo, hi, '"');
}

/* Their brackets, commas and colons, and their blanks. '[' and ']' look
 * like '{' and '}' with bit 5 set; so do the controls 0x1a and 0x0c like
 * ':' and ',', which (c & 0x60) == 0 rules out. */
TARGET_AVX2 static inline guint64
structure_256 (const guint8 *p,
               guint64      *blanks)
{
  const __m256i bit5 = _mm256_set1_epi8 (0x20);
  const __m256i bits56 = _mm256_set1_epi8 (0x60);
  const __m256i zero = _mm256_setzero_si256 ();
  __m256i lo = _mm256_loadu_si256 ((const __m256i_u *) p);
  __m256i hi = _mm256_loadu_si256 ((const __m256i_u *) (p + 32));

  *blanks = bits_of (in_table (lo, blank_nibbles), in_table (hi, blank_nibbles));
  return bits_of (in_table (_mm256_or_si256 (lo, bit5), structural_nibbles),
                  in_table (_mm256_or_si256 (hi, bit5), structural_nibbles)) &
         ~bits_of (_mm256_cmpeq_epi8 (_mm256_and_si256 (lo, bits56), zero),
                   _mm256_cmpeq_epi8 (_mm256_and_si256 (hi, bits56), zero));
}

/* The bits of `wanted` as events, eight at a time whatever their number
 * (the slots past it are overwritten next): fewer mispredicted branches
 * than one loop turn a bit. out has room for 64. */
TARGET_AVX2 static inline guint
write_events_256 (guint32      *out,
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

/* ---- 64 bytes in one AVX-512 register ---- */

TARGET_AVX512 static inline guint64
quotes_512 (const guint8 *p,
            guint64      *backslash)
{
  __m512i v = _mm512_loadu_si512 (p);

  *backslash = _mm512_cmpeq_epi8_mask (v, _mm512_set1_epi8 ('\\'));
  return _mm512_cmpeq_epi8_mask (v, _mm512_set1_epi8 ('"'));
}

TARGET_AVX512 static inline guint64
structure_512 (const guint8 *p,
               guint64      *blanks)
{
  const __m512i structural = _mm512_broadcast_i32x4 (_mm_loadu_si128 ((const __m128i_u *) structural_nibbles));
  const __m512i blank = _mm512_broadcast_i32x4 (_mm_loadu_si128 ((const __m128i_u *) blank_nibbles));
  __m512i v = _mm512_loadu_si512 (p);
  __m512i v5 = _mm512_or_si512 (v, _mm512_set1_epi8 (0x20));
  __mmask64 not_control = _mm512_test_epi8_mask (v, _mm512_set1_epi8 (0x60));

  *blanks = _mm512_cmpeq_epi8_mask (_mm512_shuffle_epi8 (blank, v), v);
  return _mm512_mask_cmpeq_epi8_mask (not_control, _mm512_shuffle_epi8 (structural, v5), v5);
}

/* The bytes of `wanted` and their numbers packed to the front by the
 * vector unit, then widened to events sixteen at a time. out has room
 * for 64. */
TARGET_AVX512 static inline guint
write_events_512 (guint32      *out,
                  const guint8 *p,
                  guint32       offset,
                  guint64       wanted)
{
  guint count = (guint) __builtin_popcountll (wanted);
  __m512i bytes = _mm512_maskz_compress_epi8 (wanted, _mm512_loadu_si512 (p));
  __m512i numbers = _mm512_maskz_compress_epi8 (wanted, _mm512_loadu_si512 (byte_numbers));
  const __m512i base = _mm512_set1_epi32 ((int) offset);

  for (guint k = 0; k < count; k += 16)
    {
      __m512i kinds = _mm512_slli_epi32 (_mm512_cvtepu8_epi32 (_mm512_castsi512_si128 (bytes)), 24);
      __m512i offsets = _mm512_add_epi32 (_mm512_cvtepu8_epi32 (_mm512_castsi512_si128 (numbers)), base);

      _mm512_storeu_si512 (out + k, _mm512_or_si512 (kinds, offsets));
      bytes = _mm512_alignr_epi32 (bytes, bytes, 4);
      numbers = _mm512_alignr_epi32 (numbers, numbers, 4);
    }
  return count;
}

/* ---- the same for both ---- */

/* The bytes escaped by a backslash; *carry: the next block's first byte is. */
static inline guint64
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

TARGET_AVX2 static inline guint64
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
 * it: a number is measured and checked in one walk. `run`: how many bytes
 * the run of other bytes from `at` has, where the block shows its end
 * (0 if not); `null`, `true` and `false` need no more. */
static guint32
measure_token (const guint8 *data,
               guint64       length,
               guint64       at,
               guint64       run)
{
  const guint8 *p = data + at;
  guint64 max = length - at, i = 0, n;
  gboolean valid;
  guint32 token;

  if ((run == 4 && (memcmp (p, "null", 4) == 0 || memcmp (p, "true", 4) == 0)) ||
      (run == 5 && memcmp (p, "false", 5) == 0))
    return (guint32) run | MM_JSON_TOKEN_VALID;
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

/* Inlined into one function per width (`wide`: 512 bits), whose target
 * lets the compiler inline that width's helpers and not the other's. */
static inline void
stage1_loop (const guint8 *data,
             guint64       length,
             guint64       start,
             guint64       end,
             gboolean      in_string,
             MmJsonEvents *events,
             gboolean      wide)
{
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
      quote = wide ? quotes_512 (p, &backslash) : quotes_256 (p, &backslash);
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
      brackets = wide ? structure_512 (p, &blanks) : structure_256 (p, &blanks);
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
        {
          guint bit = (guint) __builtin_ctzll (each);
          guint64 after = ~(other >> bit);
          guint run = after != 0 ? (guint) __builtin_ctzll (after) : 64;

          if (bit + run >= 64 || at + bit + run >= end)
            run = 0;   /* it may go on past the block */
          events->tokens[n_tokens++] = measure_token (data, length, at + bit, run);
        }
      block_first = n;
      n += wide ? write_events_512 (out + n, p, offset, wanted) : write_events_256 (out + n, p, offset, wanted);
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

TARGET_AVX2 NO_COVERAGE __attribute__ ((flatten)) static void
stage1_256 (const guint8 *data,
            guint64       length,
            guint64       start,
            guint64       end,
            gboolean      in_string,
            MmJsonEvents *events)
{
  stage1_loop (data, length, start, end, in_string, events, FALSE);
}

/* GCC 12's AVX-512 intrinsics start from an "undefined" vector that its
 * own warning takes for an uninitialised one. */
#if !defined(__clang__)
# pragma GCC diagnostic push
# pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
TARGET_AVX512 NO_COVERAGE __attribute__ ((flatten)) static void
stage1_512 (const guint8 *data,
            guint64       length,
            guint64       start,
            guint64       end,
            gboolean      in_string,
            MmJsonEvents *events)
{
  stage1_loop (data, length, start, end, in_string, events, TRUE);
}

#if !defined(__clang__)
# pragma GCC diagnostic pop
#endif

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
  if (machine_width () >= 512 && g_atomic_int_get (&width_wanted) >= 512)
    stage1_512 (data, length, start, end, in_string, events);
  else
    stage1_256 (data, length, start, end, in_string, events);
#else
  g_return_if_reached ();
#endif
}
