/* mm-text-view-glyphs.c: rows of simple characters drawn from glyphs
 * looked up once, not laid out.
 *
 * Most rows of the files MmView is for (logs, JSON, HTML, exports) are
 * made of characters that need no shaping between neighbours: ASCII,
 * Latin, Greek, Cyrillic, CJK, emoji. Each of them is one glyph on its one
 * or two cells, from the row font or a fallback. Itemising and shaping
 * each such row anew (and splitting its runs again for every colour) is
 * most of a redraw. So each such character is shaped once per font, alone,
 * as Pango shapes it, and a row made only of them becomes one text render
 * node per font and colour, each glyph centred on its cells exactly as
 * snap_glyphs_to_cells puts a laid-out one. The nodes are kept with the
 * row and reused while it stays on screen. Anything else (scripts that
 * join or reorder, combining marks, characters no font has, a row font
 * with ligatures) goes through Pango as before.
 */
#define G_LOG_DOMAIN "mm-text-view"

#include "config.h"

#include <string.h>

#include "mm-text-view-private.h"

#define FIRST_ASCII 0x20
#define N_ASCII     95

typedef struct
{
  PangoGlyphInfo  info;
  PangoFont      *font;
} CachedGlyph;

struct _MmGlyphCache
{
  PangoFont      *font;                /* the row font; NULL: rows go through Pango */
  CachedGlyph     ascii[N_ASCII];
  GHashTable     *others;              /* gunichar -> CachedGlyph, or NULL: not simple */
  int             baseline;            /* Pango units below the row's top */
};

static void
cached_glyph_free (gpointer data)
{
  CachedGlyph *glyph = data;

  if (glyph == NULL)
    return;
  g_object_unref (glyph->font);
  g_free (glyph);
}

void
_mm_glyph_cache_free (MmGlyphCache *cache)
{
  if (cache == NULL)
    return;
  g_clear_object (&cache->font);
  g_clear_pointer (&cache->others, g_hash_table_unref);
  g_free (cache);
}

static PangoLayout *
make_layout (MmTextView *self,
             const char *text,
             int         length)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  pango_layout_set_font_description (layout, self->font);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_auto_dir (layout, FALSE);
  pango_layout_set_text (layout, text, length);
  return layout;
}

/* The one run of a one-line layout of n glyphs, one per character, none
 * missing; else NULL. */
static PangoLayoutRun *
single_run (PangoLayout *layout,
            int          n)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);
  PangoLayoutRun *run;

  if (pango_layout_get_line_count (layout) != 1 || line == NULL ||
      line->runs == NULL || line->runs->next != NULL)
    return NULL;
  run = line->runs->data;
  if (run->glyphs->num_glyphs != n)
    return NULL;
  for (int i = 0; i < n; i++)
    if (run->glyphs->log_clusters[i] != i ||
        (run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG))
      return NULL;
  return run;
}

/* The 95 printable ASCII characters shaped in one layout made like a
 * row's: the cache is used when they come out as one run in one font,
 * one glyph per character (no ligatures), none missing. */
static MmGlyphCache *
glyph_cache_new (MmTextView *self)
{
  MmGlyphCache *cache = g_new0 (MmGlyphCache, 1);
  g_autoptr(PangoLayout) layout = NULL;
  char chars[N_ASCII];
  PangoLayoutRun *run;

  for (int i = 0; i < N_ASCII; i++)
    chars[i] = (char) (FIRST_ASCII + i);
  layout = make_layout (self, chars, N_ASCII);
  run = single_run (layout, N_ASCII);
  if (run == NULL)
    return cache;

  cache->font = g_object_ref (run->item->analysis.font);
  for (int i = 0; i < N_ASCII; i++)
    cache->ascii[i] = (CachedGlyph) { run->glyphs->glyphs[i], cache->font };
  cache->baseline = pango_layout_get_baseline (layout);
  cache->others = g_hash_table_new_full (NULL, NULL, NULL, cached_glyph_free);
  return cache;
}

/* Characters shaped alone as they are in a row: no joining, reordering,
 * marks or conjoining jamo. Their font may be a fallback. */
