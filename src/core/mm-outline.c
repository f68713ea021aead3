/* mm-outline.c: the conversations of an export, found in the background.
 *
 * The rows come from the structure pass: as it goes, it says where each
 * member of the export's array begins, and each conversation gets its row
 * as soon as the pass is past it, with its title and create_time read
 * from its first members (they lead every conversation, before the
 * mapping). So the list is complete when the pass is.
 *
 * How many messages each shows needs its mapping read: once the list is
 * complete, the conversations are walked in file order on the streaming
 * worker, the pool's threads reading ahead from the known starts, and
 * each row's count arrives with its batch (rows on screen are told).
 * When the pass keeps no starts (more members than it keeps), the same
 * walk makes the rows: each chunk read from the first object in it that
 * opens with a "title" key as a conversation does; the walk, in order,
 * takes what they read where it starts where the walk knows the next
 * conversation starts, and reads it itself otherwise, so a wrong guess
 * costs time, not a row.
 *
 * An entry is 48 bytes; a title is read from the file when its row is
 * shown, and kept case-folded once the user filters. The model shows the entries found so far,
 * filtered and sorted, and makes an item only for a row the list asks for.
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
#include "mm-scan.h"

#define TITLE_MAX 1024
#define PREVIEW_BYTES 160
#define CHUNK_SIZE ((guint64) 4 << 20)
#define NOT_FOLDED G_MAXUINT32
#define HEAD_BYTES 4096
#define NONE G_MAXUINT64
#define NOT_COUNTED G_MAXUINT32

typedef struct
{
  guint64 start;
  guint64 end;
  guint64 title_at;        /* the title string; MM_JSON_NONE when null */
  guint64 create_time_at;  /* the number as written; MM_JSON_NONE */
  double  create_time;
  guint32 folded;          /* in folded, once filtered; NOT_FOLDED before */
  guint32 n_messages;      /* NOT_COUNTED until the walk has read it */
} Entry;

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

/* ---- the pass, on the streaming worker -------------------------------- */

typedef struct
{
  GArray  *entries;
  GString *folded;    /* their titles, case-folded */
} Found;

typedef struct
{
  const guint8 *data;
  guint64       first;  /* the first conversation's first byte */
  guint64       next;   /* the next conversation's first byte (merge only) */
  guint64       end;    /* of the region, or of the file */
  GArray       *starts; /* guint64, the rows' first bytes when the rows are
                         * known; NULL: the walk makes them */
  gboolean      done;   /* the array ended, or a conversation could not be read */
} Pass;

/* What a pool thread read ahead in a chunk: the conversations from the
 * first one it takes to start there, each with where the next starts. */
typedef struct
{
  Found  *found;
  GArray *nexts;        /* guint64 a conversation; NONE after the last */
} Ahead;

static void
found_free (gpointer data)
{
  Found *found = data;

  g_array_unref (found->entries);
  g_string_free (found->folded, TRUE);
  g_free (found);
}

static gpointer
found_new (gpointer scan_data)
{
  Found *found = g_new0 (Found, 1);

  found->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  found->folded = g_string_new (NULL);
  return found;
}

static void
pass_free (gpointer data)
{
  Pass *pass = data;

  g_clear_pointer (&pass->starts, g_array_unref);
  g_free (pass);
}

/* The entry's create_time, from the number at @at (MM_JSON_NONE: null
 * or missing). */
static void
set_create_time (Entry             *entry,
                 const MmJsonBytes *bytes,
                 guint64            at)
{
  entry->create_time_at = at;
  entry->create_time = NAN;
  if (at != MM_JSON_NONE)
    mm_json_get_number (bytes, at, &entry->create_time);
}

