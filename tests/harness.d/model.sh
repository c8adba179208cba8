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
conc='201: ok 20 operations (2 threads, 57 hammer rounds), 2 checks, 12 errors expected, 9 ms (2222 operations/s)'
ctl='101: divergence at operation 7: x: target0: tramp1 called 1 times, want 0 (model: tramp2)
101: shortest sequence found: 3 operations (12 replays): y
101: fail at operation 7
102: divergence at operation 9: unregister_ftrace_direct(target3, tramp1): returned -22, want -19
102: shortest sequence found: 2 operations (9 replays): returned -22, want -19
102: fail at operation 9
103: divergence after round 2: target1: tramp1 called 0 times, want 1 (model: tramp1)
103: fail at operation 60'
check "guest: run_model: two seeds pass, and the control diverges" \
	"ok 1 model: seed 1: ok 10 operations, 11 checks, 6 errors expected
ok 2 model: seed 2: ok 10 operations, 11 checks, 7 errors expected
ok 3 model: seed 201: ok 20 operations (2 threads, 57 hammer rounds), 2 checks, 12 errors expected, 9 ms (2222 operations/s)
ok 4 model: a wrong model diverges, and is shrunk: shortest sequence found: 3 operations (12 replays): y
ok 5 model: a wrong errno is named: divergence at operation 9: unregister_ftrace_direct(target3, tramp1): returned -22, want -19
ok 6 model: the concurrent mode finds a wrong model: divergence after round 2: target1: tramp1 called 0 times, want 1 (model: tramp1)" \
	"$(model_ktap 2:10 "1: ok 10 operations, 11 checks, 6 errors expected
2: ok 10 operations, 11 checks, 7 errors expected
$conc
$ctl" 0)"
check "guest: run_model: a control that does not diverge fails" \
	"ok 1 model: seed 1: ok 10 operations, 11 checks, 6 errors expected
not ok 3 model: a wrong model diverges, and is shrunk: ok 10 operations, 11 checks, 5 errors expected" \
	"$(model_ktap 1:10 "1: ok 10 operations, 11 checks, 6 errors expected
$conc
101: ok 10 operations, 11 checks, 5 errors expected" 0 | sed -n '1p;3p')"
# The errno control must diverge on the errno of the call it breaks: a
# divergence elsewhere, or none, fails it.
check "guest: run_model: an errno control that diverges on something else fails" \
	"not ok 4 model: a wrong errno is named: fail at operation 3" \
	"$(model_ktap 1:10 "1: ok 10 operations, 11 checks, 6 errors expected
$conc
$(echo "$ctl" | grep '^101')
102: divergence at operation 3: register_ftrace_direct(target3, tramp1): returned -22, want -19
102: fail at operation 3" 0 | sed -n 4p)"
check "guest: run_model: an errno control that passes fails" \
	"not ok 4 model: a wrong errno is named: ok 10 operations, 11 checks, 5 errors expected" \
	"$(model_ktap 1:10 "1: ok 10 operations, 11 checks, 6 errors expected
$conc
$(echo "$ctl" | grep '^101')
102: ok 10 operations, 11 checks, 5 errors expected" 0 | sed -n 4p)"
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
# make check's short run: seed 1 and a random one (awk's, here 4242) on a
# series kernel, a SKIP on a base.
model_short_fakes() {
	model_fakes
	harness_variant() { echo "$variant"; }
	awk() { echo 4242; }
}
model_short_ktap() {
	variant=$1 log=$2 irc=0 guest_ktap plan-model.sh model_short_fakes run_model_short
}
check "guest: run_model_short: seed 1 and the random seed, under names that do not change" \
	"ok 1 model: short run: seed 1
ok 2 model: short run: a random seed" \
	"$(model_short_ktap series "1: ok 1000 operations, 1001 checks, 600 errors expected
4242: ok 1000 operations, 1001 checks, 610 errors expected")"
check "guest: run_model_short: a divergence of the random seed fails, naming it" \
	"not ok 2 model: short run: a random seed: seed 4242: fail at operation 17" \
	"$(model_short_ktap series-distro "1: ok 1000 operations, 1001 checks, 600 errors expected
4242: divergence at operation 17: x: returned 0, want -22
4242: fail at operation 17" | tail -1)"
check "guest: run_model_short: a base skips" \
	"ok 1 model: short run # SKIP the base has the bugs the model calls on purpose" \
	"$(model_short_ktap base "")"
# make model-bug: some seed must diverge and be shrunk, on a kernel with a
# bookkeeping bug.
model_bug_fakes() {
	model_fakes
	harness_arg() {
		case "$1" in model) echo "$arg" ;; model_bug) echo 1 ;; esac
	}
}
model_bug_ktap() {
	arg=$1 log=$2 irc=0 guest_ktap plan-model.sh model_bug_fakes run_model
}
check "guest: run_model: a bug kernel that diverges on seed 2 passes" \
	"ok 1 model: a kernel with a bookkeeping bug diverges: seed 2: divergence at operation 5: x: target0: tramp1 called 0 times, want 1 (model: tramp1)
ok 2 model: ... and is shrunk: seed 2: shortest sequence found: 2 operations (7 replays): y" \
	"$(model_bug_ktap 3:10 "1: ok 10 operations, 11 checks, 6 errors expected
2: divergence at operation 5: x: target0: tramp1 called 0 times, want 1 (model: tramp1)
2: shortest sequence found: 2 operations (7 replays): y
2: fail at operation 5")"
check "guest: run_model: a bug kernel that no seed finds fails" \
	"not ok 1 model: a kernel with a bookkeeping bug diverges: no seed of 2 did" \
	"$(model_bug_ktap 2:10 "1: ok 10 operations, 11 checks, 6 errors expected
2: ok 10 operations, 11 checks, 5 errors expected")"
check "guest: run_model: a concurrent seed that diverges fails" \
	"not ok 2 model: seed 201: fail at operation 40" \
	"$(model_ktap 1:10 "1: ok 10 operations, 11 checks, 6 errors expected
201: divergence after round 1: target2: tramp0 called 0 times, want 1 (model: tramp0)
201: fail at operation 40
$ctl" 0 | sed -n 2p)"
check "guest: run_model: a concurrent control that does not diverge fails" \
	"not ok 5 model: the concurrent mode finds a wrong model: ok 20 operations (2 threads, 9 hammer rounds), 1 checks, 9 errors expected, 5 ms (4000 operations/s)" \
	"$(model_ktap 1:10 "1: ok 10 operations, 11 checks, 6 errors expected
$conc
$(echo "$ctl" | grep '^10[12]')
103: ok 20 operations (2 threads, 9 hammer rounds), 1 checks, 9 errors expected, 5 ms (4000 operations/s)" 0 | tail -1)"
