/* mm-text-view.c: draws only the rows on screen, straight from the mapping.
 *
 * The vertical adjustment counts bytes: its value is the offset of the top
 * row, so scrolling works before the index has seen a single newline and
 * anywhere inside one giant line. Rows come from MmRows in bounded work;
 * the rows on screen are laid out once per scroll or resize and kept, and
 * snapshot() only draws them.
 */
#define G_LOG_DOMAIN "mm-text-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mm-enums.h"
#include "mm-font-metrics.h"
#include "mm-json-rows.h"
#include "mm-text-view-private.h"
#include "mm-utf8-cells.h"

#define GUTTER_PADDING 8
#define TEXT_PADDING 6
#define MIN_WRAP_CELLS 8

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_WRAP,
  PROP_CARET,
  PROP_GUTTER_MODE,
  PROP_FOLLOW,
  PROP_PRETTY,
  PROP_READABLE_STRINGS,
  PROP_TAB_WIDTH,
  PROP_INDENT_WIDTH,
  PROP_BACKGROUND,
  N_PROPS,

  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE_WITH_CODE (MmTextView, mm_text_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static MmRowModel *
get_rows (MmTextView *self)
{
  return _mm_text_view_get_row_model (self);
}

static guint64
get_length (MmTextView *self)
{
  return self->document ? mm_document_get_length (self->document) : 0;
}

static void
update_metrics (MmTextView *self)
{
  mm_font_metrics_measure (GTK_WIDGET (self), self->font, &self->cell_width, &self->row_height);
  g_clear_object (&self->fold_markers[0]);
  g_clear_object (&self->fold_markers[1]);
  g_clear_pointer (&self->glyph_cache, _mm_glyph_cache_free);
}

static guint
count_digits (guint64 n)
{
  guint digits = 1;

  while (n >= 10)
    {
      n /= 10;
      digits++;
    }

  return digits;
}

static guint
compute_gutter_cells (MmTextView *self)
{
  switch (self->gutter_mode)
    {
    case MM_GUTTER_LINE_NUMBERS:
      {
        guint64 lines = self->document ? mm_line_index_get_newlines (mm_document_get_index (self->document)) + 1 : 1;

        /* Room for the count so far, and at least six digits so the text
         * does not shift while indexing. */
        return MAX (6, count_digits (lines));
      }

    case MM_GUTTER_OFFSETS:
      return MAX (8, (count_digits (get_length (self)) * 5 + 5) / 6 + 2);

    case MM_GUTTER_NONE:
    default:
      return 0;
    }
}

static gboolean
ends_with_newline (MmTextView *self)
{
  guint64 length = get_length (self);

  return length > 0 && mm_mapped_file_get_data (mm_document_get_file (self->document))[length - 1] == '\n';
}

static void
update_geometry (MmTextView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  guint64 length = get_length (self);
  MmRowModel *rows = get_rows (self);

  _mm_text_view_invalidate (self);
  self->gutter_cells = compute_gutter_cells (self);

  self->text_x = self->gutter_cells > 0
    ? (int) (self->gutter_cells * self->cell_width) + 2 * GUTTER_PADDING + TEXT_PADDING
    : TEXT_PADDING;

  self->wrap_cells = (guint) MAX ((double) MIN_WRAP_CELLS, (width - self->text_x - TEXT_PADDING) / self->cell_width);
  self->rows_fit = MAX (1, (height + self->row_height - 1) / self->row_height);

  if (rows != NULL)
    {
      guint wrap_cells = self->wrap ? self->wrap_cells : 0;

      /* Rows change with the width: the top row becomes the row holding
       * its first byte. */
      if (mm_row_model_get_wrap_cells (rows) != wrap_cells)
        {
          mm_row_model_set_wrap_cells (rows, wrap_cells);
          self->top = length > 0 ? mm_row_model_row_start (rows, self->top) : 0;
        }
    }

  /* The top row may not go past the point where the last row sits at the
   * bottom of the window. */
  self->max_top = 0;
  if (rows != NULL && length > 0)
    {
      guint full_rows = MAX (1, height / self->row_height);
      guint64 row = mm_row_model_row_start (rows, length - 1);
      /* After a final newline comes an empty row of its own. */
      guint i = ends_with_newline (self) && full_rows > 1 ? 2 : 1;

      for (; i < full_rows && mm_row_model_prev (rows, row, &row); i++)
        ;
      self->max_top = row;
    }
}

void
_mm_text_view_configure_adjustments (MmTextView *self)
{
  guint64 length = get_length (self);
  double on_screen = 0;

  self->in_configure = TRUE;

  if (self->vadjustment != NULL)
    {
      for (guint i = 0; i < self->visible->len; i++)
        {
          MmVisibleRow *row = g_ptr_array_index (self->visible, i);

          on_screen += row->text->end - row->text->start;
        }

      gtk_adjustment_configure (self->vadjustment,
                                (double) self->top,
                                0,
                                (double) length,
                                MAX (1.0, on_screen / MAX (1, self->visible->len)),
                                MAX (1.0, on_screen),
                                (double) (length - self->max_top));
    }

  if (self->hadjustment != NULL)
    {
      int width = gtk_widget_get_width (GTK_WIDGET (self));
      double page = MAX (1.0, (width - self->text_x) / self->cell_width);

      if (self->wrap)
        gtk_adjustment_configure (self->hadjustment, 0, 0, page, 1, page, page);
      else
        gtk_adjustment_configure (self->hadjustment,
                                  self->h_cell, 0,
                                  MAX (page, (double) self->h_cells_upper + 2),
                                  1, page * 0.9, page);
    }

  self->in_configure = FALSE;
}

/* Moves the top row `rows` rows from `from` (negative: up), within the
 * scrollable range, and returns the new top. */
guint64
_mm_text_view_scroll_rows (MmTextView *self,
                           guint64     from,
                           int         n)
{
  MmRowModel *rows = get_rows (self);
  guint64 row = from;

  if (rows == NULL)
    return 0;

  for (; n > 0 && row < self->max_top; n--)
    if (!mm_row_model_next (rows, row, &row))
      break;
  for (; n < 0; n++)
    if (!mm_row_model_prev (rows, row, &row))
      break;

  return MIN (row, self->max_top);
}

void
_mm_text_view_set_top (MmTextView *self,
                       guint64     top)
{
  MmRowModel *rows = get_rows (self);

  if (rows == NULL)
    return;

  self->top = mm_row_model_row_start (rows, MIN (top, self->max_top));
  _mm_text_view_rebuild (self);
}

static void
on_vadjustment_changed (MmTextView    *self,
                        GtkAdjustment *adjustment)
{
  guint64 value;

  if (self->in_configure || get_rows (self) == NULL)
    return;

  value = (guint64) MAX (0.0, gtk_adjustment_get_value (adjustment));
  if (value == self->top)
    return;
  if (value < self->top)
    mm_text_view_set_follow (self, FALSE);

  _mm_text_view_set_top (self, value);
}

static void
on_hadjustment_changed (MmTextView    *self,
                        GtkAdjustment *adjustment)
{
  guint value;

  if (self->in_configure || self->wrap)
    return;

  value = (guint) MAX (0.0, gtk_adjustment_get_value (adjustment));
  if (value != self->h_cell)
    {
      self->h_cell = value;
      _mm_text_view_invalidate (self);
      _mm_text_view_rebuild (self);
    }
}

static void
set_adjustment (MmTextView     *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment,
                GCallback       handler)
{
  if (*slot == adjustment && adjustment != NULL)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, handler, self);
      g_clear_object (slot);
    }

  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);

  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_object (adjustment, "value-changed", handler, self, G_CONNECT_SWAPPED);
  _mm_text_view_configure_adjustments (self);
}

