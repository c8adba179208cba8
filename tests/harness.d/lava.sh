# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/run.sh ($top, check).  make lava (scripts/lava.sh) on
# a made-up build tree: one job per device type of each arch, every URL
# under the LAVA_URL given, the boot's command line, the initramfs with
# the LAVA /init; every job valid under LAVA's own job schema
# (scripts/lava/validate-job.py, Debian's lava-common), and broken jobs
# refused by it; the guest's copy of report.sh's functions gives
# report.sh's verdicts; the test monitor's pattern reads the guest's
# lines.
lv=$(mktemp -d)
mkdir -p "$lv/h"
cp -r "$top/scripts" "$lv/h/"
# lv_kernel ARCH IMAGE: a built kernel as build-kernel.sh and
# make-initramfs.sh leave it, with a one-file initramfs.
lv_kernel() {
	local d=$lv/h/build/out/$1-series
	mkdir -p "$d/$(dirname "$2")" "$d/st"
	echo "kernel $1" > "$d/$2"
	echo 6.1.0-lava-test > "$d/kernelrelease"
	echo "CONFIG_FTRACE=y" > "$d/.config"
	printf '#!/bin/sh\n' > "$d/st/init"
	(cd "$d/st" && echo init | cpio -o -H newc --quiet) > "$d/initramfs.cpio"
}
lv_kernel arm64 arch/arm64/boot/Image
lv_kernel x86_64 arch/x86/boot/bzImage
for lv_dtb in broadcom/bcm2711-rpi-4-b.dtb arm/juno-r2.dtb; do
	mkdir -p "$lv/h/build/out/arm64-series/arch/arm64/boot/dts/$(dirname "$lv_dtb")"
	echo dtb > "$lv/h/build/out/arm64-series/arch/arm64/boot/dts/$lv_dtb"
done
lv_out=$lv/h/build/lava/check
out=$(bash "$lv/h/scripts/lava.sh" --url https://lab.example/ftrace/ arm64-series arm64-series+far \
	x86_64-series 2>&1)
check "lava: make lava writes and validates every job" "0/8" "$?/$(echo "$out" | grep -c '^valid: ')"
check "lava: one job per device type of each arch" \
	"arm64-series/bcm2711-rpi-4-b arm64-series/juno-r2 arm64-series/qemu arm64-series+far/bcm2711-rpi-4-b arm64-series+far/juno-r2 arm64-series+far/qemu x86_64-series/qemu x86_64-series/x86" \
	"$(cd "$lv_out/jobs" 2>/dev/null && ls -d */*.yaml | sed 's/\.yaml$//' | LC_ALL=C sort -t/ -k1,1 -k2 | paste -sd' ')"
check "lava: every URL is under LAVA_URL, and names an artifact that is there" "" \
	"$(sed -n 's/^ *url: "\(.*\)"$/\1/p' "$lv_out"/jobs/*/*.yaml | while read -r u; do
		case "$u" in https://lab.example/ftrace/*) [ -f "$lv_out/${u#https://lab.example/ftrace/}" ] && continue ;; esac
		echo "$u"; done | sort -u)"
check "lava: a checksum for the kernel that is there" \
	"$(sha256sum < "$lv_out/arm64-series/Image" | cut -d' ' -f1)" \
	"$(sed -n '/Image"$/{n;s/ *sha256sum: "\(.*\)"/\1/p;}' "$lv_out/jobs/arm64-series/qemu.yaml")"
check "lava: the qemu job boots as boot.sh does: the plan, the variant, the series boot's args" \
	'-kernel {kernel} -append "console=ttyAMA0 panic=-1 oops=panic loglevel=6 harness.plan=check harness.variant=series ftrace_direct_farx harness.siteops=no"' \
	"$(sed -n 's/^ *image_arg: \(-kernel.*\)/\1/p' "$lv_out/jobs/arm64-series/qemu.yaml")"
check "lava: an extra boot's args, on a board: no console=, the lab's dictionary has it" \
	'extra_kernel_args: "panic=-1 oops=panic loglevel=6 harness.plan=check harness.variant=series ftrace_direct_far harness.siteops=no"' \
	"$(grep -o 'extra_kernel_args: .*' "$lv_out/jobs/arm64-series+far/juno-r2.yaml")"
lv_st=$lv/st
mkdir -p "$lv_st"
(cd "$lv_st" && gzip -dc "$lv_out/arm64-series/initramfs-lava.cpio.gz" | cpio -id --quiet 2>/dev/null)
check "lava: the initramfs: the LAVA /init, the harness's /init, report.sh's functions, the splat scan" \
	"same/same/yes/yes" \
	"$(cmp -s "$lv_st/init" "$top/scripts/lava/init" && echo same)/$(cmp -s "$lv_st/lava/harness-init" \
		"$top/scripts/guest/init" && echo same)/$(grep -q '^raw_results() {' \
		"$lv_st/lava/report-functions.sh" 2>/dev/null && echo yes)/$(
		[ -x "$lv_st/lava/scripts/scan-splats.sh" ] && echo yes)"
# A board whose DTB is missing gets no job, and says so.
rm "$lv/h/build/out/arm64-series/arch/arm64/boot/dts/arm/juno-r2.dtb"
out=$(bash "$lv/h/scripts/lava.sh" --out "$lv/nodtb" arm64-series 2>&1)
check "lava: no DTB, no job for that board, named" "0/yes/no" \
	"$?/$(echo "$out" | grep -q '^no job: arm64-series on juno-r2: no arm/juno-r2.dtb' && echo yes)/$(
		[ -f "$lv/nodtb/jobs/arm64-series/juno-r2.yaml" ] && echo yes || echo no)"
