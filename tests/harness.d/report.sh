# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/run.sh ($top, check).  What the guest records for
# report.sh to hold the results against (how many ftracetest results the
# plan asked for, the retry of a failed test_progs test), and the notes
# and lines of report.sh that a case's last line does not show.
tmp=$(mktemp -d)

# ftracetest_planned (scripts/guest/lib.sh) on a made-up ftracetest tree:
# each .tc once, once more for "# flags: instance", a .tc file given by
# name as well as a directory.
mkdir -p "$tmp/ft/test.d/ftrace" "$tmp/ft/test.d/direct" "$tmp/ft/test.d/ftrace/sub" "$tmp/h"
printf '#!/bin/sh\n# description: a\n# flags: instance\n' > "$tmp/ft/test.d/ftrace/a.tc"
printf '#!/bin/sh\n# description: b\n' > "$tmp/ft/test.d/ftrace/b.tc"
printf '#!/bin/sh\n# description: s\n# flags: instance\n' > "$tmp/ft/test.d/ftrace/sub/s.tc"
printf '#!/bin/sh\n' > "$tmp/ft/test.d/ftrace/functions"
printf '#!/bin/sh\n# description: c\n' > "$tmp/ft/test.d/direct/c.tc"
printf '#!/bin/sh\n# description: h\n# flags: instance\n' > "$tmp/h/h.tc"
planned() { # ARGS...
	(
		. "$top/scripts/guest/lib.sh"
		cd "$tmp/ft" && ftracetest_planned "$@"
	)
}
check "guest: ftracetest_planned: directories, instances" 6 "$(planned test.d/ftrace test.d/direct)"
check "guest: ftracetest_planned: a .tc file by name" 8 "$(planned test.d/direct "$tmp/h/h.tc" test.d/ftrace)"

# test_progs_failed and test_progs_retry (scripts/guest/plan-bpf-selftests.sh):
# the failed tests, a failed test through its failed subtests only, run
# once more by a stand-in test_progs; the retry's results as KTAP in
# retry.ktap, the plan's own KTAP and count untouched.
tp='#3/1     task_local_storage/sys_enter_exit:OK\n#3/2     task_local_storage/exit_creds:FAIL\n'
tp="${tp}#3      task_local_storage:FAIL\n#15      lru_bug:FAIL\n#16/1    d_path/basic:OK\n"
tp="${tp}#16/2    d_path/check alloc mem:FAIL\n#16      d_path:FAIL\n#17      modify_return:OK\n"
tp="${tp}\nAll error logs:\n#15      lru_bug:FAIL\n#18      fentry_test:FAIL\nSummary: 1/2 PASSED, 0 SKIPPED, 3 FAILED\n"
check "guest: test_progs_failed: failed subtests stand for their test" \
	"task_local_storage/exit_creds,lru_bug,d_path/check alloc mem" \
	"$(printf '%b' "$tp" > "$tmp/tp.txt"; . "$top/scripts/guest/plan-bpf-selftests.sh"; test_progs_failed "$tmp/tp.txt" | paste -sd,)"
mkdir -p "$tmp/bs" "$tmp/R"
cat > "$tmp/bs/test_progs" <<'EOF'
#!/bin/sh
printf '%s\n' "$@" > args
printf '#3/2     task_local_storage/exit_creds:OK\n#3      task_local_storage:OK\n'
printf '#15      lru_bug:FAIL\n#16/2    d_path/check alloc mem:OK\n#16      d_path:OK\n'
printf 'Summary: 2/1 PASSED, 0 SKIPPED, 1 FAILED\n'
EOF
chmod +x "$tmp/bs/test_progs"
retry() {
	(
		R=$tmp/R ktap=$tmp/R/samples.ktap n=7
		echo 'ok 7 x' > "$ktap"
		printf '%b' "$tp" > "$R/test_progs.txt"
		. "$top/scripts/guest/lib.sh"
		. "$top/scripts/guest/plan-bpf-selftests.sh"
		test_progs_retry "$tmp/bs" > /dev/null
		echo "$n $(cat "$ktap")"
	)
}
check "guest: test_progs_retry: the plan's KTAP and count untouched" "7 ok 7 x" "$(retry)"
check "guest: test_progs_retry: one test_progs -a run of the failed ones" \
	"-a/task_local_storage/exit_creds,lru_bug,d_path/check alloc mem" "$(paste -sd/ "$tmp/bs/args" 2>/dev/null)"
