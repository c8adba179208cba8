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

# run_killunreg: ftrace kills itself inside unregister_ftrace_direct_multi()
# (a boot of its own: ftrace stays dead).  The stress module
# (killunreg=1, stress/direct_killunreg.c) registers a trampoline on two
# functions, overwrites the call at the later callsite, and unregisters:
# ftrace must die in that call, and afterwards neither function may call
# the trampoline, which a module unregistering in its exit function frees
# whatever the call returned.  The log must show the bad callsite, the
# kill, and the calls taken out by hand.
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
	if ! insmod /stress/ftrace-direct-stress.ko killunreg=1; then
		notok "killunreg: insmod killunreg=1 failed: $(dmesg | sed -n 's/.*ftrace_direct_stress: killunreg: //p' | tail -1)"
		return
	fi
	dmesg | sed -n 's/.*ftrace_direct_stress: killunreg: //p' > $R/killunreg.txt
	cat $R/killunreg.txt
	grep -qE ': (ok|fail)' $R/killunreg.txt || notok "killunreg: the checks ran: no result"
	while IFS= read -r line; do
		case "$line" in
		*": ok") ok "killunreg: ${line%: ok}" ;;
		*": fail "*) notok "killunreg: $line" ;;
		esac
	done < $R/killunreg.txt
	if dmesg | grep -q "ftrace failed to modify" && dmesg | grep -q "ftrace: killed with"; then
		ok "killunreg: the log reports the bad callsite and the kill"
	else
		notok "killunreg: the log reports the bad callsite and the kill"
	fi
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
# named "ftrace_window", then kills ftrace by registering a plain ops on a
# callsite it overwrote.  Both calls must fail with -ENODEV and keep what
# they had, as on a dead ftrace: the ops on ftrace's list (its owner must
# not free it), the direct_functions entry, the calls to the trampolines.
run_killother() {
	# ftrace_bug() WARNs on the overwritten callsite, which x86-64 has
	# checked with a WARN of its own before (report.sh, strip_warns).
	: > $R/allowed-warn
	[ "$(uname -m)" = x86_64 ] &&
		echo "arch/x86/kernel/ftrace.c ftrace_verify_code" >> $R/allowed-warn
	echo ftrace_bug >> $R/allowed-warn
	if ! insmod /stress/ftrace-direct-stress.ko killother=1; then
		notok "killother: insmod killother=1 failed: $(dmesg | sed -n 's/.*ftrace_direct_stress: killother: //p' | tail -1)"
		return
	fi
	dmesg | sed -n 's/.*ftrace_direct_stress: killother: //p' > $R/killother.txt
	cat $R/killother.txt
	# Eight checks, four per API, and the kill
	if [ "$(grep -cE ': (ok|fail)' $R/killother.txt)" = 9 ]; then
		ok "killother: every check ran"
	else
		notok "killother: every check ran: $(grep -cE ': (ok|fail)' $R/killother.txt) of 9 result lines"
	fi
	while IFS= read -r line; do
		case "$line" in
		*": ok") ok "killother: ${line%: ok}" ;;
		*": fail "*) notok "killother: $line" ;;
		esac
	done < $R/killother.txt
	if dmesg | grep -q "ftrace failed to modify" && dmesg | grep -q "ftrace: killed with"; then
		ok "killother: the log reports the bad callsite and the kill"
	else
		notok "killother: the log reports the bad callsite and the kill"
	fi
	if dmesg | grep -q "ftrace: died while unregistering"; then
		notok "killother: no call is taken out by hand: $(dmesg | grep -m1 'ftrace: died while unregistering')"
	else
		ok "killother: no call is taken out by hand"
	fi
}