/* The offset under a point, rounded to the nearest character boundary. */
gboolean
_mm_text_view_hit (MmTextView *self,
                   double      x,
                   double      y,
                   guint64    *offset)
{
  MmVisibleRow *vr;
  int i;
  double cell;

  if (self->visible->len == 0)
    return FALSE;

  i = CLAMP ((int) (y / self->row_height), 0, (int) self->visible->len - 1);
  vr = g_ptr_array_index (self->visible, i);
  cell = (x - self->text_x) / self->cell_width;

  if (y < 0 && i == 0)
    cell = 0;
  if (cell <= 0)
    *offset = vr->text->cell_offsets[0];
  else
    {
      guint c = (guint) (cell + 0.5);

      if (c >= vr->text->n_cells)
        *offset = vr->text->cell_offsets[vr->text->n_cells];
      else
        {
          *offset = vr->text->cell_offsets[c];
          /* Rounding up inside a wide glyph lands on its start: step past it. */
          if (c > 0 && vr->text->cell_offsets[c - 1] == *offset && (guint) cell < c)
            {
              while (c < vr->text->n_cells && vr->text->cell_offsets[c] == *offset)
                c++;
              *offset = vr->text->cell_offsets[c];
            }
        }
    }

  if (vr->text->n_cells == 0)
    *offset = vr->text->start;

  return TRUE;
}

/* Scrolls the least so that the row holding offset is fully on screen. */
void
_mm_text_view_ensure_visible (MmTextView *self,
                              guint64     offset)
{
  MmRowModel *rows = get_rows (self);
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  guint full_rows = MAX (1, height / self->row_height);
  guint64 row, last_visible;

  if (rows == NULL || get_length (self) == 0)
    return;

  row = mm_row_model_row_start (rows, offset);

  /* The empty row after a final newline is below the last real row. */
  if (offset == get_length (self) && ends_with_newline (self))
    {
      for (guint i = 0; i < MIN (full_rows, self->visible->len); i++)
        if (((MmVisibleRow *) g_ptr_array_index (self->visible, i))->text->start == offset)
          {
            _mm_text_view_rebuild (self);
            return;
          }
      self->h_cell = 0;
      _mm_text_view_invalidate (self);
      _mm_text_view_set_top (self, self->max_top);
      return;
    }

  if (!self->wrap)
    {
      guint cell = mm_row_model_cell_of_offset (rows, row, offset);
      guint page = (guint) MAX (1.0, (gtk_widget_get_width (GTK_WIDGET (self)) - self->text_x) / self->cell_width - 1);

      if (cell < self->h_cell)
        {
          self->h_cell = cell > 8 ? cell - 8 : 0;
          _mm_text_view_invalidate (self);
        }
      else if (cell >= self->h_cell + page)
        {
          self->h_cell = cell - page + 8;
          _mm_text_view_invalidate (self);
        }
    }

  if (row < self->top)
    {
      _mm_text_view_set_top (self, row);
      return;
    }

  if (full_rows <= self->visible->len)
    {
      MmVisibleRow *vr = g_ptr_array_index (self->visible, full_rows - 1);

      last_visible = vr->text->start;
      if (row <= last_visible)
        {
          _mm_text_view_rebuild (self);
          return;
        }
    }
  else
    {
      _mm_text_view_rebuild (self);
      return;
    }

  /* Put the row at the bottom. */
  _mm_text_view_set_top (self, _mm_text_view_scroll_rows (self, row, -(int) (full_rows - 1)));
}

