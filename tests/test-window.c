/* test-window.c: the viewer in a real window, under Xvfb */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mm-application.h"
#include "mm-hex-panel-private.h"
#include "mm-minimap-private.h"
#include "mm-test-gui.h"
#include "mm-test-util.h"
#include "mm-text-view-private.h"
#include "mm-window-private.h"
#include "mm-window.h"

static gboolean
is_message (gpointer data)
{
  return g_strcmp0 (_mm_window_get_state (data), "message") == 0;
}

static GBytes *
sample_log (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 1; s->len < 3 * 1024 * 1024; i++)
    g_string_append_printf (s, "line %u: 2026-11-26 INFO request %u took %u ms\n", i, i * 7, i % 100);
  return g_string_free_to_bytes (s);
}

/* Every visible row shows exactly the file's bytes for its range. */
static void
assert_rows_match_file (MmTextView   *view,
                        const guint8 *data)
{
  for (guint i = 0; i < mm_text_view_get_n_visible (view); i++)
    {
      g_autofree char *text = _mm_text_view_dup_row_text (view, i);
      guint64 start, end;

      g_assert_true (_mm_text_view_get_row_range (view, i, &start, &end));
      if (end > start && data[end - 1] == '\n')
        end--;
      g_assert_cmpmem (text, strlen (text), data + start, end - start);
    }
}

static void
move (MmTextView     *view,
      MmTextViewStep  step,
      int             count,
      gboolean        extend)
{
  gtk_widget_activate_action (GTK_WIDGET (view), "view.move", "(iib)", step, count, extend);
}

