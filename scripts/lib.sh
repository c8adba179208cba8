# SPDX-License-Identifier: GPL-2.0
# Shared paths and helpers for the harness scripts.  Source it; it runs nothing.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build
# The git repository made from the Debian source package.  Its main work
# tree is the developer's tree (branch "series"); CI uses its own worktrees.
KSRC=$BUILD/linux
WORKTREES=$BUILD/worktrees
OUTDIR=$BUILD/out
DEBS=$BUILD/debs
SOURCE_PKG=linux-source-6.1
# The measured peer: Debian's build of mainline's 6.12 LTS, unpacked as it
# comes (scripts/prepare-peer.sh).  It is built and booted to compare
# with, never patched, and none of its code goes into the series.
PEER_PKG=linux-source-6.12
PEER_SRC=$BUILD/linux-6.12

die() { echo "error: $*" >&2; exit 1; }
log() { echo ">>> $*" >&2; }

# source_version [PACKAGE]: the installed version of a source package
# (default: the 6.1 one the series applies to).
source_version() {
	dpkg-query -W -f '${Version}' "${1:-$SOURCE_PKG}" 2>/dev/null
}

# variant_pkg VARIANT: the source package a variant's tree comes from.
variant_pkg() {
	case "$1" in
	v612) echo "$PEER_PKG" ;;
	*) echo "$SOURCE_PKG" ;;
	esac
}

# series_patches: the patch files named by patches/series, in order.
series_patches() {
	[ -f "$ROOT/patches/series" ] || return 0
	sed -e 's/#.*//' "$ROOT/patches/series" | awk 'NF { print $1 }'
}

# series_id [DIR]: the hash that names a revision of the series: the
# first 12 hex digits of the sha256 of DIR/series (patches/ if not given)
# followed by each patch it names, in order.  record.sh writes it into
# every result's first line; export-series.sh and results-status.sh
# compare it with the series they describe.
series_id() {
	local dir=${1:-$ROOT/patches} p
	{
		cat "$dir/series"
		for p in $(sed -e 's/#.*//' "$dir/series" | awk 'NF { print $1 }'); do
			cat "$dir/$p"
		done
	} | sha256sum | cut -c1-12
}

# result_series FILE: "ID N DATE" of a result file, from the first line
# that names a series ("..., DATE UTC, N patches (series ID), ..."), or
# nothing if no line in its first five does.
result_series() {
	head -5 "$1" 2>/dev/null | sed -n -E \
		's/.*, ([0-9]{4}-[0-9]{2}-[0-9]{2}) [0-9:]+ UTC, ([0-9]+) patches \(series ([0-9a-f]{12})\).*/\3 \2 \1/p' |
		head -1
}

# load_arch ARCH: set the per-arch variables from scripts/arch/ARCH.sh.
load_arch() {
	local f="$ROOT/scripts/arch/$1.sh"
	[ -f "$f" ] || die "unknown ARCH '$1' (have: $(cd "$ROOT/scripts/arch" && ls | sed 's/\.sh$//' | xargs))"
	# shellcheck source=/dev/null
	. "$f"
}

# tree_for VARIANT: the kernel source tree a variant builds from.
tree_for() {
	case "$1" in
	series) echo "$WORKTREES/series" ;;
	base) echo "$WORKTREES/base" ;;
	dev) echo "$KSRC" ;;
	bisect) echo "$WORKTREES/bisect" ;;
	window) echo "$WORKTREES/window" ;;
	modelbug) echo "$WORKTREES/modelbug" ;;
	v612) echo "$PEER_SRC" ;;
	*) die "unknown VARIANT '$1' (series, base, dev, bisect, window, modelbug or v612)" ;;
	esac
}

# patched_tree VARIANT PATCH: VARIANT's tree is the series plus PATCH (a
# debug-only change: lifetime's window, make model-bug's bug), re-made
# when either changes.  -C1: the lines around the change differ along the
# series.
patched_tree() {
	local wt want patch
	wt=$(tree_for "$1")
	patch=$(realpath "$2")
	[ -e "$wt/.git" ] || git -C "$KSRC" worktree add -q --detach "$wt" base
	want="$(git -C "$WORKTREES/series" rev-parse HEAD) $(sha256sum < "$patch")"
	[ "$(cat "$wt.applied" 2>/dev/null)" = "$want" ] && return
	rm -f "$wt.applied"
	git -C "$wt" reset -q --hard
	git -C "$wt" checkout -q --detach "$(git -C "$WORKTREES/series" rev-parse HEAD)"
	git -C "$wt" apply -C1 "$patch" || die "$1: $patch does not apply on the series"
	echo "$want" > "$wt.applied"
}

