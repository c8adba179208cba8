# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/run.sh ($top, check).  Splat signatures
# (scripts/splat-signatures.sh), by which fullsuite-compare.sh tells the
# series' splats from the base's, and the note report.sh writes with them.
tmp=$(mktemp -d)
sigs=$top/scripts/splat-signatures.sh

# Each golden splat log: the signature of scan-splats.sh's line is the
# first one splat-signatures.sh lists, so both read the same deny list.
for log in "$top"/tests/splat/*.log; do
	[ "$(cat "${log%.log}.expect")" = splat ] || continue
	check "splat-signatures: $(basename "$log" .log): the scan's splat comes first" \
		"$("$top/scripts/scan-splats.sh" "$log" | "$sigs" -n)" "$("$sigs" "$log" | head -1)"
done
check "splat-signatures: a WARNING is its function" "WARNING in ftrace_bug" \
	"$("$sigs" "$top/tests/splat/warning.log")"
check "splat-signatures: no source line number" "kernel BUG at kernel/trace/ftrace.c!" \
	"$("$sigs" "$top/tests/splat/bug.log")"

# Two kernels' logs: a WARN, a call trace of its own and a KASAN report,
# at other times, lines and offsets.
two_splats() { # LINE OFFSET
	cat <<-EOF
	[    0.000000] Linux version 6.1.192+ (root@host) #1 SMP
	[    3.10$1] ------------[ cut here ]------------
	[    3.10$1] WARNING: CPU: $1 PID: 1 at kernel/trace/trace.c:19$1 run_tracer_selftest+0x1$2/0x1f0
	[    3.10$1] Modules linked in:
	[    3.10$1] Call Trace:
	[    3.10$1]  <TASK>
	[    3.10$1]  register_tracer.cold+0x$2/0x80
	[    3.10$1] ---[ end trace 0000000000000000 ]---
	[   10$1.000000] CPU: 1 PID: 300 Comm: sh Not tainted 6.1.192+ #1
	[   10$1.000001] Call Trace:
	[   10$1.000002]  <TASK>
	[   10$1.000003]  dump_stack_lvl+0x45/0x5e
	[   10$1.000004]  ? ftrace_ops_test+0x$2/0x20
	[   10$1.000005]  ftrace_modify_direct_caller.isra.0+0x$2/0x20
	[   41$1.550129] ==================================================================
	[   41$1.550129] BUG: KASAN: use-after-free in ftrace_find_rec_direct+0x$2/0x90
	[   41$1.550130] Read of size 8 at addr ffff888003a1b2c$1 by task sh/30$1
	[   41$1.550131] Call Trace:
	[   41$1.550132]  dump_stack_lvl+0x45/0x5e
	[   41$1.550133] ==================================================================
	EOF
}
two_splats 1 3c > "$tmp/a.log"
two_splats 7 4d > "$tmp/b.log"
want="WARNING in run_tracer_selftest
Call Trace from ftrace_modify_direct_caller
BUG: KASAN: use-after-free in ftrace_find_rec_direct"
check "splat-signatures: every splat, each once" "$want" "$("$sigs" "$tmp/a.log" "$tmp/a.log")"
check "splat-signatures: the same on another boot" "$want" "$("$sigs" "$tmp/b.log")"
check "splat-signatures: -x leaves the scan's line out" "$(echo "$want" | tail -2)" \
	"$("$sigs" -x "$("$top/scripts/scan-splats.sh" "$tmp/b.log")" "$tmp/b.log")"
check "splat-signatures: -n splits a note, less the TSC hint" \
	"WARNING in run_tracer_selftest/BUG: KASAN: use-after-free in ftrace_find_rec_direct/unreadable: console.log: missing or empty" \
	"$(echo "splat: /o/dmesg.txt:9:[    3.104233] WARNING: CPU: 0 PID: 1 at kernel/trace/trace.c:1967 run_tracer_selftest+0x1ad/0x1f0; BUG: KASAN: use-after-free in ftrace_find_rec_direct; unreadable: /o/console.log: missing or empty (the guest's TSC did not calibrate: a loaded host? docs/known-problems.md)" |
		"$sigs" -n | paste -sd/)"
# No deny list to read: the one signature is an unreadable one.
mkdir -p "$tmp/s"
cp "$sigs" "$tmp/s/"
sed 's/^DENY=/deny=/' "$top/scripts/scan-splats.sh" > "$tmp/s/scan-splats.sh"
out=$(bash "$tmp/s/splat-signatures.sh" "$tmp/a.log")
check "splat-signatures: no deny list fails closed" \
	"2/unreadable: scan-splats.sh: no DENY= line, splats not listed" "$?/$out"

# report.sh: the dmesg row's note is the scan's first line, then every
# other kind of splat.
run=$tmp/r/x86_64-series
mkdir -p "$run/results" "$tmp/r/exp"
echo complete > "$run/results/status"
: > "$run/results/no-kselftest"
cp "$tmp/a.log" "$run/results/dmesg.txt"
cp "$tmp/a.log" "$run/console.log"
bash "$top/scripts/report.sh" --results-root "$tmp/r" --expectations "$tmp/r/exp" > /dev/null 2>&1
check "report: the splat note names every kind of splat" \
	"FAIL/dmesg.txt:3:[    3.101] WARNING: CPU: 1 PID: 1 at kernel/trace/trace.c:191 run_tracer_selftest+0x13c/0x1f0; Call Trace from ftrace_modify_direct_caller; BUG: KASAN: use-after-free in ftrace_find_rec_direct" \
	"$(awk -F'\t' '$2 == "dmesg: no splats" { print $1 "/" $3 }' "$run/results.tab" | sed 's|/splat: [^ ]*/|/|')"
rm -rf "$tmp"
