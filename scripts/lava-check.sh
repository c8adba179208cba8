#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lava-check.sh [--no-negative] [RUN...]: the LAVA jobs of "make lava",
# proven on this machine with no LAVA server: for each RUN
# (arm64-series x86_64-series), the qemu job that scripts/lava.sh writes
# for its make check kernel runs under Debian's lava-run, with a device
# dictionary for the qemu device type written here, and every test case
# it reports is held against the same test of that kernel's last make
# check boot: the same tests, the same verdicts.  make check's verdicts
# are scripts/report.sh's before expectations (--allow-skips, no
# expectations file): what the guest's LAVA /init prints, with
# report.sh's own functions.  Then the negative control: the quick "far"
# plan on arm64-series with a plan file that fails one test
# (tests/lava/negative-plan.sh) must show that test as failed in
# lava-run's results.  Everything lands in build/lava-check/.
# It builds no kernel: make check must have booted each RUN.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

negative=1
if [ "${1:-}" = --no-negative ]; then
	negative=0
	shift
fi
runs=${*:-arm64-series x86_64-series}
work=$BUILD/lava-check
rm -rf "$work"
mkdir -p "$work"
failed=0 same_total=0 bad_total=0

"$ROOT/scripts/install-deps.sh" lava

# device_dictionary ARCH: a device dictionary of the qemu device type, as
# a LAVA server renders one for a job (lava-run takes it as it is): the
# QEMU of the arch, run as scripts/boot.sh runs it under TCG.
device_dictionary() {
	local o
	load_arch "$1"
	cat <<-EOF
	device_type: qemu
	available_architectures: [arm64, amd64]
	constants:
	  kernel-start-message: "Linux version [0-9]"
	  shutdown-message: "reboot: Restarting system"
	  default-shell-prompt: "lava-test: # "
	  failure_retry: 1
	  failure_retry_interval: 1
	  boot_retry: 1
	  posix:
	    lava_test_sh_cmd: /bin/sh
	    lava_test_results_dir: /lava-%s
	    lava_test_shell_file: ~/.bashrc
	actions:
	  deploy:
	    connections:
	      serial:
	    methods:
	      image:
	        parameters:
	          guest: {size: 512, interface: ide, driveid: lavatest}
	  boot:
	    connections:
	      serial:
	    methods:
	      qemu:
	        parameters:
	          command: $QEMU
	          options:
	EOF
	for o in -nographic -no-reboot "$QEMU_MACHINE" "-accel tcg,thread=${QEMU_TCG_THREAD:-multi}" \
		"-smp 2" "-m 1G"; do
		echo "          - $o"
	done
}

# lava_log results|console LOG: from lava-run's log (one YAML/JSON
# mapping a line), "RESULT<TAB>NAME" of every test case of the plan's
# suite (a "results" line whose definition is the monitor's, its name as
# the guest printed it in extra.test_case_id), or the guest's console
# lines.
lava_log() {
	PATH=/usr/bin:$PATH python3 -c '
import json, sys
want = sys.argv[1]
for line in open(sys.argv[2], encoding="utf-8", errors="replace"):
    try:
        entry = json.loads(line)
    except ValueError:
        continue
    if not isinstance(entry, dict):
        continue
    msg = entry.get("msg")
    if want == "console":
        if entry.get("lvl") == "target":
            print(msg)
        continue
    if entry.get("lvl") != "results" or not isinstance(msg, dict):
        continue
    if not str(msg.get("definition", "")).startswith("ftrace-direct-"):
        continue
    name = (msg.get("extra") or {}).get("test_case_id", msg.get("case"))
    print("%s\t%s" % (msg.get("result"), name))
' "$1" "$2"
}

# check_verdicts RUN: "RESULT<TAB>NAME" of make check's last boot of RUN:
# report.sh on a copy of its results, with no expectations and every
# SKIP kept; PASS is pass, SKIP skip, anything else fail.
check_verdicts() {
	local t
	t=$(mktemp -d)
	mkdir -p "$t/root/$1" "$t/exp"
	cp -r "$OUTDIR/$1/results" "$t/root/$1/"
	cp "$OUTDIR/$1/console.log" "$t/root/$1/" 2>/dev/null || true
	"$ROOT/scripts/report.sh" --results-root "$t/root" --expectations "$t/exp" --allow-skips "$1" \
		> /dev/null 2>&1 || true
	awk -F'\t' '{ r = $1 == "PASS" ? "pass" : $1 == "SKIP" ? "skip" : "fail"; printf "%s\t%s\n", r, $2 }' \
		"$t/root/$1/results.tab"
	rm -rf "$t"
}

# lava_run NAME ARCH JOB: run JOB under lava-run in build/lava-check/NAME,
# with this arch's device dictionary; its log is lava-run.log there.
lava_run() {
	local d=$work/$1
	mkdir -p "$d/out"
	device_dictionary "$2" > "$d/device.yaml"
	log "$1: lava-run $(basename "$(dirname "$3")")/$(basename "$3")"
	timeout -k 30 $((60 * 70)) lava-run --job-id "$1" --output-dir "$d/out" \
		--device "$d/device.yaml" "$3" > "$d/lava-run.log" 2>&1 || true
	cp "$3" "$d/job.yaml"
	grep '"case": "job"' "$d/lava-run.log" | tail -1 | sed "s/^/$1: lava-run: /" >&2 || true
}

