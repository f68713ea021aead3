/* test-structure.c: moving through the JSON structure in the view, and the
 * path and value of the caret, in a real window under Xvfb */
#define G_LOG_DOMAIN "test-structure"

#include "config.h"

#include <string.h>

#include "mm-json-rows.h"
#include "mm-statusbar-private.h"
#include "mm-test-gui.h"
#include "mm-test-util.h"
#include "mm-text-view-private.h"
#include "mm-window-private.h"

static gboolean
json_ready (gpointer data)
{
  MmWindow *window = data;
  MmDocument *document = mm_window_get_document (window);
  MmJsonIndex *json = document ? mm_document_get_json_index (document) : NULL;

  return mm_test_is_viewing_and_indexed (window) && json != NULL && mm_json_index_is_complete (json);
}

static guint64
at (const char *json,
    const char *needle)
{
  return strstr (json, needle) - json;
}

static void
act (MmTextView *view,
     const char *action)
{
  gtk_widget_activate_action (GTK_WIDGET (view), action, NULL);
}

static void
test_moves (void)
{
  const char *json = "{\"a\": 1, \"bb\": [10, {\"x\": \"s,]\\\"\"}, \"t\"], \"c\": {\"k\": null}}\n";
  g_autofree char *path = mm_test_write_file ("structure.json", json, strlen (json));
  MmWindow *window = mm_test_open_window (path, 0);
  MmTextView *view = mm_window_get_view (window);
  g_autofree char *caret_path = NULL;
  g_autofree char *value = NULL;

  mm_test_wait_for (json_ready, window, "the structure");

  /* The path of the caret, in the status bar too. */
  mm_text_view_set_caret (view, at (json, "1,"), FALSE);
  caret_path = mm_text_view_dup_json_path (view);
  g_assert_cmpstr (caret_path, ==, ".a");
  g_assert_cmpstr (gtk_label_get_label (window->statusbar->path_label), ==, ".a");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->statusbar->path_label)));

  /* Alt+Right and Alt+Left: member to member, landing on keys. */
  act (view, "view.json-next");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "\"bb\""));
  act (view, "view.json-next");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "\"c\""));
  act (view, "view.json-next");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "\"c\""));
  act (view, "view.json-previous");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "\"bb\""));

  /* Alt+Down from a key goes into its value; Alt+Up back out. */
  act (view, "view.json-first-child");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "10"));
  act (view, "view.json-next");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "{\"x"));
  act (view, "view.json-first-child");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "\"x\""));
  act (view, "view.json-parent");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "{\"x"));
  act (view, "view.json-parent");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "\"bb\""));

  /* Ctrl+M: bracket to bracket; inside, to the closing one. */
  mm_text_view_set_caret (view, at (json, "[10"), FALSE);
  act (view, "view.matching-bracket");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "], \"c\""));
  act (view, "view.matching-bracket");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "[10"));
  mm_text_view_set_caret (view, at (json, "\"t\""), FALSE);
  act (view, "view.matching-bracket");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "], \"c\""));

  /* Copy Value: a string decoded (brackets and quotes in it are text),
   * anything else as written. */
  mm_text_view_set_caret (view, at (json, "s,]") + 2, FALSE);
  value = _mm_text_view_dup_json_value (view);
  g_assert_cmpstr (value, ==, "s,]\"");
  g_clear_pointer (&value, g_free);
  mm_text_view_set_caret (view, at (json, "{\"k"), FALSE);
  value = _mm_text_view_dup_json_value (view);
  g_assert_cmpstr (value, ==, "{\"k\": null}");
  g_clear_pointer (&value, g_free);
  mm_text_view_set_caret (view, at (json, "ull"), FALSE);
  value = _mm_text_view_dup_json_value (view);
  g_assert_cmpstr (value, ==, "null");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Copy Value of containers over many 64 KiB blocks: the whole container,
 * its end found by the index. */
