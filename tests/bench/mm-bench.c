/* mm-bench.c: figures for the core's targets, each beside a reference
 * command timed in the same run on the same file (warm page cache).
 *
 *   mm-bench index FILE    lines=N index_seconds=S index_bytes=B
 *   mm-bench lookup FILE   line_lookup_us=X row_at_end_us=Y
 *   mm-bench stats FILE    stats_overhead_pct=P
 *   mm-bench search [--regex] [--icase] FILE PATTERN
 *                          matches=N search_seconds=S (against grep -c -F or -E;
 *                          the count is checked against grep -o | wc -l)
 *   mm-bench json FILE     values=N max_depth=D regions=R json_seconds=S json_bytes=B
 *                          valid=1 (or valid=0 error_offset=O), against wc -l
 *   mm-bench revert FILE [N]
 *                          edits=N poke_us=X revert_ms=Y: N edits at random
 *                          offsets, then Revert All; then N consecutive ones
 *                          (beside cmp of the file with a copy, which also
 *                          checks that every byte is back). FILE is changed
 *                          and put back.
 *   mm-bench outline [--list] FILE
 *                          conversations=N outline_seconds=S outline_bytes=B,
 *                          against wc -l; --list: OFFSET<TAB>CREATE_TIME<TAB>TITLE
 *   mm-bench pretty FILE   rows=N: the pretty view's rows, wrapping off (jq . | wc -l)
 *   mm-bench conversation FILE INDEX
 *                          the messages shown, ROLE<TAB>TEXT (newlines as \n)
 */
#define G_LOG_DOMAIN "mm-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "mm-edit-journal.h"
#include "mm-json-index.h"
#include "mm-line-index.h"
#include "mm-mapped-file.h"
#include "mm-rows.h"
#include "mm-scan.h"
#include "mm-search.h"
#include "mm-bench.h"

double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* CPU time of the whole process (every thread), in seconds: beside a wall
 * time, it tells how the figure would scale with more cores. */
