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
	s=1
	while [ "$s" -le "$seeds" ]; do
		if ! insmod /model/ftrace-direct-model.ko seed=$s nops=$ops; then
			notok "model: seed $s: insmod failed"
			s=$((s + 1))
			continue
		fi
		rmmod ftrace_direct_model
		dmesg | sed -n "s/.*ftrace_direct_model: seed $s: //p" > $R/model-$s.txt
		line=$(tail -1 $R/model-$s.txt)
		echo "harness: model: seed $s: $line"
		case "$line" in
		"ok "*) ok "model: seed $s: $line" ;;
		*)
			grep -v "^history\|^minimal" $R/model-$s.txt | head -5
			grep "^minimal" $R/model-$s.txt | head -20
			notok "model: seed $s: ${line:-no result line}" ;;
		esac
		s=$((s + 1))
	done
	# The negative control: a model that forgets what
	# modify_ftrace_direct_multi() does must diverge, and be shrunk.
	if insmod /model/ftrace-direct-model.ko seed=101 nops=$ops inject=1; then
		rmmod ftrace_direct_model
		dmesg | sed -n "s/.*ftrace_direct_model: seed 101: //p" > $R/model-inject.txt
		if grep -q "^fail at operation" $R/model-inject.txt &&
		   grep -q "^shortest sequence found" $R/model-inject.txt; then
			ok "model: a wrong model diverges, and is shrunk: $(grep '^shortest' $R/model-inject.txt)"
		else
			notok "model: a wrong model diverges, and is shrunk: $(tail -1 $R/model-inject.txt)"
		fi
	else
		notok "model: a wrong model diverges, and is shrunk: insmod failed"
	fi
}