check "guest: test_progs_retry: retry.ktap" \
	"$(printf '%s\n' 'ok 1 test_progs: task_local_storage/exit_creds' 'ok 2 test_progs: task_local_storage' \
		'not ok 3 test_progs: lru_bug' 'ok 4 test_progs: d_path/check alloc mem' 'ok 5 test_progs: d_path')" \
	"$(cat "$tmp/R/retry.ktap" 2>/dev/null)"
rm -f "$tmp/R/retry.ktap" "$tmp/bs/args"
tp='#17      modify_return:OK\nSummary: 1/0 PASSED, 0 SKIPPED, 0 FAILED\n'
check "guest: test_progs_retry: nothing failed, no retry" "7 ok 7 x/no args/no retry.ktap" \
	"$(retry)/$([ -f "$tmp/bs/args" ] && echo args || echo no args)/$([ -f "$tmp/R/retry.ktap" ] && echo retry.ktap || echo no retry.ktap)"

# report.sh: the notes of a wrong failure mode and of a listed flaky test
# without a PASS on its retry, and the FLAKY count of each kernel.
note() { # CASE RUN TEST: "STATUS/NOTE" of TEST in the case's results.tab
	cp -a "$top/tests/report/$1" "$tmp/c"
	bash "$top/scripts/report.sh" --results-root "$tmp/c" --expectations "$tmp/c/expectations" > "$tmp/out" 2>&1
	awk -F'\t' -v t="$3" '$2 == t { print $1 "/" $3 }' "$tmp/c/$2/results.tab"
	rm -rf "$tmp/c"
}
check "report: fail on an UNRESOLVED: the note names both modes" \
	"FAIL/expected FAIL, got UNRESOLVED: UNRESOLVED: one vCPU" \
	"$(note known-failure-wrong-mode x86_64-series 'ftracetest: ftrace - function trace with cpumask')"
check "report: fail[UNRESOLVED] on a FAIL: the note names both modes" \
	"FAIL/expected UNRESOLVED, got FAIL: no ftrace-direct module" \
	"$(note known-failure-wrong-mode x86_64-series 'ftracetest: Test ftrace direct functions against kprobes')"
check "report: fail[UNRESOLVED] on an UNRESOLVED is known" \
	"KNOWN/one vCPU" \
	"$(note known-failure-named-mode x86_64-series 'ftracetest: ftrace - function trace with cpumask')"
check "report: a listed flaky test not retried fails" \
	"FAIL/listed flaky, but no PASS on a retry in this boot (FAIL, not retried)" \
	"$(note flaky-listed-no-pass x86_64-series-bpf-selftests 'test_progs: task_local_storage/exit_creds')"
check "report: a listed flaky test that fails its retry fails" \
	"FAIL/listed flaky, but no PASS on a retry in this boot (FAIL, then FAIL on retry)" \
	"$(note flaky-listed-no-pass x86_64-base-bpf-selftests 'test_progs: task_local_storage/exit_creds')"
check "report: a listed flaky test that passes its retry is FLAKY" \
	"FLAKY/known flaky: racy in 6.1 (FAIL, then PASS on retry)" \
	"$(note flaky-listed x86_64-base-bpf-selftests 'test_progs: task_local_storage/exit_creds')"
