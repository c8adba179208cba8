# SPDX-License-Identifier: GPL-2.0
# What the harness needs from Debian, in one place: the host packages
# install-deps.sh installs, the commands the harness calls and the guest
# packages the initramfs is made from.  Source it; it runs nothing.
# tests/deps-audit.sh checks that every command below comes from a host
# package listed here (or from the base system), and that every command
# the scripts call is listed.

# Installed with --no-install-recommends, so a package that is only a
# Recommends of another one must be named here: libc6-dev (kernel host
# programs, under gcc), libc6-dev-arm64-cross (the arm64 BPF loaders,
# under gcc-aarch64-linux-gnu), rsync (tools/testing/selftests/lib.mk
# installs the selftests with it) and ipxe-qemu (the ROM of the NIC that
# "-M pc" adds).  python3: a BTF kernel (FLAVOUR=bpf) builds libbpf for
# resolve_btfids, whose bpf_helper_defs.h scripts/bpf_doc.py writes.
# zlib1g-dev: test_progs links -lz, and clang-15 builds its BPF objects
# (make bpf-selftests).  fakeroot: the kernel's "make bindeb-pkg" runs
# dpkg-buildpackage through it (make extmod).  lava-common: LAVA's job
# schema, which make lava and the harness's tests hold every job against
# (python3-voluptuous is all it brings).  ccache: the kernel builds'
# compiler cache (kmake, scripts/lib.sh).
HOST_PKGS="linux-source-6.1 linux-source-6.12 git make gcc libc6-dev bc flex bison libelf-dev
	libssl-dev cpio kmod perl xz-utils rsync binutils gcc-aarch64-linux-gnu
	libc6-dev-arm64-cross binutils-aarch64-linux-gnu qemu-system-x86
	qemu-system-arm ipxe-qemu dpkg-dev clang lld llvm dwarves bpftool
	gnuplot-nox python3 zlib1g-dev clang-15 fakeroot lava-common ccache"

# What make lava-check adds (install-deps.sh lava): Debian's LAVA
# dispatcher, whose lava-run runs a job with no server.  It brings about
# 120 packages (systemd, libguestfs, ...), so only that target installs
# it.
LAVA_PKGS="lava-dispatcher"

# Foreign-arch (multiarch) -dev packages for cross-built programs, as
# PKG:ARCH: the libraries arm64 test_progs links (make bpf-selftests).
# install-deps.sh installs them after it has added the arch to dpkg.
CROSS_PKGS="libelf-dev:arm64 zlib1g-dev:arm64"

# Every external command the host scripts call (scripts/, tests/ and
# .ci/), and the ones the kernel's own build and install steps call that
# a minimal Debian root lacks.  Commands of the base system (coreutils,
# grep, sed, tar, dpkg, ...) are listed too, so the audit can tell a
# missing entry from a base command.
HOST_CMDS="apt-get awk bash basename bc bison cat chmod chroot cmp cp cpio cut
	date dd diff dirname dpkg dpkg-architecture dpkg-deb dpkg-query du echo env
	find flex gcc git gnuplot grep gzip head id install ln ls
	make mkdir mktemp mount mountpoint mv nproc paste patch perl
	pahole qemu-system-aarch64 qemu-system-x86_64 readelf readlink rm
	realpath rmdir rsync sed seq sha256sum sleep sort stat tail tar tee timeout
	touch tr truncate umount uname wc xargs xz aarch64-linux-gnu-gcc
	aarch64-linux-gnu-readelf clang clang-15 ld.lld llvm-objcopy bpftool python3
	dpkg-buildpackage fakeroot ccache"

# What make lava-check calls from LAVA_PKGS.  Another machine may lack
# them until that target has run install-deps.sh lava; where they are
# found, they must come from LAVA_PKGS.
LAVA_CMDS="lava-run"

# What scripts/in-clean-root.sh installs: debootstrap on the host, and in
# the new root only what a user who cloned this repository already has.
CLEAN_ROOT_PKGS="debootstrap"
CLEAN_ROOT_CMDS="debootstrap"
ROOT_PKGS="git make"

# Guest-arch packages: busybox and coreutils' timeout for the plan,
# coreutils' nice and util-linux's chrt for ftracetest; bpftool, and
# libbpf for the loader of the BPF flavour's test, with the libraries
# they link.
GUEST_PKGS="busybox-static coreutils util-linux libc6 bpftool libbpf1 libbpf-dev
	libelf1 zlib1g libcap2"
GUEST_ARCHES="amd64 arm64"
