/* mm-hex-panel.c: rows of 16 bytes around the text view's caret: offset,
 * hex, and printable ASCII.
 *
 * The panel and the text view share one caret, a byte offset, so a click
 * in either moves both. With editing enabled, hex digits overwrite the
 * byte under the caret a nibble at a time, and characters typed in the
 * ASCII column overwrite it whole; every change goes through the
 * document's edit journal, so it can be undone exactly.
 */
#define G_LOG_DOMAIN "mm-hex-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "mm-document-keys.h"
#include "mm-font-metrics.h"
#include "mm-hex-panel-private.h"

#define BYTES_PER_ROW 16
#define PADDING 8

struct _MmHexPanel
{
  GtkWidget             parent_instance;

  MmTextView           *view;          /* weak */
  GSignalGroup         *view_signals;
  GSignalGroup         *document_signals;
  MmDocument           *document;
  PangoFontDescription *font;
  GPtrArray            *layouts;       /* PangoLayout per visible row */
  guint64               top_row;       /* first row shown (row = offset / 16) */
  double                cell_width;
  int                   row_height;
  guint                 offset_digits;
  guint                 low_nibble : 1; /* the next hex digit is the low one */
  guint8                high_digit;     /* typed, not written yet: while low_nibble */
  guint                 ascii : 1;      /* typing goes to the ASCII column */
};

