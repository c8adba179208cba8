#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# report.sh [--results-root DIR] [--expectations DIR] [--allow-skips] [ARCH-VARIANT...]
# Turn each guest's results into KTAP (DIR/ARCH-VARIANT/results.ktap),
# print one table per arch with base and series side by side, list every
# failure once more, and end with "N passed, N failed, N skipped".  Exit 1 on any failure.
#
# Expectation lines: "fail[MODE] TEST NAME # reason" for a test known to
# fail in MODE, the ftracetest verdict (FAIL, UNRESOLVED, UNDEFINED; every
# failure that is not ftracetest's has mode FAIL); "fail TEST NAME #
# reason" is "fail[FAIL] ...".  A failure in another mode fails, its note
# "expected MODE, got MODE2".  "flaky TEST NAME # reason" for a test known
# to pass or fail by timing: its FAIL is FLAKY only if its retry in the
# same boot PASSed (the guest's retry.txt for ftracetest, retry.ktap for
# test_progs), else a FAIL; its PASS a pass, and it must still run.
# Result mapping: ftracetest PASS/XFAIL pass; FAIL, UNRESOLVED and
# UNDEFINED fail (every test in the plan is expected to run); UNTESTED and
# UNSUPPORTED skip.  ftracetest's own totals ("# of passed:" ...) must be
# there and match its result lines, and the result lines must be as many
# as the guest planned (ftracetest-expected): else a FAIL each.  A
# failure listed in expectations/ARCH-VARIANT.txt is a known
# failure: shown with its reason, counted apart, not failing the run.  A
# listed test that passes or did not run is a stale expectation and fails.
# A test.d/ftrace FAIL that the guest retried and saw PASS is FLAKY: shown
# and counted apart, not failing the run (see apply_retry).  The counts
# end with the FLAKY count of each run, base and series side by side.
# A plan's allowed WARN (allowed-warn) is taken out of the logs before the
# splat scan: its report's own lines only (strip_warn).
# Allowed skips: on every run but a base run, a SKIP fails unless
# expectations/ARCH-VARIANT.txt lists it as "skip TEST NAME # reason"; a
# listed skip that passes or did not run is a stale expectation and fails
# (see apply_skips).  --allow-skips keeps every SKIP (make fullsuite).
set -u
. "$(dirname "$0")/lib.sh"

root=$OUTDIR
exp_dir=$ROOT/expectations
allow_skips=0
while [ $# -gt 0 ]; do
	case "$1" in
	--results-root) root=$2; shift 2 ;;
	--expectations) exp_dir=$2; shift 2 ;;
	--allow-skips) allow_skips=1; shift ;;
	*) break ;;
	esac
