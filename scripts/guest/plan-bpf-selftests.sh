#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The bpf-selftests plan (make bpf-selftests): the kernel's own BPF
# selftest runner, test_progs, built from this kernel's tree
# (scripts/build-bpf-selftests.sh) and staged in /bpf-selftests with its
# BPF objects, bpf_testmod.ko and the list of tests to run (run-list, the
# "-a" selector).  Every test and subtest result line of test_progs is one
# KTAP line "test_progs: NAME"; OK passes, SKIP skips, FAIL fails.

# test_progs_ktap FILE: KTAP lines for test_progs' result lines in FILE,
# "#N name:RESULT" and "#N/M name/subtest:RESULT".  "OK (SKIP: k/n)" is a
# test whose subtests partly skipped: it passed, and its skipped subtests
# have their own lines.  After "All error logs:" test_progs repeats the
# failed tests' logs and result lines: those are not read.
# Not a pipe into the loop: ok and notok must count in this shell.
test_progs_ktap() {
	sed -n -E '/^All error logs:/q; s/^#[0-9]+(\/[0-9]+)? +([^:]+):(OK|SKIP|FAIL)( \(SKIP: [0-9]+\/[0-9]+\))?$/\3 \2/p' "$1" > "$1.results"
	while read -r res name; do
		case "$res" in
		OK) ok "test_progs: $name" ;;
		SKIP) ok "test_progs: $name # SKIP test_progs skipped it" ;;
		*) notok "test_progs: $name" ;;
		esac
	done < "$1.results"
	rm -f "$1.results"
}

# test_progs_ran LIST: every name of the comma LIST ("-a") has a result
# line in $ktap; a name that matches no test (a renamed test, a typo)
# would otherwise pass by running nothing.
test_progs_ran() {
	missing=
	for t in $(echo "$1" | tr , ' '); do
		grep -q "^\(not \)\?ok [0-9]* test_progs: $t\( #.*\)\?$" $ktap || missing="$missing $t"
	done
	if [ -n "$missing" ]; then
		notok "test_progs: every listed test ran: not$missing"
	else
		ok "test_progs: every listed test ran"
	fi
}

# test_progs_failed FILE: the tests and subtests that FAILed in test_progs
# output FILE, one a line.  A test with a failed subtest is left out for
# its failed subtests: test_progs runs a test to run its subtest, and
# prints the test's result line again.
test_progs_failed() {
	sed -n -E '/^All error logs:/q; s/^#[0-9]+(\/[0-9]+)? +([^:]+):FAIL$/\2/p' "$1" |
	awk '{ name[++n] = $0; if (i = index($0, "/")) parent[substr($0, 1, i - 1)] = 1 }
	END { for (k = 1; k <= n; k++) if (!(name[k] in parent)) print name[k] }'
}

# test_progs_retry DIR: every test and subtest that FAILed in
# $R/test_progs.txt once more, in one "test_progs -a" run in DIR, in the
# same boot; its output in test_progs-retry.txt, its results as KTAP in
# retry.ktap (numbered apart: the plan's own KTAP and count stay as they
# are).  report.sh turns a FAIL listed "flaky" in the expectations into
# FLAKY only when its retry here PASSed.
test_progs_retry() {
	again=$(test_progs_failed $R/test_progs.txt | awk '{ printf "%s%s", (NR > 1 ? "," : ""), $0 }')
	[ -n "$again" ] || return 0
	echo "harness: test_progs: retrying once: -a $again"
	(cd "$1" && ./test_progs -a "$again") > $R/test_progs-retry.txt 2>&1
	cat $R/test_progs-retry.txt
	saved_ktap=$ktap saved_n=$n
	ktap=$R/retry.ktap n=0
	: > $ktap
	test_progs_ktap $R/test_progs-retry.txt
	ktap=$saved_ktap n=$saved_n
}

run_bpf_selftests() {
	d=/bpf-selftests
	if [ ! -x $d/test_progs ] || [ ! -s $d/run-list ]; then
		notok "test_progs: staged in this initramfs"
		return
	fi
	# cgroup_helpers mounts cgroup2 on /mnt in a private mount namespace.
	mkdir -p /mnt
	sel=$(cat $d/run-list)
	echo "harness: test_progs -a $sel"
	# test_progs loads ./bpf_testmod.ko and opens ./X.bpf.o: from its
	# own directory.  Serial (no -j): the workers talk over AF_UNIX.
	t0=$(date +%s)
	(cd $d && ./test_progs -a "$sel") > $R/test_progs.txt 2>&1
	rc=$?
	t1=$(date +%s)
	cat $R/test_progs.txt
	echo "harness: test_progs exit status $rc, $((t1 - t0)) s"
	test_progs_ktap $R/test_progs.txt
	test_progs_ran "$sel"
	summary=$(grep '^Summary: ' $R/test_progs.txt | tail -1)
	if [ -n "$summary" ]; then
		echo "$summary" > $R/test_progs-summary.txt
		ok "test_progs: finished and printed its summary"
	else
		notok "test_progs: finished and printed its summary"
	fi
	test_progs_retry $d
}
