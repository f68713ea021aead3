/* mm-sigbus-guard.h: survive reads of mapped pages the file no longer backs */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     mm_sigbus_guard_install        (void);
int      mm_sigbus_guard_register       (const void *start,
                                         gsize       length,
                                         int         fd);
void     mm_sigbus_guard_grow           (int         slot,
                                         gsize       length);
void     mm_sigbus_guard_unregister     (int         slot);
guint    mm_sigbus_guard_get_faults     (int         slot);
guint    mm_sigbus_guard_get_io_errors  (int         slot);

G_END_DECLS
