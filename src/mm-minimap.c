/* mm-minimap.c: an overview of the whole file and a miniature of the rows
 * around the view, side by side.
 *
 * The overview maps bytes linearly onto the height and colours each pixel
 * row from the index's sampled byte classes: letters, digits, punctuation,
 * non-ASCII text and control bytes each have a colour, and the bar's width
 * is how dense the text is. That tells a log from JSON from prose, and the
 * parts of one 270 MB line apart, where newlines say nothing. It grows while
 * the index is built. The miniature draws the rows around the view at one
 * pixel per cell, two per row, with the viewport as a box.
 *
 * Both are painted into pixel buffers when the view scrolls or the index
 * progresses (batched to once per frame); snapshot() only draws textures.
 * No text is laid out.
 */
#define G_LOG_DOMAIN "mm-minimap"

#include "config.h"

#include <string.h>

#include "mm-minimap-private.h"
#include "mm-minimap-geometry.h"

#define OVERVIEW_WIDTH 22
#define GAP 4
#define ROW_PX 2
#define MARK_WIDTH 4

struct _MmMinimap
{
  GtkWidget      parent_instance;

  MmTextView    *view;           /* weak */
  GSignalGroup  *view_signals;
  GSignalGroup  *adjustment_signals;
  GSignalGroup  *document_signals;
  GSignalGroup  *marks_signals;
  MmDocument    *document;
  GdkTexture    *overview;
  GdkTexture    *miniature;
  guint          tick;
  int            box_y;          /* viewport box in the miniature */
  int            box_height;
  int            overview_box_y;
  int            overview_box_height;
  int            covered_y;      /* overview rows the index has reached */
  guint64        mini_first;     /* first byte drawn in the miniature */
  GArray        *mini_rows;      /* guint64 row starts drawn */
  double         drag_start_y;
  double         drag_box_y;
  guint          dragging_box : 1;
  guint          dragging_overview : 1;
  guint          dark : 1;       /* the view's background is dark */
  GdkRGBA        background;     /* the view's text background */
};

