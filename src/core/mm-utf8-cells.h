/* mm-utf8-cells.h: one character of the file at a time, as monospace cells */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MM_GLYPH_TEXT,     /* a valid, printable character */
  MM_GLYPH_TAB,
  MM_GLYPH_NEWLINE,  /* \n or \r\n */
  MM_GLYPH_CONTROL,  /* C0 control, DEL or C1 control: drawn as an escape */
  MM_GLYPH_INVALID,  /* a byte that is not part of valid UTF-8: drawn as hex */
} MmGlyphKind;

typedef struct
{
  MmGlyphKind kind;
  guint       length;  /* bytes */
  guint       width;   /* cells; for tabs, filled in by mm_glyph_set_tab_width() */
  gunichar    ch;
} MmGlyph;

#define MM_ESCAPE_WIDTH 2

void  mm_glyph_decode        (const guint8 *p,
                              gsize         avail,
                              MmGlyph      *glyph);
void  mm_glyph_set_tab_width (MmGlyph      *glyph,
                              guint         column,
                              guint         tab_width,
                              guint         wrap_cells);
guint mm_glyph_escape_text   (const MmGlyph *glyph,
                              const guint8  *p,
                              char           out[8]);

G_END_DECLS
