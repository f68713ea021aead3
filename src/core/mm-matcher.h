/* mm-matcher.h: finding a literal or a regular expression in mapped bytes */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MM_SEARCH_CASE_SENSITIVE = 1 << 0,
  MM_SEARCH_REGEX          = 1 << 1,
  MM_SEARCH_WHOLE_WORD     = 1 << 2,
} MmSearchFlags;

typedef struct _MmMatcher MmMatcher;

/* Called for each match; return FALSE to stop. */
typedef gboolean (*MmMatchFunc) (guint64  offset,
                                 guint64  length,
                                 gpointer user_data);

MmMatcher *mm_matcher_new    (const char     *pattern,
                              MmSearchFlags   flags,
                              GError        **error);
MmMatcher *mm_matcher_ref    (MmMatcher      *matcher);
gsize      mm_matcher_get_fixed_length (MmMatcher *matcher);
void       mm_matcher_unref  (MmMatcher      *matcher);
guint64    mm_matcher_scan   (MmMatcher      *matcher,
                              const guint8   *data,
                              guint64         length,
                              guint64         from,
                              guint64         to,
                              MmMatchFunc     func,
                              gpointer        user_data,
                              guint64        *resume);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmMatcher, mm_matcher_unref)

G_END_DECLS
