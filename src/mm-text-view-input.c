/* mm-text-view-input.c: keys, mouse, wheel and touchpad for MmTextView.
 *
 * The caret is a byte offset. Moving by character decodes one glyph;
 * moving by row asks MmRows for the next or previous row and keeps the
 * column the user started from, as text editors do.
 */
#define G_LOG_DOMAIN "mm-text-view"

#include "config.h"

#include "mm-document-keys.h"
#include "mm-text-view-private.h"
#include "mm-utf8-cells.h"

typedef MmTextViewStep Step;
#define STEP_CHARS MM_TEXT_VIEW_STEP_CHARS
#define STEP_ROWS MM_TEXT_VIEW_STEP_ROWS
#define STEP_PAGES MM_TEXT_VIEW_STEP_PAGES
#define STEP_ROW_ENDS MM_TEXT_VIEW_STEP_ROW_ENDS
#define STEP_FILE_ENDS MM_TEXT_VIEW_STEP_FILE_ENDS

static MmRowModel *
rows_of (MmTextView *self)
{
  return _mm_text_view_get_row_model (self);
}

static guint64
length_of (MmTextView *self)
{
  return self->document ? mm_document_get_length (self->document) : 0;
}

static gboolean
is_mark (const MmGlyph *glyph)
{
  return glyph->kind == MM_GLYPH_TEXT && glyph->width == 0;
}

static guint64
next_char (MmTextView *self,
           guint64     offset)
{
  const guint8 *data = mm_mapped_file_get_data (mm_document_get_file (self->document));
  guint64 length = length_of (self);
  MmGlyph glyph;

  if (offset >= length)
    return length;

  mm_glyph_decode (data + offset, (gsize) MIN (length - offset, 8), &glyph);
  offset += glyph.length;

  /* Combining marks go with the character before them; without one, each
   * is shown (and stepped over) on its own, as MmRows draws it. */
  if (glyph.kind != MM_GLYPH_TEXT || glyph.width == 0)
    return offset;
  while (offset < length)
    {
      mm_glyph_decode (data + offset, (gsize) MIN (length - offset, 8), &glyph);
      if (!is_mark (&glyph))
        break;
      offset += glyph.length;
    }

  return offset;
}

/* The glyph that ends at offset > 0, and where it starts. */
static guint64
glyph_before (const guint8 *data,
              guint64       length,
              guint64       offset,
              MmGlyph      *glyph)
{
  /* Try the characters that could end right here, longest first. */
  for (guint back = MIN (offset, 4); back >= 1; back--)
    {
      mm_glyph_decode (data + offset - back, (gsize) MIN (length - (offset - back), 8), glyph);
      if (glyph->length == back)
        return offset - back;
    }

  mm_glyph_decode (data + offset - 1, 1, glyph);
  return offset - 1;
}

static guint64
prev_char (MmTextView *self,
           guint64     offset)
{
  const guint8 *data = mm_mapped_file_get_data (mm_document_get_file (self->document));
  guint64 length = length_of (self);
  guint64 start, base;
  MmGlyph glyph;

  if (offset == 0)
    return 0;

  start = glyph_before (data, length, offset, &glyph);
  if (!is_mark (&glyph))
    return start;

  /* A mark belongs to the character its run of marks follows, if that is
   * a printable one; otherwise it stands alone. */
  base = start;
  for (guint marks = 0; base > 0 && marks < 64; marks++)
    {
      base = glyph_before (data, length, base, &glyph);
      if (!is_mark (&glyph))
        return glyph.kind == MM_GLYPH_TEXT ? base : start;
    }

  return start;
}

static guint64
row_content_end (MmTextView *self,
                 guint64     row)
{
  MmRowModel *rows = rows_of (self);
  const guint8 *data = mm_mapped_file_get_data (mm_document_get_file (self->document));
  guint64 end = mm_row_model_row_end (rows, row);
  guint64 length = length_of (self);

  if (end > row && data[end - 1] == '\n')
    {
      end--;
      if (end > row && data[end - 1] == '\r')
        end--;
    }
  else if (end < length && self->wrap)
    {
      /* The end of a wrapped row is the start of the next: stay on this one. */
      end = prev_char (self, end);
    }

  return end;
}

/* A file that ends with a newline has one more, empty, row after it: the
 * place after the last newline, where text typed at the end would go. */
static gboolean
on_final_empty_row (MmTextView *self,
                    guint64     offset)
{
  guint64 length = length_of (self);

  return length > 0 && offset == length &&
         mm_mapped_file_get_data (mm_document_get_file (self->document))[length - 1] == '\n';
}

/* Without wrapping, Home and End go to the ends of the line, which may be
 * far longer than a row (a 64 KiB segment): found from the line index. */
