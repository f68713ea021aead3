/* mm-search-bar.c: the search bar.
 *
 * Given a document and a view (held weakly, as a side widget holds the
 * view it follows), every change of the pattern or of its options starts
 * a new MmSearch and cancels the old one. The first match after the caret
 * is selected as soon as the short job finds it; the count grows as the
 * full scan goes. Its own actions (search.next, search.previous) serve
 * its buttons; the window's F3 and Ctrl+G call mm_search_bar_step().
 */
#define G_LOG_DOMAIN "mm-search-bar"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mm-format.h"
#include "mm-search-bar.h"

struct _MmSearchBar
{
  GtkWidget        parent_instance;

  MmDocument      *document;
  GWeakRef         view;
  MmSearch        *search;
  gboolean         followed;   /* the first hit was shown */

  /* Template children */
  GtkSearchBar    *search_bar;
  GtkWidget       *content;
  GtkSearchEntry  *search_entry;
  GtkToggleButton *case_button;
  GtkToggleButton *word_button;
  GtkToggleButton *regex_button;
  GtkLabel        *search_label;
  GtkProgressBar  *search_progress;
};

G_DEFINE_FINAL_TYPE (MmSearchBar, mm_search_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_label (MmSearchBar *self)
{
  g_autoptr(MmTextView) view = g_weak_ref_get (&self->view);
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  guint64 start = 0, end = 0, offset, length;
  guint64 n;
  gboolean complete;
  guint index;

  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
  if (self->search == NULL)
    {
      gtk_label_set_label (self->search_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->search_progress), FALSE);
      return;
    }

  n = mm_search_get_n_matches (self->search);
  complete = mm_search_is_complete (self->search);
  total = mm_format_count (n);
  gtk_widget_set_visible (GTK_WIDGET (self->search_progress), !complete);
  gtk_progress_bar_set_fraction (self->search_progress, mm_search_get_fraction (self->search));

  if (view != NULL)
    mm_text_view_get_selection (view, &start, &end);
  index = mm_search_first_at_or_after (self->search, start);

  if (complete && n == 0)
    text = g_strdup (_("No matches"));
  else if (mm_search_get_match (self->search, index, &offset, &length) && offset == start && end == start + length)
    {
      g_autofree char *current = mm_format_count (index + 1);

      /* Translators: "3 of 1,204" while the scan goes on, with an ellipsis */
      text = g_strdup_printf (complete ? _("%s of %s") : _("%s of %s…"), current, total);
    }
  else
    text = g_strdup_printf (complete ? g_dngettext (GETTEXT_PACKAGE, "%s match", "%s matches", n)
                                     : _("%s matches so far…"), total);

  if (n > mm_search_get_n_stored (self->search))
    {
      g_autofree char *stored = mm_format_count (mm_search_get_n_stored (self->search));
      g_autofree char *longer = g_strdup_printf (_("%s (the first %s are marked)"), text, stored);

      g_free (text);
      text = g_steal_pointer (&longer);
    }

  gtk_label_set_label (self->search_label, text);
}

static void
select_match (MmSearchBar *self,
              guint64      offset,
              guint64      length)
{
  g_autoptr(MmTextView) view = g_weak_ref_get (&self->view);

  if (view != NULL)
    mm_text_view_select_range (view, offset, offset + length);
  update_label (self);
}

static void
on_first_hit (MmSearchBar *self,
              MmSearch    *search)
{
  guint64 offset, length;

  if (search != self->search)
    return;

  if (!self->followed && mm_search_get_first_hit (search, &offset, &length))
    {
      self->followed = TRUE;
      select_match (self, offset, length);
    }
  update_label (self);
}

static void
on_search_progress (MmSearchBar *self,
                    MmSearch    *search)
{
  g_autoptr(MmTextView) view = g_weak_ref_get (&self->view);

  if (search != self->search)
    return;

  update_label (self);
  if (view != NULL)
    gtk_widget_queue_draw (GTK_WIDGET (view));
}

/* Cancels the search and takes its marks away. */
void
mm_search_bar_stop (MmSearchBar *self)
{
  g_autoptr(MmTextView) view = NULL;

  g_return_if_fail (MM_IS_SEARCH_BAR (self));

  view = g_weak_ref_get (&self->view);
  if (self->search != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->search, self);
      mm_search_cancel (self->search);
      g_clear_object (&self->search);
    }

  if (self->document != NULL)
    mm_marks_clear (mm_document_get_marks (self->document), MM_MARK_SEARCH);
  if (view != NULL)
    mm_text_view_set_search (view, NULL);
  update_label (self);
}

