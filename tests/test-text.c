/* test-text.c: real-world text in the view: wide, missing, right-to-left
 * and invisible characters, long lines, the end of the file, the status bar */
#define G_LOG_DOMAIN "test-text"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "mm-test-gui.h"
#include "mm-test-util.h"
#include "mm-statusbar-private.h"
#include "mm-text-view-private.h"
#include "mm-window-private.h"

static MmWindow *
open_text (const char *name,
           const char *text,
           gssize      length)
{
  g_autofree char *path = mm_test_write_file (name, text, length < 0 ? strlen (text) : (gsize) length);
  MmWindow *window = mm_test_open_window (path, 0);

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, name);
  return window;
}

static void
move (MmTextView     *view,
      MmTextViewStep  step,
      int             count)
{
  gtk_widget_activate_action (GTK_WIDGET (view), "view.move", "(iib)", step, count, FALSE);
}

/* Where a row drawn from its own render nodes puts its glyphs: one for
 * each character but blanks, centred on the character's cells. */
static void
assert_glyphs_centred (MmTextView *view,
                       guint       row_index,
                       GArray     *glyphs)
{
  MmVisibleRow *vr = g_ptr_array_index (view->visible, row_index);
  MmRowText *row = vr->text;
  guint n = 0;

  for (guint c = 0; c < row->n_cells; )
    {
      guint end = c + 1;

      while (end < row->n_cells && row->cell_text[end] == row->cell_text[c])
        end++;
      if (row->text[row->cell_text[c]] != ' ')
        {
          g_assert_cmpuint (n, <, glyphs->len);
          g_assert_cmpfloat_with_epsilon (g_array_index (glyphs, MmTestGlyph, n).centre,
                                          (c + end) / 2.0 * view->cell_width, 1.0);
          n++;
        }
      c = end;
    }
  g_assert_cmpuint (n, ==, glyphs->len);
}

/* Each character's glyphs start on its first cell, whatever the font
 * does (fallback CJK glyphs, boxes for missing ones, right-to-left text,
 * combining marks), and clicking a cell gives that character's bytes.
 * Rows of characters that need no shaping between neighbours are drawn
 * from glyphs looked up once; the others are laid out by Pango. */