/* Paints the cells of a row whose bytes lie in [start, end) as one band. */
static void
draw_band (MmTextView    *self,
           GtkSnapshot   *snapshot,
           MmRowText     *text,
           int            y,
           guint64        start,
           guint64        end,
           gboolean       with_line_end,
           const GdkRGBA *color)
{
  guint first = G_MAXUINT, last = 0;

  for (guint c = 0; c < text->n_cells; c++)
    if (text->cell_offsets[c] >= start && text->cell_offsets[c] < end)
      {
        first = MIN (first, c);
        last = c + 1;
      }

  /* A selected line end shows as one more cell. */
  if (with_line_end && text->has_newline && end >= text->end && start < text->end)
    {
      if (first == G_MAXUINT)
        first = text->n_cells;
      last = text->n_cells + 1;
    }

  if (first != G_MAXUINT)
    gtk_snapshot_append_color (snapshot, color,
                               &GRAPHENE_RECT_INIT (self->text_x + first * self->cell_width, y,
                                                    (last - first) * self->cell_width, self->row_height));
}

/* The box behind each escape of a row: a plain rectangle, which every
 * renderer fills at once. A rounded clip around each made cairo take 14 ms
 * to draw a screenful of NUL bytes (2,500 boxes); now 3.4 ms. */
static void
draw_escape_boxes (MmTextView      *self,
                   GtkSnapshot     *snapshot,
                   const MmRowText *text,
                   int              y)
{
  for (guint i = 0; i < text->escapes->len; i++)
    {
      const MmRowEscape *e = &g_array_index (text->escapes, MmRowEscape, i);

      gtk_snapshot_append_color (snapshot,
                                 e->kind == MM_GLYPH_INVISIBLE ? &self->colors.invisible_bg : &self->colors.escape_bg,
                                 &GRAPHENE_RECT_INIT (self->text_x + (e->first_cell - text->first_cell) * self->cell_width + 1,
                                                      y + 2, e->n_cells * self->cell_width - 2, self->row_height - 4));
    }
}

static void
draw_row (MmTextView   *self,
          GtkSnapshot  *snapshot,
          MmVisibleRow *vr,
          int           y,
          int           width,
          guint64       sel_start,
          guint64       sel_end,
          gboolean      has_focus)
{
  MmRowText *text = vr->text;
  guint64 length = get_length (self);
  gboolean caret_here = self->caret >= text->start &&
                        (self->caret < text->end ||
                         (self->caret == length && text->end == length && !text->has_newline));
  double x0 = self->text_x;

  if (caret_here)
    gtk_snapshot_append_color (snapshot, &self->colors.current_line,
                               &GRAPHENE_RECT_INIT (self->text_x - TEXT_PADDING, y, width, self->row_height));

  if (sel_start < sel_end && sel_start < text->end && sel_end > text->start)
    draw_band (self, snapshot, text, y, sel_start, sel_end, TRUE, &self->colors.selection);

  if (text->escapes->len > 0)
    draw_escape_boxes (self, snapshot, text, y);

  /* Search matches overlapping the row, each as one band. */
  if (self->search != NULL && text->n_cells > 0)
    {
      guint i = mm_search_first_at_or_after (self->search, text->start);
      guint64 offset, match_length;

      if (i > 0)
        i--;
      for (; mm_search_get_match (self->search, i, &offset, &match_length) && offset < text->end; i++)
        if (offset + match_length > text->start)
          draw_band (self, snapshot, text, y, offset, offset + match_length, FALSE, &self->colors.match);
    }

  /* Edited bytes are underlined. */
  {
    MmMarks *marks = mm_document_get_marks (self->document);
    guint64 edited;

    for (guint64 from = text->start;
         mm_marks_next (marks, MM_MARK_EDIT, from, &edited) && edited < text->end;
         from = edited + 1)
      for (guint c = 0; c < text->n_cells; c++)
        if (text->cell_offsets[c] == edited)
          gtk_snapshot_append_color (snapshot, &self->colors.escape_fg,
                                     &GRAPHENE_RECT_INIT (x0 + c * self->cell_width, y + self->row_height - 2,
                                                          self->cell_width, 2));
  }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x0, y + 1));
  if (vr->text_node != NULL)
    gtk_snapshot_append_node (snapshot, vr->text_node);
  else
    gtk_snapshot_append_layout (snapshot, vr->layout, &self->colors.text_fg);
  gtk_snapshot_restore (snapshot);

  if (caret_here && has_focus)
    {
      guint cell = text->n_cells;

      for (guint c = 0; c < text->n_cells; c++)
        if (text->cell_offsets[c] >= self->caret)
          {
            cell = c;
            break;
          }
      if (cell > 0 || self->caret >= text->cell_offsets[0])
        gtk_snapshot_append_color (snapshot, &self->colors.caret,
                                   &GRAPHENE_RECT_INIT (x0 + cell * self->cell_width - 1, y, 2, self->row_height));
    }

  if (vr->gutter != NULL)
    {
      PangoRectangle logical;
      GdkRGBA faint = self->colors.gutter_fg;
      const GdkRGBA *color = &self->colors.gutter_fg;

      pango_layout_get_pixel_extents (vr->gutter, NULL, &logical);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (self->text_x - TEXT_PADDING - GUTTER_PADDING - logical.width, y + 1));
      faint.alpha *= 0.35;
      if (text->segment_break)
        color = &self->colors.marker;
      else if (!text->line_start && self->gutter_mode == MM_GUTTER_LINE_NUMBERS)
        color = &faint;
      gtk_snapshot_append_layout (snapshot, vr->gutter, color);
      gtk_snapshot_restore (snapshot);
    }
}

