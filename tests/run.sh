#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side tests of the harness itself: golden logs for the splat
# scanner, result files for the report and for the full-suite
# comparison.  Prints KTAP and the summary.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0 n=0
check() { # name, verdict wanted, verdict got
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n $1"
		pass=$((pass + 1))
	else
		echo "not ok $n $1 # want '$2', got '$3'"
		fail=$((fail + 1))
	fi
}

# guest_ktap PLAN FAKES CMD...: the KTAP lines that the guest's CMD writes,
# with scripts/guest/lib.sh and scripts/guest/PLAN sourced in a subshell,
# then the caller's function FAKES run there to define its stand-ins
# (insmod, dmesg, ...), each seeing the caller's variables.
guest_ktap() {
	local plan=$1 fakes=$2 d
	shift 2
	d=$(mktemp -d)
	(
		ktap=$d/ktap R=$d n=0
		: > "$ktap"
		. "$top/scripts/guest/lib.sh"
		. "$top/scripts/guest/$plan"
		"$fakes"
		"$@" > /dev/null
		cat "$ktap"
	)
	rm -rf "$d"
}

for log in "$top"/tests/splat/*.log; do
	name=$(basename "$log" .log)
	out=$("$top/scripts/scan-splats.sh" "$log")
	rc=$?
	got=${out%%:*}
	want=$(cat "${log%.log}.expect")
	case "$want" in clean) wrc=0 ;; splat) wrc=1 ;; *) wrc=2 ;; esac
	check "scan-splats: $name" "$want/$wrc" "$got/$rc"
done
out=$("$top/scripts/scan-splats.sh" "$top/tests/splat/does-not-exist.log")
check "scan-splats: missing log fails closed" 2 $?
out=$("$top/scripts/scan-splats.sh")
check "scan-splats: no log given fails closed" 2 $?

for d in "$top"/tests/report/*/; do
	name=$(basename "$d")
	out=$(bash "$top/scripts/report.sh" --results-root "$d" --expectations "$d/expectations" 2>/dev/null)
	got=$(echo "$out" | tail -1)
	echo "# report $name: $got"
	check "report: $name" "$(cat "$d/expect")" "$got"
	# The "failures:" list near the end names every failure once.
	listed=$(echo "$out" | sed -n '/^failures:$/,/^$/p' | grep -c '^  ')
	check "report: $name: failures listed" "${got#*passed, }" "$listed failed, ${got#*failed, }"
