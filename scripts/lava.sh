#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lava.sh [--url URL] [--plan PLAN] [--out DIR] [--dtb-dir DIR]
#         [--minutes N] [--add-plan-file FILE] [RUN...]
# (make lava [PLAN=...] [LAVA_URL=...] [RUNS=...] [FLAVOUR=...])
# LAVA jobs for the boots of "make check" (RUN: build/out/ names as
# check_runs prints them, the default), each running PLAN (check), one
# job per device type of the run's arch (scripts/lava/*.yaml, by their
# "# lava-arch:" line), with the artifacts they name, in DIR
# (build/lava/PLAN):
#   DIR/KERNEL/Image or bzImage       the kernel of build/out/KERNEL
#   DIR/KERNEL/initramfs-lava.cpio.gz its initramfs (the plan, the
#                                     modules, the selftests), with
#                                     scripts/lava/init as /init
#   DIR/KERNEL/dtbs/...               the DTB of each board that needs one
#   DIR/jobs/RUN/DEVICE_TYPE.yaml     the job
# A directory to copy to a web server at URL; the jobs name their
# artifacts under URL (file://DIR unless given: lava-run on this machine).
# A board whose DTB is neither in the kernel's build tree
# (arch/arm64/boot/dts, "make dtbs") nor in --dtb-dir gets no job, with a
# line saying so.  --add-plan-file puts FILE into the initramfs's
# /plan.d (after the plan files, so its functions win): the negative
# control of lava-check.sh.  Every job is checked against LAVA's job
# schema (scripts/lava/validate-job.py); one that fails it fails the run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

url='' plan=check out='' dtb_dir='' minutes=45 add_plan=''
while [ $# -gt 0 ]; do
	case "$1" in
	--url) url=$2; shift 2 ;;
	--plan) plan=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--dtb-dir) dtb_dir=$2; shift 2 ;;
	--minutes) minutes=$2; shift 2 ;;
	--add-plan-file) add_plan=$2; shift 2 ;;
	--*) die "unknown option $1" ;;
	*) break ;;
	esac
