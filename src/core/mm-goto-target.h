/* mm-goto-target.h: what the user typed in "Go to", understood */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MM_GOTO_LINE,     /* 1-based line */
  MM_GOTO_OFFSET,   /* byte offset */
  MM_GOTO_PERCENT,  /* 0..100 of the file's length */
} MmGotoKind;

typedef struct
{
  MmGotoKind kind;
  guint64    value;    /* line or offset */
  double     percent;
} MmGotoTarget;

gboolean mm_goto_target_parse     (const char         *text,
                                   MmGotoTarget       *target);
guint64  mm_goto_target_percent_offset (const MmGotoTarget *target,
                                        guint64             length);

G_END_DECLS
