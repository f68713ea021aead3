/* mm-text-view-rows.c: the rows on screen, made once per scroll or resize.
 *
 * Each row's cells come from the row model (plain or pretty); its text
 * becomes glyph render nodes (mm-text-view-glyphs.c) or, for text that
 * needs shaping, a Pango layout whose glyphs are moved onto the cells the
 * model gave their characters. Rows still on screen after a scroll are
 * kept as they are; anything that changes how a row looks bumps the
 * generation and they are made again.
 */
#define G_LOG_DOMAIN "mm-text-view"

#include "config.h"

#include "mm-text-view-private.h"
#include "mm-utf8-cells.h"

void
_mm_visible_row_free (gpointer data)
{
  MmVisibleRow *row = data;

  mm_row_text_free (row->text);
  g_clear_pointer (&row->text_node, gsk_render_node_unref);
  g_clear_object (&row->layout);
  g_clear_object (&row->gutter);
  g_free (row);
}

#define PREFIX_LEN MM_ROW_LAYOUT_PREFIX_LEN

/* The first cell whose character is spelled at or after text index t. */
static guint
cell_at_text (const MmRowText *text,
              int              t)
{
  guint lo = 0, hi = text->n_cells;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if ((int) text->cell_text[mid] < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Puts each cluster of glyphs on the cells MmRows gave its characters,
 * centred there, so that wide, fallback-font and missing glyphs do not
 * push the rest of the row off the grid that clicks and the caret use. */
static void
snap_glyphs_to_cells (MmTextView  *self,
                      PangoLayout *layout,
                      MmRowText   *text)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, 0);
  double cell = self->cell_width * PANGO_SCALE;
  int pen = 0;

  if (line == NULL)
    return;

  for (GSList *l = line->runs; l != NULL; l = l->next)
    {
      PangoLayoutRun *run = l->data;
      PangoGlyphString *glyphs = run->glyphs;
      int item_end = run->item->offset + run->item->length;

      for (int i = 0; i < glyphs->num_glyphs; )
        {
          int cluster = glyphs->log_clusters[i];
          int j = i, natural = 0, t0, t1;
          int start_x, end_x, shift;

          while (j < glyphs->num_glyphs && glyphs->log_clusters[j] == cluster)
            natural += glyphs->glyphs[j++].geometry.width;

          t0 = run->item->offset + cluster - PREFIX_LEN;
          t1 = (j < glyphs->num_glyphs ? run->item->offset + glyphs->log_clusters[j] : item_end) - PREFIX_LEN;
          start_x = (int) (cell_at_text (text, t0) * cell + 0.5);
          end_x = (int) (cell_at_text (text, MAX (t1, t0)) * cell + 0.5);
          if (t0 < 0)
            start_x = end_x = 0;

          shift = start_x - pen + (end_x - start_x - natural) / 2;
          for (int k = i; k < j; k++)
            glyphs->glyphs[k].geometry.x_offset += shift;
          /* The cluster's last glyph carries the pen to its last cell's end. */
          glyphs->glyphs[j - 1].geometry.width += end_x - pen - natural;
          pen = end_x;
          i = j;
        }
    }
}

/* The row's text as render nodes when it is printable ASCII, else as a
 * layout. */
static void
make_row_text (MmTextView   *self,
               MmVisibleRow *vr)
{
  MmRowText *text = vr->text;
  PangoLayout *layout;
  PangoAttrList *attrs = pango_attr_list_new ();
  g_autofree char *spelled = NULL;

  /* JSON and HTML colours first: an escape's own colour wins. */
  _mm_text_view_add_color_attributes (self, text, attrs, PREFIX_LEN);
  for (guint i = 0; i < text->escapes->len; i++)
    {
      const MmRowEscape *e = &g_array_index (text->escapes, MmRowEscape, i);
      const GdkRGBA *color = e->kind == MM_GLYPH_INVISIBLE ? &self->colors.invisible_fg : &self->colors.escape_fg;
      PangoAttribute *fg = pango_attr_foreground_new (color->red * 65535,
                                                      color->green * 65535,
                                                      color->blue * 65535);

      fg->start_index = PREFIX_LEN + e->text_start;
      fg->end_index = PREFIX_LEN + e->text_end;
      pango_attr_list_insert (attrs, fg);
    }

  vr->text_node = _mm_text_view_make_text_node (self, text, attrs, PREFIX_LEN);
  if (vr->text_node != NULL)
    {
      pango_attr_list_unref (attrs);
      return;
    }

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  spelled = g_strconcat (MM_ROW_LAYOUT_PREFIX, text->text, NULL);
  pango_layout_set_font_description (layout, self->font);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_auto_dir (layout, FALSE);
  pango_layout_set_text (layout, spelled, PREFIX_LEN + (int) text->text_len);
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  snap_glyphs_to_cells (self, layout, text);
  vr->layout = layout;
}

static PangoLayout *
make_gutter_layout (MmTextView *self,
                    const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  pango_layout_set_font_description (layout, self->font);
  return layout;
}

