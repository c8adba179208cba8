#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-kernel.sh ARCH VARIANT: configure (tinyconfig + configs/*.config)
# and build one kernel out of tree in build/out/ARCH-VARIANT[-FLAVOUR], with its
# modules installed and the ftrace selftests laid out as "make install"
# does.  Every option a fragment asks for must end up in .config.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

arch=$1 variant=$2
load_arch "$arch"
src=$(tree_for "$variant")
[ -e "$src/Makefile" ] || die "no source tree for $variant at $src"
name=$(out_name "$arch" "$variant")
out=$OUTDIR/$name
mkdir -p "$out"

frags="$ROOT/configs/common.config $ROOT/configs/$arch.config"
for f in $(flavour_frags); do
	frags="$frags $ROOT/configs/$f.config"
done

kmake "$src" "$out" tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" $frags >/dev/null
kmake "$src" "$out" olddefconfig >/dev/null

# merge_config.sh -m drops options whose dependencies fail without a word.
# Fail unless the drop is an expectation of this arch and variant.
expect=$ROOT/expectations/$arch-$variant.txt
bad=0
[ "${SKIP_CONFIG_CHECK:-0}" = 1 ] && frags=
for f in $frags; do
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*) opt=${line%%=*} want=$line ;;
		'# CONFIG_'*' is not set') opt=${line#\# } opt=${opt%% *} want=$line ;;
		*) continue ;;
		esac
		if [ "${want#*=}" = n ]; then
			grep -qx "$opt=y\|$opt=m" "$out/.config" || continue
		elif grep -qxF "$want" "$out/.config"; then
			continue
		fi
		if [ -f "$expect" ] && grep -q "^config $opt # " "$expect"; then
			log "$name: $want dropped, as expected: $(grep "^config $opt # " "$expect" | sed 's/.* # //')"
			continue
		fi
		echo "error: $name: $(basename "$f") asks for '$want' but .config has '$(grep "^$opt=\|# $opt " "$out/.config" || echo unset)'" >&2
		bad=1
	done < "$f"
done
[ $bad = 0 ] || die "$name: configuration lost options (see above)"

kmake "$src" "$out" -j"$(nproc)" "$KIMAGE_TARGET" modules
# Every __FILE__ is relative to the source tree (-fmacro-prefix-map): a
# WARN says "at kernel/trace/ftrace.c:N", and the harness knows its
# allowed WARNs by that.  An object compiled with its source named by a
# relative path (ccache's base_dir did that) names it as this tree seen
# from the build directory instead.
rel=$(realpath --relative-to="$out" "$src")
if grep -a -q -F "$rel/" "$out/vmlinux"; then
	die "$name: vmlinux names its sources as $rel/...: some object missed -fmacro-prefix-map; delete it and build again"
fi
rm -rf "$out/mods"
kmake "$src" "$out" INSTALL_MOD_PATH="$out/mods" INSTALL_MOD_STRIP=1 modules_install >/dev/null
kmake "$src" "$out" kernelrelease > "$out/kernelrelease"
source_version "$(variant_pkg "$variant")" > "$out/source-version"

# The ftrace selftests exactly as "make -C tools/testing/selftests
# TARGETS=ftrace install" lays them out for a kselftest user.
rm -rf "$out/kselftest"
make -s -C "$src/tools/testing/selftests" ARCH="$KARCH" TARGETS=ftrace \
	INSTALL_PATH="$out/kselftest" install >/dev/null
log "$name: built $(cat "$out/kernelrelease")"
