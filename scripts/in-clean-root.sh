#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# in-clean-root.sh [VAR=VALUE ...] COMMAND [ARG...]: run COMMAND in this
# checkout, inside a fresh minimal Debian root (debootstrap
# --variant=minbase, the host's own suite and apt sources), made anew for
# this run and removed after it.  The root starts with only git and make,
# what a user who cloned this repository has, so a package that the
# harness uses but does not install fails here as it would on a new
# machine.  The host's apt download cache and the kernel builds' compiler
# cache (KCCACHE_DIR, scripts/lib.sh) are shared with the root, and
# nothing else: neither installs anything, and a compiler the root lacks
# fails there as it would anywhere.  proc, sys and dev are mounted for
# QEMU; every mount is taken down on every way out, and mounts left by a
# run that was killed are taken down at the start of the next one.
#
# CLEAN_ROOT_BASE: where the roots are made (/var/tmp/ftrace-direct-roots);
# CLEAN_ROOT_TIMEOUT: seconds the command may run (default 5100, under
# CI's 90 minutes); CLEAN_ROOT_KEEP=1 keeps the root for a look.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$ROOT/scripts/deps.sh"

[ $# -gt 0 ] || die "usage: $0 [VAR=VALUE ...] COMMAND [ARG...]"
[ "$(id -u)" = 0 ] || die "in-clean-root.sh needs root (debootstrap, mount, chroot)"
base=${CLEAN_ROOT_BASE:-/var/tmp/ftrace-direct-roots}
timeout_s=${CLEAN_ROOT_TIMEOUT:-5100}
cache=/var/cache/apt/archives
t0=$(date +%s)

# mounts_under DIR: the mount points at or below DIR, deepest first.
mounts_under() {
	awk -v d="$1" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r
}

# take_down ROOT: unmount everything below ROOT, then remove it, but only
# once nothing is mounted there any more: the checkout is bind-mounted
# inside, and must never be reached by the rm.
take_down() {
	local r=$1 m
	for m in $(mounts_under "$r"); do
		umount "$m" 2>/dev/null || umount -l "$m" || true
	done
	if [ -n "$(mounts_under "$r")" ]; then
		echo "error: still mounted under $r, not removing it:" >&2
		mounts_under "$r" >&2
		return 1
	fi
	[ "${CLEAN_ROOT_KEEP:-0}" = 1 ] && { log "kept $r"; return 0; }
	rm -rf --one-file-system "$r"
}

mkdir -p "$base"
# A root whose run is still going (its owner's PID in ROOT.pid is alive)
# belongs to a clean-root run beside this one: leave it alone.
for old in "$base"/root.*; do
	[ -d "$old" ] || continue
	if [ -f "$old.pid" ] && kill -0 "$(cat "$old.pid")" 2>/dev/null; then
		log "leaving $old to the run that owns it (pid $(cat "$old.pid"))"
		continue
	fi
	log "taking down a root left by an earlier run: $old"
	take_down "$old" && rm -f "$old.pid"
done

# The host's suite and its apt sources: one-line .list files and deb822
# .sources files, as apt reads them (files apt ignores are skipped).
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}")
sources=$(ls /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
	/etc/apt/sources.list.d/*.sources 2>/dev/null || true)
mirror=
for f in $sources; do
	case "$f" in
	*.sources)
		m=$(awk -v s="$suite" '
			/^[[:space:]]*$/ { if (ok && uri) { print uri; exit } ok = 0; uri = ""; next }
			/^URIs:/ { uri = $2 }
			/^Suites:/ { for (i = 2; i <= NF; i++) if ($i == s) ok = 1 }
			END { if (ok && uri) print uri }' "$f" | head -1) ;;
	*)
		m=$(awk -v s="$suite" '$1 == "deb" { i = 2; if ($i ~ /^\[/) while ($i !~ /\]$/) i++;
			if ($i ~ /^\[/ || $i ~ /\]$/) i++; if ($(i + 1) == s) { print $i; exit } }' "$f") ;;
	esac
	[ -n "$m" ] && { mirror=$m; break; }
done
[ -n "$mirror" ] || die "no apt source for suite '$suite' in /etc/apt/sources.list{,.d}"

missing=
for p in $CLEAN_ROOT_PKGS; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	log "installing on the host:$missing"
	apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

root=$(mktemp -d "$base/root.XXXXXX")
chmod 755 "$root"
echo $$ > "$root.pid"
rc=1
child=
cleanup() {
	trap - EXIT INT TERM HUP
	if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
		# timeout leads a process group of its own: stop all of it.
		kill -TERM -- "-$child" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$child" 2>/dev/null || break
			sleep 1
		done
		kill -KILL -- "-$child" 2>/dev/null
		wait "$child" 2>/dev/null
	fi
	take_down "$root" && rm -f "$root.pid" || rc=1
	log "clean root: command exited $rc, $(($(date +%s) - t0))s in all"
	exit $rc
}
trap cleanup EXIT
trap 'rc=130; cleanup' INT
trap 'rc=143; cleanup' TERM HUP

stage_begin "clean root: debootstrap $suite"
mkdir -p "$cache"
debootstrap --variant=minbase --cache-dir="$cache" "$suite" "$root" "$mirror" \
	> "$root.debootstrap.log" 2>&1 || {
	tail -20 "$root.debootstrap.log" >&2
	rm -f "$root.debootstrap.log"
	die "debootstrap failed"
}
rm -f "$root.debootstrap.log"
# The host's sources and the keyrings they name, so that the root sees the
# same archive as the host.
rm -f "$root/etc/apt/sources.list"
for f in $sources; do
	mkdir -p "$root$(dirname "$f")"
	cp "$f" "$root$f"
	for k in $(sed -n 's/.*[Ss]igned-[Bb]y[:=][[:space:]]*\([^] ]*\).*/\1/p' "$f"); do
		[ -f "$k" ] && [ ! -e "$root$k" ] && mkdir -p "$root$(dirname "$k")" && cp "$k" "$root$k"
	done
done
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
stage_end

mount -t proc proc "$root/proc"
mount --bind /sys "$root/sys"
mount --bind /dev "$root/dev"
mkdir -p "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
mount -t tmpfs tmpfs "$root/dev/shm"
mkdir -p "$root$cache"
mount --bind "$cache" "$root$cache"
mkdir -p "$KCCACHE_DIR" "$root$KCCACHE_DIR"
mount --bind "$KCCACHE_DIR" "$root$KCCACHE_DIR"
# The checkout at its own path, so that the paths git and the build
# record (worktrees, O=) are the same inside and out.
mkdir -p "$root$ROOT"
mount --bind "$ROOT" "$root$ROOT"

# in_root COMMAND...: run COMMAND in the root with a clean environment:
# what the caller put in front of the command as VAR=VALUE, and CI.
in_root() {
	chroot "$root" env -i HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		${CI:+CI=$CI} "$@"
}

stage_begin "clean root: $ROOT_PKGS"
# shellcheck disable=SC2086
in_root sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -qq --no-install-recommends $ROOT_PKGS >/dev/null"
# The checkout belongs to whoever cloned it; git in the root must not
# refuse it for that.
in_root git config --global --add safe.directory '*'
stage_end

log "clean root $root: running $*"
# In the background, so that a signal to this script is handled at once:
# cleanup() stops the command (timeout passes the signal on to the whole
# process group it runs) before it unmounts.
timeout -k 30 "$timeout_s" chroot "$root" env -i HOME=/root LANG=C.UTF-8 \
	TERM="${TERM:-dumb}" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	IN_CLEAN_ROOT=1 ${CI:+CI=$CI} sh -c 'cd "$1" && shift && exec env "$@"' sh "$ROOT" "$@" < /dev/null &
child=$!
set +e
wait $child
rc=$?
set -e
child=
[ $rc = 124 ] && echo "error: timed out after ${timeout_s}s: $*" >&2
exit $rc
