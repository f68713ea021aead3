/* mm-outline.c: the conversations of an export, found in the background.
 *
 * The rows come from the structure pass: as it goes, it says where each
 * member of the export's array begins, and each conversation gets its row
 * as soon as the pass is past it, with its title and create_time (read on
 * the pass's thread: mm-outline-walk.c). So the list is complete when the
 * pass is. How many messages each shows needs its mapping read: once the
 * list is complete, a walk over the conversations brings each row's count
 * a batch at a time (rows on screen are told). When the pass keeps no
 * starts (more members than it keeps), the walk makes the rows too.
 *
 * A title is read from the file when its row is shown, and kept
 * case-folded for the filter (by the walk, or when the user filters
 * before it). The model shows the entries found so far, filtered and
 * sorted, and makes an item only for a row the list asks for.
 *
 * A JSON file that is not an export lists its top-level members instead,
 * once the structure pass is complete, each found through the index when
 * shown: nothing is kept per member.
 */
#define G_LOG_DOMAIN "mm-outline"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mm-conversation.h"
#include "mm-outline.h"
#include "mm-outline-private.h"
#include "mm-scan.h"

#define PREVIEW_BYTES 160

struct _MmOutline
{
  GObject        parent_instance;

  MmMappedFile  *file;
  MmJsonIndex   *json;
  MmOutlineKind  kind;
  guint          region;
  guint          generation;
  gboolean       listed;     /* every row is there */
  gboolean       complete;   /* ... and every count */
  GTask         *build;      /* until the list is complete and the walk starts */
  GCancellable  *build_cancellable;
  gulong         cancelled_id;
  guint64        first;      /* the first conversation's first byte */
  guint64        taken;      /* root member starts of the index looked at */
  guint          counted;    /* entries before it have their count */
  GHashTable    *items;      /* MmOutlineItem made without a count, alive */

  GArray        *entries;    /* Entry, in file order */
  GString       *folded;     /* NUL-terminated titles, case-folded */
  guint          n_expected;

  char          *filter;     /* case-folded; NULL: none */
  MmOutlineSort  sort;
  GArray        *visible;    /* guint32 entry indexes shown, in order */
};

static void mm_outline_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MmOutline, mm_outline, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, mm_outline_list_model_init))

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the model ---------------------------------------------------------- */

/* The title of the entry, decoded; NULL when null. */
static char *
dup_title (MmOutline   *self,
           const Entry *entry)
{
  MmJsonBytes bytes = { mm_mapped_file_get_data (self->file), mm_mapped_file_get_valid_length (self->file) };

  return _mm_outline_decode_title (&bytes, entry->title_at);
}

/* The title case-folded: as the walk found it, or folded here when the
 * user filters before the walk is there. */
static const char *
entry_folded (MmOutline *self,
              Entry     *entry)
{
  if (entry->folded == NOT_FOLDED)
    {
      g_autofree char *title = dup_title (self, entry);

      if (title == NULL)
        return NULL;
      entry->folded = _mm_outline_fold_into (self->folded, title);
    }
  return self->folded->str + entry->folded;
}

static gboolean
entry_matches (MmOutline *self,
               Entry     *entry)
{
  const char *folded;

  if (self->filter == NULL)
    return TRUE;
  folded = entry_folded (self, entry);
  return folded != NULL && strstr (folded, self->filter) != NULL;
}

static int
compare_time (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  MmOutline *self = user_data;
  guint32 i = *(const guint32 *) a, j = *(const guint32 *) b;
  double x = g_array_index (self->entries, Entry, i).create_time;
  double y = g_array_index (self->entries, Entry, j).create_time;
  int order;

  /* Conversations without a time go last either way; ties keep file order. */
  if (isnan (x) || isnan (y))
    order = isnan (x) - isnan (y);
  else
    order = (x > y) - (x < y);
  if (self->sort == MM_OUTLINE_SORT_NEWEST && !isnan (x) && !isnan (y))
    order = -order;
  return order != 0 ? order : (i > j) - (i < j);
}

static void
refilter (MmOutline *self)
{
  guint old = self->visible->len;

  g_array_set_size (self->visible, 0);
  for (guint32 i = 0; i < self->entries->len; i++)
    if (entry_matches (self, &g_array_index (self->entries, Entry, i)))
      g_array_append_val (self->visible, i);
  if (self->sort != MM_OUTLINE_SORT_FILE)
    g_array_sort_with_data (self->visible, compare_time, self);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->visible->len);
}

