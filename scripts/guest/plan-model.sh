#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The model plan (make model): random sequences of direct-call and
# ftrace_ops API calls checked against a reference model
# (model/ftrace_direct_model.c).  harness.model=SEEDS:OPS runs OPS
# operations for each of SEEDS seeds, 1 to SEEDS (default 4:300).  One
# result per seed; a divergence prints the seed, the operation, what
# differed and the shortest sequence the module found.
run_model() {
	arg=$(harness_arg model)
	seeds=${arg%%:*}
	ops=${arg#*:}
	[ -n "$arg" ] || { seeds=4; ops=300; }
	if [ "$(harness_arg model_bug)" = 1 ]; then
		run_model_bug
		return
	fi
	s=1
	while [ "$s" -le "$seeds" ]; do
		model_seed $s $ops
		s=$((s + 1))
	done
	# The concurrent mode: two threads of OPS operations each, seed 201.
	model_seed 201 $ops threads=2
	# The negative controls: a model that forgets what
	# modify_ftrace_direct_multi() does must diverge, and be shrunk, and
	# the concurrent mode must find it too; one that wants the wrong errno
	# from unregister_ftrace_direct() must name the call and both errnos.
	model_control 101 1 "a wrong model diverges, and is shrunk" \
		"^shortest sequence found"
	model_control 102 2 "a wrong errno is named" \
		"^divergence at operation [0-9]*: unregister_ftrace_direct(.*: returned -22, want -19$"
	model_control 103 1 "the concurrent mode finds a wrong model" \
		"^divergence after round" threads=2
}

# run_model_bug: on a kernel with a deliberate bookkeeping bug (make
# model-bug), the model must diverge on some seed of the SEEDS, and shrink
# the divergence; the first such seed is the result.
run_model_bug() {
	s=1
	while [ "$s" -le "$seeds" ]; do
		insmod /model/ftrace-direct-model.ko seed=$s nops=$ops &&
			rmmod ftrace_direct_model
		dmesg | sed -n "s/.*ftrace_direct_model: seed $s: //p" > $R/model-$s.txt
		if grep -q "^fail at operation" $R/model-$s.txt &&
		   grep -q "^shortest sequence found" $R/model-$s.txt; then
			grep "^divergence\|^minimal" $R/model-$s.txt | head -20
			ok "model: a kernel with a bookkeeping bug diverges: seed $s: $(grep '^divergence' $R/model-$s.txt)"
			ok "model: ... and is shrunk: seed $s: $(grep '^shortest' $R/model-$s.txt)"
			return
		fi
		s=$((s + 1))
	done
	notok "model: a kernel with a bookkeeping bug diverges: no seed of $seeds did"
}

# model_seed SEED OPS [PARAM...]: one run of OPS operations from SEED, one
# result, named "model: seed SEED: " and the module's last line; with
# $mname set, a pass is named $mname alone (a name that is the same in
# every run, for make check) and a failure $mname, the seed and the line.
model_seed() {
	if ! insmod /model/ftrace-direct-model.ko seed=$1 nops=$2 ${3:-}; then
		notok "${mname:-model}: seed $1: insmod failed"
		return
	fi
	rmmod ftrace_direct_model
	dmesg | sed -n "s/.*ftrace_direct_model: seed $1: //p" > $R/model-$1.txt
	line=$(tail -1 $R/model-$1.txt)
	echo "harness: model: seed $1: $line"
	case "$line" in
	"ok "*) ok "${mname:-model: seed $1: $line}" ;;
	*)
		grep -v "^history\|^minimal" $R/model-$1.txt | head -5
		grep "^minimal" $R/model-$1.txt | head -20
		notok "${mname:-model}: seed $1: ${line:-no result line}" ;;
	esac
}

# run_model_short: make check's short run, on the series kernels: seed 1
# and one random seed (the console line names it), harness.model_short=OPS
# operations each (1000).  make model has the long runs and the controls.
# The pristine bases skip it: they oops on an ops never given a filter
# and WARN on a wrong trampoline, which the model calls on purpose.
run_model_short() {
	case "$(harness_variant)" in
	base*)
		ok "model: short run # SKIP the base has the bugs the model calls on purpose"
		return ;;
	esac
	ops=$(harness_arg model_short)
	mname="model: short run: seed 1" model_seed 1 ${ops:-1000}
	mname="model: short run: a random seed" \
		model_seed "$(awk 'BEGIN { srand(); print 1000 + int(rand() * 1000000) }')" ${ops:-1000}
	# ash may keep an assignment made before a function call
	mname=
}

# model_control SEED INJECT WHAT PATTERN [PARAM]: SEED with inject=INJECT
# (and PARAM) must fail, and its log must have a line that matches PATTERN.
model_control() {
	if ! insmod /model/ftrace-direct-model.ko seed=$1 nops=$ops inject=$2 ${5:-}; then
		notok "model: $3: insmod failed"
		return
	fi
	rmmod ftrace_direct_model
	f=$R/model-control-$1.txt
	dmesg | sed -n "s/.*ftrace_direct_model: seed $1: //p" > $f
	if grep -q "^fail at operation" $f && grep -q "$4" $f; then
		ok "model: $3: $(grep -m1 "$4" $f)"
	else
		notok "model: $3: $(tail -1 $f)"
	fi
}
