#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-bpf-test.sh ARCH VARIANT: build the BPF flavour's test for a built
# FLAVOUR=bpf kernel: vmlinux.h dumped from that kernel's BTF, the BPF
# object (Debian's clang, -target bpf), its skeleton (bpftool) and the
# loader, linked against the guest arch's libbpf.  Output: build/out/NAME/bpf.
set -euo pipefail
# The bpf flavour's kernel, or the distro flavour's, which has it all too.
[ "${FLAVOUR:-}" = distro ] || FLAVOUR=bpf
export FLAVOUR
. "$(dirname "$0")/lib.sh"

arch=$1 variant=$2
load_arch "$arch"
out=$OUTDIR/$(out_name "$arch" "$variant")
[ -f "$out/vmlinux" ] || die "build the kernel first: FLAVOUR=bpf build-kernel.sh $arch $variant"
debroot=$(guest_root "$DEB_ARCH")
triplet=$(dpkg-architecture -a"$DEB_ARCH" -qDEB_HOST_MULTIARCH 2>/dev/null)
libdirs="$debroot/usr/lib/$triplet:$debroot/lib/$triplet"
b=$out/bpf
rm -rf "$b"
mkdir -p "$b"

bpftool btf dump file "$out/vmlinux" format c > "$b/vmlinux.h"
clang -g -O2 -Wall -target bpf -D__TARGET_ARCH_"$KARCH" -I"$b" \
	-I"$debroot/usr/include" -c "$ROOT/bpf/direct_test.bpf.c" -o "$b/direct_test.bpf.o"
bpftool gen skeleton "$b/direct_test.bpf.o" name direct_test > "$b/direct_test.skel.h"
"${CROSS_COMPILE:-}gcc" -O2 -Wall -Werror -I"$b" -I"$debroot/usr/include" \
	"$ROOT/bpf/bpf_direct.c" -o "$b/bpf_direct" \
	"$debroot/usr/lib/$triplet/libbpf.so.1" -Wl,-rpath-link="$libdirs"
log "$(basename "$out"): BPF test built"
