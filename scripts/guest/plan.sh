#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest test plan.  Results go to /results and from there, as a tar
# archive, to the results disk (/dev/vda) that the host reads back.
plan=$1
R=/results
T=/sys/kernel/tracing
mkdir -p $R
uname -r > $R/uname

ktap=$R/samples.ktap
n=0
ok() { n=$((n + 1)); echo "ok $n $*" >> $ktap; echo "harness: ok $*"; }
notok() { n=$((n + 1)); echo "not ok $n $*" >> $ktap; echo "harness: not ok $*"; }
: > $ktap

# harness_arg NAME: the value of harness.NAME= on the command line.
harness_arg() {
	tr ' ' '\n' < /proc/cmdline | sed -n "s/^harness\\.$1=//p"
}

# harness_variant: the kernel's variant, from harness.variant= (boot.sh).
harness_variant() {
	harness_arg variant
}

# sample_fires MODULE PATTERN...: load MODULE, make the traced functions
# run, and require every PATTERN in the trace before unloading it.
sample_fires() {
	m=$1
	shift
	echo > $T/trace
	if ! modprobe "$m"; then
		notok "sample: $m: modprobe failed"
		return
	fi
	# wake_up_process, schedule and handle_mm_fault all run here; the
	# modify samples switch trampolines about once a second.
	i=0
	while [ $i -lt 6 ]; do
		ls -R /sys/kernel/tracing > /dev/null
		sleep 1
		i=$((i + 1))
	done
	missing=
	for p in "$@"; do
		grep -q "$p" $T/trace || missing="$missing '$p'"
	done
	if ! rmmod "$m"; then
		notok "sample: $m: rmmod failed"
	elif [ -n "$missing" ]; then
		notok "sample: $m: handler never traced$missing"
	else
		ok "sample: $m: handler fired"
	fi
}

# With ftrace_direct_far, arm64 must reach every direct trampoline
# through ftrace_regs_caller; the kernel says so when it takes the option.
check_far() {
	# "ftrace_direct_farx" (arm64.sh's SERIES_BOOT_ARGS): only the exact
	# word may take effect.
	if grep -qw ftrace_direct_farx /proc/cmdline; then
		if dmesg | grep -q "direct trampolines are reached through ftrace_regs_caller"; then
			notok "far: ftrace_direct_farx is not taken for ftrace_direct_far"
		else
			ok "far: ftrace_direct_farx is not taken for ftrace_direct_far"
		fi
	fi
	grep -qw ftrace_direct_far /proc/cmdline || return 0
	if dmesg | grep -q "direct trampolines are reached through ftrace_regs_caller"; then
		ok "far: direct trampolines forced out of BL range"
	else
		notok "far: ftrace_direct_far did not take effect"
	fi
}

# CONFIG_FTRACE_STARTUP_TEST: the tracers test themselves at boot, and
# function_graph's test puts a direct trampoline on the function it
# traces.  Each test must say PASSED, function's and function_graph's
# among them; a trampoline that breaks the ABI hangs the boot there.
check_startup() {
	dmesg | grep -a 'Testing ' > $R/startup.txt
	bad=$(grep -i 'fail' $R/startup.txt | head -1)
	# A test's verdict may come on a later line, when another message
	# (the clocksource watchdog, say) broke into its line: join each
	# "Testing" line with the lines up to the next one.
	dmesg | awk '/Testing / { if (t != "") print t; t = $0; next }
		t != "" { t = t " " $0 } END { if (t != "") print t }' > $R/startup-joined.txt
	missing=
	for t in function function_graph; do
		grep -q "Testing tracer $t: .*PASSED" $R/startup-joined.txt || missing="$missing $t"
	done
	if [ -n "$bad" ] || [ -n "$missing" ]; then
		notok "startup: the ftrace self tests at boot passed: ${bad:-no PASSED for$missing}"
	else
		ok "startup: the ftrace self tests at boot passed ($(grep -c PASSED $R/startup.txt) tests)"
	fi
}

# The local labels of the arm64 ftrace entry stay out of kallsyms, so
# that backtraces through the entry name ftrace_common.
check_entry_labels() {
	[ "$(uname -m)" = aarch64 ] || return 0
	label=$(grep -w 'ftrace_direct_return' /proc/kallsyms | head -1)
	if [ -n "$label" ]; then
		notok "entry: no entry-code label in kallsyms: $label"
	else
		ok "entry: no entry-code label in kallsyms"
	fi
}

run_samples() {
	check_startup
	check_entry_labels
	check_far
	sample_fires ftrace-direct "my_direct_func: waking up"
	sample_fires ftrace-direct-too "handle mm fault vma="
	sample_fires ftrace-direct-modify "my direct func1" "my direct func2"
	sample_fires ftrace-direct-multi "my_direct_func: ip "
	sample_fires ftrace-direct-multi-modify "my direct func1 ip" "my direct func2 ip"
}

