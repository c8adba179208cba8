# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/run.sh ($top, check).  The guest plans' own checks,
# run on the host by sh (dash on Debian, an ash like the guest's busybox
# sh) with stub commands: the race's background loops (plan-race.sh)
# and the BPF loader's results and the kill check (plan-bpf.sh).
gp_tmp=$(mktemp -d)

# race_ktap TRACER KPROBE [RACEMIN]: the KTAP lines of run_race, four
# rounds, kmemleak's left out (there is none here).  The counts that
# vary are masked: "in C of C cycles" when every cycle took effect, "of
# C cycles" otherwise, N for the errors, MSG for the shell's message.
# TRACER "ok": current_tracer keeps what is written; "dead": writes to it
# vanish (a symlink to /dev/null).  KPROBE "ok": the event's enable file
# is there; "gone": the event directory never appears, so every write to
# enable fails.
race_ktap() {
	d=$gp_tmp/race-$1-$2
	rm -rf "$d"
	mkdir -p "$d/t/events/kprobes/racekp"
	: > "$d/t/set_ftrace_filter"
	: > "$d/t/kprobe_events"
	: > "$d/t/enabled_functions"
	case $1 in
	ok) : > "$d/t/current_tracer" ;;
	dead) ln -s /dev/null "$d/t/current_tracer" ;;
	esac
	case $2 in
	ok) : > "$d/t/events/kprobes/racekp/enable" ;;
	gone) rm -r "$d/t/events/kprobes" ;;
	esac
	sh -c '
		top=$1 d=$2 racemin=$3
		T=$d/t R=$d ktap=$d/ktap n=0
		: > "$ktap"
		. "$top/scripts/guest/lib.sh"
		. "$top/scripts/guest/plan-race.sh"
		race_tmp=$d race_kmemleak=$d/no-kmemleak
		harness_arg() {
			case $1 in
			race) echo 4 ;;
			racemin) echo "$racemin" ;;
			esac
		}
		# Each round waits until both loops have begun a cycle (their
		# first writes), which they then finish: at least one cycle each
		# on a host however busy.
		modprobe() {
			i=0
			while [ $i -lt 100 ] && { [ ! -s "$T/set_ftrace_filter" ] ||
				[ ! -s "$T/kprobe_events" ]; }; do
				sleep 0.1
				i=$((i + 1))
			done
			sleep 0.1
		}
		rmmod() { :; }
		mount() { :; }
		sample_fires() { :; }
		run_race > "$d/console" 2>&1
		cat "$ktap"' sh "$top" "$d" "${3:-}" |
		grep -v kmemleak |
		sed -E 's/in ([0-9]+) of \1 cycles/in C of C cycles/; s/ of [0-9]+ cycles/ of C cycles/
			s/[0-9]+ (failed writes|not read back)/N \1/g; s/(racekp\/enable): .*/\1: MSG/'
}
rounds_ok='ok 1 race: 4 rounds of direct calls (both APIs) against tracers and kprobes'
tracer_ok='race: tracer loop: function and function_graph took effect in C of C cycles'
kprobe_ok='race: kprobe loop: the kprobe took effect in C of C cycles'
left_ok='race: nothing left in enabled_functions'
check "guest: race: both loops race" \
	"$(printf '%s\n' "$rounds_ok" "ok 2 $tracer_ok (at least 1)" "ok 3 $kprobe_ok (at least 1)" "ok 4 $left_ok")" \
	"$(race_ktap ok ok)"
check "guest: race: a function tracer that never takes effect fails its loop" \
	"$(printf '%s\n' "$rounds_ok" \
		"not ok 2 race: tracer loop: function and function_graph took effect in 0 of C cycles (at least 1): N failed writes, N not read back; first: current_tracer: 'function' read back as ''" \
		"ok 3 $kprobe_ok (at least 1)" "ok 4 $left_ok")" \
	"$(race_ktap dead ok)"
check "guest: race: a kprobe that never enables fails its loop, with the write's error" \
	"$(printf '%s\n' "$rounds_ok" "ok 2 $tracer_ok (at least 1)" \
		"not ok 3 race: kprobe loop: the kprobe took effect in 0 of C cycles (at least 1): N failed writes, N not read back; first: writing '1' to events/kprobes/racekp/enable: MSG" \
		"ok 4 $left_ok")" \
	"$(race_ktap ok gone)"
