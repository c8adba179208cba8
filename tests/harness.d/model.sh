# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/run.sh ($top, check).  The guest's run_model
# (scripts/guest/plan-model.sh) against made-up module output: each seed's
# last line decides, a missing line or a failed insmod fails.
# model_ktap ARG LOG INSMOD_RC: the KTAP lines run_model writes with
# harness.model=ARG, when the module prints LOG (its lines, "SEED: TEXT"
# per line, without the prefix) and insmod returns INSMOD_RC.
model_fakes() {
	harness_arg() { [ "$1" = model ] && echo "$arg"; }
	insmod() { return "$irc"; }
	rmmod() { :; }
	dmesg() { printf '%s\n' "$log" | sed 's/^/[    1.0] ftrace_direct_model: seed /'; }
}
model_ktap() {
	arg=$1 log=$2 irc=$3 guest_ktap plan-model.sh model_fakes run_model
}
ctl='101: divergence at operation 7: x: target0: tramp1 called 1 times, want 0 (model: tramp2)
101: shortest sequence found: 3 operations (12 replays): y
101: fail at operation 7'
check "guest: run_model: two seeds pass, and the control diverges" \
	"ok 1 model: seed 1: ok 10 operations, 11 checks, 6 errors expected
ok 2 model: seed 2: ok 10 operations, 11 checks, 7 errors expected
ok 3 model: a wrong model diverges, and is shrunk: shortest sequence found: 3 operations (12 replays): y" \
	"$(model_ktap 2:10 "1: ok 10 operations, 11 checks, 6 errors expected
2: ok 10 operations, 11 checks, 7 errors expected
$ctl" 0)"
check "guest: run_model: a control that does not diverge fails" \
	"ok 1 model: seed 1: ok 10 operations, 11 checks, 6 errors expected
not ok 2 model: a wrong model diverges, and is shrunk: ok 10 operations, 11 checks, 5 errors expected" \
	"$(model_ktap 1:10 '1: ok 10 operations, 11 checks, 6 errors expected
101: ok 10 operations, 11 checks, 5 errors expected' 0)"
check "guest: run_model: a divergence fails its seed" \
	"ok 1 model: seed 1: ok 10 operations, 11 checks, 6 errors expected
not ok 2 model: seed 2: fail at operation 4" \
	"$(model_ktap 2:10 '1: ok 10 operations, 11 checks, 6 errors expected
2: divergence at operation 4: x: returned 0, want -22
2: fail at operation 4' 0 | head -2)"
check "guest: run_model: no result line fails" \
	"not ok 1 model: seed 1: no result line" "$(model_ktap 1:10 '' 0 | head -1)"
check "guest: run_model: a failed insmod fails" \
	"not ok 1 model: seed 1: insmod failed" "$(model_ktap 1:10 '' 1 | head -1)"