/* The title string at @at decoded; NULL for MM_JSON_NONE. */
static char *
decode_title (const MmJsonBytes *bytes,
              guint64            at)
{
  const char *end = NULL;
  GString *title;

  if (at == MM_JSON_NONE)
    return NULL;
  title = g_string_new (NULL);
  mm_json_append_string (title, bytes, at, TITLE_MAX);
  /* Cut at TITLE_MAX may leave half a character. */
  if (!g_utf8_validate (title->str, (gssize) title->len, &end))
    g_string_truncate (title, (gsize) (end - title->str));
  return g_string_free (title, FALSE);
}

/* @title case-folded, NUL-terminated, at the end of @folded: where. */
static guint32
fold_into (GString    *folded,
           const char *title)
{
  guint32 at = (guint32) folded->len;
  g_autofree char *text = NULL;
  gboolean ascii = TRUE;

  for (const char *p = title; *p && ascii; p++)
    ascii = (guchar) *p < 0x80;
  text = ascii ? g_ascii_strdown (title, -1) : g_utf8_casefold (title, -1);
  g_string_append_len (folded, text, (gssize) strlen (text) + 1);
  return at;
}

/* A title folded in @from, at the end of @to: where. */
static guint32
copy_folded (GString       *to,
             const GString *from,
             guint32        at)
{
  guint32 here = (guint32) to->len;

  if (at == NOT_FOLDED)
    return NOT_FOLDED;
  g_string_append_len (to, from->str + at, (gssize) strlen (from->str + at) + 1);
  return here;
}

/* A conversation the walk read, its title folded for the filter (here, on
 * a pool thread, rather than when the user types). */
static void
add_entry (Found                       *found,
           const MmJsonBytes           *bytes,
           const MmConversationSummary *summary)
{
  Entry entry = { summary->start, summary->end, summary->title, 0, NAN, NOT_FOLDED, summary->n_messages };
  g_autofree char *title = decode_title (bytes, summary->title);

  set_create_time (&entry, bytes, summary->create_time);
  if (title != NULL)
    entry.folded = fold_into (found->folded, title);
  g_array_append_val (found->entries, entry);
}

/* Where the conversation after the one ending at @end starts; NONE when
 * the array ends there. */
static guint64
next_start (const MmJsonBytes *bytes,
            guint64            end)
{
  guint64 pos = mm_json_skip_blank (bytes, end);

  if (pos >= bytes->end || bytes->data[pos] != ',')
    return NONE;
  return mm_json_skip_blank (bytes, pos + 1);
}

/* The first byte in [from, to) that opens an object whose first key is
 * "title", as every conversation of an export does: outside strings, since
 * a quote inside one is escaped. NONE when there is none. */
static guint64
find_candidate (const MmJsonBytes *bytes,
                guint64            from,
                guint64            to)
{
  static const char mark[] = "{\"title\":";
  const guint8 *hit;

  to = MIN (to, bytes->end);
  if (from >= to)
    return NONE;
  hit = memmem (bytes->data + from, (gsize) MIN (to + sizeof mark - 1, bytes->end) - from, mark, sizeof mark - 1);
  return hit != NULL && (guint64) (hit - bytes->data) < to ? (guint64) (hit - bytes->data) : NONE;
}

/* Where the first conversation in [from, to) starts: a row's first byte
 * when the rows are known, else a guess. NONE when there is none. */
static guint64
first_in (const Pass        *pass,
          const MmJsonBytes *bytes,
          guint64            from,
          guint64            to)
{
  guint lo = 0, hi;

  if (pass->starts == NULL)
    return find_candidate (bytes, from, to);
  hi = pass->starts->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (pass->starts, guint64, mid) < from)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < pass->starts->len && g_array_index (pass->starts, guint64, lo) < to
         ? g_array_index (pass->starts, guint64, lo) : NONE;
}

static void
ahead_free (gpointer data)
{
  Ahead *ahead = data;

  found_free (ahead->found);
  g_array_unref (ahead->nexts);
  g_free (ahead);
}

/* On a pool thread, ahead of the walk: the conversations of the chunk, read
 * from the first row's start in it, or without rows from the first object
 * that looks like a conversation. Whether that really is where a
 * conversation starts is not known here; the walk takes a summary only
 * when it starts where the walk says the next conversation does, so a
 * wrong guess costs time, never a wrong row. */
