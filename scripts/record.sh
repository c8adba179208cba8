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
id=$(series_id)
# settings: every setting of a run (RECORD_SETTINGS, scripts/lib.sh) that
# the caller put in the environment, as the run had it, not empty unless
# empty is a value of its own (RECORD_SETTINGS_EMPTY); and whether it ran
# in a clean root (scripts/in-clean-root.sh).  Only exported variables
# count: lib.sh sets FLAVOUR and KMAKE_EXTRA in this shell.  A newline in
# a value becomes a space: the header is one line.
settings=
exported=" $(compgen -e | tr '\n' ' ') "
empty_ok=" ${RECORD_SETTINGS_EMPTY//[[:space:]]/ } "
for v in $RECORD_SETTINGS; do
	case "$exported" in *" $v "*) ;; *) continue ;; esac
	case "$empty_ok" in
	*" $v "*) ;;
	*) [ -n "${!v}" ] || continue ;;
	esac
	val=${!v}
	settings="$settings, $v='${val//$'\n'/ }'"
done
[ -n "${IN_CLEAN_ROOT:-}" ] && settings="$settings, in a clean root (scripts/in-clean-root.sh)"
{
	printf 'make %s: exit %d, %s, %d patches (series %s), %ds%s\n' "$name" "$rc" \
		"$(date -u '+%Y-%m-%d %H:%M UTC')" "$n" "$id" "$(($(date +%s) - t0))" "$settings"
	# The lines a reader wants, and the rows of a stage-times table
	# ("NAME   Ns") under its "stage times (total Ns):" heading.
	sed 's/\x1b\[[0-9;]*m//g' "$log_file" | awk '
		/^stage times \(total/ { print; table = 1; next }
		table && /^[^ ].* +[0-9]+s$/ { print "  " $0; next }
		{ table = 0 }
		/^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped|^known failures|^flaky|^(ok|not ok): |^bisect-check: |^bti: total|^[^ ]+ vs [^ ]+: |^test_progs: [^ ]+: |^bench targets?( missed| not measured)?: |^error: / { print }'
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