double
cpu_now (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

double
time_command (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  double best = G_MAXDOUBLE;

  for (guint run = 0; run < RUNS; run++)
    {
      double start = now ();
      g_autofree char *output = NULL;
      int status;

      /* Output goes to a pipe: GNU grep stops at the first match when it
       * sees its output is /dev/null. */
      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                         NULL, NULL, &output, NULL, &status, &error))
        g_error ("%s: %s", argv[0], error->message);
      best = MIN (best, now () - start);
    }

  return best;
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!mm_line_index_build_finish (MM_LINE_INDEX (object), result, &error))
    g_error ("index: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

/* Opens, maps and indexes the file exactly as the application does: a
 * GTask thread, batches handed to this main loop. */
static MmLineIndex *
build_index (const char *path,
             gboolean    gather_stats,
             double     *seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MmMappedFile) file = NULL;
  MmLineIndex *index;
  gboolean done = FALSE;
  double start = now ();

  file = mm_mapped_file_new (path, &error);
  if (file == NULL)
    g_error ("%s", error->message);
  index = mm_line_index_new (file);
  mm_line_index_set_gather_stats (index, gather_stats);
  mm_line_index_build_async (index, NULL, done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  *seconds = now () - start;

  return index;
}

static double
best_index_time (const char   *path,
                 gboolean      gather_stats,
                 MmLineIndex **keep)
{
  double best = G_MAXDOUBLE;

  for (guint run = 0; run < RUNS; run++)
    {
      double seconds;
      g_autoptr(MmLineIndex) index = build_index (path, gather_stats, &seconds);

      best = MIN (best, seconds);
      if (keep != NULL && run == RUNS - 1)
        *keep = g_steal_pointer (&index);
    }

  return best;
}

static int
bench_index (const char *path)
{
  const char *wc[] = { "wc", "-l", path, NULL };
  g_autoptr(MmLineIndex) index = NULL;
  double wc_seconds, index_seconds;
  guint64 lines;

  wc_seconds = time_command (wc);
  index_seconds = best_index_time (path, TRUE, &index);
  mm_line_index_get_n_lines (index, &lines);

  printf ("file=%s size=%" G_GUINT64_FORMAT "\n", path, mm_line_index_get_scanned (index));
  printf ("wc_l_seconds=%.4f index_vs_wc=%.2fx index_pct_of_file=%.4f%%\n",
          wc_seconds, index_seconds / wc_seconds,
          100.0 * mm_line_index_get_memory_size (index) / MAX (1, mm_line_index_get_scanned (index)));
  printf ("lines=%" G_GUINT64_FORMAT " index_seconds=%.4f index_bytes=%" G_GSIZE_FORMAT "\n",
          lines, index_seconds, mm_line_index_get_memory_size (index));
  return 0;
}

static int
bench_stats (const char *path)
{
  double with, without;

  /* Interleave so that both see the same cache and clock state; a build
   * on every core takes tens of milliseconds, so take the best of many. */
  without = best_index_time (path, FALSE, NULL);
  with = best_index_time (path, TRUE, NULL);
  for (guint round = 0; round < 4; round++)
    {
      without = MIN (without, best_index_time (path, FALSE, NULL));
      with = MIN (with, best_index_time (path, TRUE, NULL));
    }

  printf ("index_without_stats_seconds=%.4f index_with_stats_seconds=%.4f\n", without, with);
  printf ("stats_overhead_pct=%.1f\n", 100.0 * (with - without) / without);
  return 0;
}

static int
bench_lookup (const char *path)
{
  g_autoptr(MmLineIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MmMappedFile) file = NULL;
  g_autoptr(MmRows) rows = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  guint64 lines, offset, sink = 0, length;
  double seconds, start, lookup_us, row_us;
  const guint n_lookups = 200000, n_rows = 200;

  index = build_index (path, TRUE, &seconds);
  mm_line_index_get_n_lines (index, &lines);

  start = now ();
  for (guint i = 0; i < n_lookups; i++)
    {
      guint64 line = (guint64) (g_rand_double (rand) * lines);

      if (mm_line_index_line_to_offset (index, line, &offset))
        sink += offset;
    }
  lookup_us = (now () - start) * 1e6 / n_lookups;

  /* The last row: found from the end offset and laid out as cells, with
   * wrapping at a window's width, as the view asks for it. */
  file = mm_mapped_file_new (path, &error);
  rows = mm_rows_new (file);
  mm_rows_set_wrap_cells (rows, 160);
  length = mm_rows_get_length (rows);
  start = now ();
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(MmRowText) text = NULL;
      guint64 row;

      /* Cold each time: no row starts remembered from the last round. */
      mm_rows_invalidate (rows);
      row = mm_rows_row_start (rows, length - 1);
      text = mm_rows_get_text (rows, row, 0, 160);
      sink += text->n_cells;
    }
  row_us = (now () - start) * 1e6 / n_rows;

  printf ("lines=%" G_GUINT64_FORMAT " lookups=%u (checksum %" G_GUINT64_FORMAT ")\n",
          lines, n_lookups, sink);
  printf ("line_lookup_us=%.3f row_at_end_us=%.1f\n", lookup_us, row_us);
  return 0;
}

static void
on_search_progress (MmSearch *search,
                    gboolean *done)
{
  *done = mm_search_is_complete (search);
}

static int
bench_search (int   argc,
              char *argv[])
{
  gboolean regex = FALSE, icase = FALSE;
  const char *path, *pattern;
  g_autoptr(GError) error = NULL;
  g_autoptr(MmMappedFile) file = NULL;
  g_autofree char *quoted_pattern = NULL;
  g_autofree char *quoted_path = NULL;
  g_autofree char *count_cmd = NULL;
  g_autofree char *grep_out = NULL;
  double best = G_MAXDOUBLE, grep_seconds;
  guint64 matches = 0;
  int i = 2;

  for (; i < argc - 2; i++)
    {
      if (g_str_equal (argv[i], "--regex"))
        regex = TRUE;
      else if (g_str_equal (argv[i], "--icase"))
        icase = TRUE;
    }
  path = argv[argc - 2];
  pattern = argv[argc - 1];

  file = mm_mapped_file_new (path, &error);
  if (file == NULL)
    g_error ("%s", error->message);

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(MmSearch) search = NULL;
      gboolean done = FALSE;
      double start = now ();

      search = mm_search_new (file, pattern, (regex ? MM_SEARCH_REGEX : 0) | (icase ? 0 : MM_SEARCH_CASE_SENSITIVE),
                              NULL, &error);
      if (search == NULL)
        g_error ("%s", error->message);
      g_signal_connect (search, "progress", G_CALLBACK (on_search_progress), &done);
      mm_search_start (search, 0);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      best = MIN (best, now () - start);
      matches = mm_search_get_n_matches (search);
    }

  {
    const char *grep[] = { "grep", "-c", regex ? "-E" : "-F", icase ? "-i" : "-e", icase ? "-e" : pattern,
                           icase ? pattern : path, icase ? path : NULL, NULL };
    grep_seconds = time_command (grep);
  }

  quoted_pattern = g_shell_quote (pattern);
  quoted_path = g_shell_quote (path);
  count_cmd = g_strdup_printf ("LC_ALL=C grep -o %s %s -e %s %s | wc -l", regex ? "-E" : "-F", icase ? "-i" : "",
                               quoted_pattern, quoted_path);
  g_spawn_command_line_sync (g_strdup_printf ("sh -c %s", g_shell_quote (count_cmd)), &grep_out, NULL, NULL, NULL);

  printf ("file=%s pattern=%s regex=%d icase=%d\n", path, pattern, regex, icase);
  printf ("grep_c_seconds=%.4f search_vs_grep=%.2fx grep_o_count=%s", grep_seconds, best / grep_seconds,
          grep_out ? grep_out : "?\n");
  printf ("matches=%" G_GUINT64_FORMAT " search_seconds=%.4f\n", matches, best);
  return 0;
}