# The direct_functions stress test (stress/): a counted direct trampoline,
# hammered from one CPU while the other grows direct_functions under it
# (grow) or switches it to a second counted trampoline 1000 times, with
# the site shared with an ftrace_ops (modify-shared), alone
# (modify-sole) and through the ops API (modify-multi).  The calls and
# the counts must match in each phase.
#
# Before the phases, the errno table of the direct-call documentation:
# one line per row, "errno: ROW: ok|fail ...|skip WHY".  The pristine
# bases lack the fix for the wrong-trampoline rows (the kernel WARNs and
# leaks there), so they skip those rows.
run_stress() {
	: > $R/stress.txt
	args=
	case "$(harness_variant)" in
	base*) args=wrong_tramp=0 ;;
	esac
	# harness.stress=P=V,... on the command line adds module parameters
	# (a negative control: harness.stress=wrong_tramp=1 on a base kernel).
	args="$args $(harness_arg stress | tr , ' ')"
	# shellcheck disable=SC2086
	if insmod /stress/ftrace-direct-stress.ko $args; then
		rmmod ftrace_direct_stress
		dmesg | sed -n 's/.*ftrace_direct_stress: //p' > $R/stress.txt
		cat $R/stress.txt
	fi
	errno_rows
	for phase in grow modify-shared modify-sole modify-multi; do
		case $phase in
		grow) what="every call reached its direct trampoline while direct_functions changed" ;;
		*) what="every call reached one of two trampolines, none lost or doubled" ;;
		esac
		res=$(sed -n "s/^$phase: //p" $R/stress.txt)
		case "$res" in
		"ok "*) ok "stress: $phase: $what" ;;
		*) notok "stress: $phase: $what: ${res:-no result}" ;;
		esac
	done
}

# run_share: every user of a shared direct site is counted, call by call.
# The stress module (share=ip, then share=ops) leaves a counting direct
# trampoline and a counting ftrace_ops without SAVE_REGS on stress_target();
# the guest adds, in a first round, the function tracer and the function
# profiler (a function_graph user), and in a second round the function_graph
# tracer and a kprobe event.  Each round makes SHARE_CALLS calls; the
# direct trampoline, the ftrace_ops, the trace lines, the profiler's hits
# and kprobe_profile must all count exactly that many.  A direct call that
# goes silent when it shares its site (mainline v6.4 to v6.8 on x86-64)
# shows as a short count.  The first round must also leave the site off
# the full-pt_regs entry, except on a pristine base, where direct_ops
# asks for SAVE_REGS.
run_share() {
	calls=${SHARE_CALLS:-1000}
	P=/sys/module/ftrace_direct_stress/parameters
	base=
	case "$(harness_variant)" in
	base*) base=1 ;;
	esac
	for api in ip ops; do
		if ! insmod /stress/ftrace-direct-stress.ko share=$api; then
			notok "share: $api: insmod share=$api failed"
			continue
		fi
		echo stress_target > $T/set_ftrace_filter
		echo function > $T/current_tracer
		echo 1 > $T/function_profile_enabled
		site=$(grep '^stress_target ' $T/enabled_functions)
		echo "harness: share: $api: $site"
		echo > $T/trace
		echo $calls > $P/call
		# Symbols in the module may come with " [ftrace_direct_stress]".
		ft=$(grep -cE ': stress_target( \[[a-z_]+\])? <-' $T/trace)
		fg=$(cat $T/trace_stat/function* | awk '$1 == "stress_target" {
			i = $2 ~ /^\[/ ? 3 : 2; n += $i } END { print n + 0 }')
		got="direct $(cat $P/direct_hits) ops $(cat $P/ops_hits) function $ft profiler $fg"
		echo "harness: share: $api: $calls calls: $got"
		echo 0 > $T/function_profile_enabled
		echo nop > $T/current_tracer
		if [ "$got" = "direct $calls ops $calls function $calls profiler $calls" ]; then
			ok "share: $api: direct, ftrace_ops, function tracer and profiler each counted every call"
		else
			notok "share: $api: direct, ftrace_ops, function tracer and profiler each counted every call: $got of $calls"
		fi
		case "$site" in
		'') notok "share: $api: the shared site needs no full pt_regs: not in enabled_functions" ;;
		*" R "*|*" R") if [ -n "$base" ]; then
				ok "share: $api: the shared site needs no full pt_regs # SKIP the base asks for SAVE_REGS"
			else
				notok "share: $api: the shared site needs no full pt_regs: $site"
			fi ;;
		*) ok "share: $api: the shared site needs no full pt_regs" ;;
		esac

		echo "p:sharekp stress_target" >> $T/kprobe_events
		echo 1 > $T/events/kprobes/sharekp/enable
		echo function_graph > $T/current_tracer
		echo > $T/trace
		echo $calls > $P/call
		fg=$(grep -cE ' stress_target( \[[a-z_]+\])?\(\)' $T/trace)
		kp=$(awk '$1 == "sharekp" { print $2 }' $T/kprobe_profile)
		got="direct $(cat $P/direct_hits) ops $(cat $P/ops_hits) function_graph $fg kprobe $kp"
		echo "harness: share: $api: $calls calls: $got"
		echo nop > $T/current_tracer
		echo 0 > $T/events/kprobes/sharekp/enable
		echo "-:sharekp" >> $T/kprobe_events
		echo > $T/set_ftrace_filter
		if [ "$got" = "direct $calls ops $calls function_graph $calls kprobe $calls" ]; then
			ok "share: $api: direct, ftrace_ops, function_graph and kprobe each counted every call"
		else
			notok "share: $api: direct, ftrace_ops, function_graph and kprobe each counted every call: $got of $calls"
		fi
		rmmod ftrace_direct_stress
	done
}

