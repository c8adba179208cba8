#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The check plan (make check), and its parts that make boot PLAN=kill,
# far and stress run alone: the samples, the stress module's errno table
# and phases, sharing a direct site, a livepatch beside a direct call, a
# trampoline out of CALL reach, and ftrace_kill() last.

run_samples() {
	check_startup
	check_entry_labels
	check_far
	check_site_ops
	check_site_valid
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
# leaks there) and for the rows with an ops never given a filter (the
# kernel oopses there), so they skip those rows.
run_stress() {
	: > $R/stress.txt
	args=
	case "$(harness_variant)" in
	base*) args="wrong_tramp=0 uninit_ops=0" ;;
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
		where_direct "share: $api: the stress module alone"
		echo stress_target > $T/set_ftrace_filter
		echo function > $T/current_tracer
		echo 1 > $T/function_profile_enabled
		where_direct "share: $api: with the function tracer and profiler"
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

# stress_mode MODE: load the stress module with MODE=1 and unload it, and
# keep its "MODE: " lines in $R/MODE.txt; false, with a failed result,
# if it did not load.
stress_mode() {
	if ! insmod /stress/ftrace-direct-stress.ko "$1=1"; then
		notok "$1: insmod $1=1 failed: $(dmesg | sed -n "s/.*ftrace_direct_stress: $1: //p" | tail -1)"
		return 1
	fi
	rmmod ftrace_direct_stress
	dmesg | sed -n "s/.*ftrace_direct_stress: $1: //p" > "$R/$1.txt"
	cat "$R/$1.txt"
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
	stress_mode far || return
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

# run_site: one ftrace_ops alone on a function of the stress module
# (site=1), plain and with SAVE_REGS: every call reaches its callback, the
# SAVE_REGS one with a pt_regs that holds the call's argument, and none
# once it is unregistered.  On arm64 the module also prints where the
# callsite's BL leads, through the module's own ftrace PLT if it is out of
# range, and that must be the entry the kernel's layout asks for:
# ftrace_site_caller and ftrace_site_regs_caller where callsites use their
# ops pointers, ftrace_caller and ftrace_regs_caller elsewhere.
SITE_CHECKS=4
run_site() {
	stress_mode site || return
	site_results $R/site.txt "$(uname -m)" "$(harness_arg siteops)"
}

# site_results FILE MACHINE SITEOPS: the KTAP lines of the site mode's
# output FILE, on a MACHINE (uname -m) whose callsites use their ops
# pointers if SITEOPS is yes and ftrace_site_ops=off is not given.
site_results() {
	passed=$(grep -c ': ok$' "$1")
	while IFS= read -r line; do
		case "$line" in
		"entry "*) ;;
		*": ok") ok "site: ${line%: ok}" ;;
		*": fail"*) notok "site: $line" ;;
		esac
	done < "$1"
	[ "$passed" = $SITE_CHECKS ] ||
		notok "site: all $SITE_CHECKS checks passed: $passed did"
	[ "$2" = aarch64 ] || return 0
	plain=ftrace_caller regs=ftrace_regs_caller
	if [ "$3" = yes ] && ! cmdline_word ftrace_site_ops=off; then
		plain=ftrace_site_caller regs=ftrace_site_regs_caller
	fi
	plts=0
	for mode in plain regs; do
		eval want=\$$mode
		line=$(sed -n "s/^entry $mode: //p" "$1")
		t="site: a $mode ops alone enters through $want"
		case "$line" in
		"$want+0x0/"*" via plt") ok "$t"; plts=$((plts + 1)) ;;
		"$want+0x0/"*" via bl") ok "$t" ;;
		*) notok "$t: ${line:-no entry line}" ;;
		esac
	done
	# Only a module whose text is out of BL range of the entries has
	# its callsites go through its PLTs (the distro layout's module
	# region): a line only where it is so, not a skip everywhere else.
	if [ $plts = 2 ]; then
		ok "site: a module callsite out of BL range enters through its own PLT"
	else
		echo "harness: site: the module's text is within BL range of the entries: no PLT"
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
