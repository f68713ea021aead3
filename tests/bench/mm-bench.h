/* mm-bench.h: what the benchmark's commands share */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RUNS 5

double now          (void);
double cpu_now      (void);
double time_command (const char *const *argv);
int    bench_outline      (int    argc,
                           char **argv);
int    bench_conversation (const char *path,
                           guint       index);
int    bench_pretty       (const char *path);

G_END_DECLS