# A flavour adds a config fragment (configs/FLAVOUR.config) and maybe a
# toolchain to a variant: debug (lockdep and friends), bti (clang/lld,
# arm64 BTI and pointer auth enforced), bpf (BTF and the BPF trampoline),
# full (what the whole ftracetest suite needs), lifetime (PREEMPT and KASAN),
# kcsan (the data race detector), distro (arm64: the bpf flavour on the
# layout of Debian's own kernel: -O2, KASLR, modules anywhere in a 2 GiB
# window through PLTs), debug-distro (arm64: the debug flavour on that
# layout, without BTF: the race rounds on the per-callsite ops pointers),
# bpf-selftests (the bpf flavour plus what the kernel's test_progs needs:
# BPF LSM, cgroups, namespaces) and bpf-selftests-distro (that on the
# distro layout).
# DEBUG=1 is the old spelling of FLAVOUR=debug.
FLAVOUR=${FLAVOUR:-${DEBUG:+debug}}
case "${FLAVOUR:-}" in
''|debug|bpf|full|lifetime|kcsan|distro|debug-distro|bpf-selftests|bpf-selftests-distro) ;;
bti) KMAKE_EXTRA="${KMAKE_EXTRA:-} LLVM=1" ;;
*) die "unknown FLAVOUR '$FLAVOUR' (debug, bti, bpf, full, lifetime, kcsan, distro, debug-distro, bpf-selftests or bpf-selftests-distro)" ;;
esac

# flavour_frags: the config fragments a flavour adds, as configs/ names.
flavour_frags() {
	case "${FLAVOUR:-}" in
	'') ;;
	distro) echo "bpf distro" ;;
	debug-distro) echo "debug distro" ;;
	bpf-selftests) echo "bpf bpf-selftests" ;;
	bpf-selftests-distro) echo "bpf bpf-selftests distro" ;;
	*) echo "$FLAVOUR" ;;
	esac
}

# out_name ARCH VARIANT: the build directory name of a kernel.
out_name() {
	echo "$1-$2${FLAVOUR:+-$FLAVOUR}"
}

