/* mm-json-reference.h: a naive byte-by-byte JSON parser, the reference the
 * structure index is checked against in tests and in fuzzing */
#pragma once

#include "mm-json-index.h"

G_BEGIN_DECLS

typedef struct
{
  guint    *depth;
  guint8   *in_string;   /* 1: value string, 2: key */
  char    **path;
  guint64  *container;   /* innermost container's start (a bracket's own), or G_MAXUINT64 */
  GHashTable *ends;      /* start -> end */
  GArray   *members;     /* root's children starts */
  guint64   n_values;
  guint     max_depth;
} MmJsonReference;

void mm_json_reference_parse (const guint8    *data,
                              gsize            length,
                              MmJsonReference *ref);
void mm_json_reference_free  (MmJsonReference *ref,
                              gsize            length);
void mm_json_reference_assert_same_index (MmJsonIndex *a,
                                          MmJsonIndex *b);

G_END_DECLS
