/* fuzz-util.h: what every fuzz harness shares */
#pragma once

#include <glib.h>

#include "mm-mapped-file.h"

G_BEGIN_DECLS

/* The one entry point of a harness, called by libFuzzer or by the replay
 * runner with one input. */
int            LLVMFuzzerTestOneInput (const guint8 *data,
                                       size_t        size);

const char    *fuzz_write_file        (const guint8 *data,
                                       gsize         length);
void           fuzz_append_file       (const guint8 *data,
                                       gsize         length);
MmMappedFile  *fuzz_map               (void);

G_END_DECLS
