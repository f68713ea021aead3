/* main.c: start MmView */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mm-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MmApplication) app = NULL;
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *exe_dir = exe ? g_path_get_dirname (exe) : NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Run from the build tree, use the schema compiled there. */
  if (g_strcmp0 (exe_dir, BUILD_SRC_DIR) == 0)
    g_setenv ("GSETTINGS_SCHEMA_DIR", BUILD_SCHEMA_DIR, FALSE);

  mm_application_choose_renderer ();

  app = mm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
