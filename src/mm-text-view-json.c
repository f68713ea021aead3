/* mm-text-view-json.c: moving through the JSON structure of the file, and
 * its context menu.
 *
 * Ctrl+M goes to the matching bracket (or, inside a container, to its
 * closing one); Alt+Up to the member holding the caret's container,
 * Alt+Down into a container (from its bracket or its key), Alt+Left and
 * Alt+Right to the previous and next member (jless's h, l, K and J). Each
 * move is one or two queries of the structure index, a block of work
 * wherever the caret is. The right-click menu copies the selection, the
 * JSON path of the caret as jq writes it, or the value there (a string
 * decoded).
 */
#define G_LOG_DOMAIN "mm-text-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mm-json-reader.h"
#include "mm-json-rows.h"
#include "mm-text-view-private.h"

#define COPY_LIMIT ((guint64) 64 * 1024 * 1024)

static MmJsonIndex *
json_of (MmTextView *self)
{
  MmJsonIndex *json = self->document ? mm_document_get_json_index (self->document) : NULL;

  if (json == NULL || mm_json_index_find_region (json, self->caret) < 0 ||
      self->caret >= mm_json_index_get_scanned (json))
    return NULL;
  return json;
}

static MmJsonBytes
bytes_of (MmTextView  *self,
          MmJsonIndex *json)
{
  MmJsonBytes bytes = { mm_mapped_file_get_data (mm_document_get_file (self->document)),
                        mm_json_index_get_scanned (json) };

  return bytes;
}

static void
go_to (MmTextView *self,
       guint64     offset)
{
  mm_text_view_set_caret (self, offset, FALSE);
  mm_text_view_center_on (self, offset);
}

/* Where the caret's key ends and its value starts, when it is on a key. */
static gboolean
value_of_key (MmTextView  *self,
              MmJsonIndex *json,
              guint64     *value)
{
  MmJsonBytes bytes = bytes_of (self, json);
  MmJsonState state;
  guint64 quote, end;

  if (!mm_json_index_get_state (json, self->caret, &state) || !state.in_string || !state.is_key ||
      !mm_json_index_get_string_start (json, self->caret, &quote) ||
      !mm_json_skip_value (&bytes, quote, &end))
    return FALSE;
  end = mm_json_skip_blank (&bytes, end);
  if (end >= bytes.end || bytes.data[end] != ':')
    return FALSE;
  *value = mm_json_skip_blank (&bytes, end + 1);
  return *value < bytes.end;
}

static void
matching_bracket_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  MmTextView *self = MM_TEXT_VIEW (widget);
  MmJsonIndex *json = json_of (self);
  MmJsonContainer container;

  if (json == NULL || !mm_json_index_get_container (json, self->caret, &container))
    return;
  if (self->caret == container.start && container.end != G_MAXUINT64)
    go_to (self, container.end);
  else if (self->caret == container.end)
    go_to (self, container.start);
  else if (container.end != G_MAXUINT64)
    go_to (self, container.end);
}

static void
parent_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MmTextView *self = MM_TEXT_VIEW (widget);
  MmJsonIndex *json = json_of (self);
  MmJsonContainer container;
  guint64 target;

  if (json == NULL || !mm_json_index_get_container (json, self->caret, &container))
    return;
  /* On a container's own bracket, its parent; else the container. */
  target = container.start;
  if (self->caret == container.start)
    {
      if (container.parent == G_MAXUINT64)
        return;
      target = container.parent;
    }
  go_to (self, mm_json_index_get_member_start (json, target));
}

static void
first_child_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MmTextView *self = MM_TEXT_VIEW (widget);
  MmJsonIndex *json = json_of (self);
  MmJsonBytes bytes;
  MmJsonIter iter;
  guint64 container = self->caret, key, value;

  if (json == NULL)
    return;
  bytes = bytes_of (self, json);
  if (!value_of_key (self, json, &container))
    container = self->caret;
  {
    MmJsonState state;

    /* A bracket inside a string is not a container. */
    if (!mm_json_index_get_state (json, container, &state) || state.in_string)
      return;
  }
  if (!mm_json_iter_init (&iter, &bytes, container) || !mm_json_iter_next (&iter, &key, &value))
    return;
  go_to (self, key != MM_JSON_NONE ? key : value);
}

