#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The lifetime plans (make lifetime): direct calls unregistered under
# preemptible readers, and ftrace_kill() inside a registration and inside
# an unregister call.

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

# kill_checks MODE: insmod the stress module with MODE=1, which kills
# ftrace (stress/direct_kill*.c), keep its "MODE: CHECK: ok|fail WHAT"
# lines in $R/MODE.txt, and make each a result; then the kernel log must
# show ftrace's report of the bad callsite and the kill.  A module that
# says "skip" gives one SKIP.  Returns 1 if the checks did not run.
kill_checks() {
	mode=$1
	if ! insmod /stress/ftrace-direct-stress.ko "$mode=1"; then
		notok "$mode: insmod $mode=1 failed: $(dmesg | sed -n "s/.*ftrace_direct_stress: $mode: //p" | tail -1)"
		return 1
	fi
	dmesg | sed -n "s/.*ftrace_direct_stress: $mode: //p" > "$R/$mode.txt"
	cat "$R/$mode.txt"
	if grep -q ': skip ' "$R/$mode.txt"; then
		ok "$mode: ftrace killed by the module # SKIP $(sed -n 's/.*: skip //p' "$R/$mode.txt" | head -1)"
		return 1
	fi
	grep -qE ': (ok|fail)' "$R/$mode.txt" || notok "$mode: the checks ran: no result"
	while IFS= read -r line; do
		case "$line" in
		*": ok") ok "$mode: ${line%: ok}" ;;
		*": fail "*) notok "$mode: $line" ;;
		esac
	done < "$R/$mode.txt"
	if dmesg | grep -q "ftrace failed to modify" && dmesg | grep -q "ftrace: killed with"; then
		ok "$mode: the log reports the bad callsite and the kill"
	else
		notok "$mode: the log reports the bad callsite and the kill"
	fi
}

# run_killreg: ftrace kills itself inside register_ftrace_direct_multi()
# (scripts/lifetime-check.sh, arm64, a boot of its own: ftrace stays dead).
# The stress module (killreg=1, stress/direct_killreg.c) overwrites the
# later of two callsites before registering a trampoline on both: the
# registration must fail, and neither function may call the trampoline,
# which a caller frees after a failed registration.
run_killreg() {
	# ftrace_bug() WARNs on the bad callsite: the host's splat scan
	# leaves out that one WARN (report.sh, strip_warn).
	echo ftrace_bug > $R/allowed-warn
	kill_checks killreg
}

# run_killunreg: ftrace kills itself inside unregister_ftrace_direct_multi()
# (a boot of its own: ftrace stays dead).  The stress module
# (killunreg=1, stress/direct_killunreg.c) registers a trampoline on two
# functions, overwrites the call at the later callsite, and unregisters:
# ftrace must die in that call, and afterwards neither function may call
# the trampoline, which a module unregistering in its exit function frees
# whatever the call returned.  The log must also show the calls taken out
# by hand.
run_killunreg() {
	# ftrace_bug() WARNs on the bad callsite (x86-64 has checked it with
	# a WARN of its own before), and ftrace_shutdown() once more on the
	# records that the dead update left as they were: the host's splat
	# scan leaves out those (report.sh, strip_warns).
	: > $R/allowed-warn
	[ "$(uname -m)" = x86_64 ] &&
		echo "arch/x86/kernel/ftrace.c ftrace_verify_code" >> $R/allowed-warn
	echo ftrace_bug >> $R/allowed-warn
	echo ftrace_shutdown >> $R/allowed-warn
	kill_checks killunreg || return
	if dmesg | grep -q "ftrace: died while unregistering direct calls to .*: 1 taken out by hand"; then
		ok "killunreg: the log reports the call taken out by hand"
	else
		notok "killunreg: the log reports the call taken out by hand"
	fi
}

# run_killother: ftrace dies on another task while unregister calls wait
# past their first ftrace_disabled check (a boot of its own, on the window
# kernel, which holds them there: tests/lifetime/window.patch).  The stress
# module (killother=1, stress/direct_killunreg.c) starts
# unregister_ftrace_direct_multi() and unregister_ftrace_direct() in tasks
# named "ftrace_window", then kills ftrace by adding a callsite it
# overwrote to the filter of a plain ops.  Both calls must fail with
# -ENODEV and keep what they had, as on a dead ftrace: the ops on ftrace's
# list (its owner must not free it), the direct_functions entry, the calls
# to the trampolines.
run_killother() {
	# ftrace_bug() WARNs on the overwritten callsite, which x86-64 has
	# checked with a WARN of its own before (report.sh, strip_warns).
	: > $R/allowed-warn
	[ "$(uname -m)" = x86_64 ] &&
		echo "arch/x86/kernel/ftrace.c ftrace_verify_code" >> $R/allowed-warn
	echo ftrace_bug >> $R/allowed-warn
	kill_checks killother || return
	# Nine checks: the kill, and four per API
	if [ "$(grep -cE ': (ok|fail)' $R/killother.txt)" = 9 ]; then
		ok "killother: every check ran"
	else
		notok "killother: every check ran: $(grep -cE ': (ok|fail)' $R/killother.txt) of 9 result lines"
	fi
	if dmesg | grep -q "ftrace: died while unregistering"; then
		notok "killother: no call is taken out by hand: $(dmesg | grep -m1 'ftrace: died while unregistering')"
	else
		ok "killother: no call is taken out by hand"
	fi
}
