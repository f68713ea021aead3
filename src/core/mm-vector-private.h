/* mm-vector-private.h: 32-byte vectors for the scanning loops.
 *
 * GCC vector extensions, compiled twice (AVX2 and the x86-64 baseline)
 * through target_clones where the compiler and the build allow, so one
 * source runs at full width where the CPU does. The sanitizer build gets
 * the baseline only.
 */
#pragma once

#include <string.h>

#include <glib.h>

typedef guint8 v32u8 __attribute__ ((vector_size (32)));

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
# define MM_TARGET_CLONES __attribute__ ((target_clones ("avx2", "default")))
#else
# define MM_TARGET_CLONES
#endif

#define MM_SPLAT(c) ((v32u8) { 0 } + (guint8) (c))

static inline __attribute__ ((always_inline)) v32u8
mm_load32 (const guint8 *p)
{
  v32u8 v;

  memcpy (&v, p, sizeof v);
  return v;
}
