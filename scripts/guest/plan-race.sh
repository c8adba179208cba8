#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The race plan (make race): load and unload the direct-call samples while
# tracers and kprobes come and go on the same function.

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
