/* mm-window-private.h: MmWindow's state, shared with its actions */
#pragma once

#include "mm-hex-panel.h"
#include "mm-minimap.h"
#include "mm-search.h"
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
  guint                 banner_timeout;
  guint                 index_tick;
  guint                 index_timeout;

  /* Template children */
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
  GtkBox               *statusbar;
  GtkLabel             *size_label;
  GtkLabel             *lines_label;
  GtkLabel             *line_ends_label;
  GtkToggleButton      *follow_button;
  GtkProgressBar       *index_progress;
  GtkLabel             *selection_label;
  GtkMenuButton        *position_button;
  GtkLabel             *position_label;
  GtkPopover           *goto_popover;
  GtkEntry             *goto_entry;
  GtkLabel             *goto_hint;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkToggleButton      *case_button;
  GtkToggleButton      *word_button;
  GtkToggleButton      *regex_button;
  GtkLabel             *search_label;
  GtkProgressBar       *search_progress;

  MmSearch             *search;
  guint                 search_followed : 1;  /* the first hit was shown */
};

char *_mm_format_count             (guint64        n);
void _mm_window_class_init_actions (MmWindowClass *klass);
void _mm_window_class_init_search  (MmWindowClass *klass);
void _mm_window_init_search        (MmWindow      *self);
void _mm_window_stop_search        (MmWindow      *self);
void _mm_window_init_actions       (MmWindow      *self);
void _mm_window_update_status      (MmWindow      *self);
void _mm_window_reload             (MmWindow      *self);
void _mm_window_update_edit_state  (MmWindow      *self);
gboolean _mm_window_save           (MmWindow      *self);

typedef enum
{
  MM_BANNER_PLAIN,
  MM_BANNER_RELOAD,    /* with a Reload button */
  MM_BANNER_RECOVERY,  /* Put Original Bytes Back / Keep the Edits */
} MmBannerKind;

void     _mm_window_show_banner_kind    (MmWindow     *self,
                                         const char   *text,
                                         MmBannerKind  kind);
void     _mm_window_ask_about_unsaved_edits (MmWindow *self,
                                             gboolean  then_reload);

G_END_DECLS
