#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-bpf-selftests.sh ARCH VARIANT: build a subset of the kernel's own
# BPF selftest runner, test_progs (tools/testing/selftests/bpf), against a
# built FLAVOUR=bpf-selftests (or bpf-selftests-distro) kernel, from that
# kernel's own tree (docs/targets.md, make bpf-selftests): natively on
# x86_64, cross-built on arm64 (aarch64-linux-gnu-gcc; the BPF objects
# with the same host clang, told arm64's system headers).
#
# The BPF objects are built with Debian's clang 15 (BPF_CLANG), not the
# default clang 14: clang 14 drops btf_type_tag from a BPF object's BTF,
# so "struct T __kptr *p" in a map value is a plain pointer to the kernel
# (no kptr field), and lru_bug, which stores a kptr, reads it back zeroed.
# clang 15 emits the TYPE_TAG.  The 6.1 selftests need nothing newer: only
# test_core_reloc_enum64val and parts of test_core_reloc_kernel and
# test_core_reloc_type_based are gated on clang 15 or newer (none is in the
# subset), and nothing on 16.
#
# The selftests Makefile builds every progs/*.c and prog_tests/*.c it
# finds, and most of them need types a tinyconfig+BPF kernel lacks.  So it
# runs in a "shadow" of tools/ made of symlinks to the source tree, whose
# progs/ and prog_tests/ hold only the files of the subset below.  Nothing
# is written to the source tree.  bpf_testmod.ko is built on its own, from
# a copy, against the kernel's O= directory.
#
# Output: build/out/NAME/bpf-selftests/: build/test_progs, build/*.bpf.o,
# bpf_testmod/bpf_testmod.ko (also copied next to test_progs), make.log,
# and build/run-list, the "-a" list the guest runs.
set -euo pipefail
FLAVOUR=${FLAVOUR:-bpf-selftests}
BPF_CLANG=${BPF_CLANG:-clang-15}
export FLAVOUR
. "$(dirname "$0")/lib.sh"

arch=$1 variant=$2
load_arch "$arch"
src=$(tree_for "$variant")
name=$(out_name "$arch" "$variant")
out=$OUTDIR/$name
sel=$out/bpf-selftests
st_rel=tools/testing/selftests/bpf
st=$src/$st_rel
[ -f "$out/vmlinux" ] || die "build the kernel first: FLAVOUR=$FLAVOUR build-kernel.sh $arch $variant"
[ -d "$st" ] || die "no BPF selftests at $st"

# The subset (plan section 6): the prog_tests/ files, and the progs/
# files they use (their *.skel.h and ./X.bpf.o).  The first tier is the
# list of issue 17; the second, every other 6.1 test whose programs are
# fentry/fexit on kernel or module functions and that needs no more than
# this kernel and busybox.  btf_data is for resolve_btfids, which the
# Makefile runs on test_progs with it.
TESTS="fentry_test fexit_test fentry_fexit modify_return trampoline_count
	fexit_stress fexit_sleep test_lsm bpf_cookie get_func_ip_test
	get_func_args_test recursion vmlinux d_path kfree_skb module_attach
	fexit_bpf2bpf
	trace_ext xdp_bpf2bpf test_overhead task_local_storage timer
	timer_crash timer_mim ringbuf trace_printk trace_vprintk dummy_st_ops
	tracing_struct lru_bug bloom_filter_map bpf_loop user_ringbuf
	atomic_bounds autoload core_kern verif_stats cgroup_hierarchical_stats
	unpriv_bpf_disabled"
PROGS="fentry_test fexit_test fexit_sleep modify_return
	test_trampoline_count lsm test_bpf_cookie kprobe_multi
	get_func_ip_test get_func_args_test recursion test_vmlinux
	test_d_path test_d_path_check_rdonly_mem test_d_path_check_types
	kfree_skb test_pkt_access test_module_attach bind4_prog fexit_bpf2bpf
	fexit_bpf2bpf_simple test_pkt_md_access freplace_connect4
	connect4_prog freplace_get_constant fmod_ret_freplace
	freplace_cls_redirect test_cls_redirect freplace_connect_v4_prog
	freplace_attach_probe test_attach_probe freplace_global_func btf_data
	test_trace_ext test_trace_ext_tracing test_xdp test_xdp_bpf2bpf
	test_overhead task_local_storage task_local_storage_exit_creds
	task_ls_recursion timer timer_crash timer_mim timer_mim_reject
	test_ringbuf trace_printk trace_vprintk dummy_st_ops
	trace_dummy_st_ops tracing_struct lru_bug bloom_filter_map bpf_loop
	user_ringbuf_success user_ringbuf_fail atomic_bounds test_autoload
	core_kern cgroup_hierarchical_stats test_unpriv_bpf_disabled"