static void
mm_text_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  MmTextView *self = MM_TEXT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean has_focus = gtk_widget_has_focus (widget);
  guint64 sel_start = MIN (self->anchor, self->caret);
  guint64 sel_end = MAX (self->anchor, self->caret);

  gtk_snapshot_append_color (snapshot, &self->colors.text_bg, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (self->gutter_cells > 0)
    {
      GdkRGBA line = self->colors.gutter_fg;

      line.alpha *= 0.3;
      gtk_snapshot_append_color (snapshot, &self->colors.gutter_bg,
                                 &GRAPHENE_RECT_INIT (0, 0, self->text_x - TEXT_PADDING, height));
      gtk_snapshot_append_color (snapshot, &line,
                                 &GRAPHENE_RECT_INIT (self->text_x - TEXT_PADDING - 1, 0, 1, height));
    }

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (guint i = 0; i < self->visible->len; i++)
    draw_row (self, snapshot, g_ptr_array_index (self->visible, i),
              (int) i * self->row_height, width, sel_start, sel_end, has_focus);
  gtk_snapshot_pop (snapshot);

  if (self->visible->len > 0)
    self->drawn_text = TRUE;
}

static void
mm_text_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  MmTextView *self = MM_TEXT_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int) (self->cell_width * 20);
      *natural = (int) (self->cell_width * 100);
    }
  else
    {
      *minimum = self->row_height * 3;
      *natural = self->row_height * 30;
    }
}

static void
mm_text_view_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  MmTextView *self = MM_TEXT_VIEW (widget);

  update_geometry (self);
  _mm_text_view_rebuild (self);
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

static void
mm_text_view_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (mm_text_view_parent_class)->css_changed (widget, change);

  /* Pango contexts changed (font options, scale): measure again. */
  update_metrics (MM_TEXT_VIEW (widget));
  gtk_widget_queue_resize (widget);
}

static void
mm_text_view_dispose (GObject *object)
{
  MmTextView *self = (MmTextView *)object;

  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_object (&self->json_rows);
  g_clear_pointer (&self->visible, g_ptr_array_unref);
  g_clear_object (&self->fold_markers[0]);
  g_clear_object (&self->fold_markers[1]);
  g_clear_pointer (&self->glyph_cache, _mm_glyph_cache_free);
  g_clear_object (&self->search);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (mm_text_view_parent_class)->dispose (object);
}

static void
mm_text_view_finalize (GObject *object)
{
  MmTextView *self = (MmTextView *)object;

  g_clear_pointer (&self->font, pango_font_description_free);
  g_free (self->scheme_id);

  G_OBJECT_CLASS (mm_text_view_parent_class)->finalize (object);
}

