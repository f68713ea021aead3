/* mm-bench-view.c: the view's costs, measured on the real widget in a real
 * window (run under Xvfb when there is no display).
 *
 *   mm-bench-view redraw FILE   rows laid out and drawn at many positions:
 *                               redraw_ms=mean max_redraw_ms=max
 *   mm-bench-view pretty FILE   the same in the pretty view (JSON), then folding
 *                               every conversation and unfolding them:
 *                               fold_all_ms=X unfold_all_ms=Y
 *   mm-bench-view end FILE      Ctrl+End and the frame after it: jump_end_ms=X
 *   mm-bench-view rss FILE [PATTERN]
 *                               VmRSS after indexing and after a full search
 *                               (PATTERN, default "e"), then RssAnon and VmRSS
 *                               after 1000 evenly spaced positions:
 *                               rss_anon_mib=X vm_rss_mib=Y
 *   mm-bench-view minimap FILE  a full minimap repaint at many positions, and
 *                               what its statistics add to the index build:
 *                               redraw_ms=X stats_overhead_pct=Y
 *   mm-bench-view reader FILE   the reader opening the export's conversation
 *                               of most messages, until the frame that shows
 *                               it: reader_messages=N reader_open_ms=X
 *
 * Times are the CPU time of this thread: layout plus building the frame's
 * render nodes, which is what the main thread spends per redraw.
 */
#define G_LOG_DOMAIN "mm-bench-view"

#include "config.h"

#include "mm-json-rows.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mm-application.h"
#include "mm-minimap.h"
#include "mm-reader-private.h"
#include "mm-search.h"
#include "mm-text-view.h"

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
count_paint (guint *painted)
{
  (*painted)++;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
draw (GtkWidget *view)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;

  GTK_WIDGET_GET_CLASS (view)->snapshot (view, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL)
    gsk_render_node_unref (node);
}

/* Rasterising the frame with the window's renderer, which the compositor
 * path does after snapshot(); reported apart from the widget's own work. */
static double
render_ms (GtkWidget *window,
           GtkWidget *widget)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  GdkTexture *texture;
  double start;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL || renderer == NULL)
    return 0;

  start = cpu_ms ();
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  g_object_unref (texture);
  gsk_render_node_unref (node);
  return cpu_ms () - start;
}

/* A "Name:   123 kB" line of /proc/self/status, in KiB. */
static guint64
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  return line ? g_ascii_strtoull (line + strlen (field), NULL, 10) : 0;
}

static void
search_done (MmSearch *search,
             gboolean *done)
{
  *done = mm_search_is_complete (search);
}

static void
index_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(gboolean *) user_data = TRUE;
}

