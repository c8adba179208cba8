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
	grep -qw ftrace_direct_far /proc/cmdline || return 0
	if dmesg | grep -q "direct trampolines are reached through ftrace_regs_caller"; then
		ok "far: direct trampolines forced out of BL range"
	else
		notok "far: ftrace_direct_far did not take effect"
	fi
}

run_samples() {
	check_far
	sample_fires ftrace-direct "my_direct_func: waking up"
	sample_fires ftrace-direct-too "handle mm fault vma="
	sample_fires ftrace-direct-modify "my direct func1" "my direct func2"
	sample_fires ftrace-direct-multi "my_direct_func: ip "
	sample_fires ftrace-direct-multi-modify "my direct func1 ip" "my direct func2 ip"
}

# The ftrace selftests through the kernel's own kselftest runner, as
# "make kselftest TARGETS=ftrace" users run them; the runner passes the
# per-test arguments from KSELFTEST_FTRACETEST_ARGS.
run_kselftest() {
	export KSELFTEST_FTRACETEST_ARGS="${FTRACETEST_DIRS:-test.d/direct test.d/ftrace}"
	# Append mode: the runner writes the test's output through a second
	# descriptor opened on /dev/stdout, and both must land in order.
	# The output also streams to the console, so a hang shows where it was.
	: > $R/kselftest.txt
	cd /kselftest
	./run_kselftest.sh < /dev/null 2>&1 | tee -a $R/kselftest.txt
	cd /
}

case "$plan" in
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
*)
	run_samples
	run_kselftest
	;;
esac

# Fail closed: the host treats a missing or empty dmesg.txt as a failure.
dmesg > $R/dmesg.txt
echo complete > $R/status
tar -cf /dev/vda -C $R . && sync