static void
mm_text_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MmTextView *self = MM_TEXT_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_WRAP:
      g_value_set_boolean (value, self->wrap);
      break;

    case PROP_CARET:
      g_value_set_uint64 (value, self->caret);
      break;

    case PROP_GUTTER_MODE:
      g_value_set_enum (value, self->gutter_mode);
      break;

    case PROP_FOLLOW:
      g_value_set_boolean (value, self->follow);
      break;

    case PROP_PRETTY:
      g_value_set_boolean (value, self->pretty);
      break;

    case PROP_READABLE_STRINGS:
      g_value_set_boolean (value, self->readable_strings);
      break;

    case PROP_TAB_WIDTH:
      g_value_set_uint (value, self->tab_width);
      break;

    case PROP_INDENT_WIDTH:
      g_value_set_uint (value, self->indent_width);
      break;

    case PROP_BACKGROUND:
      g_value_set_boxed (value, &self->colors.text_bg);
      break;

    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;

    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;

    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;

    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_text_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MmTextView *self = MM_TEXT_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      mm_text_view_set_document (self, g_value_get_object (value));
      break;

    case PROP_WRAP:
      mm_text_view_set_wrap (self, g_value_get_boolean (value));
      break;

    case PROP_CARET:
      mm_text_view_set_caret (self, g_value_get_uint64 (value), FALSE);
      break;

    case PROP_GUTTER_MODE:
      mm_text_view_set_gutter_mode (self, g_value_get_enum (value));
      break;

    case PROP_FOLLOW:
      mm_text_view_set_follow (self, g_value_get_boolean (value));
      break;

    case PROP_PRETTY:
      mm_text_view_set_pretty (self, g_value_get_boolean (value));
      break;

    case PROP_READABLE_STRINGS:
      mm_text_view_set_readable_strings (self, g_value_get_boolean (value));
      break;

    case PROP_TAB_WIDTH:
      mm_text_view_set_tab_width (self, g_value_get_uint (value));
      break;

    case PROP_INDENT_WIDTH:
      mm_text_view_set_indent_width (self, g_value_get_uint (value));
      break;

    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value), G_CALLBACK (on_hadjustment_changed));
      break;

    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value), G_CALLBACK (on_vadjustment_changed));
      break;

    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;

    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_text_view_class_init (MmTextViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mm_text_view_dispose;
  object_class->finalize = mm_text_view_finalize;
  object_class->get_property = mm_text_view_get_property;
  object_class->set_property = mm_text_view_set_property;

  widget_class->snapshot = mm_text_view_snapshot;
  widget_class->measure = mm_text_view_measure;
  widget_class->size_allocate = mm_text_view_size_allocate;
  widget_class->css_changed = mm_text_view_css_changed;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         MM_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_WRAP] =
    g_param_spec_boolean ("wrap", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CARET] =
    g_param_spec_uint64 ("caret", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_GUTTER_MODE] =
    g_param_spec_enum ("gutter-mode", NULL, NULL,
                       MM_TYPE_GUTTER_MODE, MM_GUTTER_LINE_NUMBERS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MmTextView:follow:
   *
   * Keeps the end of a growing file in view, as `less +F` does, until the
   * user scrolls up or moves the caret away from the end.
   */
  properties[PROP_FOLLOW] =
    g_param_spec_boolean ("follow", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MmTextView:pretty:
   *
   * Shows JSON one value per row, indented, as `jq .` prints it, once the
   * structure pass has seen it; the bytes are not rewritten.
   */
  properties[PROP_PRETTY] =
    g_param_spec_boolean ("pretty", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MmTextView:indent-width:
   *
   * Cells of indentation a level in the pretty view (jq's --indent).
   */
  properties[PROP_INDENT_WIDTH] =
    g_param_spec_uint ("indent-width", NULL, NULL,
                       1, 8, 2,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MmTextView:background:
   *
   * The text's background, from the style scheme: what is drawn beside
   * the text (the minimap) matches it.
   */
  properties[PROP_BACKGROUND] =
    g_param_spec_boxed ("background", NULL, NULL,
                        GDK_TYPE_RGBA,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MmTextView:readable-strings:
   *
   * In the pretty view, escapes in strings are drawn as the characters
   * they stand for, and \n starts a new row.
   */
  properties[PROP_READABLE_STRINGS] =
    g_param_spec_boolean ("readable-strings", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * MmTextView:tab-width:
   *
   * Cells between tab stops, pushed into whichever rows are shown.
   */
  properties[PROP_TAB_WIDTH] =
    g_param_spec_uint ("tab-width", NULL, NULL,
                       1, 32, 8,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  gtk_widget_class_set_css_name (widget_class, "mmtextview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TEXT_BOX);

  _mm_text_view_class_init_input (widget_class);
  _mm_text_view_class_init_json (widget_class);
}

static void on_index_progress (MmTextView *self, MmDocument *document);
static void on_bytes_changed (MmTextView *self, guint64 offset, MmDocument *document);
static void on_json_progress (MmTextView *self);
static void on_file_changed (MmTextView *self, int change, MmDocument *document);

static void
mm_text_view_init (MmTextView *self)
{
  self->document_signals = g_signal_group_new (MM_TYPE_DOCUMENT);
  g_signal_group_connect_swapped (self->document_signals, "index-progress", G_CALLBACK (on_index_progress), self);
  g_signal_group_connect_swapped (self->document_signals, "file-changed", G_CALLBACK (on_file_changed), self);
  g_signal_group_connect_swapped (self->document_signals, "bytes-changed", G_CALLBACK (on_bytes_changed), self);
  g_signal_group_connect_swapped (self->document_signals, "json-progress", G_CALLBACK (on_json_progress), self);

  self->visible = g_ptr_array_new_with_free_func (_mm_visible_row_free);
  self->font = pango_font_description_from_string ("Monospace 11");
  self->wrap = TRUE;
  self->gutter_mode = MM_GUTTER_LINE_NUMBERS;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "text");

  set_adjustment (self, &self->hadjustment, NULL, G_CALLBACK (on_hadjustment_changed));
  set_adjustment (self, &self->vadjustment, NULL, G_CALLBACK (on_vadjustment_changed));

  update_metrics (self);
  _mm_text_view_load_colors (self);
  _mm_text_view_init_input (self);
  _mm_text_view_init_json (self);
  self->lex_at = G_MAXUINT64;
  self->lex_json_region = -1;
  self->tab_width = 8;
  self->indent_width = 2;
}

GtkWidget *
mm_text_view_new (void)
{
  return g_object_new (MM_TYPE_TEXT_VIEW, NULL);
}

MmDocument *
mm_text_view_get_document (MmTextView *self)
{
  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), NULL);

  return self->document;
}

static void
on_index_progress (MmTextView *self,
                   MmDocument *document)
{
  /* Line numbers appear as the index reaches the rows on screen; the rows
   * themselves stay laid out unless the margin must grow. */
  if (compute_gutter_cells (self) != self->gutter_cells)
    update_geometry (self);
  _mm_text_view_rebuild (self);
}

static void
on_bytes_changed (MmTextView *self,
                  guint64     offset,
                  MmDocument *document)
{
  if (self->json_rows != NULL)
    mm_json_rows_invalidate (MM_JSON_ROWS (self->json_rows));
  _mm_text_view_invalidate (self);
  _mm_text_view_rebuild (self);
}

static void
on_file_changed (MmTextView *self,
                 int         change,
                 MmDocument *document)
{
  if (change == MM_DOCUMENT_CHANGE_TRUNCATED)
    return;
  mm_text_view_refresh (self);
  if (self->follow && change == MM_DOCUMENT_CHANGE_GREW)
    mm_text_view_set_caret (self, get_length (self), FALSE);
}

/* Ticks run before frames: once the first frame with text is out, the
 * rows it drew plain are coloured. */
static gboolean
recolor_after_first_frame (GtkWidget     *widget,
                           GdkFrameClock *clock,
                           gpointer       user_data)
{
  MmTextView *self = MM_TEXT_VIEW (widget);

  if (!self->drawn_text)
    return G_SOURCE_CONTINUE;
  self->recolor_tick = 0;
  _mm_text_view_recolor (self);
  return G_SOURCE_REMOVE;
}

/* Pretty JSON rows when asked for and the structure pass has seen the
 * JSON whole; else the plain rows. The top row keeps its bytes. */
static void
update_row_model (MmTextView *self)
{
  MmJsonIndex *json = self->document ? mm_document_get_json_index (self->document) : NULL;
  MmRowModel *before = _mm_text_view_get_row_model (self);
  MmRowModel *after;

  if (self->pretty && json != NULL && self->json_rows == NULL)
    {
      g_autoptr(MmJsonRows) rows = mm_json_rows_new (mm_document_get_file (self->document), json,
                                                     mm_document_get_rows (self->document));

      mm_json_rows_set_readable (rows, self->readable_strings);
      mm_json_rows_set_indent_width (rows, self->indent_width);
      if (mm_json_rows_has_json (rows))
        self->json_rows = G_OBJECT (g_steal_pointer (&rows));
    }
  else if ((!self->pretty || json == NULL) && self->json_rows != NULL)
    g_clear_object (&self->json_rows);
  else if (self->json_rows != NULL)
    mm_json_rows_invalidate (MM_JSON_ROWS (self->json_rows));

  after = _mm_text_view_get_row_model (self);
  if (after == before || after == NULL)
    return;
  mm_row_model_set_tab_width (after, self->tab_width);
  if (self->wrap_cells > 0 || !self->wrap)
    mm_row_model_set_wrap_cells (after, self->wrap ? self->wrap_cells : 0);
  /* Back and forth without scrolling comes back to the same rows. */
  if (self->top != self->switched_top)
    self->switch_anchor = self->top;
  self->top = mm_row_model_row_start (after, self->switch_anchor);
  self->switched_top = self->top;
  self->has_preferred_cell = FALSE;
  _mm_text_view_invalidate (self);
  mm_text_view_refresh (self);
}

static void
on_json_progress (MmTextView *self)
{
  MmJsonIndex *json = mm_document_get_json_index (self->document);

  /* A new pass: the structure may have changed under the pretty rows. */
  if (self->json_rows != NULL && json != NULL && !mm_json_index_is_complete (json))
    {
      g_clear_object (&self->json_rows);
      self->top = mm_row_model_row_start (_mm_text_view_get_row_model (self), self->top);
      _mm_text_view_invalidate (self);
      mm_text_view_refresh (self);
    }
  if (self->pretty && self->json_rows == NULL && json != NULL && mm_json_index_is_complete (json))
    update_row_model (self);
  _mm_text_view_recolor (self);
}

void
mm_text_view_set_pretty (MmTextView *self,
                         gboolean    pretty)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  pretty = !!pretty;
  if (self->pretty == pretty)
    return;
  self->pretty = pretty;
  update_row_model (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRETTY]);
}

void
mm_text_view_set_indent_width (MmTextView *self,
                               guint       indent_width)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  indent_width = CLAMP (indent_width, 1, 8);
  if (self->indent_width == indent_width)
    return;
  self->indent_width = indent_width;
  if (self->json_rows != NULL)
    {
      mm_json_rows_set_indent_width (MM_JSON_ROWS (self->json_rows), indent_width);
      self->top = mm_row_model_row_start (_mm_text_view_get_row_model (self), self->top);
      _mm_text_view_invalidate (self);
      mm_text_view_refresh (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDENT_WIDTH]);
}

void
mm_text_view_set_tab_width (MmTextView *self,
                            guint       tab_width)
{
  MmRowModel *rows;

  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  tab_width = CLAMP (tab_width, 1, 32);
  if (self->tab_width == tab_width)
    return;
  self->tab_width = tab_width;
  if ((rows = _mm_text_view_get_row_model (self)) != NULL)
    {
      mm_row_model_set_tab_width (rows, tab_width);
      self->top = mm_row_model_row_start (rows, self->top);
      _mm_text_view_invalidate (self);
      mm_text_view_refresh (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAB_WIDTH]);
}

void
mm_text_view_set_readable_strings (MmTextView *self,
                                   gboolean    readable)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  readable = !!readable;
  if (self->readable_strings == readable)
    return;
  self->readable_strings = readable;
  if (self->json_rows != NULL)
    {
      mm_json_rows_set_readable (MM_JSON_ROWS (self->json_rows), readable);
      self->top = mm_row_model_row_start (_mm_text_view_get_row_model (self), self->top);
      _mm_text_view_invalidate (self);
      mm_text_view_refresh (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READABLE_STRINGS]);
}

gboolean
mm_text_view_get_pretty (MmTextView *self)
{
  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), FALSE);

  return self->pretty;
}