# lp_settle: let the livepatch transition finish, or force it.  The
# tinyconfig x86-64 kernel has no reliable stack unwinder, so sleeping
# kthreads never switch by themselves; forcing marks them switched.
lp_settle() {
	i=0
	while [ "$(cat $L/transition 2> /dev/null)" = 1 ] && [ $i -lt 3 ]; do
		sleep 1
		i=$((i + 1))
	done
	[ "$(cat $L/transition 2> /dev/null)" = 1 ] && echo 1 > $L/force
	return 0
}

# lp_both_run WHAT: /proc/cmdline, read 5 times, must show the livepatched
# cmdline_proc_show() and the direct trampoline must have counted 5 calls.
lp_both_run() {
	h0=$(cat $P/direct_hits)
	for i in 1 2 3 4 5; do
		cat /proc/cmdline
	done > $R/lp-cmdline.txt
	h=$(($(cat $P/direct_hits) - h0))
	p=$(grep -c "this has been live patched" $R/lp-cmdline.txt)
	echo "harness: livepatch: $1: 5 reads: patched output $p, direct calls $h"
	if [ "$p" = 5 ] && [ "$h" = 5 ]; then
		ok "livepatch: $1: the new function and the direct call both run"
	else
		notok "livepatch: $1: the new function and the direct call both run: patched output $p, direct calls $h of 5"
	fi
}

# run_livepatch: a livepatch (IPMODIFY) and a direct call through the ops
# API on one function, cmdline_proc_show(), in both orders (x86-64; arm64
# 6.1 has no livepatch).  The stress module (share=lp) registers the
# direct call with an ops_func that answers the first request to share
# with an IPMODIFY user with -EAGAIN, as a BPF trampoline that must be
# rebuilt does, and then registers again: the retry must succeed, so the
# failed registration left nothing behind.
run_livepatch() {
	P=/sys/module/ftrace_direct_stress/parameters
	L=/sys/kernel/livepatch/livepatch_sample
	if [ ! -d /sys/kernel/livepatch ]; then
		ok "livepatch: a livepatch and a direct call share a function # SKIP no CONFIG_LIVEPATCH"
		return
	fi
	# The direct call first: the livepatch asks it to share (PEER).
	if ! insmod /stress/ftrace-direct-stress.ko share=lp; then
		notok "livepatch: direct call first: insmod share=lp failed"
		return
	fi
	if ! modprobe livepatch-sample; then
		notok "livepatch: direct call first: modprobe livepatch-sample failed"
		rmmod ftrace_direct_stress
		return
	fi
	lp_settle
	echo "harness: livepatch: ops_func PEER calls $(cat $P/peer_calls)"
	lp_both_run "direct call first"
	rmmod ftrace_direct_stress

	# The livepatch first: the direct call gets -EAGAIN once and retries.
	if insmod /stress/ftrace-direct-stress.ko share=lp; then
		e=$(cat $P/eagain) s=$(cat $P/self_calls)
		echo "harness: livepatch: -EAGAIN $e, ops_func SELF calls $s"
		if [ "$e" = 1 ] && [ "$s" = 2 ]; then
			ok "livepatch: livepatch first: the direct call registers after one -EAGAIN"
		else
			notok "livepatch: livepatch first: the direct call registers after one -EAGAIN: -EAGAIN $e, SELF $s"
		fi
		lp_both_run "livepatch first"
		rmmod ftrace_direct_stress
	else
		notok "livepatch: livepatch first: the direct call registers after one -EAGAIN: $(dmesg | sed -n 's/.*share: lp: //p' | tail -1)"
	fi
	echo 0 > $L/enabled
	lp_settle
}

# run_kill: ftrace_kill() with direct calls in place (stress module,
# kill=1), last in the plan because ftrace stays dead for the rest of the
# boot.  The decided behaviour (Documentation/trace/ftrace-direct.rst):
# the calls stay and keep being made, every direct-call API fails with
# -ENODEV and changes nothing, the kernel log says how many calls were
# left, and the modules holding trampolines can no longer be unloaded, so
# no callsite can call freed code.  The ftrace-direct sample (a trampoline
# in a module on wake_up_process()) is loaded too: it must keep firing and
# must refuse rmmod.  The pristine bases skip this: there unregistering
# WARNs and rmmod frees a trampoline that is still called.
run_kill() {
	case "$(harness_variant)" in
	base*)
		ok "kill: ftrace_kill() leaves direct calls running and pinned # SKIP the base frees a trampoline still in use"
		return
		;;
	esac
	if ! modprobe ftrace-direct; then
		notok "kill: modprobe ftrace-direct failed"
		return
	fi
	if ! insmod /stress/ftrace-direct-stress.ko kill=1; then
		notok "kill: insmod kill=1 failed: $(dmesg | sed -n 's/.*ftrace_direct_stress: kill: //p' | tail -1)"
		return
	fi
	dmesg | sed -n 's/.*ftrace_direct_stress: kill: //p' > $R/kill.txt
	cat $R/kill.txt
	grep -qE ': (ok|fail)' $R/kill.txt || notok "kill: the checks ran: no result"
	while IFS= read -r line; do
		case "$line" in
		*": ok") ok "kill: ${line%: ok}" ;;
		*": fail "*) notok "kill: $line" ;;
		esac
	done < $R/kill.txt
	report=$(dmesg | grep "ftrace: killed with" | tail -1)
	echo "harness: kill: $report"
	n=$(dmesg | grep -c "ftrace: killed with")
	if [ "$n" = 1 ]; then
		ok "kill: the kernel log reports the kill once, after two ftrace_kill() calls"
	else
		notok "kill: the kernel log reports the kill once, after two ftrace_kill() calls: $n times"
	fi
	case "$report" in
	*"killed with 3 direct calls in place"*) ok "kill: the kernel log counts the 3 direct calls left in place" ;;
	*) notok "kill: the kernel log counts the 3 direct calls left in place: ${report:-no line}" ;;
	esac
	echo > $T/trace
	ls -R /sys/kernel/tracing > /dev/null
	sleep 2
	if grep -q "my_direct_func: waking up" $T/trace; then
		ok "kill: the ftrace-direct sample's trampoline still runs"
	else
		notok "kill: the ftrace-direct sample's trampoline still runs"
	fi
	# busybox rmmod: the modules are pinned, so it must fail.
	pinned=0
	rmmod ftrace_direct_stress 2> /dev/null || pinned=$((pinned + 1))
	rmmod ftrace-direct 2> /dev/null || pinned=$((pinned + 1))
	if [ $pinned = 2 ]; then
		ok "kill: the modules of the trampolines cannot be unloaded"
	else
		notok "kill: the modules of the trampolines cannot be unloaded: $((2 - pinned)) of 2 were"
	fi
}