static gboolean
is_simple (gunichar ch)
{
  GUnicodeScript script = g_unichar_get_script (ch);

  if (g_unichar_iszerowidth (ch) || g_unichar_combining_class (ch) != 0 || !g_unichar_isprint (ch))
    return FALSE;
  return script == G_UNICODE_SCRIPT_COMMON || script == G_UNICODE_SCRIPT_LATIN ||
         script == G_UNICODE_SCRIPT_GREEK || script == G_UNICODE_SCRIPT_CYRILLIC ||
         script == G_UNICODE_SCRIPT_ARMENIAN || script == G_UNICODE_SCRIPT_GEORGIAN ||
         script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA ||
         script == G_UNICODE_SCRIPT_KATAKANA ||
         (script == G_UNICODE_SCRIPT_HANGUL && ch >= 0xac00 && ch <= 0xd7a3);
}

static const CachedGlyph *
lookup (MmTextView *self,
        gunichar    ch)
{
  MmGlyphCache *cache = self->glyph_cache;
  CachedGlyph *glyph;

  if (ch >= FIRST_ASCII && ch < FIRST_ASCII + N_ASCII)
    return &cache->ascii[ch - FIRST_ASCII];
  if (g_hash_table_lookup_extended (cache->others, GUINT_TO_POINTER (ch), NULL, (gpointer *) &glyph))
    return glyph;

  glyph = NULL;
  if (is_simple (ch))
    {
      char utf8[8];
      int n = g_unichar_to_utf8 (ch, utf8);
      g_autoptr(PangoLayout) layout = make_layout (self, utf8, n);
      PangoLayoutRun *run = single_run (layout, 1);

      if (run != NULL)
        {
          glyph = g_new (CachedGlyph, 1);
          glyph->info = run->glyphs->glyphs[0];
          glyph->font = g_object_ref (run->item->analysis.font);
        }
    }
  g_hash_table_insert (cache->others, GUINT_TO_POINTER (ch), glyph);
  return glyph;
}

/* Each cell's glyph (NULL on the second cell of a wide one), when every
 * cell holds one simple character and nothing else. */
static gboolean
find_glyphs (MmTextView         *self,
             const MmRowText    *text,
             const CachedGlyph **glyphs)
{
  for (guint c = 0; c < text->n_cells; )
    {
      guint t = text->cell_text[c], span = 1;
      const char *p = text->text + t;
      const char *next;
      gunichar ch;

      while (c + span < text->n_cells && text->cell_text[c + span] == t)
        glyphs[c + span++] = NULL;
      if ((guint8) *p < 0x80)
        {
          ch = (guint8) *p;
          next = p + 1;
        }
      else
        {
          ch = g_utf8_get_char (p);
          next = g_utf8_next_char (p);
        }
      /* One character per cell run: no marks after it. */
      if (next != text->text + text->cell_text[c + span])
        return FALSE;
      glyphs[c] = lookup (self, ch);
      if (glyphs[c] == NULL)
        return FALSE;
      c += span;
    }
  return text->cell_text[text->n_cells] == text->text_len;
}

/* Where cell c begins, in Pango units, rounded as snap_glyphs_to_cells
 * rounds it. */
static int
cell_x (double cell,
        guint  c)
{
  return (int) (c * cell + 0.5);
}

/* The glyphs of @font of the cells of colour @k (by @color_of), each
 * centred on its cells, from the first one's; other cells and blanks are
 * left out. */
static GskRenderNode *
color_node (MmGlyphCache       *cache,
            const CachedGlyph **cell_glyphs,
            guint               n_cells,
            PangoFont          *font,
            const guint8       *color_of,
            guint8              k,
            double              cell,
            const GdkRGBA      *color)
{
  PangoGlyphString *glyphs = pango_glyph_string_new ();
  GskRenderNode *node = NULL;
  int origin = -1, pen = 0, n = 0;

  pango_glyph_string_set_size (glyphs, (int) n_cells);
  for (guint c = 0; c < n_cells; c++)
    {
      const CachedGlyph *cached = cell_glyphs[c];
      PangoGlyphInfo *g;
      guint end = c + 1;
      int x, width;

      if (cached == NULL || cached->font != font || color_of[c] != k || cached == &cache->ascii[0])
        continue;
      while (end < n_cells && cell_glyphs[end] == NULL)
        end++;
      x = cell_x (cell, c);
      width = cell_x (cell, end) - x;
      if (origin < 0)
        origin = pen = x;
      /* The gap since the last glyph drawn here widens that glyph's
       * advance (text nodes drop empty glyphs, and their widths). */
      if (n > 0)
        glyphs->glyphs[n - 1].geometry.width += x - pen;
      g = &glyphs->glyphs[n];
      *g = cached->info;
      g->geometry.x_offset += (width - g->geometry.width) / 2;
      g->geometry.width = width;
      glyphs->log_clusters[n] = n;
      n++;
      pen = x + width;
    }

  if (n > 0)
    {
      glyphs->num_glyphs = n;

      node = gsk_text_node_new (font, glyphs, color,
                                &GRAPHENE_POINT_INIT ((float) origin / PANGO_SCALE,
                                                      (float) cache->baseline / PANGO_SCALE));
    }
  pango_glyph_string_free (glyphs);
  return node;
}