static void
test_scroll_and_rows (void)
{
  g_autoptr(GBytes) bytes = sample_log ();
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file ("view.log", data, length);
  MmWindow *window = mm_test_open_window (path, 0);
  MmTextView *view = mm_window_get_view (window);
  guint64 start, end, top_at_end;

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the log to open");
  assert_rows_match_file (view, data);
  g_assert_true (_mm_text_view_get_row_range (view, 0, &start, &end));
  g_assert_cmpuint (start, ==, 0);

  /* To the end: the last row ends the file. */
  move (view, MM_TEXT_VIEW_STEP_FILE_ENDS, 1, FALSE);
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, length);
  g_assert_true (_mm_text_view_get_row_range (view, mm_text_view_get_n_visible (view) - 1, &start, &end));
  g_assert_cmpuint (end, ==, length);
  assert_rows_match_file (view, data);
  top_at_end = mm_text_view_get_top (view);

  /* And a page back: rows stay exact and the view moved up. */
  move (view, MM_TEXT_VIEW_STEP_PAGES, -1, FALSE);
  g_assert_cmpuint (mm_text_view_get_top (view), <, top_at_end);
  assert_rows_match_file (view, data);

  /* Unwrapped, then wrapped again, the rows still hold the file's bytes. */
  mm_text_view_set_wrap (view, FALSE);
  assert_rows_match_file (view, data);
  mm_text_view_set_wrap (view, TRUE);
  assert_rows_match_file (view, data);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_go_to_line (void)
{
  g_autoptr(GBytes) bytes = sample_log ();
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file ("goto.log", data, length);
  g_autoptr(GArray) starts = mm_test_naive_line_starts (data, length);
  MmWindow *window = mm_test_open_window (path, 0);
  MmTextView *view = mm_window_get_view (window);
  g_autoptr(GError) error = NULL;
  guint lines[] = { 1, 2, 1234, 40000, starts->len };

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the log to open");

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", lines[i]);
      guint64 expected = g_array_index (starts, guint64, lines[i] - 1);
      guint64 start, end;

      g_assert_true (mm_window_go_to (window, text, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (mm_text_view_get_caret (view), ==, expected);
      /* The line is on screen. */
      g_assert_true (_mm_text_view_get_row_range (view, 0, &start, &end));
      g_assert_cmpuint (start, <=, expected);
    }

  /* Byte offsets and percentages. */
  g_assert_true (mm_window_go_to (window, "0x100", &error));
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, 0x100);
  g_assert_true (mm_window_go_to (window, "@1000", &error));
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, 1000);
  g_assert_true (mm_window_go_to (window, "50%", &error));
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, length / 2);

  g_assert_false (mm_window_go_to (window, "nonsense", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (mm_window_go_to (window, "0xFFFFFFFFFF", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_open_at_line (void)
{
  g_autoptr(GBytes) bytes = sample_log ();
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file ("at-line.log", data, length);
  g_autoptr(GArray) starts = mm_test_naive_line_starts (data, length);
  MmWindow *window = mm_test_open_window (path, 30000);

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the log to open");
  /* "mmview FILE:30000" lands on line 30000 once the index covers it. */
  g_assert_cmpuint (mm_text_view_get_caret (mm_window_get_view (window)), ==,
                    g_array_index (starts, guint64, 29999));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_has_content (gpointer data)
{
  return gdk_clipboard_get_content (data) != NULL;
}

static gboolean
read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static void
test_select_and_copy (void)
{
  g_autoptr(GBytes) bytes = mm_test_random_text (4, 200 * 1024, FALSE);
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file ("copy.txt", data, length);
  MmWindow *window = mm_test_open_window (path, 0);
  MmTextView *view = mm_window_get_view (window);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  ClipboardRead read = { NULL, FALSE };
  guint64 start, end;

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the file to open");

  mm_text_view_set_caret (view, 1000, FALSE);
  move (view, MM_TEXT_VIEW_STEP_ROWS, 5, TRUE);
  move (view, MM_TEXT_VIEW_STEP_CHARS, 3, TRUE);
  g_assert_true (mm_text_view_get_selection (view, &start, &end));
  g_assert_cmpuint (start, ==, 1000);
  g_assert_cmpuint (end, >, 1000);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.copy", NULL);
  mm_test_wait_for (clipboard_has_content, clipboard, "the copy");
  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &read);
  mm_test_wait_for (read_done, &read, "the clipboard text");
  g_assert_nonnull (read.text);
  g_assert_cmpmem (read.text, strlen (read.text), data + start, end - start);
  g_free (read.text);

  /* Select all on a file this small copies it whole. */
  mm_text_view_select_all (view);
  g_assert_true (mm_text_view_get_selection (view, &start, &end));
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (end, ==, length);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_refused (const char *path,
                const char *expect_in_message)
{
  MmWindow *window = mm_test_open_window (path, 0);

  mm_test_wait_for (is_message, window, "the error message");
  g_assert_nonnull (strstr (_mm_window_get_message (window), expect_in_message));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_bad_inputs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mmview-window-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  g_autofree char *empty = mm_test_write_file ("empty.txt", "", 0);

  assert_refused ("/nonexistent/missing.json", "No such file");
  assert_refused (dir, "folder");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_refused (fifo, "pipe");
  assert_refused ("/dev/null", "special file");
  assert_refused (empty, "0 bytes");

  if (geteuid () != 0)
    {
      g_autofree char *secret = mm_test_write_file ("secret.txt", "x", 1);

      chmod (secret, 0000);
      assert_refused (secret, "Permission denied");
    }
  unlink (fifo);
}

static MmDocument *before_truncation;

/* Reloaded: another document, not the one that saw its file shrink (which
 * says the new length too, before the reload has even started). */
static gboolean
banner_shown_and_reloaded (gpointer data)
{
  MmWindow *window = data;
  MmDocument *document = mm_window_get_document (window);

  return document != NULL && document != before_truncation &&
         g_strcmp0 (_mm_window_get_state (window), "view") == 0 &&
         mm_document_get_length (document) == 4096 &&
         mm_line_index_is_complete (mm_document_get_index (document));
}

static void
test_truncated_while_open (void)
{
  g_autoptr(GBytes) bytes = sample_log ();
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file ("shrinks.log", data, length);
  MmWindow *window = mm_test_open_window (path, 0);
  MmTextView *view = mm_window_get_view (window);

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the log to open");
  move (view, MM_TEXT_VIEW_STEP_FILE_ENDS, 1, FALSE);

  /* Another program cuts the file while it is shown at its end. */
  before_truncation = mm_window_get_document (window);
  g_assert_cmpint (truncate (path, 4096), ==, 0);
  mm_test_wait_for (banner_shown_and_reloaded, window, "the reload after truncation");
  before_truncation = NULL;
  g_assert_cmpuint (mm_text_view_get_caret (view), <=, 4096);
  assert_rows_match_file (view, data);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_minimap_click_and_drag (void)
{
  g_autoptr(GBytes) bytes = sample_log ();
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file ("minimap.log", data, length);
  MmWindow *window = mm_test_open_window (path, 0);
  MmTextView *view = mm_window_get_view (window);
  MmMinimap *minimap = mm_window_get_minimap (window);
  int width, height;
  guint64 top;

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the log to open");
  mm_minimap_update_now (minimap);
  width = gtk_widget_get_width (GTK_WIDGET (minimap));
  height = gtk_widget_get_height (GTK_WIDGET (minimap));
  g_assert_cmpint (width, >, 0);

  /* The whole file is indexed, so the overview covers its height. */
  g_assert_cmpint (_mm_minimap_get_covered_y (minimap), ==, height);

  /* A click in the overview's middle shows the middle of the file. */
  mm_minimap_click (minimap, width - 2, height / 2.0);
  top = mm_text_view_get_top (view);
  g_assert_cmpuint (top, >, length / 2 - length / 20);
  g_assert_cmpuint (top, <, length / 2 + length / 20);
  assert_rows_match_file (view, data);

  /* Near the bottom: the view shows the end. */
  mm_minimap_click (minimap, width - 2, height - 1);
  g_assert_cmpuint (top, <, mm_text_view_get_top (view));

  /* The miniature is drawn on the text's background, with colours for a
   * dark one when a dark scheme is chosen on a light desktop. */
  {
    GdkRGBA *text_bg = NULL;
    GdkRGBA mini_bg;

    mm_text_view_set_dark (view, FALSE);
    mm_text_view_set_style_scheme (view, "Adwaita");
    g_assert_false (_mm_minimap_get_background (minimap, &mini_bg));
    mm_text_view_set_style_scheme (view, "Adwaita-dark");
    g_assert_true (_mm_minimap_get_background (minimap, &mini_bg));
    g_object_get (view, "background", &text_bg, NULL);
    g_assert_true (gdk_rgba_equal (text_bg, &mini_bg));
    gdk_rgba_free (text_bg);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_edit_in_hex_panel (void)
{
  g_autoptr(GBytes) bytes = sample_log ();
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file ("edit.log", data, length);
  MmWindow *window = mm_test_open_window (path, 0);
  MmTextView *view = mm_window_get_view (window);
  MmHexPanel *panel = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *row = NULL;
  gsize read_length;
  guint8 original = data[5];

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the log to open");
  panel = mm_window_get_hex_panel (window);
  g_assert_nonnull (panel);

  /* Read-only until editing is enabled: typing changes nothing. */
  mm_text_view_set_caret (view, 5, FALSE);
  g_assert_false (mm_hex_panel_type_text (panel, "41", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
  g_clear_error (&error);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.enable-editing", NULL);
  g_assert_nonnull (mm_document_get_journal (mm_window_get_document (window)));
  mm_text_view_set_caret (view, 5, FALSE);
  /* One hex digit is shown, not written: other programs never see half a
   * byte. */
  {
    guint8 before = data[5];

    g_assert_true (mm_hex_panel_type_text (panel, "4", &error));
    g_assert_true (g_file_get_contents (path, &contents, &read_length, NULL));
    g_assert_cmpuint ((guint8) contents[5], ==, before);
    g_clear_pointer (&contents, g_free);
    g_assert_cmpuint (mm_text_view_get_caret (view), ==, 5);
  }
  g_assert_true (mm_hex_panel_type_text (panel, "1", &error));
  g_assert_no_error (error);
  /* Two nibbles made one byte and moved on. */
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, 6);
  _mm_hex_panel_set_ascii (panel, TRUE);
  g_assert_true (mm_hex_panel_type_text (panel, "Z", &error));

  row = _mm_hex_panel_dup_row_text (panel, 0);
  g_assert_nonnull (strstr (row, "41 5A"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  g_assert_true (g_file_get_contents (path, &contents, &read_length, NULL));
  g_assert_cmpuint (read_length, ==, length);
  g_assert_cmpuint ((guint8) contents[5], ==, 'A');
  g_assert_cmpuint ((guint8) contents[6], ==, 'Z');
  g_clear_pointer (&contents, g_free);

  /* Undo everything and save: the file is as it was. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.revert-edits", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  g_assert_true (g_file_get_contents (path, &contents, &read_length, NULL));
  g_assert_cmpmem (contents, read_length, data, length);
  g_assert_cmpuint ((guint8) contents[5], ==, original);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  MmWindow *window;
  guint64   length;
  guint64   lines;
} Expect;

static gboolean
document_has (gpointer data)
{
  Expect *expect = data;
  MmDocument *document = mm_window_get_document (expect->window);
  guint64 lines;

  return document != NULL && mm_document_get_length (document) == expect->length &&
         mm_line_index_get_n_lines (mm_document_get_index (document), &lines) && lines == expect->lines;
}

static void
test_other_process_writes (void)
{
  g_autoptr(GBytes) bytes = sample_log ();
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file ("outside.log", data, length);
  g_autoptr(GArray) starts = mm_test_naive_line_starts (data, length);
  MmWindow *window = mm_test_open_window (path, 0);
  static const char appended[] = "appended line one\nappended line two\n";
  Expect expect = { window, length, starts->len };
  int fd;

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the log to open");

  /* Another writer turns a byte of the first line into a newline, in place:
   * the view shows it and the line count follows, without a reload. */
  fd = open (path, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, "\n", 1, 4), ==, 1);
  expect.lines = starts->len + 1;
  mm_test_wait_for (document_has, &expect, "the index to see the new newline");
  {
    g_autofree char *first = _mm_text_view_dup_row_text (mm_window_get_view (window), 0);
    g_assert_cmpstr (first, ==, "line");
  }

  /* An append extends the document. */
  g_assert_cmpint (pwrite (fd, appended, sizeof appended - 1, length), ==, sizeof appended - 1);
  close (fd);
  expect.length = length + sizeof appended - 1;
  expect.lines = starts->len + 3;
  mm_test_wait_for (document_has, &expect, "the append to show");
  g_assert_cmpstr (_mm_window_get_state (window), ==, "view");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
search_done (gpointer data)
{
  MmSearch *search = mm_window_get_search (data);
  guint64 start, end;

  return search != NULL && mm_search_is_complete (search) &&
         mm_text_view_get_selection (mm_window_get_view (data), &start, &end);
}

static void
test_search_bar (void)
{
  g_autoptr(GBytes) bytes = sample_log ();
  gsize length;
  const guint8 *data = g_bytes_get_data (bytes, &length);
  g_autofree char *path = mm_test_write_file ("search.log", data, length);
  MmWindow *window = mm_test_open_window (path, 0);
  MmTextView *view = mm_window_get_view (window);
  guint64 start, end, first = 0, count = 0;
  const char *needle = "took 42 ms";

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the log to open");
  for (const guint8 *p = data; (p = memmem (p, length - (p - data), needle, strlen (needle))) != NULL; p++)
    {
      if (count == 0)
        first = p - data;
      count++;
    }
  g_assert_cmpuint (count, >, 10);

  /* The first match after the caret is selected; all are counted. */
  mm_window_find (window, needle);
  mm_test_wait_for (search_done, window, "the search");
  g_assert_cmpuint (mm_search_get_n_matches (mm_window_get_search (window)), ==, count);
  g_assert_true (mm_text_view_get_selection (view, &start, &end));
  g_assert_cmpuint (start, ==, first);
  g_assert_cmpuint (end - start, ==, strlen (needle));
  g_assert_cmpmem (data + start, end - start, needle, strlen (needle));
  g_assert_cmpuint (mm_marks_get_count (mm_document_get_marks (mm_window_get_document (window)), MM_MARK_SEARCH),
                    ==, count);

  /* Next moves on; previous from the first wraps to the last. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL);
  g_assert_true (mm_text_view_get_selection (view, &start, &end));
  g_assert_cmpuint (start, >, first);
  g_assert_cmpmem (data + start, end - start, needle, strlen (needle));
  g_assert_nonnull (strstr (_mm_window_get_search_status (window), "2 of"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-previous", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-previous", NULL);
  g_assert_true (mm_text_view_get_selection (view, &start, &end));
  g_assert_cmpmem (data + start, end - start, needle, strlen (needle));
  g_assert_cmpuint (start, >, length / 2);

  /* An empty pattern searches nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  mm_window_find (window, "");
  g_assert_null (mm_window_get_search (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_recent (gpointer data)
{
  return gtk_recent_manager_has_item (gtk_recent_manager_get_default (), data);
}

/* What waits for the first frame (the recent files, the window's icon, the
 * background passes) still happens. */
static void
test_after_first_frame (void)
{
  g_autofree char *path = mm_test_write_file ("first-frame.log", "one\ntwo\n", 8);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  MmWindow *window;

  gtk_recent_manager_remove_item (gtk_recent_manager_get_default (), uri, NULL);
  g_assert_false (is_recent (uri));

  window = mm_test_open_window (path, 0);
  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the file to open");
  mm_test_wait_for (is_recent, uri, "the file among the recent files");
  g_assert_cmpstr (gtk_window_get_icon_name (GTK_WINDOW (window)), ==, APP_ID);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The application's own icon comes from its resources, through the path
 * GtkApplication adds to the icon theme at startup. */
static void
test_application_icon (void)
{
  g_autoptr(MmApplication) app = mm_application_new ();
  g_autoptr(GError) error = NULL;
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
}

/* Where GDK is told to leave GL off, and how. */
#if GTK_CHECK_VERSION (4, 16, 0)
# define GL_OFF_VARIABLE "GDK_DISABLE"
# define GL_OFF "gl"
#else
# define GL_OFF_VARIABLE "GDK_DEBUG"
# define GL_OFF "gl-disable"
#endif

/* Drawing with cairo (no GPU render node, or the user's choice), GL is left
 * off; a renderer or GDK flags the user set are kept. In a child process,
 * whose environment can change. */
static void
test_renderer_choice (void)
{
  static const struct {
    const char *renderer;   /* GSK_RENDERER before */
    const char *flags;      /* GL_OFF_VARIABLE before, or NULL */
    const char *flags_after;
  } cases[] = {
    { "cairo", NULL, GL_OFF },
    { "gl", NULL, NULL },
    { "ngl", "misc", "misc" },
    { "cairo", "events", "events" },
  };
  g_autoptr(GDir) dri = NULL;
  gboolean render_node = FALSE;
  const char *name;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_setenv ("GSK_RENDERER", cases[i].renderer, TRUE);
      if (cases[i].flags != NULL)
        g_setenv (GL_OFF_VARIABLE, cases[i].flags, TRUE);
      else
        g_unsetenv (GL_OFF_VARIABLE);
      mm_application_choose_renderer ();
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, cases[i].renderer);
      g_assert_cmpstr (g_getenv (GL_OFF_VARIABLE), ==, cases[i].flags_after);
    }

  /* Nothing set: cairo and no GL, unless there is a GPU. */
  dri = g_dir_open ("/dev/dri", 0, NULL);
  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    render_node |= g_str_has_prefix (name, "renderD");
  g_unsetenv ("GSK_RENDERER");
  g_unsetenv (GL_OFF_VARIABLE);
  mm_application_choose_renderer ();
  g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, render_node ? NULL : "cairo");
  g_assert_cmpstr (g_getenv (GL_OFF_VARIABLE), ==, render_node ? NULL : GL_OFF);
}

/* The tab width set in the settings reaches files opened after it. */
static gboolean
rows_have_tab_width_4 (gpointer window)
{
  return mm_rows_get_tab_width (mm_document_get_rows (mm_window_get_document (window))) == 4;
}

static void
test_tab_width_later (void)
{
  g_autofree char *first = mm_test_write_file ("tabs-1.txt", "a\tb\n", 4);
  g_autofree char *second = mm_test_write_file ("tabs-2.txt", "c\td\n", 4);
  MmWindow *window = mm_test_open_window (first, 0);
  g_autoptr(GFile) file = g_file_new_for_path (second);

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the first file");
  /* The setting's change may reach the binding from the main loop. */
  g_settings_set_uint (window->settings, "tab-width", 4);
  mm_test_wait_for (rows_have_tab_width_4, window, "the tab width in the rows");

  mm_window_open (window, file, 0);
  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the second file");
  g_assert_cmpstr (mm_document_get_path (mm_window_get_document (window)), ==, second);
  g_assert_cmpuint (mm_rows_get_tab_width (mm_document_get_rows (mm_window_get_document (window))), ==, 4);

  g_settings_reset (window->settings, "tab-width");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/window/scroll-and-rows", test_scroll_and_rows);
  g_test_add_func ("/window/go-to-line", test_go_to_line);
  g_test_add_func ("/window/open-at-line", test_open_at_line);
  g_test_add_func ("/window/select-and-copy", test_select_and_copy);
  g_test_add_func ("/window/bad-inputs", test_bad_inputs);
  g_test_add_func ("/window/truncated-while-open", test_truncated_while_open);
  g_test_add_func ("/window/minimap-click-and-drag", test_minimap_click_and_drag);
  g_test_add_func ("/window/edit-in-hex-panel", test_edit_in_hex_panel);
  g_test_add_func ("/window/other-process-writes", test_other_process_writes);
  g_test_add_func ("/window/search-bar", test_search_bar);
  g_test_add_func ("/window/after-first-frame", test_after_first_frame);
  g_test_add_func ("/window/tab-width-later", test_tab_width_later);
  g_test_add_func ("/window/application-icon", test_application_icon);
  g_test_add_func ("/window/renderer-choice", test_renderer_choice);

  return g_test_run ();
}
