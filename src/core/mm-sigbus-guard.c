/* mm-sigbus-guard.c: the one piece of process-wide state in MmView.
 *
 * When another process truncates a file we have mapped, touching a page
 * past the new end raises SIGBUS; so does a page inside the file that
 * cannot be read (an I/O error). The handler below finds the mapping the
 * faulting address belongs to, tells the two apart by the file's size
 * (fstat is async-signal-safe), maps an anonymous zero page over that page
 * and counts the fault as a truncation or an I/O error, so the read resumes
 * and sees zeros. The owner of the mapping polls the counters.
 *
 * The registry is a fixed array of slots written with atomics, because a
 * signal handler may not take locks or allocate.
 */
#define G_LOG_DOMAIN "mm-sigbus-guard"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mm-sigbus-guard.h"

#define N_SLOTS 256

typedef struct
{
  gsize start;      /* 0 when free */
  gsize end;
  int   fd;         /* the mapped file, for its size; -1: none */
  guint faults;     /* pages past the end of the file */
  guint io_errors;  /* pages inside it that could not be read */
} Slot;

static Slot slots[N_SLOTS];
static struct sigaction previous_action;
static gsize page_size;

static void
reraise (int signo, siginfo_t *info, void *context)
{
  if (previous_action.sa_flags & SA_SIGINFO)
    {
      if (previous_action.sa_sigaction != NULL)
        {
          previous_action.sa_sigaction (signo, info, context);
          return;
        }
    }
  else if (previous_action.sa_handler != SIG_DFL &&
           previous_action.sa_handler != SIG_IGN)
    {
      previous_action.sa_handler (signo);
      return;
    }

  signal (signo, SIG_DFL);
  raise (signo);
}

static void
sigbus_handler (int signo, siginfo_t *info, void *context)
{
  gsize addr = (gsize) info->si_addr;

  for (guint i = 0; i < N_SLOTS; i++)
    {
      gsize start = __atomic_load_n (&slots[i].start, __ATOMIC_ACQUIRE);
      gsize end = __atomic_load_n (&slots[i].end, __ATOMIC_ACQUIRE);

      if (start != 0 && addr >= start && addr < end)
        {
          void *page = (void *) (addr & ~(page_size - 1));
          int fd = __atomic_load_n (&slots[i].fd, __ATOMIC_ACQUIRE);
          struct stat st;
          gboolean inside = fd >= 0 && fstat (fd, &st) == 0 && (gsize) st.st_size > addr - start;

          /* Writable, so that a poke into a vanished page lands in this
           * anonymous page instead of faulting again; it never reaches the
           * file. */
          if (mmap (page, page_size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
            break;

          __atomic_add_fetch (inside ? &slots[i].io_errors : &slots[i].faults, 1, __ATOMIC_RELEASE);
          return;
        }
    }

  reraise (signo, info, context);
}

void
mm_sigbus_guard_install (void)
{
  static gsize installed;

  if (g_once_init_enter (&installed))
    {
      struct sigaction action;

      page_size = (gsize) sysconf (_SC_PAGESIZE);

      memset (&action, 0, sizeof action);
      action.sa_sigaction = sigbus_handler;
      action.sa_flags = SA_SIGINFO | SA_NODEFER;
      sigemptyset (&action.sa_mask);
      sigaction (SIGBUS, &action, &previous_action);

      g_once_init_leave (&installed, 1);
    }
}

int
mm_sigbus_guard_register (const void *start,
                          gsize       length,
                          int         fd)
{
  mm_sigbus_guard_install ();

  for (guint i = 0; i < N_SLOTS; i++)
    {
      gsize expected = 0;

      /* Claim the slot with a marker first so the handler never sees a
       * half-written range. */
      if (__atomic_compare_exchange_n (&slots[i].start, &expected, (gsize) 1,
                                       FALSE, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        {
          __atomic_store_n (&slots[i].faults, 0, __ATOMIC_RELEASE);
          __atomic_store_n (&slots[i].io_errors, 0, __ATOMIC_RELEASE);
          __atomic_store_n (&slots[i].fd, fd, __ATOMIC_RELEASE);
          __atomic_store_n (&slots[i].end, (gsize) start + length, __ATOMIC_RELEASE);
          __atomic_store_n (&slots[i].start, (gsize) start, __ATOMIC_RELEASE);
          return (int) i;
        }
    }

  g_warning ("Too many mapped files; truncation of further files is not guarded");
  return -1;
}

/* The mapping was extended in place (mremap): only its end moves, in one
 * store, so a fault at any moment sees either range, both valid. */
void
mm_sigbus_guard_grow (int   slot,
                      gsize length)
{
  gsize start;

  if (slot < 0)
    return;

  start = __atomic_load_n (&slots[slot].start, __ATOMIC_ACQUIRE);
  __atomic_store_n (&slots[slot].end, start + length, __ATOMIC_RELEASE);
}

void
mm_sigbus_guard_unregister (int slot)
{
  if (slot < 0)
    return;

  __atomic_store_n (&slots[slot].end, (gsize) 0, __ATOMIC_RELEASE);
  __atomic_store_n (&slots[slot].start, (gsize) 0, __ATOMIC_RELEASE);
}

guint
mm_sigbus_guard_get_faults (int slot)
{
  if (slot < 0)
    return 0;

  return __atomic_load_n (&slots[slot].faults, __ATOMIC_ACQUIRE);
}

guint
mm_sigbus_guard_get_io_errors (int slot)
{
  if (slot < 0)
    return 0;

  return __atomic_load_n (&slots[slot].io_errors, __ATOMIC_ACQUIRE);
}