check "guest: race: harness.racemin= sets the minimum" \
	"$(printf '%s\n' "$rounds_ok" \
		"not ok 2 $tracer_ok (at least 1000000000): N failed writes, N not read back" \
		"not ok 3 $kprobe_ok (at least 1000000000): N failed writes, N not read back" "ok 4 $left_ok")" \
	"$(race_ktap ok ok 1000000000)"
check "guest: race: a loop that wrote no count fails" \
	"not ok 1 race: tracer loop: function and function_graph took effect in 0 of 0 cycles (at least 1): the loop wrote no count" \
	"$(sh -c '. "$1/scripts/guest/lib.sh"; . "$1/scripts/guest/plan-race.sh"
		ktap=$2/ktap n=0; : > "$ktap"
		race_loop_check "$2" tracer "function and function_graph" 1 > /dev/null 2>&1
		cat "$ktap"' sh "$top" "$gp_tmp")"
# race_min ROUNDS: the default minimum, a tenth of the rounds, at least 1.
race_min_of() {
	sh -c '. "$1/scripts/guest/lib.sh"; . "$1/scripts/guest/plan-race.sh"
		harness_arg() { :; }; race_min "$2"' sh "$top" "$1" 2>&1
}
check "guest: race: the default minimum of 1000 rounds" 100 "$(race_min_of 1000)"
check "guest: race: the default minimum of 5 rounds" 1 "$(race_min_of 5)"

# bpf_ktap OUTPUT STATUS: the KTAP lines of bpf_run for a loader
# (bpf_direct run) that prints OUTPUT and exits with STATUS.
bpf_ktap() {
	d=$gp_tmp/bpf
	rm -rf "$d"
	mkdir -p "$d"
	sh -c '
		top=$1 d=$2 out=$3 rc=$4
		R=$d ktap=$d/ktap n=0
		: > "$ktap"
		. "$top/scripts/guest/lib.sh"
		. "$top/scripts/guest/plan-bpf.sh"
		bpf_direct() { printf "%b" "$out"; return "$rc"; }
		bpf_run > "$d/console" 2>&1
		cat "$ktap"' sh "$top" "$d" "$1" "$2"
}
att='PASS: attach fentry_test1: ok\nPASS: attach fexit_test1: ok\nPASS: attach fmod_ret_test: ok\nPASS: attach fexit_mod: ok\n'
fentry='PASS: fentry on bpf_fentry_test1: 1000 hits for 1000 calls\nPASS: fexit on bpf_fentry_test1: 1000 hits for 1000 calls\n'
modret='PASS: fexit on bpf_fentry_test1 saw the right return value: 0 wrong\n'
modret="${modret}PASS: fmod_ret returning 0 leaves bpf_modify_return_test alone: retval 0x10004, fexit saw 4\n"
modret="${modret}PASS: fmod_ret returning 1234 replaces bpf_modify_return_test: retval 0x4d2, fexit saw 1234\n"
last='fmod_ret and fexit on bpf_modify_return_test: 2 and 2 hits for 2 calls\n'
counts="$fentry${modret}PASS: $last"
status_ok="bpf: the loader's exit status is its number of FAIL lines"
count_ok="bpf: the loader wrote every result line"
check "guest: bpf_run: a clean run" \
	"$(printf "%b" "$att$counts" | awk '{ sub(/^PASS: /, ""); print "ok " NR " bpf: " $0 }')
ok 11 $status_ok
ok 12 $count_ok" \
	"$(bpf_ktap "$att$counts" 0)"
check "guest: bpf_run: a loader killed after two results fails" \
	"ok 1 bpf: attach fentry_test1: ok
ok 2 bpf: attach fexit_test1: ok
not ok 3 $status_ok: exit status 139, 0 FAIL lines
not ok 4 $count_ok: 2 of 10" \
	"$(bpf_ktap 'PASS: attach fentry_test1: ok\nPASS: attach fexit_test1: ok\n' 139)"
check "guest: bpf_run: a failed run that exits 0 fails" \
	"not ok 10 bpf: fmod_ret and fexit on bpf_modify_return_test: 1 and 2 hits for 2 calls
not ok 11 $status_ok: exit status 0, 1 FAIL lines
ok 12 $count_ok" \
	"$(bpf_ktap "$att$fentry${modret}FAIL: fmod_ret and fexit on bpf_modify_return_test: 1 and 2 hits for 2 calls\n" 0 |
		tail -3)"
