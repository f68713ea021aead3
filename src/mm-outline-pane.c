/* mm-outline-pane.c: the sidebar listing an export's conversations.
 *
 * Given a document and a view (held weakly), it shows the document's
 * outline once the structure is known: a row per conversation (title, date,
 * messages shown) made only for the rows on screen, a filter on titles, an
 * order, and a count. Choosing a row puts the view on that conversation's
 * first byte and says so ("selected"); activating it asks for the reader
 * ("activated"); the caret moving in the view selects the conversation it
 * is in. Any other JSON file lists its top-level members with a preview.
 */
#define G_LOG_DOMAIN "mm-outline-pane"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mm-conversation.h"
#include "mm-format.h"
#include "mm-outline-pane-private.h"

struct _MmOutlinePane
{
  GtkWidget           parent_instance;

  MmDocument         *document;
  GWeakRef            view;
  MmOutline          *outline;       /* the document's, once it has one */
  GtkSingleSelection *selection;
  GSignalGroup       *document_signals;
  GSignalGroup       *outline_signals;
  GSignalGroup       *view_signals;
  char               *count;
  MmOutlineKind       kind;
  gboolean            syncing;       /* selecting from the caret */

  /* Template children */
  GtkWidget          *header;
  GtkSearchEntry     *filter_entry;
  GtkLabel           *count_label;
  GtkDropDown        *sort_dropdown;
  GtkGridView        *list_view;
};

G_DEFINE_FINAL_TYPE (MmOutlinePane, mm_outline_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_VIEW,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SELECTED,
  ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_count (MmOutlinePane *self)
{
  g_autofree char *shown = NULL;
  g_autofree char *found = NULL;
  guint n_shown, n_found;

  g_clear_pointer (&self->count, g_free);
  if (self->outline == NULL || mm_outline_get_kind (self->outline) == MM_OUTLINE_KIND_NONE)
    {
      self->count = g_strdup (self->outline != NULL && !mm_outline_is_complete (self->outline)
                              ? _("Reading the structure…") : "");
      gtk_label_set_label (self->count_label, self->count);
      return;
    }

  n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->outline));
  n_found = mm_outline_get_n_found (self->outline);
  shown = mm_format_count (n_shown);
  found = mm_format_count (n_found);

  if (mm_outline_get_kind (self->outline) == MM_OUTLINE_KIND_MEMBERS)
    self->count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members", n_found), found);
  else if (!mm_outline_is_listed (self->outline))
    self->count = g_strdup_printf (_("%s conversations, reading…"), found);
  else if (!mm_outline_is_complete (self->outline) && n_shown == n_found)
    /* Every row is there; their message counts are still being read. */
    self->count = g_strdup_printf (_("%s conversations, counting messages…"), found);
  else if (n_shown != n_found)
    /* Translators: "12 of 2,931", conversations whose title matches the filter */
    self->count = g_strdup_printf (_("%s of %s"), shown, found);
  else
    self->count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s conversation", "%s conversations", n_found), found);
  gtk_label_set_label (self->count_label, self->count);
}

static void
update_kind (MmOutlinePane *self)
{
  gboolean conversations = self->outline != NULL &&
                           mm_outline_get_kind (self->outline) == MM_OUTLINE_KIND_CONVERSATIONS;

  MmOutlineKind kind = self->outline ? mm_outline_get_kind (self->outline) : MM_OUTLINE_KIND_NONE;

  gtk_widget_set_visible (GTK_WIDGET (self->filter_entry), conversations);
  gtk_widget_set_visible (GTK_WIDGET (self->sort_dropdown), conversations);
  update_count (self);
  if (kind != self->kind)
    {
      self->kind = kind;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
    }
}

/* The view follows the row chosen; the row follows the caret (below). */
static void
on_selected (MmOutlinePane *self)
{
  g_autoptr(MmTextView) view = g_weak_ref_get (&self->view);
  MmOutlineItem *item = gtk_single_selection_get_selected_item (self->selection);

  if (self->syncing || item == NULL)
    return;
  if (view != NULL)
    {
      mm_text_view_set_caret (view, mm_outline_item_get_start (item), FALSE);
      /* In the pretty view, a conversation is shown by its members. */
      if (mm_outline_get_kind (self->outline) == MM_OUTLINE_KIND_CONVERSATIONS)
        mm_text_view_show_members (view, mm_outline_item_get_start (item));
      mm_text_view_scroll_to (view, mm_outline_item_get_start (item));
    }
  g_signal_emit (self, signals[SELECTED], 0, item);
}