G_DEFINE_FINAL_TYPE (MmHexPanel, mm_hex_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void on_document_changed (MmHexPanel *self);

enum {
  EDIT_REFUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint64
length_of (MmHexPanel *self)
{
  return self->document ? mm_document_get_length (self->document) : 0;
}

static guint
visible_rows (MmHexPanel *self)
{
  return MAX (1, gtk_widget_get_height (GTK_WIDGET (self)) / MAX (1, self->row_height));
}

/* Character column of byte i's hex digits, and of its ASCII cell. */
static guint
hex_column (MmHexPanel *self,
            guint       i)
{
  return self->offset_digits + 2 + i * 3 + (i >= 8 ? 1 : 0);
}

static guint
ascii_column (MmHexPanel *self,
              guint       i)
{
  return self->offset_digits + 2 + BYTES_PER_ROW * 3 + 2 + i;
}

/* Lays out the visible rows; called when the bytes, the caret's region or
 * the size change, never from snapshot. */
static void
rebuild (MmHexPanel *self)
{
  guint64 length = length_of (self);
  const guint8 *data;
  guint rows = visible_rows (self) + 1;

  g_ptr_array_set_size (self->layouts, 0);
  self->offset_digits = length > G_MAXUINT32 ? 12 : 8;
  if (length == 0)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  data = mm_mapped_file_get_data (mm_document_get_file (self->document));
  for (guint r = 0; r < rows; r++)
    {
      guint64 start = (self->top_row + r) * BYTES_PER_ROW;
      GString *line;
      PangoLayout *layout;

      if (start >= length)
        break;

      line = g_string_new (NULL);
      g_string_append_printf (line, "%0*" G_GINT64_MODIFIER "X  ", self->offset_digits, start);
      for (guint i = 0; i < BYTES_PER_ROW; i++)
        {
          if (start + i < length && self->low_nibble && self->view != NULL &&
              start + i == mm_text_view_get_caret (self->view))
            /* The half-typed byte is only shown: it is written whole. */
            g_string_append_printf (line, "%X%X ", self->high_digit, data[start + i] & 0x0f);
          else if (start + i < length)
            g_string_append_printf (line, "%02X ", data[start + i]);
          else
            g_string_append (line, "   ");
          if (i == 7)
            g_string_append_c (line, ' ');
        }
      g_string_append (line, " ");
      for (guint i = 0; i < BYTES_PER_ROW && start + i < length; i++)
        {
          guint8 b = data[start + i];

          g_string_append_c (line, b >= 0x20 && b < 0x7f ? (char) b : '.');
        }

      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), line->str);
      pango_layout_set_font_description (layout, self->font);
      g_ptr_array_add (self->layouts, layout);
      g_string_free (line, TRUE);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Keeps the caret's row on screen, a third of the way down when it jumps. */
static void
follow_caret (MmHexPanel *self)
{
  guint64 caret_row;
  guint rows = visible_rows (self);

  if (self->view == NULL)
    return;

  /* The place after the last byte shows with the last row. */
  caret_row = MIN (mm_text_view_get_caret (self->view), MAX (length_of (self), 1) - 1) / BYTES_PER_ROW;
  rows = MAX (rows, 1);
  if (caret_row < self->top_row || caret_row >= self->top_row + rows)
    self->top_row = caret_row > rows / 3 ? caret_row - rows / 3 : 0;

  rebuild (self);
}

static void
on_caret_changed (MmHexPanel *self)
{
  self->low_nibble = FALSE;
  follow_caret (self);
}

static void
fill_cell (MmHexPanel    *self,
           GtkSnapshot   *snapshot,
           guint          column,
           guint          width,
           int            y,
           int            height,
           const GdkRGBA *color)
{
  gtk_snapshot_append_color (snapshot, color,
                             &GRAPHENE_RECT_INIT (PADDING + column * self->cell_width, y,
                                                  width * self->cell_width, height));
}

static void
mm_hex_panel_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  MmHexPanel *self = MM_HEX_PANEL (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  MmEditJournal *journal = self->document ? mm_document_get_journal (self->document) : NULL;
  GdkRGBA fg, selection = { 0.21, 0.52, 0.89, 0.3 }, caret = { 0.21, 0.52, 0.89, 0.85 };
  GdkRGBA edited = { 0.88, 0.11, 0.14, 0.25 }, dim;
  guint64 caret_offset = 0, sel_start = 0, sel_end = 0;
  gboolean focus = gtk_widget_has_focus (widget);

  gtk_style_context_get_color (style, &fg);
  dim = fg;
  dim.alpha *= 0.5;

  if (self->view != NULL)
    {
      caret_offset = mm_text_view_get_caret (self->view);
      mm_text_view_get_selection (self->view, &sel_start, &sel_end);
    }

  for (guint r = 0; r < self->layouts->len; r++)
    {
      guint64 start = (self->top_row + r) * BYTES_PER_ROW;
      int y = (int) r * self->row_height;

      for (guint i = 0; i < BYTES_PER_ROW && start + i < length_of (self); i++)
        {
          guint64 offset = start + i;

          if (offset >= sel_start && offset < sel_end)
            {
              fill_cell (self, snapshot, hex_column (self, i), 2, y, self->row_height, &selection);
              fill_cell (self, snapshot, ascii_column (self, i), 1, y, self->row_height, &selection);
            }
          if (journal != NULL && mm_edit_journal_is_edited (journal, offset))
            {
              fill_cell (self, snapshot, hex_column (self, i), 2, y, self->row_height, &edited);
              fill_cell (self, snapshot, ascii_column (self, i), 1, y, self->row_height, &edited);
            }
          if (offset == caret_offset)
            {
              GdkRGBA box = caret;

              /* The column that typing goes to is drawn solid. */
              box.alpha = focus ? 0.85 : 0.35;
              fill_cell (self, snapshot, hex_column (self, i) + (self->low_nibble ? 1 : 0),
                         self->low_nibble ? 1 : 2, y + self->row_height - 3, 2, &box);
              fill_cell (self, snapshot, ascii_column (self, i), 1, y + self->row_height - 3, 2, &box);
              box.alpha = 0.18;
              fill_cell (self, snapshot, self->ascii ? ascii_column (self, i) : hex_column (self, i),
                         self->ascii ? 1 : 2, y, self->row_height, &box);
            }
        }

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (PADDING, y + 1));
      gtk_snapshot_append_layout (snapshot, g_ptr_array_index (self->layouts, r), &fg);
      gtk_snapshot_restore (snapshot);
    }

  /* A rule between the offsets and the bytes. */
  gtk_snapshot_append_color (snapshot, &dim,
                             &GRAPHENE_RECT_INIT (PADDING + (self->offset_digits + 1) * self->cell_width - 1, 0,
                                                  1, gtk_widget_get_height (widget)));
}

static void
mm_hex_panel_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  MmHexPanel *self = MM_HEX_PANEL (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = (int) (2 * PADDING + (ascii_column (self, BYTES_PER_ROW) + 1) * self->cell_width);
  else
    *minimum = *natural = self->row_height * 4;
}

static void
mm_hex_panel_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  follow_caret (MM_HEX_PANEL (widget));
}

/**
 * mm_hex_panel_hit:
 *
 * The byte under a point, and whether the point is in the ASCII column.
 */
gboolean
mm_hex_panel_hit (MmHexPanel *self,
                  double      x,
                  double      y,
                  guint64    *offset,
                  gboolean   *ascii)
{
  double column = (x - PADDING) / self->cell_width;
  guint64 row = self->top_row + (guint64) MAX (0.0, y / self->row_height);
  guint i;

  g_return_val_if_fail (MM_IS_HEX_PANEL (self), FALSE);

  if (length_of (self) == 0)
    return FALSE;

  if (column >= ascii_column (self, 0))
    {
      i = (guint) MIN (column - ascii_column (self, 0), BYTES_PER_ROW - 1);
      *ascii = TRUE;
    }
  else
    {
      double c = column - hex_column (self, 0);

      if (c > 8 * 3)
        c -= 1;
      i = (guint) CLAMP (c / 3, 0, BYTES_PER_ROW - 1);
      *ascii = FALSE;
    }

  *offset = MIN (row * BYTES_PER_ROW + i, length_of (self) - 1);
  return TRUE;
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            MmHexPanel      *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  gboolean ascii;
  guint64 offset;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->view == NULL || !mm_hex_panel_hit (self, x, y, &offset, &ascii))
    return;

  self->ascii = ascii;
  mm_text_view_set_caret (self->view, offset, (state & GDK_SHIFT_MASK) != 0);
}