static void
test_copy_large_value (void)
{
  g_autoptr(GString) json = g_string_new ("{\"big\": [");
  g_autofree char *path = NULL;
  g_autofree char *value = NULL;
  MmWindow *window;
  MmTextView *view;
  guint64 array, array_end;

  for (guint i = 0; json->len < 300000; i++)
    g_string_append_printf (json, "%s{\"n\": %u, \"s\": \"]}\"}", i ? ", " : "", i);
  g_string_append (json, "], \"after\": true}\n");
  path = mm_test_write_file ("large-value.json", json->str, json->len);
  window = mm_test_open_window (path, 0);
  mm_test_wait_for (json_ready, window, "the structure");
  view = mm_window_get_view (window);
  mm_text_view_set_pretty (view, FALSE);
  array = at (json->str, "[");
  array_end = at (json->str, "], \"after\"") + 1;

  /* At a comma between members deep in the array: the array. */
  mm_text_view_set_caret (view, at (json->str, "}, {\"n\": 9000,") + 1, FALSE);
  value = _mm_text_view_dup_json_value (view);
  g_assert_nonnull (value);
  g_assert_cmpmem (value, strlen (value), json->str + array, array_end - array);
  g_clear_pointer (&value, g_free);

  /* At the root's opening brace: the whole document. */
  mm_text_view_set_caret (view, 0, FALSE);
  value = _mm_text_view_dup_json_value (view);
  g_assert_nonnull (value);
  g_assert_cmpmem (value, strlen (value), json->str, json->len - 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Outside JSON: no path, and the moves do nothing. */
static void
test_not_json (void)
{
  const char *text = "plain [text] {with} brackets\n";
  g_autofree char *path = mm_test_write_file ("plain.txt", text, strlen (text));
  MmWindow *window = mm_test_open_window (path, 0);
  MmTextView *view = mm_window_get_view (window);

  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the file");
  mm_text_view_set_caret (view, 7, FALSE);
  g_assert_null (mm_text_view_dup_json_path (view));
  act (view, "view.matching-bracket");
  act (view, "view.json-parent");
  act (view, "view.json-next");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, 7);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->statusbar->path_label)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* JSON that stops being valid: the status bar says where and what was
 * expected, and a click there puts the caret on that byte. */
static void
test_invalid_json (void)
{
  const char *json = "[{\"a\": 1}, {\"b\": [2 3]}, {\"c\": 4}]\n";
  g_autofree char *path = mm_test_write_file ("invalid.json", json, strlen (json));
  MmWindow *window = mm_test_open_window (path, 0);
  MmTextView *view = mm_window_get_view (window);
  GtkWidget *notice = GTK_WIDGET (window->statusbar->json_error_button);
  const char *tip;

  mm_test_wait_for (json_ready, window, "the structure");
  g_assert_true (gtk_widget_get_visible (notice));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (notice)), ==, "Not valid JSON at byte 20");
  tip = gtk_widget_get_tooltip_text (notice);
  g_assert_nonnull (strstr (tip, "expected ',' or ']'"));

  /* Before the error, the structure still answers. */
  mm_text_view_set_caret (view, at (json, "1}"), FALSE);
  g_assert_cmpstr (gtk_label_get_label (window->statusbar->path_label), ==, ".[0].a");

  g_signal_emit_by_name (notice, "clicked");
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, at (json, "3]"));

  gtk_window_destroy (GTK_WINDOW (window));

  /* Valid JSON: no notice. */
  {
    const char *good = "[1, 2]\n";
    g_autofree char *good_path = mm_test_write_file ("valid.json", good, strlen (good));
    MmWindow *other = mm_test_open_window (good_path, 0);

    mm_test_wait_for (json_ready, other, "the structure");
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (other->statusbar->json_error_button)));
    gtk_window_destroy (GTK_WINDOW (other));
  }
}

static gboolean
drawn (gpointer data)
{
  return mm_text_view_has_drawn_text (mm_window_get_view (data));
}

