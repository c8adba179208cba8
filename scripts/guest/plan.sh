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
: > $ktap
# The shared functions, then each plan's own (scripts/guest/plan-*.sh,
# installed in /plan.d).
. /plan.d/lib.sh
for f in /plan.d/plan-*.sh; do
	. "$f"
done

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
	run_site
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
killunreg)
	run_killunreg
	echo "plan killunreg runs no ftracetest" > $R/no-kselftest
	;;
killother)
	run_killother
	echo "plan killother runs no ftracetest" > $R/no-kselftest
	;;
model)
	check_startup
	run_model
	echo "plan model runs no ftracetest" > $R/no-kselftest
	;;
bpf)
	run_bpf
	run_bpf_share
	run_bpf_nomem
	run_bpf_kill
	echo "plan bpf runs no ftracetest" > $R/no-kselftest
	;;
bpf-selftests)
	check_startup
	check_site_ops
	check_site_valid
	run_bpf_selftests
	echo "plan bpf-selftests runs no ftracetest" > $R/no-kselftest
	;;
*)
	run_samples
	run_stress
	run_share
	run_livepatch
	run_far
	run_site
	run_model_short
	run_kselftest
	run_kill
	;;
esac

# Fail closed: the host treats a missing or empty dmesg.txt as a failure.
dmesg > $R/dmesg.txt
echo complete > $R/status
tar -cf /dev/vda -C $R . && sync