# run_far: a direct trampoline out of the callsite's reach (stress module,
# far=1): the module copies a counting trampoline into vmalloc() memory,
# tens of TiB from the traced function on x86-64, and every call must
# reach it, through the ip API (register, modify to a near one and back,
# unregister) and through the ops API.  The pristine base and a series
# without the fix write a CALL that does not reach and crash on the first
# call; the base skips.  arm64 has no copyable trampoline in the module,
# and its far path runs in every arm64-series+far boot.
FAR_CHECKS=6
run_far() {
	case "$(harness_variant)" in
	base*)
		why="the base writes a CALL that does not reach"
		[ "$(uname -m)" = aarch64 ] && why="the base has no direct calls"
		ok "far: a trampoline out of the callsite's reach is called # SKIP $why"
		return
		;;
	esac
	if ! insmod /stress/ftrace-direct-stress.ko far=1; then
		notok "far: insmod far=1 failed: $(dmesg | sed -n 's/.*ftrace_direct_stress: far: //p' | tail -1)"
		return
	fi
	rmmod ftrace_direct_stress
	dmesg | sed -n 's/.*ftrace_direct_stress: far: //p' > $R/far.txt
	cat $R/far.txt
	if grep -q ': skip ' $R/far.txt; then
		ok "far: a trampoline out of the callsite's reach is called # SKIP $(sed -n 's/.*: skip //p' $R/far.txt | head -1)"
		return
	fi
	passed=$(grep -c ': ok$' $R/far.txt)
	while IFS= read -r line; do
		case "$line" in
		*": ok") ok "far: ${line%: ok}" ;;
		*": fail "*) notok "far: $line" ;;
		esac
	done < $R/far.txt
	[ "$passed" = $FAR_CHECKS ] ||
		notok "far: all $FAR_CHECKS checks passed: $passed did"
}

# run_lifetime: direct calls unregistered under preemptible readers
# (scripts/lifetime-check.sh: PREEMPT and KASAN kernels, harness.lifetime=N
# rounds).  The stress module (lifetime=N, stress/direct_lifetime.c) sends
# the calls through the ftrace entry, where the lookup can be preempted,
# and the kernel has tests/lifetime/window.patch, which holds a preempted
# reader on the entry it found.  No other ftrace user may be registered:
# then the entry would call the list function, which disables preemption.
# KASAN reports a read of a freed entry, which fails the boot's splat scan.
run_lifetime() {
	rounds=$(harness_arg lifetime)
	if [ "$(uname -m)" = aarch64 ] && ! grep -qw ftrace_direct_far /proc/cmdline; then
		notok "lifetime: the arm64 boot has ftrace_direct_far"
		return
	fi
	if [ -n "$(cat $T/enabled_functions)" ]; then
		notok "lifetime: no other ftrace user is registered: $(head -1 $T/enabled_functions)"
		return
	fi
	ok "lifetime: no other ftrace user is registered"
	if ! insmod /stress/ftrace-direct-stress.ko lifetime=${rounds:-50}; then
		notok "lifetime: insmod lifetime=${rounds:-50} failed: $(dmesg | sed -n 's/.*ftrace_direct_stress: lifetime: //p' | tail -1)"
		return
	fi
	rmmod ftrace_direct_stress
	line=$(dmesg | sed -n 's/.*ftrace_direct_stress: lifetime: //p' | tail -1)
	echo "harness: lifetime: $line"
	case "$line" in
	"ok "*) ok "lifetime: $line" ;;
	*) notok "lifetime: ${line:-no result line}" ;;
	esac
	if dmesg | grep -q "KASAN: "; then
		notok "lifetime: KASAN found no bad access: $(dmesg | grep -m1 'KASAN: ')"
	else
		ok "lifetime: KASAN found no bad access"
	fi
}

