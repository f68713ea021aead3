/* mm-statusbar.c: the window's status bar.
 *
 * Given a document and a view (held weakly), it follows both through
 * signal groups: the size, the number of lines (and indexing progress),
 * how lines end, the caret's line, column and byte, the caret's JSON path
 * and where the JSON stops being valid, the selection's size, the Follow
 * toggle, and the Go To popover, whose text it hands to the window with
 * the "go-to" signal (as it does the JSON error's byte when clicked).
 */
#define G_LOG_DOMAIN "mm-statusbar"

#include "config.h"

#include <glib/gi18n.h>

#include "mm-format.h"
#include "mm-statusbar-private.h"
#include "mm-utf8-cells.h"

G_DEFINE_FINAL_TYPE (MmStatusbar, mm_statusbar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_VIEW,
  PROP_PENDING_LINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  GO_TO,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define COLUMN_SCAN_LIMIT ((guint64) 1 << 20)

/* The jq path of the caret, where the structure index knows it. */
static void
update_path (MmStatusbar *self,
             MmTextView  *view)
{
  g_autofree char *path = mm_text_view_dup_json_path (view);

  gtk_widget_set_visible (GTK_WIDGET (self->path_label), path != NULL);
  gtk_label_set_label (self->path_label, path ? path : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->path_label), path);
}

/* Where the JSON stops being valid, when it does: the pretty view then
 * stays plain, and this says why. */
static void
update_json_error (MmStatusbar *self)
{
  MmJsonIndex *json = mm_document_get_json_index (self->document);
  const char *expected = NULL;
  g_autofree char *at = NULL;
  g_autofree char *label = NULL;
  g_autofree char *tip = NULL;

  if (json == NULL || !mm_json_index_get_error (json, &self->json_error_offset, &expected))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->json_error_button), FALSE);
      return;
    }

  at = mm_format_count (self->json_error_offset);
  /* Translators: %s is a byte offset, e.g. 15,728,640 */
  label = g_strdup_printf (_("Not valid JSON at byte %s"), at);
  /* Translators: the first %s is a byte offset, the second what the
   * grammar wanted there, e.g. "',' or ']'" */
  tip = g_strdup_printf (_("At byte %s, expected %s. The pretty view needs the whole value; before that byte, paths, colours and the outline still work. Click to go there."),
                         at, expected);
  gtk_button_set_label (self->json_error_button, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->json_error_button), tip);
  gtk_widget_set_visible (GTK_WIDGET (self->json_error_button), TRUE);
}

static void
on_json_error_clicked (MmStatusbar *self)
{
  g_autofree char *target = g_strdup_printf ("@%" G_GUINT64_FORMAT, self->json_error_offset);

  g_signal_emit (self, signals[GO_TO], 0, target);
}