static gboolean
line_ends (MmTextView *self,
           guint64     offset,
           guint64    *start,
           guint64    *end)
{
  MmLineIndex *index = mm_document_get_index (self->document);
  const guint8 *data = mm_mapped_file_get_data (mm_document_get_file (self->document));
  guint64 length = length_of (self);
  guint64 line, next;

  if (!mm_line_index_offset_to_line (index, MIN (offset, length - 1), &line) ||
      !mm_line_index_line_to_offset (index, line, start))
    return FALSE;

  if (mm_line_index_line_to_offset (index, line + 1, &next))
    *end = next;
  else if (mm_line_index_is_complete (index))
    *end = length;
  else
    return FALSE;

  if (*end > *start && data[*end - 1] == '\n')
    {
      (*end)--;
      if (*end > *start && data[*end - 1] == '\r')
        (*end)--;
    }
  return TRUE;
}

static guint64
move_rows (MmTextView *self,
           guint64     from,
           int         count)
{
  MmRowModel *rows = rows_of (self);
  guint64 row = mm_row_model_row_start (rows, from);
  guint64 target = row;
  guint64 offset;

  if (on_final_empty_row (self, from))
    {
      if (count >= 0)
        return from;
      self->preferred_cell = 0;
      self->has_preferred_cell = TRUE;
      target = row = mm_row_model_row_start (rows, from - 1);
      count++;
    }

  if (!self->has_preferred_cell)
    {
      self->preferred_cell = mm_row_model_cell_of_offset (rows, row, from);
      self->has_preferred_cell = TRUE;
    }

  for (; count > 0; count--)
    if (!mm_row_model_next (rows, target, &target))
      return length_of (self);
  for (; count < 0; count++)
    if (!mm_row_model_prev (rows, target, &target))
      return 0;

  offset = mm_row_model_offset_at_cell (rows, target, self->preferred_cell);
  return MIN (offset, MAX (row_content_end (self, target), target));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *args)
{
  MmTextView *self = MM_TEXT_VIEW (widget);
  MmRowModel *rows = rows_of (self);
  gboolean extend;
  int step, count;
  guint64 caret;
  guint page;

  if (rows == NULL || length_of (self) == 0)
    return;

  g_variant_get (args, "(iib)", &step, &count, &extend);
  caret = self->caret;
  page = MAX (2, gtk_widget_get_height (widget) / self->row_height) - 1;

  if (step != STEP_ROWS && step != STEP_PAGES)
    self->has_preferred_cell = FALSE;

  /* With a selection and no shift, left/right collapse it to its edge. */
  if (step == STEP_CHARS && !extend && self->anchor != self->caret)
    caret = count < 0 ? MIN (self->anchor, self->caret) : MAX (self->anchor, self->caret);
  else
    switch ((Step) step)
      {
      case STEP_CHARS:
        caret = count > 0 ? next_char (self, caret) : prev_char (self, caret);
        break;

      case STEP_ROWS:
        caret = move_rows (self, caret, count);
        break;

      case STEP_PAGES:
        {
          /* Scroll the view by a page and move the caret by as many rows. */
          guint64 top = _mm_text_view_scroll_rows (self, self->top, count * (int) page);

          caret = move_rows (self, caret, count * (int) page);
          if (top != self->top)
            _mm_text_view_set_top (self, top);
        }
        break;

      case STEP_ROW_ENDS:
        {
          guint64 row = mm_row_model_row_start (rows, caret);
          guint64 start, end;

          if (on_final_empty_row (self, caret))
            break;
          if (caret == length_of (self) && caret > 0 && count < 0)
            row = mm_row_model_row_start (rows, caret - 1);
          if (!self->wrap && line_ends (self, caret, &start, &end))
            caret = count < 0 ? start : end;
          else
            caret = count < 0 ? row : row_content_end (self, row);
        }
        break;

      case STEP_FILE_ENDS:
        caret = count < 0 ? 0 : length_of (self);
        break;

      default:
        g_assert_not_reached ();
      }

  mm_text_view_set_caret (self, caret, extend);
}

static void
add_move_binding (GtkWidgetClass  *widget_class,
                  guint            keyval,
                  GdkModifierType  mods,
                  Step             step,
                  int              count)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, mods, "view.move", "(iib)", step, count, FALSE);
  gtk_widget_class_add_binding_action (widget_class, keyval, mods | GDK_SHIFT_MASK, "view.move", "(iib)", step, count, TRUE);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *args)
{
  mm_text_view_select_all (MM_TEXT_VIEW (widget));
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           MmTextView               *self)
{
  GdkScrollUnit unit = gtk_event_controller_scroll_get_unit (controller);
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  int rows;

  if (rows_of (self) == NULL)
    return FALSE;

  if (state & GDK_SHIFT_MASK)
    {
      dx = dy;
      dy = 0;
    }

  if (dx != 0 && !self->wrap)
    {
      double cells = unit == GDK_SCROLL_UNIT_WHEEL ? dx * 6 : dx / self->cell_width;
      double value = gtk_adjustment_get_value (self->hadjustment) + cells;

      gtk_adjustment_set_value (self->hadjustment, value);
    }

  if (dy == 0)
    return TRUE;
  if (dy < 0)
    mm_text_view_set_follow (self, FALSE);

  /* Wheel clicks scroll three rows; touchpads scroll by pixels, which we
   * collect until they make whole rows. */
  self->scroll_pending += unit == GDK_SCROLL_UNIT_WHEEL ? dy * 3 : dy / self->row_height;
  rows = (int) self->scroll_pending;
  self->scroll_pending -= rows;

  if (rows != 0)
    {
      guint64 top = _mm_text_view_scroll_rows (self, self->top, rows);

      if (top != self->top)
        _mm_text_view_set_top (self, top);
    }

  return TRUE;
}

