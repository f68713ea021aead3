/* mm-test-gui.c: opening a window on a file and waiting for it, for the widget tests */
#define G_LOG_DOMAIN "mm-test-gui"

#include "config.h"

#include "mm-test-gui.h"
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
