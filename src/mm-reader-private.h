/* mm-reader-private.h: MmReader's internals, for tests */
#pragma once

#include "mm-reader.h"

G_BEGIN_DECLS

char *_mm_reader_dup_markup (const char    *text,
                             MmContentKind  kind);

G_END_DECLS