static void
update (MmStatusbar *self)
{
  g_autoptr(MmTextView) view = g_weak_ref_get (&self->view);
  MmLineIndex *index;
  guint64 length, caret, line, line_start, sel_start, sel_end, n_lines;
  g_autofree char *size = NULL;
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;
  g_autofree char *byte = NULL;

  if (self->document == NULL || view == NULL)
    return;

  index = mm_document_get_index (self->document);
  length = mm_document_get_length (self->document);

  size = g_format_size (length);
  {
    g_autofree char *bytes = mm_format_count (length);
    g_autofree char *tip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s byte", "%s bytes", length), bytes);

    if (mm_mapped_file_is_snapshot (mm_document_get_file (self->document)))
      {
        /* Translators: the size, for a file (in /proc) read into memory */
        g_autofree char *label = g_strdup_printf (_("%s, read when opened"), size);
        g_autofree char *more = g_strdup_printf (_("%s. The file reports a size of 0, as files in /proc do: it was read into memory when opened, and is shown read-only as it was then."), tip);

        gtk_label_set_label (self->size_label, label);
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->size_label), more);
      }
    else
      {
        gtk_label_set_label (self->size_label, size);
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->size_label), tip);
      }
  }

  if (mm_line_index_get_n_lines (index, &n_lines))
    {
      count = mm_format_count (n_lines);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s line", "%s lines", n_lines), count);
      gtk_widget_set_visible (GTK_WIDGET (self->index_progress), FALSE);
    }
  else
    {
      count = mm_format_count (mm_line_index_get_newlines (index));
      text = g_strdup_printf (_("Indexing… %s lines so far"), count);
      gtk_widget_set_visible (GTK_WIDGET (self->index_progress), TRUE);
      gtk_progress_bar_set_fraction (self->index_progress,
                                     length ? (double) mm_line_index_get_scanned (index) / length : 1.0);
    }
  gtk_label_set_label (self->lines_label, text);
  g_clear_pointer (&text, g_free);

  switch (mm_line_index_get_line_ends (index))
    {
    case MM_LINE_ENDS_LF:
      gtk_label_set_label (self->line_ends_label, "LF");
      break;
    case MM_LINE_ENDS_CRLF:
      gtk_label_set_label (self->line_ends_label, "CRLF");
      break;
    case MM_LINE_ENDS_MIXED:
      gtk_label_set_label (self->line_ends_label, _("Mixed LF and CRLF"));
      break;
    case MM_LINE_ENDS_NONE:
    default:
      gtk_label_set_label (self->line_ends_label, "");
      break;
    }

  caret = mm_text_view_get_caret (view);
  byte = mm_format_count (caret);
  if (self->pending_line > 0)
    {
      g_autofree char *target = mm_format_count (self->pending_line);
      text = g_strdup_printf (_("Going to line %s once it is indexed…"), target);
    }
  else if (mm_line_index_offset_to_line (index, caret, &line) &&
           mm_line_index_line_to_offset (index, line, &line_start) && line_start <= caret)
    {
      g_autofree char *l = mm_format_count (line + 1);

      /* The column counts characters, as editors do; in a line longer than
       * a few MiB that would be a scan on every caret move, so there only
       * the line and the byte are shown. */
      if (caret - line_start <= COLUMN_SCAN_LIMIT)
        {
          const guint8 *data = mm_mapped_file_get_data (mm_document_get_file (self->document));
          g_autofree char *c = mm_format_count (mm_utf8_count_chars (data + line_start, caret - line_start) + 1);

          /* Translators: line, column (in characters), byte offset of the caret */
          text = g_strdup_printf (_("Ln %s, Col %s · Byte %s"), l, c, byte);
        }
      else
        /* Translators: line and byte offset of the caret */
        text = g_strdup_printf (_("Ln %s · Byte %s"), l, byte);
    }
  else
    text = g_strdup_printf (_("Byte %s"), byte);
  gtk_label_set_label (self->position_label, text);
  g_clear_pointer (&text, g_free);

  if (mm_text_view_get_selection (view, &sel_start, &sel_end))
    {
      g_autofree char *n = mm_format_count (sel_end - sel_start);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s byte selected", "%s bytes selected",
                                           sel_end - sel_start), n);
    }
  gtk_label_set_label (self->selection_label, text ? text : "");
  update_path (self, view);
  update_json_error (self);
}

/* The popover with its entry empty and the hint shown. */
void
mm_statusbar_popup_goto (MmStatusbar *self)
{
  g_return_if_fail (MM_IS_STATUSBAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->goto_entry), "");
  gtk_widget_remove_css_class (GTK_WIDGET (self->goto_entry), "error");
  gtk_label_set_label (self->goto_hint,
                       _("A number goes to that line; 0x1F400 or @128000 to a byte offset; 50% to halfway through the file."));
  gtk_menu_button_popup (self->position_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->goto_entry));
}

/**
 * mm_statusbar_goto_done:
 * @error: (nullable): why the text was not understood
 *
 * The answer to a "go-to": the popover closes, or says what was wrong.
 */
void
mm_statusbar_goto_done (MmStatusbar  *self,
                        const GError *error)
{
  g_autoptr(MmTextView) view = NULL;

  g_return_if_fail (MM_IS_STATUSBAR (self));

  if (error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->goto_entry), "error");
      gtk_label_set_label (self->goto_hint, error->message);
      return;
    }

  gtk_popover_popdown (self->goto_popover);
  view = g_weak_ref_get (&self->view);
  if (view != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (view));
}