# What the guest runs (test_progs -a, one comma list): every test above,
# but of bpf_cookie only the trampoline and LSM subtests (the others are
# kprobes, uprobes, tracepoints and perf events).  In this subset a test's
# name is its file's, but core_kern's (test_core_kern_lskel()).
RUN_LIST=$(for t in $TESTS; do
	case $t in
	bpf_cookie) printf '%s\n' bpf_cookie/trampoline bpf_cookie/lsm ;;
	core_kern) printf '%s\n' core_kern_lskel ;;
	*) printf '%s\n' "$t" ;;
	esac
done | paste -sd,)
# The Makefile's hard-coded light-skeleton lists (ST/Makefile:360-366 in
# 6.1): every test object depends on all of them, so pass on only those
# in the subset.  The linked skeletons need progs outside it: none.
LSKELS_61="fentry_test fexit_test fexit_sleep test_ringbuf atomics
	trace_printk trace_vprintk map_ptr_kern core_kern core_kern_overflow"
LSKELS_EXTRA_61="test_ksyms_module test_ksyms_weak kfunc_call_test
	kfunc_call_test_subprog"

# in_subset LIST: the names of LIST that are in PROGS, as FILE.c.
in_subset() {
	local p q
	for p in $1; do
		for q in $PROGS; do
			[ "$p" != "$q" ] || printf '%s.c ' "$p"
		done
	done
}

# link_entries FROM TO EXCEPT...: a symlink in TO for each entry of FROM
# but the EXCEPT ones.
link_entries() {
	local from=$1 to=$2 e x
	shift 2
	mkdir -p "$to"
	for e in "$from"/* "$from"/.[!.]*; do
		[ -e "$e" ] || continue
		for x in "$@"; do [ "${e##*/}" = "$x" ] && continue 2; done
		ln -s "$e" "$to/"
	done
}

rm -rf "$sel"
mkdir -p "$sel/build"