/* Laid-out rows are kept while only the scroll position changes; anything
 * that changes how a row looks bumps the generation. */
void
_mm_text_view_invalidate (MmTextView *self)
{
  self->generation++;
}

static MmVisibleRow *
take_cached_row (GPtrArray *old,
                 guint64    start,
                 guint      generation)
{
  for (guint i = 0; i < old->len; i++)
    {
      MmVisibleRow *vr = g_ptr_array_index (old, i);

      if (vr != NULL && vr->text->start == start && vr->generation == generation)
        return g_ptr_array_steal_index_fast (old, i);
    }

  return NULL;
}

static void
set_gutter_label (MmTextView   *self,
                  MmVisibleRow *vr,
                  const char   *label)
{
  if (label[0] == 0)
    {
      g_clear_object (&vr->gutter);
      return;
    }

  if (vr->gutter != NULL && g_strcmp0 (pango_layout_get_text (vr->gutter), label) == 0)
    return;

  g_clear_object (&vr->gutter);
  /* The fold markers are the same on every row: laid out once. */
  if (g_str_equal (label, "▾") || g_str_equal (label, "▸"))
    {
      PangoLayout **marker = &self->fold_markers[g_str_equal (label, "▸")];

      if (*marker == NULL)
        *marker = make_gutter_layout (self, label);
      vr->gutter = g_object_ref (*marker);
      return;
    }
  vr->gutter = make_gutter_layout (self, label);
}

/* Lays out the rows on screen from self->top. */
void
_mm_text_view_rebuild (MmTextView *self)
{
  MmRowModel *rows = _mm_text_view_get_row_model (self);
  guint64 length = self->document ? mm_document_get_length (self->document) : 0;
  g_autoptr(GPtrArray) old = NULL;
  MmLineIndex *index;
  guint64 row, line = 0, scanned;
  gboolean known_line;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  guint cells = (guint) MAX (1.0, (width - self->text_x) / self->cell_width + 2);

  old = g_steal_pointer (&self->visible);
  self->visible = g_ptr_array_new_with_free_func (_mm_visible_row_free);
  self->h_cells_upper = 0;
  self->lex_at = G_MAXUINT64;

  if (rows == NULL || length == 0)
    {
      _mm_text_view_configure_adjustments (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  index = mm_document_get_index (self->document);
  scanned = mm_line_index_get_scanned (index);
  /* self->top is always a row start; only the end can move under it. */
  self->top = MIN (self->top, self->max_top);
  known_line = mm_line_index_offset_to_line (index, self->top, &line);

  row = self->top;
  for (guint i = 0; i <= self->rows_fit; i++)
    {
      MmVisibleRow *vr = take_cached_row (old, row, self->generation);
      char label[32] = "";

      if (vr == NULL)
        {
          vr = g_new0 (MmVisibleRow, 1);
          vr->generation = self->generation;
          vr->text = mm_row_model_get_text (rows, row, self->wrap ? 0 : self->h_cell,
                                            self->wrap ? self->wrap_cells : cells);
          make_row_text (self, vr);
        }
      self->h_cells_upper = MAX (self->h_cells_upper, vr->text->total_cells);

      known_line = known_line && (row < scanned || (row == length && mm_line_index_is_complete (index)));
      /* A pretty row: the file's line numbers would say nothing there. */
      if (vr->text->pretty)
        {
          if (!vr->text->line_start)
            g_strlcpy (label, vr->text->segment_break ? "┆" : "↪", sizeof label);
          else if (vr->text->fold != MM_ROW_NO_FOLD)
            g_strlcpy (label, vr->text->fold == MM_ROW_FOLDED ? "▸" : "▾", sizeof label);
        }
      else switch (self->gutter_mode)
        {
        case MM_GUTTER_LINE_NUMBERS:
          if (vr->text->line_start)
            {
              if (known_line)
                g_snprintf (label, sizeof label, "%" G_GUINT64_FORMAT, line + 1);
              else
                /* Not indexed this far yet. */
                g_strlcpy (label, "·", sizeof label);
            }
          else if (vr->text->segment_break)
            g_strlcpy (label, "┆", sizeof label);
          else
            /* A wrapped continuation of the line above. */
            g_strlcpy (label, "↪", sizeof label);
          break;

        case MM_GUTTER_OFFSETS:
          if (vr->text->segment_break)
            g_snprintf (label, sizeof label, "┆%" G_GINT64_MODIFIER "X", row);
          else
            g_snprintf (label, sizeof label, "%" G_GINT64_MODIFIER "X", row);
          break;

        case MM_GUTTER_NONE:
        default:
          break;
        }
      set_gutter_label (self, vr, label);

      if (vr->text->has_newline)
        line++;

      g_ptr_array_add (self->visible, vr);
      if (vr->text->end >= length && !(vr->text->has_newline && row < length))
        break;
      /* The last row with a newline is followed by the empty final row. */
      row = vr->text->end;
    }

  _mm_text_view_configure_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