static gpointer
read_ahead (gpointer      scan_data,
            const guint8 *data,
            guint64       length,
            guint64       start,
            guint64       end)
{
  const Pass *pass = scan_data;
  MmJsonBytes bytes = { pass->data, pass->end };
  Ahead *ahead = g_new0 (Ahead, 1);
  guint64 at;

  ahead->found = found_new (NULL);
  ahead->nexts = g_array_new (FALSE, FALSE, sizeof (guint64));
  at = pass->first >= start && pass->first < end ? pass->first : first_in (pass, &bytes, start, end);
  while (at != NONE && at < end)
    {
      MmConversationSummary summary;
      guint64 next;

      if (!mm_conversation_summarize (&bytes, at, &summary))
        {
          at = first_in (pass, &bytes, at + 1, end);
          continue;
        }
      add_entry (ahead->found, &bytes, &summary);
      next = next_start (&bytes, summary.end);
      g_array_append_val (ahead->nexts, next);
      /* Where the objects after a wrong guess end, guess again. */
      at = next != NONE ? next : first_in (pass, &bytes, summary.end, end);
    }
  return ahead;
}

/* In order: every conversation that starts before the chunk's end, as
 * read ahead where the guess was right, else read here. One that cannot
 * be read ends the walk, unless the rows are known: then the walk goes on
 * at the next row (that one keeps no count). */
static gboolean
walk_chunk (gpointer scan_data,
            gpointer chunk,
            guint64  start,
            guint64  end,
            gpointer batch_data)
{
  Pass *pass = scan_data;
  Ahead *ahead = chunk;
  Found *found = batch_data;
  MmJsonBytes bytes = { pass->data, pass->end };
  guint i = 0;

  while (!pass->done && pass->next < end)
    {
      MmConversationSummary summary;

      while (i < ahead->found->entries->len && g_array_index (ahead->found->entries, Entry, i).start < pass->next)
        i++;
      if (i < ahead->found->entries->len && g_array_index (ahead->found->entries, Entry, i).start == pass->next)
        {
          Entry entry = g_array_index (ahead->found->entries, Entry, i);

          entry.folded = copy_folded (found->folded, ahead->found->folded, entry.folded);
          g_array_append_val (found->entries, entry);
          pass->next = g_array_index (ahead->nexts, guint64, i);
        }
      else if (mm_conversation_summarize (&bytes, pass->next, &summary))
        {
          add_entry (found, &bytes, &summary);
          pass->next = next_start (&bytes, summary.end);
        }
      else
        pass->next = pass->starts != NULL ? first_in (pass, &bytes, pass->next + 1, pass->end) : NONE;
      pass->done = pass->next == NONE;
    }
  return !pass->done;
}

static void apply_found (GObject *owner, gpointer batch, guint64 scanned_to);

static const MmScanFuncs scan_funcs = {
  read_ahead,
  walk_chunk,
  found_new,
  found_free,
  ahead_free,
  apply_found,
};

/* ---- the model ---------------------------------------------------------- */

/* The title of the entry, decoded; NULL when null. */
static char *
dup_title (MmOutline   *self,
           const Entry *entry)
{
  MmJsonBytes bytes = { mm_mapped_file_get_data (self->file), mm_mapped_file_get_valid_length (self->file) };

  return decode_title (&bytes, entry->title_at);
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
      entry->folded = fold_into (self->folded, title);
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

/* Items made before their count was known and still shown: let go. */
static void
forget_items (MmOutline *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      g_object_weak_unref (item, item_gone, self);
      g_hash_table_iter_remove (&iter);
    }
}

/* Items made before their count was known and still shown: told it,
 * once it is. */
static void
tell_items (MmOutline *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->items);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      guint index = mm_outline_item_get_index (item);

      if (index >= self->counted)
        continue;
      g_object_weak_unref (item, item_gone, self);
      g_hash_table_iter_remove (&iter);
      mm_outline_item_set_n_messages (item, g_array_index (self->entries, Entry, index).n_messages);
    }
}

