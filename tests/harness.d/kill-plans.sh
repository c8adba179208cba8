# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/run.sh ($top, check).  The guest's kill plans
# (scripts/guest/plan-lifetime.sh: run_killreg, run_killunreg and
# run_killother, through kill_checks) against made-up module output.
# kill_ktap PLAN LOG [INSMOD_RC]: the KTAP lines "run_PLAN" writes when
# the kernel log is LOG and insmod returns INSMOD_RC (0), numbers left out.
kill_fakes() {
	insmod() { return "$irc"; }
	dmesg() { printf '%s\n' "$log"; }
	uname() { echo aarch64; }
}
kill_ktap() {
	log=$2 irc=${3:-0} guest_ktap plan-lifetime.sh kill_fakes "run_$1" |
		sed -E 's/^(not ok|ok) [0-9]+ /\1 /'
}
killed='ftrace failed to modify
ftrace: killed with 2 direct calls in place'
other_ok=$(for c in "ftrace dies on this thread" \
	"ops API: the call was still in its window when ftrace died" "ops API: the call fails with -ENODEV" \
	"ops API: the ops is still on ftrace's list, as the errno says" "ops API: the function still calls the trampoline" \
	"ip API: the call was still in its window when ftrace died" "ip API: the call fails with -ENODEV" \
	"ip API: the ops is still on ftrace's list, as the errno says" "ip API: the function still calls the trampoline"; do
	echo "ftrace_direct_stress: killother: $c: ok"; done)
check "guest: run_killother: nine ok lines and the kill pass" \
	"12 ok, 0 not ok" \
	"$(kill_ktap killother "$other_ok
$killed" | awk '/^ok/ { o++ } /^not ok/ { f++ } END { printf "%d ok, %d not ok", o, f }')"
check "guest: run_killother: a call that returned 0 fails, naming it" \
	"not ok killother: ops API: the call fails with -ENODEV: fail it returned 0" \
	"$(kill_ktap killother "$(echo "$other_ok" | sed 's/ops API: the call fails with -ENODEV: ok/ops API: the call fails with -ENODEV: fail it returned 0/')
$killed" | grep '^not ok')"
check "guest: run_killother: a missing check fails" \
	"not ok killother: every check ran: 8 of 9 result lines" \
	"$(kill_ktap killother "$(echo "$other_ok" | sed 1d)
$killed" | grep '^not ok')"
check "guest: run_killother: a call taken out by hand fails" \
	"not ok killother: no call is taken out by hand: ftrace: died while unregistering direct calls to t: 1 taken out by hand" \
	"$(kill_ktap killother "$other_ok
$killed
ftrace: died while unregistering direct calls to t: 1 taken out by hand" | grep '^not ok')"
check "guest: run_killother: no kill in the log fails" \
	"not ok killother: the log reports the bad callsite and the kill" \
	"$(kill_ktap killother "$other_ok" | grep '^not ok')"
check "guest: run_killunreg: the call taken out by hand is reported" \
	"ok killunreg: x/ok killunreg: the log reports the bad callsite and the kill/ok killunreg: the log reports the call taken out by hand" \
	"$(kill_ktap killunreg "ftrace_direct_stress: killunreg: x: ok
$killed
ftrace: died while unregistering direct calls to t: 1 taken out by hand, 0 holding something else, 0 left calling it" | paste -sd/)"
check "guest: run_killreg: a module that skips gives one SKIP" \
	"ok killreg: ftrace killed by the module # SKIP only on arm64" \
	"$(kill_ktap killreg "ftrace_direct_stress: killreg: a registration that kills ftrace: skip only on arm64")"
check "guest: run_killreg: a failed insmod fails" \
	"not ok killreg: insmod killreg=1 failed: the later callsite is overwritten: fail -2" \
	"$(kill_ktap killreg "ftrace_direct_stress: killreg: the later callsite is overwritten: fail -2" 1)"
