#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The guest plan's shared functions, sourced by plan.sh: results as KTAP
# lines (ok, notok), the command line (harness_arg), the sample check
# (sample_fires), the boot-time checks every plan may start with, and the
# ftracetest run through the kernel's kselftest runner.  ok and notok
# number their lines in $ktap, which plan.sh sets up.

ok() { n=$((n + 1)); echo "ok $n $*" >> $ktap; echo "harness: ok $*"; }
notok() { n=$((n + 1)); echo "not ok $n $*" >> $ktap; echo "harness: not ok $*"; }


# harness_arg NAME: the value of harness.NAME= on the command line.
harness_arg() {
	tr ' ' '\n' < /proc/cmdline | sed -n "s/^harness\\.$1=//p"
}

# harness_variant: the kernel's variant, from harness.variant= (boot.sh).
harness_variant() {
	harness_arg variant
}

# proc_cmdline: the kernel command line (the host tests give their own).
proc_cmdline() {
	cat /proc/cmdline
}

# cmdline_word WORD: whether WORD is one of the command line's words, as
# a whole: "ftrace_site_ops=off" and not "xftrace_site_ops=off" or
# "harness.x=ftrace_site_ops=off".
cmdline_word() {
	proc_cmdline | tr ' ' '\n' | grep -qxF -- "$1"
}

# sample_fires MODULE PATTERN...: load MODULE, make the traced functions
# run, and require every PATTERN in the trace before unloading it.
sample_fires() {
	m=$1
	shift
	echo > $T/trace
	if ! modprobe "$m"; then
		notok "sample: $m: modprobe failed"
		return
	fi
	# wake_up_process, schedule and handle_mm_fault all run here; the
	# modify samples switch trampolines about once a second.
	i=0
	while [ $i -lt 6 ]; do
		ls -R /sys/kernel/tracing > /dev/null
		sleep 1
		i=$((i + 1))
	done
	missing=
	for p in "$@"; do
		grep -q "$p" $T/trace || missing="$missing '$p'"
	done
	where_direct "sample: $m"
	if ! rmmod "$m"; then
		notok "sample: $m: rmmod failed"
	elif [ -n "$missing" ]; then
		notok "sample: $m: handler never traced$missing"
	else
		ok "sample: $m: handler fired"
	fi
}

# With ftrace_direct_far, arm64 must reach every direct trampoline
# through ftrace_regs_caller; the kernel says so when it takes the option.
check_far() {
	# "ftrace_direct_farx" (arm64.sh's SERIES_BOOT_ARGS): only the exact
	# word may take effect.
	if grep -qw ftrace_direct_farx /proc/cmdline; then
		if dmesg | grep -q "direct trampolines are reached through"; then
			notok "far: ftrace_direct_farx is not taken for ftrace_direct_far"
		else
			ok "far: ftrace_direct_farx is not taken for ftrace_direct_far"
		fi
	fi
	grep -qw ftrace_direct_far /proc/cmdline || return 0
	if dmesg | grep -q "direct trampolines are reached through"; then
		ok "far: direct trampolines forced out of BL range"
	else
		notok "far: ftrace_direct_far did not take effect"
	fi
}

# where_direct WHO [FILE]: for every direct callsite in enabled_functions
# (or FILE, a copy of it taken earlier), where
# its trampoline landed (the distance from the traced function, from
# /proc/kallsyms) and so how the callsite reaches it (a BL or CALL in
# range, else through the ftrace entry), and what the callsite's own ops pointer
# names (arm64 DYNAMIC_FTRACE_WITH_SITE_OPS).  Written to the console and
# to where.txt in the results.
where_direct() {
	# A BL reaches +/-128 MiB, a CALL rel32 +/-2 GiB.
	case "$(uname -m)" in
	x86_64) reach=2147483648 call=CALL ;;
	*) reach=134217728 call=BL ;;
	esac
	awk -v who="$1" -v reach=$reach -v call=$call '
	function addr(h,   hi, lo) {
		h = tolower(h); sub(/^0x/, "", h)
		while (length(h) < 16) h = "0" h
		hi = 0; lo = 0
		for (i = 1; i <= 8; i++) hi = hi * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
		for (i = 9; i <= 16; i++) lo = lo * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
		return hi * 4294967296 + lo
	}
	function dist(d,   a) {
		a = d < 0 ? -d : d
		if (a >= 1073741824) return sprintf("%+.1f GiB", d / 1073741824)
		if (a >= 1048576) return sprintf("%+.1f MiB", d / 1048576)
		return sprintf("%+.1f KiB", d / 1024)
	}
	function flush(   d, way) {
		if (fn == "" || tramp == "") return
		if (!(fn in at) || !(tramp in at)) {
			printf "%s: where: %s -> %s: not in kallsyms\n", who, fn, tramp
		} else {
			d = at[tramp] - at[fn]
			way = (d >= -reach && d < reach) ? "in " call " range" : "out of " call " range"
			printf "%s: where: %s -> %s: %s, %s%s\n", who, fn, tramp,
				dist(d), way, site == "" ? "" : ", site-ops: " site
		}
	}
	FNR == NR { if (!($3 in at)) at[$3] = addr($1); next }
	/^\t/ {
		if (sub(/^\tdirect-->/, "")) { tramp = $1; sub(/\+.*/, "", tramp) }
		else if (sub(/^\tsite-ops: /, "")) site = $0
		next
	}
	{ flush(); fn = $1; tramp = ""; site = "" }
	END { flush() }' /proc/kallsyms "${2:-$T/enabled_functions}" | tee -a $R/where.txt
}

