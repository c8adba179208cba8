#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the host packages the harness needs, fetch the guest-arch Debian
# packages the initramfs is made from, and install the foreign-arch -dev
# packages of the cross builds, all listed in deps.sh; with "lava", also
# the LAVA dispatcher (LAVA_PKGS, for make lava-check only).
# Does nothing when all is already there, so it is cheap to call at the
# start of every target.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/deps.sh"

want=$HOST_PKGS
[ "${1:-}" = lava ] && want="$want $LAVA_PKGS"
missing=
for p in $want; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
updated=0
apt_update() {
	[ $updated = 1 ] && return
	apt-get update -qq
	updated=1
}
if [ -n "$missing" ]; then
	log "installing host packages:$missing"
	[ "$(id -u)" = 0 ] || die "need root to apt-get install:$missing"
	apt_update
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

host_arch=$(dpkg --print-architecture)
for a in $GUEST_ARCHES; do
	if [ "$a" != "$host_arch" ] && ! dpkg --print-foreign-architectures | grep -qx "$a"; then
		log "adding dpkg architecture $a"
		dpkg --add-architecture "$a"
		updated=0
	fi
	d=$DEBS/$a
	mkdir -p "$d"
	for p in $GUEST_PKGS; do
		ls "$d/${p}_"*.deb >/dev/null 2>&1 && continue
		apt_update
		log "downloading $p:$a"
		(cd "$d" && apt-get download -qq -o APT::Sandbox::User=root "$p:$a")
	done
done

# The multiarch -dev packages, now that dpkg knows their arch.  Multi-Arch:
# same packages move in lockstep with the host's, so apt may upgrade a
# host library to the foreign one's version with them.
missing=
for p in $CROSS_PKGS; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	log "installing foreign-arch packages:$missing"
	[ "$(id -u)" = 0 ] || die "need root to apt-get install:$missing"
	apt_update
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