# run_killreg: ftrace kills itself inside register_ftrace_direct_multi()
# (scripts/lifetime-check.sh, arm64, a boot of its own: ftrace stays dead).
# The stress module (killreg=1, stress/direct_killreg.c) overwrites the
# later of two callsites before registering a trampoline on both: the
# registration must fail, and neither function may call the trampoline,
# which a caller frees after a failed registration.  The kernel log must
# show ftrace's report of the bad callsite and the kill.
run_killreg() {
	# ftrace_bug() WARNs on the bad callsite: the host's splat scan
	# leaves out that one WARN (report.sh, strip_warn).
	echo ftrace_bug > $R/allowed-warn
	if ! insmod /stress/ftrace-direct-stress.ko killreg=1; then
		notok "killreg: insmod killreg=1 failed: $(dmesg | sed -n 's/.*ftrace_direct_stress: killreg: //p' | tail -1)"
		return
	fi
	dmesg | sed -n 's/.*ftrace_direct_stress: killreg: //p' > $R/killreg.txt
	cat $R/killreg.txt
	if grep -q ': skip ' $R/killreg.txt; then
		ok "killreg: a registration that kills ftrace # SKIP $(sed -n 's/.*: skip //p' $R/killreg.txt | head -1)"
		return
	fi
	grep -qE ': (ok|fail)' $R/killreg.txt || notok "killreg: the checks ran: no result"
	while IFS= read -r line; do
		case "$line" in
		*": ok") ok "killreg: ${line%: ok}" ;;
		*": fail "*) notok "killreg: $line" ;;
		esac
	done < $R/killreg.txt
	if dmesg | grep -q "ftrace failed to modify" && dmesg | grep -q "ftrace: killed with"; then
		ok "killreg: the log reports the bad callsite and the kill"
	else
		notok "killreg: the log reports the bad callsite and the kill"
	fi
}

# run_race: the race rounds of scripts/race-check.sh (harness.race=N on the
# command line, 1000 by default).  Each round loads and unloads a
# direct-call sample, the ftrace-direct sample (register_ftrace_direct())
# and the ftrace-direct-multi one (register_ftrace_direct_multi()) in
# turn, both on wake_up_process(), which also loads and unloads the
# trampolines' modules.  Meanwhile one background loop switches the
# function tracer and function_graph on and off, filtered on
# wake_up_process, and another adds, enables and removes a kprobe event
# there.  Afterwards nothing may be left: enabled_functions is empty, both
# samples load and fire again, and kmemleak (the debug kernels have it)
# finds no leak.  Splats fail the run through the dmesg scan.
race_tracers() {
	c=0
	while [ ! -e /tmp/race.stop ]; do
		echo wake_up_process > $T/set_ftrace_filter
		echo function > $T/current_tracer
		echo function_graph > $T/current_tracer
		echo nop > $T/current_tracer
		echo > $T/set_ftrace_filter
		c=$((c + 1))
	done
	echo $c > /tmp/race.tracers
}

race_kprobes() {
	c=0
	while [ ! -e /tmp/race.stop ]; do
		echo "p:racekp wake_up_process" >> $T/kprobe_events
		echo 1 > $T/events/kprobes/racekp/enable
		echo 0 > $T/events/kprobes/racekp/enable
		echo "-:racekp" >> $T/kprobe_events
		c=$((c + 1))
	done
	echo $c > /tmp/race.kprobes
}

run_race() {
	rounds=$(harness_arg race)
	rounds=${rounds:-1000}
	K=/sys/kernel/debug/kmemleak
	[ -e $K ] || mount -t debugfs none /sys/kernel/debug 2> /dev/null
	# Only what the rounds leak counts: forget what boot left.
	[ -e $K ] && echo clear > $K
	rm -f /tmp/race.stop
	race_tracers 2> /dev/null &
	tp=$!
	race_kprobes 2> /dev/null &
	kp=$!
	i=0 bad=0
	while [ $i -lt "$rounds" ]; do
		case $((i % 2)) in
		0) m=ftrace-direct ;;
		*) m=ftrace-direct-multi ;;
		esac
		modprobe $m || bad=$((bad + 1))
		rmmod $m || bad=$((bad + 1))
		i=$((i + 1))
		[ $((i % 100)) = 0 ] && echo "harness: race: $i rounds, $bad failed calls"
	done
	touch /tmp/race.stop
	wait $tp $kp
	echo "harness: race: $rounds rounds, $bad failed modprobe/rmmod calls;" \
		"meanwhile $(cat /tmp/race.tracers) tracer cycles and $(cat /tmp/race.kprobes) kprobe cycles"
	if [ $bad = 0 ]; then
		ok "race: $rounds rounds of direct calls (both APIs) against tracers and kprobes"
	else
		notok "race: $rounds rounds of direct calls (both APIs) against tracers and kprobes: $bad failed calls"
	fi
	left=$(grep -c . $T/enabled_functions)
	if [ "$left" = 0 ]; then
		ok "race: nothing left in enabled_functions"
	else
		notok "race: nothing left in enabled_functions: $left lines"
		cat $T/enabled_functions
	fi
	sample_fires ftrace-direct "my_direct_func: waking up"
	sample_fires ftrace-direct-multi "my_direct_func: ip "
	if [ ! -e $K ]; then
		notok "race: kmemleak finds no leak: no kmemleak in this kernel"
		return
	fi
	# kmemleak reports an object only once two scans found it unreferenced.
	echo scan > $K
	sleep 5
	echo scan > $K
	cat $K > $R/kmemleak.txt
	n=$(grep -c "unreferenced object" $R/kmemleak.txt)
	if [ "$n" = 0 ]; then
		ok "race: kmemleak finds no leak"
	else
		head -40 $R/kmemleak.txt
		notok "race: kmemleak finds no leak: $n unreferenced objects"
	fi
	# The control: samples/kmemleak leaks on purpose, and kmemleak must
	# see it, or "no leak" above meant nothing.
	if modprobe kmemleak-test && rmmod kmemleak-test; then
		echo scan > $K
		sleep 5
		echo scan > $K
		n=$(grep -c "unreferenced object" $K)
		echo "harness: race: kmemleak-test leaked, kmemleak reports $n objects"
		if [ "$n" -gt 0 ]; then
			ok "race: kmemleak reports the leaks of kmemleak-test"
		else
			notok "race: kmemleak reports the leaks of kmemleak-test: none"
		fi
	else
		notok "race: kmemleak reports the leaks of kmemleak-test: no such module"
	fi
}

