#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side tests of the harness itself: golden logs for the splat
# scanner, result files for the report and for the full-suite
# comparison.  Prints KTAP and the summary.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0 n=0
check() { # name, verdict wanted, verdict got
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n $1"
		pass=$((pass + 1))
	else
		echo "not ok $n $1 # want '$2', got '$3'"
		fail=$((fail + 1))
	fi
}

for log in "$top"/tests/splat/*.log; do
	name=$(basename "$log" .log)
	out=$("$top/scripts/scan-splats.sh" "$log")
	rc=$?
	got=${out%%:*}
	want=$(cat "${log%.log}.expect")
	case "$want" in clean) wrc=0 ;; splat) wrc=1 ;; *) wrc=2 ;; esac
	check "scan-splats: $name" "$want/$wrc" "$got/$rc"
done
out=$("$top/scripts/scan-splats.sh" "$top/tests/splat/does-not-exist.log")
check "scan-splats: missing log fails closed" 2 $?
out=$("$top/scripts/scan-splats.sh")
check "scan-splats: no log given fails closed" 2 $?

for d in "$top"/tests/report/*/; do
	name=$(basename "$d")
	out=$(bash "$top/scripts/report.sh" --results-root "$d" --expectations "$d/expectations" 2>/dev/null)
	got=$(echo "$out" | tail -1)
	echo "# report $name: $got"
	check "report: $name" "$(cat "$d/expect")" "$got"
	# The "failures:" list near the end names every failure once.
	listed=$(echo "$out" | sed -n '/^failures:$/,/^$/p' | grep -c '^  ')
	check "report: $name: failures listed" "${got#*passed, }" "$listed failed, ${got#*failed, }"
done
# fullsuite-compare.sh: runs "base" and "series" under each case; the
# expect file is "LAST LINE/EXIT STATUS".
for d in "$top"/tests/fullsuite/*/; do
	out=$(bash "$top/scripts/fullsuite-compare.sh" --results-root "$d" base series 2>&1)
	rc=$?
	check "fullsuite-compare: $(basename "$d")" "$(cat "$d/expect")" "$(echo "$out" | tail -1)/$rc"
done
# The dependency audit: every command the host scripts call comes from a
# package the harness installs (tests/deps-audit.sh).
out=$(bash "$top/tests/deps-audit.sh" 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
check "deps-audit" 0 $rc
# ... and it fails, naming the command, when a package is missing from the
# list or a command is called without being listed.
tmp=$(mktemp -d)
sed 's/\bcpio\b/ /g' "$top/scripts/deps.sh" > "$tmp/deps.sh"
out=$(DEPS_FILE=$tmp/deps.sh bash "$top/tests/deps-audit.sh" 2>&1)
rc=$?
check "deps-audit: cpio unlisted is named" "1/yes" "$rc/$(echo "$out" | grep -q "'cpio' is called but is not in HOST_CMDS" && echo yes)"
sed '/^HOST_PKGS=/,/"$/s/ cpio / /' "$top/scripts/deps.sh" > "$tmp/deps.sh"
out=$(DEPS_FILE=$tmp/deps.sh bash "$top/tests/deps-audit.sh" 2>&1)
rc=$?
check "deps-audit: cpio's package unlisted is named" "1/yes" "$rc/$(echo "$out" | grep -q "'cpio' .* comes from cpio" && echo yes)"
rm -rf "$tmp"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
