#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The bpf plan (make bpf): BPF trampolines counted call by call, sharing a
# function with the other ftrace users, and a detach refused after
# ftrace_kill().

# BPF trampolines (the BPF flavour): fentry, fexit and fmod_ret counted
# against the calls BPF_PROG_TEST_RUN makes; every PASS/FAIL line of the
# loader is one test.
run_bpf() {
	if [ ! -x /usr/bin/bpf_direct ]; then
		notok "bpf: no BPF loader in this initramfs"
		return
	fi
	bpftool version | head -1
	bpf_run
}

# bpf_run: "bpf_direct run", one KTAP line per PASS/FAIL line, then two
# checks that the loader finished.  Its exit status is its number of
# failed checks (bpf/bpf_direct.c), so it must equal its FAIL lines: a
# loader killed by a signal exits 128 and more.  And it writes a known
# number of result lines (run() in bpf/bpf_direct.c): the four attaches,
# then, all four attached, six checks of the counts, with one more line
# before them for a test run that failed; a failed attach ends the run
# after the four attach lines, and a failed open or load of the BPF
# object is the one line.
bpf_run() {
	bpf_direct run ${BPF_CALLS:-1000} > $R/bpf-run.txt 2>&1
	rc=$?
	cat $R/bpf-run.txt
	if grep -q "^FAIL: \(open\|load\) the BPF object" $R/bpf-run.txt; then
		want=1
	elif grep -q "^FAIL: attach " $R/bpf-run.txt; then
		want=4
	elif grep -q "^FAIL: test run " $R/bpf-run.txt; then
		want=11
	else
		want=10
	fi
	loader_ktap bpf $R/bpf-run.txt $rc $want
}

# loader_ktap NAME FILE RC WANT: the results of a bpf_direct mode whose
# output is FILE and exit status RC: one KTAP line per PASS/FAIL line,
# then two checks that the loader finished: RC is its number of FAIL
# lines, and it wrote WANT result lines.
loader_ktap() {
	while IFS= read -r line; do
		case "$line" in
		"PASS: "*) ok "$1: ${line#PASS: }" ;;
		"FAIL: "*) notok "$1: ${line#FAIL: }" ;;
		esac
	done < "$2"
	fails=$(grep -c "^FAIL: " "$2")
	results=$(grep -c "^PASS: \|^FAIL: " "$2")
	echo "harness: $1: the loader exited $3, $results result lines of $4, $fails FAIL"
	if [ "$3" = "$fails" ]; then
		ok "$1: the loader's exit status is its number of FAIL lines"
	else
		notok "$1: the loader's exit status is its number of FAIL lines: exit status $3, $fails FAIL lines"
	fi
	if [ "$results" = "$4" ]; then
		ok "$1: the loader wrote every result line"
	else
		notok "$1: the loader wrote every result line: $results of $4"
	fi
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

# bpf_series_test TEST WHY: whether a test of the series' BPF detach may
# run: the loader is there, and the kernel is not the base, for which
# TEST is a SKIP because WHY.
bpf_series_test() {
	[ -x /usr/bin/bpf_direct ] || return 1
	case "$(harness_variant)" in
	base*)
		ok "$1 # SKIP $2"
		return 1
		;;
	esac
}

# run_bpf_nomem: a detach that fails for a reason of BPF's own (an
# allocation), with another program left on the trampoline.  The image in
# place still calls the detached program, so BPF keeps it, but only until
# that image is replaced: then the program must be freed (bpf_direct
# nomem says how; its exit status is its number of FAIL lines).
run_bpf_nomem() {
	bpf_series_test "bpf nomem: a detach that fails on -ENOMEM keeps the program until its image goes" \
		"the base frees a program still in use" || return 0
	bpf_nomem_run
}

# bpf_nomem_run: "bpf_direct nomem", one KTAP line per PASS/FAIL line,
# two checks that the loader finished, and the kernel log's line.
bpf_nomem_run() {
	bpf_direct nomem > $R/bpf-nomem.txt 2>&1
	rc=$?
	cat $R/bpf-nomem.txt
	# Three attaches and four checks.
	loader_ktap "bpf nomem" $R/bpf-nomem.txt $rc 7
	line=$(dmesg | grep "bpf: detaching .* failed" | tail -1)
	echo "harness: bpf nomem: $line"
	case "$line" in
	*"detaching wake_up_process failed (-12)"*)
		ok "bpf nomem: the log names the failed detach" ;;
	*)
		notok "bpf nomem: the log names the failed detach: ${line:-no line}" ;;
	esac
}