done
runs=${*:-$(check_runs)}
out=${out:-$BUILD/lava/$plan}
case "$minutes" in ''|*[!0-9]*) die "--minutes wants a number, not '$minutes'" ;; esac
[ -z "$add_plan" ] || [ -f "$add_plan" ] || die "no plan file $add_plan"
mkdir -p "$out"
out=$(cd "$out" && pwd)
url=${url:-file://$out}
url=${url%/}
templates=$ROOT/scripts/lava

# run_kernel RUN: "KERNEL ARCH VARIANT FLAVOUR ARGS" of a boot as
# check.sh names it: ARCH-VARIANT[-distro][+EXTRA], its kernel in
# build/out/KERNEL (FLAVOUR's build, the distro flavour's for -distro),
# booted with the arch's SERIES_BOOT_ARGS (a plain
# series boot) or EXTRA's KERNEL_ARGS (scripts/arch/ARCH.sh, EXTRA_BOOTS).
run_kernel() (
	r=${1%%+*} extra='' flavour=${FLAVOUR:-} args=''
	case "$1" in *+*) extra=${1#*+} ;; esac
	case "$r" in *-distro) flavour=distro r=${r%-distro} ;; esac
	arch=${r%%-*} variant=${r#*-}
	SERIES_BOOT_ARGS='' EXTRA_BOOTS=''
	load_arch "$arch"
	if [ -n "$extra" ]; then
		for e in $EXTRA_BOOTS; do
			[ "${e%%=*}" = "$extra" ] && args=${e#*=}
		done
		[ -n "$args" ] || die "$1: no extra boot '$extra' in scripts/arch/$arch.sh"
	elif [ "$variant" = series ]; then
		args=$SERIES_BOOT_ARGS
	fi
	echo "$(FLAVOUR=$flavour out_name "$arch" "$variant") $arch $variant ${flavour:--} $args"
)

# kernel_cmdline DIR PLAN VARIANT ARGS: the command line scripts/boot.sh
# gives the kernel in DIR, without console= (QEMU's is in the qemu
# templates, a board's in its lab's device dictionary).
kernel_cmdline() {
	local d=$1 line
	line="panic=-1 oops=panic loglevel=6 harness.plan=$2 harness.variant=$3${4:+ $4}"
	if [ "$KARCH" = arm64 ] && [ -f "$d/.config" ]; then
		if grep -qx CONFIG_DYNAMIC_FTRACE_WITH_SITE_OPS=y "$d/.config"; then
			line="$line harness.siteops=yes"
		else
			line="$line harness.siteops=no"
		fi
	fi
	echo "$line"
}

# report_functions: the functions of scripts/report.sh that turn a
# guest's results into "STATUS<TAB>NAME<TAB>NOTE" lines (raw_results and
# what it calls), for the LAVA /init to run in the guest.
report_functions() {
	local f
	echo "# From scripts/report.sh by scripts/lava.sh: what raw_results needs."
	for f in raw_results strip_warn strip_warns ftracetest_results apply_retry apply_ktap_retry; do
		sed -n "/^$f() {\$/,/^}\$/p" "$ROOT/scripts/report.sh" | grep . ||
			die "no function $f in scripts/report.sh"
	done
}

# lava_initramfs KERNELDIR DEST: the kernel's initramfs (make-initramfs.sh)
# with the LAVA /init laid over it, one gzip-compressed newc archive (a
# lab that adds its own files to a ramdisk unpacks only the first
# archive of a concatenation).
lava_initramfs() {
	local src=$1/initramfs.cpio dest=$2 st
	[ -f "$src" ] || die "no $src: build the kernel and its initramfs first (make check)"
	st=$(mktemp -d)
	(cd "$st" && cpio -id --quiet --no-absolute-filenames < "$src")
	[ -f "$st/init" ] || die "$src has no /init"
	# The bench plan's module and loader, as scripts/bench.sh appends
	# them (bench_initramfs).
	if [ "$plan" = bench ]; then
		[ -d "$1/bench/initramfs" ] || die "$1: no bench/initramfs: run make bench on this kernel first"
		cp -a "$1/bench/initramfs/." "$st/"
	fi
	mkdir -p "$st/lava/scripts"
	install -m 755 "$ROOT/scripts/guest/init" "$st/lava/harness-init"
	install -m 755 "$templates/init" "$st/init"
	report_functions > "$st/lava/report-functions.sh"
	# The splat scan that raw_results runs, POSIX sh in a bash file: the
	# guest has no bash.  (splat-signatures.sh, which names a second
	# kind of splat in the note of a failure, needs bash: not there.)
	sed '1s|^#!/bin/bash$|#!/bin/sh|' "$ROOT/scripts/scan-splats.sh" > "$st/lava/scripts/scan-splats.sh"
	chmod 755 "$st/lava/scripts/scan-splats.sh"
	[ -z "$add_plan" ] || install -m 644 "$add_plan" "$st/plan.d/plan-zz-$(basename "$add_plan")"
	(cd "$st" && find . | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) | gzip -9n > "$dest"
	rm -rf "$st"
}

# template_field FILE KEY: the value of a "# KEY: VALUE (...)" line.
template_field() {
	sed -n "s/^# $2: \([^ ]*\).*/\1/p" "$1"
}

# fill TEMPLATE: the template and the shared test action, without their
# comments, each @FIELD@ filled in.
fill() {
	local text
	text=$(echo "# Written by scripts/lava.sh from scripts/lava/$(basename "$1") and test-monitor.yaml."
		grep -hv '^#' "$1" "$templates/test-monitor.yaml")
	text=${text//@JOB_NAME@/"$job_name"}
	text=${text//@JOB_MINUTES@/"$((minutes + 15))"}
	text=${text//@TEST_MINUTES@/"$minutes"}
	text=${text//@RUN@/"$run"}
	text=${text//@PLAN@/"$plan"}
	text=${text//@URL@/"$url"}
	text=${text//@KERNEL_DIR@/"$kernel"}
	text=${text//@KERNEL_ARGS@/"$cmdline"}
	text=${text//@KERNEL_SHA256@/"$kernel_sha"}
	text=${text//@RAMDISK_SHA256@/"$ramdisk_sha"}
	text=${text//@DTB@/"$dtb"}
	case "$text" in *@[A-Z]*@*) die "$1: a field lava.sh does not fill: $(echo "$text" | grep -o '@[A-Z_]*@' | head -1)" ;; esac
	printf '%s\n' "$text"
}

jobs='' skipped=0 done_kernels=''
for run in $runs; do
	info=$(run_kernel "$run")
	read -r kernel arch variant flavour args <<< "$info"
	load_arch "$arch"
	kdir=$OUTDIR/$kernel
	[ -f "$kdir/$KIMAGE" ] || die "$run: no kernel $kdir/$KIMAGE: build it first (make check)"
	image=$(basename "$KIMAGE")
	if ! echo "$done_kernels" | grep -qxF "$kernel"; then
		mkdir -p "$out/$kernel"
		cp "$kdir/$KIMAGE" "$out/$kernel/$image"
		lava_initramfs "$kdir" "$out/$kernel/initramfs-lava.cpio.gz"
		done_kernels=$(printf '%s\n%s' "$done_kernels" "$kernel")
	fi
	kernel_sha=$(sha256sum < "$out/$kernel/$image" | cut -d' ' -f1)
	ramdisk_sha=$(sha256sum < "$out/$kernel/initramfs-lava.cpio.gz" | cut -d' ' -f1)
	cmdline=$(kernel_cmdline "$kdir" "$plan" "$variant" "$args")
	release=$(cat "$kdir/kernelrelease" 2>/dev/null || echo unknown)
	mkdir -p "$out/jobs/$run"
	for t in "$templates"/*.yaml; do
		[ "$(template_field "$t" lava-arch)" = "$arch" ] || continue
		device_type=$(sed -n 's/^device_type: //p' "$t")
		dtb=$(template_field "$t" lava-dtb)
		if [ -n "$dtb" ]; then
			from=
			for d in $dtb_dir "$kdir/arch/$KARCH/boot/dts"; do
				[ -f "$d/$dtb" ] && { from=$d/$dtb; break; }
			done
			if [ -z "$from" ]; then
				echo "no job: $run on $device_type: no $dtb (make dtbs in build/out/$kernel, or --dtb-dir)"
				skipped=$((skipped + 1))
				continue
			fi
			mkdir -p "$out/$kernel/dtbs/$(dirname "$dtb")"
			cp "$from" "$out/$kernel/dtbs/$dtb"
		fi
		job_name="ftrace-direct $plan: $run on $device_type ($release)"
		fill "$t" > "$out/jobs/$run/$device_type.yaml"
		jobs="$jobs $out/jobs/$run/$device_type.yaml"
	done
done
[ -n "$jobs" ] || die "no job written"

# Every job against LAVA's own schema, with Debian's python3 (a python3
# earlier in PATH would not see Debian's lava-common).
# shellcheck disable=SC2086
if ! PATH=/usr/bin:$PATH python3 "$templates/validate-job.py" $jobs | sed "s|$out/||"; then
	die "a job failed LAVA's schema (above)"
fi
echo "$(echo "$jobs" | wc -w) jobs in $out, $skipped not written (above); artifacts under $url"
case "$url" in
file://*) echo "for a lab: copy $out to a web server and run again with LAVA_URL=https://HOST/PATH" ;;
*) echo "copy $out/ to $url/, then: lavacli jobs submit JOB.yaml (docs/lava.md)" ;;
esac
