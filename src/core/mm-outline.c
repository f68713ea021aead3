/* mm-outline.c: the conversations of an export, found in the background.
 *
 * As soon as the structure pass has found where the JSON starts (a .json
 * file's first byte, a chat.html's `var jsonData = `), the conversations
 * are walked in file order on the streaming worker, beside the structure
 * pass. Each conversation is read for its title, its create_time as
 * written and how many messages the page shows. The pool's threads read
 * ahead, each chunk from the first object in it that opens with a "title"
 * key as a conversation does; the walk, in order, takes what they read
 * where it starts where the walk knows the next conversation starts, and
 * reads it itself otherwise, so a wrong guess costs time, not a row. It
 * publishes what it found about 30 times a second, so the first rows are
 * there at once. An entry
 * is 48 bytes; titles are kept decoded and case-folded for filtering as the
 * user types. The model shows the entries found so far, filtered and
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
#include "mm-scan.h"

#define TITLE_MAX 1024
#define PREVIEW_BYTES 160
#define CHUNK_SIZE ((guint64) 4 << 20)
#define NO_TITLE G_MAXUINT32

typedef struct
{
  guint64 start;
  guint64 end;
  guint64 create_time_at;  /* the number as written; MM_JSON_NONE */
  double  create_time;
  guint32 title;           /* in titles; NO_TITLE when null */
  guint32 folded;          /* in folded */
  guint32 n_messages;
} Entry;

struct _MmOutline
{
  GObject        parent_instance;

  MmMappedFile  *file;
  MmJsonIndex   *json;
  MmOutlineKind  kind;
  guint          region;
  guint          generation;
  gboolean       complete;

  GArray        *entries;    /* Entry, in file order */
  GString       *titles;     /* NUL-terminated titles, decoded */
  GString       *folded;     /* the same, case-folded */
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
  GString *titles;
  GString *folded;
} Found;

typedef struct
{
  const guint8 *data;
  guint64       first;  /* the first conversation's first byte */
  guint64       next;   /* the next conversation's first byte (merge only) */
  guint64       end;    /* of the region, or of the file */
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
  g_string_free (found->titles, TRUE);
  g_string_free (found->folded, TRUE);
  g_free (found);
}

static gpointer
found_new (gpointer scan_data)
{
  Found *found = g_new0 (Found, 1);

  found->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  found->titles = g_string_new (NULL);
  found->folded = g_string_new (NULL);
  return found;
}

static void
pass_free (gpointer data)
{
  g_free (data);
}

static void
add_entry (Found                       *found,
           const MmJsonBytes           *bytes,
           const MmConversationSummary *summary)
{
  Entry entry = { summary->start, summary->end, summary->create_time, NAN, NO_TITLE, 0, summary->n_messages };

  if (summary->create_time != MM_JSON_NONE)
    mm_json_get_number (bytes, summary->create_time, &entry.create_time);
  if (summary->title != MM_JSON_NONE)
    {
      g_autoptr(GString) title = g_string_new (NULL);
      g_autofree char *folded = NULL;

      mm_json_append_string (title, bytes, summary->title, TITLE_MAX);
      /* Cut at TITLE_MAX may leave half a character. */
      if (!g_utf8_validate (title->str, (gssize) title->len, NULL))
        {
          const char *end = NULL;

          g_utf8_validate (title->str, (gssize) title->len, &end);
          g_string_truncate (title, (gsize) (end - title->str));
        }
      folded = g_utf8_casefold (title->str, (gssize) title->len);
      entry.title = (guint32) found->titles->len;
      entry.folded = (guint32) found->folded->len;
      g_string_append_len (found->titles, title->str, (gssize) title->len + 1);
      g_string_append_len (found->folded, folded, (gssize) strlen (folded) + 1);
    }
  g_array_append_val (found->entries, entry);
}

#define NONE G_MAXUINT64

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

static void
ahead_free (gpointer data)
{
  Ahead *ahead = data;

  found_free (ahead->found);
  g_array_unref (ahead->nexts);
  g_free (ahead);
}

/* On a pool thread, ahead of the walk: the conversations of the chunk, read
 * from the first object that looks like one. Whether that really is where
 * a conversation starts is not known here; the walk takes a summary only
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
  at = pass->first >= start && pass->first < end ? pass->first : find_candidate (&bytes, start, end);
  while (at != NONE && at < end)
    {
      MmConversationSummary summary;
      guint64 next;

      if (!mm_conversation_summarize (&bytes, at, &summary))
        {
          at = find_candidate (&bytes, at + 1, end);
          continue;
        }
      add_entry (ahead->found, &bytes, &summary);
      next = next_start (&bytes, summary.end);
      g_array_append_val (ahead->nexts, next);
      /* Where the objects after a wrong guess end, guess again. */
      at = next != NONE ? next : find_candidate (&bytes, summary.end, end);
    }
  return ahead;
}

/* A conversation read ahead, into the batch. */
static void
take_entry (Found       *found,
            const Found *ahead,
            guint        i)
{
  Entry entry = g_array_index (ahead->entries, Entry, i);

  if (entry.title != NO_TITLE)
    {
      const char *title = ahead->titles->str + entry.title;
      const char *folded = ahead->folded->str + entry.folded;

      entry.title = (guint32) found->titles->len;
      entry.folded = (guint32) found->folded->len;
      g_string_append_len (found->titles, title, (gssize) strlen (title) + 1);
      g_string_append_len (found->folded, folded, (gssize) strlen (folded) + 1);
    }
  g_array_append_val (found->entries, entry);
}