done
# fullsuite-compare.sh: runs "base" and "series" under each case; the
# expect file is "LAST LINE/EXIT STATUS".
for d in "$top"/tests/fullsuite/*/; do
	out=$(bash "$top/scripts/fullsuite-compare.sh" --results-root "$d" base series 2>&1)
	rc=$?
	check "fullsuite-compare: $(basename "$d")" "$(cat "$d/expect")" "$(echo "$out" | tail -1)/$rc"
done
# The dependency audit: every command the host scripts call comes from a
# package the harness installs (tests/deps-audit.sh).
out=$(bash "$top/tests/deps-audit.sh" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "deps-audit" 0 $rc
# ... and it fails, naming the command, when a package is missing from the
# list or a command is called without being listed.
tmp=$(mktemp -d)
sed 's/\bcpio\b/ /g' "$top/scripts/deps.sh" > "$tmp/deps.sh"
out=$(DEPS_FILE=$tmp/deps.sh bash "$top/tests/deps-audit.sh" 2>&1)
rc=$?
check "deps-audit: cpio unlisted is named" "1/yes" "$rc/$(echo "$out" | grep -q "'cpio' is called but is not in HOST_CMDS" && echo yes)"
sed '/^HOST_PKGS=/,/"$/s/ cpio / /' "$top/scripts/deps.sh" > "$tmp/deps.sh"
out=$(DEPS_FILE=$tmp/deps.sh bash "$top/tests/deps-audit.sh" 2>&1)
rc=$?
check "deps-audit: cpio's package unlisted is named" "1/yes" "$rc/$(echo "$out" | grep -q "'cpio' .* comes from cpio" && echo yes)"
# A machine without the LAVA dispatcher (a clean root: only make lava-check
# installs it) passes: every command but lava-run is found.
mkdir "$tmp/bin"
. "$top/scripts/deps.sh"
for c in $HOST_CMDS; do
	[ "$c" = lava-run ] && continue
	p=$(PATH=/usr/sbin:/usr/bin:/sbin:/bin type -P "$c") && ln -s "$p" "$tmp/bin/$c"
done
out=$(DEPS_AUDIT_PATH=$tmp/bin bash "$top/tests/deps-audit.sh" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "deps-audit: a machine without make lava-check's packages passes" 0 $rc
# ... but a host command that is missing still fails.
rm "$tmp/bin/cpio"
out=$(DEPS_AUDIT_PATH=$tmp/bin bash "$top/tests/deps-audit.sh" 2>&1)
rc=$?
check "deps-audit: a missing host command is named" "1/yes" "$rc/$(echo "$out" | grep -q "'cpio' is listed but not found" && echo yes)"
sed 's/^CROSS_PKGS="libelf-dev:arm64 /CROSS_PKGS="libelf-dev:riscv64 /' "$top/scripts/deps.sh" > "$tmp/deps.sh"
out=$(DEPS_FILE=$tmp/deps.sh bash "$top/tests/deps-audit.sh" 2>&1)
rc=$?
check "deps-audit: a foreign-arch package of an arch dpkg lacks is named" "1/yes" \
	"$rc/$(echo "$out" | grep -q "CROSS_PKGS: 'libelf-dev:riscv64'" && echo yes)"
rm -rf "$tmp"

# The cover letter (export-series.sh): a copy of the harness in a scratch
# directory, a two-commit tree, and a template with each directive.
tmp=$(mktemp -d)
mkdir -p "$tmp/h/scripts" "$tmp/h/docs" "$tmp/h/results" "$tmp/h/bench" "$tmp/h/patches"
cp "$top/scripts/lib.sh" "$top/scripts/export-series.sh" "$top/scripts/record.sh" \
	"$top/scripts/bench-report.sh" "$tmp/h/scripts/"
git init -q "$tmp/t"
(
	cd "$tmp/t" || exit 1
	export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
	export GIT_AUTHOR_DATE="@1 +0000" GIT_COMMITTER_DATE="@1 +0000"
	echo a > a && git add a && git commit -q -m "base: Debian linux-source-6.1 6.1.9-2" && git tag base
	echo b >> a && git commit -q -am "x: change a"
)
printf 'a subject\n\nText.\n@@base@@\n@@result one@@\n@@table bench/results.md 2@@\nEnd.\n' \
	> "$tmp/h/docs/cover-letter.txt"
echo "make one: exit 0, 2026-01-01 00:00 UTC, 3 patches (series 0123456789ab), 5s" > "$tmp/h/results/one.txt"
echo "7 passed" >> "$tmp/h/results/one.txt"
printf '| t1 |\n\nx\n| t2 a |\n| t2 b |\n\n| t3 |\n' > "$tmp/h/bench/results.md"
bash "$tmp/h/scripts/export-series.sh" "$tmp/t" 2>/dev/null
c=$tmp/h/patches/0000-cover-letter.patch
# Recorded on another series: one line in place of the result, and of a
# table whose file names no series; STRICT=1 fails naming the file.
id=$(bash -c '. "$1/scripts/lib.sh"; series_id' - "$tmp/h")
check "cover letter: a stale result is not pasted" \
	"  [result one: last run 2026-01-01 on 3 patches (series 0123456789ab); not measured on this revision ($id)]" \
	"$(grep -m1 'result one' "$c" 2>/dev/null)"
check "cover letter: a table that names no series is not pasted" \
	"  [table bench/results.md 2: bench/results.md names no series; not measured on this revision ($id)]/" \
	"$(grep -m1 'table bench' "$c" 2>/dev/null)/$(grep '^| ' "$c" 2>/dev/null | paste -sd/)"
out=$(STRICT=1 bash "$tmp/h/scripts/export-series.sh" "$tmp/t" 2>&1)
check "cover letter: STRICT=1 fails on a stale result, naming it" "1/yes" \
	"$?/$(echo "$out" | grep -q 'results/one.txt was not recorded on this series' && echo yes)"
# Recorded on this series: pasted as they are.
echo "make one: exit 0, 2026-01-02 00:00 UTC, 1 patches (series $id), 5s" > "$tmp/h/results/one.txt"
echo "7 passed" >> "$tmp/h/results/one.txt"
sed -i "1i Recorded by make bench, 2026-01-02 00:00 UTC, 1 patches (series $id)." "$tmp/h/bench/results.md"
out=$(STRICT=1 bash "$tmp/h/scripts/export-series.sh" "$tmp/t" 2>&1)
check "cover letter: STRICT=1 passes on current results" 0 $?
check "cover letter: subject" "Subject: [PATCH 0/1] a subject" "$(grep -m1 '^Subject:' "$c" 2>/dev/null)"
check "cover letter: base" "Debian's linux-source-6.1 6.1.9-2 (upstream v6.1.9 with Debian's patches)." \
	"$(grep -m1 "^Debian's" "$c" 2>/dev/null)"
check "cover letter: a result pasted" "  7 passed" "$(grep -m1 '7 passed' "$c" 2>/dev/null)"
check "cover letter: the second table only" "| t2 a |/| t2 b |" "$(grep '^| ' "$c" 2>/dev/null | paste -sd/)"
check "cover letter: base-commit" "base-commit: $(git -C "$tmp/t" rev-parse base)" \
	"$(grep '^base-commit:' "$c" 2>/dev/null)"
check "cover letter: not in series" "x-change-a.patch" "$(grep -v '^#' "$tmp/h/patches/series" | sed 's/^0001-//' | paste -sd' ')"
cp "$c" "$tmp/first"
bash "$tmp/h/scripts/export-series.sh" "$tmp/t" 2>/dev/null
check "cover letter: a second export is the same" 0 "$(cmp -s "$c" "$tmp/first"; echo $?)"
rm "$tmp/h/results/one.txt"
out=$(bash "$tmp/h/scripts/export-series.sh" "$tmp/t" 2>&1)
check "cover letter: a missing result fails the export" "1/yes" "$?/$(echo "$out" | grep -q 'no results/one.txt' && echo yes)"
echo "make one: exit 0" > "$tmp/h/results/one.txt"
echo "@@tabel x 1@@" >> "$tmp/h/docs/cover-letter.txt"
out=$(bash "$tmp/h/scripts/export-series.sh" "$tmp/t" 2>&1)
check "cover letter: an unknown directive fails the export" "1/yes" "$?/$(echo "$out" | grep -q 'unknown directive: @@tabel' && echo yes)"
# A tree with nothing on top of base (make tree not run there): a clear
# error, and patches/ as it was.
git -C "$tmp/t" branch -q atbase base
git -C "$tmp/t" checkout -q atbase
ls "$tmp/h/patches" > "$tmp/before"
out=$(bash "$tmp/h/scripts/export-series.sh" "$tmp/t" 2>&1)
check "export: a tree with no commits on base fails, naming the tree, patches/ kept" \
	"1/yes/same" "$?/$(echo "$out" | grep -q "$tmp/t has no commits on top of base" && echo yes)/$(ls "$tmp/h/patches" | cmp -s - "$tmp/before" && echo same)"
git -C "$tmp/t" checkout -q -

# record.sh: the command's exit status, its verdict lines, and the counts
# of a results.tab it wrote.
(
	export ROOT_OUT=$tmp/h/build/out
	bash "$tmp/h/scripts/record.sh" t bash -c 'mkdir -p "$ROOT_OUT/r1"
		printf "PASS\ta\t\nFAIL\tb\t\nSKIP\tc\tx\n" > "$ROOT_OUT/r1/results.tab"
		echo noise; echo "2 passed, 1 failed, 0 skipped"; exit 3' > /dev/null 2>&1
	echo $? > "$tmp/rc"
)
r=$tmp/h/build/results/t.txt
check "record: the exit status is kept" 3 "$(cat "$tmp/rc")"
check "record: header" "make t: exit 3" "$(head -1 "$r" 2>/dev/null | cut -d, -f1)"
check "record: verdict line" "2 passed, 1 failed, 0 skipped" "$(grep passed "$r" | head -1)"
check "record: counts of the run it wrote" "r1: 1 passed, 1 failed, 0 known, 0 flaky, 1 skipped" "$(grep '^r1:' "$r")"
check "record: no noise" 0 "$(grep -c noise "$r")"
(
	# shellcheck disable=SC2046
	unset $(. "$top/scripts/lib.sh"; echo $RECORD_SETTINGS)
	RACE_ROUNDS=7 IN_CLEAN_ROOT=1 bash "$tmp/h/scripts/record.sh" t true > /dev/null 2>&1
)
check "record: the header names the settings and the clean root" \
	"s, RACE_ROUNDS='7', in a clean root (scripts/in-clean-root.sh)" \
	"$(head -1 "$r" 2>/dev/null | sed 's/.*[0-9]s, /s, /')"

# bench-report.sh: the peer verdicts, the +far boot's rows, the k30 rows
# and the "where" table, from made-up benchmark logs.
b=$tmp/h/build/out/bench
bench_log() { # RUN "ROW VALUE"...
	local r=$1
	shift
	mkdir -p "$b/$r/results"
	echo arch_sys_counter > "$b/$r/results/clocksource"
	{ echo "loops 10 runs 1"; printf '%s\n' "$@" done; } > "$b/$r/results/bench.txt"
}
bench_log x86_64-series "untraced 9.00" "floor 10.00" "direct 10.00" \
	"ops1 46.00" "ops2 109.00" "direct_k30 10.00" \
	"where direct_vmlinux dist=-1073741824 call=ftrace_caller+0x0/0x9c"
bench_log x86_64-v612 "untraced 9.00" "floor 10.00" "direct 11.00" \
	"ops1 45.00" "ops2 110.00" "direct_k30 error others -16"
bench_log arm64-series "untraced 11.00" "floor 15.00" "direct 15.00" \
	"where direct dist=4096 call=trampoline"
bench_log arm64-series+far "untraced 11.00" "direct 93.00" \
	"where direct dist=4096 call=ftrace_regs_caller+0x0/0x120"
out=$(bash "$tmp/h/scripts/bench-report.sh" x86_64-series x86_64-v612 arm64-series arm64-series+far 2>/dev/null)
m=$tmp/h/bench/results.md
check "bench-report: results.md names the series it measured" "$(bash -c '. "$1/scripts/lib.sh"; series_id' - "$tmp/h")" \
	"$(bash -c '. "$1/scripts/lib.sh"; result_series "$2"' - "$tmp/h" "$m" | cut -d' ' -f1)"
row() { grep "^| $1 |" "$m" | sed -n "${2:-1}p"; }
check "bench-report: ahead of 6.12" "| direct | +1.00 / +2.00: ahead (0.50x) |" "$(row direct 2)"
check "bench-report: behind 6.12" "| ops1 | +37.00 / +36.00: behind (1.03x) |" "$(row ops1 2)"
check "bench-report: even within 2%" "| ops2 | +100.00 / +101.00: even (0.99x) |" "$(row ops2 2)"
check "bench-report: an error is no verdict" "| direct_k30 | +1.00 / error |" "$(row direct_k30 2)"
check "bench-report: the +far boot is the direct_far row" "+82.00 (20.5x)" \
	"$(row direct_far | awk -F' [|] ' '{ print $4 }' | sed 's/ |$//')"
check "bench-report: where, far" "-1.0 GiB, through ftrace_caller" \
	"$(row direct_vmlinux 3 | awk -F' [|] ' '{ print $2 }')"
check "bench-report: where, the +far boot" "+4.0 KiB, through ftrace_regs_caller" \
	"$(row direct_far 3 | awk -F' [|] ' '{ print $4 }' | sed 's/ |$//')"
check "bench-report: the CSV has the k30 row" "direct_k30,10.00,error," "$(grep '^direct_k30,' "$tmp/h/bench/results.csv")"

# check_site_direct (scripts/guest/lib.sh) against made-up
# enabled_functions: the line it writes for FUNC, on a kernel with or
# without per-callsite ops pointers.
site_direct() { # SITEOPS FUNC ENABLED_FUNCTIONS_TEXT
	(
		T=$tmp/site ktap=$tmp/site/ktap n=0
		mkdir -p "$T"
		: > "$ktap"
		printf '%b' "$3" > "$T/enabled_functions"
		. "$top/scripts/guest/lib.sh"
		siteops=$1
		harness_arg() { [ "$1" = siteops ] && echo "$siteops"; }
		check_site_direct "t" "$2" > /dev/null
		cat "$ktap"
	)
}
ef='schedule (2) R\ttramp: list\n\tsite-ops: list\n'
ef="${ef}wake_up_process (1)    D\n\tdirect-->bpf_trampoline_6+0x0/0x90\n\tsite-ops: direct bpf_trampoline_6+0x0/0x90\n"
ef="${ef}do_exit (1)\n\tsite-ops: function_trace_call+0x0/0x110\n"
check "guest: check_site_direct: the trampoline in the pointer" \
	"ok 1 t: the callsite's ops pointer holds the trampoline" "$(site_direct yes wake_up_process "$ef")"
check "guest: check_site_direct: an ops in the pointer fails" \
	"not ok 1 t: the callsite's ops pointer holds the trampoline: 'function_trace_call+0x0/0x110'" \
	"$(site_direct yes do_exit "$ef")"
check "guest: check_site_direct: the list fails" \
	"not ok 1 t: the callsite's ops pointer holds the trampoline: 'list'" "$(site_direct yes schedule "$ef")"
check "guest: check_site_direct: no line for the function fails" \
	"not ok 1 t: the callsite's ops pointer holds the trampoline: 'no site-ops line'" \
	"$(site_direct yes handle_mm_fault "$ef")"
check "guest: check_site_direct: no test without the pointers" "" "$(site_direct no do_exit "$ef")"

# test_progs_ktap (scripts/guest/plan-bpf-selftests.sh) on made-up
# test_progs output: one KTAP line per test and subtest result line, and
# nothing from the log lines around them.
tp_ktap() { # TEST_PROGS_OUTPUT_TEXT
	(
		ktap=$tmp/tp.ktap n=0
		: > "$ktap"
		printf '%b' "$1" > "$tmp/tp.txt"
		. "$top/scripts/guest/lib.sh"
		. "$top/scripts/guest/plan-bpf-selftests.sh"
		test_progs_ktap "$tmp/tp.txt" > /dev/null
		cat "$ktap"
	)
}
tp='test_fentry_test:FAIL:attach unexpected error: -524 (errno 524)\n#60      fentry_test:FAIL\n'
tp="${tp}#27/1    bpf_cookie/trampoline:OK\n#27/2    bpf_cookie/lsm:SKIP\n#27      bpf_cookie:OK (SKIP: 1/2)\n"
tp="${tp}#5/3     d_path/check alloc mem:OK\n# 0: (b7) r0 = 0\nSummary: 1/2 PASSED, 1 SKIPPED, 1 FAILED\n"
check "guest: test_progs_ktap: results, no log lines" \
	"$(printf '%s\n' 'not ok 1 test_progs: fentry_test' 'ok 2 test_progs: bpf_cookie/trampoline' \
		'ok 3 test_progs: bpf_cookie/lsm # SKIP test_progs skipped it' 'ok 4 test_progs: bpf_cookie' \
		'ok 5 test_progs: d_path/check alloc mem')" "$(tp_ktap "$tp")"
# test_progs repeats each failed test's log and result line after "All
# error logs:": one KTAP line each all the same.
check "guest: test_progs_ktap: the repeated error logs count once" \
	"$(printf '%s\n' 'not ok 1 test_progs: lru_bug' 'ok 2 test_progs: modify_return')" \
	"$(tp_ktap '#15      lru_bug:FAIL\n#16      modify_return:OK\n\nAll error logs:\ntest_lru_bug:FAIL:x\n#15      lru_bug:FAIL\nSummary: 1/0 PASSED, 0 SKIPPED, 1 FAILED\n')"
tp_ran() { # LIST TEST_PROGS_OUTPUT_TEXT
	(
		ktap=$tmp/tp.ktap n=0
		: > "$ktap"
		printf '%b' "$2" > "$tmp/tp.txt"
		. "$top/scripts/guest/lib.sh"
		. "$top/scripts/guest/plan-bpf-selftests.sh"
		test_progs_ktap "$tmp/tp.txt" > /dev/null
		test_progs_ran "$1" > /dev/null
		tail -1 "$ktap"
	)
}
check "guest: test_progs_ran: all ran" "ok 4 test_progs: every listed test ran" \
	"$(tp_ran lru_bug,bpf_cookie/lsm '#15      lru_bug:FAIL\n#27/2    bpf_cookie/lsm:SKIP\n#27      bpf_cookie:OK\n')"
check "guest: test_progs_ran: a listed name that ran nothing fails" \
	"not ok 3 test_progs: every listed test ran: not core_kern" \
	"$(tp_ran lru_bug,core_kern '#15      lru_bug:OK\n#7       core_kern_lskel:OK\n')"
check "guest: test_progs_ktap: no result lines, no KTAP" "" "$(tp_ktap 'Summary: 0/0 PASSED, 0 SKIPPED, 0 FAILED\n')"

# run_parse (scripts/lib.sh): the build directory of a make bpf or make
# bpf-selftests run, "-distro" picking the second flavour.
rp() { (. "$top/scripts/lib.sh" >/dev/null; run_parse "$@"; echo "$arch $v $flavour $name"); }
check "lib: run_parse" "arm64 series bpf-selftests arm64-series-bpf-selftests" \
	"$(rp arm64-series bpf-selftests bpf-selftests-distro)"
check "lib: run_parse: -distro" "arm64 series bpf-selftests-distro arm64-series-bpf-selftests-distro" \
	"$(rp arm64-series-distro bpf-selftests bpf-selftests-distro)"
check "lib: run_parse: make bpf's" "x86_64 base distro x86_64-base-distro" "$(rp x86_64-base-distro bpf distro)"
rm -rf "$tmp"

# More cases, one file per area of the harness (tests/harness.d/*.sh):
# each is sourced here, so it has $top and check(), and cleans up after
# itself.
for t in "$top"/tests/harness.d/*.sh; do
	[ -f "$t" ] || continue
	. "$t"
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
