/* mm-utf8-cells.c: strict UTF-8 decoding with cell widths.
 *
 * Every byte of the file must stay visible and clickable, so nothing here
 * is dropped or replaced silently: a byte that does not start a valid
 * sequence becomes one INVALID glyph of its own, drawn as two hex digits,
 * and a valid character that would draw as nothing, or would reorder the
 * text around it (bidi controls: "Trojan Source"), is spelled out as
 * <U+XXXX>. What is drawn therefore reads the same as the bytes.
 */
#define G_LOG_DOMAIN "mm-utf8-cells"

#include "config.h"

#include "mm-utf8-cells.h"

/* "<U+" hex digits (at least four) ">" */
static guint
code_point_width (gunichar ch)
{
  guint digits = 4;

  while (digits < 6 && ch >> (4 * digits) != 0)
    digits++;
  return digits + 4;
}

static void
set_escape (MmGlyph     *glyph,
            MmGlyphKind  kind,
            guint        length,
            gunichar     ch)
{
  glyph->kind = kind;
  glyph->length = length;
  glyph->ch = ch;
  if (kind == MM_GLYPH_INVISIBLE || (kind == MM_GLYPH_CONTROL && ch >= 0x80))
    glyph->width = code_point_width (ch);
  else
    glyph->width = 2;
}

/* A valid character a font draws as nothing, as a blank, or as a box the
 * cell grid cannot hold; or one that changes how the text around it is
 * drawn. */
static gboolean
is_invisible (gunichar ch)
{
  GUnicodeType type = g_unichar_type (ch);

  /* ZWSP, ZWJ, LRM, RLO, PDI, BOM, soft hyphen, ...; U+2028, U+2029. */
  if (type == G_UNICODE_FORMAT || type == G_UNICODE_UNASSIGNED ||
      type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
    return TRUE;

  /* Noncharacters; the combining grapheme joiner; Hangul fillers, which
   * draw as blanks. */
  return (ch >= 0xfdd0 && ch <= 0xfdef) || (ch & 0xfffe) == 0xfffe ||
         ch == 0x034f || ch == 0x115f || ch == 0x1160 || ch == 0x3164 || ch == 0xffa0;
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

  if (is_invisible (ch))
    {
      set_escape (glyph, MM_GLYPH_INVISIBLE, need + 1, ch);
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

/* A combining mark with nothing to combine with (at the start of a row,
 * after a control or an invalid byte) would draw on nothing: spell it. */
void
mm_glyph_make_invisible (MmGlyph *glyph)
{
  set_escape (glyph, MM_GLYPH_INVISIBLE, glyph->length, glyph->ch);
}

/* The text drawn for an escape, one ASCII character per cell: ^@..^_ and
 * ^? for C0 controls and DEL, two hex digits for an invalid byte, <U+0085>
 * for a C1 control and for an invisible character. */
guint
mm_glyph_escape_text (const MmGlyph *glyph,
                      const guint8  *p,
                      char           out[MM_ESCAPE_TEXT_MAX])
{
  static const char hex[] = "0123456789ABCDEF";

  if (glyph->kind == MM_GLYPH_CONTROL && glyph->ch < 0x80)
    {
      out[0] = '^';
      out[1] = glyph->ch == 0x7f ? '?' : (char) (glyph->ch + 0x40);
      out[2] = 0;
      return 2;
    }

  if (glyph->kind == MM_GLYPH_INVALID)
    {
      out[0] = hex[p[0] >> 4];
      out[1] = hex[p[0] & 0xf];
      out[2] = 0;
      return 2;
    }

  return (guint) g_snprintf (out, MM_ESCAPE_TEXT_MAX, "<U+%04X>", glyph->ch);
}

/* Characters, as the bytes that are not continuation bytes: exact for
 * valid UTF-8 (a stray continuation byte, shown as an escape, is not
 * counted). A loop the compiler vectorises, for the status bar's column. */
guint64
mm_utf8_count_chars (const guint8 *p,
                     gsize         length)
{
  guint64 count = 0;

  for (gsize i = 0; i < length; i++)
    count += (p[i] & 0xc0) != 0x80;
  return count;
}