void
mm_text_view_set_document (MmTextView *self,
                           MmDocument *document)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));
  g_return_if_fail (!document || MM_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  g_clear_object (&self->json_rows);
  g_set_object (&self->document, document);
  g_signal_group_set_target (self->document_signals, document);
  /* The view owns the row shape: a document opened later gets it too. */
  if (document != NULL)
    mm_row_model_set_tab_width (_mm_text_view_get_row_model (self), self->tab_width);
  self->top = 0;
  self->caret = 0;
  self->anchor = 0;
  self->h_cell = 0;
  self->drawn_text = FALSE;
  _mm_text_view_detect_markup (self);
  if (self->recolor_tick == 0 && document != NULL)
    self->recolor_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), recolor_after_first_frame, NULL, NULL);

  mm_text_view_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARET]);
}

/* Re-reads geometry and rows: after the file or a setting changed. */
void
mm_text_view_refresh (MmTextView *self)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  self->caret = MIN (self->caret, get_length (self));
  self->anchor = MIN (self->anchor, get_length (self));
  update_geometry (self);
  _mm_text_view_rebuild (self);
}

gboolean
mm_text_view_get_wrap (MmTextView *self)
{
  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), FALSE);

  return self->wrap;
}

void
mm_text_view_set_wrap (MmTextView *self,
                       gboolean    wrap)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  wrap = !!wrap;
  if (self->wrap == wrap)
    return;

  self->wrap = wrap;
  self->h_cell = 0;
  update_geometry (self);
  /* Keep the caret's row in view across the change. */
  if (get_rows (self) != NULL)
    self->top = mm_row_model_row_start (get_rows (self), MIN (self->top, self->max_top));
  _mm_text_view_rebuild (self);
  _mm_text_view_ensure_visible (self, self->caret);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRAP]);
}