static void
on_activate (MmOutlinePane *self,
             guint          position)
{
  g_autoptr(MmOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (item != NULL)
    g_signal_emit (self, signals[ACTIVATED], 0, item);
}

/* Selects row @position and shows it in the list, without moving the view. */
void
mm_outline_pane_select (MmOutlinePane *self,
                        guint          position)
{
  g_return_if_fail (MM_IS_OUTLINE_PANE (self));

  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  self->syncing = FALSE;
}

static void
on_caret (MmOutlinePane *self)
{
  g_autoptr(MmTextView) view = g_weak_ref_get (&self->view);
  guint position;

  if (view == NULL || self->outline == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)) ||
      mm_outline_get_kind (self->outline) == MM_OUTLINE_KIND_NONE)
    return;
  position = mm_outline_find (self->outline, mm_text_view_get_caret (view));
  if (position != gtk_single_selection_get_selected (self->selection))
    mm_outline_pane_select (self, position);
}

static void
on_outline_changed (MmOutlinePane *self)
{
  update_kind (self);
}

/* The document makes its outline when its structure pass first starts. */
static void
follow_outline (MmOutlinePane *self)
{
  MmOutline *outline = self->document ? mm_document_get_outline (self->document) : NULL;

  if (outline != self->outline)
    {
      g_set_object (&self->outline, outline);
      g_signal_group_set_target (self->outline_signals, outline);
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (outline));
      if (outline != NULL)
        {
          mm_outline_set_filter (outline, gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
          mm_outline_set_sort (outline, gtk_drop_down_get_selected (self->sort_dropdown));
        }
    }
  update_kind (self);
}

static void
on_filter_changed (MmOutlinePane *self)
{
  if (self->outline != NULL)
    mm_outline_set_filter (self->outline, gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
  update_count (self);
}

static void
on_sort_changed (MmOutlinePane *self)
{
  if (self->outline != NULL)
    mm_outline_set_sort (self->outline, gtk_drop_down_get_selected (self->sort_dropdown));
}

/* ---- rows ----------------------------------------------------------------- */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), detail);
  gtk_widget_add_css_class (box, "mm-outline-row");
  gtk_list_item_set_child (list_item, box);
}

/* A conversation's date and message count, once it is counted. */
static void
show_count (GtkLabel      *detail,
            MmOutlineItem *item)
{
  guint n = mm_outline_item_get_n_messages (item);
  g_autofree char *date = mm_conversation_format_time (mm_outline_item_get_time (item));
  g_autofree char *count = NULL;
  g_autofree char *messages = NULL;

  if (n == MM_OUTLINE_ITEM_NOT_COUNTED)
    {
      gtk_label_set_label (detail, date ? date : "");
      return;
    }
  count = mm_format_count (n);
  messages = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s message", "%s messages", n), count);
  if (date != NULL)
    {
      g_autofree char *line = g_strdup_printf ("%s · %s", date, messages);

      gtk_label_set_label (detail, line);
    }
  else
    gtk_label_set_label (detail, messages);
}

static void
on_count (MmOutlineItem *item,
          GParamSpec    *pspec,
          GtkLabel      *detail)
{
  show_count (detail, item);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  MmOutlineItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkLabel *title = GTK_LABEL (gtk_widget_get_first_child (box));
  GtkLabel *detail = GTK_LABEL (gtk_widget_get_last_child (box));
  const char *text = mm_outline_item_get_title (item);

  if (mm_outline_item_get_detail (item) != NULL)
    {
      /* A member: its key (or index) and its first bytes. */
      gtk_label_set_label (title, text);
      gtk_label_set_label (detail, mm_outline_item_get_detail (item));
      gtk_widget_add_css_class (GTK_WIDGET (detail), "monospace");
    }
  else
    {
      gtk_label_set_label (title, text && *text ? text : _("Untitled"));
      show_count (detail, item);
      gtk_widget_remove_css_class (GTK_WIDGET (detail), "monospace");
      /* Counted after the rows are there: shown when it is. */
      if (mm_outline_item_get_n_messages (item) == MM_OUTLINE_ITEM_NOT_COUNTED)
        g_signal_connect_object (item, "notify::n-messages", G_CALLBACK (on_count), detail, 0);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (title), gtk_label_get_label (title));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  gpointer item = gtk_list_item_get_item (list_item);

  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, on_count, gtk_widget_get_last_child (box));
}

/* ---- the object ----------------------------------------------------------- */

