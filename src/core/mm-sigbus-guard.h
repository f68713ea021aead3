/* mm-sigbus-guard.h: survive reads of mapped pages whose file was truncated */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     mm_sigbus_guard_install    (void);
int      mm_sigbus_guard_register   (const void *start,
                                     gsize       length);
void     mm_sigbus_guard_update     (int         slot,
                                     const void *start,
                                     gsize       length);
void     mm_sigbus_guard_unregister (int         slot);
guint    mm_sigbus_guard_get_faults (int         slot);

G_END_DECLS