MmGutterMode
mm_text_view_get_gutter_mode (MmTextView *self)
{
  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), MM_GUTTER_LINE_NUMBERS);

  return self->gutter_mode;
}

void
mm_text_view_set_gutter_mode (MmTextView   *self,
                              MmGutterMode  mode)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  if (self->gutter_mode == mode)
    return;

  self->gutter_mode = mode;
  mm_text_view_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GUTTER_MODE]);
}

void
mm_text_view_set_font_name (MmTextView *self,
                            const char *font_name)
{
  PangoFontDescription *font;

  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  font = pango_font_description_from_string (font_name ? font_name : "Monospace 11");
  if (pango_font_description_get_family (font) == NULL)
    pango_font_description_set_family (font, "Monospace");
  if (pango_font_description_get_size (font) <= 0)
    pango_font_description_set_size (font, 11 * PANGO_SCALE);

  g_clear_pointer (&self->font, pango_font_description_free);
  self->font = font;
  update_metrics (self);
  mm_text_view_refresh (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/**
 * mm_text_view_set_style_scheme:
 * @id: (nullable): a GtkSourceView style scheme id; NULL or "": Adwaita or
 *   Adwaita-dark, as the dark preference says
 */
void
mm_text_view_set_style_scheme (MmTextView *self,
                               const char *id)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  if (g_strcmp0 (self->scheme_id, id) == 0)
    return;
  g_free (self->scheme_id);
  self->scheme_id = g_strdup (id);
  _mm_text_view_load_colors (self);
  _mm_text_view_invalidate (self);
  _mm_text_view_rebuild (self);
}

void
mm_text_view_set_dark (MmTextView *self,
                       gboolean    dark)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  self->dark = !!dark;
  _mm_text_view_load_colors (self);
  _mm_text_view_invalidate (self);
  _mm_text_view_rebuild (self);
}

guint64
mm_text_view_get_caret (MmTextView *self)
{
  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), 0);

  return self->caret;
}

/* Moves the caret (extending the selection from the anchor when asked)
 * and scrolls it into view. */
void
mm_text_view_set_caret (MmTextView *self,
                        guint64     offset,
                        gboolean    extend)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  offset = MIN (offset, get_length (self));
  if (offset != get_length (self))
    mm_text_view_set_follow (self, FALSE);
  self->caret = offset;
  if (!extend)
    self->anchor = offset;
  _mm_text_view_ensure_visible (self, offset);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARET]);
}

gboolean
mm_text_view_get_selection (MmTextView *self,
                            guint64    *start,
                            guint64    *end)
{
  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), FALSE);

  *start = MIN (self->anchor, self->caret);
  *end = MAX (self->anchor, self->caret);
  return *start < *end;
}

void
mm_text_view_set_follow (MmTextView *self,
                         gboolean    follow)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  follow = !!follow;
  if (self->follow == follow)
    return;

  self->follow = follow;
  if (follow)
    mm_text_view_set_caret (self, get_length (self), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW]);
}

gboolean
mm_text_view_get_follow (MmTextView *self)
{
  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), FALSE);

  return self->follow;
}

