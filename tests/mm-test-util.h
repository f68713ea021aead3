/* mm-test-util.h: temporary files, naive reference answers and main-loop helpers */
#pragma once

#include <glib.h>

#include "mm-document.h"
#include "mm-json-index.h"
#include "mm-line-index.h"
#include "mm-mapped-file.h"

G_BEGIN_DECLS

char         *mm_test_write_file       (const char   *name,
                                        const void   *data,
                                        gsize         length);
GBytes       *mm_test_random_text      (guint32       seed,
                                        gsize         length,
                                        gboolean      mixed);
MmMappedFile *mm_test_map              (const char   *path);
void          mm_test_build_index      (MmLineIndex  *index);
GArray       *mm_test_naive_line_starts (const guint8 *data,
                                         gsize         length);
GBytes       *mm_test_read_back        (const char   *path);
MmDocument   *mm_test_editable_document (const char  *path);
MmJsonIndex  *mm_test_build_json       (const char   *path);
gboolean      mm_test_run_gen          (const char   *args,
                                        char        **out);

G_END_DECLS
