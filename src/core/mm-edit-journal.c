/* mm-edit-journal.c: every poke is logged as (offset, old, new) before the
 * byte is written straight into the MAP_SHARED mapping, where every other
 * reader of the file sees it at once (on Linux the mapping is the page
 * cache). Undo and redo write the logged bytes back; saving is msync of
 * the pages touched since the last save. The file's length never changes.
 */
#define G_LOG_DOMAIN "mm-edit-journal"

#include "config.h"

#include <glib/gi18n.h>

#include "mm-edit-journal.h"

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
  GArray       *edits;       /* Edit; [0, position) are applied */
  guint         position;
  guint         saved_position;
  gboolean      saved_valid; /* FALSE once the saved state was undone past and redone differently */
  GHashTable   *original;    /* offset -> original byte + 1, for every byte ever edited */
  GHashTable   *dirty_pages; /* page index -> TRUE, written since the last save */
};

G_DEFINE_FINAL_TYPE (MmEditJournal, mm_edit_journal, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
mm_edit_journal_finalize (GObject *object)
{
  MmEditJournal *self = (MmEditJournal *)object;

  g_clear_object (&self->file);
  g_array_unref (self->edits);
  g_hash_table_unref (self->original);
  g_hash_table_unref (self->dirty_pages);

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
}

static void
mm_edit_journal_init (MmEditJournal *self)
{
  self->edits = g_array_new (FALSE, FALSE, sizeof (Edit));
  self->original = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->dirty_pages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
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

static void
mark_dirty (MmEditJournal *self,
            guint64        offset)
{
  gint64 page = (gint64) (offset / mm_mapped_file_get_page_size ());

  if (!g_hash_table_contains (self->dirty_pages, &page))
    g_hash_table_add (self->dirty_pages, g_memdup2 (&page, sizeof page));
}

/* Writes one byte into the mapping, unless the file no longer reaches it. */
static gboolean
write_byte (MmEditJournal  *self,
            guint64         offset,
            guint8          value,
            GError        **error)
{
  guint8 *data = (guint8 *) mm_mapped_file_get_data (self->file);

  if (!mm_mapped_file_get_writable (self->file))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY, _("Editing is not enabled"));
      return FALSE;
    }

  /* Another program may have shortened the file: never write past its end. */
  if (offset >= mm_mapped_file_check_size (self->file) || offset >= mm_mapped_file_get_valid_length (self->file))
    {
      g_autofree char *where = g_strdup_printf ("%" G_GUINT64_FORMAT, offset);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Byte %s is past the end of the file, which was shortened"), where);
      return FALSE;
    }

  data[offset] = value;
  mark_dirty (self, offset);
  return TRUE;
}

gboolean
mm_edit_journal_poke (MmEditJournal  *self,
                      guint64         offset,
                      guint8          value,
                      GError        **error)
{
  const guint8 *data;
  Edit edit;
  gint64 key = (gint64) offset;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  data = mm_mapped_file_get_data (self->file);
  if (offset >= mm_mapped_file_get_valid_length (self->file))
    return write_byte (self, offset, value, error);

  edit.offset = offset;
  edit.old_value = data[offset];
  edit.new_value = value;
  if (edit.old_value == value)
    return TRUE;

  /* Logged first, then written. */
  if (self->saved_position > self->position)
    self->saved_valid = FALSE;
  g_array_set_size (self->edits, self->position);
  g_array_append_val (self->edits, edit);

  if (!write_byte (self, offset, value, error))
    {
      g_array_set_size (self->edits, self->position);
      return FALSE;
    }
  self->position++;

  if (!g_hash_table_contains (self->original, &key))
    g_hash_table_insert (self->original, g_memdup2 (&key, sizeof key),
                         GUINT_TO_POINTER ((guint) edit.old_value + 1));

  g_signal_emit (self, signals[CHANGED], 0, offset, (guint) edit.old_value, (guint) value);
  return TRUE;
}

gboolean
mm_edit_journal_undo (MmEditJournal *self,
                      guint64       *offset)
{
  Edit *edit;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  if (self->position == 0)
    return FALSE;

  edit = &g_array_index (self->edits, Edit, self->position - 1);
  if (!write_byte (self, edit->offset, edit->old_value, NULL))
    return FALSE;
  self->position--;
  if (offset != NULL)
    *offset = edit->offset;

  g_signal_emit (self, signals[CHANGED], 0, edit->offset, (guint) edit->new_value, (guint) edit->old_value);
  return TRUE;
}

gboolean
mm_edit_journal_redo (MmEditJournal *self,
                      guint64       *offset)
{
  Edit *edit;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  if (self->position >= self->edits->len)
    return FALSE;

  edit = &g_array_index (self->edits, Edit, self->position);
  if (!write_byte (self, edit->offset, edit->new_value, NULL))
    return FALSE;
  self->position++;
  if (offset != NULL)
    *offset = edit->offset;

  g_signal_emit (self, signals[CHANGED], 0, edit->offset, (guint) edit->old_value, (guint) edit->new_value);
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

/* TRUE while bytes were written since the last save (msync). */
gboolean
mm_edit_journal_get_unsaved (MmEditJournal *self)
{
  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  return g_hash_table_size (self->dirty_pages) > 0 &&
         !(self->saved_valid && self->saved_position == self->position);
}

/* msync(MS_SYNC) of every page written since the last save. */
gboolean
mm_edit_journal_save (MmEditJournal  *self,
                      GError        **error)
{
  gsize page = mm_mapped_file_get_page_size ();
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  g_hash_table_iter_init (&iter, self->dirty_pages);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint64 start = (guint64) *(gint64 *) key * page;

      if (start >= mm_mapped_file_get_valid_length (self->file))
        continue;
      if (!mm_mapped_file_sync (self->file, start, page, error))
        return FALSE;
    }

  g_hash_table_remove_all (self->dirty_pages);
  self->saved_position = self->position;
  self->saved_valid = TRUE;
  return TRUE;
}

/* Writes back the original byte everywhere an edit was made. Returns how
 * many bytes it restored; undo can bring the edits back. */
guint
mm_edit_journal_revert_all (MmEditJournal *self)
{
  guint restored = 0;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), 0);

  while (self->position > 0)
    {
      if (!mm_edit_journal_undo (self, NULL))
        break;
      restored++;
    }

  return restored;
}

/* Whether the byte now differs from what it was when the file was opened. */
gboolean
mm_edit_journal_is_edited (MmEditJournal *self,
                           guint64        offset)
{
  gint64 key = (gint64) offset;
  gpointer original;

  g_return_val_if_fail (MM_IS_EDIT_JOURNAL (self), FALSE);

  original = g_hash_table_lookup (self->original, &key);
  if (original == NULL || offset >= mm_mapped_file_get_valid_length (self->file))
    return FALSE;

  return mm_mapped_file_get_data (self->file)[offset] != GPOINTER_TO_UINT (original) - 1;
}