static void
on_goto_activate (MmStatusbar *self,
                  GtkEntry    *entry)
{
  g_signal_emit (self, signals[GO_TO], 0, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

void
mm_statusbar_set_document (MmStatusbar *self,
                           MmDocument  *document)
{
  g_return_if_fail (MM_IS_STATUSBAR (self));

  if (!g_set_object (&self->document, document))
    return;

  g_signal_group_set_target (self->document_signals, document);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

void
mm_statusbar_set_view (MmStatusbar *self,
                       MmTextView  *view)
{
  g_autoptr(MmTextView) old = NULL;

  g_return_if_fail (MM_IS_STATUSBAR (self));

  old = g_weak_ref_get (&self->view);
  if (old == view)
    return;

  g_weak_ref_set (&self->view, view);
  g_signal_group_set_target (self->view_signals, view);
  g_binding_group_set_source (self->view_bindings, view);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/* 1-based line the window waits for the index to reach; 0: none. */
void
mm_statusbar_set_pending_line (MmStatusbar *self,
                               guint64      line)
{
  g_return_if_fail (MM_IS_STATUSBAR (self));

  if (self->pending_line == line)
    return;

  self->pending_line = line;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_LINE]);
}

const char *
mm_statusbar_get_position_text (MmStatusbar *self)
{
  g_return_val_if_fail (MM_IS_STATUSBAR (self), NULL);

  return gtk_label_get_label (self->position_label);
}

static void
mm_statusbar_dispose (GObject *object)
{
  MmStatusbar *self = (MmStatusbar *)object;

  g_clear_object (&self->view_bindings);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->view_signals);
  g_clear_object (&self->document);
  g_weak_ref_set (&self->view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MM_TYPE_STATUSBAR);

  G_OBJECT_CLASS (mm_statusbar_parent_class)->dispose (object);
}

static void
mm_statusbar_finalize (GObject *object)
{
  MmStatusbar *self = (MmStatusbar *)object;

  g_weak_ref_clear (&self->view);

  G_OBJECT_CLASS (mm_statusbar_parent_class)->finalize (object);
}

static void
mm_statusbar_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MmStatusbar *self = MM_STATUSBAR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_VIEW:
      g_value_take_object (value, g_weak_ref_get (&self->view));
      break;

    case PROP_PENDING_LINE:
      g_value_set_uint64 (value, self->pending_line);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_statusbar_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MmStatusbar *self = MM_STATUSBAR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      mm_statusbar_set_document (self, g_value_get_object (value));
      break;

    case PROP_VIEW:
      mm_statusbar_set_view (self, g_value_get_object (value));
      break;

    case PROP_PENDING_LINE:
      mm_statusbar_set_pending_line (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_statusbar_class_init (MmStatusbarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mm_statusbar_dispose;
  object_class->finalize = mm_statusbar_finalize;
  object_class->get_property = mm_statusbar_get_property;
  object_class->set_property = mm_statusbar_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         MM_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL,
                         MM_TYPE_TEXT_VIEW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PENDING_LINE] =
    g_param_spec_uint64 ("pending-line", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MmStatusbar::go-to:
   * @text: what the user typed in the Go To popover
   *
   * Answer with mm_statusbar_goto_done().
   */
  signals[GO_TO] =
    g_signal_new ("go-to",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/MmView/ui/mm-statusbar.ui");
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, size_label);
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, lines_label);
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, line_ends_label);
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, index_progress);
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, selection_label);
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, path_label);
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, json_error_button);
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, follow_button);
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, position_button);
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, position_label);
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, goto_popover);
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, goto_entry);
  gtk_widget_class_bind_template_child (widget_class, MmStatusbar, goto_hint);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mmstatusbar");
}

static void
mm_statusbar_init (MmStatusbar *self)
{
  g_weak_ref_init (&self->view, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 6);

  self->document_signals = g_signal_group_new (MM_TYPE_DOCUMENT);
  g_signal_group_connect_swapped (self->document_signals, "index-progress", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->document_signals, "file-changed", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->document_signals, "bytes-changed", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->document_signals, "json-progress", G_CALLBACK (update), self);

  self->view_signals = g_signal_group_new (MM_TYPE_TEXT_VIEW);
  g_signal_group_connect_swapped (self->view_signals, "notify::caret", G_CALLBACK (update), self);

  self->view_bindings = g_binding_group_new ();
  g_binding_group_bind (self->view_bindings, "follow", self->follow_button, "active",
                        G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->goto_entry, "activate", G_CALLBACK (on_goto_activate),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->json_error_button, "clicked", G_CALLBACK (on_json_error_clicked),
                           self, G_CONNECT_SWAPPED);
}