# errno_rows: the errno lines of stress.txt as results.  A kernel that
# cannot run them (no direct calls) says "errno: error ERRNO" instead.
errno_rows() {
	if grep -q '^errno: error ' $R/stress.txt; then
		notok "errno: the direct-call errno table ran: $(sed -n 's/^errno: //p' $R/stress.txt | head -1)"
		return
	fi
	sed -n 's/^errno: //p' $R/stress.txt > $R/errno.txt
	grep -qE '^.*: (ok|fail|skip)' $R/errno.txt ||
		notok "errno: the direct-call errno table ran: no result"
	# Not a pipe: ok and notok count in this shell.
	while IFS= read -r line; do
		row=${line%: *}
		res=${line##*: }
		case "$res" in
		ok) ok "errno: $row" ;;
		skip*) ok "errno: $row # SKIP ${res#skip }" ;;
		*) notok "errno: $row: $res" ;;
		esac
	done < $R/errno.txt
}

# BPF trampolines (the BPF flavour): fentry, fexit and fmod_ret counted
# against the calls BPF_PROG_TEST_RUN makes; every PASS/FAIL line of the
# loader is one test.
run_bpf() {
	if [ ! -x /usr/bin/bpf_direct ]; then
		notok "bpf: no BPF loader in this initramfs"
		return
	fi
	bpftool version | head -1
	bpf_direct run ${BPF_CALLS:-1000} > $R/bpf-run.txt 2>&1
	cat $R/bpf-run.txt
	while IFS= read -r line; do
		case "$line" in
		"PASS: "*) ok "bpf: ${line#PASS: }" ;;
		"FAIL: "*) notok "bpf: ${line#FAIL: }" ;;
		esac
	done < $R/bpf-run.txt
	grep -q "^PASS: \|^FAIL: " $R/bpf-run.txt || notok "bpf: the loader reported nothing"
}

# bpf_watch SECONDS: fentry on wake_up_process in the background; returns
# once it is attached (true) or has failed (false, reason in /tmp/watch.txt).
bpf_watch() {
	rm -f /tmp/ready /tmp/watch.txt
	bpf_direct watch "$1" /tmp/ready > /tmp/watch.txt 2>&1 &
	watch_pid=$!
	i=0
	while [ $i -lt 100 ] && [ ! -e /tmp/ready ]; do
		kill -0 $watch_pid 2> /dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	[ -e /tmp/ready ]
}

# bpf_wait: wait for the watcher; $hits is how often it fired.  Not in a
# command substitution: a subshell cannot wait for the watcher.
bpf_wait() {
	wait $watch_pid
	hits=$(sed -n 's/^watch hits //p' /tmp/watch.txt)
}

others_on() {
	echo wake_up_process > $T/set_ftrace_filter
	echo function > $T/current_tracer
	echo 'p:bpfshare wake_up_process' >> $T/kprobe_events
	echo 1 > $T/events/kprobes/bpfshare/enable
}

others_off() {
	echo nop > $T/current_tracer
	echo > $T/set_ftrace_filter
	echo 0 > $T/events/kprobes/bpfshare/enable
	echo '-:bpfshare' >> $T/kprobe_events
}

# others_fire NAME: the function tracer and the kprobe both show up in the
# trace of the last two seconds.
others_fire() {
	echo > $T/trace
	sleep 2
	if grep -q " wake_up_process <-" $T/trace &&
	   grep -q "bpfshare: (wake_up_process+" $T/trace; then
		ok "bpf share: $1: function tracer and kprobe fire"
	else
		notok "bpf share: $1: function tracer or kprobe silent"
	fi
}

# A BPF trampoline, the ftrace-direct sample, the function tracer and a
# kprobe on wake_up_process.  6.1 allows one direct trampoline per
# function, so whichever of BPF and the sample comes second must get
# -EBUSY while everything else keeps firing.
# run_bpf_kill: an fentry program detached after ftrace_kill(), last in
# the bpf plan (ftrace stays dead).  The watcher attaches fentry on
# wake_up_process, the stress module (kill=1) kills ftrace, and then the
# watcher exits, which detaches it.  The detach cannot take the direct call
# out, so BPF must keep the trampoline image and the program it calls
# (the log says so), and wake_up_process, called all the time, must go on
# calling them: a kernel that freed them oopses here.
run_bpf_kill() {
	[ -x /usr/bin/bpf_direct ] || return 0
	case "$(harness_variant)" in
	base*)
		ok "bpf kill: a detach after ftrace_kill() keeps the trampoline # SKIP the base frees a trampoline still in use"
		return
		;;
	esac
	if ! bpf_watch 3; then
		notok "bpf kill: attach fentry on wake_up_process: $(cat /tmp/watch.txt)"
		return
	fi
	if ! insmod /stress/ftrace-direct-stress.ko kill=1; then
		notok "bpf kill: insmod kill=1 failed"
		return
	fi
	dmesg | grep "ftrace: killed with" | tail -1
	bpf_wait
	echo "harness: bpf kill: watcher detached after $hits hits"
	# Let the freed image's grace periods pass, then call it a lot
	sleep 3
	i=0
	while [ $i -lt 20 ]; do
		ls -R /sys/kernel/tracing > /dev/null
		sleep 0.1
		i=$((i + 1))
	done
	ok "bpf kill: wake_up_process keeps running after the refused detach"
	line=$(dmesg | grep "bpf: detaching .* failed" | tail -1)
	echo "harness: bpf kill: $line"
	case "$line" in
	*"trampoline stays in place"*) ok "bpf kill: the log says the trampoline stays in place" ;;
	*) notok "bpf kill: the log says the trampoline stays in place: ${line:-no line}" ;;
	esac
	if bpftool prog show name watch > /tmp/prog.txt 2>&1 && [ -s /tmp/prog.txt ]; then
		ok "bpf kill: the detached program is kept"
	else
		notok "bpf kill: the detached program is kept: $(head -1 /tmp/prog.txt)"
	fi
}