/* The walk's conversations: the counts of the rows they are, and the rows
 * themselves when the rows were not known. A row the walk passed by
 * without a conversation could not be read: no messages. */
static void
apply_found (GObject  *owner,
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

          copy.folded = copy_folded (self->folded, found->folded, entry->folded);
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
        row->folded = copy_folded (self->folded, found->folded, entry->folded);
      /* An export that puts its title or time after the mapping, which the
       * rows were not read for. */
      if (row->title_at == MM_JSON_NONE && entry->title_at != MM_JSON_NONE)
        {
          row->title_at = entry->title_at;
          reorder = TRUE;
        }
      if (row->create_time_at == MM_JSON_NONE && entry->create_time_at != MM_JSON_NONE)
        {
          row->create_time_at = entry->create_time_at;
          row->create_time = entry->create_time;
          reorder = TRUE;
        }
    }
  tell_items (self);
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
  g_autofree char *title = NULL;
  MmOutlineItem *item;
  const Entry *entry;
  guint32 index;

  if (position >= mm_outline_get_n_items (model))
    return NULL;
  if (self->kind == MM_OUTLINE_KIND_MEMBERS)
    return member_item (self, position);

  index = g_array_index (self->visible, guint32, position);
  entry = &g_array_index (self->entries, Entry, index);
  title = dup_title (self, entry);
  item = mm_outline_item_new (entry->start, entry->end, index, title, NULL,
                              entry->create_time,
                              entry->n_messages == NOT_COUNTED ? MM_OUTLINE_ITEM_NOT_COUNTED : entry->n_messages);
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

  forget_items (self);
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
static void read_head (const guint8 *data, guint64 length, guint64 start, guint64 *found);

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
  mm_json_index_set_root_reader (json, read_head);
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
  forget_items (self);
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
      tell_items (self);
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
  MmScanSetup setup = { 0 };
  Pass *pass = g_new0 (Pass, 1);

  stop_waiting (self);
  pass->data = mm_mapped_file_get_data (self->file);
  pass->end = MIN (region->end, mm_mapped_file_get_valid_length (self->file));
  pass->first = pass->next = self->first;
  if (self->listed)
    {
      pass->starts = g_array_sized_new (FALSE, FALSE, sizeof (guint64), self->entries->len);
      for (guint i = 0; i < self->entries->len; i++)
        g_array_append_val (pass->starts, g_array_index (self->entries, Entry, i).start);
    }

  setup.funcs = &scan_funcs;
  setup.owner = G_OBJECT (self);
  setup.generation = &self->generation;
  setup.file = self->file;
  setup.start = self->first / CHUNK_SIZE * CHUNK_SIZE;
  setup.end = pass->end;
  setup.chunk_size = CHUNK_SIZE;
  setup.release_pages = TRUE;
  setup.scan_data = pass;
  setup.scan_data_free = pass_free;
  mm_scan_run (&setup, g_task_get_cancellable (outer), build_cb, outer);
}

/* What a row needs of the bytes at a root member's start, so that the
 * rows are made without reading the file again. */
enum {
  HEAD_TITLE,          /* the title string; NONE when null or not found */
  HEAD_CREATE_TIME,    /* the number; NONE when null or not found */
  HEAD_TIME_BITS,      /* its value, a double's bits (NAN when none) */
  HEAD_PREVIOUS_END,   /* where the member before it ends */
  HEAD_KIND,           /* its first byte */
};

G_STATIC_ASSERT (MM_JSON_ROOT_FOUND == HEAD_KIND + 1);

/* Where the member before the one at @next ends: before the comma and the
 * blanks (or, @next being the array's ']', before the blanks). */
static guint64
end_before (const guint8 *data,
            guint64       next)
{
  guint64 p = next;

  for (gboolean comma = FALSE; p > 0; p--)
    if (data[p - 1] == ',' && !comma)
      comma = TRUE;
    else if (data[p - 1] != ' ' && data[p - 1] != '\n' && data[p - 1] != '\r' && data[p - 1] != '\t')
      break;
  return p;
}