G_DEFINE_FINAL_TYPE (MmMinimap, mm_minimap, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void on_document_changed (MmMinimap *self);

/* 0xAARRGGBB colours for byte classes, light and dark. */
static guint32
class_color (MmByteClass klass,
             gboolean    dark)
{
  switch (klass)
    {
    case MM_BYTE_CLASS_LETTER:  return dark ? 0xffb0b0b8 : 0xff5e5c64;
    case MM_BYTE_CLASS_DIGIT:   return dark ? 0xffffa348 : 0xffc64600;
    case MM_BYTE_CLASS_HIGH:    return dark ? 0xff8ff0a4 : 0xff26a269;
    case MM_BYTE_CLASS_CONTROL: return dark ? 0xffff7b63 : 0xffe01b24;
    case MM_BYTE_CLASS_QUOTE:
    case MM_BYTE_CLASS_ESCAPE:  return dark ? 0xffdc8add : 0xff9141ac;
    case MM_BYTE_CLASS_BRACKET: return dark ? 0xff99c1f1 : 0xff1c71d8;
    case MM_BYTE_CLASS_PUNCT:   return dark ? 0xff77767b : 0xff9a9996;
    case MM_BYTE_CLASS_NEWLINE:
    case MM_BYTE_CLASS_SPACE:
    case MM_N_BYTE_CLASSES:
    default:                    return 0;
    }
}

static GdkTexture *
texture_from_pixels (guint32 *pixels,
                     int      width,
                     int      height)
{
  g_autoptr(GBytes) bytes = g_bytes_new_take (pixels, (gsize) width * height * 4);

  /* 0xAARRGGBB words in memory order are B, G, R, A on little-endian. */
  return gdk_memory_texture_new (width, height,
                                 G_BYTE_ORDER == G_LITTLE_ENDIAN ? GDK_MEMORY_B8G8R8A8 : GDK_MEMORY_A8R8G8B8,
                                 bytes, width * 4);
}

static guint32 *
paint_overview (MmMinimap *self,
                int        height)
{
  MmLineIndex *index = mm_document_get_index (self->document);
  guint64 length = mm_document_get_length (self->document);
  guint64 bucket_size = mm_line_index_get_bucket_size (index);
  guint n_buckets = mm_line_index_get_n_buckets (index);
  guint64 scanned = mm_line_index_get_scanned (index);
  MmMinimapGeometry geometry = { length, height };
  guint32 *pixels = g_new0 (guint32, (gsize) OVERVIEW_WIDTH * height);
  MmMarks *marks = mm_document_get_marks (self->document);
  g_autofree guint8 *bins = g_new0 (guint8, height);

  self->covered_y = mm_minimap_offset_to_y (&geometry, scanned);
  if (scanned >= length)
    self->covered_y = height;

  for (int y = 0; y < height; y++)
    {
      guint64 from = mm_minimap_y_to_offset (&geometry, y);
      guint64 to = mm_minimap_y_to_offset (&geometry, y + 1);
      guint first = (guint) (from / bucket_size);
      guint last = (guint) (MAX (to, from + 1) - 1) / bucket_size;
      MmByteStats sum = { { 0 } };
      guint32 total, ink, width;
      guint32 *row = pixels + (gsize) y * OVERVIEW_WIDTH;

      if (y >= self->covered_y || first >= n_buckets)
        {
          /* Not indexed yet: a faint dotted column. */
          if (y % 3 == 0)
            row[OVERVIEW_WIDTH / 2] = self->dark ? 0x40ffffff : 0x40000000;
          continue;
        }

      for (guint i = first; i <= last && i < n_buckets; i++)
        mm_byte_stats_add (&sum, mm_line_index_get_bucket (index, i, NULL));

      total = mm_byte_stats_total (&sum);
      if (total == 0)
        continue;

      /* A stacked bar: each class as wide as its share of the bytes, the
       * whole bar as wide as the share that is not white space. */
      ink = total - sum.count[MM_BYTE_CLASS_SPACE] - sum.count[MM_BYTE_CLASS_NEWLINE];
      width = (guint32) MAX (1.0, (double) ink / total * (OVERVIEW_WIDTH - MARK_WIDTH - 1) + 0.5);
      {
        static const MmByteClass order[] = {
          MM_BYTE_CLASS_LETTER, MM_BYTE_CLASS_HIGH, MM_BYTE_CLASS_DIGIT, MM_BYTE_CLASS_QUOTE,
          MM_BYTE_CLASS_ESCAPE, MM_BYTE_CLASS_BRACKET, MM_BYTE_CLASS_PUNCT, MM_BYTE_CLASS_CONTROL,
        };
        double x = 0;
        guint32 drawn = 0;

        for (guint k = 0; k < G_N_ELEMENTS (order) && ink > 0; k++)
          {
            guint32 color = class_color (order[k], self->dark);
            guint32 stop;

            x += (double) sum.count[order[k]] / ink * width;
            stop = MIN ((guint32) (x + 0.5), width);
            for (; drawn < stop; drawn++)
              row[drawn] = color;
          }
      }
    }

  /* Marks as ticks at the right edge, merged per pixel row. */
  for (guint kind = 0; kind < MM_N_MARK_KINDS; kind++)
    {
      static const guint32 colors[MM_N_MARK_KINDS] = { 0xfff6d32d, 0xffe01b24 };

      if (mm_marks_get_count (marks, kind) == 0 ||
          mm_marks_bin (marks, kind, length, height, bins) == 0)
        continue;
      for (int y = 0; y < height; y++)
        if (bins[y])
          for (int x = OVERVIEW_WIDTH - MARK_WIDTH; x < OVERVIEW_WIDTH; x++)
            pixels[(gsize) y * OVERVIEW_WIDTH + x] = colors[kind];
    }

  return pixels;
}

static guint32 *
paint_miniature (MmMinimap *self,
                 int        width,
                 int        height)
{
  MmRowModel *rows = mm_text_view_get_row_model (self->view);
  const guint8 *data = mm_mapped_file_get_data (mm_document_get_file (self->document));
  guint64 length = mm_document_get_length (self->document);
  guint32 *pixels = g_new0 (guint32, (gsize) width * height);
  guint64 first, end, row, max_top = mm_text_view_get_max_top (self->view);
  int n_rows = height / ROW_PX;
  int view_rows = (int) mm_text_view_get_n_visible (self->view);
  int box_row, moved = 0;
  guint wrap = mm_row_model_get_wrap_cells (rows);
  guint cells = wrap > 0 ? MIN (wrap, (guint) width) : (guint) width;
  double scale = wrap > 0 ? (double) width / MAX (wrap, (guint) width) : 1.0;

  g_array_set_size (self->mini_rows, 0);
  if (!mm_text_view_get_visible_range (self->view, &first, &end) || length == 0)
    return pixels;

  /* Place the viewport box as far down the miniature as the view is down
   * the file, so the miniature scrolls with the view. */
  box_row = max_top > 0
    ? (int) ((long double) MIN (first, max_top) / max_top * MAX (0, n_rows - view_rows))
    : 0;
  row = first;
  while (moved < box_row && mm_row_model_prev (rows, row, &row))
    moved++;
  self->box_y = moved * ROW_PX;
  self->box_height = MIN (view_rows, n_rows) * ROW_PX;
  self->mini_first = row;

  for (int r = 0; r < n_rows; r++)
    {
      g_autoptr(MmRowText) text = mm_row_model_get_text (rows, row, 0, cells);
      guint32 *line = pixels + (gsize) r * ROW_PX * width;

      g_array_append_val (self->mini_rows, row);
      for (guint c = 0; c < text->n_cells; c++)
        {
          guint32 color = class_color (mm_byte_class_of (data[text->cell_offsets[c]]), self->dark);
          int x = (int) (c * scale);

          if (color != 0 && x < width)
            line[x] = (color & 0x00ffffff) | 0xb0000000;
        }

      if (text->end >= length)
        break;
      row = text->end;
    }

  return pixels;
}

static void
update (MmMinimap *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int mini_width = width - OVERVIEW_WIDTH - GAP;
  MmMinimapGeometry geometry;
  guint64 first = 0, end = 0;

  g_clear_object (&self->overview);
  g_clear_object (&self->miniature);

  if (self->view == NULL || self->document == NULL || width <= 0 || height <= 0 ||
      mm_document_get_length (self->document) == 0)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  self->overview = texture_from_pixels (paint_overview (self, height), OVERVIEW_WIDTH, height);
  if (mini_width > 0)
    self->miniature = texture_from_pixels (paint_miniature (self, mini_width, height), mini_width, height);

  geometry.length = mm_document_get_length (self->document);
  geometry.height = height;
  mm_text_view_get_visible_range (self->view, &first, &end);
  mm_minimap_viewport (&geometry, first, end, &self->overview_box_y, &self->overview_box_height);

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  MmMinimap *self = MM_MINIMAP (widget);

  self->tick = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* Many changes in one frame (scrolling, index progress) cost one repaint. */
static void
queue_update (MmMinimap *self)
{
  if (self->tick == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

void
mm_minimap_update_now (MmMinimap *self)
{
  g_return_if_fail (MM_IS_MINIMAP (self));

  if (self->tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick);
      self->tick = 0;
    }
  update (self);
}

static void
mm_minimap_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  MmMinimap *self = MM_MINIMAP (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int x_overview = width - OVERVIEW_WIDTH;
  GdkRGBA box = { 0.5, 0.5, 0.5, 0.18 };
  GdkRGBA edge = { 0.5, 0.5, 0.5, 0.6 };

  if (self->miniature != NULL)
    {
      gtk_snapshot_append_color (snapshot, &self->background,
                                 &GRAPHENE_RECT_INIT (0, 0, x_overview - GAP, height));
      gtk_snapshot_append_texture (snapshot, self->miniature,
                                   &GRAPHENE_RECT_INIT (0, 0, x_overview - GAP, height));
      gtk_snapshot_append_color (snapshot, &box,
                                 &GRAPHENE_RECT_INIT (0, self->box_y, x_overview - GAP, self->box_height));
    }

  if (self->overview != NULL)
    {
      GskRoundedRect outline;
      float widths[4] = { 1, 1, 1, 1 };
      GdkRGBA colors[4] = { edge, edge, edge, edge };

      gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.5, 0.5, 0.5, 0.06 },
                                 &GRAPHENE_RECT_INIT (x_overview, 0, OVERVIEW_WIDTH, height));
      gtk_snapshot_append_texture (snapshot, self->overview,
                                   &GRAPHENE_RECT_INIT (x_overview, 0, OVERVIEW_WIDTH, height));
      gsk_rounded_rect_init_from_rect (&outline,
                                       &GRAPHENE_RECT_INIT (x_overview, self->overview_box_y,
                                                            OVERVIEW_WIDTH, self->overview_box_height), 0);
      gtk_snapshot_append_color (snapshot, &box, &outline.bounds);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
}

static void
mm_minimap_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 130;
  else
    *minimum = *natural = 50;
}

static void
mm_minimap_size_allocate (GtkWidget *widget,
                          int        width,
                          int        height,
                          int        baseline)
{
  queue_update (MM_MINIMAP (widget));
}

static void
mm_minimap_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (mm_minimap_parent_class)->map (widget);
  queue_update (MM_MINIMAP (widget));
}