run_bpf_share() {
	[ -x /usr/bin/bpf_direct ] || return 0
	if ! bpf_watch 0; then
		notok "bpf share: attach fentry on wake_up_process: $(sed -n 's/^attach failed: //p' /tmp/watch.txt)"
		return
	fi
	bpf_wait

	echo "harness: bpf share: tracer and kprobe, then BPF, then the sample"
	others_on
	if bpf_watch 6; then
		if modprobe ftrace-direct 2> /tmp/modprobe.txt; then
			notok "bpf share: the sample loaded over a BPF trampoline"
			rmmod ftrace-direct
		elif grep -qi busy /tmp/modprobe.txt; then
			ok "bpf share: the sample is refused with EBUSY while BPF is attached"
		else
			notok "bpf share: the sample failed, but not with EBUSY: $(cat /tmp/modprobe.txt)"
		fi
		others_fire "with BPF"
		bpf_wait
		[ "${hits:-0}" -gt 0 ] && ok "bpf share: BPF fires beside tracer and kprobe" ||
			notok "bpf share: BPF silent beside tracer and kprobe"
	else
		notok "bpf share: BPF attach after tracer and kprobe: $(cat /tmp/watch.txt)"
	fi
	others_fire "after BPF detached"
	others_off

	echo "harness: bpf share: the sample, tracer and kprobe, then BPF"
	modprobe ftrace-direct
	others_on
	if bpf_watch 1; then
		bpf_wait
		notok "bpf share: BPF attached over the ftrace-direct sample"
	elif grep -q "^attach failed: -16 " /tmp/watch.txt; then
		ok "bpf share: BPF is refused with EBUSY while the sample is loaded"
	else
		notok "bpf share: BPF failed, but not with EBUSY: $(cat /tmp/watch.txt)"
	fi
	others_fire "with the sample"
	echo > $T/trace
	sleep 2
	grep -q "my_direct_func: waking up" $T/trace &&
		ok "bpf share: the sample keeps firing after the refused BPF attach" ||
		notok "bpf share: the sample went silent after the refused BPF attach"
	others_off
	rmmod ftrace-direct

	echo "harness: bpf share: BPF, then tracer and kprobe, off in that order"
	if bpf_watch 8; then
		others_on
		others_fire "BPF first"
		others_off
		bpf_wait
		[ "${hits:-0}" -gt 0 ] && ok "bpf share: BPF first keeps firing" ||
			notok "bpf share: BPF first went silent"
	else
		notok "bpf share: BPF attach alone: $(cat /tmp/watch.txt)"
	fi
	# Nothing of the BPF trampoline is left: the sample loads again.
	modprobe ftrace-direct && rmmod ftrace-direct &&
		ok "bpf share: the sample loads once BPF is gone" ||
		notok "bpf share: the sample does not load once BPF is gone"
}

# The ftrace selftests through the kernel's own kselftest runner, as
# "make kselftest TARGETS=ftrace" users run them; the runner passes the
# per-test arguments from KSELFTEST_FTRACETEST_ARGS.
run_kselftest() {
	# test.d/ftrace first, so that it runs on an equally fresh guest on
	# base (where test.d/direct is over in seconds) and series: its filter
	# and stack tests are timing-sensitive under TCG (README, "Known
	# problems").
	export KSELFTEST_FTRACETEST_ARGS="${FTRACETEST_DIRS:-test.d/ftrace test.d/direct}"
	# Append mode: the runner writes the test's output through a second
	# descriptor opened on /dev/stdout, and both must land in order.
	# The output also streams to the console, so a hang shows where it was.
	: > $R/kselftest.txt
	cd /kselftest
	./run_kselftest.sh < /dev/null 2>&1 | tee -a $R/kselftest.txt
	cd /
	# What ftrace still has patched in once every test has cleaned up.
	cat $T/enabled_functions > $R/enabled_functions.txt 2>/dev/null
	retry_failed
	# ftracetest keeps every test's log; bring them home for a FAIL.
	[ -d /kselftest/ftrace/logs ] && cp -r /kselftest/ftrace/logs $R/ftracetest-logs
}

