/* mm-text-view-private.h: state shared by the text view's drawing and input halves */
#pragma once

#include <gtksourceview/gtksource.h>

#include "mm-highlight.h"
#include "mm-rows.h"
#include "mm-search.h"
#include "mm-text-view.h"

G_BEGIN_DECLS

/* Every row is laid out left to right in the file's order, after a
 * LEFT-TO-RIGHT OVERRIDE: a right-to-left run is not reordered, as in a
 * terminal or a hex editor, so each cell shows the bytes it maps to. (Bidi
 * controls in the file are spelled out as escapes by MmRows; this one is
 * ours and is not drawn.) Layout index = this + index in MmRowText.text. */
#define MM_ROW_LAYOUT_PREFIX "\u202D"
#define MM_ROW_LAYOUT_PREFIX_LEN ((int) sizeof MM_ROW_LAYOUT_PREFIX - 1)
/* Style ids a token's colour is looked for under, at most. */
#define MM_STYLE_CHAIN_MAX 8

typedef struct
{
  GdkRGBA  color;
  gboolean has_color;
} MmTokenStyle;

typedef struct _MmGlyphCache MmGlyphCache;

typedef struct
{
  MmRowText     *text;
  GskRenderNode *text_node;   /* simple characters: drawn from glyphs... */
  PangoLayout   *layout;      /* ...else laid out by Pango */
  PangoLayout   *gutter;
  guint          generation;  /* of the view's layout state when laid out */
} MmVisibleRow;

typedef struct
{
  GdkRGBA text_fg;
  GdkRGBA text_bg;
  GdkRGBA gutter_fg;
  GdkRGBA gutter_bg;
  GdkRGBA current_line;
  GdkRGBA selection;
  GdkRGBA caret;
  GdkRGBA escape_fg;     /* controls and invalid bytes */
  GdkRGBA escape_bg;
  GdkRGBA invisible_fg;  /* characters drawn as nothing, spelled <U+200B> */
  GdkRGBA invisible_bg;
  GdkRGBA marker;
  GdkRGBA match;
} MmViewColors;

struct _MmTextView
{
  GtkWidget              parent_instance;

  MmDocument            *document;
  GSignalGroup          *document_signals;
  MmSearch              *search;
  GtkAdjustment         *hadjustment;
  GtkAdjustment         *vadjustment;
  PangoFontDescription  *font;
  GtkSourceStyleScheme  *scheme;
  char                  *scheme_id;      /* chosen; NULL: follow dark */
  GtkWidget             *context_menu;
  GObject               *json_rows;      /* MmJsonRows while the pretty view shows JSON */
  PangoLayout           *fold_markers[2]; /* ▾ and ▸ in the margin */
  MmGlyphCache          *glyph_cache;    /* for the font; NULL: not made yet */
  MmTokenStyle           token_styles[MM_N_TOKENS];
  MmLexState             lex;            /* where the lexer left off... */
  guint64                lex_at;         /* ...and at which offset; G_MAXUINT64: nowhere */
  gint                   lex_json_region;
  guint                  recolor_tick;
  GPtrArray             *visible;        /* MmVisibleRow, top to bottom */
  MmViewColors           colors;

  double                 cell_width;     /* pixels */
  int                    row_height;
  int                    text_x;         /* where cell 0 is drawn */
  guint                  gutter_cells;
  guint                  wrap_cells;     /* cells per row when wrapping */
  guint                  tab_width;
  guint                  indent_width;   /* pretty view: cells a level */
  guint                  rows_fit;       /* rows that fit in the height, rounded up */
  guint                  generation;     /* bumped when laid-out rows go stale */

  guint64                top;            /* start of the top row */
  guint64                max_top;        /* top row when the last row is at the bottom */
  guint64                switch_anchor;  /* the top byte when the views were switched... */
  guint64                switched_top;   /* ...and the top it gave */
  guint                  h_cell;         /* first cell shown when not wrapping */
  guint                  h_cells_upper;

  guint64                caret;
  guint64                anchor;
  guint                  preferred_cell;
  double                 scroll_pending; /* smooth scrolling, in rows */
  double                 drag_x;
  double                 drag_y;

  MmGutterMode           gutter_mode;
  guint                  hscroll_policy : 1;
  guint                  vscroll_policy : 1;
  guint                  wrap : 1;
  guint                  dark : 1;
  guint                  has_preferred_cell : 1;
  guint                  in_configure : 1;
  guint                  drawn_text : 1;
  guint                  markup : 1;           /* HTML or XML: coloured as such */
  guint                  pretty : 1;           /* JSON one value per row */
  guint                  readable_strings : 1; /* ...with escapes drawn decoded */
  guint                  token_styles_ready : 1;
  guint                  colour_pending : 1;   /* a row was drawn plain for want of the index */
  guint                  follow : 1;
};

void     _mm_text_view_class_init_input (GtkWidgetClass *widget_class);
void     _mm_text_view_class_init_json  (GtkWidgetClass *widget_class);
MmRowModel *_mm_text_view_get_row_model (MmTextView     *self);
void     _mm_text_view_reset_token_styles (MmTextView   *self);
void     _mm_text_view_detect_markup    (MmTextView     *self);
void     _mm_text_view_add_color_attributes (MmTextView      *self,
                                             const MmRowText *text,
                                             PangoAttrList   *attrs,
                                             guint            prefix);
void     _mm_text_view_recolor          (MmTextView     *self);
const char *const *_mm_text_view_token_style_chain (MmTokenKind kind);
GskRenderNode *_mm_text_view_make_text_node (MmTextView      *self,
                                             const MmRowText *text,
                                             PangoAttrList   *attrs,
                                             guint            prefix);
void     _mm_glyph_cache_free           (MmGlyphCache   *cache);
char    *_mm_text_view_dup_token_kinds  (MmTextView     *self,
                                         guint           row,
                                         gboolean        carry);
void     _mm_text_view_init_json        (MmTextView     *self);
char    *_mm_text_view_dup_json_value   (MmTextView     *self);
void     _mm_text_view_reveal           (MmTextView     *self,
                                         guint64         offset);
gboolean _mm_text_view_toggle_fold_at   (MmTextView     *self,
                                         guint64         row,
                                         gboolean        fold);
void     _mm_text_view_init_input       (MmTextView     *self);
void     _mm_text_view_rebuild          (MmTextView     *self);
void     _mm_text_view_ensure_visible   (MmTextView     *self,
                                         guint64         offset);
gboolean _mm_text_view_hit              (MmTextView     *self,
                                         double          x,
                                         double          y,
                                         guint64        *offset);
guint64  _mm_text_view_scroll_rows      (MmTextView     *self,
                                         guint64         from,
                                         int             rows);
void     _mm_text_view_set_top          (MmTextView     *self,
                                         guint64         top);
void     _mm_text_view_load_colors      (MmTextView     *self);
void     _mm_text_view_configure_adjustments (MmTextView *self);
void     _mm_visible_row_free           (gpointer        row);
void     _mm_text_view_invalidate       (MmTextView     *self);

char    *_mm_text_view_dup_row_text     (MmTextView     *self,
                                         guint           row);
gboolean _mm_text_view_get_row_range    (MmTextView     *self,
                                         guint           row,
                                         guint64        *start,
                                         guint64        *end);

G_END_DECLS