# guest_root DEB_ARCH: the guest-arch Debian packages extracted into one
# tree, re-extracted when the set of packages changes.
guest_root() {
	local d=$DEBS/$1 root=$DEBS/$1/root
	local want
	want=$(cd "$d" && ls ./*.deb)
	if [ ! -d "$root" ] || [ "$(cat "$root.list" 2>/dev/null)" != "$want" ]; then
		rm -rf "$root" "$root.tmp"
		mkdir -p "$root.tmp"
		for f in "$d"/*.deb; do dpkg-deb -x "$f" "$root.tmp"; done
		mv "$root.tmp" "$root"
		echo "$want" > "$root.list"
	fi
	echo "$root"
}

# The compiler cache: kernel builds compile through ccache's gcc and clang
# wrappers, first in PATH, so that Kbuild's command lines stay as they
# were and a tree built without the cache is not rebuilt for it.  The
# cache is KCCACHE_DIR, which scripts/in-clean-root.sh shares with its root
# as it shares apt's download cache: a clean root still installs every
# package itself, and compiles from the cache what a build at the same
# path compiled before.  No base_dir: ccache would hand gcc relative
# source paths, which -fmacro-prefix-map=$(srctree)/= no longer strips,
# and every __FILE__ (each WARN's "at FILE:LINE") would name
# ../../worktrees/...; build-kernel.sh fails a kernel that has one.
# KCCACHE=0 builds without the cache.
KCCACHE_DIR=${KCCACHE_DIR:-/var/cache/ftrace-direct-ccache}
kmake() {
	local via=()
	if [ "${KCCACHE:-1}" != 0 ] && [ -d /usr/lib/ccache ]; then
		via=(env PATH="/usr/lib/ccache:$PATH" CCACHE_DIR="$KCCACHE_DIR"
			CCACHE_NOHASHDIR=1
			CCACHE_SLOPPINESS=include_file_mtime,include_file_ctime
			CCACHE_MAXSIZE="${KCCACHE_SIZE:-25G}")
	fi
	"${via[@]}" make -s -C "$1" O="$2" ARCH="$KARCH" \
		${CROSS_COMPILE:+CROSS_COMPILE=$CROSS_COMPILE} ${KMAKE_EXTRA:-} "${@:3}"
}

# target_begin NAME: the start of a target that builds and boots its own
# kernels (race, bpf, fullsuite): its stage times go to
# build/stage-times-NAME.txt, then the dependencies and the source trees.
# target_times prints those times at the end.
target_begin() {
	export STAGE_LOG=$BUILD/stage-times-$1.txt
	mkdir -p "$BUILD"
	: > "$STAGE_LOG"
	TARGET_T0=$(date +%s)
	"$ROOT/scripts/install-deps.sh"
	"$ROOT/scripts/prepare-trees.sh"
}
target_times() {
	echo
	echo "stage times (total $(($(date +%s) - TARGET_T0))s):"
	cat "$STAGE_LOG"
}

# build_for_boot ARCH VARIANT [SCRIPT...]: what a boot needs: the kernel
# (build-kernel.sh), then each extra scripts/SCRIPT.sh ARCH VARIANT, then
# the initramfs, all logged to build/build-NAME.log.  On failure, show the
# log's tail and return 1.
build_for_boot() {
	local arch=$1 variant=$2 name step
	name=$(out_name "$arch" "$variant")
	shift 2
	: > "$BUILD/build-$name.log"
	for step in build-kernel "$@" make-initramfs; do
		"$ROOT/scripts/$step.sh" "$arch" "$variant" >> "$BUILD/build-$name.log" 2>&1 && continue
		tail -30 "$BUILD/build-$name.log" >&2
		echo "error: build $name failed in $step (log: build/build-$name.log)" >&2
		return 1
	done
}

# run_parse RUN FLAVOUR DISTRO_FLAVOUR: for a run named ARCH-VARIANT or
# ARCH-VARIANT-distro (make bpf, make bpf-selftests), set arch, v (the
# variant), flavour (FLAVOUR, or DISTRO_FLAVOUR for "-distro") and name
# (its build directory).
run_parse() {
	local r=$1
	flavour=$2
	case "$r" in
	*-distro) flavour=$3; r=${r%-distro} ;;
	esac
	arch=${r%%-*} v=${r#*-}
	name=$(FLAVOUR=$flavour out_name "$arch" "$v")
}

# build_and_boot_runs FLAVOUR DISTRO_FLAVOUR STEP PLAN RUN...: build each
# run (build_for_boot with the extra scripts/STEP.sh), then boot each one
# that built with PLAN, each a timed stage.  Sets failed=1 if a build
# failed, and all to every run's build directory name (each with a
# results/ directory, for report.sh).
build_and_boot_runs() {
	local fl=$1 dfl=$2 step=$3 plan=$4 r built=
	shift 4
	for r in "$@"; do
		run_parse "$r" "$fl" "$dfl"
		rm -rf "$OUTDIR/$name/results" "$OUTDIR/$name/results.tab"
		stage_begin "build $name"
		if FLAVOUR=$flavour build_for_boot "$arch" "$v" "$step"; then
			built="$built $r"
		else
			failed=1
		fi
		stage_end
	done
	for r in $built; do
		run_parse "$r" "$fl" "$dfl"
		stage_begin "boot and test $name"
		FLAVOUR=$flavour "$ROOT/scripts/boot.sh" "$arch" "$v" "$plan" || true
		stage_end
	done
	all=
	for r in "$@"; do
		run_parse "$r" "$fl" "$dfl"
		all="$all $name"
		mkdir -p "$OUTDIR/$name/results"
	done
}

# check_runs: every run make check (scripts/check.sh) reports, one a line,
# from ARCHES, VARIANTS and DISTRO_ARCHES as check.sh reads them:
# ARCH-VARIANT for each arch and variant, after ARCH-series each of the
# arch's EXTRA_BOOTS as ARCH-series+NAME, then ARCH-series-distro for each
# of DISTRO_ARCHES that is in ARCHES when series is in VARIANTS.  Each run
# is a directory under build/out/.  It runs in a subshell: load_arch's
# variables stay out of the caller.
check_runs() (
	arches=${ARCHES:-x86_64 arm64}
	variants=${VARIANTS:-series base}
	for a in $arches; do
		load_arch "$a"
		for v in $variants; do
			echo "$a-$v"
			if [ "$v" = series ]; then
				for e in $EXTRA_BOOTS; do echo "$a-$v+${e%%=*}"; done
			fi
		done
	done
	case " $variants " in *" series "*) ;; *) exit 0 ;; esac
	for a in ${DISTRO_ARCHES-arm64}; do
		case " $arches " in *" $a "*) echo "$a-series-distro" ;; esac
	done
)

# The environment variables the host scripts (scripts/*.sh,
# scripts/arch/*.sh) read.  Under set -u a variable that may be unset is
# read with a default or a test (${name:-...}, ${name-...}, ${name:+...}
# and the like; lower case here, to stay out of that search), so those
# reads name them all; tests/harness.d/record-bench-checkpatch.sh checks
# that each is in one of these lists.  RECORD_SETTINGS: what a run had
# that narrows, widens or changes it; record.sh writes each one the
# caller set, and not empty, into the header of a target's summary.
# RECORD_SETTINGS_EMPTY: those read as ${name-...}, where empty is a value
# of its own (DISTRO_ARCHES='' skips the distro kernels), written when set
# at all.
RECORD_SETTINGS="ARCHES VARIANTS DISTRO_ARCHES BOOT_JOBS FTRACETEST_DIRS
	FLAVOUR DEBUG KMAKE_EXTRA SKIP_CONFIG_CHECK
	VM_TIMEOUT NO_KVM KVM_PROBE_TIMEOUT TCG_THREAD QEMU_TCG_THREAD QEMU_CPU
	ICOUNT ICOUNT_SEED KERNEL_ARGS RUN_NAME INITRAMFS
	FULLSUITE_ARCHES FULLSUITE_DIRS RACE_ARCHES RACE_RUNS RACE_ROUNDS RACE_MIN
	LIFETIME_ARCHES LIFETIME_ROUNDS MODEL_RUNS MODEL_SEEDS MODEL_OPS MODEL_BUG
	BPF_RUNS BPF_SELFTESTS_RUNS BPF_CLANG BISECT_TO
	BPF_SELFTESTS_SAN_CFLAGS BTI_VARIANT BISECT_FROM
	BENCH_LOOPS BENCH_RUNS BENCH_JOBS BENCH_FLAVOUR BENCH_BUILD
	STRICT FORCE ARCH"
RECORD_SETTINGS_EMPTY="DISTRO_ARCHES BENCH_FLAVOUR"
# Read from the environment, but no setting of a run: TERM (the terminal,
# passed into a clean root), CI (passed into a clean root, read by
# nothing), VERSION_CODENAME (/etc/os-release's, read after sourcing it),
# CROSS_COMPILE (scripts/arch/ARCH.sh sets it before any use), STAGE_LOG
# (where stage times go), IN_CLEAN_ROOT (record.sh writes it as "in a
# clean root"), CLEAN_ROOT_BASE, CLEAN_ROOT_TIMEOUT and CLEAN_ROOT_KEEP
# (scripts/in-clean-root.sh's own, which runs the target under env -i),
# KCCACHE, KCCACHE_DIR and KCCACHE_SIZE (the compiler cache: how fast a
# build is, never what it builds).
RECORD_NOT_SETTINGS="TERM CI VERSION_CODENAME CROSS_COMPILE STAGE_LOG IN_CLEAN_ROOT
	CLEAN_ROOT_BASE CLEAN_ROOT_TIMEOUT CLEAN_ROOT_KEEP KCCACHE KCCACHE_DIR KCCACHE_SIZE"

# install_plan DIR: the guest plan into an initramfs staging directory:
# DIR/plan.sh, and its shared functions and per-plan files in DIR/plan.d.
install_plan() {
	install -m 755 "$ROOT/scripts/guest/plan.sh" "$1/plan.sh"
	mkdir -p "$1/plan.d"
	install -m 644 "$ROOT"/scripts/guest/lib.sh "$ROOT"/scripts/guest/plan-*.sh "$1/plan.d/"
}

# target_finish RUN...: the end of a target that boots its own runs: the
# report of the RUNs (if any), the stage times, and the target's status,
# 1 if a build failed ($failed set to 1) or the report failed, else 0.
target_finish() {
	local rc=0
	[ $# = 0 ] || "$ROOT/scripts/report.sh" "$@" || rc=1
	target_times
	[ "${failed:-0}" = 0 ] || return 1
	return $rc
}

# Stage timing: stage_begin NAME ... stage_end; times go to $STAGE_LOG.
stage_begin() {
	STAGE_NAME=$1
	STAGE_T0=$(date +%s)
	log "stage: $STAGE_NAME"
}
stage_end() {
	local t=$(($(date +%s) - STAGE_T0))
	printf '%-34s %5ds\n' "$STAGE_NAME" "$t" >> "${STAGE_LOG:-/dev/null}"
	log "stage: $STAGE_NAME done in ${t}s"
}
