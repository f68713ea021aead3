/* mm-outline-item.c: one row of the outline, made when the list shows it */
#define G_LOG_DOMAIN "mm-outline-item"

#include "config.h"

#include "mm-outline-item.h"
#include "mm-outline-private.h"

struct _MmOutlineItem
{
  GObject  parent_instance;

  guint64  start;
  guint64  end;
  guint    index;        /* in the file */
  char    *title;
  MmMappedFile *file;    /* where the title is read from when asked, once */
  guint64  title_at;
  char    *detail;       /* a member's preview; NULL for a conversation */
  double   time;         /* create_time; NAN when unknown */
  guint    n_messages;   /* MM_OUTLINE_ITEM_NOT_COUNTED until known */
};

G_DEFINE_FINAL_TYPE (MmOutlineItem, mm_outline_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_DETAIL,
  PROP_N_MESSAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mm_outline_item_finalize (GObject *object)
{
  MmOutlineItem *self = (MmOutlineItem *)object;

  g_free (self->title);
  g_clear_object (&self->file);
  g_free (self->detail);

  G_OBJECT_CLASS (mm_outline_item_parent_class)->finalize (object);
}

static void
mm_outline_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MmOutlineItem *self = MM_OUTLINE_ITEM (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, mm_outline_item_get_title (self));
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_N_MESSAGES:
      g_value_set_uint (value, self->n_messages);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mm_outline_item_class_init (MmOutlineItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mm_outline_item_finalize;
  object_class->get_property = mm_outline_item_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] =
    g_param_spec_string ("detail", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_MESSAGES] =
    g_param_spec_uint ("n-messages", NULL, NULL, 0, G_MAXUINT, MM_OUTLINE_ITEM_NOT_COUNTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mm_outline_item_init (MmOutlineItem *self)
{
}

MmOutlineItem *
mm_outline_item_new (guint64     start,
                     guint64     end,
                     guint       index,
                     const char *title,
                     const char *detail,
                     double      time,
                     guint       n_messages)
{
  MmOutlineItem *self = g_object_new (MM_TYPE_OUTLINE_ITEM, NULL);

  self->start = start;
  self->end = end;
  self->index = index;
  self->title = g_strdup (title);
  self->detail = g_strdup (detail);
  self->time = time;
  self->n_messages = n_messages;
  return self;
}

guint64
mm_outline_item_get_start (MmOutlineItem *self)
{
  return self->start;
}

guint64
mm_outline_item_get_end (MmOutlineItem *self)
{
  return self->end;
}

guint
mm_outline_item_get_index (MmOutlineItem *self)
{
  return self->index;
}

const char *
mm_outline_item_get_title (MmOutlineItem *self)
{
  if (self->file != NULL)
    {
      MmJsonBytes bytes = { mm_mapped_file_get_data (self->file), mm_mapped_file_get_valid_length (self->file) };

      self->title = _mm_outline_decode_title (&bytes, self->title_at);
      g_clear_object (&self->file);
    }
  return self->title;
}

/* The title is the JSON string at @title_at in @file, read the first time
 * it is asked for (a row made and not shown reads nothing). */
void
_mm_outline_item_set_title_at (MmOutlineItem *self,
                               MmMappedFile  *file,
                               guint64        title_at)
{
  g_return_if_fail (MM_IS_OUTLINE_ITEM (self));

  g_clear_pointer (&self->title, g_free);
  g_set_object (&self->file, file);
  self->title_at = title_at;
}

const char *
mm_outline_item_get_detail (MmOutlineItem *self)
{
  return self->detail;
}

double
mm_outline_item_get_time (MmOutlineItem *self)
{
  return self->time;
}

/* Messages the conversation shows; MM_OUTLINE_ITEM_NOT_COUNTED while
 * the outline has not read it yet (notify::n-messages says when). */
guint
mm_outline_item_get_n_messages (MmOutlineItem *self)
{
  return self->n_messages;
}

void
mm_outline_item_set_n_messages (MmOutlineItem *self,
                                guint          n_messages)
{
  g_return_if_fail (MM_IS_OUTLINE_ITEM (self));

  if (self->n_messages == n_messages)
    return;
  self->n_messages = n_messages;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MESSAGES]);
}
