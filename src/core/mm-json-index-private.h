/* mm-json-index-private.h: MmJsonIndex's state, shared by the pass
 * (mm-json-index.c) and the queries (mm-json-query.c) */
#pragma once

#include "mm-json-scanner-private.h"

G_BEGIN_DECLS

struct _MmJsonIndex
{
  GObject       parent_instance;

  MmMappedFile *file;
  GArray       *checkpoints;
  GArray       *records;
  GArray       *regions;
  GArray       *root_starts;  /* guint64; NULL when there were too many to keep */
  MmJsonRootReader root_reader;
  GArray       *root_found;   /* guint64, MM_JSON_ROOT_FOUND a start, of the last batch */
  guint64       root_found_first;  /* the root start the first of them is for */
  guint64       scanned;
  guint64       n_values;
  guint         max_depth;
  guint64       error_offset;
  char         *error;
  guint         generation;
  guint         building : 1;
  guint         complete : 1;
};

void _mm_json_index_set_stage1 (gboolean enabled);

G_END_DECLS
