/* mm-document-keys.h: the keys that act on the document, bound where it has the focus */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void _mm_document_keys_bind (GtkWidgetClass *widget_class);

G_END_DECLS