static void
move_caret (MmHexPanel *self,
            gint64      delta,
            gboolean    extend)
{
  guint64 caret = mm_text_view_get_caret (self->view);
  guint64 length = length_of (self);
  gint64 target = (gint64) caret + delta;

  target = CLAMP (target, 0, (gint64) (length > 0 ? length - 1 : 0));
  mm_text_view_set_caret (self->view, (guint64) target, extend);
}


/**
 * mm_hex_panel_type_text:
 *
 * What typing does: in the hex column each hex digit overwrites a nibble
 * of the byte under the caret (high, then low, then the next byte); in the
 * ASCII column each character overwrites a byte. Stops at the first error.
 */
gboolean
mm_hex_panel_type_text (MmHexPanel  *self,
                        const char  *text,
                        GError     **error)
{
  MmEditJournal *journal;

  g_return_val_if_fail (MM_IS_HEX_PANEL (self), FALSE);

  if (self->document == NULL || length_of (self) == 0)
    return FALSE;

  journal = mm_document_get_journal (self->document);
  if (journal == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                   _("The file is open read-only. Choose “Enable Editing” in the menu to change bytes."));
      return FALSE;
    }

  for (const char *p = text; *p; p++)
    {
      guint64 caret = mm_text_view_get_caret (self->view);
      guint8 value;

      if (caret >= length_of (self))
        return TRUE;

      if (self->ascii)
        {
          if ((guint8) *p < 0x20 || (guint8) *p >= 0x7f)
            continue;
          value = (guint8) *p;
        }
      else
        {
          int digit = g_ascii_xdigit_value (*p);

          if (digit < 0)
            continue;
          if (!self->low_nibble)
            {
              /* Other programs see the byte only when both digits are
               * typed, never half of it. */
              self->high_digit = (guint8) digit;
              self->low_nibble = TRUE;
              rebuild (self);
              continue;
            }
          value = (guint8) ((self->high_digit << 4) | digit);
        }

      if (!mm_edit_journal_poke (journal, caret, value, error))
        {
          self->low_nibble = FALSE;
          rebuild (self);
          return FALSE;
        }

      /* Moving the caret resets the nibble. */
      move_caret (self, 1, FALSE);
      self->low_nibble = FALSE;
    }

  return TRUE;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                MmHexPanel            *self)
{
  gboolean extend = (state & GDK_SHIFT_MASK) != 0;
  gint64 page = (gint64) visible_rows (self) * BYTES_PER_ROW;
  guint64 caret;
  gunichar ch;

  if (self->view == NULL || length_of (self) == 0)
    return FALSE;

  caret = mm_text_view_get_caret (self->view);
  switch (keyval)
    {
    case GDK_KEY_Left: case GDK_KEY_KP_Left: move_caret (self, -1, extend); return TRUE;
    case GDK_KEY_Right: case GDK_KEY_KP_Right: move_caret (self, 1, extend); return TRUE;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: move_caret (self, -BYTES_PER_ROW, extend); return TRUE;
    case GDK_KEY_Down: case GDK_KEY_KP_Down: move_caret (self, BYTES_PER_ROW, extend); return TRUE;
    case GDK_KEY_Page_Up: case GDK_KEY_KP_Page_Up: move_caret (self, -page, extend); return TRUE;
    case GDK_KEY_Page_Down: case GDK_KEY_KP_Page_Down: move_caret (self, page, extend); return TRUE;
    case GDK_KEY_Home: case GDK_KEY_KP_Home: move_caret (self, -(gint64) (caret % BYTES_PER_ROW), extend); return TRUE;
    case GDK_KEY_End: case GDK_KEY_KP_End:
      move_caret (self, BYTES_PER_ROW - 1 - (gint64) (caret % BYTES_PER_ROW), extend);
      return TRUE;
    case GDK_KEY_Tab: case GDK_KEY_ISO_Left_Tab:
      self->ascii = !self->ascii;
      self->low_nibble = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return TRUE;
    default:
      break;
    }

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;

  ch = gdk_keyval_to_unicode (keyval);
  if (ch >= 0x20 && ch < 0x7f)
    {
      char text[2] = { (char) ch, 0 };
      g_autoptr(GError) error = NULL;

      if (!mm_hex_panel_type_text (self, text, &error) && error != NULL)
        g_signal_emit (self, signals[EDIT_REFUSED], 0, error->message);
      return TRUE;
    }

  return FALSE;
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           MmHexPanel               *self)
{
  guint64 rows = (length_of (self) + BYTES_PER_ROW - 1) / BYTES_PER_ROW;
  gint64 top = (gint64) self->top_row + (gint64) (dy * 3);

  self->top_row = (guint64) CLAMP (top, 0, (gint64) (rows > 0 ? rows - 1 : 0));
  rebuild (self);
  return TRUE;
}