/* The colour row 0 draws the glyph of @cell in, or NULL. */
static gboolean
glyph_color_at (MmTextView *view,
                guint       cell,
                GdkRGBA    *color)
{
  g_autoptr(GArray) glyphs = mm_test_row_glyphs (view, 0);

  for (guint i = 0; glyphs != NULL && i < glyphs->len; i++)
    {
      const MmTestGlyph *g = &g_array_index (glyphs, MmTestGlyph, i);

      if ((guint) (g->centre / view->cell_width) == cell)
        {
          *color = g->color;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
key_drawn_in_colour (gpointer data)
{
  MmTextView *view = mm_window_get_view (data);
  GdkRGBA color;

  return view->token_styles_ready && glyph_color_at (view, 2, &color) &&
         gdk_rgba_equal (&color, &view->token_styles[MM_TOKEN_KEY].color);
}

/* Every byte of a row gets the token kind a reader of JSON or HTML would
 * give it, from the state at the row's first byte, and is drawn in its
 * colour. */
static void
test_colours (void)
{
  const char *json = "{\"key\": \"v\\n\\u00e9\", \"n\": -1.5e3, \"t\": true, \"z\": null, \"a\": [\"]\"]}\n";
  const char *html = "<!DOCTYPE html>\n<p class=\"x\" id=y>a &amp; b<!-- c --></p>\n";
  g_autofree char *json_path = mm_test_write_file ("colours.json", json, strlen (json));
  g_autofree char *html_path = mm_test_write_file ("colours.html", html, strlen (html));
  MmWindow *window = mm_test_open_window (json_path, 0);
  g_autofree char *kinds = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  mm_test_wait_for (json_ready, window, "the structure");
  mm_text_view_set_pretty (mm_window_get_view (window), FALSE);
  kinds = _mm_text_view_dup_token_kinds (mm_window_get_view (window), 0, FALSE);
  /*                          {"key": "v\n\u00e9", "n": -1.5e3, "t": true, "z": null, "a": ["]"]}  */
  g_assert_cmpstr (kinds, ==, "pkkkkkp-sseeeeeeeesp-kkkp-nnnnnnp-kkkp-bbbbp-kkkp-llllp-kkkp-pssspp");
  g_clear_pointer (&kinds, g_free);
  mm_test_wait_for (key_drawn_in_colour, window, "the key drawn in its colour");
  {
    MmTextView *view = mm_window_get_view (window);
    GdkRGBA number, string;

    g_assert_true (glyph_color_at (view, 26, &number));
    g_assert_true (gdk_rgba_equal (&number, &view->token_styles[MM_TOKEN_NUMBER].color));
    g_assert_true (glyph_color_at (view, 9, &string));
    g_assert_true (gdk_rgba_equal (&string, &view->token_styles[MM_TOKEN_STRING].color));
    g_assert_false (gdk_rgba_equal (&string, &view->token_styles[MM_TOKEN_KEY].color));
  }

  /* The same bytes, a member a row; with readable strings, the string
   * goes on in the next row after its \n. */
  mm_text_view_set_pretty (mm_window_get_view (window), TRUE);
  mm_text_view_set_readable_strings (mm_window_get_view (window), FALSE);
  kinds = _mm_text_view_dup_token_kinds (mm_window_get_view (window), 1, FALSE);
  g_assert_cmpstr (kinds, ==, "kkkkkp-sseeeeeeeesp-");
  g_clear_pointer (&kinds, g_free);
  mm_text_view_set_readable_strings (mm_window_get_view (window), TRUE);
  kinds = _mm_text_view_dup_token_kinds (mm_window_get_view (window), 1, FALSE);
  g_assert_cmpstr (kinds, ==, "kkkkkp-ssee");
  g_clear_pointer (&kinds, g_free);
  kinds = _mm_text_view_dup_token_kinds (mm_window_get_view (window), 2, FALSE);
  g_assert_cmpstr (kinds, ==, "eeeeeesp-");
  gtk_window_destroy (GTK_WINDOW (window));

  window = mm_test_open_window (html_path, 0);
  mm_test_wait_for (mm_test_is_viewing_and_indexed, window, "the page");
  mm_test_wait_for (drawn, window, "the first frame");
  first = _mm_text_view_dup_token_kinds (mm_window_get_view (window), 0, FALSE);
  second = _mm_text_view_dup_token_kinds (mm_window_get_view (window), 1, FALSE);
  g_assert_cmpstr (first, ==, "ddddddddddddddd");
  /*                           <p class="x" id=y>a &amp; b<!-- c --></p> */
  g_assert_cmpstr (second, ==, "tE-aaaaatvvv-aatvt--&&&&&--ccccccccccttEt");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Rows coloured in order (each going on from the state the row above left,
 * over the line ends between) get the colours the index gives each alone. */
static void
check_colours_in_order (const char *name,
                        const char *json,
                        gboolean    pretty)
{
  g_autofree char *path = mm_test_write_file (name, json, strlen (json));
  MmWindow *window = mm_test_open_window (path, 0);
  MmTextView *view;
  g_autoptr(GPtrArray) carried = g_ptr_array_new_with_free_func (g_free);

  mm_test_wait_for (json_ready, window, "the structure");
  view = mm_window_get_view (window);
  mm_text_view_set_pretty (view, pretty);
  for (guint row = 0; row < mm_text_view_get_n_visible (view); row++)
    g_ptr_array_add (carried, _mm_text_view_dup_token_kinds (view, row, TRUE));
  g_assert_cmpuint (carried->len, >=, 6);
  for (guint row = 0; row < carried->len; row++)
    {
      g_autofree char *alone = _mm_text_view_dup_token_kinds (view, row, FALSE);

      g_assert_cmpstr (carried->pdata[row], ==, alone);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_colours_in_order (void)
{
  check_colours_in_order ("lines.jsonl",
                          "{\"a\": \"x\\\"y\", \"n\": 1}\n"
                          "{\"b\": [true, null], \"s\": \"line\\nbreak\"}\r\n"
                          "\n"
                          "  {\"c\": {\"k\": \"v\"}}\n"
                          "[1, \"]\", {}]\n"
                          "\"a string line\"\n"
                          "{\"last\": -2.5e-3}\n",
                          FALSE);
  check_colours_in_order ("printed.json",
                          "{\n  \"k\": [\n    \"s\",\n    true\n  ],\n  \"o\": {\"x\": null},\n"
                          "  \"e\": \"\\u00e9\\\"\"\n}\n",
                          FALSE);
  check_colours_in_order ("pretty.json",
                          "{\"k\": [\"s\", true, {\"n\": 1}], \"o\": {\"x\": null, \"y\": \"z\"}, \"e\": \"\\\"\"}",
                          TRUE);
}

static gboolean
is_pretty (gpointer data)
{
  return MM_IS_JSON_ROWS (mm_text_view_get_row_model (mm_window_get_view (data)));
}

static gboolean
indented_by_4 (gpointer data)
{
  g_autofree char *row = _mm_text_view_dup_row_text (mm_window_get_view (data), 1);

  return row != NULL && g_str_has_prefix (row, "    \"a\": 1,");
}

/* The menu's Indentation: jq's --indent, in the rows on screen at once. */
static void
test_indent_width (void)
{
  const char *json = "{\"a\":1,\"b\":[true]}";
  g_autofree char *path = mm_test_write_file ("indent.json", json, strlen (json));
  MmWindow *window = mm_test_open_window (path, 0);
  g_autofree char *row = NULL;

  mm_test_wait_for (json_ready, window, "the structure");
  mm_test_wait_for (is_pretty, window, "the pretty view");
  row = _mm_text_view_dup_row_text (mm_window_get_view (window), 1);
  g_assert_cmpstr (row, ==, "  \"a\": 1,");
  g_action_group_activate_action (G_ACTION_GROUP (window), "indent-width", g_variant_new_uint32 (4));
  mm_test_wait_for (indented_by_4, window, "four cells of indentation");

  g_settings_reset (window->settings, "indent-width");
  gtk_window_destroy (GTK_WINDOW (window));
}


/* The pretty view, on by default for JSON: a member a row; switching views
 * (Ctrl+P) keeps the top row's bytes and the caret. */
static void
test_pretty (void)
{
  g_autofree char *path = NULL;
  MmWindow *window;
  MmTextView *view;
  guint64 top, caret, start, end;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_true (mm_test_run_gen ("export --seed 12 400K", &path));
  window = mm_test_open_window (path, 0);
  view = mm_window_get_view (window);
  mm_test_wait_for (json_ready, window, "the structure");
  mm_test_wait_for (is_pretty, window, "the pretty rows");

  first = _mm_text_view_dup_row_text (view, 0);
  second = _mm_text_view_dup_row_text (view, 1);
  g_assert_cmpstr (first, ==, "[");
  g_assert_cmpstr (second, ==, "  {");

  /* Somewhere in the middle, then the plain view and back. */
  mm_text_view_scroll_to (view, 200000);
  mm_text_view_set_caret (view, 200123, FALSE);
  g_assert_true (_mm_text_view_get_row_range (view, 0, &start, &end));
  top = mm_text_view_get_top (view);
  caret = mm_text_view_get_caret (view);
  g_assert_cmpuint (top, <=, 200000);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.pretty", NULL);
  g_assert_false (is_pretty (window));
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, caret);
  g_assert_true (_mm_text_view_get_row_range (view, 0, &start, &end));
  g_assert_cmpuint (start, <=, top);
  g_assert_cmpuint (end, >, top);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.pretty", NULL);
  g_assert_true (is_pretty (window));
  g_assert_cmpuint (mm_text_view_get_caret (view), ==, caret);
  g_assert_cmpuint (mm_text_view_get_top (view), ==, top);

  /* Folding the conversation the caret is in: one row, the caret's byte
   * unchanged and on it; unfolding gives the rows back; and from its first
   * row, every conversation at once. */
  {
    MmRowModel *rows = mm_text_view_get_row_model (view);
    g_autofree char *row_text = NULL;
    guint64 row;

    caret = 20;   /* in the first conversation's title */
    mm_text_view_set_caret (view, caret, FALSE);
    gtk_widget_activate_action (GTK_WIDGET (view), "view.fold", NULL);
    g_assert_cmpuint (mm_text_view_get_caret (view), ==, caret);
    row = mm_row_model_row_start (rows, caret);
    g_assert_cmpuint (row, ==, 1);
    g_assert_cmpuint (mm_row_model_row_start (rows, 300), ==, 1);
    {
      g_autoptr(MmRowText) text = mm_row_model_get_text (rows, row, 0, 200);

      g_assert_true (g_str_has_prefix (text->text, "  {\"title\": "));
      g_assert_nonnull (strstr (text->text, " keys"));
    }
    gtk_widget_activate_action (GTK_WIDGET (view), "view.unfold", NULL);
    g_assert_cmpuint (mm_text_view_get_caret (view), ==, caret);
    g_assert_cmpuint (mm_row_model_row_start (rows, caret), >, 1);

    mm_text_view_set_caret (view, 1, FALSE);
    gtk_widget_activate_action (GTK_WIDGET (view), "view.fold-all", NULL);
    g_assert_cmpuint (mm_text_view_get_caret (view), ==, 1);
    row_text = _mm_text_view_dup_row_text (view, 2);
    g_assert_true (g_str_has_prefix (row_text, "  {\"title\": "));

    /* Selecting a byte every conversation's fold hides (a search hit)
     * opens its conversation: the byte is on a row of its own, shown. */
    {
      guint64 hidden = mm_document_get_length (mm_window_get_document (window)) / 2;
      gboolean shown = FALSE;

      g_assert_cmpuint (mm_row_model_row_start (rows, hidden), <, hidden - 200);
      mm_text_view_select_range (view, hidden, hidden + 1);
      g_assert_cmpuint (mm_row_model_row_start (rows, hidden), >, hidden - 200);
      for (guint i = 0; _mm_text_view_get_row_range (view, i, &start, &end); i++)
        shown = shown || (start <= hidden && hidden < end);
      g_assert_true (shown);
    }
    gtk_widget_activate_action (GTK_WIDGET (view), "view.unfold-all", NULL);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/structure/moves", test_moves);
  g_test_add_func ("/structure/copy-large-value", test_copy_large_value);
  g_test_add_func ("/structure/not-json", test_not_json);
  g_test_add_func ("/structure/invalid-json", test_invalid_json);
  g_test_add_func ("/structure/colours", test_colours);
  g_test_add_func ("/structure/colours-in-order", test_colours_in_order);
  g_test_add_func ("/structure/pretty", test_pretty);
  g_test_add_func ("/structure/indent-width", test_indent_width);

  return g_test_run ();
}
