/* mm-reader-private.h: MmReader's internals, for tests */
#pragma once

#include "mm-reader.h"

G_BEGIN_DECLS

char        *_mm_reader_dup_markup     (const char    *text,
                                        MmContentKind  kind);
GtkGridView *_mm_reader_get_list_view  (MmReader      *self);

G_END_DECLS
