/* mm-search-bar.h: the search bar, bound to a document and a view */
#pragma once

#include <gtk/gtk.h>

#include "mm-document.h"
#include "mm-search.h"
#include "mm-text-view.h"

G_BEGIN_DECLS

#define MM_TYPE_SEARCH_BAR (mm_search_bar_get_type ())

G_DECLARE_FINAL_TYPE (MmSearchBar, mm_search_bar, MM, SEARCH_BAR, GtkWidget)

void         mm_search_bar_set_document (MmSearchBar *self,
                                         MmDocument  *document);
void         mm_search_bar_set_view     (MmSearchBar *self,
                                         MmTextView  *view);
MmTextView  *mm_search_bar_get_view     (MmSearchBar *self);
void         mm_search_bar_open         (MmSearchBar *self);
void         mm_search_bar_step         (MmSearchBar *self,
                                         gboolean     backward);
void         mm_search_bar_find         (MmSearchBar *self,
                                         const char  *text);
void         mm_search_bar_stop         (MmSearchBar *self);
MmSearch    *mm_search_bar_get_search   (MmSearchBar *self);
const char  *mm_search_bar_get_status   (MmSearchBar *self);

G_END_DECLS
