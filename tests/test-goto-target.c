/* test-goto-target.c: what "Go to" understands, and what it refuses */
#define G_LOG_DOMAIN "test-goto-target"

#include "config.h"

#include "mm-goto-target.h"

static void
test_accepted (void)
{
  static const struct { const char *text; MmGotoKind kind; guint64 value; double percent; } cases[] = {
    { "120", MM_GOTO_LINE, 120, 0 },
    { " 12,345 ", MM_GOTO_LINE, 12345, 0 },
    { "12_345", MM_GOTO_LINE, 12345, 0 },
    { "0x1F400", MM_GOTO_OFFSET, 0x1f400, 0 },
    { "0XffFFffFFffFFffFF", MM_GOTO_OFFSET, G_MAXUINT64, 0 },
    { "@128000", MM_GOTO_OFFSET, 128000, 0 },
    { "@0", MM_GOTO_OFFSET, 0, 0 },
    { "50%", MM_GOTO_PERCENT, 0, 50 },
    { "12.5 %", MM_GOTO_PERCENT, 0, 12.5 },
    { ".5%", MM_GOTO_PERCENT, 0, 0.5 },
    { "100%", MM_GOTO_PERCENT, 0, 100 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MmGotoTarget target;

      g_test_message ("%s", cases[i].text);
      g_assert_true (mm_goto_target_parse (cases[i].text, &target));
      g_assert_cmpint (target.kind, ==, cases[i].kind);
      if (target.kind == MM_GOTO_PERCENT)
        g_assert_cmpfloat (target.percent, ==, cases[i].percent);
      else
        g_assert_cmpuint (target.value, ==, cases[i].value);
    }
}

static void
test_refused (void)
{
  static const char *cases[] = {
    "", "  ", "0", "-3", "abc", "12a", ",12",
    "0x", "0x0x10", "0xg", "0x10000000000000000", "0x 10",
    "18446744073709551616", "@18446744073709551616", "@", "@x",
    "%", "1e1%", "0x10%", "inf%", "nan%", "-1%", "100.5%", "1.2.3%", "+5%", ". %",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MmGotoTarget target;

      g_test_message ("%s", cases[i]);
      g_assert_false (mm_goto_target_parse (cases[i], &target));
    }
}

static void
test_percent_offset (void)
{
  MmGotoTarget target;

  g_assert_true (mm_goto_target_parse ("100%", &target));
  g_assert_cmpuint (mm_goto_target_percent_offset (&target, 1000), ==, 999);
  g_assert_cmpuint (mm_goto_target_percent_offset (&target, 0), ==, 0);
  g_assert_true (mm_goto_target_parse ("50%", &target));
  g_assert_cmpuint (mm_goto_target_percent_offset (&target, G_MAXUINT64), ==, G_MAXUINT64 / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/goto-target/accepted", test_accepted);
  g_test_add_func ("/core/goto-target/refused", test_refused);
  g_test_add_func ("/core/goto-target/percent-offset", test_percent_offset);

  return g_test_run ();
}
