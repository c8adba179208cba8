#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The bench plan (make bench): the hook benchmark module and its BPF row.

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
	cs=/sys/devices/system/clocksource/clocksource0/current_clocksource
	# x86-64 starts on tsc-early and moves to tsc once the TSC is
	# calibrated again, a while after boot: wait for that (30 s at most),
	# so that the run starts and ends on one clock source.
	n=0
	while [ "$(cat $cs)" = tsc-early ] && [ $n -lt 30 ]; do
		sleep 1
		n=$((n + 1))
	done
	cat $cs > $R/clocksource
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