/* Centres the view on offset. */
static void
center_on (MmMinimap *self,
           guint64    offset)
{
  mm_text_view_set_top (self->view, offset);
  mm_text_view_scroll_rows (self->view, -(int) mm_text_view_get_n_visible (self->view) / 2);
}

/**
 * mm_minimap_click:
 *
 * A press at (x, y): in the overview, jump to that part of the file; in the
 * miniature, centre the row under the pointer.
 */
void
mm_minimap_click (MmMinimap *self,
                  double     x,
                  double     y)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  MmMinimapGeometry geometry;

  g_return_if_fail (MM_IS_MINIMAP (self));

  if (self->document == NULL || mm_document_get_length (self->document) == 0)
    return;

  if (x >= width - OVERVIEW_WIDTH)
    {
      geometry.length = mm_document_get_length (self->document);
      geometry.height = gtk_widget_get_height (GTK_WIDGET (self));
      center_on (self, mm_minimap_y_to_offset (&geometry, y));
    }
  else if (self->mini_rows->len > 0)
    {
      guint r = (guint) CLAMP (y / ROW_PX, 0, self->mini_rows->len - 1);

      center_on (self, g_array_index (self->mini_rows, guint64, r));
    }

  mm_minimap_update_now (self);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               MmMinimap      *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  self->drag_start_y = y;
  self->drag_box_y = self->box_y;
  self->dragging_overview = x >= width - OVERVIEW_WIDTH;
  self->dragging_box = !self->dragging_overview && y >= self->box_y && y < self->box_y + self->box_height;

  if (!self->dragging_box)
    mm_minimap_click (self, x, y);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                MmMinimap      *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  if (self->document == NULL)
    return;

  if (self->dragging_box)
    {
      /* Moving the box by a pixel moves the view by the same share of the
       * file, as dragging a scrollbar's thumb does. */
      double room = MAX (1, height - self->box_height);
      double fraction = CLAMP ((self->drag_box_y + dy) / room, 0.0, 1.0);
      guint64 target = (guint64) ((long double) fraction * mm_text_view_get_max_top (self->view));

      mm_text_view_set_top (self->view, target);
    }
  else if (self->dragging_overview)
    mm_minimap_click (self, width - 1, self->drag_start_y + dy);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           MmMinimap                *self)
{
  if (self->view == NULL)
    return FALSE;

  mm_text_view_scroll_rows (self->view, (int) (dy * 3));
  return TRUE;
}