/* In order: every conversation that starts before the chunk's end, as
 * read ahead where the guess was right, else read here. */
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
          take_entry (found, ahead->found, i);
          pass->next = g_array_index (ahead->nexts, guint64, i);
        }
      else if (mm_conversation_summarize (&bytes, pass->next, &summary))
        {
          add_entry (found, &bytes, &summary);
          pass->next = next_start (&bytes, summary.end);
        }
      else
        pass->next = NONE;
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

static const char *
entry_title (MmOutline   *self,
             const Entry *entry)
{
  return entry->title != NO_TITLE ? self->titles->str + entry->title : NULL;
}

static gboolean
entry_matches (MmOutline   *self,
               const Entry *entry)
{
  if (self->filter == NULL)
    return TRUE;
  return entry->title != NO_TITLE && strstr (self->folded->str + entry->folded, self->filter) != NULL;
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

static void
apply_found (GObject  *owner,
             gpointer  data,
             guint64   scanned_to)
{
  MmOutline *self = MM_OUTLINE (owner);
  Found *found = data;
  guint32 titles = (guint32) self->titles->len, folded = (guint32) self->folded->len;
  guint first = self->entries->len, old = self->visible->len;

  for (guint i = 0; i < found->entries->len; i++)
    {
      Entry entry = g_array_index (found->entries, Entry, i);

      if (entry.title != NO_TITLE)
        {
          entry.title += titles;
          entry.folded += folded;
        }
      g_array_append_val (self->entries, entry);
    }
  g_string_append_len (self->titles, found->titles->str, (gssize) found->titles->len);
  g_string_append_len (self->folded, found->folded->str, (gssize) found->folded->len);

  if (self->sort != MM_OUTLINE_SORT_FILE)
    refilter (self);
  else
    {
      for (guint32 i = first; i < self->entries->len; i++)
        if (entry_matches (self, &g_array_index (self->entries, Entry, i)))
          g_array_append_val (self->visible, i);
      if (self->visible->len > old)
        g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->visible->len - old);
    }
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
  const Entry *entry;
  guint32 index;

  if (position >= mm_outline_get_n_items (model))
    return NULL;
  if (self->kind == MM_OUTLINE_KIND_MEMBERS)
    return member_item (self, position);

  index = g_array_index (self->visible, guint32, position);
  entry = &g_array_index (self->entries, Entry, index);
  return mm_outline_item_new (entry->start, entry->end, index, entry_title (self, entry), NULL,
                              entry->create_time, entry->n_messages);
}

static void
mm_outline_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mm_outline_get_item_type;
  iface->get_n_items = mm_outline_get_n_items;
  iface->get_item = mm_outline_get_item;
}

/* ---- the object ---------------------------------------------------------- */

static void
mm_outline_finalize (GObject *object)
{
  MmOutline *self = (MmOutline *)object;

  g_clear_object (&self->file);
  g_clear_object (&self->json);
  g_array_unref (self->entries);
  g_array_unref (self->visible);
  g_string_free (self->titles, TRUE);
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
  self->titles = g_string_new (NULL);
  self->folded = g_string_new (NULL);
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
  return self;
}

/* Forgets everything (the file changed): an empty model. */
void
mm_outline_clear (MmOutline *self)
{
  guint old;

  g_return_if_fail (MM_IS_OUTLINE (self));

  old = mm_outline_get_n_items (G_LIST_MODEL (self));
  self->generation++;
  self->kind = MM_OUTLINE_KIND_NONE;
  self->complete = FALSE;
  self->n_expected = 0;
  g_array_set_size (self->entries, 0);
  g_array_set_size (self->visible, 0);
  g_string_truncate (self->titles, 0);
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
      self->complete = TRUE;
      g_signal_emit (self, signals[PROGRESS], 0);
    }
  g_task_return_boolean (outer, TRUE);
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
  MmScanSetup setup = { 0 };
  const MmJsonRegion *region;
  guint64 first;
  gint export;
  Pass *pass;

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
      self->complete = TRUE;
      g_signal_emit (self, signals[PROGRESS], 0);
      g_task_return_boolean (outer, TRUE);
      return;
    }

  self->region = (guint) export;
  self->kind = MM_OUTLINE_KIND_CONVERSATIONS;
  region = mm_json_index_get_region (self->json, self->region);

  /* The walk goes in file order, chunk after chunk, beside the structure
   * pass; it needs nothing of it but where the array starts. */
  pass = g_new0 (Pass, 1);
  pass->data = mm_mapped_file_get_data (self->file);
  pass->end = MIN (region->end, mm_mapped_file_get_valid_length (self->file));
  pass->first = pass->next = first;

  setup.funcs = &scan_funcs;
  setup.owner = G_OBJECT (self);
  setup.generation = &self->generation;
  setup.file = self->file;
  setup.start = first / CHUNK_SIZE * CHUNK_SIZE;
  setup.end = pass->end;
  setup.chunk_size = CHUNK_SIZE;
  setup.release_pages = TRUE;
  setup.scan_data = pass;
  setup.scan_data_free = pass_free;
  mm_scan_run (&setup, cancellable, build_cb, g_steal_pointer (&outer));
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

gboolean
mm_outline_is_complete (MmOutline *self)
{
  return self->complete;
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
         self->titles->len + self->folded->len;
}
