#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bpf-selftests-table.sh RUN...: the markdown table of make bpf-selftests
# (README, results/bpf-selftests.md): one row per test_progs test or
# subtest, one column per run (each run's results.tab, as report.sh wrote
# it), then each run's test_progs Summary line.  KNOWN is a failure listed
# in expectations/RUN.txt; "-" did not run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || die "usage: $0 RUN..."
tabs=
for r in "$@"; do
	[ -f "$OUTDIR/$r/results.tab" ] || die "no $OUTDIR/$r/results.tab (scripts/report.sh $r)"
	tabs="$tabs $OUTDIR/$r/results.tab"
done
printf '| test |'
for r in "$@"; do printf ' %s |' "${r/-bpf-selftests/}"; done
printf '\n|---|'
for r in "$@"; do printf -- '---|'; done
printf '\n'
# shellcheck disable=SC2086
awk -F'\t' -v nr=$# '
FNR == 1 { f++ }
$2 ~ /^test_progs: / && $2 != "test_progs: finished and printed its summary" &&
    $2 != "test_progs: every listed test ran" {
	t = substr($2, 13)
	if (!(t in seen)) { seen[t] = 1; names[++nt] = t }
	res[f, t] = $1
}
END {
	for (k = 1; k <= nt; k++) {
		t = names[k]
		printf "| `%s` |", t
		for (i = 1; i <= nr; i++) printf " %s |", ((i, t) in res) ? res[i, t] : "-"
		printf "\n"
	}
}' $tabs | sort
echo
for r in "$@"; do
	printf -- '- `%s`: `%s`\n' "$r" "$(cat "$OUTDIR/$r/results/test_progs-summary.txt" 2>/dev/null || echo 'no Summary line')"
done