static void
mm_minimap_dispose (GObject *object)
{
  MmMinimap *self = (MmMinimap *)object;

  g_clear_object (&self->overview);
  g_clear_object (&self->miniature);
  g_clear_pointer (&self->mini_rows, g_array_unref);
  g_clear_object (&self->document);
  g_clear_weak_pointer (&self->view);
  g_clear_object (&self->view_signals);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->adjustment_signals);
  g_clear_object (&self->marks_signals);

  G_OBJECT_CLASS (mm_minimap_parent_class)->dispose (object);
}

static void
mm_minimap_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MmMinimap *self = MM_MINIMAP (object);

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
mm_minimap_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MmMinimap *self = MM_MINIMAP (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      mm_minimap_set_view (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_minimap_class_init (MmMinimapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mm_minimap_dispose;
  object_class->get_property = mm_minimap_get_property;
  object_class->set_property = mm_minimap_set_property;

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL,
                         MM_TYPE_TEXT_VIEW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->snapshot = mm_minimap_snapshot;
  widget_class->measure = mm_minimap_measure;
  widget_class->size_allocate = mm_minimap_size_allocate;
  widget_class->map = mm_minimap_map;

  gtk_widget_class_set_css_name (widget_class, "mmminimap");
}

/* The miniature continues the text beside it: the view's background, and
 * colours for a dark one when it is dark (the desktop's preference or the
 * chosen scheme). */
static void
on_background_changed (MmMinimap *self)
{
  GdkRGBA *background = NULL;
  gboolean dark;

  if (self->view == NULL)
    return;
  g_object_get (self->view, "background", &background, NULL);
  self->background = *background;
  dark = 0.2126 * background->red + 0.7152 * background->green + 0.0722 * background->blue < 0.5;
  gdk_rgba_free (background);
  if (dark != self->dark)
    {
      self->dark = dark;
      queue_update (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
mm_minimap_init (MmMinimap *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);

  self->view_signals = g_signal_group_new (MM_TYPE_TEXT_VIEW);
  g_signal_group_connect_swapped (self->view_signals, "notify::document", G_CALLBACK (on_document_changed), self);
  g_signal_group_connect_swapped (self->view_signals, "notify::background", G_CALLBACK (on_background_changed), self);
  self->adjustment_signals = g_signal_group_new (GTK_TYPE_ADJUSTMENT);
  g_signal_group_connect_swapped (self->adjustment_signals, "value-changed", G_CALLBACK (queue_update), self);
  g_signal_group_connect_swapped (self->adjustment_signals, "changed", G_CALLBACK (queue_update), self);
  self->document_signals = g_signal_group_new (MM_TYPE_DOCUMENT);
  g_signal_group_connect_swapped (self->document_signals, "index-progress", G_CALLBACK (queue_update), self);
  self->marks_signals = g_signal_group_new (MM_TYPE_MARKS);
  g_signal_group_connect_swapped (self->marks_signals, "changed", G_CALLBACK (queue_update), self);

  self->mini_rows = g_array_new (FALSE, FALSE, sizeof (guint64));

  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "default");
}

GtkWidget *
mm_minimap_new (void)
{
  return g_object_new (MM_TYPE_MINIMAP, NULL);
}

static void
on_document_changed (MmMinimap *self)
{
  MmDocument *document = self->view ? mm_text_view_get_document (self->view) : NULL;

  g_set_object (&self->document, document);
  g_signal_group_set_target (self->document_signals, document);
  g_signal_group_set_target (self->marks_signals, document ? mm_document_get_marks (document) : NULL);
  queue_update (self);
}

/* The view to follow, held weakly. */
void
mm_minimap_set_view (MmMinimap  *self,
                     MmTextView *view)
{
  g_return_if_fail (MM_IS_MINIMAP (self));

  if (self->view == view)
    return;

  g_set_weak_pointer (&self->view, view);
  g_signal_group_set_target (self->view_signals, view);
  g_signal_group_set_target (self->adjustment_signals,
                             view ? gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)) : NULL);
  on_document_changed (self);
  on_background_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

MmTextView *
mm_minimap_get_view (MmMinimap *self)
{
  g_return_val_if_fail (MM_IS_MINIMAP (self), NULL);

  return self->view;
}

/* How far down the overview the index has reached, in pixels. */
int
_mm_minimap_get_covered_y (MmMinimap *self)
{
  g_return_val_if_fail (MM_IS_MINIMAP (self), 0);

  return self->covered_y;
}

/* The background the miniature is drawn on; TRUE when it is dark. */
gboolean
_mm_minimap_get_background (MmMinimap *self,
                            GdkRGBA   *background)
{
  g_return_val_if_fail (MM_IS_MINIMAP (self), FALSE);

  *background = self->background;
  return self->dark;
}