/* Rows from @first on are new: shown where they match the filter. */
static void
show_new_rows (MmOutline *self,
               guint      first)
{
  guint old = self->visible->len;

  if (first == self->entries->len)
    return;
  if (self->sort != MM_OUTLINE_SORT_FILE)
    {
      refilter (self);
      return;
    }
  for (guint32 i = first; i < self->entries->len; i++)
    if (entry_matches (self, &g_array_index (self->entries, Entry, i)))
      g_array_append_val (self->visible, i);
  if (self->visible->len > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->visible->len - old);
}

static void
item_gone (gpointer  data,
           GObject  *item)
{
  MmOutline *self = data;

  g_hash_table_remove (self->items, item);
}

/* Items made before their count was known and still shown: told it once
 * it is, and let go (all of them, untold, when @forget). */
static void
release_items (MmOutline *self,
               gboolean   forget)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      guint index = mm_outline_item_get_index (item);

      if (!forget && index >= self->counted)
        continue;
      g_object_weak_unref (item, item_gone, self);
      g_hash_table_iter_remove (&iter);
      if (!forget)
        mm_outline_item_set_n_messages (item, g_array_index (self->entries, Entry, index).n_messages);
    }
}

/* The walk's conversations: the counts of the rows they are, and the rows
 * themselves when the rows were not known. A row the walk passed by
 * without a conversation could not be read: no messages. */
void
_mm_outline_apply_found (GObject  *owner,
                         gpointer  data,
                         guint64   scanned_to)
{
  MmOutline *self = MM_OUTLINE (owner);
  Found *found = data;
  guint first = self->entries->len;
  gboolean reorder = FALSE;

  for (guint i = 0; i < found->entries->len; i++)
    {
      const Entry *entry = &g_array_index (found->entries, Entry, i);
      Entry *row;

      while (self->counted < self->entries->len &&
             g_array_index (self->entries, Entry, self->counted).start < entry->start)
        g_array_index (self->entries, Entry, self->counted++).n_messages = 0;

      if (self->counted == self->entries->len)
        {
          Entry copy = *entry;

          copy.folded = _mm_outline_copy_folded (self->folded, found->folded, entry->folded);
          g_array_append_val (self->entries, copy);
          self->counted++;
          continue;
        }

      row = &g_array_index (self->entries, Entry, self->counted);
      if (row->start != entry->start)
        continue;
      self->counted++;
      row->n_messages = entry->n_messages;
      if (row->folded == NOT_FOLDED)
        row->folded = _mm_outline_copy_folded (self->folded, found->folded, entry->folded);
      /* An export that puts its title or time after the mapping, which the
       * rows were not read for. */
      if (row->title_at == MM_JSON_NONE && entry->title_at != MM_JSON_NONE)
        {
          row->title_at = entry->title_at;
          reorder = TRUE;
        }
      if (isnan (row->create_time) && !isnan (entry->create_time))
        {
          row->create_time = entry->create_time;
          reorder = TRUE;
        }
    }
  release_items (self, FALSE);
  if (reorder)
    refilter (self);
  else
    show_new_rows (self, first);
  g_signal_emit (self, signals[PROGRESS], 0);
}

/* A member's key (or [index]) and a line of its first bytes. */
static MmOutlineItem *
member_item (MmOutline *self,
             guint      position)
{
  MmJsonBytes bytes = { mm_mapped_file_get_data (self->file), mm_mapped_file_get_valid_length (self->file) };
  g_autoptr(GString) preview = g_string_new (NULL);
  g_autofree char *title = NULL;
  guint64 start, key, end = MM_JSON_NONE;

  if (!mm_json_index_get_member (self->json, self->region, position, &start, &key))
    return mm_outline_item_new (0, 0, position, "?", NULL, NAN, 0);
  mm_json_index_get_value_end (self->json, start, &end);

  if (key != MM_JSON_NONE)
    title = mm_json_dup_string (&bytes, key);
  else
    title = g_strdup_printf ("[%u]", position);

  /* Blanks between tokens go, as in a collapsed container. */
  for (guint64 p = start; p < bytes.end && p < start + PREVIEW_BYTES && (end == MM_JSON_NONE || p < end); p++)
    {
      guint8 c = bytes.data[p];

      if (c == '\n' || c == '\r' || c == '\t')
        c = ' ';
      if (c == ' ' && preview->len > 0 && preview->str[preview->len - 1] == ' ')
        continue;
      g_string_append_c (preview, (char) c);
    }
  if (end == MM_JSON_NONE || end > start + PREVIEW_BYTES)
    g_string_append (preview, "…");
  {
    g_autofree char *valid = g_utf8_make_valid (preview->str, (gssize) preview->len);

    return mm_outline_item_new (start, end, position, title, valid, NAN, 0);
  }
}