# retry_failed: run every test.d/ftrace test that FAILed once more, into
# retry.txt.  Their filter and stack tests are timing-sensitive under TCG
# and fail now and then on the pristine base as well; report.sh shows a
# test that fails and then passes as FLAKY.  Tests of test.d/direct, the
# ones this series adds or makes run, are never retried: one FAIL there
# fails the run.  RETRY_DIRS widens the first rule (the full plan retries
# every directory).  ftracetest keeps the log of a FAILed test only, and
# its first line names the test file.
retry_failed() {
	logs=/kselftest/ftrace/logs
	again=$(for f in $logs/*/*-log.*; do
			[ -f "$f" ] && sed -n '1s/^execute[^:]*: *//p' "$f"
		done | grep "${RETRY_DIRS:-/test\.d/ftrace/}" |
		grep -v '/test\.d/direct/' | sort -u)
	[ -n "$again" ] || return 0
	echo "harness: retrying once:" $again
	cd /kselftest/ftrace
	# shellcheck disable=SC2086
	./ftracetest $again < /dev/null 2>&1 | tee $R/retry.txt
	cd /
}

# The ftrace hook benchmark (scripts/bench.sh): the module runs every
# configuration from its init and logs one "ftrace_bench: ROW VALUE" line
# each; harness.bench=loops=N,runs=N on the command line sets its
# parameters.  The clock source is kept too: the numbers are only
# instruction counts if it runs at the guest's (icount) nanosecond.
# The BPF fentry row needs a loader (bench/bpf_bench.c, only in the
# FLAVOUR=bpf boots): it attaches while the module is loaded and has it
# time the target once more.  Without it the row is n/a.
run_bench() {
	args=$(harness_arg bench | tr , ' ')
	cat /sys/devices/system/clocksource/clocksource0/current_clocksource > $R/clocksource
	echo "harness: bench: insmod ftrace-bench.ko $args"
	bpf="bpf_fentry n/a"
	# shellcheck disable=SC2086
	if insmod /bench/ftrace-bench.ko $args; then
		if [ -x /bench/bpf_bench ]; then
			bpf=$(/bench/bpf_bench)
			echo "harness: bench: $bpf"
		fi
		rmmod ftrace_bench
	else
		echo "harness: bench: insmod failed"
	fi
	# Still the same clock?  A watchdog that gives up on it mid-run
	# (x86 tsc-early, without tsc=reliable) leaves later rows timed by
	# jiffies, which read 0 with interrupts off.
	cat /sys/devices/system/clocksource/clocksource0/current_clocksource >> $R/clocksource
	# The BPF row goes before the module's last line, "done".
	dmesg | sed -n 's/.*ftrace_bench: //p' > $R/bench.txt
	if grep -qx done $R/bench.txt; then
		grep -v '^done$' $R/bench.txt > $R/bench.tmp
		echo "${bpf:-bpf_fentry error the loader printed nothing}" >> $R/bench.tmp
		echo done >> $R/bench.tmp
		mv $R/bench.tmp $R/bench.txt
	fi
}

case "$plan" in
bench)
	run_bench
	;;
demo)
	echo "harness: demo: loading the ftrace-direct sample"
	echo > $T/trace
	modprobe ftrace-direct
	sleep 2
	# Read the trace while the module is loaded, so the handler's
	# symbol still resolves.
	echo "harness: demo: trace lines written by the sample's trampoline handler:"
	grep "my_direct_func" $T/trace | head -5
	rmmod ftrace-direct
	sample_fires ftrace-direct "my_direct_func: waking up"
	run_kselftest
	;;
nobti)
	# The BTI negative control (scripts/bti-check.sh): the kernel must
	# die on the first call into this trampoline.
	echo "harness: nobti: loading a direct trampoline without BTI C"
	insmod /nobti.ko
	sleep 3
	notok "nobti: the kernel survived a trampoline without BTI C"
	;;
full)
	# The whole ftracetest suite (make fullsuite: FLAVOUR=full kernels,
	# harness.ftracetest=test.d).  Nothing runs before it, so that base
	# and series start from equally fresh boots, and a FAIL in any
	# directory but test.d/direct gets its one retry on both alike.
	export RETRY_DIRS='/test\.d/'
	run_kselftest
	;;
kill)
	# ftrace_kill() alone, for a quick boot: make boot PLAN=kill.
	check_startup
	run_kill
	echo "plan kill runs no ftracetest" > $R/no-kselftest
	;;
far)
	# A few checks alone, for a quick boot: make boot PLAN=far.
	check_startup
	check_entry_labels
	check_far
	run_far
	echo "plan far runs no ftracetest" > $R/no-kselftest
	;;
race)
	run_race
	echo "plan race runs no ftracetest" > $R/no-kselftest
	;;
stress)
	# The stress phases alone: make boot FLAVOUR=kcsan PLAN=stress.
	run_stress
	echo "plan stress runs no ftracetest" > $R/no-kselftest
	;;
lifetime)
	run_lifetime
	echo "plan lifetime runs no ftracetest" > $R/no-kselftest
	;;
killreg)
	run_killreg
	echo "plan killreg runs no ftracetest" > $R/no-kselftest
	;;
bpf)
	run_bpf
	run_bpf_share
	run_bpf_kill
	echo "plan bpf runs no ftracetest" > $R/no-kselftest
	;;
*)
	run_samples
	run_stress
	run_share
	run_livepatch
	run_far
	run_kselftest
	run_kill
	;;
esac

# Fail closed: the host treats a missing or empty dmesg.txt as a failure.
dmesg > $R/dmesg.txt
echo complete > $R/status
tar -cf /dev/vda -C $R . && sync