done
if [ $# -gt 0 ]; then
	runs="$*"
else
	runs=$(cd "$root" && for d in */results; do [ -d "$d" ] && dirname "$d"; done)
fi
[ -n "$runs" ] || { echo "no results under $root"; echo "0 passed, 1 failed"; exit 1; }
# A run named here that has no directory did not run at all: it fails,
# and the others are reported.
missing=0 have=
for run in $runs; do
	if [ -d "$root/$run" ]; then
		have="$have $run"
	else
		echo "error: no run $run under $root" >&2
		missing=$((missing + 1))
	fi
done
runs=${have# }
[ -n "$runs" ] || { echo "no results under $root"; echo "0 passed, $missing failed"; exit 1; }

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
		/^not ok [0-9]+ / { sub(/^not ok [0-9]+ /, ""); printf "FAIL\t%s\t\n", $0 }' "$r/samples.ktap" |
		apply_ktap_retry "$r/retry.ktap"
	if [ -f "$r/kselftest.txt" ]; then
		ftracetest_results "$r/kselftest.txt" "$r/ftracetest-expected" | apply_retry "$r/retry.txt"
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
	# The note: scan-splats.sh's first line, then the signature of every
	# other kind of splat, "; "-joined (scripts/splat-signatures.sh), so
	# that fullsuite-compare.sh sees a new splat behind the base's one.
	local first more=
	first=$(echo "$scan" | grep -v '^clean' | head -1 | tr '\t' ' ')
	# Name the run's own log, not the scan's copy of it.
	[ -z "$scandir" ] || first=$(echo "$first" |
		sed "s|$scandir/dmesg.txt|$r/dmesg.txt|; s|$scandir/console.log|$d/console.log|")
	# shellcheck disable=SC2086
	[ $rc = 0 ] || more=$("$ROOT/scripts/splat-signatures.sh" -x "$first" $logs |
		awk '{ printf "; %s", $0 }')
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
		printf 'FAIL\tdmesg: no splats\t%s%s%s\n' "$first" "$more" "$hint"
	fi
}

# strip_warn [FILE] FUNC: stdin without the report of the first WARN
# raised in FUNC of FILE (kernel/trace/ftrace.c if not given): its
# "WARNING:" line and, after it, the lines a WARN report prints
# (warn_line), up to its "---[ end trace" line.  Any other line in between
# (another CPU's, a KASAN report's) stays in for the scanner.  A report
# without its end line ends where another begins ("cut here", "WARNING:",
# a second "Call trace:"), so that it never takes the rest of the log.
# A second such WARN, or any other, stays in.
strip_warn() {
	local file=kernel/trace/ftrace.c
	[ $# -ge 2 ] && { file=$1; shift; }
	awk -v fn="$1" -v file="$file" '
	# warn_line S: S (a log line without its printk stamp) is one that
	# __warn() prints after "WARNING:": the modules, the registers
	# (show_regs on arm64 and x86-64), the backtrace and its frames, the
	# lockdep irq stamps.
	function warn_line(s) {
		return s ~ /^Modules linked in:/ ||
		    s ~ /^CPU: [0-9]+ PID: [0-9]+ Comm: / || s ~ /^Hardware name: / ||
		    s ~ /^Workqueue: / ||
		    s ~ /^(pstate|pmr_save): [0-9a-f]+/ || s ~ /^(pc|lr|sp) : / ||
		    s ~ /^(x[0-9]+ *: [0-9a-f]+ *)+$/ ||
		    s ~ /^(RIP|RSP): [0-9a-f]+:/ || s ~ /^Code: / ||
		    s ~ /^((RAX|RBX|RCX|RDX|RSI|RDI|RBP|R0[89]|R1[0-5]|CR[0234]|DR[0-367]): [0-9a-f]+ *)+$/ ||
		    s ~ /^FS: +[0-9a-f]+/ || s ~ /^CS: +[0-9a-f]+ DS: / || s ~ /^PKRU: [0-9a-f]+$/ ||
		    s ~ /^Call [Tt]race:$/ ||
		    s ~ /^ <\/?(TASK|IRQ|NMI|SOFTIRQ|EOI)>$/ ||
		    s ~ /^ (\? )?([A-Za-z0-9_.$]+\+0x[0-9a-f]+\/0x[0-9a-f]+( \[[A-Za-z0-9_]+( [0-9a-f]+)?\])?|0x[0-9a-f]+)$/ ||
		    s ~ /^irq event stamp: [0-9]+$/ ||
		    s ~ /^(hard|soft)irqs last +(en|dis)abled at \(/
	}
	# A serial console ends its lines with CR LF.
	{ s = $0; sub(/\r$/, "", s); sub(/^\[[ 0-9.]+\](\[ *[CT][0-9]+\])? ?/, "", s) }
	in_warn && s ~ /^---\[ end trace / { in_warn = 0; next }
	in_warn && (s ~ /^-+\[ cut here \]-+$/ || s ~ /WARNING: / ||
	    (s ~ /^Call [Tt]race:$/ && traces)) {
		in_warn = 0
	}
	in_warn {
		if (s ~ /^Call [Tt]race:$/) traces = 1
		if (warn_line(s)) next
	}
	!done && /WARNING: / && index($0, " at " file ":") &&
	    $0 ~ (":[0-9]+ " fn "\\+") {
		in_warn = 1; done = 1; traces = 0; next
	}
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

# ftracetest_results KSELFTEST.TXT EXPECTED: one raw result line per
# ftracetest case, plus whether the kselftest runner finished, whether
# ftracetest's own totals ("# of passed:" ... "# of undefined(test bug):",
# printed once it has run every test) match the result lines, and
# whether there are as many result lines as the guest planned (EXPECTED,
# ftracetest-expected: scripts/guest/lib.sh, ftracetest_planned).  A
# missing totals line or EXPECTED file fails.
ftracetest_results() {
	awk -v expected="$2" '
	BEGIN {
		split("passed failed unresolved untested unsupported xfailed undefined", keys, " ")
		split("PASS FAIL UNRESOLVED UNTESTED UNSUPPORTED XFAIL UNDEFINED", word, " ")
		if ((getline planned < expected) > 0) { have_planned = 1; sub(/[ \t]+$/, "", planned) }
	}
	/^# \[[0-9]+\] .*\[(PASS|FAIL|UNRESOLVED|UNTESTED|UNSUPPORTED|XFAIL|UNDEFINED)\][ \t]*$/ {
		line = $0
		sub(/[ \t]*$/, "", line)
		res = line; sub(/.*\[/, "", res); sub(/\]$/, "", res)
		name = line; sub(/^# \[[0-9]+\] /, "", name); sub(/[ \t]*\[[A-Z]+\]$/, "", name)
		st = (res == "PASS" || res == "XFAIL") ? "PASS" : \
		     (res == "UNTESTED" || res == "UNSUPPORTED") ? "SKIP" : "FAIL"
		printf "%s\tftracetest: %s\t%s\n", st, name, res == "PASS" ? "" : res
		n++
		count[res]++
	}
	/^# # of [a-z]+(\(test bug\))?: +[0-9]+[ \t]*$/ {
		k = $0; sub(/^# # of /, "", k); sub(/[(:].*/, "", k)
		total[k] = $NF
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
		t = "ftracetest: its totals match its result lines"
		if (!("passed" in total)) {
			printf "FAIL\t%s\tno \"# of passed:\" line: ftracetest did not finish (%s)\n", t,
				runner == "" ? "no runner result line" : runner
		} else {
			bad = ""
			for (i = 1; i <= 7; i++) {
				if (!(keys[i] in total))
					bad = bad sprintf("; no \"# of %s:\" line", keys[i])
				else if (total[keys[i]] != count[word[i]] + 0)
					bad = bad sprintf("; %s: %d in the totals, %d result lines",
						keys[i], total[keys[i]], count[word[i]])
			}
			if (bad == "")
				printf "PASS\t%s\t\n", t
			else
				printf "FAIL\t%s\t%s\n", t, substr(bad, 3)
		}
		t = "ftracetest: ran every planned test"
		if (!have_planned)
			printf "FAIL\t%s\tno ftracetest-expected from the guest\n", t
		else if (planned !~ /^[0-9]+$/ || planned + 0 != n)
			printf "FAIL\t%s\t%d result lines, %s planned\n", t, n, planned
		else
			printf "PASS\t%s\t\n", t
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

# apply_ktap_retry RETRY.KTAP: the plan's KTAP results of a second run, in
# the same boot, of its failed tests (the bpf-selftests plan retries each
# failed test_progs test: plan-bpf-selftests.sh, test_progs_retry).  A
# FAIL keeps its status and gains the note "FAIL, then RESULT on retry":
# only a "flaky" expectation turns it into FLAKY (apply_expectations).
apply_ktap_retry() {
	awk -F'\t' -v retry="$1" '
	BEGIN {
		while ((getline line < retry) > 0) {
			if (line ~ /^ok [0-9]+ .* # SKIP/) { sub(/^ok [0-9]+ /, "", line); sub(/ # SKIP.*/, "", line); again[line] = "SKIP" }
			else if (line ~ /^ok [0-9]+ /) { sub(/^ok [0-9]+ /, "", line); again[line] = "PASS" }
			else if (line ~ /^not ok [0-9]+ /) { sub(/^not ok [0-9]+ /, "", line); again[line] = "FAIL" }
		}
	}
	$1 == "FAIL" && ($2 in again) {
		printf "FAIL\t%s\t%s, then %s on retry\n", $2, $3 == "" ? "FAIL" : $3, again[$2]
		next
	}
	{ print }'
}

# apply_expectations EXPFILE: read raw results, print "STATUS<TAB>NAME<TAB>NOTE"
# with STATUS one of PASS FAIL SKIP KNOWN FLAKY.  The mode of a failure is
# the ftracetest verdict its note starts with (FAIL, UNRESOLVED,
# UNDEFINED), else FAIL; a "fail[MODE]" expectation ("fail" is
# "fail[FAIL]") makes only a failure of that mode KNOWN.  A "flaky"
# expectation makes a FAIL FLAKY only when the note says its retry in the
# same boot PASSed (apply_retry, apply_ktap_retry).
apply_expectations() {
	awk -F'\t' -v expfile="$1" '
	BEGIN {
		while ((getline line < expfile) > 0) {
			if (line !~ /^(fail(\[[A-Z]+\])?|flaky) /) continue
			kind = substr(line, 1, index(line, " ") - 1)
			sub(/^[^ ]+ /, "", line)
			i = index(line, " # ")
			name = i ? substr(line, 1, i - 1) : line
			sub(/[ \t]+$/, "", name)
			if (kind == "flaky") {
				racy[name] = i ? substr(line, i + 3) : "no reason given"
			} else {
				why[name] = i ? substr(line, i + 3) : "no reason given"
				mode[name] = kind == "fail" ? "FAIL" : substr(kind, 6, length(kind) - 6)
			}
		}
	}
	{
		seen[$2] = 1
		if ($2 in racy) {
			if ($1 == "FLAKY" || ($1 == "FAIL" && $3 ~ /, then PASS on retry$/)) {
				printf "FLAKY\t%s\tknown flaky: %s (%s)\n", $2, racy[$2], $3
				next
			}
			if ($1 == "FAIL") {
				printf "FAIL\t%s\tlisted flaky, but no PASS on a retry in this boot (%s)\n", $2,
					$3 ~ / on retry$/ ? $3 : ($3 == "" ? "FAIL" : $3) ", not retried"
				next
			}
			print; next
		}
		if ($2 in why) {
			if ($1 == "FAIL" || $1 == "FLAKY") {
				got = "FAIL"
				if (match($3, /^[A-Z]+(,|$)/)) { got = substr($3, 1, RLENGTH); sub(/,$/, "", got) }
				if (got == mode[$2])
					printf "KNOWN\t%s\t%s\n", $2, why[$2]
				else
					printf "FAIL\t%s\texpected %s, got %s: %s\n", $2, mode[$2], got, why[$2]
				next
			}
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

# apply_skips EXPFILE RUN: hold the SKIPs of RUN against its allowed
# skips, the "skip TEST NAME # reason" lines of EXPFILE.  An unlisted
# SKIP fails.  A listed skip with another result now fails as a stale
# expectation, and so does one that did not run while other tests of its
# area (its name up to the first ": ": "livepatch", "ftracetest", ...)
# did.  A listed skip whose area has no result in RUN at all is left
# alone: the run booted another plan (make bpf's arm64-series-distro has
# the name of make check's, make boot PLAN=far runs a part of the check
# plan).  A base run (ARCH-base...: the pristine kernel, whose plan skips
# what the base lacks) keeps every SKIP, and so does every run under
# --allow-skips (make fullsuite: its verdict is fullsuite-compare.sh's).
apply_skips() {
	local v=${2#*-}
	v=${v%%[-+]*}
	if [ "$allow_skips" = 1 ] || [ "$v" = base ]; then
		cat
		return
	fi
	awk -F'\t' -v expfile="$1" -v run="$2" '
	function area(n) { return index(n, ": ") ? substr(n, 1, index(n, ": ") - 1) : n }
	BEGIN {
		while ((getline line < expfile) > 0) {
			if (line !~ /^skip /) continue
			sub(/^skip /, "", line)
			i = index(line, " # ")
			name = i ? substr(line, 1, i - 1) : line
			sub(/[ \t]+$/, "", name)
			allowed[name] = 1
		}
	}
	{
		seen[$2] = 1
		ran[area($2)] = 1
		if ($1 == "SKIP" && !($2 in allowed)) {
			printf "FAIL\t%s\tskipped, not listed as an allowed skip in expectations/%s.txt%s\n",
				$2, run, $3 == "" ? "" : " (" $3 ")"
			next
		}
		if ($1 != "SKIP" && ($2 in allowed)) {
			printf "FAIL\t%s\tstale expectation: an allowed skip, %s now%s\n",
				$2, $1, $3 == "" ? "" : " (" $3 ")"
			next
		}
		print
	}
	END {
		for (n in allowed) if (!(n in seen) && (area(n) in ran))
			printf "FAIL\t%s\tstale expectation: an allowed skip that did not run\n", n
	}'
}

pass=0 fail=$missing skip=0 known=0 flaky=0
for run in $runs; do
	d=$root/$run
	tab=$d/results.tab
	raw_results "$d" | apply_expectations "$exp_dir/$run.txt" |
		apply_skips "$exp_dir/$run.txt" "$run" > "$tab"
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
echo "flaky (test.d/ftrace FAIL, then PASS on retry; or listed flaky in expectations/, then PASS on retry): $flaky"
# The FLAKY count of each run, per arch, the base runs first: "flaky per
# kernel: arm64: base 0, series 1; x86_64: base 0, series 0".
for run in $runs; do
	v=${run#*-}
	printf '%s\t%d\t%s\t%d\n' "${run%%-*}" "$([ "${v%%[-+]*}" = base ]; echo $?)" "$v" \
		"$(grep -c '^FLAKY' "$root/$run/results.tab")"
done | sort -t "$(printf '\t')" -k1,1 -k2,2n -k3,3 | awk -F'\t' '
	$1 != arch { printf "%s%s: ", (arch == "" ? "flaky per kernel: " : "; "), $1; arch = $1; sep = "" }
	{ printf "%s%s %d", sep, $3, $4; sep = ", " }
	END { if (arch != "") printf "\n" }'
echo "$pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
