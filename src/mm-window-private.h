/* mm-window-private.h: MmWindow's state, shared with its actions */
#pragma once

#include "mm-hex-panel.h"
#include "mm-minimap.h"
#include "mm-outline-pane.h"
#include "mm-reader.h"
#include "mm-search-bar.h"
#include "mm-statusbar.h"
#include "mm-window.h"

G_BEGIN_DECLS

#define MM_COPY_LIMIT ((guint64) 64 * 1024 * 1024)

struct _MmWindow
{
  GtkApplicationWindow  parent_instance;

  GSettings            *settings;
  MmDocument           *document;
  GCancellable         *load_cancellable;
  GFile                *file;
  guint64               pending_line;    /* 1-based; 0: none */
  guint64               reload_caret;
  MmEditJournal        *carried_journal; /* taken over by the reloaded document */
  guint                 reloading : 1;   /* load anew, not the document other windows show */
  guint                 keep_banner : 1; /* the next load leaves the banner up */
  guint                 reload_after_question : 1;
  guint                 index_tick;
  guint                 index_timeout;
  guint                 recent_connected : 1;

  /* Template children */
  GMenuModel           *primary_menu;
  GtkMenuButton        *menu_button;
  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;
  GtkButton            *banner_restore_button;
  GtkButton            *banner_keep_button;
  GtkButton            *banner_reload_button;
  GtkStack             *stack;
  GtkListBox           *recent_list;
  GtkLabel             *recent_title;
  GtkSpinner           *spinner;
  GtkImage             *message_icon;
  GtkLabel             *message_title;
  GtkLabel             *message_body;
  GtkButton            *retry_button;
  MmTextView           *view;
  MmMinimap            *minimap;
  MmHexPanel           *hex_panel;
  GtkScrollbar         *vscrollbar;
  GtkScrollbar         *hscrollbar;
  MmStatusbar          *statusbar;
  MmSearchBar          *search_bar;
  GtkPaned             *outline_paned;
  MmOutlinePane        *outline_pane;    /* made when first needed; NULL before */
  MmReader             *reader;          /* made when first needed; NULL before */
  GtkPaned             *reader_paned;
  GtkWidget            *outline_button;
  GtkWidget            *pretty_button;
  GtkWidget            *reader_button;
  guint                 outline_offered : 1;  /* shown once for this export */
  guint                 reader_placed : 1;    /* its width set once */

};

void         _mm_window_class_init_actions      (MmWindowClass *klass);
void         _mm_window_init_outline            (MmWindow      *self);
void         _mm_window_set_outline_document    (MmWindow      *self,
                                                 MmDocument    *document);
void         _mm_window_init_actions            (MmWindow      *self);
void         _mm_window_reload                  (MmWindow      *self);
void         _mm_window_update_edit_state       (MmWindow      *self);
gboolean     _mm_window_save                    (MmWindow      *self);

typedef enum
{
  MM_BANNER_PLAIN,
  MM_BANNER_RELOAD,    /* with a Reload button */
  MM_BANNER_RECOVERY,  /* Put Original Bytes Back / Keep the Edits */
} MmBannerKind;

void         _mm_window_show_banner_kind        (MmWindow      *self,
                                                 const char    *text,
                                                 MmBannerKind   kind);
void         _mm_window_ask_about_unsaved_edits (MmWindow      *self,
                                                 gboolean       then_reload);
const char  *_mm_window_get_message             (MmWindow      *self);
const char  *_mm_window_get_state               (MmWindow      *self);
const char  *_mm_window_get_search_status       (MmWindow      *self);

G_END_DECLS