/* A conversation's title and create_time, from the members before the
 * first container (the mapping) within its first HEAD_BYTES (what is not
 * there is left to the walk), and where the member before it ends. Run on
 * the structure pass's thread, while the bytes are mapped, or on the
 * owner's. */
static void
read_head (const guint8 *data,
           guint64       length,
           guint64       start,
           guint64      *found)
{
  MmJsonBytes bytes = { data, MIN (length, start + HEAD_BYTES) };
  double create_time = NAN;
  guint64 key, value;
  MmJsonIter iter;

  found[HEAD_PREVIOUS_END] = end_before (data, start);
  found[HEAD_KIND] = data[start];

  /* As an export writes them: `{"title": "…", "create_time": 1.5, `. */
  if (bytes.end - start > 10 && memcmp (data + start, "{\"title\": ", 10) == 0 &&
      (data[start + 10] == '"' || mm_json_is_null (&bytes, start + 10)) &&
      mm_json_skip_value (&bytes, start + 10, &value) &&
      bytes.end - value > 17 && memcmp (data + value, ", \"create_time\": ", 17) == 0)
    {
      if (data[start + 10] == '"')
        found[HEAD_TITLE] = start + 10;
      if (!mm_json_is_null (&bytes, value + 17) && mm_json_get_number (&bytes, value + 17, &create_time))
        found[HEAD_CREATE_TIME] = value + 17;
      memcpy (&found[HEAD_TIME_BITS], &create_time, sizeof create_time);
      return;
    }

  if (mm_json_iter_init (&iter, &bytes, start) && iter.kind == '{')
    while (mm_json_iter_next (&iter, &key, &value) && data[value] != '{' && data[value] != '[')
      {
        if (mm_json_string_equals (&bytes, key, "title") && mm_json_is_string (&bytes, value))
          found[HEAD_TITLE] = value;
        else if (mm_json_string_equals (&bytes, key, "create_time") && !mm_json_is_null (&bytes, value) &&
                 mm_json_get_number (&bytes, value, &create_time))
          found[HEAD_CREATE_TIME] = value;
      }
  memcpy (&found[HEAD_TIME_BITS], &create_time, sizeof create_time);
}

/* The row of the conversation at [start, end), from what read_head() found
 * there. Not an object: no row. */
static void
list_row (MmOutline     *self,
          guint64        start,
          guint64        end,
          const guint64 *head)
{
  Entry entry = { start, end, head[HEAD_TITLE], head[HEAD_CREATE_TIME], NAN, NOT_FOLDED, NOT_COUNTED };

  if (head[HEAD_KIND] != '{')
    return;
  memcpy (&entry.create_time, &head[HEAD_TIME_BITS], sizeof entry.create_time);
  g_array_append_val (self->entries, entry);
}

/* What read_head() found at the root member @i: on the pass's thread where
 * it could, else here. */
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
      read_head (bytes->data, bytes->end, start, head);
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
  gboolean have_head = FALSE;
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

      /* Members of other regions' roots. */
      if (start < self->first)
        continue;
      if (start >= close || start >= bytes.end)
        break;
      /* Its end: before the next member, or before the array's ']'. */
      if (self->taken + 1 < n && starts[self->taken + 1] < MIN (close, bytes.end))
        {
          get_head (self, &bytes, self->taken + 1, starts[self->taken + 1], next_head);
          end = next_head[HEAD_PREVIOUS_END];
        }
      else if (close < bytes.end)
        end = end_before (bytes.data, close);
      else
        break;
      if (!have_head)
        get_head (self, &bytes, self->taken, start, head);
      list_row (self, start, end, head);
      memcpy (head, next_head, sizeof head);
      have_head = self->taken + 1 < n && starts[self->taken + 1] < MIN (close, bytes.end);
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