out=$(bash "$lv/h/scripts/lava.sh" --out "$lv/none" arm64-base 2>&1)
check "lava: a run that was never built fails, naming it" "1/yes" \
	"$?/$(echo "$out" | grep -q 'arm64-base: no kernel' && echo yes)"

# LAVA's schema refuses broken jobs: the validator alone, then make lava
# with a broken template.
lv_v() { PATH=/usr/bin:$PATH python3 "$top/scripts/lava/validate-job.py" "$@" 2>&1; }
lv_job=$lv_out/jobs/arm64-series/bcm2711-rpi-4-b.yaml
out=$(lv_v "$lv_job")
check "lava: validator: the generated board job is valid" "0/valid: $lv_job" "$?/$out"
sed '/^    kernel:$/,/^      type: image$/d' "$lv_job" > "$lv/nokernel.yaml"
out=$(lv_v "$lv/nokernel.yaml")
check "lava: validator: a tftp deploy without a kernel is refused" "1/yes" \
	"$?/$(echo "$out" | grep -q '^invalid: .*needs a kernel to deploy' && echo yes)"
sed 's/^    - name: ftrace-direct-check$/    - name: ftrace direct check/' "$lv_job" > "$lv/badname.yaml"
out=$(lv_v "$lv/badname.yaml")
check "lava: validator: a test suite name with spaces is refused" "1/yes" \
	"$?/$(echo "$out" | grep -q '^invalid: .*monitors' && echo yes)"
sed '/^- test:$/,/minutes:/s/minutes: .*/minutes: 900/' "$lv_job" > "$lv/longtest.yaml"
out=$(lv_v "$lv/longtest.yaml")
check "lava: validator: a test timeout beyond the job's is refused" "1/yes" \
	"$?/$(echo "$out" | grep -q '^invalid: .*timeout is larger than job timeout' && echo yes)"
out=$(lv_v "$lv/does-not-exist.yaml")
check "lava: validator: a missing job fails closed" "1/yes" "$?/$(echo "$out" | grep -q '^invalid: ' && echo yes)"
sed -i 's/^    method: u-boot$/    method: uboot/' "$lv/h/scripts/lava/bcm2711-rpi-4-b.yaml"
out=$(bash "$lv/h/scripts/lava.sh" --out "$lv/broken" arm64-series 2>&1)
check "lava: make lava fails on a job LAVA's schema refuses, naming it" "1/yes" \
	"$?/$(echo "$out" | grep -qF 'invalid: jobs/arm64-series/bcm2711-rpi-4-b.yaml: unknown action type (at actions/boot/uboot)' && echo yes)"

# The guest's copy of report.sh's functions, run by sh (dash, an ash like
# the guest's busybox sh) on a report fixture, gives report.sh's own
# verdicts before expectations.
lv_case=$top/tests/report/flaky
lv_run=$(cd "$lv_case" && ls -d */results | head -1 | cut -d/ -f1)
mkdir -p "$lv/r/exp" "$lv/r/root"
cp -r "$lv_st/lava" "$lv/g"
cp -r "$lv_case/$lv_run" "$lv/r/root/"
bash "$top/scripts/report.sh" --results-root "$lv/r/root" --expectations "$lv/r/exp" --allow-skips \
	"$lv_run" > /dev/null 2>&1
check "lava: the guest's raw_results is report.sh's (tests/report/flaky)" \
	"$(cut -f1,2 "$lv/r/root/$lv_run/results.tab")" \
	"$(sh -c 'ROOT=$1; . "$1/report-functions.sh"; raw_results "$2"' - "$lv/g" "$lv_case/$lv_run" 2>&1 |
		cut -f1,2)"

# The test monitor's pattern, as LAVA's monitor reads it: result and
# name, the note left out, only whole lines, and not the end line.
# lv_pat TEXT [partial|crcrlf]: what the pattern finds in TEXT and a CR
# LF, in TEXT alone, or in TEXT and CR CR LF.
lv_pat() {
	PATH=/usr/bin:$PATH python3 -c '
import re, sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
mon = [a["test"]["monitors"][0] for a in job["actions"] if "test" in a][0]
ends = {"partial": "", "crcrlf": "\r\r\n"}
text = sys.argv[2] + ends.get((sys.argv[3:] or [""])[0], "\r\n")
m = re.search(mon["pattern"], text, re.DOTALL)
print("%s|%s" % (m.group("result"), m.group("test_case_id")) if m else "none")' "$lv_job" "$@"
}
check "lava: monitor: a pass" "pass|startup: the ftrace self tests at boot passed (7 tests)" \
	"$(lv_pat 'harness-lava: pass startup: the ftrace self tests at boot passed (7 tests)')"
check "lava: monitor: a skip, its note left out" "skip|livepatch: a livepatch and a direct call share a function" \
	"$(lv_pat 'harness-lava: skip livepatch: a livepatch and a direct call share a function # no CONFIG_LIVEPATCH')"
check "lava: monitor: a fail" "fail|ftracetest: ran every planned test" \
	"$(lv_pat 'harness-lava: fail ftracetest: ran every planned test # 3 result lines, 4 planned')"
check "lava: monitor: a line through QEMU's console and a pty (CR CR LF)" "pass|kill: the modules of the trampolines cannot be unloaded" \
	"$(lv_pat 'harness-lava: pass kill: the modules of the trampolines cannot be unloaded' crcrlf)"
check "lava: monitor: half a line is no result yet" "none" "$(lv_pat 'harness-lava: pass startup: the ftr' partial)"
check "lava: monitor: the end line is no result" "none" "$(lv_pat 'harness-lava: end, 94 results')"
rm -rf "$lv"