# arm64 series: the boot line about the per-callsite ftrace ops pointers,
# held against what the kernel's config asks for (harness.siteops, which
# boot.sh reads off .config) and the command line: every callsite aligned
# where the config has them, the fallback entry where it has not.  The
# kernel turns them off for the word "ftrace_site_ops=off" (patch 0031's
# __setup); its "off" line passes only when the command line has that
# word, and the "on" line only when it has not.
check_site_ops() {
	want=$(harness_arg siteops)
	[ -n "$want" ] || return 0
	case "$(harness_variant)" in
	series*|dev*) ;;
	*) return 0 ;;
	esac
	# Not the check's own line (check_site_valid reads that one)
	line=$(dmesg | grep -o "ftrace: .*per-callsite ops pointers.*" |
		grep -v ": all [0-9]* valid\| invalid value" | head -1)
	echo "site ops: ${line:-no boot line}"
	off=no
	cmdline_word ftrace_site_ops=off && off=yes
	case "$want:$off:$line" in
	yes:no:*"pointers: "*", 0 of them misaligned"*|\
	yes:yes:*"pointers off (ftrace_site_ops=off)"*|\
	no:*:*"no per-callsite ops pointers"*)
		ok "site ops: the boot line matches the config ($want)"
		return ;;
	esac
	why=
	case "$off:$line" in
	no:*"pointers off"*) why=" (no ftrace_site_ops=off on the command line)" ;;
	yes:*"pointers: "*) why=" (ftrace_site_ops=off on the command line)" ;;
	esac
	notok "site ops: the boot line matches the config ($want): '${line:-nothing}'$why"
}

# check_site_valid: on a kernel whose callsites use their ops pointers
# (harness.siteops=yes, no ftrace_site_ops=off), the kernel's check of every
# pointer at boot: each holds a value its entry may use (a registered ops,
# a stub ops, or a tagged trampoline of direct_functions), "all N valid".
check_site_valid() {
	[ "$(harness_arg siteops)" = yes ] || return 0
	case "$(harness_variant)" in
	series*|dev*) ;;
	*) return 0 ;;
	esac
	cmdline_word ftrace_site_ops=off && return 0
	line=$(dmesg | grep -o "ftrace: per-callsite ops pointers: \(all [0-9]* valid\|.* invalid value\).*" | head -1)
	echo "site ops: ${line:-no check line}"
	case "$line" in
	*": all "*" valid") ok "site ops: every pointer holds a valid value at boot" ;;
	*) notok "site ops: every pointer holds a valid value at boot: '${line:-no check line}'" ;;
	esac
}

# check_site_direct WHO FUNC [FILE]: on a kernel with per-callsite ops pointers
# (harness.siteops=yes), a direct call alone on FUNC is reached through
# the callsite's pointer ("site-ops: direct TRAMP"): no list, no hash.
check_site_direct() {
	[ "$(harness_arg siteops)" = yes ] || return 0
	cmdline_word ftrace_site_ops=off && return 0
	site=$(awk -v f="$2" '/^[^\t]/ { on = $1 == f; next }
		on && sub(/^\tsite-ops: /, "") { print; exit }' "${3:-$T/enabled_functions}")
	echo "harness: $1: site-ops: ${site:-none}"
	case "$site" in
	"direct "*) ok "$1: the callsite's ops pointer holds the trampoline" ;;
	*) notok "$1: the callsite's ops pointer holds the trampoline: '${site:-no site-ops line}'" ;;
	esac
}