static void
mm_outline_pane_dispose (GObject *object)
{
  GtkWidget *child;
  MmOutlinePane *self = (MmOutlinePane *)object;

  if (self->selection != NULL)
    gtk_single_selection_set_model (self->selection, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MM_TYPE_OUTLINE_PANE);
  /* Children without an id in the template too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->outline_signals);
  g_clear_object (&self->view_signals);
  g_clear_object (&self->outline);
  g_clear_object (&self->document);
  g_weak_ref_set (&self->view, NULL);

  G_OBJECT_CLASS (mm_outline_pane_parent_class)->dispose (object);
}

static void
mm_outline_pane_finalize (GObject *object)
{
  MmOutlinePane *self = (MmOutlinePane *)object;

  g_weak_ref_clear (&self->view);
  g_free (self->count);

  G_OBJECT_CLASS (mm_outline_pane_parent_class)->finalize (object);
}

static void
mm_outline_pane_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MmOutlinePane *self = MM_OUTLINE_PANE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_VIEW:
      g_value_take_object (value, g_weak_ref_get (&self->view));
      break;
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_outline_pane_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MmOutlinePane *self = MM_OUTLINE_PANE (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      mm_outline_pane_set_document (self, g_value_get_object (value));
      break;
    case PROP_VIEW:
      mm_outline_pane_set_view (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_outline_pane_class_init (MmOutlinePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mm_outline_pane_dispose;
  object_class->finalize = mm_outline_pane_finalize;
  object_class->get_property = mm_outline_pane_get_property;
  object_class->set_property = mm_outline_pane_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, MM_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEW] =
    g_param_spec_object ("view", NULL, NULL, MM_TYPE_TEXT_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* An MmOutlineKind: what the list shows. */
  properties[PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL, 0, MM_OUTLINE_KIND_MEMBERS, MM_OUTLINE_KIND_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MmOutlinePane::selected:
   * @item: the MmOutlineItem chosen
   *
   * The user chose a row; the view is already on it.
   */
  signals[SELECTED] =
    g_signal_new ("selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MM_TYPE_OUTLINE_ITEM);
  /**
   * MmOutlinePane::activated:
   * @item: the MmOutlineItem activated (Enter, double click)
   */
  signals[ACTIVATED] =
    g_signal_new ("activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MM_TYPE_OUTLINE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/example/MmView/ui/mm-outline-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, MmOutlinePane, header);
  gtk_widget_class_bind_template_child (widget_class, MmOutlinePane, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, MmOutlinePane, count_label);
  gtk_widget_class_bind_template_child (widget_class, MmOutlinePane, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MmOutlinePane, list_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mm-outline-pane");
}

static void
mm_outline_pane_init (MmOutlinePane *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  g_weak_ref_init (&self->view, NULL);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (on_selected),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_grid_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_activate), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->filter_entry, "search-changed", G_CALLBACK (on_filter_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_dropdown, "notify::selected", G_CALLBACK (on_sort_changed),
                           self, G_CONNECT_SWAPPED);

  self->document_signals = g_signal_group_new (MM_TYPE_DOCUMENT);
  g_signal_group_connect_swapped (self->document_signals, "json-progress", G_CALLBACK (follow_outline), self);
  self->outline_signals = g_signal_group_new (MM_TYPE_OUTLINE);
  g_signal_group_connect_swapped (self->outline_signals, "progress", G_CALLBACK (on_outline_changed), self);
  g_signal_group_connect_swapped (self->outline_signals, "items-changed", G_CALLBACK (update_count), self);
  self->view_signals = g_signal_group_new (MM_TYPE_TEXT_VIEW);
  g_signal_group_connect_swapped (self->view_signals, "notify::caret", G_CALLBACK (on_caret), self);
  g_signal_connect_swapped (self, "map", G_CALLBACK (on_caret), self);
  update_kind (self);
}

void
mm_outline_pane_set_document (MmOutlinePane *self,
                              MmDocument    *document)
{
  g_return_if_fail (MM_IS_OUTLINE_PANE (self));

  if (!g_set_object (&self->document, document))
    return;

  g_signal_group_set_target (self->document_signals, document);
  follow_outline (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

void
mm_outline_pane_set_view (MmOutlinePane *self,
                          MmTextView    *view)
{
  g_autoptr(MmTextView) old = NULL;

  g_return_if_fail (MM_IS_OUTLINE_PANE (self));

  old = g_weak_ref_get (&self->view);
  if (old == view)
    return;
  g_weak_ref_set (&self->view, view);
  g_signal_group_set_target (self->view_signals, view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

MmOutlineKind
mm_outline_pane_get_kind (MmOutlinePane *self)
{
  g_return_val_if_fail (MM_IS_OUTLINE_PANE (self), MM_OUTLINE_KIND_NONE);

  return self->kind;
}

/* NULL until the document has one. */
MmOutline *
mm_outline_pane_get_outline (MmOutlinePane *self)
{
  g_return_val_if_fail (MM_IS_OUTLINE_PANE (self), NULL);

  return self->outline;
}

/* The count as shown: "2,931 conversations", "12 of 2,931". */
const char *
mm_outline_pane_get_count (MmOutlinePane *self)
{
  g_return_val_if_fail (MM_IS_OUTLINE_PANE (self), NULL);

  return self->count;
}

/* As a click on row @position. */
void
_mm_outline_pane_choose (MmOutlinePane *self,
                         guint          position)
{
  gtk_single_selection_set_selected (self->selection, position);
}

/* As a double click (or Enter) on row @position. */
void
_mm_outline_pane_activate (MmOutlinePane *self,
                           guint          position)
{
  on_activate (self, position);
}

guint
_mm_outline_pane_get_selected (MmOutlinePane *self)
{
  return gtk_single_selection_get_selected (self->selection);
}
