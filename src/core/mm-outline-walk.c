/* mm-outline-walk.c: the outline's reading of the file, away from the
 * owner's thread.
 *
 * The first bytes of each conversation (its title and create_time, and
 * where the one before it ends) are read on the structure pass's thread
 * while the pass has them mapped, as the pass's root reader.
 *
 * The walk reads every conversation for how many messages the page shows,
 * in file order on the streaming worker: the pool's threads read ahead,
 * each chunk from the first row's start in it (or, without rows, from the
 * first object in it that opens with a "title" key as a conversation
 * does); the walk, in order, takes what they read where it starts where
 * the walk knows the next conversation starts, and reads it itself
 * otherwise, so a wrong guess costs time, not a row. It folds each title
 * for the filter on the way.
 */
#define G_LOG_DOMAIN "mm-outline"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mm-conversation.h"
#include "mm-outline-private.h"
#include "mm-scan.h"

#define TITLE_MAX 1024
#define HEAD_BYTES 1024
#define CHUNK_SIZE ((guint64) 4 << 20)

/* The number at @at as a time; NAN for null, MM_JSON_NONE or anything but
 * a finite number. */
static double
read_time (const MmJsonBytes *bytes,
           guint64            at)
{
  double time;

  if (at == MM_JSON_NONE || mm_json_is_null (bytes, at) || !mm_json_get_number (bytes, at, &time))
    return NAN;
  return time;
}

/* ---- the first bytes, on the structure pass's thread --------------------- */

/* Where the conversation before the member at @next ends: past its '}',
 * before the comma and the blanks (or, @next being the array's ']', before
 * the blanks). NONE when that is not a '}' (not an object, or bytes that
 * changed under the pass: a file cut reads as zeros). */
guint64
_mm_outline_end_before (const guint8 *data,
                        guint64       next)
{
  guint64 p = next;

  for (gboolean comma = FALSE; p > 0; p--)
    if (data[p - 1] == ',' && !comma)
      comma = TRUE;
    else if (data[p - 1] != ' ' && data[p - 1] != '\n' && data[p - 1] != '\r' && data[p - 1] != '\t')
      break;
  return p > 0 && data[p - 1] == '}' ? p : NONE;
}

/* A conversation's title and create_time, from the members before the
 * first container (the mapping) within its first HEAD_BYTES (what is not
 * there is left to the walk), and where the member before it ends. Run on
 * the structure pass's thread, while the bytes are mapped, or on the
 * owner's. */
void
_mm_outline_read_head (const guint8 *data,
                       guint64       length,
                       guint64       start,
                       guint64      *found)
{
  MmJsonBytes bytes = { data, MIN (length, start + HEAD_BYTES) };
  double create_time = NAN;
  guint64 key, value;
  MmJsonIter iter;

  found[HEAD_PREVIOUS_END] = _mm_outline_end_before (data, start);
  found[HEAD_KIND] = data[start];

  /* As an export writes them: `{"title": "…", "create_time": 1.5, `. */
  if (bytes.end - start > 10 && memcmp (data + start, "{\"title\": ", 10) == 0 &&
      (data[start + 10] == '"' || mm_json_is_null (&bytes, start + 10)) &&
      mm_json_skip_value (&bytes, start + 10, &value) &&
      bytes.end - value > 17 && memcmp (data + value, ", \"create_time\": ", 17) == 0)
    {
      if (data[start + 10] == '"')
        found[HEAD_TITLE] = start + 10;
      create_time = read_time (&bytes, value + 17);
      memcpy (&found[HEAD_TIME_BITS], &create_time, sizeof create_time);
      return;
    }

  if (mm_json_iter_init (&iter, &bytes, start) && iter.kind == '{')
    while (mm_json_iter_next (&iter, &key, &value) && data[value] != '{' && data[value] != '[')
      {
        if (mm_json_string_equals (&bytes, key, "title") && mm_json_is_string (&bytes, value))
          found[HEAD_TITLE] = value;
        else if (mm_json_string_equals (&bytes, key, "create_time"))
          create_time = read_time (&bytes, value);
      }
  memcpy (&found[HEAD_TIME_BITS], &create_time, sizeof create_time);
}

/* ---- the walk, on the streaming worker ----------------------------------- */

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

/* The title string at @at decoded; NULL for MM_JSON_NONE. */
char *
_mm_outline_decode_title (const MmJsonBytes *bytes,
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
guint32
_mm_outline_fold_into (GString    *folded,
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
guint32
_mm_outline_copy_folded (GString       *to,
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
  Entry entry = { summary->start, summary->end, summary->title, NAN, NOT_FOLDED, summary->n_messages };
  g_autofree char *title = _mm_outline_decode_title (bytes, summary->title);

  entry.create_time = read_time (bytes, summary->create_time);
  if (title != NULL)
    entry.folded = _mm_outline_fold_into (found->folded, title);
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

          entry.folded = _mm_outline_copy_folded (found->folded, ahead->found->folded, entry.folded);
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

static const MmScanFuncs scan_funcs = {
  read_ahead,
  walk_chunk,
  found_new,
  found_free,
  ahead_free,
  _mm_outline_apply_found,
};

/**
 * _mm_outline_walk:
 * @starts: (transfer full) (nullable): the rows' first bytes, when known
 *
 * Walks the conversations of [first, end) in file order on the streaming
 * worker: their counts, after the rows (or the rows too, when the
 * structure pass kept no starts), handed to @owner's
 * _mm_outline_apply_found() a batch at a time.
 */
void
_mm_outline_walk (GObject             *owner,
                  guint               *generation,
                  MmMappedFile        *file,
                  guint64              first,
                  guint64              end,
                  GArray              *starts,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  MmScanSetup setup = { 0 };
  Pass *pass = g_new0 (Pass, 1);

  pass->data = mm_mapped_file_get_data (file);
  pass->end = end;
  pass->first = pass->next = first;
  pass->starts = starts;

  setup.funcs = &scan_funcs;
  setup.owner = owner;
  setup.generation = generation;
  setup.file = file;
  setup.start = first / CHUNK_SIZE * CHUNK_SIZE;
  setup.end = end;
  setup.chunk_size = CHUNK_SIZE;
  setup.release_pages = TRUE;
  setup.scan_data = pass;
  setup.scan_data_free = pass_free;
  mm_scan_run (&setup, cancellable, callback, user_data);
}