void
mm_text_view_select_all (MmTextView *self)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  self->anchor = 0;
  self->caret = get_length (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARET]);
}

guint64
mm_text_view_get_top (MmTextView *self)
{
  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), 0);

  return self->top;
}

/* Shows offset's row at the top (or as near as the end allows) and puts
 * the caret there. */
void
mm_text_view_scroll_to (MmTextView *self,
                        guint64     offset)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  offset = MIN (offset, get_length (self));
  self->caret = self->anchor = offset;
  _mm_text_view_set_top (self, offset);
  if (!self->wrap && get_rows (self) != NULL)
    _mm_text_view_ensure_visible (self, offset);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARET]);
}

/* Whether the row holding offset is fully on screen now. */
static gboolean
row_is_shown (MmTextView *self,
              guint64     offset)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  guint full_rows = MAX (1, height / self->row_height);

  for (guint i = 0; i < MIN (full_rows, self->visible->len); i++)
    {
      MmVisibleRow *vr = g_ptr_array_index (self->visible, i);

      if (offset >= vr->text->start && (offset < vr->text->end || vr->text->start == vr->text->end))
        return TRUE;
    }
  return FALSE;
}

/**
 * mm_text_view_center_on:
 *
 * Scrolls so that the row holding @offset is in the middle of the view,
 * unless it is on screen already.
 */
void
mm_text_view_center_on (MmTextView *self,
                        guint64     offset)
{
  MmRowModel *rows = get_rows (self);
  guint64 length = get_length (self);

  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  if (rows == NULL || length == 0 || row_is_shown (self, offset))
    return;

  _mm_text_view_set_top (self, _mm_text_view_scroll_rows (self, mm_row_model_row_start (rows, MIN (offset, length - 1)),
                                                          -(int) (self->rows_fit / 2)));
  if (!self->wrap)
    _mm_text_view_ensure_visible (self, offset);
}

/* Selects [start, end) with the caret at its end, centred if it was off
 * screen: one layout, one notification. */
void
mm_text_view_select_range (MmTextView *self,
                           guint64     start,
                           guint64     end)
{
  guint64 length;

  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  length = get_length (self);
  start = MIN (start, length);
  end = MIN (end, length);
  if (end != length)
    mm_text_view_set_follow (self, FALSE);
  _mm_text_view_reveal (self, start);
  self->anchor = start;
  self->caret = end;
  mm_text_view_center_on (self, start);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CARET]);
}

guint
mm_text_view_get_n_visible (MmTextView *self)
{
  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), 0);

  return self->visible->len;
}

/* The text drawn in a visible row, for tests and accessibility. */
char *
_mm_text_view_dup_row_text (MmTextView *self,
                            guint       row)
{
  MmVisibleRow *vr;

  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), NULL);

  if (row >= self->visible->len)
    return NULL;

  vr = g_ptr_array_index (self->visible, row);
  return g_strndup (vr->text->text, vr->text->text_len);
}

gboolean
_mm_text_view_get_row_range (MmTextView *self,
                             guint       row,
                             guint64    *start,
                             guint64    *end)
{
  MmVisibleRow *vr;

  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), FALSE);

  if (row >= self->visible->len)
    return FALSE;

  vr = g_ptr_array_index (self->visible, row);
  *start = vr->text->start;
  *end = vr->text->end;
  return TRUE;
}

/* The rows shown: pretty JSON rows, or the document's plain rows. */
MmRowModel *
_mm_text_view_get_row_model (MmTextView *self)
{
  if (self->document == NULL)
    return NULL;
  if (self->json_rows != NULL)
    return MM_ROW_MODEL (self->json_rows);
  return MM_ROW_MODEL (mm_document_get_rows (self->document));
}

MmRowModel *
mm_text_view_get_row_model (MmTextView *self)
{
  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), NULL);

  return _mm_text_view_get_row_model (self);
}

gboolean
mm_text_view_has_drawn_text (MmTextView *self)
{
  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), FALSE);

  return self->drawn_text;
}

/* The bytes on screen: from the top row's start to the last row's end. */
gboolean
mm_text_view_get_visible_range (MmTextView *self,
                                guint64    *first,
                                guint64    *end)
{
  MmVisibleRow *last;

  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), FALSE);

  if (self->visible->len == 0)
    return FALSE;

  last = g_ptr_array_index (self->visible, self->visible->len - 1);
  *first = self->top;
  *end = last->text->end;
  return TRUE;
}

guint64
mm_text_view_get_max_top (MmTextView *self)
{
  g_return_val_if_fail (MM_IS_TEXT_VIEW (self), 0);

  return self->max_top;
}

/* Scrolls so the row holding offset is at the top; the caret stays. */
void
mm_text_view_set_top (MmTextView *self,
                      guint64     offset)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  _mm_text_view_set_top (self, offset);
}

void
mm_text_view_scroll_rows (MmTextView *self,
                          int         rows)
{
  guint64 top;

  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  top = _mm_text_view_scroll_rows (self, self->top, rows);
  if (top != self->top)
    _mm_text_view_set_top (self, top);
}

/* Matches of this search are highlighted in the rows on screen. */
void
mm_text_view_set_search (MmTextView *self,
                         MmSearch   *search)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  if (g_set_object (&self->search, search))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}