static GType
mm_outline_get_item_type (GListModel *model)
{
  return MM_TYPE_OUTLINE_ITEM;
}

static guint
mm_outline_get_n_items (GListModel *model)
{
  MmOutline *self = MM_OUTLINE (model);

  if (self->kind == MM_OUTLINE_KIND_MEMBERS)
    return self->n_expected;
  return self->visible->len;
}

static gpointer
mm_outline_get_item (GListModel *model,
                     guint       position)
{
  MmOutline *self = MM_OUTLINE (model);
  MmOutlineItem *item;
  const Entry *entry;
  guint32 index;

  if (position >= mm_outline_get_n_items (model))
    return NULL;
  if (self->kind == MM_OUTLINE_KIND_MEMBERS)
    return member_item (self, position);

  index = g_array_index (self->visible, guint32, position);
  entry = &g_array_index (self->entries, Entry, index);
  item = mm_outline_item_new (entry->start, entry->end, index, NULL, NULL, entry->create_time,
                              entry->n_messages == NOT_COUNTED ? MM_OUTLINE_ITEM_NOT_COUNTED : entry->n_messages);
  if (entry->title_at != MM_JSON_NONE)
    _mm_outline_item_set_title_at (item, self->file, entry->title_at);
  /* Told its count when the walk has read it. */
  if (entry->n_messages == NOT_COUNTED)
    {
      g_hash_table_add (self->items, item);
      g_object_weak_ref (G_OBJECT (item), item_gone, self);
    }
  return item;
}

static void
mm_outline_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mm_outline_get_item_type;
  iface->get_n_items = mm_outline_get_n_items;
  iface->get_item = mm_outline_get_item;
}

/* No longer waiting for the structure pass. */
static void
stop_waiting (MmOutline *self)
{
  if (self->cancelled_id != 0)
    g_cancellable_disconnect (self->build_cancellable, self->cancelled_id);
  self->cancelled_id = 0;
}

/* Cancelled while waiting for the structure pass (in the cancelling
 * thread, which may not disconnect). */
static void
on_build_cancelled (GCancellable *cancellable,
                    gpointer      data)
{
  MmOutline *self = data;
  GTask *build = g_steal_pointer (&self->build);

  self->cancelled_id = 0;
  if (build != NULL)
    {
      g_task_return_error_if_cancelled (build);
      g_object_unref (build);
    }
}

/* ---- the object ---------------------------------------------------------- */

static void
mm_outline_finalize (GObject *object)
{
  MmOutline *self = (MmOutline *)object;

  release_items (self, TRUE);
  stop_waiting (self);
  g_clear_object (&self->build_cancellable);
  g_hash_table_unref (self->items);
  g_clear_object (&self->file);
  g_clear_object (&self->json);
  g_array_unref (self->entries);
  g_array_unref (self->visible);
  g_string_free (self->folded, TRUE);
  g_free (self->filter);

  G_OBJECT_CLASS (mm_outline_parent_class)->finalize (object);
}

