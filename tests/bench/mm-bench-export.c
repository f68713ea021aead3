/* mm-bench-export.c: the outline of a ChatGPT export and its reader, timed
 * beside wc -l on the same file */
#define G_LOG_DOMAIN "mm-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mm-bench.h"
#include "mm-conversation.h"
#include "mm-json-index.h"
#include "mm-json-rows.h"
#include "mm-mapped-file.h"
#include "mm-message-list.h"
#include "mm-outline.h"

/* Messages a reader's first screen shows, at most. */
#define READER_SCREEN 20

static MmJsonIndex *
build_json (MmMappedFile *file)
{
  MmJsonIndex *index = mm_json_index_new (file);

  mm_json_index_build_async (index, NULL, NULL, NULL);
  while (!mm_json_index_is_complete (index))
    g_main_context_iteration (NULL, TRUE);
  return index;
}

static void
build_outline (MmOutline *outline)
{
  mm_outline_build_async (outline, NULL, NULL, NULL);
  while (!mm_outline_is_complete (outline))
    g_main_context_iteration (NULL, TRUE);
}

static MmMappedFile *
open_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  MmMappedFile *file = mm_mapped_file_new (path, &error);

  if (file == NULL)
    g_error ("%s", error->message);
  return file;
}

/* Text on one line: newlines as \n. */
static void
print_escaped (const char *text)
{
  for (const char *p = text; *p; p++)
    if (*p == '\n')
      fputs ("\\n", stdout);
    else
      putchar (*p);
}

static void
list_outline (MmMappedFile *file,
              MmOutline    *outline)
{
  MmJsonBytes bytes = { mm_mapped_file_get_data (file), mm_mapped_file_get_valid_length (file) };

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (outline)); i++)
    {
      g_autoptr(MmOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (outline), i);
      guint64 start = mm_outline_item_get_start (item), time;
      const char *title = mm_outline_item_get_title (item);

      printf ("%" G_GUINT64_FORMAT "\t", start);
      if (mm_json_find_member (&bytes, start, "create_time", &time))
        printf ("%.*s", (int) MAX (mm_json_token_length (&bytes, time), 1), bytes.data + time);
      putchar ('\t');
      print_escaped (title ? title : "");
      putchar ('\n');
    }
}

/* The largest conversation (in bytes): the time the reader takes to open
 * it (read the conversation, make the first screenful of messages), and
 * to decode every message (what saving it as Markdown does). */
static void
open_longest (MmMappedFile *file,
              MmOutline    *outline,
              guint        *n_messages,
              double       *open_seconds,
              double       *all_seconds)
{
  MmJsonBytes bytes = { mm_mapped_file_get_data (file), mm_mapped_file_get_valid_length (file) };
  guint64 start = 0, size = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (outline)); i++)
    {
      g_autoptr(MmOutlineItem) item = g_list_model_get_item (G_LIST_MODEL (outline), i);

      if (mm_outline_item_get_end (item) - mm_outline_item_get_start (item) > size)
        {
          size = mm_outline_item_get_end (item) - mm_outline_item_get_start (item);
          start = mm_outline_item_get_start (item);
        }
    }

  *open_seconds = *all_seconds = G_MAXDOUBLE;
  for (guint run = 0; run < RUNS; run++)
    {
      double t = now ();
      g_autoptr(MmMessageList) list = mm_message_list_new (file, start);
      g_autoptr(MmConversation) conversation = NULL;

      *n_messages = g_list_model_get_n_items (G_LIST_MODEL (list));
      for (guint m = 0; m < MIN (*n_messages, READER_SCREEN); m++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), m));
      *open_seconds = MIN (*open_seconds, now () - t);

      t = now ();
      conversation = mm_conversation_new (&bytes, start);
      g_assert_nonnull (conversation);
      for (guint m = 0; m < mm_conversation_get_n_messages (conversation); m++)
        g_free (mm_conversation_dup_text (conversation, m));
      *all_seconds = MIN (*all_seconds, now () - t);
    }
}