static void
sibling_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  MmTextView *self = MM_TEXT_VIEW (widget);
  MmJsonIndex *json = json_of (self);
  guint64 from = self->caret, sibling;

  if (json == NULL)
    return;
  if (g_str_equal (action_name, "view.json-previous"))
    {
      if (mm_json_index_get_previous_sibling (json, from, &sibling))
        go_to (self, sibling);
      return;
    }
  /* From a key, the member is its value's. */
  if (!value_of_key (self, json, &from))
    from = self->caret;
  if (mm_json_index_get_next_sibling (json, from, &sibling))
    go_to (self, mm_json_index_get_member_start (json, sibling));
}

/* After folding: the rows are new; the caret keeps its byte (inside a
 * folded container, it is drawn on the row that shows it). */
static void
folded (MmTextView *self,
        guint64     row)
{
  MmRowModel *rows = _mm_text_view_get_row_model (self);

  if (row == G_MAXUINT64)
    return;
  self->top = mm_row_model_row_start (rows, MIN (self->top, self->max_top));
  _mm_text_view_invalidate (self);
  mm_text_view_refresh (self);
  _mm_text_view_ensure_visible (self, self->caret);
}

static void
fold_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MmTextView *self = MM_TEXT_VIEW (widget);
  MmJsonRows *rows = self->json_rows ? MM_JSON_ROWS (self->json_rows) : NULL;

  if (rows == NULL)
    return;
  if (g_str_equal (action_name, "view.fold"))
    folded (self, mm_json_rows_fold (rows, self->caret, TRUE));
  else if (g_str_equal (action_name, "view.unfold"))
    folded (self, mm_json_rows_fold (rows, self->caret, FALSE));
  else if (g_str_equal (action_name, "view.fold-all"))
    folded (self, mm_json_rows_fold_all_at (rows, self->caret));
  else
    {
      mm_json_rows_unfold_all (rows);
      folded (self, mm_row_model_row_start (_mm_text_view_get_row_model (self), self->caret));
    }
}

/**
 * mm_text_view_show_members:
 *
 * In the pretty view, the container opening at @offset shown with its
 * members folded, one row each (a conversation chosen in the outline).
 */
void
mm_text_view_show_members (MmTextView *self,
                           guint64     offset)
{
  g_return_if_fail (MM_IS_TEXT_VIEW (self));

  if (self->json_rows == NULL)
    return;
  mm_json_rows_fold_members (MM_JSON_ROWS (self->json_rows), offset);
  folded (self, offset);
  mm_text_view_scroll_to (self, offset);
}

/* Opens the folded containers that hide @offset, before it is selected
 * (a search hit, a message shown in the file). */
void
_mm_text_view_reveal (MmTextView *self,
                      guint64     offset)
{
  MmRowModel *rows;

  if (self->json_rows == NULL || !self->pretty || !mm_json_rows_reveal (MM_JSON_ROWS (self->json_rows), offset))
    return;
  rows = _mm_text_view_get_row_model (self);
  self->top = mm_row_model_row_start (rows, MIN (self->top, self->max_top));
  _mm_text_view_invalidate (self);
  mm_text_view_refresh (self);
}

/* A click on a row's fold marker in the margin. */
gboolean
_mm_text_view_toggle_fold_at (MmTextView *self,
                              guint64     row,
                              gboolean    fold)
{
  MmJsonRows *rows = self->json_rows ? MM_JSON_ROWS (self->json_rows) : NULL;

  if (rows == NULL)
    return FALSE;
  folded (self, mm_json_rows_fold (rows, row, fold));
  return TRUE;
}

/**
 * mm_text_view_dup_json_path:
 *
 * The jq path of the caret, or NULL outside JSON the index knows.
 */
char *
mm_text_view_dup_json_path (MmTextView *self)
{
  MmJsonIndex *json = json_of (self);

  return json ? mm_json_index_dup_path (json, self->caret) : NULL;
}

static void
copy_path_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  g_autofree char *path = mm_text_view_dup_json_path (MM_TEXT_VIEW (widget));

  if (path != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), path);
}

/**
 * _mm_text_view_dup_json_value:
 *
 * The value holding the caret: a string decoded, anything else as
 * written; NULL outside JSON or for a value over the copy limit.
 */
