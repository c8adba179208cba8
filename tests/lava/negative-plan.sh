# SPDX-License-Identifier: GPL-2.0
# The negative control of scripts/lava-check.sh: scripts/lava.sh
# --add-plan-file lays it into the initramfs's /plan.d after the plan
# files, so that this check_entry_labels, which the "far" plan calls,
# replaces the real one: a plan with one test that always fails.
check_entry_labels() {
	notok "lava: negative control: this test fails on purpose"
}
