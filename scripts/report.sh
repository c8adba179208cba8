#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# report.sh [--results-root DIR] [--expectations DIR] [ARCH-VARIANT...]
# Turn each guest's results into KTAP (DIR/ARCH-VARIANT/results.ktap),
# print one table per arch with base and series side by side, list every
# failure once more, and end with "N passed, N failed, N skipped".  Exit 1 on any failure.
#
# Expectation lines: "fail TEST NAME # reason", or "flaky TEST NAME #
# reason" for a test known to pass or fail by timing: its FAIL is FLAKY,
# its PASS a pass, and it must still run.
# Result mapping: ftracetest PASS/XFAIL pass; FAIL and UNRESOLVED fail
# (every test in the plan is expected to run); UNTESTED and UNSUPPORTED
# skip.  A failure listed in expectations/ARCH-VARIANT.txt is a known
# failure: shown with its reason, counted apart, not failing the run.  A
# listed test that passes or did not run is a stale expectation and fails.
# A test.d/ftrace FAIL that the guest retried and saw PASS is FLAKY: shown
# and counted apart, not failing the run (see apply_retry).
set -u
. "$(dirname "$0")/lib.sh"

root=$OUTDIR
exp_dir=$ROOT/expectations
while [ $# -gt 0 ]; do
	case "$1" in
	--results-root) root=$2; shift 2 ;;
	--expectations) exp_dir=$2; shift 2 ;;
	*) break ;;
	esac
