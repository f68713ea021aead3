/* mm-text-view.h: a scrolling view of a mapped document, by bytes */
#pragma once

#include <gtk/gtk.h>

#include "mm-document.h"
#include "mm-search.h"

G_BEGIN_DECLS

typedef enum
{
  MM_GUTTER_LINE_NUMBERS,
  MM_GUTTER_OFFSETS,
  MM_GUTTER_NONE,
} MmGutterMode;

/* Steps of the "view.move" action, whose parameter is (step, count, extend). */
typedef enum
{
  MM_TEXT_VIEW_STEP_CHARS,
  MM_TEXT_VIEW_STEP_ROWS,
  MM_TEXT_VIEW_STEP_PAGES,
  MM_TEXT_VIEW_STEP_ROW_ENDS,
  MM_TEXT_VIEW_STEP_FILE_ENDS,
} MmTextViewStep;

#define MM_TYPE_TEXT_VIEW (mm_text_view_get_type ())

G_DECLARE_FINAL_TYPE (MmTextView, mm_text_view, MM, TEXT_VIEW, GtkWidget)

GtkWidget    *mm_text_view_new              (void);
MmDocument   *mm_text_view_get_document     (MmTextView   *self);
void          mm_text_view_set_document     (MmTextView   *self,
                                             MmDocument   *document);
gboolean      mm_text_view_get_wrap         (MmTextView   *self);
void          mm_text_view_set_wrap         (MmTextView   *self,
                                             gboolean      wrap);
MmGutterMode  mm_text_view_get_gutter_mode  (MmTextView   *self);
void          mm_text_view_set_gutter_mode  (MmTextView   *self,
                                             MmGutterMode  mode);
void          mm_text_view_set_font_name    (MmTextView   *self,
                                             const char   *font_name);
void          mm_text_view_set_style_scheme (MmTextView   *self,
                                             const char   *id);
void          mm_text_view_set_dark         (MmTextView   *self,
                                             gboolean      dark);
guint64       mm_text_view_get_caret        (MmTextView   *self);
void          mm_text_view_set_caret        (MmTextView   *self,
                                             guint64       offset,
                                             gboolean      extend);
gboolean      mm_text_view_get_selection    (MmTextView   *self,
                                             guint64      *start,
                                             guint64      *end);
void          mm_text_view_select_all       (MmTextView   *self);
void          mm_text_view_select_range     (MmTextView   *self,
                                             guint64       start,
                                             guint64       end);
void          mm_text_view_center_on        (MmTextView   *self,
                                             guint64       offset);
guint64       mm_text_view_get_top          (MmTextView   *self);
void          mm_text_view_scroll_to        (MmTextView   *self,
                                             guint64       offset);
void          mm_text_view_refresh          (MmTextView   *self);
void          mm_text_view_set_follow       (MmTextView   *self,
                                             gboolean      follow);
gboolean      mm_text_view_get_follow       (MmTextView   *self);
guint         mm_text_view_get_n_visible    (MmTextView   *self);
gboolean      mm_text_view_has_drawn_text   (MmTextView   *self);
char         *mm_text_view_dup_json_path    (MmTextView   *self);
MmRowModel   *mm_text_view_get_row_model    (MmTextView   *self);
void          mm_text_view_set_pretty       (MmTextView   *self,
                                             gboolean      pretty);
gboolean      mm_text_view_get_pretty       (MmTextView   *self);
void          mm_text_view_show_members     (MmTextView   *self,
                                             guint64       offset);
void          mm_text_view_set_indent_width (MmTextView   *self,
                                             guint         indent_width);
void          mm_text_view_set_tab_width    (MmTextView   *self,
                                             guint         tab_width);
void          mm_text_view_set_readable_strings (MmTextView *self,
                                             gboolean      readable);
gboolean      mm_text_view_get_visible_range (MmTextView  *self,
                                             guint64      *first,
                                             guint64      *end);
guint64       mm_text_view_get_max_top      (MmTextView   *self);
void          mm_text_view_set_top          (MmTextView   *self,
                                             guint64       offset);
void          mm_text_view_scroll_rows      (MmTextView   *self,
                                             int           rows);
void          mm_text_view_set_search       (MmTextView   *self,
                                             MmSearch     *search);

G_END_DECLS
