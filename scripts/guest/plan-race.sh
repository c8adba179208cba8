#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The race plan (make race): load and unload the direct-call samples while
# tracers and kprobes come and go on the same function.

# Where the race keeps its files, and kmemleak's file.
race_tmp=/tmp
race_kmemleak=/sys/kernel/debug/kmemleak

# The background loops.  Each writes DIR/NAME.count when DIR/race.stop
# appears: "CYCLES TOOK ERRORS MISSES", the cycles it ran, those in which
# every enable took effect (the write succeeded and the file read back
# what was written), the writes that failed and the states that did not
# read back.  DIR/NAME.err keeps the first five of those errors, each
# with the shell's message.  $err names that file in the loop.

# race_w FILE VALUE, race_a FILE VALUE: write VALUE to FILE, or append it.
race_w() {
	echo "$2" 2> "$err.last" > "$1" && return 0
	errs=$((errs + 1))
	race_keep "writing '$2' to ${1#"$T"/}"
}

race_a() {
	echo "$2" 2> "$err.last" >> "$1" && return 0
	errs=$((errs + 1))
	race_keep "appending '$2' to ${1#"$T"/}"
}

# race_is FILE VALUE: FILE's first line is VALUE.
race_is() {
	got=
	read -r got 2> "$err.last" < "$1"
	[ "$got" = "$2" ] && return 0
	misses=$((misses + 1))
	race_keep "${1#"$T"/}: '$2' read back as '$got'"
}

# race_keep WHAT: WHAT and the shell's message into $err, for the first
# five errors of the loop; false.
race_keep() {
	kept=$((kept + 1))
	[ $kept -le 5 ] || return 1
	msg=$(cat "$err.last")
	echo "$1${msg:+: $msg}" >> "$err"
	return 1
}

# race_tracers DIR: function, then function_graph, filtered on
# wake_up_process.  A cycle takes effect when the filter and both
# tracers read back.
race_tracers() {
	err=$1/tracer.err
	: > "$err"
	c=0 took=0 errs=0 misses=0 kept=0
	while [ ! -e "$1/race.stop" ]; do
		c=$((c + 1))
		on=0
		race_w $T/set_ftrace_filter wake_up_process &&
			race_is $T/set_ftrace_filter wake_up_process && on=$((on + 1))
		race_w $T/current_tracer function &&
			race_is $T/current_tracer function && on=$((on + 1))
		race_w $T/current_tracer function_graph &&
			race_is $T/current_tracer function_graph && on=$((on + 1))
		race_w $T/current_tracer nop
		race_w $T/set_ftrace_filter ""
		[ $on = 3 ] && took=$((took + 1))
	done
	echo "$c $took $errs $misses" > "$1/tracer.count"
}

# race_kprobes DIR: the kprobe event racekp on wake_up_process added,
# enabled, disabled and removed.  A cycle takes effect when its enable
# file reads back 1.
race_kprobes() {
	err=$1/kprobe.err
	: > "$err"
	c=0 took=0 errs=0 misses=0 kept=0
	while [ ! -e "$1/race.stop" ]; do
		c=$((c + 1))
		race_a $T/kprobe_events "p:racekp wake_up_process"
		race_w $T/events/kprobes/racekp/enable 1 &&
			race_is $T/events/kprobes/racekp/enable 1 && took=$((took + 1))
		race_w $T/events/kprobes/racekp/enable 0
		race_a $T/kprobe_events "-:racekp"
	done
	echo "$c $took $errs $misses" > "$1/kprobe.count"
}

# race_min ROUNDS: the cycles each loop must have taken effect in,
# harness.racemin=N or a tenth of the rounds, at least 1.  The runs of
# 2026-11-22 (docs/results.md) had 1.4 to 2.3 cycles a round.
race_min() {
	m=$(harness_arg racemin)
	[ -n "$m" ] || m=$(($1 / 10))
	[ "$m" -ge 1 ] || m=1
	echo $m
}

# race_loop_check DIR NAME WHAT MIN: the KTAP line of loop NAME: at least
# MIN cycles took effect, and no write failed and no state failed to
# read back.
race_loop_check() {
	c='' took='' errs='' misses=''
	read -r c took errs misses < "$1/$2.count"
	t="race: $2 loop: $3 took effect in ${took:-0} of ${c:-0} cycles (at least $4)"
	if [ -z "$misses" ]; then
		notok "$t: the loop wrote no count"
		return
	fi
	echo "harness: race: $2 loop: $c cycles, $took took effect, $errs failed writes, $misses not read back"
	cat "$1/$2.err"
	if [ "$took" -ge "$4" ] && [ "$errs" = 0 ] && [ "$misses" = 0 ]; then
		ok "$t"
	else
		first=$(head -1 "$1/$2.err")
		notok "$t: $errs failed writes, $misses not read back${first:+; first: $first}"
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
# finds no leak.  The rounds raced only if the loops' enables took effect
# meanwhile: each loop must have taken effect in race_min cycles, with no
# failed write and no state that did not read back.  Splats fail the run
# through the dmesg scan.
run_race() {
	rounds=$(harness_arg race)
	rounds=${rounds:-1000}
	K=$race_kmemleak
	[ -e $K ] || mount -t debugfs none /sys/kernel/debug 2> /dev/null
	# Only what the rounds leak counts: forget what boot left.
	[ -e $K ] && echo clear > $K
	rm -f $race_tmp/race.stop
	race_tracers $race_tmp &
	tp=$!
	race_kprobes $race_tmp &
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
	touch $race_tmp/race.stop
	wait $tp $kp
	echo "harness: race: $rounds rounds, $bad failed modprobe/rmmod calls"
	if [ $bad = 0 ]; then
		ok "race: $rounds rounds of direct calls (both APIs) against tracers and kprobes"
	else
		notok "race: $rounds rounds of direct calls (both APIs) against tracers and kprobes: $bad failed calls"
	fi
	# The rounds raced only if the loops' enables took effect meanwhile.
	min=$(race_min "$rounds")
	race_loop_check $race_tmp tracer "function and function_graph" "$min"
	race_loop_check $race_tmp kprobe "the kprobe" "$min"
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