done
if [ $# -gt 0 ]; then
	runs="$*"
else
	runs=$(cd "$root" && for d in */results; do [ -d "$d" ] && dirname "$d"; done)
fi
[ -n "$runs" ] || { echo "no results under $root"; echo "0 passed, 1 failed"; exit 1; }

# raw_results RUNDIR: "STATUS<TAB>NAME<TAB>NOTE" lines, STATUS PASS/FAIL/SKIP.
raw_results() {
	local d=$1 r=$1/results
	if [ "$(cat "$r/status" 2>/dev/null)" != complete ]; then
		printf 'FAIL\tboot: guest completed the test plan\tno complete results, see console.log\n'
	fi
	[ -f "$r/samples.ktap" ] && awk '
		/^ok [0-9]+ .* # SKIP/ {
			sub(/^ok [0-9]+ /, ""); why = $0; sub(/ # SKIP.*/, "")
			sub(/.* # SKIP ?/, "", why); printf "SKIP\t%s\t%s\n", $0, why; next
		}
		/^ok [0-9]+ /     { sub(/^ok [0-9]+ /, "");     printf "PASS\t%s\t\n", $0 }
		/^not ok [0-9]+ / { sub(/^not ok [0-9]+ /, ""); printf "FAIL\t%s\t\n", $0 }' "$r/samples.ktap"
	if [ -f "$r/kselftest.txt" ]; then
		ftracetest_results "$r/kselftest.txt" | apply_retry "$r/retry.txt"
	elif [ ! -f "$r/no-kselftest" ]; then
		# Only a plan that says so (the guest writes no-kselftest)
		# may come back without ftracetest results.
		printf 'FAIL\tftracetest: ran tests\tno kselftest.txt\n'
	fi
	local scan rc scandir= logs="$r/dmesg.txt $d/console.log"
	if [ -s "$r/allowed-warn" ]; then
		# The plan provokes WARNs on purpose (killreg: ftrace_bug()):
		# scan the logs without those blocks, and nothing else.
		scandir=$(mktemp -d)
		strip_warns "$r/allowed-warn" < "$r/dmesg.txt" > "$scandir/dmesg.txt"
		strip_warns "$r/allowed-warn" < "$d/console.log" > "$scandir/console.log"
		logs="$scandir/dmesg.txt $scandir/console.log"
	fi
	# shellcheck disable=SC2086
	scan=$("$ROOT/scripts/scan-splats.sh" $logs 2>&1)
	rc=$?
	[ -z "$scandir" ] || rm -rf "$scandir"
	if [ $rc = 0 ]; then
		printf 'PASS\tdmesg: no splats\t\n'
	else
		# An x86 guest whose TSC could not be calibrated (a host too
		# busy for the PIT loop) runs on a jiffies sched_clock: the
		# latency tracers' boot tests then find no entries and WARN.
		# Still a failure; the note says where to look.
		local hint=
		grep -q 'Marking TSC unstable due to could not calculate TSC khz' \
			"$r/dmesg.txt" 2>/dev/null &&
			hint=" (the guest's TSC did not calibrate: a loaded host? docs/known-problems.md)"
		printf 'FAIL\tdmesg: no splats\t%s%s\n' \
			"$(echo "$scan" | grep -v '^clean' | head -1 | tr '\t' ' ')" "$hint"
	fi
}

# strip_warn [FILE] FUNC: stdin without the first WARNING block raised in
# FUNC of FILE (kernel/trace/ftrace.c if not given), from its "WARNING:"
# line to its "---[ end trace" line.  A second such WARN, or any other,
# stays in.
strip_warn() {
	local file=kernel/trace/ftrace.c
	[ $# -ge 2 ] && { file=$1; shift; }
	awk -v fn="$1" -v file="$file" '
	!done && !in_warn && /WARNING: / && index($0, " at " file ":") &&
	    $0 ~ (":[0-9]+ " fn "\\+") {
		in_warn = 1; next
	}
	in_warn { if ($0 ~ /---\[ end trace/) { in_warn = 0; done = 1 } ; next }
	{ print }'
}

# strip_warns LIST: stdin through strip_warn once for each line of LIST
# ("FUNC" or "FILE FUNC"), so that each line allows one WARN.
strip_warns() {
	local spec text
	text=$(cat)
	while read -r spec; do
		[ -n "$spec" ] || continue
		# shellcheck disable=SC2086
		text=$(printf '%s\n' "$text" | strip_warn $spec)
	done < "$1"
	printf '%s\n' "$text"
}

# ftracetest_results KSELFTEST.TXT: one raw result line per ftracetest
# case, plus whether the kselftest runner finished.
ftracetest_results() {
	awk '
	/^# \[[0-9]+\] .*\[(PASS|FAIL|UNRESOLVED|UNTESTED|UNSUPPORTED|XFAIL)\][ \t]*$/ {
		line = $0
		sub(/[ \t]*$/, "", line)
		res = line; sub(/.*\[/, "", res); sub(/\]$/, "", res)
		name = line; sub(/^# \[[0-9]+\] /, "", name); sub(/[ \t]*\[[A-Z]+\]$/, "", name)
		st = (res == "PASS" || res == "XFAIL") ? "PASS" : \
		     (res == "UNTESTED" || res == "UNSUPPORTED") ? "SKIP" : "FAIL"
		printf "%s\tftracetest: %s\t%s\n", st, name, res == "PASS" ? "" : res
		n++
	}
	/^(not )?ok [0-9]+ selftests: ftrace: ftracetest/ { runner = $0 }
	END {
		if (n == 0)
			printf "FAIL\tftracetest: ran tests\tno ftracetest result lines\n"
		if (runner == "")
			printf "FAIL\tkselftest: runner finished ftracetest\tno runner result line\n"
		else if (runner ~ /TIMEOUT/)
			printf "FAIL\tkselftest: runner finished ftracetest\t%s\n", runner
		else
			printf "PASS\tkselftest: runner finished ftracetest\t\n"
	}' "$1"
}

# apply_retry RETRY.TXT: the guest ran every FAILed test.d/ftrace test once
# more (scripts/guest/lib.sh, retry_failed).  A FAIL whose retry PASSed becomes FLAKY:
# shown and counted, not failing the run.  A FAIL that failed again, or
# was not retried (every test.d/direct test), stays a FAIL.
apply_retry() {
	awk -F'\t' -v retry="$1" '
	BEGIN {
		while ((getline line < retry) > 0) {
			if (line !~ /^(# )?\[[0-9]+\] .*\[[A-Z]+\][ \t]*$/) continue
			sub(/[ \t]*$/, "", line)
			res = line; sub(/.*\[/, "", res); sub(/\]$/, "", res)
			name = line; sub(/^(# )?\[[0-9]+\] /, "", name); sub(/[ \t]*\[[A-Z]+\]$/, "", name)
			again["ftracetest: " name] = res
		}
	}
	$1 == "FAIL" && ($2 in again) {
		if (again[$2] == "PASS")
			printf "FLAKY\t%s\t%s, then PASS on retry\n", $2, $3
		else
			printf "FAIL\t%s\t%s, then %s on retry\n", $2, $3, again[$2]
		next
	}
	{ print }'
}

# apply_expectations EXPFILE: read raw results, print "STATUS<TAB>NAME<TAB>NOTE"
# with STATUS one of PASS FAIL SKIP KNOWN.
apply_expectations() {
	awk -F'\t' -v expfile="$1" '
	BEGIN {
		while ((getline line < expfile) > 0) {
			if (line !~ /^(fail|flaky) /) continue
			kind = substr(line, 1, index(line, " ") - 1)
			sub(/^[a-z]+ /, "", line)
			i = index(line, " # ")
			name = i ? substr(line, 1, i - 1) : line
			sub(/[ \t]+$/, "", name)
			if (kind == "flaky")
				racy[name] = i ? substr(line, i + 3) : "no reason given"
			else
				why[name] = i ? substr(line, i + 3) : "no reason given"
		}
	}
	{
		seen[$2] = 1
		if ($2 in racy) {
			if ($1 == "FAIL") { printf "FLAKY\t%s\tknown flaky: %s\n", $2, racy[$2]; next }
			print; next
		}
		if ($2 in why) {
			if ($1 == "FAIL" || $1 == "FLAKY") { printf "KNOWN\t%s\t%s\n", $2, why[$2]; next }
			printf "FAIL\t%s\tstale expectation: %s now, flip it\n", $2, $1; next
		}
		print
	}
	END {
		for (n in why) if (!(n in seen))
			printf "FAIL\t%s\tstale expectation: test did not run\n", n
		for (n in racy) if (!(n in seen))
			printf "FAIL\t%s\tstale expectation: test did not run\n", n
	}' /dev/stdin
}

pass=0 fail=0 skip=0 known=0 flaky=0
for run in $runs; do
	d=$root/$run
	tab=$d/results.tab
	raw_results "$d" | apply_expectations "$exp_dir/$run.txt" > "$tab"
	{
		echo "KTAP version 1"
		echo "# $run: Debian $SOURCE_PKG $(cat "$d/source-version" 2>/dev/null || source_version), kernel $(cat "$d/results/uname" 2>/dev/null || echo '?')"
		echo "1..$(wc -l < "$tab")"
		awk -F'\t' '{
			n++
			if ($1 == "PASS") printf "ok %d %s\n", n, $2
			else if ($1 == "SKIP") printf "ok %d %s # SKIP %s\n", n, $2, $3
			else if ($1 == "KNOWN") printf "not ok %d %s # TODO known failure: %s\n", n, $2, $3
			else if ($1 == "FLAKY") printf "not ok %d %s # TODO flaky: %s\n", n, $2, $3
			else printf "not ok %d %s%s\n", n, $2, $3 == "" ? "" : " # " $3
		}' "$tab"
	} > "$d/results.ktap"
	pass=$((pass + $(grep -c '^PASS' "$tab")))
	fail=$((fail + $(grep -c '^FAIL' "$tab")))
	skip=$((skip + $(grep -c '^SKIP' "$tab")))
	known=$((known + $(grep -c '^KNOWN' "$tab")))
	flaky=$((flaky + $(grep -c '^FLAKY' "$tab")))
done

# One table per arch: every test, base and series side by side.
for arch in $(for r in $runs; do echo "${r%%-*}"; done | sort -u); do
	echo
	echo "== $arch (Debian $SOURCE_PKG $(source_version)) =="
	cols=$(for r in $runs; do case $r in "$arch"-*) echo "$r" ;; esac; done | sort)
	awk -F'\t' -v cols="$cols" -v root="$root" '
	BEGIN {
		nc = split(cols, c, "\n")
		for (i = 1; i <= nc; i++) {
			f = root "/" c[i] "/results.tab"
			while ((getline line < f) > 0) {
				split(line, p, "\t")
				if (!(p[2] in order)) { order[p[2]] = ++nt; names[nt] = p[2] }
				res[i, p[2]] = p[1]
				if (p[3] != "" && p[1] != "PASS") note[p[2]] = note[p[2]] c[i] ": " p[3] "; "
			}
		}
		printf "%-66s", "test"
		for (i = 1; i <= nc; i++) { h = c[i]; sub(/^[^-]*-/, "", h); printf " %-7s", h }
		printf "\n"
		for (t = 1; t <= nt; t++) {
			n = names[t]
			printf "%-66s", substr(n, 1, 66)
			for (i = 1; i <= nc; i++) printf " %-7s", ((i, n) in res) ? res[i, n] : "-"
			printf "\n"
			if (n in note) printf "    %s\n", note[n]
		}
	}'
done
# Every failure once more, last, so that the tail of a long CI log names
# them: "RUN: TEST (NOTE)".
if [ "$fail" != 0 ]; then
	echo
	echo "failures:"
	for run in $runs; do
		awk -F'\t' -v run="$run" '$1 == "FAIL" {
			printf "  %s: %s%s\n", run, $2, $3 == "" ? "" : " (" $3 ")"
		}' "$root/$run/results.tab"
	done
fi
echo
echo "known failures (listed in expectations/): $known"
echo "flaky (test.d/ftrace FAIL, then PASS on retry; or listed flaky in expectations/): $flaky"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
