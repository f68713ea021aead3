/* mm-hello.c: the smallest GTK 4 application window, the reference for
 * MmView's time to first frame. Leaves after its first frame is drawn.
 * `mm-hello WIDTHxHEIGHT` opens it at that size instead of the label's. */
#include <gtk/gtk.h>
#include <stdio.h>

/* The wall-clock time of the first frame, for first-frame.sh */
static void
on_after_paint (GdkFrameClock  *clock,
                GtkApplication *app)
{
  g_print ("first_frame_realtime_us=%" G_GINT64_FORMAT "\n", g_get_real_time ());
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, app);
  g_application_quit (G_APPLICATION (app));
}

static int width = -1, height = -1;

static void
activate (GtkApplication *app)
{
  GtkWidget *window = gtk_application_window_new (app);

  gtk_window_set_title (GTK_WINDOW (window), "Hello");
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Hello, world"));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkApplication) app = gtk_application_new ("org.example.MmViewHello", G_APPLICATION_DEFAULT_FLAGS);

  if (argc > 1 && sscanf (argv[1], "%dx%d", &width, &height) != 2)
    {
      g_printerr ("usage: %s [WIDTHxHEIGHT]\n", argv[0]);
      return 2;
    }
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