check "report: an unlisted FAIL that passes its retry still fails" \
	"FAIL/FAIL, then PASS on retry" \
	"$(cp -a "$top/tests/report/flaky-listed" "$tmp/c"
		sed -i '/^flaky/d' "$tmp/c/expectations/x86_64-base-bpf-selftests.txt"
		bash "$top/scripts/report.sh" --results-root "$tmp/c" --expectations "$tmp/c/expectations" > /dev/null 2>&1
		awk -F'\t' '$2 == "test_progs: task_local_storage/exit_creds" { print $1 "/" $3 }' \
			"$tmp/c/x86_64-base-bpf-selftests/results.tab"
		rm -rf "$tmp/c")"
check "report: the FLAKY count of each kernel, base and series side by side" \
	"flaky per kernel: x86_64: base-bpf-selftests 2, series-bpf-selftests 0" \
	"$(note flaky-listed x86_64-base-bpf-selftests - > /dev/null; grep '^flaky per kernel' "$tmp/out")"
cp -a "$top/tests/report/flaky" "$tmp/c"
mkdir -p "$tmp/c/x86_64-series/results" "$tmp/c/arm64-base/results"
check "report: the FLAKY count of each kernel, every arch" \
	"flaky per kernel: arm64: base 0, series 1; x86_64: series 0" \
	"$(bash "$top/scripts/report.sh" --results-root "$tmp/c" --expectations "$tmp/c/expectations" \
		arm64-base arm64-series x86_64-series 2>&1 | grep '^flaky per kernel')"
rm -rf "$tmp"

# report.sh on a run name with no directory under the results root: that
# run did not run at all, which fails; the runs that exist still count.
mkdir -p "$tmp/m/expectations" "$tmp/m/real/results"
printf 'ok 1 one\n' > "$tmp/m/real/results/samples.ktap"
echo complete > "$tmp/m/real/results/status"
echo "plan runs no ftracetest" > "$tmp/m/real/results/no-kselftest"
echo "[    0.000000] Linux version 6.1" > "$tmp/m/real/results/dmesg.txt"
echo "Linux version 6.1" > "$tmp/m/real/console.log"
out=$(bash "$top/scripts/report.sh" --results-root "$tmp/m" --expectations "$tmp/m/expectations" \
	real no-such-run 2>/dev/null)
rc=$?
check "report: a run with no directory fails" "2 passed, 1 failed, 0 skipped/1" "$(echo "$out" | tail -1)/$rc"
bash "$top/scripts/report.sh" --results-root "$tmp/m" --expectations "$tmp/m/expectations" \
	no-such-run > /dev/null 2>&1
check "report: a run with no directory fails alone" 1 $?

# A serial console's CR LF lines: the allowed WARN is still removed
# (tests/report/allowed-warn-crlf, from a real make lifetime run), but a
# second WARN in CR LF stays in, and the note names the run's console.log,
# not the scan's copy of it.
cp -a "$top/tests/report/allowed-warn-crlf" "$tmp/c"
printf '%s\r\n' '------------[ cut here ]------------' \
	'WARNING: CPU: 0 PID: 9 at kernel/trace/ftrace.c:2183 ftrace_bug+0x1ec/0x22c' \
	'Call trace:' ' ftrace_bug+0x1ec/0x22c' '---[ end trace 0000000000000000 ]---' \
	>> "$tmp/c/arm64-window-lifetime+killreg/console.log"
bash "$top/scripts/report.sh" --results-root "$tmp/c" --expectations "$tmp/c/expectations" > /dev/null 2>&1
check "report: CR LF console, a second WARN stays in; the note names the run's log" \
	"FAIL/$tmp/c/arm64-window-lifetime+killreg/console.log" \
	"$(awk -F'\t' '$2 == "dmesg: no splats" { print $1 "/" $3 }' \
		"$tmp/c/arm64-window-lifetime+killreg/results.tab" | sed 's/:[0-9]*:.*//; s/splat: //')"
rm -rf "$tmp/c"