/* The colour of each cell, as an index in @palette (the view's text colour
 * first, then each foreground of @attrs, whose indexes are offset by
 * @prefix). */
static void
fill_colors (MmTextView      *self,
             const MmRowText *text,
             PangoAttrList   *attrs,
             guint            prefix,
             GArray          *palette,
             guint8          *color_of)
{
  PangoAttrIterator *it = pango_attr_list_get_iterator (attrs);
  g_autofree guint8 *byte_color = g_malloc0 (text->text_len + 1);

  g_array_append_val (palette, self->colors.text_fg);
  do
    {
      PangoAttrColor *fg = (PangoAttrColor *) pango_attr_iterator_get (it, PANGO_ATTR_FOREGROUND);
      GdkRGBA rgba;
      guint k;
      int start, end;

      if (fg == NULL)
        continue;
      rgba = (GdkRGBA) { fg->color.red / 65535.f, fg->color.green / 65535.f, fg->color.blue / 65535.f, 1.f };
      for (k = 0; k < palette->len; k++)
        if (gdk_rgba_equal (&g_array_index (palette, GdkRGBA, k), &rgba))
          break;
      if (k == palette->len)
        {
          if (k > G_MAXUINT8)
            continue;
          g_array_append_val (palette, rgba);
        }
      pango_attr_iterator_range (it, &start, &end);
      start = MAX (start - (int) prefix, 0);
      end = (int) MIN ((gsize) MAX (end - (int) prefix, 0), text->text_len);
      if (start < end)
        memset (byte_color + start, (int) k, (gsize) (end - start));
    }
  while (pango_attr_iterator_next (it));
  pango_attr_iterator_destroy (it);

  for (guint c = 0; c < text->n_cells; c++)
    color_of[c] = byte_color[text->cell_text[c]];
}

/**
 * _mm_text_view_make_text_node:
 * @attrs: the row's colours, as for its layout
 * @prefix: bytes before the row's own text in @attrs' indexes
 *
 * Returns: (transfer full) (nullable): the row's text drawn at (0, 0), one
 * text node per font and colour, or %NULL when the row must be laid out by
 * Pango.
 */
GskRenderNode *
_mm_text_view_make_text_node (MmTextView      *self,
                              const MmRowText *text,
                              PangoAttrList   *attrs,
                              guint            prefix)
{
  double cell = self->cell_width * PANGO_SCALE;
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GPtrArray) fonts = NULL;
  g_autoptr(GArray) palette = NULL;
  g_autofree guint8 *color_of = NULL;
  g_autofree const CachedGlyph **cell_glyphs = NULL;

  if (self->glyph_cache == NULL)
    self->glyph_cache = glyph_cache_new (self);
  if (self->glyph_cache->font == NULL)
    return NULL;
  cell_glyphs = g_new (const CachedGlyph *, MAX (text->n_cells, 1));
  if (!find_glyphs (self, text, cell_glyphs))
    return NULL;

  fonts = g_ptr_array_new ();
  for (guint c = 0; c < text->n_cells; c++)
    if (cell_glyphs[c] != NULL && !g_ptr_array_find (fonts, cell_glyphs[c]->font, NULL))
      g_ptr_array_add (fonts, cell_glyphs[c]->font);

  /* One node per font and colour: fewer, larger nodes than one per token. */
  palette = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  color_of = g_malloc (MAX (text->n_cells, 1));
  fill_colors (self, text, attrs, prefix, palette, color_of);
  nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) gsk_render_node_unref);
  for (guint f = 0; f < fonts->len; f++)
    for (guint k = 0; k < palette->len; k++)
      {
        GskRenderNode *node = color_node (self->glyph_cache, cell_glyphs, text->n_cells,
                                          g_ptr_array_index (fonts, f), color_of, (guint8) k, cell,
                                          &g_array_index (palette, GdkRGBA, k));

        if (node != NULL)
          g_ptr_array_add (nodes, node);
      }

  return gsk_container_node_new ((GskRenderNode **) nodes->pdata, nodes->len);
}
