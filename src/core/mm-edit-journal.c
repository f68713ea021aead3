/* mm-edit-journal.c: every change of a byte is logged on disk (MmEditLog)
 * and then written into the file (MmMappedFile, pwrite: the shared mapping
 * shows it at once, on Linux the mapping is the page cache). In memory the
 * journal keeps (offset, old, new) for undo and redo; repeated edits of
 * one byte in a row are one entry. Undo, redo and Revert All write a byte
 * back only while it still holds what we wrote: a byte another program
 * changed since is left alone, and the caller is told. Saving is
 * fdatasync. The file's length never changes.
 */
#define G_LOG_DOMAIN "mm-edit-journal"

#include "config.h"

#include <glib/gi18n.h>
#include <sys/stat.h>

#include "mm-edit-journal.h"
#include "mm-edit-log.h"

/* Offsets are hash keys as pointers. */
G_STATIC_ASSERT (sizeof (gpointer) >= sizeof (guint64));

typedef struct
{
  guint64 offset;
  guint8  old_value;
  guint8  new_value;
} Edit;

struct _MmEditJournal
{
  GObject       parent_instance;

  MmMappedFile *file;
  MmEditLog    *log;         /* opened with the first edit */
  GArray       *edits;       /* Edit; [0, position) are applied */
  guint         position;
  guint         saved_position;
  gboolean      saved_valid; /* FALSE once the saved state was undone past and redone differently */
  gboolean      dirty;       /* written since the last save */
  GHashTable   *original;    /* offset -> original byte + 1, for every byte ever edited */
};

G_DEFINE_FINAL_TYPE (MmEditJournal, mm_edit_journal, G_TYPE_OBJECT)

enum {
  CHANGED,
  CHANGED_MANY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mm_edit_journal_finalize (GObject *object)
{
  MmEditJournal *self = (MmEditJournal *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->log, mm_edit_log_free);
  g_array_unref (self->edits);
  g_hash_table_unref (self->original);

  G_OBJECT_CLASS (mm_edit_journal_parent_class)->finalize (object);
}

static void
mm_edit_journal_class_init (MmEditJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mm_edit_journal_finalize;

  /**
   * MmEditJournal::changed:
   * @offset: the byte that changed
   * @old_value: what it was
   * @new_value: what it is now
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT64, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * MmEditJournal::changed-many:
   *
   * Many bytes changed at once (Revert All): anything derived from the
   * bytes or from the set of edited bytes must be looked at again.
   */
  signals[CHANGED_MANY] =
    g_signal_new ("changed-many",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mm_edit_journal_init (MmEditJournal *self)
{
  self->edits = g_array_new (FALSE, FALSE, sizeof (Edit));
  self->original = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->saved_valid = TRUE;
}

MmEditJournal *
mm_edit_journal_new (MmMappedFile *file)
{
  MmEditJournal *self;

  g_return_val_if_fail (MM_IS_MAPPED_FILE (file), NULL);

  self = g_object_new (MM_TYPE_EDIT_JOURNAL, NULL);
  self->file = g_object_ref (file);
  return self;
}

MmMappedFile *
mm_edit_journal_get_file (MmEditJournal *self)
{
  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), NULL);

  return self->file;
}

static gboolean
check_in_file (MmEditJournal  *self,
               guint64         offset,
               GError        **error)
{
  /* Another program may have shortened the file: never write past its end. */
  if (offset < mm_mapped_file_check_size (self->file) && offset < mm_mapped_file_get_valid_length (self->file))
    return TRUE;

  {
    g_autofree char *where = g_strdup_printf ("%" G_GUINT64_FORMAT, offset);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 _("Byte %s is past the end of the file, which was shortened"), where);
  }
  return FALSE;
}

/* Logs the changes, then writes them: on disk before the bytes change. */
static gboolean
log_changes (MmEditJournal  *self,
             const guint64  *offsets,
             const guint8   *from,
             const guint8   *to,
             guint           n,
             GError        **error)
{
  if (self->log == NULL)
    {
      const char *path = mm_mapped_file_get_path (self->file);
      guint64 dev, ino;

      mm_mapped_file_get_identity (self->file, &dev, &ino);
      self->log = mm_edit_log_open (path, dev, ino, error);
      if (self->log == NULL)
        return FALSE;
    }

  return mm_edit_log_append (self->log, offsets, from, to, n, error);
}

static gboolean
change_byte (MmEditJournal  *self,
             guint64         offset,
             guint8          from,
             guint8          to,
             GError        **error)
{
  if (!check_in_file (self, offset, error) ||
      !log_changes (self, &offset, &from, &to, 1, error) ||
      !mm_mapped_file_write_byte (self->file, offset, to, error))
    return FALSE;

  self->dirty = TRUE;
  return TRUE;
}