int
bench_outline (int    argc,
               char **argv)
{
  gboolean list = argc == 4 && g_str_equal (argv[2], "--list");
  const char *path = argv[argc - 1];
  g_autoptr(MmMappedFile) file = open_file (path);
  const char *wc[] = { "wc", "-l", path, NULL };
  double best_json = G_MAXDOUBLE, best_first_rows = G_MAXDOUBLE, best_listed = G_MAXDOUBLE;
  double best_total = G_MAXDOUBLE, best_cpu = G_MAXDOUBLE;
  double wc_seconds;
  double reader_open, all_messages;
  g_autoptr(MmJsonIndex) index = NULL;
  g_autoptr(MmOutline) outline = NULL;
  guint n_messages = 0;

  if ((list && argc != 4) || (!list && argc != 3))
    {
      fprintf (stderr, "usage: %s outline [--list] FILE\n", argv[0]);
      return 2;
    }

  /* As the application does it: the outline starts as soon as the
   * structure pass has found the array, its rows come with the pass, the
   * message counts after it. */
  for (guint run = 0; run < (list ? 1 : RUNS); run++)
    {
      double start = now (), cpu = cpu_now (), json_done = 0, first_rows = 0, listed = 0;
      gboolean started = FALSE;

      g_clear_object (&outline);
      g_clear_object (&index);
      index = mm_json_index_new (file);
      outline = mm_outline_new (file, index);
      mm_json_index_build_async (index, NULL, NULL, NULL);
      while (!started || !mm_outline_is_complete (outline) || !mm_json_index_is_complete (index))
        {
          g_main_context_iteration (NULL, TRUE);
          if (!started && mm_outline_can_build (outline))
            {
              mm_outline_build_async (outline, NULL, NULL, NULL);
              started = TRUE;
            }
          if (json_done == 0 && mm_json_index_is_complete (index))
            json_done = now () - start;
          if (first_rows == 0 && g_list_model_get_n_items (G_LIST_MODEL (outline)) >= 30)
            first_rows = now () - start;
          if (listed == 0 && mm_outline_is_listed (outline))
            listed = now () - start;
        }
      best_json = MIN (best_json, json_done);
      best_listed = MIN (best_listed, listed);
      best_first_rows = MIN (best_first_rows, first_rows);
      best_total = MIN (best_total, now () - start);
      best_cpu = MIN (best_cpu, cpu_now () - cpu);
    }

  if (list)
    {
      list_outline (file, outline);
      return 0;
    }

  wc_seconds = time_command (wc);
  open_longest (file, outline, &n_messages, &reader_open, &all_messages);
  printf ("file=%s size=%" G_GUINT64_FORMAT "\n", path, mm_mapped_file_get_length (file));
  printf ("wc_l_seconds=%.4f json_seconds=%.4f first_30_rows_ms=%.1f outline_vs_wc=%.2fx cpu_seconds=%.4f\n",
          wc_seconds, best_json, best_first_rows * 1000, best_listed / wc_seconds, best_cpu);
  printf ("counts_seconds=%.4f counts_vs_wc=%.2fx\n", best_total, best_total / wc_seconds);
  printf ("longest_conversation_messages=%u reader_open_ms=%.2f all_messages_decoded_ms=%.2f bytes_per_conversation=%.1f\n",
          n_messages, reader_open * 1000, all_messages * 1000,
          (double) mm_outline_get_memory_size (outline) / MAX (1, mm_outline_get_n_found (outline)));
  printf ("conversations=%u outline_seconds=%.4f outline_bytes=%" G_GSIZE_FORMAT "\n",
          mm_outline_get_n_found (outline), best_listed, mm_outline_get_memory_size (outline));
  return 0;
}

int
bench_conversation (const char *path,
                    guint       number)
{
  g_autoptr(MmMappedFile) file = open_file (path);
  g_autoptr(MmJsonIndex) index = build_json (file);
  g_autoptr(MmOutline) outline = mm_outline_new (file, index);
  MmJsonBytes bytes = { mm_mapped_file_get_data (file), mm_mapped_file_get_valid_length (file) };
  g_autoptr(MmOutlineItem) item = NULL;
  g_autoptr(MmConversation) conversation = NULL;

  build_outline (outline);
  if (mm_outline_get_kind (outline) != MM_OUTLINE_KIND_CONVERSATIONS ||
      (item = g_list_model_get_item (G_LIST_MODEL (outline), number)) == NULL)
    {
      fprintf (stderr, "%s: no conversation %u\n", path, number);
      return 1;
    }

  conversation = mm_conversation_new (&bytes, mm_outline_item_get_start (item));
  for (guint i = 0; conversation != NULL && i < mm_conversation_get_n_messages (conversation); i++)
    {
      g_autofree char *text = mm_conversation_dup_text (conversation, i);

      printf ("%s\t", mm_role_get_name (mm_conversation_get_message (conversation, i)->role));
      print_escaped (text);
      putchar ('\n');
    }
  return 0;
}

/* The pretty view's rows of the whole file, wrapping off: what `jq . FILE |
 * wc -l` counts (for a file whose JSON is the whole of it). */
int
bench_pretty (const char *path)
{
  g_autoptr(MmMappedFile) file = open_file (path);
  g_autoptr(MmJsonIndex) index = build_json (file);
  g_autoptr(MmRows) plain = mm_rows_new (file);
  g_autoptr(MmJsonRows) rows = mm_json_rows_new (file, index, plain);
  guint64 row = 0, next, n = 0, length = mm_mapped_file_get_valid_length (file);
  double start = now ();

  mm_row_model_set_wrap_cells (MM_ROW_MODEL (rows), 0);
  if (!mm_json_rows_has_json (rows))
    {
      fprintf (stderr, "%s: no JSON to show pretty\n", path);
      return 1;
    }
  while (TRUE)
    {
      g_autoptr(MmRowText) text = mm_row_model_get_text (MM_ROW_MODEL (rows), row, 0, 64);

      /* A row cut at a 64 KiB boundary is one line for jq. */
      n += text->pretty && text->line_start;
      if (!mm_row_model_next (MM_ROW_MODEL (rows), row, &next) || next <= row || next >= length)
        break;
      row = next;
    }
  printf ("file=%s size=%" G_GUINT64_FORMAT " rows_seconds=%.2f\n", path, length, now () - start);
  printf ("rows=%" G_GUINT64_FORMAT "\n", n);
  return 0;
}
