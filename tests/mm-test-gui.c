/* mm-test-gui.c: opening a window on a file and waiting for it, for the widget tests */
#define G_LOG_DOMAIN "mm-test-gui"

#include "config.h"

#include "mm-test-gui.h"
#include "mm-text-view-private.h"
#include "mm-window-private.h"

#define TIMEOUT_USEC (20 * G_USEC_PER_SEC)

void
mm_test_wait_for (MmTestCondition  condition,
                  gpointer         data,
                  const char      *what)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT_USEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

gboolean
mm_test_is_viewing_and_indexed (gpointer data)
{
  MmWindow *window = data;
  MmDocument *document = mm_window_get_document (window);

  return g_strcmp0 (_mm_window_get_state (window), "view") == 0 &&
         document != NULL &&
         mm_line_index_is_complete (mm_document_get_index (document)) &&
         gtk_widget_get_width (GTK_WIDGET (mm_window_get_view (window))) > 0 &&
         mm_text_view_get_n_visible (mm_window_get_view (window)) > 1;
}

MmWindow *
mm_test_open_window (const char *path,
                     guint64     line)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  MmWindow *window = mm_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_present (GTK_WINDOW (window));
  mm_window_open (window, file, line);
  return window;
}

static int
by_centre (gconstpointer a,
           gconstpointer b)
{
  double x = ((const MmTestGlyph *) a)->centre, y = ((const MmTestGlyph *) b)->centre;

  return (x > y) - (x < y);
}

static void
collect_glyphs (GskRenderNode *node,
                GArray        *out)
{
  if (gsk_render_node_get_node_type (node) == GSK_CONTAINER_NODE)
    {
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_glyphs (gsk_container_node_get_child (node, i), out);
      return;
    }

  if (gsk_render_node_get_node_type (node) == GSK_TEXT_NODE)
    {
      /* Not the count gsk_text_node_get_glyphs() gives: it is declared
       * pure, so its out argument may be read before it is written. */
      guint n = gsk_text_node_get_num_glyphs (node);
      const PangoGlyphInfo *glyphs = gsk_text_node_get_glyphs (node, NULL);
      const graphene_point_t *offset = gsk_text_node_get_offset (node);
      PangoFont *font = gsk_text_node_get_font (node);
      int pen = 0;


      for (guint i = 0; i < n; i++)
        {
          PangoRectangle logical;
          MmTestGlyph glyph;

          pango_font_get_glyph_extents (font, glyphs[i].glyph, NULL, &logical);
          glyph.centre = offset->x + (double) (pen + glyphs[i].geometry.x_offset + logical.width / 2) / PANGO_SCALE;
          glyph.color = *gsk_text_node_get_color (node);
          g_array_append_val (out, glyph);
          pen += glyphs[i].geometry.width;
        }
    }
}

/**
 * mm_test_row_glyphs:
 *
 * Returns: (nullable): the glyphs visible row @row draws from its render
 * nodes (MmTestGlyph, by position), or %NULL when Pango lays it out.
 */
GArray *
mm_test_row_glyphs (MmTextView *view,
                    guint       row)
{
  MmVisibleRow *vr;
  GArray *out;

  g_assert_cmpuint (row, <, view->visible->len);
  vr = g_ptr_array_index (view->visible, row);
  if (vr->text_node == NULL)
    return NULL;
  out = g_array_new (FALSE, FALSE, sizeof (MmTestGlyph));
  collect_glyphs (vr->text_node, out);
  g_array_sort (out, by_centre);
  return out;
}
