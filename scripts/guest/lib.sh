#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest plan's shared functions, sourced by plan.sh: results as KTAP
# lines (ok, notok), the command line (harness_arg), the sample check
# (sample_fires), the boot-time checks every plan may start with, and the
# ftracetest run through the kernel's kselftest runner.  ok and notok
# number their lines in $ktap, which plan.sh sets up.

ok() { n=$((n + 1)); echo "ok $n $*" >> $ktap; echo "harness: ok $*"; }
notok() { n=$((n + 1)); echo "not ok $n $*" >> $ktap; echo "harness: not ok $*"; }


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
