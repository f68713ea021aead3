/* test-outline.c: the outline sidebar and the reader in a real window, under Xvfb */
#define G_LOG_DOMAIN "test-outline"

#include "config.h"

#include <string.h>

#include "mm-json-rows.h"
#include "mm-outline-pane-private.h"
#include "mm-reader-private.h"
#include "mm-test-gui.h"
#include "mm-test-util.h"
#include "mm-window-private.h"

static gboolean
outline_complete (gpointer data)
{
  MmWindow *window = data;
  MmOutline *outline = window->outline_pane ? mm_outline_pane_get_outline (window->outline_pane) : NULL;

  return outline != NULL && mm_outline_is_complete (outline) &&
         mm_outline_get_kind (outline) != MM_OUTLINE_KIND_NONE;
}

static gboolean
has_outline_kind (gpointer data)
{
  MmWindow *window = data;

  return window->outline_pane != NULL && mm_outline_pane_get_kind (window->outline_pane) != MM_OUTLINE_KIND_NONE;
}

/* Rows' detail lines on screen under @widget (the captions), and how many
 * of them show a message count. */
static void
count_captions (GtkWidget *widget,
                guint     *captions,
                guint     *counted)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "caption") && gtk_widget_get_mapped (widget))
    {
      (*captions)++;
      if (strstr (gtk_label_get_label (GTK_LABEL (widget)), " message") != NULL)
        (*counted)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    count_captions (child, captions, counted);
}

/* Every row on screen shows its count (told it, when it was shown first). */
static gboolean
rows_counted (gpointer data)
{
  guint captions = 0, counted = 0;

  count_captions (data, &captions, &counted);
  return captions > 5 && counted == captions;
}

/* The messages are laid out, and do not all fit. */
static gboolean
laid_out_taller (gpointer data)
{
  GtkAdjustment *scroll = data;

  return gtk_adjustment_get_page_size (scroll) > 0 &&
         gtk_adjustment_get_upper (scroll) > 2 * gtk_adjustment_get_page_size (scroll);
}

static gboolean
scrolled_down (gpointer data)
{
  GtkAdjustment *scroll = data;

  return gtk_adjustment_get_value (scroll) > gtk_adjustment_get_page_size (scroll);
}

static gboolean
scrolled_to_top (gpointer data)
{
  return gtk_adjustment_get_value (data) == 0;
}

static gboolean
is_pretty (gpointer data)
{
  MmWindow *window = data;

  return MM_IS_JSON_ROWS (mm_text_view_get_row_model (window->view));
}

static gboolean
is_viewing (gpointer data)
{
  return g_strcmp0 (_mm_window_get_state (data), "view") == 0;
}

/* An export: the outline shows itself with every conversation; choosing
 * one moves the view, activating it reads it, Show in File selects the
 * message's bytes, the filter counts, and the caret selects the row. */