# The jobs, from the kernels make check built and booted.
for r in $runs; do
	[ "$(cat "$OUTDIR/$r/results/status" 2>/dev/null)" = complete ] ||
		die "$r: no complete make check results in build/out/$r (run make check first)"
done
# shellcheck disable=SC2086
"$ROOT/scripts/lava.sh" --out "$work/jobs" --plan check $runs | tail -1

for r in $runs; do
	arch=${r%%-*}
	lava_run "$r" "$arch" "$work/jobs/jobs/$r/qemu.yaml"
	d=$work/$r
	lava_log results "$d/lava-run.log" > "$d/lava.tab"
	check_verdicts "$r" > "$d/check.tab"
	lava_log console "$d/lava-run.log" > "$d/console.log"
	# The same kernel, booted the same way: the same words (boot.sh
	# leaves a space where an empty argument goes, the job does not).
	want=$(grep -a -m1 '^Kernel command line:' "$OUTDIR/$r/console.log" | tr -d '\r' |
		sed 's/.*: //' | tr -s ' ' | sed 's/ $//')
	got=$(grep -a -m1 'Kernel command line:' "$d/console.log" | tr -d '\r' |
		sed 's/.*Kernel command line: //' | tr -s ' ' | sed 's/ $//')
	if [ "$want" = "$got" ]; then
		echo "ok: $r: the LAVA boot's kernel command line is make check's"
	else
		echo "not ok: $r: kernel command line: make check '$want', LAVA '$got'"
		failed=1
		bad_total=$((bad_total + 1))
	fi
	# The per-test comparison: every test of either side, in make
	# check's order, then the ones only LAVA reported.
	awk -F'\t' -v run="$r" -v lava_tab="$d/lava.tab" '
		BEGIN {
			while ((getline line < lava_tab) > 0) {
				split(line, f, "\t"); lava[f[2]] = f[1]; order_l[++nl] = f[2]
			}
		}
		{ check[$2] = $1; order_c[++nc] = $2 }
		END {
			printf "%-6s %-6s %s\n", "check", "lava", "test (" run ")"
			for (i = 1; i <= nc; i++) {
				n = order_c[i]; l = (n in lava) ? lava[n] : "-"
				mark = l == check[n] ? "" : "   <-- differs"
				printf "%-6s %-6s %s%s\n", check[n], l, n, mark
				if (l == check[n]) same++; else if (l == "-") only_c++; else differ++
			}
			for (i = 1; i <= nl; i++) {
				n = order_l[i]
				if (!(n in check)) { printf "%-6s %-6s %s   <-- only in LAVA\n", "-", lava[n], n; only_l++ }
			}
			printf "lava vs check: %s: %d tests, %d with the same verdict, %d differ, %d only in make check, %d only in LAVA\n",
				run, nc + only_l, same, differ, only_c, only_l
		}' "$d/check.tab" > "$d/compare.txt"
	cat "$d/compare.txt"
	s=$(tail -1 "$d/compare.txt" | sed -n 's/.* \([0-9]*\) with the same verdict.*/\1/p')
	n=$(tail -1 "$d/compare.txt" | sed -n 's/.*: \([0-9]*\) tests,.*/\1/p')
	same_total=$((same_total + ${s:-0}))
	if [ "${n:-0}" = 0 ] || [ "${s:-0}" != "${n:-0}" ]; then
		failed=1
		bad_total=$((bad_total + ${n:-0} - ${s:-0}))
		[ "${n:-0}" = 0 ] && bad_total=$((bad_total + 1))
	fi
done

# The negative control: one test that fails on purpose must be a failed
# test case in lava-run's results.
if [ $negative = 1 ]; then
	name=$(sed -n 's/.*notok "\(.*\)".*/\1/p' "$ROOT/tests/lava/negative-plan.sh" | head -1)
	"$ROOT/scripts/lava.sh" --out "$work/negative-jobs" --plan far \
		--add-plan-file "$ROOT/tests/lava/negative-plan.sh" arm64-series | tail -1
	lava_run negative arm64 "$work/negative-jobs/jobs/arm64-series/qemu.yaml"
	lava_log results "$work/negative/lava-run.log" > "$work/negative/lava.tab"
	sed 's/^/negative control: lava-run: /' "$work/negative/lava.tab"
	got=$(awk -F'\t' -v n="$name" '$2 == n { print $1 }' "$work/negative/lava.tab")
	if [ "$got" = fail ]; then
		echo "ok: negative control: '$name' is a failed test case in lava-run's results"
	else
		echo "not ok: negative control: '$name' is '${got:-missing}' in lava-run's results, not fail"
		failed=1
		bad_total=$((bad_total + 1))
	fi
fi

echo "lava-run logs, jobs and comparisons: build/lava-check/"
echo "$same_total passed, $bad_total failed, 0 skipped"
[ $failed = 0 ]