# The pristine arm64 base: every attach fails, and the loader stops
# after the four attach lines with status 4.
base='FAIL: attach fentry_test1: Unknown error 524\nattach failed: -524 (Unknown error 524)\n'
base="${base}FAIL: attach fexit_test1: Unknown error 524\nattach failed: -524 (Unknown error 524)\n"
base="${base}FAIL: attach fmod_ret_test: Unknown error 524\nattach failed: -524 (Unknown error 524)\n"
base="${base}FAIL: attach fexit_mod: Unknown error 524\nattach failed: -524 (Unknown error 524)\n"
check "guest: bpf_run: failed attaches end the run after four lines" \
	"not ok 1 bpf: attach fentry_test1: Unknown error 524
not ok 2 bpf: attach fexit_test1: Unknown error 524
not ok 3 bpf: attach fmod_ret_test: Unknown error 524
not ok 4 bpf: attach fexit_mod: Unknown error 524
ok 5 $status_ok
ok 6 $count_ok" \
	"$(bpf_ktap "$base" 4)"
check "guest: bpf_run: a failed test run adds its line" \
	"not ok 5 bpf: test run 7 of bpf_fentry_test1: Bad address
not ok 6 bpf: fentry on bpf_fentry_test1: 7 hits for 7 calls
not ok 7 bpf: fexit on bpf_fentry_test1: 7 hits for 7 calls
ok 12 $status_ok
ok 13 $count_ok" \
	"$(bpf_ktap "${att}FAIL: test run 7 of bpf_fentry_test1: Bad address
FAIL: fentry on bpf_fentry_test1: 7 hits for 7 calls
FAIL: fexit on bpf_fentry_test1: 7 hits for 7 calls
${modret}PASS: $last" 3 | sed -n '5,7p;12,13p')"
check "guest: bpf_run: a load failure is one line" \
	"not ok 1 bpf: load the BPF object: Invalid argument
ok 2 $status_ok
ok 3 $count_ok" \
	"$(bpf_ktap 'libbpf: prog: failed to load\nFAIL: load the BPF object: Invalid argument\n' 1)"
check "guest: bpf_run: a loader that does not run fails" \
	"not ok 1 $status_ok: exit status 127, 0 FAIL lines
not ok 2 $count_ok: 0 of 10" \
	"$(bpf_ktap 'sh: bpf_direct: not found\n' 127)"

# bpf_kill_ktap SLEEP_STATUS RUN_CNT_BEFORE RUN_CNT_AFTER TAINT: the KTAP
# lines of bpf_kill_calls, after the refused detach, when each sleep
# exits with SLEEP_STATUS, bpftool shows the kept program's run_cnt
# first as RUN_CNT_BEFORE and then as RUN_CNT_AFTER (nothing for "-"),
# and the kernel's taint is TAINT.
bpf_kill_ktap() {
	d=$gp_tmp/kill
	rm -rf "$d"
	mkdir -p "$d"
	sh -c '
		top=$1 d=$2 rc=$3 taint=$6
		R=$d ktap=$d/ktap n=0
		: > "$ktap"
		echo "$4" > "$d/cnt1"
		echo "$5" > "$d/cnt2"
		. "$top/scripts/guest/lib.sh"
		. "$top/scripts/guest/plan-bpf.sh"
		sleep() { return "$rc"; }
		ls() { :; }
		bpftool() {
			read -r c < "$d/cnt1"
			mv "$d/cnt2" "$d/cnt1" 2> /dev/null
			echo "12: tracing  name watch  tag 0123456789abcdef  gpl${c#-}"
			echo "	loaded_at 2026-01-01T00:00:00+0000  uid 0"
		}
		kernel_taint() { echo "$taint"; }
		bpf_kill_calls > "$d/console" 2>&1
		cat "$ktap"' sh "$top" "$d" "$@"
}
alive="bpf kill: wake_up_process keeps running after the refused detach"
called="bpf kill: wake_up_process keeps calling the kept program"
check "guest: bpf kill: the kept program is called" "ok 1 $alive
ok 2 $called" "$(bpf_kill_ktap 0 '  run_time_ns 9 run_cnt 50' '  run_time_ns 20 run_cnt 75' 4096)"
check "guest: bpf kill: a kept program no longer called fails" "ok 1 $alive
not ok 2 $called: run_cnt 50, then 50" \
	"$(bpf_kill_ktap 0 '  run_time_ns 9 run_cnt 50' '  run_time_ns 9 run_cnt 50' 0)"
check "guest: bpf kill: no run_cnt fails" "ok 1 $alive
not ok 2 $called: run_cnt none, then none (kernel.bpf_stats_enabled)" \
	"$(bpf_kill_ktap 0 - - 0)"
check "guest: bpf kill: sleeps that do not return fail" \
	"not ok 1 $alive: 0 of 20 sleeps returned
ok 2 $called" "$(bpf_kill_ktap 1 '  run_time_ns 9 run_cnt 50' '  run_time_ns 20 run_cnt 75' 0)"
check "guest: bpf kill: a kernel that died fails" \
	"not ok 1 $alive: the kernel died on the way (taint 4224 has D)
ok 2 $called" "$(bpf_kill_ktap 0 '  run_time_ns 9 run_cnt 50' '  run_time_ns 20 run_cnt 75' 4224)"


# bpf_nomem_ktap RC LOG LINES...: the KTAP lines of bpf_nomem_run when
# "bpf_direct nomem" prints LINES and exits RC, and the kernel log's last
# "bpf: detaching" line is LOG.
bpf_nomem_ktap() {
	d=$gp_tmp/nomem
	rm -rf "$d"
	mkdir -p "$d"
	rc=$1 log=$2
	shift 2
	printf '%s\n' "$@" > "$d/out"
	sh -c '
		top=$1 d=$2 rc=$3 log=$4
		R=$d ktap=$d/ktap n=0
		: > "$ktap"
		. "$top/scripts/guest/lib.sh"
		. "$top/scripts/guest/plan-bpf.sh"
		bpf_direct() { cat "$d/out"; return "$rc"; }
		dmesg() { echo "[   12.000000] $log"; }
		bpf_nomem_run > "$d/console" 2>&1
		cat "$ktap"' sh "$top" "$d" "$rc" "$log"
}
nomem_log="bpf: detaching wake_up_process failed (-12): its trampoline stays in place"
nomem_lines="PASS: attach fail_slab: ok
PASS: attach watch: ok
PASS: attach watch_exit: ok
PASS: the detach of watch met the injected -ENOMEM: 1 allocations failed
PASS: the image kept in place still calls watch: 10, then 20 hits
PASS: watch is kept while its image stays in place: ok"
nomem_freed="PASS: watch is freed once its image is gone: freed after 0.4 s"
check "guest: bpf nomem: every check passes" "ok 1 bpf nomem: attach fail_slab: ok
ok 2 bpf nomem: attach watch: ok
ok 3 bpf nomem: attach watch_exit: ok
ok 4 bpf nomem: the detach of watch met the injected -ENOMEM: 1 allocations failed
ok 5 bpf nomem: the image kept in place still calls watch: 10, then 20 hits
ok 6 bpf nomem: watch is kept while its image stays in place: ok
ok 7 bpf nomem: watch is freed once its image is gone: freed after 0.4 s
ok 8 bpf nomem: the loader's exit status is its number of FAIL lines
ok 9 bpf nomem: the loader wrote every result line
ok 10 bpf nomem: the log names the failed detach" \
	"$(bpf_nomem_ktap 0 "$nomem_log" "$nomem_lines" "$nomem_freed")"
check "guest: bpf nomem: a program kept for good fails" \
	"not ok 7 bpf nomem: watch is freed once its image is gone: still there after 30.0 s
ok 8 bpf nomem: the loader's exit status is its number of FAIL lines" \
	"$(bpf_nomem_ktap 1 "$nomem_log" "$nomem_lines" \
		"FAIL: watch is freed once its image is gone: still there after 30.0 s" | sed -n '7,8p')"
check "guest: bpf nomem: a loader that died early fails" \
	"not ok 5 bpf nomem: the loader's exit status is its number of FAIL lines: exit status 139, 0 FAIL lines
not ok 6 bpf nomem: the loader wrote every result line: 4 of 7" \
	"$(bpf_nomem_ktap 139 "$nomem_log" "$(echo "$nomem_lines" | head -4)" | sed -n '5,6p')"
check "guest: bpf nomem: a detach that failed otherwise fails" \
	"not ok 10 bpf nomem: the log names the failed detach: [   12.000000] bpf: detaching wake_up_process failed (-19): its trampoline stays in place" \
	"$(bpf_nomem_ktap 0 "bpf: detaching wake_up_process failed (-19): its trampoline stays in place" \
		"$nomem_lines" "$nomem_freed" | sed -n '10p')"


# site_ktap MACHINE SITEOPS CMDLINE LINES...: the KTAP lines of
# site_results for the site mode's output LINES.
site_ktap() {
	d=$gp_tmp/site
	rm -rf "$d"
	mkdir -p "$d"
	m=$1 so=$2 cl=$3
	shift 3
	printf '%s\n' "$@" > "$d/site.txt"
	sh -c '
		top=$1 d=$2 m=$3 so=$4 cl=$5
		R=$d ktap=$d/ktap n=0
		: > "$ktap"
		. "$top/scripts/guest/lib.sh"
		. "$top/scripts/guest/plan-check.sh"
		proc_cmdline() { echo "$cl"; }
		site_results "$d/site.txt" "$m" "$so" > "$d/console" 2>&1
		cat "$ktap"' sh "$top" "$d" "$m" "$so" "$cl"
}
site_ops_lines="plain ops alone: every call reaches it: ok
plain ops alone: unregistered, no call reaches it: ok
regs ops alone: every call reaches it with pt_regs: ok
regs ops alone: unregistered, no call reaches it: ok"
site_head="ok 1 site: plain ops alone: every call reaches it
ok 2 site: plain ops alone: unregistered, no call reaches it
ok 3 site: regs ops alone: every call reaches it with pt_regs
ok 4 site: regs ops alone: unregistered, no call reaches it"
check "guest: site: x86-64 has the ops checks only" "$site_head" \
	"$(site_ktap x86_64 no "console=ttyS0" "$site_ops_lines")"
check "guest: site: arm64 through the PLTs to the site entries" "$site_head
ok 5 site: a plain ops alone enters through ftrace_site_caller
ok 6 site: a regs ops alone enters through ftrace_site_regs_caller
ok 7 site: a module callsite out of BL range enters through its own PLT" \
	"$(site_ktap aarch64 yes "console=ttyAMA0" "$site_ops_lines" \
		"entry plain: ftrace_site_caller+0x0/0x4c via plt" \
		"entry regs: ftrace_site_regs_caller+0x0/0x6c via plt")"
check "guest: site: arm64 in range, no PLT line" "$site_head
ok 5 site: a plain ops alone enters through ftrace_site_caller
ok 6 site: a regs ops alone enters through ftrace_site_regs_caller" \
	"$(site_ktap aarch64 yes "console=ttyAMA0" "$site_ops_lines" \
		"entry plain: ftrace_site_caller+0x0/0x4c via bl" \
		"entry regs: ftrace_site_regs_caller+0x0/0x6c via bl")"
check "guest: site: ftrace_site_ops=off wants the old entries" "$site_head
not ok 5 site: a plain ops alone enters through ftrace_caller: ftrace_site_caller+0x0/0x4c via bl
ok 6 site: a regs ops alone enters through ftrace_regs_caller" \
	"$(site_ktap aarch64 yes "console=ttyAMA0 ftrace_site_ops=off" "$site_ops_lines" \
		"entry plain: ftrace_site_caller+0x0/0x4c via bl" \
		"entry regs: ftrace_regs_caller+0x0/0x6c via bl")"
check "guest: site: a regs ops through the plain entry fails" \
	"not ok 6 site: a regs ops alone enters through ftrace_site_regs_caller: ftrace_site_caller+0x0/0x4c via plt" \
	"$(site_ktap aarch64 yes "console=ttyAMA0" "$site_ops_lines" \
		"entry plain: ftrace_site_caller+0x0/0x4c via plt" \
		"entry regs: ftrace_site_caller+0x0/0x4c via plt" | sed -n 6p)"
check "guest: site: a missing entry line and a failed check fail" \
	"ok 1 site: plain ops alone: every call reaches it
not ok 2 site: regs ops alone: every call reaches it with pt_regs: fail 1000 of 1000 calls, 1000 without pt_regs, 0 with a wrong argument
not ok 3 site: all 4 checks passed: 1 did
ok 4 site: a plain ops alone enters through ftrace_site_caller
not ok 5 site: a regs ops alone enters through ftrace_site_regs_caller: no entry line" \
	"$(site_ktap aarch64 yes "console=ttyAMA0" "plain ops alone: every call reaches it: ok" \
		"regs ops alone: every call reaches it with pt_regs: fail 1000 of 1000 calls, 1000 without pt_regs, 0 with a wrong argument" \
		"entry plain: ftrace_site_caller+0x0/0x4c via bl")"

rm -rf "$gp_tmp"
