#!/bin/bash
# Time from starting the process to its first frame that shows text, for files of very different sizes, beside a hello-world GTK 4
# window on the same display. Usage: first-frame.sh BUILD_DIR FILE...
# Prints one line a file, then first_frame_ratio_max=R (worst file / hello). Drawing with cairo, MmView leaves GDK's GL off
# (mm_application_choose_renderer); a hello-world doing the same is timed too, as is one at MmView's window size: each
# file's line gives the ratio to all three.
set -euo pipefail

if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s '-screen 0 1600x1000x24' "$0" "$@"
fi
# Both programs on one session bus of their own, as on a desktop.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec dbus-run-session -- "$0" "$@"
fi

build=$1; shift
runs=${RUNS:-7}
export GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none
# The schema as built, unless one is installed or named.
if [ -z "${GSETTINGS_SCHEMA_DIR:-}" ] && [ -f "$build/data/gschemas.compiled" ]; then
  export GSETTINGS_SCHEMA_DIR="$build/data"
fi
# The renderer MmView picks (cairo without a GPU render node), for both:
# software GL would slow the hello-world as much as MmView.
if [ -z "${GSK_RENDERER:-}" ] && ! ls /dev/dri/renderD* >/dev/null 2>&1; then
  export GSK_RENDERER=cairo
fi
printf 'renderer=%s\n' "${GSK_RENDERER:-default}"

median () {
  sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# From just before exec to the first frame the program reports painting
# (it prints first_frame_realtime_us= and quits): what it does to exit is
# not part of the figure.
time_cmd () {
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    frame=$("$@" 2>/dev/null | sed -n 's/^first_frame_realtime_us=//p' | head -1)
    [ -n "$frame" ] || { echo "no first frame from $*" >&2; exit 1; }
    echo $(( frame - start / 1000 ))
  done | median
}

hello=$(time_cmd "$build/tests/bench/mm-hello")
printf 'hello_world_ms=%.1f\n' "$(echo "$hello / 1000" | bc -l)"
# The same window at MmView's default size: how much of the difference is
# only painting and sending a larger window (shown, not the bar).
width=$(gsettings get org.example.MmView window-width 2>/dev/null || true)
height=$(gsettings get org.example.MmView window-height 2>/dev/null || true)
size=${width}x${height}
case $size in [0-9]*x[0-9]*) ;; *) size=1100x760 ;; esac
big=$(time_cmd "$build/tests/bench/mm-hello" "$size")
printf 'hello_world_%s_ms=%.1f\n' "$size" "$(echo "$big / 1000" | bc -l)"
# With GL left off as MmView leaves it when it draws with cairo (GTK 4.8
# reads GDK_DEBUG, later ones GDK_DISABLE): MmView's own cost over GTK's.
lean=$hello
if [ "${GSK_RENDERER:-}" = cairo ]; then
  lean=$(GDK_DEBUG=gl-disable GDK_DISABLE=gl time_cmd "$build/tests/bench/mm-hello")
fi
printf 'hello_world_gl_off_ms=%.1f\n' "$(echo "$lean / 1000" | bc -l)"
worst=0
for f in "$@"; do
  us=$(MMVIEW_EXIT_AFTER_FIRST_FRAME=1 time_cmd "$build/src/mmview" "$f")
  ratio=$(echo "$us / $hello" | bc -l)
  printf 'file=%s size=%s first_frame_ms=%.1f ratio=%.2f ratio_same_size=%.2f ratio_gl_off=%.2f\n' "$f" \
    "$(stat -c %s "$f")" "$(echo "$us / 1000" | bc -l)" "$ratio" "$(echo "$us / $big" | bc -l)" \
    "$(echo "$us / $lean" | bc -l)"
  if (( $(echo "$ratio > $worst" | bc -l) )); then worst=$ratio; fi
done
printf 'first_frame_ratio_max=%.2f\n' "$worst"
