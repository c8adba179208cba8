#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The whole loop: install, extract, apply, host checks, build base and
# series for every arch (and the arm64 series on the distro flavour), boot
# each, run the guest plan, report.  ARCHES, VARIANTS and DISTRO_ARCHES
# narrow it down; the time of every stage is printed.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ARCHES=${ARCHES:-x86_64 arm64}
VARIANTS=${VARIANTS:-series base}
mkdir -p "$BUILD"
export STAGE_LOG=$BUILD/stage-times.txt
: > "$STAGE_LOG"
t0=$(date +%s)
failed=0

# Every run this make check reports (check_runs, scripts/lib.sh), cleared
# of what an earlier make check left in it before anything starts: a run
# that does not build or boot this time is reported failed, not with the
# results it had before.
all=$(check_runs)
for r in $all; do
	rm -rf "$OUTDIR/$r/results" "$OUTDIR/$r/results.tab" "$OUTDIR/$r/results.ktap" \
		"$OUTDIR/$r/console.log"
done

stage_begin "install dependencies"
"$ROOT/scripts/install-deps.sh"
stage_end
stage_begin "source and apply series"
"$ROOT/scripts/prepare-trees.sh"
stage_end
echo "source: Debian $SOURCE_PKG $(source_version), series: $(series_patches | wc -l) patch(es)"

stage_begin "host: harness self-tests"
bash "$ROOT/tests/run.sh" > "$BUILD/harness-tests.txt" 2>&1 || failed=1
tail -1 "$BUILD/harness-tests.txt"
[ $failed = 0 ] || cat "$BUILD/harness-tests.txt"
stage_end
stage_begin "host: checkpatch --strict"
"$ROOT/scripts/checkpatch-series.sh" || failed=1
stage_end
stage_begin "host: export round trip"
"$ROOT/scripts/check-roundtrip.sh" || failed=1
stage_end

runs=
for arch in $ARCHES; do
	for v in $VARIANTS; do
		stage_begin "build $arch-$v"
		if ! "$ROOT/scripts/build-kernel.sh" "$arch" "$v" > "$BUILD/build-$arch-$v.log" 2>&1; then
			tail -30 "$BUILD/build-$arch-$v.log" >&2
			echo "error: build $arch-$v failed (log: build/build-$arch-$v.log)" >&2
			failed=1
			stage_end
			continue
		fi
		"$ROOT/scripts/make-initramfs.sh" "$arch" "$v"
		stage_end
		runs="$runs $arch-$v"
	done
done

# The series once more on the distro flavour (configs/distro.config:
# Debian's arm64 layout, -O2, KASLR, modules anywhere in a 2 GiB window
# through PLTs, BTF): there the callsites have their own ftrace ops
# pointers, and most direct trampolines are out of BL range.  The -Os
# kernels above keep the fallback entry tested.  DISTRO_ARCHES='' skips it.
for arch in ${DISTRO_ARCHES-arm64}; do
	case " $ARCHES " in *" $arch "*) ;; *) continue ;; esac
	case " $VARIANTS " in *" series "*) ;; *) continue ;; esac
	name=$arch-series-distro
	stage_begin "build $name"
	if ! FLAVOUR=distro "$ROOT/scripts/build-kernel.sh" "$arch" series \
		> "$BUILD/build-$name.log" 2>&1; then
		tail -30 "$BUILD/build-$name.log" >&2
		echo "error: build $name failed (log: build/build-$name.log)" >&2
		failed=1
		stage_end
		continue
	fi
	FLAVOUR=distro "$ROOT/scripts/make-initramfs.sh" "$arch" series
	stage_end
	runs="$runs $name"
done

# Every boot of a kernel that built: the plain one, and for a series
# kernel the arch's extra boots (RUN=KERNEL_ARGS).
boots=
for r in $runs; do
	if [ "${r#*-}" != series ]; then
		boots="$boots $r="
		continue
	fi
	SERIES_BOOT_ARGS=
	load_arch "${r%%-*}"
	boots="$boots $r=$SERIES_BOOT_ARGS"
	for extra in $EXTRA_BOOTS; do
		boots="$boots $r+${extra%%=*}=${extra#*=}"
	done
done

# order_boots BOOT...: the series boots first, the bases after them: a
# series boot runs more tests and takes longer, so the two slots finish
# closer together.
order_boots() {
	local b
	for b in "$@"; do case "$b" in *-series*) echo "$b" ;; esac; done
	for b in "$@"; do case "$b" in *-series*) ;; *) echo "$b" ;; esac; done
}

# boot_one RUN=KERNEL_ARGS: one boot, its log in build/boot-RUN.log, its
# time in the stage log.
boot_one() {
	local run=${1%%=*} args=${1#*=} r flavour=${FLAVOUR:-}
	r=${run%%+*}
	case "$r" in *-distro) flavour=distro r=${r%-distro} ;; esac
	stage_begin "boot and test $run"
	FLAVOUR=$flavour RUN_NAME=$run KERNEL_ARGS=$args \
		"$ROOT/scripts/boot.sh" "${r%%-*}" "${r#*-}" check \
		> "$BUILD/boot-$run.log" 2>&1 || true
	stage_end 2>> "$BUILD/boot-$run.log"
}

# BOOT_JOBS guests at a time (2: each TCG guest is one host thread, and
# the machine has two cores), the longest boots first; a boot's output
# is shown when it ends.
stage_begin "boots, ${BOOT_JOBS:-2} at a time"
running=0
for b in $(order_boots $boots); do
	if [ "$running" -ge "${BOOT_JOBS:-2}" ]; then
		wait -n || true
		running=$((running - 1))
	fi
	log "booting ${b%%=*}"
	( boot_one "$b"; cat "$BUILD/boot-${b%%=*}.log" >&2 ) &
	running=$((running + 1))
done
wait
stage_end

stage_begin "report"
report_rc=0
# Every planned run is reported; one that did not build shows as failed.
for r in $all; do mkdir -p "$OUTDIR/$r/results"; done
"$ROOT/scripts/report.sh" $all > "$BUILD/report.txt" || report_rc=1
stage_end

echo
echo "stage times (total $(($(date +%s) - t0))s):"
cat "$STAGE_LOG"
echo
echo "per-test KTAP: build/out/*/results.ktap; console logs: build/out/*/console.log"
[ $failed = 0 ] || echo "host checks or a build failed (see above)"
# The report's last line is the summary line; keep it last.
if [ $failed != 0 ]; then
	sed '$d' "$BUILD/report.txt"
	last=$(tail -1 "$BUILD/report.txt")
	p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
	f=$(echo "$last" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	s=$(echo "$last" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
	echo "${p:-0} passed, $(( ${f:-0} + 1 )) failed, ${s:-0} skipped"
	exit 1
fi
cat "$BUILD/report.txt"
exit $report_rc