static void
start_search (MmSearchBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(MmTextView) view = g_weak_ref_get (&self->view);
  g_autoptr(GError) error = NULL;
  MmSearchFlags flags = 0;
  guint64 start = 0, end;

  mm_search_bar_stop (self);
  if (self->document == NULL || view == NULL || text[0] == 0)
    return;

  if (gtk_toggle_button_get_active (self->case_button))
    flags |= MM_SEARCH_CASE_SENSITIVE;
  if (gtk_toggle_button_get_active (self->regex_button))
    flags |= MM_SEARCH_REGEX;
  if (gtk_toggle_button_get_active (self->word_button))
    flags |= MM_SEARCH_WHOLE_WORD;

  self->search = mm_search_new (mm_document_get_file (self->document), text, flags,
                                mm_document_get_marks (self->document), &error);
  if (self->search == NULL)
    {
      gtk_label_set_label (self->search_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
      return;
    }

  self->followed = FALSE;
  g_signal_connect_object (self->search, "first-hit", G_CALLBACK (on_first_hit), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search, "progress", G_CALLBACK (on_search_progress), self, G_CONNECT_SWAPPED);
  mm_text_view_set_search (view, self->search);

  /* From where the user is: the selection's start, or the caret. */
  mm_text_view_get_selection (view, &start, &end);
  mm_search_start (self->search, start);
  update_label (self);
}

/* The next (or previous) match from the selection, wrapping around. */
void
mm_search_bar_step (MmSearchBar *self,
                    gboolean     backward)
{
  g_autoptr(MmTextView) view = NULL;
  guint64 start, end, offset, length;
  guint index;

  g_return_if_fail (MM_IS_SEARCH_BAR (self));

  if (self->search == NULL)
    {
      start_search (self);
      return;
    }

  view = g_weak_ref_get (&self->view);
  if (view == NULL)
    return;

  mm_text_view_get_selection (view, &start, &end);
  if (mm_search_find (self->search, start, backward, &index) &&
      mm_search_get_match (self->search, index, &offset, &length))
    {
      self->followed = TRUE;
      select_match (self, offset, length);
    }
  else if (mm_search_get_first_hit (self->search, &offset, &length))
    select_match (self, offset, length);
}

/* Shows the bar with the entry focused; a short selection on one line is
 * what the user wants to find. */
void
mm_search_bar_open (MmSearchBar *self)
{
  g_autoptr(MmTextView) view = NULL;
  guint64 start, end;

  g_return_if_fail (MM_IS_SEARCH_BAR (self));

  view = g_weak_ref_get (&self->view);
  if (self->document == NULL || view == NULL)
    return;

  if (mm_text_view_get_selection (view, &start, &end) && end - start <= 256)
    {
      const char *data = (const char *) mm_mapped_file_get_data (mm_document_get_file (self->document));
      g_autofree char *text = g_strndup (data + start, end - start);

      if (g_utf8_validate (text, -1, NULL) && strchr (text, '\n') == NULL && strlen (text) == end - start)
        gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
    }

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/**
 * mm_search_bar_find:
 *
 * Opens the bar with @text, as if typed there; the search starts at once
 * rather than after the entry's typing delay.
 */
void
mm_search_bar_find (MmSearchBar *self,
                    const char  *text)
{
  g_return_if_fail (MM_IS_SEARCH_BAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  g_signal_handlers_block_by_func (self->search_entry, start_search, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  g_signal_handlers_unblock_by_func (self->search_entry, start_search, self);
  start_search (self);
}

MmSearch *
mm_search_bar_get_search (MmSearchBar *self)
{
  g_return_val_if_fail (MM_IS_SEARCH_BAR (self), NULL);

  return self->search;
}

const char *
mm_search_bar_get_status (MmSearchBar *self)
{
  g_return_val_if_fail (MM_IS_SEARCH_BAR (self), NULL);

  return gtk_label_get_label (self->search_label);
}

void
mm_search_bar_set_document (MmSearchBar *self,
                            MmDocument  *document)
{
  g_return_if_fail (MM_IS_SEARCH_BAR (self));

  if (self->document == document)
    return;

  mm_search_bar_stop (self);
  g_set_object (&self->document, document);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

void
mm_search_bar_set_view (MmSearchBar *self,
                        MmTextView  *view)
{
  g_autoptr(MmTextView) old = NULL;

  g_return_if_fail (MM_IS_SEARCH_BAR (self));

  old = g_weak_ref_get (&self->view);
  if (old == view)
    return;

  g_weak_ref_set (&self->view, view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

MmTextView *
mm_search_bar_get_view (MmSearchBar *self)
{
  MmTextView *view;

  g_return_val_if_fail (MM_IS_SEARCH_BAR (self), NULL);

  /* Weak: the returned view lives as long as the window showing it. */
  view = g_weak_ref_get (&self->view);
  if (view != NULL)
    g_object_unref (view);
  return view;
}

static void
on_step (MmSearchBar *self)
{
  mm_search_bar_step (self, FALSE);
}

static void
on_step_back (MmSearchBar *self)
{
  mm_search_bar_step (self, TRUE);
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  mm_search_bar_step (MM_SEARCH_BAR (widget), g_str_equal (action_name, "search.previous"));
}

static void
on_stop_search (MmSearchBar *self)
{
  g_autoptr(MmTextView) view = g_weak_ref_get (&self->view);

  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  if (view != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (view));
}

/* The bar's content stays hidden until the bar is first opened: a hidden
 * revealer still measures its child, and the window's first frame need not
 * load its icons and lay out its labels. */
static void
on_search_mode_changed (MmSearchBar *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_widget_set_visible (self->content, TRUE);
  else
    mm_search_bar_stop (self);
}

static gboolean
on_entry_key (MmSearchBar           *self,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_SHIFT_MASK))
    {
      mm_search_bar_step (self, TRUE);
      return TRUE;
    }

  return FALSE;
}

static void
mm_search_bar_dispose (GObject *object)
{
  MmSearchBar *self = (MmSearchBar *)object;

  if (self->search != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->search, self);
      mm_search_cancel (self->search);
      g_clear_object (&self->search);
    }
  g_clear_object (&self->document);
  g_weak_ref_set (&self->view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MM_TYPE_SEARCH_BAR);

  G_OBJECT_CLASS (mm_search_bar_parent_class)->dispose (object);
}

static void
mm_search_bar_finalize (GObject *object)
{
  MmSearchBar *self = (MmSearchBar *)object;

  g_weak_ref_clear (&self->view);

  G_OBJECT_CLASS (mm_search_bar_parent_class)->finalize (object);
}

static void
mm_search_bar_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MmSearchBar *self = MM_SEARCH_BAR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_VIEW:
      g_value_take_object (value, g_weak_ref_get (&self->view));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_search_bar_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MmSearchBar *self = MM_SEARCH_BAR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      mm_search_bar_set_document (self, g_value_get_object (value));
      break;

    case PROP_VIEW:
      mm_search_bar_set_view (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_search_bar_class_init (MmSearchBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mm_search_bar_dispose;
  object_class->finalize = mm_search_bar_finalize;
  object_class->get_property = mm_search_bar_get_property;
  object_class->set_property = mm_search_bar_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         MM_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL,
                         MM_TYPE_TEXT_VIEW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/MmView/ui/mm-search-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, MmSearchBar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, MmSearchBar, content);
  gtk_widget_class_bind_template_child (widget_class, MmSearchBar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MmSearchBar, case_button);
  gtk_widget_class_bind_template_child (widget_class, MmSearchBar, word_button);
  gtk_widget_class_bind_template_child (widget_class, MmSearchBar, regex_button);
  gtk_widget_class_bind_template_child (widget_class, MmSearchBar, search_label);
  gtk_widget_class_bind_template_child (widget_class, MmSearchBar, search_progress);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mmsearchbar");

  gtk_widget_class_install_action (widget_class, "search.next", NULL, step_action);
  gtk_widget_class_install_action (widget_class, "search.previous", NULL, step_action);
}

static void
mm_search_bar_init (MmSearchBar *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_weak_ref_init (&self->view, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (start_search),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (on_step),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "next-match", G_CALLBACK (on_step),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "previous-match", G_CALLBACK (on_step_back),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (on_stop_search),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (on_search_mode_changed),
                           self, G_CONNECT_SWAPPED);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_entry_key), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  g_signal_connect_object (self->case_button, "toggled", G_CALLBACK (start_search), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->regex_button, "toggled", G_CALLBACK (start_search), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->word_button, "toggled", G_CALLBACK (start_search), self, G_CONNECT_SWAPPED);
}