static void
mm_outline_class_init (MmOutlineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mm_outline_finalize;

  /**
   * MmOutline::progress:
   *
   * More conversations were found, or the outline is complete.
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mm_outline_init (MmOutline *self)
{
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->folded = g_string_new (NULL);
  self->items = g_hash_table_new (NULL, NULL);
}

static void take_rows (MmOutline *self);

static void
on_json_progress (MmOutline *self)
{
  if (self->build != NULL)
    take_rows (self);
}

MmOutline *
mm_outline_new (MmMappedFile *file,
                MmJsonIndex  *json)
{
  MmOutline *self;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (file), NULL);
  g_return_val_if_fail (MM_IS_JSON_INDEX (json), NULL);

  self = g_object_new (MM_TYPE_OUTLINE, NULL);
  self->file = g_object_ref (file);
  self->json = g_object_ref (json);
  g_signal_connect_object (json, "progress", G_CALLBACK (on_json_progress), self, G_CONNECT_SWAPPED);
  mm_json_index_set_root_reader (json, _mm_outline_read_head);
  return self;
}

/* Forgets everything (the file changed): an empty model. */
void
mm_outline_clear (MmOutline *self)
{
  g_autoptr(GTask) build = NULL;
  guint old;

  g_return_if_fail (MM_IS_OUTLINE (self));

  old = mm_outline_get_n_items (G_LIST_MODEL (self));
  self->generation++;
  stop_waiting (self);
  build = g_steal_pointer (&self->build);
  if (build != NULL)
    g_task_return_new_error (build, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Superseded");
  release_items (self, TRUE);
  self->kind = MM_OUTLINE_KIND_NONE;
  self->listed = FALSE;
  self->complete = FALSE;
  self->taken = 0;
  self->counted = 0;
  self->n_expected = 0;
  g_array_set_size (self->entries, 0);
  g_array_set_size (self->visible, 0);
  g_string_truncate (self->folded, 0);
  if (old > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
  g_signal_emit (self, signals[PROGRESS], 0);
}

static void
build_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  MmOutline *self = g_task_get_source_object (outer);
  guint generation = GPOINTER_TO_UINT (g_task_get_task_data (outer));
  GError *error = NULL;

  if (!mm_scan_finish (result, NULL, &error) && error != NULL)
    {
      g_task_return_error (outer, error);
      return;
    }
  if (generation == self->generation)
    {
      /* Rows the walk did not reach could not be read. */
      for (; self->counted < self->entries->len; self->counted++)
        g_array_index (self->entries, Entry, self->counted).n_messages = 0;
      release_items (self, FALSE);
      self->listed = self->complete = TRUE;
      g_signal_emit (self, signals[PROGRESS], 0);
    }
  g_task_return_boolean (outer, TRUE);
}

/* The walk over the conversations: their counts, after the rows (or the
 * rows too, when the structure pass kept no starts). */
static void
start_walk (MmOutline *self)
{
  GTask *outer = g_steal_pointer (&self->build);
  const MmJsonRegion *region = mm_json_index_get_region (self->json, self->region);
  GArray *starts = NULL;

  stop_waiting (self);
  if (self->listed)
    {
      starts = g_array_sized_new (FALSE, FALSE, sizeof (guint64), self->entries->len);
      for (guint i = 0; i < self->entries->len; i++)
        g_array_append_val (starts, g_array_index (self->entries, Entry, i).start);
    }
  _mm_outline_walk (G_OBJECT (self), &self->generation, self->file, self->first,
                    MIN (region->end, mm_mapped_file_get_valid_length (self->file)), starts,
                    g_task_get_cancellable (outer), build_cb, outer);
}

/* The row of the conversation at [start, end), from what
 * _mm_outline_read_head() found there. Not an object (or no end): no
 * row. */
static void
list_row (MmOutline     *self,
          guint64        start,
          guint64        end,
          const guint64 *head)
{
  Entry entry = { start, end, head[HEAD_TITLE], NAN, NOT_FOLDED, NOT_COUNTED };

  if (head[HEAD_KIND] != '{' || end == NONE)
    return;
  memcpy (&entry.create_time, &head[HEAD_TIME_BITS], sizeof entry.create_time);
  g_array_append_val (self->entries, entry);
}

/* What _mm_outline_read_head() found at the root member @i: on the pass's
 * thread where it could, else here. */
static void
get_head (MmOutline         *self,
          const MmJsonBytes *bytes,
          guint64            i,
          guint64            start,
          guint64           *head)
{
  guint64 first, n;
  const guint64 *found = mm_json_index_get_root_found (self->json, &first, &n);

  if (found != NULL && i >= first && i < first + n)
    memcpy (head, found + (i - first) * MM_JSON_ROOT_FOUND, MM_JSON_ROOT_FOUND * sizeof *head);
  else
    {
      for (guint k = 0; k < MM_JSON_ROOT_FOUND; k++)
        head[k] = NONE;
      _mm_outline_read_head (bytes->data, bytes->end, start, head);
    }
}

/* The rows of the conversations the structure pass is past; once it is
 * complete, the walk for their counts. */
static void
take_rows (MmOutline *self)
{
  MmJsonBytes bytes = { mm_mapped_file_get_data (self->file), mm_mapped_file_get_valid_length (self->file) };
  const MmJsonRegion *region;
  const guint64 *starts;
  guint64 n, close;
  guint64 head[MM_JSON_ROOT_FOUND], next_head[MM_JSON_ROOT_FOUND];
  guint64 head_of = NONE;   /* the root member whose head is in head */
  guint first = self->entries->len;

  if (self->region >= mm_json_index_get_n_regions (self->json))
    return;
  region = mm_json_index_get_region (self->json, self->region);
  /* The array's ']', once the pass is past it. */
  close = region->end != MM_JSON_NONE ? region->end - 1 : MM_JSON_NONE;
  starts = mm_json_index_get_root_starts (self->json, &n);
  for (; starts != NULL && self->taken < n; self->taken++)
    {
      guint64 start = starts[self->taken], end;
      gboolean next_known;

      /* Members of other regions' roots. */
      if (start < self->first)
        continue;
      if (start >= close || start >= bytes.end)
        break;
      /* Its end: before the next member, or before the array's ']'. */
      next_known = self->taken + 1 < n && starts[self->taken + 1] < MIN (close, bytes.end);
      if (next_known)
        {
          get_head (self, &bytes, self->taken + 1, starts[self->taken + 1], next_head);
          end = next_head[HEAD_PREVIOUS_END];
        }
      else if (close < bytes.end)
        end = _mm_outline_end_before (bytes.data, close);
      else
        break;
      if (head_of != self->taken)
        get_head (self, &bytes, self->taken, start, head);
      list_row (self, start, end, head);
      if (next_known)
        {
          memcpy (head, next_head, sizeof head);
          head_of = self->taken + 1;
        }
    }
  show_new_rows (self, first);

  if (mm_json_index_is_complete (self->json))
    {
      self->listed = starts != NULL;
      start_walk (self);
    }
  if (self->entries->len > first || self->listed)
    g_signal_emit (self, signals[PROGRESS], 0);
}

/* The first conversation of the first region that is an array of them,
 * read from the bytes (the structure pass may not be there yet). */
static gint
find_export (MmOutline *self,
             guint64   *first)
{
  MmJsonBytes bytes = { mm_mapped_file_get_data (self->file), mm_mapped_file_get_valid_length (self->file) };
  guint n = mm_json_index_get_n_regions (self->json);

  for (guint r = 0; r < n; r++)
    {
      const MmJsonRegion *region = mm_json_index_get_region (self->json, r);

      if (region->start >= bytes.end || bytes.data[region->start] != '[')
        continue;
      *first = mm_json_skip_blank (&bytes, region->start + 1);
      if (mm_conversation_looks_like_one (&bytes, *first))
        return (gint) r;
    }
  return -1;
}

/**
 * mm_outline_can_build:
 *
 * Whether the structure index knows enough: where an export's
 * conversations start (soon after its pass starts), or, for other JSON,
 * everything (its pass is complete).
 */
gboolean
mm_outline_can_build (MmOutline *self)
{
  guint64 first;

  g_return_val_if_fail (MM_IS_OUTLINE (self), FALSE);

  return mm_json_index_is_complete (self->json) ||
         (mm_json_index_get_n_regions (self->json) > 0 && find_export (self, &first) >= 0);
}

static void
list_members (MmOutline *self)
{
  guint n = mm_json_index_get_n_regions (self->json);
  guint64 members, start;

  if (n == 0)
    return;
  members = mm_json_index_get_n_members (self->json, 0);
  if (members == 0 || members > G_MAXUINT32)
    return;
  self->region = 0;
  self->n_expected = (guint) members;
  /* Past an error, the last member counted may have no place. */
  while (self->n_expected > 0 &&
         !mm_json_index_get_member (self->json, self->region, self->n_expected - 1, &start, NULL))
    self->n_expected--;
  /* Members are found through the index when shown. */
  self->kind = MM_OUTLINE_KIND_MEMBERS;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->n_expected);
}

/**
 * mm_outline_build_async:
 *
 * Finds the conversations (or members) anew, once mm_outline_can_build()
 * says so; a running build is superseded.
 */
void
mm_outline_build_async (MmOutline           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  guint64 first;
  gint export;

  g_return_if_fail (MM_IS_OUTLINE (self));

  mm_outline_clear (self);
  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, mm_outline_build_async);
  g_task_set_task_data (outer, GUINT_TO_POINTER (self->generation), NULL);

  export = find_export (self, &first);
  if (export < 0)
    {
      if (mm_json_index_is_complete (self->json))
        list_members (self);
      self->listed = self->complete = TRUE;
      g_signal_emit (self, signals[PROGRESS], 0);
      g_task_return_boolean (outer, TRUE);
      return;
    }

  self->region = (guint) export;
  self->kind = MM_OUTLINE_KIND_CONVERSATIONS;
  self->first = first;

  /* The rows come with the structure pass, the counts after it. */
  self->build = g_steal_pointer (&outer);
  if (cancellable != NULL)
    {
      g_set_object (&self->build_cancellable, cancellable);
      self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_build_cancelled), self, NULL);
    }
  if (self->build != NULL)
    take_rows (self);
}

