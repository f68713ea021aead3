/* mm-utf8-cells.h: one character of the file at a time, as monospace cells */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MM_GLYPH_TEXT,     /* a valid, printable character */
  MM_GLYPH_TAB,
  MM_GLYPH_NEWLINE,  /* \n or \r\n */
  MM_GLYPH_CONTROL,    /* C0 control or DEL (^A), C1 control (<U+0085>) */
  MM_GLYPH_INVALID,    /* a byte that is not part of valid UTF-8: drawn as hex */
  MM_GLYPH_INVISIBLE,  /* valid, but drawn as nothing or moving other text:
                        * format and bidi controls, BOM, zero-width
                        * characters, line separators, noncharacters,
                        * unassigned code points, a mark with no base */
} MmGlyphKind;

typedef struct
{
  MmGlyphKind kind;
  guint       length;  /* bytes */
  guint       width;   /* cells; for tabs, filled in by mm_glyph_set_tab_width() */
  gunichar    ch;
} MmGlyph;

/* The longest escape: <U+10FFFF> and its NUL. */
#define MM_ESCAPE_TEXT_MAX 16

void  mm_glyph_decode        (const guint8 *p,
                              gsize         avail,
                              MmGlyph      *glyph);
void  mm_glyph_set_tab_width (MmGlyph      *glyph,
                              guint         column,
                              guint         tab_width,
                              guint         wrap_cells);
void  mm_glyph_make_invisible (MmGlyph      *glyph);
guint mm_glyph_escape_text   (const MmGlyph *glyph,
                              const guint8  *p,
                              char           out[MM_ESCAPE_TEXT_MAX]);

guint64 mm_utf8_count_chars  (const guint8  *p,
                              gsize          length);

G_END_DECLS