static void
on_click_pressed (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  MmTextView      *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  guint64 offset;

  gtk_widget_grab_focus (GTK_WIDGET (self));

  /* A fold marker in the margin folds or unfolds its row. */
  if (x < self->text_x && self->row_height > 0 && y >= 0 && self->visible != NULL &&
      (guint) (y / self->row_height) < self->visible->len)
    {
      MmVisibleRow *vr = g_ptr_array_index (self->visible, (guint) (y / self->row_height));

      if (vr->text->pretty && vr->text->fold != MM_ROW_NO_FOLD &&
          _mm_text_view_toggle_fold_at (self, vr->text->start, vr->text->fold == MM_ROW_OPENS))
        return;
    }

  if (!_mm_text_view_hit (self, x, y, &offset))
    return;

  self->has_preferred_cell = FALSE;

  if (n_press == 2)
    {
      /* Select the word (or run of non-space) under the pointer. */
      const guint8 *data = mm_mapped_file_get_data (mm_document_get_file (self->document));
      guint64 length = length_of (self);
      guint64 start = offset, end = offset;

#define WORDY(b) (g_ascii_isalnum (b) || (b) == '_' || (b) >= 0x80)
      while (start > 0 && offset - start < 4096 && WORDY (data[start - 1]))
        start--;
      while (end < length && end - offset < 4096 && WORDY (data[end]))
        end++;
#undef WORDY
      self->anchor = start;
      mm_text_view_set_caret (self, end, TRUE);
      return;
    }

  mm_text_view_set_caret (self, offset, (state & GDK_SHIFT_MASK) != 0);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               MmTextView     *self)
{
  self->drag_x = x;
  self->drag_y = y;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                MmTextView     *self)
{
  double x = self->drag_x + dx;
  double y = self->drag_y + dy;
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  guint64 offset;

  if (rows_of (self) == NULL)
    return;

  /* Dragging past the top or bottom edge scrolls, a row per motion. */
  if (y < 0)
    _mm_text_view_set_top (self, _mm_text_view_scroll_rows (self, self->top, -1));
  else if (y > height)
    _mm_text_view_set_top (self, _mm_text_view_scroll_rows (self, self->top, 1));

  if (_mm_text_view_hit (self, x, CLAMP (y, 0, height - 1), &offset))
    {
      self->caret = offset;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify (G_OBJECT (self), "caret");
    }
}

void
_mm_text_view_class_init_input (GtkWidgetClass *widget_class)
{
  static const struct {
    guint keyval;
    guint kp_keyval;
    GdkModifierType mods;
    Step step;
    int count;
  } moves[] = {
    { GDK_KEY_Left, GDK_KEY_KP_Left, 0, STEP_CHARS, -1 },
    { GDK_KEY_Right, GDK_KEY_KP_Right, 0, STEP_CHARS, 1 },
    { GDK_KEY_Up, GDK_KEY_KP_Up, 0, STEP_ROWS, -1 },
    { GDK_KEY_Down, GDK_KEY_KP_Down, 0, STEP_ROWS, 1 },
    { GDK_KEY_Page_Up, GDK_KEY_KP_Page_Up, 0, STEP_PAGES, -1 },
    { GDK_KEY_Page_Down, GDK_KEY_KP_Page_Down, 0, STEP_PAGES, 1 },
    { GDK_KEY_Home, GDK_KEY_KP_Home, 0, STEP_ROW_ENDS, -1 },
    { GDK_KEY_End, GDK_KEY_KP_End, 0, STEP_ROW_ENDS, 1 },
    { GDK_KEY_Home, GDK_KEY_KP_Home, GDK_CONTROL_MASK, STEP_FILE_ENDS, -1 },
    { GDK_KEY_End, GDK_KEY_KP_End, GDK_CONTROL_MASK, STEP_FILE_ENDS, 1 },
  };

  /* "view.move" takes (step, count, extend-selection): see Step. */
  gtk_widget_class_install_action (widget_class, "view.move", "(iib)", move_action);
  gtk_widget_class_install_action (widget_class, "view.select-all", NULL, select_all_action);

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      add_move_binding (widget_class, moves[i].keyval, moves[i].mods, moves[i].step, moves[i].count);
      add_move_binding (widget_class, moves[i].kp_keyval, moves[i].mods, moves[i].step, moves[i].count);
    }

  _mm_document_keys_bind (widget_class);

  /* F, as in less: follow the end of a growing file. */
  gtk_widget_class_install_property_action (widget_class, "view.follow", "follow");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F, GDK_SHIFT_MASK, "view.follow", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "view.follow", NULL);
}

void
_mm_text_view_init_input (MmTextView *self)
{
  GtkEventController *scroll;
  GtkGesture *click, *drag;

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}
