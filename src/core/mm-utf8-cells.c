/* mm-utf8-cells.c: strict UTF-8 decoding with cell widths.
 *
 * Every byte of the file must stay visible and clickable, so nothing here
 * is dropped or replaced silently: a byte that does not start a valid
 * sequence becomes one INVALID glyph of its own, drawn as two hex digits.
 */
#define G_LOG_DOMAIN "mm-utf8-cells"

#include "config.h"

#include "mm-utf8-cells.h"

static void
set_escape (MmGlyph     *glyph,
            MmGlyphKind  kind,
            guint        length,
            gunichar     ch)
{
  glyph->kind = kind;
  glyph->length = length;
  glyph->width = MM_ESCAPE_WIDTH;
  glyph->ch = ch;
}

void
mm_glyph_decode (const guint8 *p,
                 gsize         avail,
                 MmGlyph      *glyph)
{
  guint8 b = p[0];
  guint need;
  gunichar ch;
  guint8 lo = 0x80, hi = 0xbf;

  g_assert (avail > 0);

  if (b < 0x80)
    {
      glyph->ch = b;
      glyph->length = 1;
      if (b >= 0x20 && b != 0x7f)
        {
          glyph->kind = MM_GLYPH_TEXT;
          glyph->width = 1;
        }
      else if (b == '\n')
        {
          glyph->kind = MM_GLYPH_NEWLINE;
          glyph->width = 0;
        }
      else if (b == '\r' && avail >= 2 && p[1] == '\n')
        {
          glyph->kind = MM_GLYPH_NEWLINE;
          glyph->length = 2;
          glyph->width = 0;
        }
      else if (b == '\t')
        {
          glyph->kind = MM_GLYPH_TAB;
          glyph->width = 1;
        }
      else
        set_escape (glyph, MM_GLYPH_CONTROL, 1, b);
      return;
    }

  if (b >= 0xc2 && b <= 0xdf)
    {
      need = 1;
      ch = b & 0x1f;
    }
  else if (b >= 0xe0 && b <= 0xef)
    {
      need = 2;
      ch = b & 0x0f;
      if (b == 0xe0)
        lo = 0xa0;          /* no overlong forms */
      else if (b == 0xed)
        hi = 0x9f;          /* no surrogates */
    }
  else if (b >= 0xf0 && b <= 0xf4)
    {
      need = 3;
      ch = b & 0x07;
      if (b == 0xf0)
        lo = 0x90;
      else if (b == 0xf4)
        hi = 0x8f;          /* nothing past U+10FFFF */
    }
  else
    {
      set_escape (glyph, MM_GLYPH_INVALID, 1, b);
      return;
    }

  if (avail <= need)
    {
      set_escape (glyph, MM_GLYPH_INVALID, 1, b);
      return;
    }

  for (guint i = 1; i <= need; i++)
    {
      guint8 c = p[i];

      if (c < lo || c > hi)
        {
          set_escape (glyph, MM_GLYPH_INVALID, 1, b);
          return;
        }
      lo = 0x80;
      hi = 0xbf;
      ch = (ch << 6) | (c & 0x3f);
    }

  if (ch < 0xa0)
    {
      set_escape (glyph, MM_GLYPH_CONTROL, need + 1, ch);
      return;
    }

  glyph->kind = MM_GLYPH_TEXT;
  glyph->length = need + 1;
  glyph->ch = ch;
  if (g_unichar_iszerowidth (ch))
    glyph->width = 0;
  else if (g_unichar_iswide (ch))
    glyph->width = 2;
  else
    glyph->width = 1;
}

/* Tab stops count from the start of the row. When wrapping, a tab never
 * pushes past the row's end: it fills what is left. */
void
mm_glyph_set_tab_width (MmGlyph *glyph,
                        guint    column,
                        guint    tab_width,
                        guint    wrap_cells)
{
  guint width = tab_width - column % tab_width;

  if (wrap_cells > 0 && column < wrap_cells && column + width > wrap_cells)
    width = wrap_cells - column;

  glyph->width = MAX (width, 1);
}

/* The two-cell text drawn for an escape: ^@..^_ and ^? for C0 controls and
 * DEL, two hex digits for an invalid byte or a C1 control. */
guint
mm_glyph_escape_text (const MmGlyph *glyph,
                      const guint8  *p,
                      char           out[8])
{
  static const char hex[] = "0123456789ABCDEF";

  if (glyph->kind == MM_GLYPH_CONTROL && glyph->ch < 0x80)
    {
      out[0] = '^';
      out[1] = glyph->ch == 0x7f ? '?' : (char) (glyph->ch + 0x40);
    }
  else
    {
      guint v = glyph->kind == MM_GLYPH_INVALID ? p[0] : glyph->ch;

      out[0] = hex[(v >> 4) & 0xf];
      out[1] = hex[v & 0xf];
    }
  out[2] = 0;

  return 2;
}