char *
_mm_text_view_dup_json_value (MmTextView *self)
{
  MmJsonIndex *json = json_of (self);
  MmJsonBytes bytes;
  MmJsonContainer container;
  MmJsonState state;
  guint64 start, end;

  if (json == NULL || !mm_json_index_get_state (json, self->caret, &state))
    return NULL;
  bytes = bytes_of (self, json);
  if (state.in_string)
    {
      if (!mm_json_index_get_string_start (json, self->caret, &start) ||
          !mm_json_index_get_value_end (json, start, &end) || end - start > COPY_LIMIT)
        return NULL;
      return mm_json_dup_string (&bytes, start);
    }
  if (!mm_json_index_get_container (json, self->caret, &container))
    return NULL;
  start = self->caret;
  if (bytes.data[start] != '{' && bytes.data[start] != '[')
    {
      /* A bare token: back to its first byte. */
      while (start > 0 && (g_ascii_isalnum (bytes.data[start - 1]) || bytes.data[start - 1] == '-' ||
                           bytes.data[start - 1] == '.' || bytes.data[start - 1] == '+'))
        start--;
      if (!g_ascii_isalnum (bytes.data[start]) && bytes.data[start] != '-')
        start = container.start;
    }
  /* A container's end from the index, not by reading all of it here. */
  if (!mm_json_index_get_value_end (json, start, &end) || end - start > COPY_LIMIT)
    return NULL;
  return g_strndup ((const char *) bytes.data + start, (gsize) (end - start));
}

static void
copy_value_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  g_autofree char *value = _mm_text_view_dup_json_value (MM_TEXT_VIEW (widget));

  if (value != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), value);
}

/* ---- the context menu ------------------------------------------------------- */

static void ensure_context_menu (MmTextView *self);

static void
on_secondary_pressed (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      MmTextView      *self)
{
  gboolean json;
  GdkRectangle at = { (int) x, (int) y, 1, 1 };

  /* The caret moves to the click unless it is in the selection. */
  {
    guint64 offset, start, end;

    if (_mm_text_view_hit (self, x, y, &offset) &&
        !(mm_text_view_get_selection (self, &start, &end) && offset >= start && offset < end))
      mm_text_view_set_caret (self, offset, FALSE);
  }

  ensure_context_menu (self);
  json = json_of (self) != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.copy-json-path", json);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "view.copy-json-value", json);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &at);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

void
_mm_text_view_class_init_json (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "view.matching-bracket", NULL, matching_bracket_action);
  gtk_widget_class_install_action (widget_class, "view.json-parent", NULL, parent_action);
  gtk_widget_class_install_action (widget_class, "view.json-first-child", NULL, first_child_action);
  gtk_widget_class_install_action (widget_class, "view.json-previous", NULL, sibling_action);
  gtk_widget_class_install_action (widget_class, "view.json-next", NULL, sibling_action);
  gtk_widget_class_install_action (widget_class, "view.copy-json-path", NULL, copy_path_action);
  gtk_widget_class_install_action (widget_class, "view.copy-json-value", NULL, copy_value_action);

  gtk_widget_class_install_action (widget_class, "view.fold", NULL, fold_action);
  gtk_widget_class_install_action (widget_class, "view.unfold", NULL, fold_action);
  gtk_widget_class_install_action (widget_class, "view.fold-all", NULL, fold_action);
  gtk_widget_class_install_action (widget_class, "view.unfold-all", NULL, fold_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "view.matching-bracket", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, GDK_CONTROL_MASK, "view.fold", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, GDK_CONTROL_MASK, "view.unfold", NULL);
  /* With Shift, [ and ] are { and } on most layouts. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_braceleft, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "view.fold-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "view.fold-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_braceright, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "view.unfold-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "view.unfold-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "view.json-parent", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "view.json-first-child", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "view.json-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "view.json-next", NULL);
}

/* The menu is made on the first right click, not on the way to the first
 * frame. */
static void
ensure_context_menu (MmTextView *self)
{
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) json = NULL;

  if (self->context_menu != NULL)
    return;
  menu = g_menu_new ();
  json = g_menu_new ();
  g_menu_append (menu, _("_Copy"), "win.copy");
  g_menu_append (menu, _("Select _All"), "view.select-all");
  g_menu_append (json, _("Copy JSON _Path"), "view.copy-json-path");
  g_menu_append (json, _("Copy _Value"), "view.copy-json-value");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (json));

  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
}

void
_mm_text_view_init_json (MmTextView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}