static int
bench_json (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MmMappedFile) file = mm_mapped_file_new (path, &error);
  const char *wc[] = { "wc", "-l", path, NULL };
  double best = G_MAXDOUBLE, best_cpu = G_MAXDOUBLE, wc_seconds;
  g_autoptr(MmJsonIndex) index = NULL;
  guint64 error_offset;
  const char *message;

  if (file == NULL)
    g_error ("%s", error->message);

  for (guint run = 0; run < RUNS; run++)
    {
      double start = now (), cpu = cpu_now ();

      g_clear_object (&index);
      index = mm_json_index_new (file);
      mm_json_index_build_async (index, NULL, NULL, NULL);
      while (!mm_json_index_is_complete (index))
        g_main_context_iteration (NULL, TRUE);
      best = MIN (best, now () - start);
      best_cpu = MIN (best_cpu, cpu_now () - cpu);
    }
  wc_seconds = time_command (wc);

  /* Queries at random offsets: each is one block's scan at most. The
   * first round touches blocks whose pages the pass dropped from the
   * mapping; the second asks the same offsets again. */
  if (mm_json_index_get_n_regions (index) > 0)
    {
      const char *round_names[] = { "first", "again" };

      for (guint round = 0; round < G_N_ELEMENTS (round_names); round++)
        {
          g_autoptr(GRand) rand = g_rand_new_with_seed (5);
          guint64 length = mm_json_index_get_scanned (index);
          double worst[2] = { 0 }, total[2] = { 0 };
          const guint n = 2000;

          for (guint i = 0; i < n; i++)
            {
              guint64 at = (guint64) g_rand_double_range (rand, 0, (double) length);
              double start = now (), took[2];
              g_autofree char *p = mm_json_index_dup_path (index, at);
              MmJsonContainer container;

              took[0] = now () - start;
              (void) p;   /* asked for its time */
              start = now ();
              mm_json_index_get_container (index, at, &container);
              took[1] = now () - start;
              for (guint q = 0; q < 2; q++)
                {
                  total[q] += took[q];
                  worst[q] = MAX (worst[q], took[q]);
                }
            }
          printf ("queries_%s: path_us=%.1f max_us=%.1f container_us=%.1f max_us=%.1f (%u random offsets)\n",
                  round_names[round], total[0] * 1e6 / n, worst[0] * 1e6,
                  total[1] * 1e6 / n, worst[1] * 1e6, n);
        }
    }

  printf ("file=%s size=%" G_GUINT64_FORMAT "\n", path, mm_mapped_file_get_length (file));
  printf ("wc_l_seconds=%.4f json_vs_wc=%.2fx json_pct_of_file=%.4f%% json_cpu_seconds=%.4f threads=%u\n",
          wc_seconds, best / wc_seconds,
          100.0 * mm_json_index_get_memory_size (index) / MAX (1, mm_mapped_file_get_length (file)),
          best_cpu, mm_scan_get_n_threads ());
  printf ("values=%" G_GUINT64_FORMAT " max_depth=%u regions=%u json_seconds=%.4f json_bytes=%" G_GSIZE_FORMAT,
          mm_json_index_get_n_values (index), mm_json_index_get_max_depth (index),
          mm_json_index_get_n_regions (index), best, mm_json_index_get_memory_size (index));
  if (mm_json_index_get_error (index, &error_offset, &message))
    printf (" valid=0 error_offset=%" G_GUINT64_FORMAT " (expected %s)\n", error_offset, message);
  else
    printf (" valid=1\n");
  return 0;
}