static double
index_seconds (const char *path,
               gboolean    gather_stats)
{
  double best = G_MAXDOUBLE;

  for (guint run = 0; run < 5; run++)
    {
      g_autoptr(MmMappedFile) file = mm_mapped_file_new (path, NULL);
      g_autoptr(MmLineIndex) index = mm_line_index_new (file);
      gint64 start = g_get_monotonic_time ();
      gboolean done = FALSE;

      mm_line_index_set_gather_stats (index, gather_stats);
      mm_line_index_build_async (index, NULL, index_done, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      best = MIN (best, (g_get_monotonic_time () - start) / 1e6);
    }

  return best;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmDocument) document = NULL;
  GtkWidget *window, *view, *minimap;
  guint64 length;
  const char *mode;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s redraw|pretty|end|rss|minimap|reader FILE\n", argv[0]);
      return 2;
    }
  mode = argv[1];

  /* The renderer the application would pick on this machine. */
  mm_application_choose_renderer ();
  gtk_init ();
  file = mm_mapped_file_new (argv[2], &error);
  if (file == NULL)
    g_error ("%s", error->message);
  document = mm_document_new_for_file (file);
  length = mm_document_get_length (document);

  window = gtk_window_new ();
  view = mm_text_view_new ();
  minimap = mm_minimap_new ();
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

    gtk_widget_set_hexpand (view, TRUE);
    gtk_box_append (GTK_BOX (box), view);
    gtk_box_append (GTK_BOX (box), minimap);
    gtk_window_set_child (GTK_WINDOW (window), box);
  }
  mm_minimap_set_view (MM_MINIMAP (minimap), MM_TEXT_VIEW (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  mm_text_view_set_document (MM_TEXT_VIEW (view), document);

  /* Let the indexes finish, as in the application, so that every position
   * gets line numbers and, in JSON, colours. */
  mm_document_start_indexing (document);
  while (!mm_line_index_is_complete (mm_document_get_index (document)) || gtk_widget_get_width (view) == 0 ||
         mm_document_get_json_index (document) == NULL ||
         !mm_json_index_is_complete (mm_document_get_json_index (document)) ||
         !mm_outline_is_complete (mm_document_get_outline (document)))
    g_main_context_iteration (NULL, TRUE);
  iterate ();

  if (g_str_equal (mode, "pretty"))
    {
      /* As the application shows JSON by default. */
      mm_text_view_set_pretty (MM_TEXT_VIEW (view), TRUE);
      mm_text_view_set_readable_strings (MM_TEXT_VIEW (view), TRUE);
      iterate ();
      if (!MM_IS_JSON_ROWS (mm_text_view_get_row_model (MM_TEXT_VIEW (view))))
        g_error ("%s: no JSON to show pretty", argv[2]);
      mode = "redraw";
    }

  if (g_str_equal (mode, "redraw"))
    {
      const guint n = 400;
      double total = 0, worst = 0, setup;

      /* Once per process: the colour styles are resolved (GtkSourceView
       * reads its language files) when the first coloured row is drawn. */
      setup = cpu_ms ();
      mm_text_view_scroll_to (MM_TEXT_VIEW (view), length / 2);
      draw (view);
      setup = cpu_ms () - setup;

      for (guint i = 0; i < n; i++)
        {
          guint64 at = length / n * i + (i * 7919) % 4096;
          double start = cpu_ms (), took;

          mm_text_view_scroll_to (MM_TEXT_VIEW (view), MIN (at, length));
          draw (view);
          took = cpu_ms () - start;
          total += took;
          worst = MAX (worst, took);
        }
      printf ("json_regions=%u (coloured) first_coloured_draw_ms=%.1f\n",
              mm_json_index_get_n_regions (mm_document_get_json_index (document)), setup);
      printf ("positions=%u rows_on_screen=%u wrap=%d renderer=%s render_ms=%.3f (rasterising, apart)\n", n,
              mm_text_view_get_n_visible (MM_TEXT_VIEW (view)), mm_text_view_get_wrap (MM_TEXT_VIEW (view)),
              G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))), render_ms (window, view));
      if (MM_IS_JSON_ROWS (mm_text_view_get_row_model (MM_TEXT_VIEW (view))))
        {
          /* Fold every container of the root's children's depth (every
           * conversation of an export) with the caret on the first, draw;
           * then open them all again. */
          double fold, unfold;

          mm_text_view_scroll_to (MM_TEXT_VIEW (view), 0);
          mm_text_view_set_caret (MM_TEXT_VIEW (view), 1, FALSE);
          draw (view);
          fold = cpu_ms ();
          gtk_widget_activate_action (view, "view.fold-all", NULL);
          draw (view);
          fold = cpu_ms () - fold;
          unfold = cpu_ms ();
          gtk_widget_activate_action (view, "view.unfold-all", NULL);
          draw (view);
          unfold = cpu_ms () - unfold;
          printf ("fold_all_ms=%.3f unfold_all_ms=%.3f (with the frame after)\n", fold, unfold);
        }
      printf ("redraw_ms=%.3f max_redraw_ms=%.3f\n", total / n, worst);
    }
  else if (g_str_equal (mode, "end"))
    {
      double start, took;

      mm_text_view_scroll_to (MM_TEXT_VIEW (view), 0);
      draw (view);
      start = cpu_ms ();
      gtk_widget_activate_action (view, "view.move", "(iib)", MM_TEXT_VIEW_STEP_FILE_ENDS, 1, FALSE);
      draw (view);
      took = cpu_ms () - start;
      printf ("top=%" G_GUINT64_FORMAT " length=%" G_GUINT64_FORMAT "\n",
              mm_text_view_get_top (MM_TEXT_VIEW (view)), length);
      printf ("jump_end_ms=%.3f\n", took);
    }
  else if (g_str_equal (mode, "rss"))
    {
      guint64 before = status_kib ("RssAnon:");
      guint64 after_index = status_kib ("VmRSS:");
      g_autoptr(MmSearch) search = mm_search_new (file, argc >= 4 ? argv[3] : "e", MM_SEARCH_CASE_SENSITIVE, NULL, NULL);
      gboolean searched = FALSE;

      g_signal_connect (search, "progress", G_CALLBACK (search_done), &searched);
      mm_search_start (search, 0);
      while (!searched)
        g_main_context_iteration (NULL, TRUE);
      printf ("vm_rss_after_index_mib=%.1f vm_rss_after_search_mib=%.1f (%" G_GUINT64_FORMAT " matches)\n",
              after_index / 1024.0, status_kib ("VmRSS:") / 1024.0, mm_search_get_n_matches (search));

      for (guint i = 0; i < 1000; i++)
        {
          mm_text_view_scroll_to (MM_TEXT_VIEW (view), length / 1000 * i);
          draw (view);
          if (i % 50 == 0)
            iterate ();
        }
      iterate ();
      printf ("rss_anon_before_mib=%.1f\n", before / 1024.0);
      printf ("rss_anon_mib=%.1f vm_rss_mib=%.1f\n", status_kib ("RssAnon:") / 1024.0, status_kib ("VmRSS:") / 1024.0);
    }
  else if (g_str_equal (mode, "minimap"))
    {
      const guint n = 200;
      double total = 0, worst = 0, with, without;

      for (guint i = 0; i < n; i++)
        {
          double start, took;

          mm_text_view_scroll_to (MM_TEXT_VIEW (view), length / n * i);
          start = cpu_ms ();
          mm_minimap_update_now (MM_MINIMAP (minimap));
          draw (minimap);
          took = cpu_ms () - start;
          total += took;
          worst = MAX (worst, took);
        }

      without = MIN (index_seconds (argv[2], FALSE), index_seconds (argv[2], FALSE));
      with = MIN (index_seconds (argv[2], TRUE), index_seconds (argv[2], TRUE));
      printf ("minimap_size=%dx%d positions=%u max_redraw_ms=%.3f index_seconds_with=%.4f without=%.4f\n",
              gtk_widget_get_width (minimap), gtk_widget_get_height (minimap), n, worst, with, without);
      printf ("redraw_ms=%.3f stats_overhead_pct=%.1f\n", total / n, 100.0 * (with - without) / without);
    }
  else if (g_str_equal (mode, "reader"))
    {
      MmOutline *outline = mm_document_get_outline (document);
      GtkWidget *reader_window = gtk_window_new ();
      GtkWidget *reader = g_object_new (MM_TYPE_READER, NULL);
      GtkAdjustment *scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (_mm_reader_get_list_view (MM_READER (reader))));
      guint64 start = 0;
      guint most = 0, painted = 0;
      double start_ms, took;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (outline)); i++)
        {
          g_autoptr(MmOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (outline), i);

          if (mm_outline_item_get_n_messages (item) > most)
            {
              most = mm_outline_item_get_n_messages (item);
              start = mm_outline_item_get_start (item);
            }
        }
      if (most == 0)
        g_error ("%s: no conversation", argv[2]);

      gtk_window_set_child (GTK_WINDOW (reader_window), reader);
      gtk_window_set_default_size (GTK_WINDOW (reader_window), 500, 900);
      gtk_window_present (GTK_WINDOW (reader_window));
      while (gtk_widget_get_height (reader) == 0)
        g_main_context_iteration (NULL, TRUE);
      iterate ();
      g_signal_connect_swapped (gtk_widget_get_frame_clock (reader_window), "after-paint",
                                G_CALLBACK (count_paint), &painted);

      start_ms = cpu_ms ();
      mm_reader_show (MM_READER (reader), file, start);
      painted = 0;
      while (painted == 0 || gtk_adjustment_get_upper (scroll) == 0)
        g_main_context_iteration (NULL, TRUE);
      took = cpu_ms () - start_ms;
      printf ("reader_messages=%u reader_open_ms=%.1f\n", most, took);
      gtk_window_destroy (GTK_WINDOW (reader_window));
    }
  else
    {
      fprintf (stderr, "unknown mode %s\n", mode);
      return 2;
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
