/* mm-document-keys.c: Ctrl+A, Ctrl+C, Ctrl+Z and redo act on the document
 * only when the text view or the hex panel has the focus.
 *
 * As application accelerators they would run before any focused widget,
 * so in the search or go-to entry Ctrl+A would select the whole file and
 * Ctrl+Z would undo a byte edit instead of the typing. Bound on the
 * widgets that show the document, the entries keep their own keys.
 */
#define G_LOG_DOMAIN "mm-document-keys"

#include "config.h"

#include "mm-document-keys.h"

void
_mm_document_keys_bind (GtkWidgetClass *widget_class)
{
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "win.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "win.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, GDK_CONTROL_MASK, "win.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo", NULL);
}
