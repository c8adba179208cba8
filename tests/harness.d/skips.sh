# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/run.sh ($top, check).  Skips that must not pass
# unnoticed: the guest's check_site_ops against made-up boot lines and
# command lines, and report.sh --allow-skips (make fullsuite).
tmp=$(mktemp -d)

# guest_site FUNC SITEOPS VARIANT CMDLINE LOG: the KTAP lines that the
# guest's FUNC (scripts/guest/lib.sh) writes on a kernel whose config has
# harness.siteops=SITEOPS, booted with CMDLINE, whose log has the lines of
# LOG.
guest_site() {
	(
		ktap=$tmp/ktap n=0
		: > "$ktap"
		. "$top/scripts/guest/lib.sh"
		cmdline="harness.plan=check harness.variant=$3 harness.siteops=$2 $4"
		boot=$5
		proc_cmdline() { echo "$cmdline"; }
		harness_arg() { echo "$cmdline" | tr ' ' '\n' | sed -n "s/^harness\\.$1=//p"; }
		dmesg() { printf '%s\n' "$boot" | sed 's/^/[    1.000000] /'; }
		"$1" > /dev/null
		cat "$ktap"
	)
}
# site_ops SITEOPS VARIANT CMDLINE BOOT_LINE: check_site_ops's line.
site_ops() { guest_site check_site_ops "$@"; }
on='ftrace: per-callsite ops pointers: 15689 callsites, 0 of them misaligned, not traced'
off='ftrace: per-callsite ops pointers off (ftrace_site_ops=off): 15689 callsites enter through ftrace_caller'
none='ftrace: no per-callsite ops pointers: callsites enter through ftrace_caller'
ok_yes='ok 1 site ops: the boot line matches the config (yes)'
check "guest: check_site_ops: pointers on" "$ok_yes" "$(site_ops yes series '' "$on")"
check "guest: check_site_ops: off, asked for on the command line" "$ok_yes" \
	"$(site_ops yes series 'ftrace_site_ops=off' "$off")"
check "guest: check_site_ops: off, not asked for, fails" \
	"not ok 1 site ops: the boot line matches the config (yes): '$off' (no ftrace_site_ops=off on the command line)" \
	"$(site_ops yes series '' "$off")"
check "guest: check_site_ops: off, only a longer word on the command line, fails" \
	"not ok 1 site ops: the boot line matches the config (yes): '$off' (no ftrace_site_ops=off on the command line)" \
	"$(site_ops yes series 'harness.x=ftrace_site_ops=off xftrace_site_ops=off' "$off")"
check "guest: check_site_ops: asked for off, still on, fails" \
	"not ok 1 site ops: the boot line matches the config (yes): '$on' (ftrace_site_ops=off on the command line)" \
	"$(site_ops yes series 'ftrace_site_ops=off' "$on")"
check "guest: check_site_ops: no pointers in the config" \
	"ok 1 site ops: the boot line matches the config (no)" "$(site_ops no series '' "$none")"
check "guest: check_site_ops: the config has them, the kernel not, fails" \
	"not ok 1 site ops: the boot line matches the config (yes): '$none'" "$(site_ops yes series '' "$none")"
check "guest: check_site_ops: not on a base kernel" "" "$(site_ops yes base '' "$off")"
check "guest: check_site_ops: the validity line before the boot line is not it" "$ok_yes" \
	"$(site_ops yes series '' "ftrace: per-callsite ops pointers: 17253 of 17253 hold an invalid value (see site_ops_check)
$on")"

# site_valid SITEOPS VARIANT CMDLINE BOOT_LINE: check_site_valid's line,
# with the pointers' boot line before BOOT_LINE.
site_valid() { guest_site check_site_valid "$1" "$2" "$3" "$on
$4"; }
valid='ftrace: per-callsite ops pointers: all 17253 valid'
invalid='ftrace: per-callsite ops pointers: 17001 of 17253 hold an invalid value (see site_ops_check)'
check "guest: check_site_valid: all valid" \
	"ok 1 site ops: every pointer holds a valid value at boot" "$(site_valid yes series '' "$valid")"
check "guest: check_site_valid: invalid values fail" \
	"not ok 1 site ops: every pointer holds a valid value at boot: '$invalid'" \
	"$(site_valid yes series '' "$invalid")"
check "guest: check_site_valid: no check line fails" \
	"not ok 1 site ops: every pointer holds a valid value at boot: 'no check line'" \
	"$(site_valid yes series '' "")"
check "guest: check_site_valid: not with ftrace_site_ops=off" "" \
	"$(site_valid yes series 'ftrace_site_ops=off' "$off")"
check "guest: check_site_valid: not without pointers" "" "$(site_valid no series '' "$none")"

# report.sh --allow-skips: every SKIP stands, listed or not (make
# fullsuite, judged by fullsuite-compare.sh); without it, the same
# unlisted series skips fail.
cp -a "$top/tests/report/skip-unlisted" "$tmp/r"
got=$(bash "$top/scripts/report.sh" --allow-skips --results-root "$tmp/r" \
	--expectations "$tmp/r/expectations" 2>/dev/null | tail -1)
check "report: --allow-skips keeps every skip" "12 passed, 0 failed, 4 skipped" "$got"
check "report: the unlisted series skip's note" \
	"FAIL/skipped, not listed as an allowed skip in expectations/x86_64-series.txt (no CONFIG_LIVEPATCH)" \
	"$(bash "$top/scripts/report.sh" --results-root "$tmp/r" --expectations "$tmp/r/expectations" \
		> /dev/null 2>&1; awk -F'\t' '$2 ~ /^livepatch: / { print $1 "/" $3 }' "$tmp/r/x86_64-series/results.tab")"
check "fullsuite-check: report.sh with --allow-skips" 1 \
	"$(grep -c 'report\.sh" --allow-skips' "$top/scripts/fullsuite-check.sh")"
rm -rf "$tmp"
