/* replay.c: runs a harness over kept inputs, without libFuzzer.
 *
 * Every argument is a file or a directory of files; each file is one
 * input. The normal build runs the seed corpus and every input fuzzing
 * ever failed on this way, so CI checks them on every run.
 */
#define G_LOG_DOMAIN "fuzz-replay"

#include "config.h"

#include <stdio.h>

#include "fuzz-util.h"

static guint
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);
  LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
  return 1;
}

static guint
run_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;
  guint n = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return run_file (path);

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return 0;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < names->len; i++)
    n += run_path (g_ptr_array_index (names, i));
  return n;
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    n += run_path (argv[i]);

  if (n == 0)
    g_error ("no inputs found");

  /* TAP, so meson shows what ran. */
  printf ("1..1\nok 1 - %u inputs replayed\n", n);
  return 0;
}
