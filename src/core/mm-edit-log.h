/* mm-edit-log.h: the edit journal's copy on disk, for recovery after a crash */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MmEditLog MmEditLog;

/* A byte that a log left behind says was edited. */
typedef struct
{
  guint64 offset;
  guint8  original;  /* before the first edit */
  guint8  edited;    /* what the last edit wrote */
} MmEditLogByte;

MmEditLog *mm_edit_log_open      (const char     *path,
                                  guint64         dev,
                                  guint64         ino,
                                  GError        **error);
gboolean   mm_edit_log_append    (MmEditLog      *log,
                                  const guint64  *offsets,
                                  const guint8   *from,
                                  const guint8   *to,
                                  guint           n,
                                  GError        **error);
void       mm_edit_log_discard   (MmEditLog      *log);
void       mm_edit_log_free      (MmEditLog      *log);

char      *mm_edit_log_path_for  (const char     *path);
GArray    *mm_edit_log_recover   (const char     *path,
                                  guint64         dev,
                                  guint64         ino);
gboolean   mm_edit_log_restore   (const char     *path,
                                  GArray         *bytes,
                                  guint          *restored,
                                  guint          *left,
                                  GError        **error);
void       mm_edit_log_forget    (const char     *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmEditLog, mm_edit_log_free)

G_END_DECLS