# run_bpf_kill: an fentry program detached after ftrace_kill(), last in
# the bpf plan (ftrace stays dead).  The watcher attaches fentry on
# wake_up_process, the stress module (kill=1) kills ftrace, and then the
# watcher exits, which detaches it.  The detach cannot take the direct call
# out, so BPF must keep the trampoline image and the program it calls
# (the log says so), and wake_up_process, called all the time, must go on
# calling them (bpf_kill_calls): a kernel that freed them oopses here.
run_bpf_kill() {
	bpf_series_test "bpf kill: a detach after ftrace_kill() keeps the trampoline" \
		"the base frees a trampoline still in use" || return 0
	# Only a log line of this test counts (run_bpf_nomem's came before).
	logged=$(dmesg | grep -c "bpf: detaching .* failed")
	# BPF counts its programs' runs from here on: bpf_kill_calls reads
	# the kept program's run count.
	echo 1 > /proc/sys/kernel/bpf_stats_enabled
	if ! bpf_watch 3; then
		notok "bpf kill: attach fentry on wake_up_process: $(cat /tmp/watch.txt)"
		return
	fi
	# The watcher detaches after 3 seconds, and ftrace must be killed
	# before that: copy enabled_functions now and look at it after the
	# kill (kallsyms alone takes seconds to read under TCG).
	cp $T/enabled_functions /tmp/kill-ef.txt
	if ! insmod /stress/ftrace-direct-stress.ko kill=1; then
		notok "bpf kill: insmod kill=1 failed"
		return
	fi
	dmesg | grep "ftrace: killed with" | tail -1
	bpf_wait
	where_direct "bpf: fentry on wake_up_process" /tmp/kill-ef.txt
	check_site_direct "bpf: fentry alone on wake_up_process" wake_up_process /tmp/kill-ef.txt
	echo "harness: bpf kill: watcher detached after $hits hits"
	bpf_kill_calls
	line=$(dmesg | grep "bpf: detaching .* failed" | tail -n +$((logged + 1)) | tail -1)
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

# kernel_taint: the kernel's taint flags, a number.
kernel_taint() {
	cat /proc/sys/kernel/tainted
}

# bpf_run_cnt NAME: how often the BPF programs named NAME have run, from
# bpftool's run_cnt (counted while kernel.bpf_stats_enabled is 1; bpftool
# shows it once the program has run), or nothing.
bpf_run_cnt() {
	bpftool prog show name "$1" 2> /dev/null |
		sed -n 's/.* run_cnt \([0-9][0-9]*\).*/\1/p' | awk '{ s += $1 } END { if (NR) print s }'
}

# bpf_kill_calls: after the refused detach.  Twenty sleeps of 0.1 s must
# return, each woken by its hrtimer through wake_up_process(), and the
# kernel must not have died on the way (taint flag D, 128: an oops that
# did not panic).  And wake_up_process() must go on calling the kept
# program: its run count grows over the sleeps.
bpf_kill_calls() {
	# Let the freed image's grace periods pass, then call it a lot
	sleep 3
	before=$(bpf_run_cnt watch)
	i=0 slept=0
	while [ $i -lt 20 ]; do
		ls -R /sys/kernel/tracing > /dev/null
		sleep 0.1 && slept=$((slept + 1))
		i=$((i + 1))
	done
	after=$(bpf_run_cnt watch)
	taint=$(kernel_taint)
	echo "harness: bpf kill: $slept of 20 sleeps returned, taint ${taint:-unknown}," \
		"the kept program's run_cnt ${before:-none}, then ${after:-none}"
	t="bpf kill: wake_up_process keeps running after the refused detach"
	if [ "$slept" != 20 ]; then
		notok "$t: $slept of 20 sleeps returned"
	elif [ -z "$taint" ]; then
		notok "$t: no taint flags to read"
	elif [ $((taint & 128)) != 0 ]; then
		notok "$t: the kernel died on the way (taint $taint has D)"
	else
		ok "$t"
	fi
	t="bpf kill: wake_up_process keeps calling the kept program"
	if [ -n "$before" ] && [ -n "$after" ] && [ "$after" -gt "$before" ]; then
		ok "$t"
	else
		note="run_cnt ${before:-none}, then ${after:-none}"
		[ -n "$after" ] || note="$note (kernel.bpf_stats_enabled)"
		notok "$t: $note"
	fi
}

# A BPF trampoline, the ftrace-direct sample, the function tracer and a
# kprobe on wake_up_process.  6.1 allows one direct trampoline per
# function, so whichever of BPF and the sample comes second must get
# -EBUSY while everything else keeps firing.
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