static void
test_export (void)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  MmWindow *window;
  MmOutline *outline;
  g_autoptr(MmOutlineItem) item = NULL;
  g_autoptr(MmOutlineItem) fifth = NULL;
  g_autoptr(MmMessageItem) message = NULL;
  MmMessageList *messages;
  guint64 start, end, n;
  gsize length;
  g_autofree char *count = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (mm_test_run_gen ("export --seed 9 500K", &path));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  window = mm_test_open_window (path, 0);
  mm_test_wait_for (outline_complete, window, "the outline");
  outline = mm_outline_pane_get_outline (window->outline_pane);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->outline_pane)));
  g_assert_true (gtk_widget_get_visible (window->outline_button));
  g_assert_true (gtk_widget_get_visible (window->reader_button));
  n = 0;
  for (const char *p = contents; (p = strstr (p, "{\"title\": ")) != NULL; p++)
    n++;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (outline)), ==, n);
  count = g_strdup_printf ("%" G_GUINT64_FORMAT " conversations", n);
  g_assert_cmpstr (mm_outline_pane_get_count (window->outline_pane), ==, count);
  mm_test_wait_for (rows_counted, window->outline_pane, "the message counts in the rows");

  /* A click: the view goes to the conversation's first byte; in the
   * pretty view, the conversation is shown by its members. */
  mm_test_wait_for (is_pretty, window, "the pretty view");
  item = g_list_model_get_item (G_LIST_MODEL (outline), 3);
  _mm_outline_pane_choose (window->outline_pane, 3);
  g_assert_cmpuint (mm_text_view_get_caret (window->view), ==, mm_outline_item_get_start (item));
  g_assert_cmpint (contents[mm_outline_item_get_start (item)], ==, '{');
  {
    MmRowModel *rows = mm_text_view_get_row_model (window->view);
    guint64 mapping = strstr (contents + mm_outline_item_get_start (item), "\"mapping\"") - contents;
    g_autoptr(MmRowText) text = mm_row_model_get_text (rows, mm_row_model_row_start (rows, mapping), 0, 200);

    g_assert_cmpuint (text->fold, ==, MM_ROW_FOLDED);
    g_assert_true (g_str_has_prefix (text->text, "    \"mapping\": {"));
    g_assert_cmpuint (mm_row_model_row_start (rows, mapping + 200), ==, mm_row_model_row_start (rows, mapping));
  }
  /* Not made until needed. */
  g_assert_null (window->reader);

  /* A double click: the reader, with the messages the outline counted. */
  _mm_outline_pane_activate (window->outline_pane, 3);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->reader)));
  messages = mm_reader_get_messages (window->reader);
  g_assert_nonnull (messages);
  g_assert_cmpuint (mm_message_list_get_start (messages), ==, mm_outline_item_get_start (item));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, mm_outline_item_get_n_messages (item));

  /* Show in File: the message's node, selected. */
  message = g_list_model_get_item (G_LIST_MODEL (messages), 1);
  gtk_widget_activate_action (GTK_WIDGET (window->reader), "reader.show-in-file", "u", 1);
  g_assert_true (mm_text_view_get_selection (window->view, &start, &end));
  g_assert_cmpuint (start, ==, mm_message_item_get_message (message)->node);
  g_assert_cmpuint (end, ==, mm_message_item_get_end (message));
  g_assert_cmpint (contents[start], ==, '{');
  g_assert_cmpint (contents[end - 1], ==, '}');

  /* Ctrl+End, Ctrl+Home: the last message, the first. */
  {
    GtkAdjustment *scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (_mm_reader_get_list_view (window->reader)));

    mm_test_wait_for (laid_out_taller, scroll, "the messages laid out");
    gtk_widget_activate_action (GTK_WIDGET (window->reader), "reader.last", NULL);
    mm_test_wait_for (scrolled_down, scroll, "the last message");
    gtk_widget_activate_action (GTK_WIDGET (window->reader), "reader.first", NULL);
    mm_test_wait_for (scrolled_to_top, scroll, "the first message");
  }

  /* While the reader is open, choosing another conversation reads it. */
  _mm_outline_pane_choose (window->outline_pane, 4);
  g_assert_cmpuint (mm_message_list_get_start (mm_reader_get_messages (window->reader)), !=,
                    mm_outline_item_get_start (item));

  /* The caret in another conversation selects its row. */
  fifth = g_list_model_get_item (G_LIST_MODEL (outline), 5);
  mm_text_view_set_caret (window->view, mm_outline_item_get_start (fifth) + 10, FALSE);
  g_assert_cmpuint (_mm_outline_pane_get_selected (window->outline_pane), ==, 5);

  /* Filtering counts what is shown of what there is. */
  mm_outline_set_filter (outline, "Zzz-no-such-title");
  expected = g_strdup_printf ("0 of %" G_GUINT64_FORMAT, n);
  g_assert_cmpstr (mm_outline_pane_get_count (window->outline_pane), ==, expected);
  mm_outline_set_filter (outline, NULL);

  /* F9 hides it again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outline", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->outline_pane)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Other JSON: its members, on request; no reader. A log: neither. */
static void
test_members_and_plain (void)
{
  const char *json = "{\"alpha\": [1, 2], \"beta\": {\"x\": true}, \"gamma\": \"text\"}\n";
  const char *log = "2026-11-28 one\n2026-11-28 two\n";
  g_autofree char *json_path = mm_test_write_file ("members.json", json, strlen (json));
  g_autofree char *log_path = mm_test_write_file ("plain.log", log, strlen (log));
  MmWindow *window = mm_test_open_window (json_path, 0);
  MmWindow *plain;

  mm_test_wait_for (outline_complete, window, "the members");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->outline_pane)));
  g_assert_true (gtk_widget_get_visible (window->outline_button));
  g_assert_false (gtk_widget_get_visible (window->reader_button));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outline", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->outline_pane)));
  g_assert_cmpstr (mm_outline_pane_get_count (window->outline_pane), ==, "3 members");
  gtk_window_destroy (GTK_WINDOW (window));

  plain = mm_test_open_window (log_path, 0);
  mm_test_wait_for (mm_test_is_viewing_and_indexed, plain, "the log");
  mm_test_wait_for (is_viewing, plain, "the view");
  /* The structure pass finds nothing to outline. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (has_outline_kind (plain));
  g_assert_null (plain->outline_pane);
  g_assert_false (gtk_widget_get_visible (plain->outline_button));
  g_assert_false (gtk_widget_get_visible (plain->reader_button));
  gtk_window_destroy (GTK_WINDOW (plain));
}

/* Code blocks in monospace, everything escaped. */
static void
test_markup (void)
{
  g_autofree char *text = _mm_reader_dup_markup ("a <b> & c\n```c\nx < 1;\n```\nafter", MM_CONTENT_TEXT);
  g_autofree char *code = _mm_reader_dup_markup ("if (a < b)", MM_CONTENT_CODE);

  g_assert_cmpstr (text, ==, "a &lt;b&gt; &amp; c\n<tt><span alpha=\"55%\">```c</span></tt>\n"
                             "<tt>x &lt; 1;</tt>\n<tt><span alpha=\"55%\">```</span></tt>\nafter");
  g_assert_cmpstr (code, ==, "<tt>if (a &lt; b)</tt>");
  g_assert_true (pango_parse_markup (text, -1, 0, NULL, NULL, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outline/export", test_export);
  g_test_add_func ("/outline/members-and-plain", test_members_and_plain);
  g_test_add_func ("/outline/markup", test_markup);

  return g_test_run ();
}