static void
remember_original (MmEditJournal *self,
                   guint64        offset,
                   guint8         value)
{
  gpointer key = GSIZE_TO_POINTER ((gsize) offset);

  if (!g_hash_table_contains (self->original, key))
    g_hash_table_insert (self->original, key, GUINT_TO_POINTER ((guint) value + 1));
}

gboolean
mm_edit_journal_poke (MmEditJournal  *self,
                      guint64         offset,
                      guint8          value,
                      GError        **error)
{
  Edit edit;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  if (!check_in_file (self, offset, error))
    return FALSE;

  edit.offset = offset;
  edit.old_value = mm_mapped_file_get_data (self->file)[offset];
  edit.new_value = value;
  if (edit.old_value == value)
    return TRUE;

  if (!change_byte (self, offset, edit.old_value, value, error))
    return FALSE;

  if (self->saved_position > self->position)
    self->saved_valid = FALSE;
  g_array_set_size (self->edits, self->position);

  /* Typing over the same byte again is one edit, not two, unless the
   * first was saved. */
  if (self->position > 0 && self->position != self->saved_position &&
      g_array_index (self->edits, Edit, self->position - 1).offset == offset)
    {
      Edit *last = &g_array_index (self->edits, Edit, self->position - 1);

      last->new_value = value;
      if (last->new_value == last->old_value)
        g_array_set_size (self->edits, --self->position);
    }
  else
    {
      g_array_append_val (self->edits, edit);
      self->position++;
    }

  remember_original (self, offset, edit.old_value);
  g_signal_emit (self, signals[CHANGED], 0, offset, (guint) edit.old_value, (guint) value);
  return TRUE;
}

/* Writes `to` over `from` if the byte still holds `from`. */
static gboolean
step (MmEditJournal  *self,
      guint64         offset,
      guint8          from,
      guint8          to,
      gboolean       *left,
      GError        **error)
{
  gboolean unused;

  if (left == NULL)
    left = &unused;
  *left = FALSE;

  if (!check_in_file (self, offset, error))
    return FALSE;

  if (mm_mapped_file_get_data (self->file)[offset] != from)
    {
      *left = TRUE;
      return TRUE;
    }

  if (!change_byte (self, offset, from, to, error))
    return FALSE;

  g_signal_emit (self, signals[CHANGED], 0, offset, (guint) from, (guint) to);
  return TRUE;
}

/**
 * mm_edit_journal_undo:
 * @left: (out): set when another program changed the byte since: it was
 *   left as it is (the edit still counts as undone)
 *
 * Returns FALSE when there is nothing to undo or the byte could not be
 * written (@error says why; the edit stays applied).
 */
gboolean
mm_edit_journal_undo (MmEditJournal  *self,
                      guint64        *offset,
                      gboolean       *left,
                      GError        **error)
{
  Edit edit;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  if (self->position == 0)
    return FALSE;

  edit = g_array_index (self->edits, Edit, self->position - 1);
  if (!step (self, edit.offset, edit.new_value, edit.old_value, left, error))
    return FALSE;
  self->position--;
  if (offset != NULL)
    *offset = edit.offset;
  return TRUE;
}

gboolean
mm_edit_journal_redo (MmEditJournal  *self,
                      guint64        *offset,
                      gboolean       *left,
                      GError        **error)
{
  Edit edit;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  if (self->position >= self->edits->len)
    return FALSE;

  edit = g_array_index (self->edits, Edit, self->position);
  if (!step (self, edit.offset, edit.old_value, edit.new_value, left, error))
    return FALSE;
  self->position++;
  if (offset != NULL)
    *offset = edit.offset;
  return TRUE;
}

gboolean
mm_edit_journal_can_undo (MmEditJournal *self)
{
  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  return self->position > 0;
}

gboolean
mm_edit_journal_can_redo (MmEditJournal *self)
{
  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  return self->position < self->edits->len;
}

guint
mm_edit_journal_get_n_edits (MmEditJournal *self)
{
  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), 0);

  return self->position;
}

/* TRUE while bytes were written since the last save. */
gboolean
mm_edit_journal_get_unsaved (MmEditJournal *self)
{
  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  return self->dirty && !(self->saved_valid && self->saved_position == self->position);
}

/* fdatasync: every byte written is on disk when this returns TRUE. */
gboolean
mm_edit_journal_save (MmEditJournal  *self,
                      GError        **error)
{
  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  if (!mm_mapped_file_sync (self->file, error))
    return FALSE;

  self->dirty = FALSE;
  self->saved_position = self->position;
  self->saved_valid = TRUE;
  return TRUE;
}

/**
 * mm_edit_journal_revert_all:
 * @restored: (out): bytes put back
 * @left: (out): bytes another program changed since, left as they are
 *
 * Puts back, in one pass, the byte each applied edit replaced; redo brings
 * the edits back. One log write, one signal.
 */