# 1. bpf_testmod.ko, from a copy outside the source tree (its own Makefile
# builds in place, with KDIR=srctree and no O=).  kbuild reads the copied
# Makefile's obj-m and CFLAGS_bpf_testmod.o; Makefile.modfinal adds the
# module BTF with the kernel's vmlinux as base.
mod=$sel/bpf_testmod
mkdir -p "$mod"
cp "$st"/bpf_testmod/Makefile "$st"/bpf_testmod/*.[ch] "$mod/"
kmake "$src" "$out" M="$mod" modules ||
	die "$name: building bpf_testmod failed"

# 2. The shadow tree.  Only the directories on the way down to progs/ and
# prog_tests/ are real; it keeps the source tree's depth (TOOLSDIR is
# ../../.. of the Makefile).  Sub-makes run -C in the symlinked dirs, whose
# physical path is the source tree's.
sh=$sel/src
link_entries "$src/tools" "$sh/tools" testing
link_entries "$src/tools/testing" "$sh/tools/testing" selftests
link_entries "$src/tools/testing/selftests" "$sh/tools/testing/selftests" bpf
link_entries "$st" "$sh/$st_rel" progs prog_tests
mkdir -p "$sh/$st_rel/progs" "$sh/$st_rel/prog_tests"
ln -s "$st"/progs/*.h "$sh/$st_rel/progs/"
for p in $PROGS; do
	[ -f "$st/progs/$p.c" ] || die "no progs/$p.c in $st"
	ln -s "$st/progs/$p.c" "$sh/$st_rel/progs/"
done
for t in $TESTS; do
	[ -f "$st/prog_tests/$t.c" ] || die "no prog_tests/$t.c in $st"
	ln -s "$st/prog_tests/$t.c" "$sh/$st_rel/prog_tests/"
done

# 3. The selftests make, test_progs only (not "all": no docs, no
# test_progs-no_alu32, test_maps or test_verifier).
# - OUTPUT=, never O= (tools/scripts/Makefile.include would turn it into
#   OUTPUT, and it reaches every sub-make), nor CFLAGS=/LDLIBS=/LDFLAGS=,
#   which would replace the Makefile's += lines.
# - BPFTOOL: Debian's (same source), so the tree's bpftool, with its own
#   BPF skeletons, is not built.  Absolute: it is a prerequisite.
# - TRUNNER_EXTRA_FILES: only the module built above, instead of
#   urandom_read, liburandom_read.so, xdp_synproxy, sign-file and the
#   in-tree bpf_testmod.ko; the -extras rule rsyncs it next to test_progs.
# - SAN_CFLAGS comes after -Werror in CFLAGS: the place for -Wno-error=.
cross=()
case "$arch" in
x86_64) ;;
arm64)
	# - CROSS_COMPILE (lib.mk's CC) for test_progs and the target libbpf;
	#   the Makefile builds a host libbpf and host resolve_btfids itself
	#   (ARCH= CROSS_COMPILE= CC=$(HOSTCC)), under build/tools/build/host.
	# - ARCH=arm64: SRCARCH, so -D__TARGET_ARCH_arm64 (bpf_tracing.h's
	#   PT_REGS_* on user_pt_regs) in the BPF objects.
	# - CLANG_SYS_INCLUDES: 6.1 asks clang for its system include dirs
	#   without a --target (ST/Makefile get_sys_includes, fixed in 6.2), so
	#   the BPF progs would get x86's asm/unistd.h: test_vmlinux would
	#   compare __NR_nanosleep with 35, not arm64's 101.  Ask for
	#   aarch64-linux-gnu's dirs, in the Makefile's own -idirafter form.
	# - The link (-lelf -lz) needs multiarch libelf-dev:arm64 and
	#   zlib1g-dev:arm64, in /usr/lib/aarch64-linux-gnu, which the cross
	#   gcc searches.
	# urandom_read, liburandom_read.so and sign-file (host clang, arm64
	# libcrypto) are not built: see TRUNNER_EXTRA_FILES above.
	for p in libelf-dev:arm64 zlib1g-dev:arm64; do
		dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
			die "$name: $p is not installed (multiarch, for the test_progs link)"
	done
	sys_inc=$("$BPF_CLANG" --target=aarch64-linux-gnu -v -E - </dev/null 2>&1 |
		sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }')
	grep -q aarch64-linux-gnu <<<"$sys_inc" ||
		die "$name: $BPF_CLANG --target=aarch64-linux-gnu finds no arm64 system headers (libc6-dev-arm64-cross)"
	cross=(ARCH=arm64 CROSS_COMPILE="$CROSS_COMPILE" CLANG_SYS_INCLUDES="$(tr '\n' ' ' <<<"$sys_inc")")
	;;
*) die "build-bpf-selftests.sh: no support for $arch" ;;
esac

log "$name: building test_progs ($(wc -w <<<"$TESTS") tests, $(wc -w <<<"$PROGS") progs; $("$BPF_CLANG" --version | head -1))"
if ! make -C "$sh/$st_rel" -j"$(nproc)" \
	OUTPUT="$sel/build" VMLINUX_BTF="$out/vmlinux" \
	CLANG="$BPF_CLANG" BPFTOOL=/usr/sbin/bpftool \
	LSKELS="$(in_subset "$LSKELS_61")" \
	LSKELS_EXTRA="$(in_subset "$LSKELS_EXTRA_61")" LINKED_SKELS= \
	TRUNNER_EXTRA_FILES="$mod/bpf_testmod.ko" \
	SAN_CFLAGS="${BPF_SELFTESTS_SAN_CFLAGS:-}" \
	"${cross[@]}" test_progs > "$sel/make.log" 2>&1; then
	grep -E 'error|Error' "$sel/make.log" | head -30 >&2
	die "$name: building test_progs failed (log: $sel/make.log)"
fi
[ -x "$sel/build/test_progs" ] || die "$name: no test_progs in $sel/build"
echo "$RUN_LIST" > "$sel/build/run-list"
log "$name: test_progs built, $(ls "$sel"/build/*.bpf.o | wc -l) BPF objects"