static void
mm_hex_panel_dispose (GObject *object)
{
  MmHexPanel *self = (MmHexPanel *)object;

  g_clear_pointer (&self->layouts, g_ptr_array_unref);
  g_clear_object (&self->document);
  g_clear_weak_pointer (&self->view);
  g_clear_object (&self->view_signals);
  g_clear_object (&self->document_signals);
  g_clear_pointer (&self->font, pango_font_description_free);

  G_OBJECT_CLASS (mm_hex_panel_parent_class)->dispose (object);
}

static void
mm_hex_panel_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MmHexPanel *self = MM_HEX_PANEL (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_object (value, self->view);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_hex_panel_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MmHexPanel *self = MM_HEX_PANEL (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      mm_hex_panel_set_view (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_hex_panel_class_init (MmHexPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mm_hex_panel_dispose;
  object_class->get_property = mm_hex_panel_get_property;
  object_class->set_property = mm_hex_panel_set_property;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL,
                         MM_TYPE_TEXT_VIEW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->snapshot = mm_hex_panel_snapshot;
  widget_class->measure = mm_hex_panel_measure;
  widget_class->size_allocate = mm_hex_panel_size_allocate;

  /**
   * MmHexPanel::edit-refused:
   * @message: why, for the user
   *
   * A key typed in the panel could not change the byte.
   */
  signals[EDIT_REFUSED] =
    g_signal_new ("edit-refused",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "mmhexpanel");
  _mm_document_keys_bind (widget_class);
}

static void
mm_hex_panel_init (MmHexPanel *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);

  self->view_signals = g_signal_group_new (MM_TYPE_TEXT_VIEW);
  g_signal_group_connect_swapped (self->view_signals, "notify::caret", G_CALLBACK (on_caret_changed), self);
  g_signal_group_connect_swapped (self->view_signals, "notify::document", G_CALLBACK (on_document_changed), self);
  self->document_signals = g_signal_group_new (MM_TYPE_DOCUMENT);
  g_signal_group_connect_swapped (self->document_signals, "bytes-changed", G_CALLBACK (rebuild), self);
  g_signal_group_connect_swapped (self->document_signals, "file-changed", G_CALLBACK (rebuild), self);

  self->layouts = g_ptr_array_new_with_free_func (g_object_unref);
  self->font = pango_font_description_from_string ("Monospace 10");
  self->offset_digits = 8;
  mm_font_metrics_measure (GTK_WIDGET (self), self->font, &self->cell_width, &self->row_height);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

GtkWidget *
mm_hex_panel_new (void)
{
  return g_object_new (MM_TYPE_HEX_PANEL, NULL);
}

static void
on_document_changed (MmHexPanel *self)
{
  MmDocument *document = self->view ? mm_text_view_get_document (self->view) : NULL;

  g_set_object (&self->document, document);
  g_signal_group_set_target (self->document_signals, document);
  self->top_row = 0;
  self->low_nibble = FALSE;
  follow_caret (self);
}

/* The view whose caret and document the panel shares, held weakly. */
void
mm_hex_panel_set_view (MmHexPanel *self,
                       MmTextView *view)
{
  g_return_if_fail (MM_IS_HEX_PANEL (self));

  if (self->view == view)
    return;

  g_set_weak_pointer (&self->view, view);
  g_signal_group_set_target (self->view_signals, view);
  on_document_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/* Whether typing goes to the ASCII column rather than the hex digits. */
void
_mm_hex_panel_set_ascii (MmHexPanel *self,
                         gboolean    ascii)
{
  g_return_if_fail (MM_IS_HEX_PANEL (self));

  self->ascii = !!ascii;
  self->low_nibble = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

char *
_mm_hex_panel_dup_row_text (MmHexPanel *self,
                            guint       row)
{
  g_return_val_if_fail (MM_IS_HEX_PANEL (self), NULL);

  if (row >= self->layouts->len)
    return NULL;

  return g_strdup (pango_layout_get_text (g_ptr_array_index (self->layouts, row)));
}