gboolean
mm_edit_journal_revert_all (MmEditJournal  *self,
                            guint          *restored,
                            guint          *left,
                            GError        **error)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autofree guint64 *offsets = NULL;
  g_autofree guint8 *ours = NULL;
  g_autofree guint8 *original = NULL;
  g_autofree guint8 *from = NULL;
  g_autofree guint8 *to = NULL;
  const guint8 *data = mm_mapped_file_get_data (self->file);
  guint64 valid = MIN (mm_mapped_file_check_size (self->file), mm_mapped_file_get_valid_length (self->file));
  guint n_bytes = 0, n = 0;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  *restored = *left = 0;
  if (self->position == 0)
    return TRUE;

  /* Per byte, in history order: the first applied edit's old value and
   * the last one's new value. */
  seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  offsets = g_new (guint64, self->position);
  ours = g_new (guint8, self->position);
  original = g_new (guint8, self->position);
  for (guint i = 0; i < self->position; i++)
    {
      const Edit *edit = &g_array_index (self->edits, Edit, i);
      gpointer key = GSIZE_TO_POINTER ((gsize) edit->offset);
      gpointer slot;

      if (g_hash_table_lookup_extended (seen, key, NULL, &slot))
        {
          ours[GPOINTER_TO_UINT (slot)] = edit->new_value;
          continue;
        }
      g_hash_table_insert (seen, key, GUINT_TO_POINTER (n_bytes));
      offsets[n_bytes] = edit->offset;
      ours[n_bytes] = edit->new_value;
      original[n_bytes] = edit->old_value;
      n_bytes++;
    }

  /* Put back only what still holds our byte; count what another program
   * changed since. */
  from = g_new (guint8, n_bytes);
  to = g_new (guint8, n_bytes);
  for (guint i = 0; i < n_bytes; i++)
    {
      if (offsets[i] < valid && data[offsets[i]] == ours[i])
        {
          offsets[n] = offsets[i];
          from[n] = ours[i];
          to[n] = original[i];
          n++;
        }
      else if (offsets[i] >= valid || data[offsets[i]] != original[i])
        (*left)++;
    }

  if (n > 0 && !log_changes (self, offsets, from, to, n, error))
    return FALSE;

  if (n > 0 && !mm_mapped_file_write_bytes (self->file, offsets, to, n, error))
    return FALSE;
  *restored = n;

  self->dirty = self->dirty || n > 0;
  self->position = 0;
  g_signal_emit (self, signals[CHANGED_MANY], 0);
  return TRUE;
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/* Whether the byte now differs from what it was before its first edit. */
gboolean
mm_edit_journal_is_edited (MmEditJournal *self,
                           guint64        offset)
{
  gpointer original;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  original = g_hash_table_lookup (self->original, GSIZE_TO_POINTER ((gsize) offset));
  if (original == NULL || offset >= mm_mapped_file_get_valid_length (self->file))
    return FALSE;

  return mm_mapped_file_get_data (self->file)[offset] != GPOINTER_TO_UINT (original) - 1;
}

/* Offsets (guint64, ascending) of the bytes that differ now from what they
 * were before their first edit. */
GArray *
mm_edit_journal_get_edited (MmEditJournal *self)
{
  GArray *edited = g_array_new (FALSE, FALSE, sizeof (guint64));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), edited);

  g_hash_table_iter_init (&iter, self->original);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint64 offset = (guint64) GPOINTER_TO_SIZE (key);

      if (mm_edit_journal_is_edited (self, offset))
        g_array_append_val (edited, offset);
    }
  g_array_sort (edited, compare_offsets);
  return edited;
}

/**
 * mm_edit_journal_rebase:
 * @file: the same file, mapped again (after a reload)
 *
 * Carries the history over to a new mapping of the file. Edits past its
 * end are dropped. Returns how many.
 */
guint
mm_edit_journal_rebase (MmEditJournal *self,
                        MmMappedFile  *file)
{
  guint64 length = mm_mapped_file_get_valid_length (file);
  guint kept = 0, lost = 0, position = 0, saved_position = 0;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), 0);

  for (guint i = 0; i < self->edits->len; i++)
    {
      const Edit *edit = &g_array_index (self->edits, Edit, i);

      if (edit->offset >= length)
        {
          lost += i < self->position;
          continue;
        }
      position += i < self->position;
      saved_position += i < self->saved_position;
      g_array_index (self->edits, Edit, kept++) = *edit;
    }
  g_array_set_size (self->edits, kept);
  self->position = position;
  self->saved_position = saved_position;

  g_set_object (&self->file, file);
  return lost;
}

/* The document closes as the user wanted it (edits saved, or reverted):
 * the log is no longer needed for recovery. */
void
mm_edit_journal_close (MmEditJournal *self)
{
  g_return_if_fail (MM_IS_EDIT_JOURNAL (self));

  if (self->log != NULL && !mm_edit_journal_get_unsaved (self))
    {
      mm_edit_log_discard (self->log);
      g_clear_pointer (&self->log, mm_edit_log_free);
    }
}
