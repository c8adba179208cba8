#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# record.sh NAME COMMAND [ARG...]: run a target's COMMAND, show its output
# as it comes, and write the summary of the run to build/results/NAME.txt:
# one header line (exit status, date, the series it ran, seconds), the
# lines in which the target states its verdict, and the counts of every
# run it reported (each build/out/RUN/results.tab that it wrote).
# "make results" copies build/results/ to results/, which is committed;
# the cover letter (make export) pastes its numbers from there.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: $0 NAME COMMAND [ARG...]"
name=$1
shift
mkdir -p "$BUILD/results"
out=$BUILD/results/$name.txt
log_file=$BUILD/results/$name.log
stamp=$BUILD/results/.$name.start
: > "$stamp"
t0=$(date +%s)
"$@" 2>&1 | tee "$log_file"
rc=${PIPESTATUS[0]}

# series_id: how many patches, and a hash of patches/ as this run saw it.
n=$(series_patches | wc -l)
id=$( (cat "$ROOT/patches/series"; for p in $(series_patches); do
	cat "$ROOT/patches/$p"; done) | sha256sum | cut -c1-12)
# settings: the knobs that narrow or widen a target, as the run had them,
# and whether it ran in a clean root (scripts/in-clean-root.sh).
settings=
for v in ARCHES FULLSUITE_ARCHES FULLSUITE_DIRS RACE_ARCHES RACE_RUNS RACE_ROUNDS \
	BPF_RUNS BPF_SELFTESTS_RUNS BISECT_FROM FLAVOUR DISTRO_ARCHES; do
	[ -n "${!v:-}" ] && settings="$settings, $v='${!v}'"
done
[ -n "${IN_CLEAN_ROOT:-}" ] && settings="$settings, in a clean root (scripts/in-clean-root.sh)"
{
	printf 'make %s: exit %d, %s, %d patches (series %s), %ds%s\n' "$name" "$rc" \
		"$(date -u '+%Y-%m-%d %H:%M UTC')" "$n" "$id" "$(($(date +%s) - t0))" "$settings"
	grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped|^known failures|^flaky|^stage times \(total|^(ok|not ok): |^bisect-check: |^bti: total|^[^ ]+ vs [^ ]+: |^test_progs: [^ ]+: |^error: ' \
		"$log_file" | sed 's/\x1b\[[0-9;]*m//g'
	for tab in "$OUTDIR"/*/results.tab; do
		[ "$tab" -nt "$stamp" ] || continue
		awk -F'\t' -v run="$(basename "$(dirname "$tab")")" '
			{ c[$1]++ }
			END { printf "%s: %d passed, %d failed, %d known, %d flaky, %d skipped\n",
				run, c["PASS"], c["FAIL"], c["KNOWN"], c["FLAKY"], c["SKIP"] }' "$tab"
	done
} > "$out"
rm -f "$stamp"
log "summary in build/results/$name.txt (make results copies it to results/)"
exit "$rc"