gboolean
mm_outline_build_finish (MmOutline     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

MmOutlineKind
mm_outline_get_kind (MmOutline *self)
{
  return self->kind;
}

/* Every row is there, and every conversation's count. */
gboolean
mm_outline_is_complete (MmOutline *self)
{
  return self->complete;
}

/* Every row is there (the counts may still be coming). */
gboolean
mm_outline_is_listed (MmOutline *self)
{
  return self->listed;
}

/* Conversations found so far (members: all of them). */
guint
mm_outline_get_n_found (MmOutline *self)
{
  return self->kind == MM_OUTLINE_KIND_MEMBERS ? self->n_expected : self->entries->len;
}

/* The members of the array the conversations are in. */
guint
mm_outline_get_n_expected (MmOutline *self)
{
  return self->n_expected;
}

/* Only conversations whose title holds @text, in any case; NULL or "": all. */
void
mm_outline_set_filter (MmOutline  *self,
                       const char *text)
{
  g_autofree char *folded = text && *text ? g_utf8_casefold (text, -1) : NULL;

  g_return_if_fail (MM_IS_OUTLINE (self));

  if (g_strcmp0 (folded, self->filter) == 0)
    return;
  g_free (self->filter);
  self->filter = g_steal_pointer (&folded);
  if (self->kind == MM_OUTLINE_KIND_CONVERSATIONS)
    refilter (self);
}

void
mm_outline_set_sort (MmOutline     *self,
                     MmOutlineSort  sort)
{
  g_return_if_fail (MM_IS_OUTLINE (self));

  if (self->sort == sort)
    return;
  self->sort = sort;
  if (self->kind == MM_OUTLINE_KIND_CONVERSATIONS)
    refilter (self);
}

/* The position of the row holding @offset, or G_MAXUINT. */
guint
mm_outline_find (MmOutline *self,
                 guint64    offset)
{
  guint lo = 0, hi;
  guint32 index;

  g_return_val_if_fail (MM_IS_OUTLINE (self), G_MAXUINT);

  if (self->kind == MM_OUTLINE_KIND_MEMBERS)
    {
      /* Members by index: the one whose value holds the offset. */
      guint64 start, end = MM_JSON_NONE;

      lo = 0;
      hi = self->n_expected;
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          /* A member the index cannot place (past an error) is after. */
          if (mm_json_index_get_member (self->json, self->region, mid, &start, NULL) && start <= offset)
            lo = mid + 1;
          else
            hi = mid;
        }
      /* A member cut by an error holds everything after its start. */
      if (lo == 0 || !mm_json_index_get_member (self->json, self->region, lo - 1, &start, NULL) ||
          (mm_json_index_get_value_end (self->json, start, &end) && offset >= end))
        return G_MAXUINT;
      return lo - 1;
    }

  hi = self->entries->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->entries, Entry, mid).start <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0 || offset >= g_array_index (self->entries, Entry, lo - 1).end)
    return G_MAXUINT;
  index = lo - 1;
  for (guint i = 0; i < self->visible->len; i++)
    if (g_array_index (self->visible, guint32, i) == index)
      return i;
  return G_MAXUINT;
}

gsize
mm_outline_get_memory_size (MmOutline *self)
{
  return sizeof *self + self->entries->len * sizeof (Entry) + self->visible->len * sizeof (guint32) +
         self->folded->len;
}
