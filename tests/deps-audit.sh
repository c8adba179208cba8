#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# deps-audit.sh: every external command the host side of the harness calls
# must be listed in HOST_CMDS or LAVA_CMDS (scripts/deps.sh), and every
# listed command must come, on this machine, from a package that a fresh
# Debian root gets through the harness: one in HOST_PKGS, LAVA_PKGS or
# CLEAN_ROOT_PKGS, a package that one of those depends on directly
# (Depends, not Recommends), or the base system (Essential or Priority:
# required, what debootstrap's minbase installs).  A LAVA_CMDS command may
# be missing: only make lava-check installs its package.  Fails closed: a
# command that can't be found or whose package can't be told is an error.
# Prints one line per problem and "deps-audit: ok" or "deps-audit: N
# problem(s)".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# DEPS_FILE: another deps.sh; DEPS_AUDIT_PATH: where to look for the
# listed commands (Debian's own bin directories by default).  Both are for
# the audit's own tests.
# shellcheck source=../scripts/deps.sh
. "${DEPS_FILE:-$top/scripts/deps.sh}"
cd "$top" || exit 2

# The host scripts; scripts/guest/ runs in the guest, under busybox.
files=${DEPS_AUDIT_FILES:-$(ls scripts/*.sh scripts/arch/*.sh tests/*.sh .ci/run)}
problems=0
problem() {
	echo "deps-audit: $*"
	problems=$((problems + 1))
}

listed() { # WORD LIST
	case " $(echo $2) " in *" $1 "*) return 0 ;; esac
	return 1
}

# Shell functions the scripts define are no commands, nor are those of the
# guest library and plans, which tests/run.sh sources to test on the host.
# shellcheck disable=SC2086
funcs=$(sed -n 's/^[[:space:]]*\([A-Za-z_][A-Za-z0-9_-]*\)()[[:space:]]*{*.*$/\1/p' \
	$files scripts/guest/*.sh | sort -u)

# 1. Every command a script calls is listed.
# shellcheck disable=SC2086
uses=$(perl "$top/tests/deps/commands.pl" $files) || { problem "commands.pl failed"; uses=; }
[ -n "$uses" ] || problem "found no command at all in: $(echo $files)"
while read -r where word; do
	[ -n "$word" ] || continue
	listed "$word" "$funcs" && continue
	case "$(type -t "$word")" in builtin|keyword) continue ;; esac
	listed "$word" "$HOST_CMDS ${LAVA_CMDS:-} $CLEAN_ROOT_CMDS" && continue
	problem "$where: '$word' is called but is not in HOST_CMDS (scripts/deps.sh)"
done <<< "$uses"

# 2. Every listed command comes from a package the harness installs, or
# from the base system.
direct_deps() { # the non-alternative Depends and Pre-Depends of PKG...
	local p
	for p in "$@"; do
		dpkg-query -W -f '${Depends}, ${Pre-Depends}\n' "$p" 2>/dev/null
	done | tr ',' '\n' | grep -v '|' | sed 's/(.*//; s/:any//; s/[[:space:]]//g' | grep . | sort -u
}
# shellcheck disable=SC2086
installed_pkgs="$HOST_PKGS ${LAVA_PKGS:-} $CLEAN_ROOT_PKGS $ROOT_PKGS"
# shellcheck disable=SC2086
pulled=$(direct_deps $installed_pkgs)

owner_of() { # the package that owns PATH, trying the /usr-merged spellings
	local p b c
	# PATH itself, what it links to, and where its links end.
	for b in "$1" "$(readlink "$1")" "$(readlink -f "$1")"; do
		case "$b" in /*) ;; *) continue ;; esac
		for c in "$b" "${b#/usr}" "/usr$b"; do
			dpkg -S "$c" 2>/dev/null | sed -n 's/^\([^:,]*\)[^:]*: .*/\1/p' | head -1 | grep . && return
		done
	done
	return 1
}

cmd_path=${DEPS_AUDIT_PATH:-/usr/sbin:/usr/bin:/sbin:/bin}
for cmd in $HOST_CMDS ${LAVA_CMDS:-} $CLEAN_ROOT_CMDS; do
	# Looked up where Debian's packages put commands, not in this
	# shell's PATH, which may reach tools installed by hand.
	if ! path=$(PATH=$cmd_path type -P "$cmd"); then
		# Inside a clean root: in-clean-root.sh runs these on the host,
		# and installs them there itself.
		listed "$cmd" "$CLEAN_ROOT_CMDS" && continue
		# make lava-check installs LAVA_PKGS first (install-deps.sh lava).
		listed "$cmd" "${LAVA_CMDS:-}" && continue
		problem "'$cmd' is listed but not found on this machine"
		continue
	fi
	pkg=$(owner_of "$path") || { problem "'$cmd' ($path): no package owns it"; continue; }
	listed "$pkg" "$installed_pkgs" && continue
	listed "$pkg" "$pulled" && continue
	read -r prio ess <<< "$(dpkg-query -W -f '${Priority} ${Essential}' "$pkg" 2>/dev/null)"
	[ "${ess:-}" = yes ] || [ "${prio:-}" = required ] && continue
	problem "'$cmd' ($path) comes from $pkg (priority ${prio:-unknown}), which no list in scripts/deps.sh installs"
done

# 3. Every foreign-arch package names an arch that install-deps.sh adds
# to dpkg (GUEST_ARCHES) before it installs it.
for p in ${CROSS_PKGS:-}; do
	case "$p" in
	*:*) listed "${p##*:}" "$GUEST_ARCHES" ||
		problem "CROSS_PKGS: '$p': ${p##*:} is not in GUEST_ARCHES, which install-deps.sh adds to dpkg" ;;
	*) problem "CROSS_PKGS: '$p' has no :ARCH" ;;
	esac
done

if [ $problems = 0 ]; then
	echo "deps-audit: ok ($(echo "$HOST_CMDS" | wc -w) commands)"
else
	echo "deps-audit: $problems problem(s)"
	exit 1
fi
