# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/run.sh ($top, check).  make check reports every run it
# planned, and none of them with results left from an earlier make check:
# check_runs (scripts/lib.sh) against ARCHES, VARIANTS and DISTRO_ARCHES,
# and scripts/check.sh on a copy of the harness whose builds all fail,
# with the results of a complete earlier run in every run directory.
crt=$(mktemp -d)

# crt_runs [VAR=VALUE...]: check_runs with those settings, on one line.
crt_runs() {
	env -u ARCHES -u VARIANTS -u DISTRO_ARCHES "$@" \
		bash -c '. "$1/scripts/lib.sh"; check_runs' - "$top" 2>/dev/null | paste -sd' '
}
check "check_runs: the default runs" \
	"x86_64-series x86_64-base arm64-series arm64-series+far arm64-base arm64-series-distro" "$(crt_runs)"
check "check_runs: ARCHES" "x86_64-series x86_64-base" "$(crt_runs ARCHES=x86_64)"
check "check_runs: no series, no extra or distro boots" "x86_64-base arm64-base" "$(crt_runs VARIANTS=base)"
check "check_runs: DISTRO_ARCHES=''" "arm64-series arm64-series+far" \
	"$(crt_runs ARCHES=arm64 VARIANTS=series DISTRO_ARCHES=)"

# check.sh with stand-ins for every script it runs: the host checks pass,
# every build fails, and report.sh writes down the runs it was given and
# what each one's directory still held.
h=$crt/h
mkdir -p "$h/scripts/arch" "$h/tests"
cp "$top/scripts/check.sh" "$top/scripts/lib.sh" "$h/scripts/"
cp "$top"/scripts/arch/*.sh "$h/scripts/arch/"
for s in install-deps prepare-trees checkpatch-series check-roundtrip make-initramfs; do
	printf '#!/bin/bash\nexit 0\n' > "$h/scripts/$s.sh"
done
printf '#!/bin/bash\nexit 1\n' > "$h/scripts/build-kernel.sh"
printf '#!/bin/bash\necho "boot $*" >> "%s/booted"\nexit 1\n' "$crt" > "$h/scripts/boot.sh"
cat > "$h/scripts/report.sh" <<-'EOF'
	#!/bin/bash
	out=$(cd "$(dirname "$0")/.." && pwd)/build/out
	for r in "$@"; do
		echo "$r: $(cd "$out/$r" && find . -mindepth 1 ! -path ./results | sort | paste -sd' ')"
	done > "$out/../report-saw"
	echo "0 passed, 0 failed, 0 skipped"
EOF
printf '#!/bin/bash\necho "0 passed, 0 failed"\n' > "$h/tests/run.sh"
chmod +x "$h"/scripts/*.sh "$h/tests/run.sh"
runs="x86_64-series x86_64-base arm64-series arm64-series+far arm64-base arm64-series-distro"
for crt_r in $runs; do
	mkdir -p "$h/build/out/$crt_r/results"
	echo complete > "$h/build/out/$crt_r/results/status"
	printf 'PASS\tboot\t\n' > "$h/build/out/$crt_r/results.tab"
	echo 'ok 1 boot' > "$h/build/out/$crt_r/results.ktap"
	echo 'an old boot' > "$h/build/out/$crt_r/console.log"
done
env -u ARCHES -u VARIANTS -u DISTRO_ARCHES -u FLAVOUR bash "$h/scripts/check.sh" > "$crt/out" 2>&1
check "check.sh: a failed build fails make check" 1 $?
check "check.sh: every run reported, none with an earlier run's results" \
	"$(for crt_r in $runs; do echo "$crt_r: "; done)" "$(cat "$h/build/report-saw" 2>/dev/null)"
check "check.sh: no boot of a kernel that did not build" "" "$(cat "$crt/booted" 2>/dev/null)"
rm -rf "$crt"