# CONFIG_FTRACE_STARTUP_TEST: the tracers test themselves at boot, and
# function_graph's test puts a direct trampoline on the function it
# traces.  Each test must say PASSED, function's and function_graph's
# among them; a trampoline that breaks the ABI hangs the boot there.
check_startup() {
	dmesg | grep -a 'Testing ' > $R/startup.txt
	bad=$(grep -i 'fail' $R/startup.txt | head -1)
	# A test's verdict may come on a later line, when another message
	# (the clocksource watchdog, say) broke into its line: join each
	# "Testing" line with the lines up to the next one.
	dmesg | awk '/Testing / { if (t != "") print t; t = $0; next }
		t != "" { t = t " " $0 } END { if (t != "") print t }' > $R/startup-joined.txt
	missing=
	for t in function function_graph; do
		grep -q "Testing tracer $t: .*PASSED" $R/startup-joined.txt || missing="$missing $t"
	done
	if [ -n "$bad" ] || [ -n "$missing" ]; then
		notok "startup: the ftrace self tests at boot passed: ${bad:-no PASSED for$missing}"
	else
		ok "startup: the ftrace self tests at boot passed ($(grep -c PASSED $R/startup.txt) tests)"
	fi
}

# The local labels of the arm64 ftrace entry stay out of kallsyms, so
# that backtraces through the entry name ftrace_common.
check_entry_labels() {
	[ "$(uname -m)" = aarch64 ] || return 0
	label=$(grep -w 'ftrace_direct_return' /proc/kallsyms | head -1)
	if [ -n "$label" ]; then
		notok "entry: no entry-code label in kallsyms: $label"
	else
		ok "entry: no entry-code label in kallsyms"
	fi
}

# ftracetest_planned ARG...: how many result lines ftracetest prints for
# these arguments, in its own directory: each .tc file named or found
# under a directory named, once, and once more in an instance when the
# file's flags say "instance" (ftracetest's find_testcases and
# test_on_instance, the same find and grep).  Options are not counted.
ftracetest_planned() {
	for a in "$@"; do
		case "$a" in
		-*) ;;
		*.tc) echo "$a" ;;
		*) find "$a" -name \*.tc | sort ;;
		esac
	done | while read -r f; do
		echo "$f"
		grep -q "^#[ \t]*flags:.*instance" "$f" && echo "$f"
	done | wc -l
}

# The ftrace selftests through the kernel's own kselftest runner, as
# "make kselftest TARGETS=ftrace" users run them; the runner passes the
# per-test arguments from KSELFTEST_FTRACETEST_ARGS.
run_kselftest() {
	# test.d/ftrace first, so that it runs on an equally fresh guest on
	# base (where test.d/direct is over in seconds) and series: its filter
	# and stack tests are timing-sensitive under TCG (README, "Known
	# problems").
	export KSELFTEST_FTRACETEST_ARGS="${FTRACETEST_DIRS:-test.d/ftrace test.d/direct}"
	# How many results ftracetest owes: report.sh fails a run that has
	# fewer or more.
	# shellcheck disable=SC2086
	(cd /kselftest/ftrace && ftracetest_planned $KSELFTEST_FTRACETEST_ARGS) > $R/ftracetest-expected
	# Append mode: the runner writes the test's output through a second
	# descriptor opened on /dev/stdout, and both must land in order.
	# The output also streams to the console, so a hang shows where it was.
	: > $R/kselftest.txt
	cd /kselftest
	./run_kselftest.sh < /dev/null 2>&1 | tee -a $R/kselftest.txt
	cd /
	# What ftrace still has patched in once every test has cleaned up.
	cat $T/enabled_functions > $R/enabled_functions.txt 2>/dev/null
	retry_failed
	# ftracetest keeps every test's log; bring them home for a FAIL.
	[ -d /kselftest/ftrace/logs ] && cp -r /kselftest/ftrace/logs $R/ftracetest-logs
}

# retry_failed: run every test.d/ftrace test that FAILed once more, into
# retry.txt.  Their filter and stack tests are timing-sensitive under TCG
# and fail now and then on the pristine base as well; report.sh shows a
# test that fails and then passes as FLAKY.  Tests of test.d/direct, the
# ones this series adds or makes run, are never retried: one FAIL there
# fails the run.  RETRY_DIRS widens the first rule (the full plan retries
# every directory).  ftracetest keeps the log of a FAILed test only, and
# its first line names the test file.
retry_failed() {
	logs=/kselftest/ftrace/logs
	again=$(for f in $logs/*/*-log.*; do
			[ -f "$f" ] && sed -n '1s/^execute[^:]*: *//p' "$f"
		done | grep "${RETRY_DIRS:-/test\.d/ftrace/}" |
		grep -v '/test\.d/direct/' | sort -u)
	[ -n "$again" ] || return 0
	echo "harness: retrying once:" $again
	cd /kselftest/ftrace
	# shellcheck disable=SC2086
	./ftracetest $again < /dev/null 2>&1 | tee $R/retry.txt
	cd /
}