static guint64
rss_anon_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "RssAnon:");
  return line ? g_ascii_strtoull (line + 8, NULL, 10) : 0;
}

static int
bench_revert (const char *path,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MmMappedFile) file = mm_mapped_file_new (path, &error);
  g_autoptr(MmEditJournal) journal = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree char *copy = g_strdup_printf ("%s.mm-bench-copy", path);
  g_autofree char *state = g_dir_make_tmp ("mm-bench-state-XXXXXX", NULL);
  guint64 length;
  guint restored, left;
  double start, poke_seconds, revert_seconds, cmp_seconds;

  if (file == NULL || !mm_mapped_file_make_writable (file, &error))
    g_error ("%s", error->message);
  length = mm_mapped_file_get_length (file);
  /* The edit log is flushed on every edit: keep it off the disk under test. */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  journal = mm_edit_journal_new (file);

  {
    const char *cp[] = { "cp", path, copy, NULL };

    g_spawn_sync (NULL, (char **) cp, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }

  /* Edits at random offsets (a page fault per page on revert), then a
   * run of consecutive bytes, as typing makes them. */
  for (guint pass = 0; pass < 2; pass++)
    {
      guint64 run_start = ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand)) % (length - MIN (length, n));

      guint64 anon_before = rss_anon_kib ();

      start = now ();
      for (guint i = 0; i < n; i++)
        {
          guint64 at = pass == 0 ? ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand)) % length
                                 : run_start + i % length;

          if (!mm_edit_journal_poke (journal, at, (guint8) ~mm_mapped_file_get_data (file)[at], &error))
            g_error ("%s", error->message);
        }
      poke_seconds = now () - start;
      printf ("%s memory_per_edit_bytes=%.1f (RssAnon growth over %u edits)\n", pass == 0 ? "random" : "consecutive",
              (rss_anon_kib () - MIN (anon_before, rss_anon_kib ())) * 1024.0 / n, n);

      start = now ();
      if (!mm_edit_journal_revert_all (journal, &restored, &left, &error))
        g_error ("%s", error->message);
      revert_seconds = now () - start;
      printf ("%s edits=%u poke_us=%.2f revert_ms=%.2f restored=%u left=%u\n", pass == 0 ? "random" : "consecutive",
              n, poke_seconds * 1e6 / n, revert_seconds * 1e3, restored, left);
      if (left != 0)
        return 1;
    }

  {
    const char *cmp[] = { "cmp", path, copy, NULL };

    cmp_seconds = time_command (cmp);
  }
  g_unlink (copy);

  printf ("file=%s length=%" G_GUINT64_FORMAT " cmp_seconds=%.4f (cmp of the file and its copy: equal)\n",
          path, length, cmp_seconds);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 4 && g_str_equal (argv[1], "search"))
    return bench_search (argc, argv);
  if (argc == 3 && g_str_equal (argv[1], "json"))
    return bench_json (argv[2]);
  if (argc >= 3 && g_str_equal (argv[1], "outline"))
    return bench_outline (argc, argv);
  if (argc == 3 && g_str_equal (argv[1], "pretty"))
    return bench_pretty (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "conversation"))
    return bench_conversation (argv[2], (guint) atoi (argv[3]));
  if (argc >= 3 && g_str_equal (argv[1], "revert"))
    return bench_revert (argv[2], argc >= 4 ? (guint) atoi (argv[3]) : 100000);

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s index|lookup|stats FILE\n       %s search [--regex] [--icase] FILE PATTERN\n"
                       "       %s json FILE\n       %s revert FILE [N]\n       %s outline [--list] FILE\n"
                       "       %s conversation FILE INDEX\n       %s pretty FILE\n", argv[0], argv[0], argv[0], argv[0], argv[0], argv[0],
                       argv[0]);
      return 2;
    }

  if (strcmp (argv[1], "index") == 0)
    return bench_index (argv[2]);
  if (strcmp (argv[1], "lookup") == 0)
    return bench_lookup (argv[2]);
  if (strcmp (argv[1], "stats") == 0)
    return bench_stats (argv[2]);

  fprintf (stderr, "unknown benchmark: %s\n", argv[1]);
  return 2;
}
