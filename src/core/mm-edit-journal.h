/* mm-edit-journal.h: in-place byte edits, logged on disk first, with undo */
#pragma once

#include <gio/gio.h>

#include "mm-mapped-file.h"

G_BEGIN_DECLS

#define MM_TYPE_EDIT_JOURNAL (mm_edit_journal_get_type ())

G_DECLARE_FINAL_TYPE (MmEditJournal, mm_edit_journal, MM, EDIT_JOURNAL, GObject)

MmEditJournal *mm_edit_journal_new              (MmMappedFile   *file);
gboolean       mm_edit_journal_poke             (MmEditJournal  *self,
                                                 guint64         offset,
                                                 guint8          value,
                                                 GError        **error);
gboolean       mm_edit_journal_undo             (MmEditJournal  *self,
                                                 guint64        *offset,
                                                 gboolean       *left,
                                                 GError        **error);
gboolean       mm_edit_journal_redo             (MmEditJournal  *self,
                                                 guint64        *offset,
                                                 gboolean       *left,
                                                 GError        **error);
gboolean       mm_edit_journal_can_undo         (MmEditJournal  *self);
gboolean       mm_edit_journal_can_redo         (MmEditJournal  *self);
gboolean       mm_edit_journal_get_unsaved      (MmEditJournal  *self);
gboolean       mm_edit_journal_save             (MmEditJournal  *self,
                                                 GError        **error);
gboolean       mm_edit_journal_revert_all       (MmEditJournal  *self,
                                                 guint          *restored,
                                                 guint          *left,
                                                 GError        **error);
gboolean       mm_edit_journal_is_edited        (MmEditJournal  *self,
                                                 guint64         offset);
guint          mm_edit_journal_get_n_edits      (MmEditJournal  *self);
GArray        *mm_edit_journal_get_edited       (MmEditJournal  *self);
MmMappedFile  *mm_edit_journal_get_file         (MmEditJournal  *self);
guint          mm_edit_journal_rebase           (MmEditJournal  *self,
                                                 MmMappedFile   *file);
void           mm_edit_journal_close            (MmEditJournal  *self);

G_END_DECLS
