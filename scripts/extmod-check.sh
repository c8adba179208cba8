#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# extmod-check.sh: modules built outside the tree (make M=, as DKMS builds
# them) against the linux-headers package of the series kernel, on arm64
# with the distro layout, where the per-callsite ops pointers make every
# module link run arch/arm64/tools/ftrace-site-check:
#
#  1. "make bindeb-pkg" in the kernel's build directory (FLAVOUR=distro);
#  2. the headers package ships the checker, and a one-file module built
#     against the extracted package links and is checked (CHKSITE);
#  3. a module with a misaligned callsite (gcc's own cold attribute, which
#     ignores function alignment) fails to link against the same headers:
#     the check runs, and can fail;
#  4. with the checker taken out of the headers (another packaging of
#     them), the first module still links, and the build says it was not
#     checked.
#
# One line per check ("ok: ..." or "not ok: ..."), then the counts.
# Not part of "make check": packaging the kernel takes minutes.
set -euo pipefail
export FLAVOUR=distro
. "$(dirname "$0")/lib.sh"

target_begin extmod
load_arch arm64
src=$(tree_for series)
name=$(out_name arm64 series)
out=$OUTDIR/$name
work=$BUILD/extmod
pass=0 fail=0
ok() { echo "ok: $*"; pass=$((pass + 1)); }
notok() { echo "not ok: $*"; fail=$((fail + 1)); }

stage_begin "build $name"
"$ROOT/scripts/build-kernel.sh" arm64 series > "$BUILD/build-$name-extmod.log" 2>&1 ||
	die "build $name failed (log: build/build-$name-extmod.log)"
grep -qx CONFIG_DYNAMIC_FTRACE_WITH_SITE_OPS=y "$out/.config" ||
	die "$name has no per-callsite ops pointers: nothing to check"
stage_end

# The packages land in the build directory's parent: make them in a
# directory of their own.  -d: the build dependencies are this
# harness's, not Debian's build-essential.
stage_begin "bindeb-pkg $name"
rm -rf "$work"
mkdir -p "$work/pkg" "$work/hdr" "$work/mod" "$work/bad"
rm -f "$OUTDIR"/*.deb "$OUTDIR"/*.buildinfo "$OUTDIR"/*.changes
kmake "$src" "$out" -j"$(nproc)" DPKG_FLAGS=-d bindeb-pkg > "$work/bindeb-pkg.log" 2>&1 ||
	{ tail -20 "$work/bindeb-pkg.log" >&2; die "make bindeb-pkg failed (log: build/extmod/bindeb-pkg.log)"; }
mv "$OUTDIR"/*.deb "$work/pkg/"
rm -f "$OUTDIR"/*.buildinfo "$OUTDIR"/*.changes
stage_end

deb=$(ls "$work"/pkg/linux-headers-*.deb)
dpkg-deb -x "$deb" "$work/hdr"
hdr=$(ls -d "$work"/hdr/usr/src/linux-headers-*)

cat > "$work/mod/extmod_hello.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
#include <linux/module.h>

static noinline int extmod_traced(int x)
{
	return x + 1;
}

static int __init extmod_init(void)
{
	return extmod_traced(0) - 1;
}

static void __exit extmod_exit(void)
{
}

module_init(extmod_init);
module_exit(extmod_exit);
MODULE_LICENSE("GPL");
EOF
echo 'obj-m := extmod_hello.o' > "$work/mod/Kbuild"

# Cold functions of several sizes: gcc drops -falign-functions for each,
# so some callsite's pointer is left misaligned.
{
	echo '// SPDX-License-Identifier: GPL-2.0'
	echo '#include <linux/module.h>'
	for i in 1 2 3 4 5 6 7; do
		echo "noinline __attribute__((__cold__)) int extmod_cold$i(int x)"
		echo '{'
		for j in $(seq "$i"); do echo "	x = x * $((j + 2)) + $i;"; done
		echo '	return x;'
		echo '}'
		echo "EXPORT_SYMBOL_GPL(extmod_cold$i);"
	done
	echo 'MODULE_LICENSE("GPL");'
} > "$work/bad/extmod_cold.c"
echo 'obj-m := extmod_cold.o' > "$work/bad/Kbuild"

modmake() { # DIR: build the module in DIR against the extracted headers
	make -C "$hdr" M="$1" ARCH=arm64 CROSS_COMPILE="$CROSS_COMPILE" modules
}

if [ -x "$hdr/arch/arm64/tools/ftrace-site-check" ]; then
	ok "the headers package ships arch/arm64/tools/ftrace-site-check"
else
	notok "the headers package ships arch/arm64/tools/ftrace-site-check"
fi

if modmake "$work/mod" > "$work/mod.log" 2>&1 && [ -f "$work/mod/extmod_hello.ko" ]; then
	ok "an out-of-tree module builds against the headers package"
else
	notok "an out-of-tree module builds against the headers package: $(grep -m1 -i 'error\|not found' "$work/mod.log" || tail -1 "$work/mod.log")"
fi
if grep -q "CHKSITE .*extmod_hello.ko$" "$work/mod.log"; then
	ok "its callsites were checked (CHKSITE)"
else
	notok "its callsites were checked (CHKSITE): $(grep -m1 CHKSITE "$work/mod.log" || echo no CHKSITE line)"
fi

if modmake "$work/bad" > "$work/bad.log" 2>&1; then
	notok "a module with a misaligned callsite fails to link: it linked"
elif grep -q "misaligned" "$work/bad.log"; then
	ok "a module with a misaligned callsite fails to link ($(grep -m1 misaligned "$work/bad.log" | sed 's/^.*: //'))"
else
	notok "a module with a misaligned callsite fails to link, naming it: $(tail -1 "$work/bad.log")"
fi

rm -f "$hdr/arch/arm64/tools/ftrace-site-check"
rm -f "$work"/mod/*.ko "$work"/mod/*.o "$work"/mod/.*.cmd
if modmake "$work/mod" > "$work/mod-nochk.log" 2>&1 && [ -f "$work/mod/extmod_hello.ko" ]; then
	ok "without the checker in the headers, the module still builds"
else
	notok "without the checker in the headers, the module still builds: $(grep -m1 -i 'error\|not found' "$work/mod-nochk.log" || tail -1 "$work/mod-nochk.log")"
fi
if grep -q "CHKSITE .*extmod_hello.ko: not checked" "$work/mod-nochk.log"; then
	ok "and the build says it was not checked"
else
	notok "and the build says it was not checked"
fi

echo "$pass passed, $fail failed, 0 skipped"
target_times
[ "$fail" = 0 ]