static void
test_glyphs_on_cells (void)
{
  static const char text[] =
    "CJK: 漢字テスト中文字符한국어 end\n"
    "Hebrew: שלום עולם end\n"
    "Arabic: مرحبا بالعالم end\n"
    "Marks: e\xcc\x81 a\xcc\x88 o\xcc\x83\xcc\x81 end\n"
    "Missing: \xee\x80\x80\xf4\x8f\xbf\xbd \xf0\x9f\x9a\x80 end\n"
    "Tabs:\tx\t\xe6\xbc\xa2\tend\n"
    "Latin: caf\xc3\xa9 \xce\xbb\xce\xad\xce\xbe\xce\xb7 \xd0\xbf\xd1\x80\xd0\xb8 {\"a\": [1, true]} \xe2\x80\xa6 end\n";
  static const gboolean laid_out_by_pango[] = { FALSE, TRUE, TRUE, TRUE, TRUE, FALSE, FALSE };
  MmWindow *window = open_text ("glyphs.txt", text, -1);
  MmTextView *view = mm_window_get_view (window);
  guint checked = 0, from_nodes = 0;

  for (guint i = 0; i < view->visible->len; i++)
    {
      MmVisibleRow *vr = g_ptr_array_index (view->visible, i);
      MmRowText *row = vr->text;
      g_autoptr(GArray) glyphs = mm_test_row_glyphs (view, i);

      /* The CJK row needs a CJK font to be drawn from glyphs. */
      if (i > 0 && i < G_N_ELEMENTS (laid_out_by_pango))
        g_assert_cmpint (glyphs == NULL, ==, laid_out_by_pango[i]);
      if (glyphs != NULL)
        {
          assert_glyphs_centred (view, i, glyphs);
          from_nodes++;
        }

      for (guint c = 0; c < row->n_cells; c++)
        {
          PangoRectangle pos;
          guint64 offset;

          if (c > 0 && row->cell_text[c] == row->cell_text[c - 1])
            continue;   /* the second cell of a wide character */

          if (glyphs == NULL)
            {
              pango_layout_index_to_pos (vr->layout, MM_ROW_LAYOUT_PREFIX_LEN + (int) row->cell_text[c], &pos);
              g_assert_cmpfloat_with_epsilon ((double) pos.x / PANGO_SCALE, c * view->cell_width, 1.0);
            }

          /* A click on the left part of the cell puts the caret on it. */
          g_assert_true (_mm_text_view_hit (view, view->text_x + (c + 0.3) * view->cell_width,
                                            (i + 0.5) * view->row_height, &offset));
          g_assert_cmpuint (offset, ==, row->cell_offsets[c]);
          checked++;
        }
    }
  g_assert_cmpuint (checked, >, 100);
  g_assert_cmpuint (from_nodes, >=, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Characters that draw as nothing or reorder text are spelled out, each in
 * its own cells, and the caret stops on each. */
static void
test_invisible_characters (void)
{
  static const char text[] =
    "a\xe2\x80\x8b" "b\xe2\x80\xae" "c\xe2\x80\xac \xef\xbb\xbf \xc2\x85 \xff\xcc\x81x \xcc\x81\n"
    "\xef\xbb\xbf" "BOM\n";
  MmWindow *window = open_text ("invisible.txt", text, -1);
  MmTextView *view = mm_window_get_view (window);
  g_autofree char *first = _mm_text_view_dup_row_text (view, 0);
  g_autofree char *second = _mm_text_view_dup_row_text (view, 1);
  static const guint64 stops[] = { 1, 4, 5, 8, 9, 12, 13, 16, 17, 19, 20, 21, 23 };

  /* A mark after an invalid byte has nothing to sit on; after a space it
   * is a diacritic on its own, as Unicode means it. */
  g_assert_cmpstr (first, ==, "a<U+200B>b<U+202E>c<U+202C> <U+FEFF> <U+0085> FF<U+0301>x \xcc\x81");
  g_assert_cmpstr (second, ==, "<U+FEFF>BOM");

  mm_text_view_set_caret (view, 0, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (stops); i++)
    {
      move (view, MM_TEXT_VIEW_STEP_CHARS, 1);
      g_assert_cmpuint (mm_text_view_get_caret (view), ==, stops[i]);
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* With wrapping off, End goes to the end of a 200,000-byte line at once,
 * and Home back to its start. */
static void
test_home_end_of_long_line (void)
{
  gsize long_line = 200000;
  g_autofree char *text = g_malloc (long_line + 32);
  MmWindow *window;
  MmTextView *view;

  memset (text, 'x', long_line);
  strcpy (text + long_line, "\nshort\r\nlast\n");
  window = open_text ("long-line.txt", text, -1);
  view = mm_window_get_view (window);
  mm_text_view_set_wrap (view, FALSE);

  mm_text_view_set_caret (view, 1234, FALSE);
  move (view, MM_TEXT_VIEW_STEP_ROW_ENDS, 1);
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, long_line);
  move (view, MM_TEXT_VIEW_STEP_ROW_ENDS, -1);
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, 0);

  /* A CRLF line ends before its CR. */
  mm_text_view_set_caret (view, long_line + 2, FALSE);
  move (view, MM_TEXT_VIEW_STEP_ROW_ENDS, 1);
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, long_line + 6);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* After a final newline the end of the file is a place of its own: an
 * empty last row. */
static void
test_after_final_newline (void)
{
  static const char text[] = "one\ntwo\nthree\n";
  guint64 length = sizeof text - 1;
  MmWindow *window = open_text ("final-newline.txt", text, -1);
  MmTextView *view = mm_window_get_view (window);
  guint n = mm_text_view_get_n_visible (view);
  guint64 start, end;

  g_assert_cmpuint (n, ==, 4);
  g_assert_true (_mm_text_view_get_row_range (view, n - 1, &start, &end));
  g_assert_cmpuint (start, ==, length);
  g_assert_cmpuint (end, ==, length);

  move (view, MM_TEXT_VIEW_STEP_FILE_ENDS, 1);
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, length);
  move (view, MM_TEXT_VIEW_STEP_ROWS, -1);
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, 8);
  move (view, MM_TEXT_VIEW_STEP_ROWS, 1);
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, length);
  /* A click below the last line lands after the final newline. */
  {
    guint64 offset;

    g_assert_true (_mm_text_view_hit (view, view->text_x + 3, (n - 0.5) * view->row_height, &offset));
    g_assert_cmpuint (offset, ==, length);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static const char *
position_text (MmWindow *window)
{
  return gtk_label_get_label (window->statusbar->position_label);
}

/* The column counts characters; the line ends are named. */
static void
test_status_column_and_line_ends (void)
{
  static const char crlf[] = "h\xc3\xa9llo w\xc3\xb6rld\r\nsecond\r\n";
  static const char mixed[] = "lf\ncrlf\r\n";
  MmWindow *window = open_text ("crlf.txt", crlf, -1);
  MmTextView *view = mm_window_get_view (window);

  mm_text_view_set_caret (view, 7, FALSE);   /* the w, 7 bytes and 6 characters in */
  g_assert_cmpstr (position_text (window), ==, "Ln 1, Col 7 · Byte 7");
  g_assert_cmpstr (gtk_label_get_label (window->statusbar->line_ends_label), ==, "CRLF");
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_text ("mixed.txt", mixed, -1);
  g_assert_cmpstr (gtk_label_get_label (window->statusbar->line_ends_label), ==, "Mixed LF and CRLF");
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  MmTextView *view;
  guint64     caret;
} CaretIs;

static gboolean
caret_is (gpointer data)
{
  CaretIs *expect = data;

  return mm_text_view_get_caret (expect->view) == expect->caret;
}

/* Follow keeps the end of a growing file in view until the user moves up. */
static void
test_follow (void)
{
  static const char text[] = "first\nsecond\n";
  static const char more[] = "third\nfourth\n";
  g_autofree char *path = mm_test_write_file ("follow.log", text, sizeof text - 1);
  MmWindow *window = mm_test_open_window (path, 0);
  MmTextView *view = mm_window_get_view (window);
  CaretIs expect = { view, sizeof text - 1 + sizeof more - 1 };
  int fd;

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the log");
  gtk_widget_activate_action (GTK_WIDGET (view), "view.follow", NULL);
  g_assert_true (mm_text_view_get_follow (view));
  g_assert_true (gtk_toggle_button_get_active (window->statusbar->follow_button));
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, sizeof text - 1);

  fd = open (path, O_WRONLY | O_APPEND);
  g_assert_cmpint (write (fd, more, sizeof more - 1), ==, sizeof more - 1);
  close (fd);
  mm_test_wait_for (caret_is, &expect, "the caret to follow the append");

  move (view, MM_TEXT_VIEW_STEP_ROWS, -1);
  g_assert_false (mm_text_view_get_follow (view));
  g_assert_false (gtk_toggle_button_get_active (window->statusbar->follow_button));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* /proc files report size 0 but have content: shown, read-only. */
static void
test_proc_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/proc/self/status");
  MmWindow *window = mm_window_new (NULL);
  g_autofree char *first = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_present (GTK_WINDOW (window));
  mm_window_open (window, file, 0);
  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "/proc/self/status");

  first = _mm_text_view_dup_row_text (mm_window_get_view (window), 0);
  g_assert_true (g_str_has_prefix (first, "Name:"));
  g_assert_nonnull (strstr (gtk_label_get_label (window->statusbar->size_label), "read when opened"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The style maps written in mm-text-view-colors.c are the language files'
 * own, as GtkSourceView's language manager reads them. */
static void
test_style_chains (void)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();

  for (guint kind = 1; kind < MM_N_TOKENS; kind++)
    {
      const char *const *chain = _mm_text_view_token_style_chain (kind);
      g_autofree char *id = g_strdup (chain[0]);
      guint n = 0;

      while (id != NULL)
        {
          const char *colon = strchr (id, ':');
          g_autofree char *prefix = colon ? g_strndup (id, colon - id) : NULL;
          GtkSourceLanguage *language = prefix ? gtk_source_language_manager_get_language (languages, prefix) : NULL;
          char *next;

          g_assert_cmpuint (n, <, MM_STYLE_CHAIN_MAX);
          g_assert_cmpstr (chain[n], ==, id);
          n++;
          next = language ? g_strdup (gtk_source_language_get_style_fallback (language, id)) : NULL;
          g_free (id);
          id = next;
        }
      g_assert_null (chain[n]);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/glyphs-on-cells", test_glyphs_on_cells);
  g_test_add_func ("/text/invisible-characters", test_invisible_characters);
  g_test_add_func ("/text/home-end-of-long-line", test_home_end_of_long_line);
  g_test_add_func ("/text/after-final-newline", test_after_final_newline);
  g_test_add_func ("/text/status-column-and-line-ends", test_status_column_and_line_ends);
  g_test_add_func ("/text/follow", test_follow);
  g_test_add_func ("/text/proc-file", test_proc_file);
  g_test_add_func ("/text/style-chains", test_style_chains);

  return g_test_run ();
}
