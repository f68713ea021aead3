/* mm-statusbar-private.h: the status bar's parts, for its tests */
#pragma once

#include "mm-statusbar.h"

G_BEGIN_DECLS

struct _MmStatusbar
{
  GtkWidget        parent_instance;

  MmDocument      *document;
  GWeakRef         view;
  GSignalGroup    *document_signals;
  GSignalGroup    *view_signals;
  GBindingGroup   *view_bindings;
  guint64          pending_line;
  guint64          json_error_offset;

  /* Template children */
  GtkLabel        *size_label;
  GtkLabel        *lines_label;
  GtkLabel        *line_ends_label;
  GtkProgressBar  *index_progress;
  GtkLabel        *selection_label;
  GtkLabel        *path_label;
  GtkButton       *json_error_button;
  GtkToggleButton *follow_button;
  GtkMenuButton   *position_button;
  GtkLabel        *position_label;
  GtkPopover      *goto_popover;
  GtkEntry        *goto_entry;
  GtkLabel        *goto_hint;
};

G_END_DECLS
