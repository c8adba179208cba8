#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# fullsuite-compare.sh [--results-root DIR] BASE_RUN SERIES_RUN
# Compare two reported runs of the whole ftracetest suite (make fullsuite)
# test by test, from their results.tab files (report.sh writes them).
# The series may not add a failure to what the pristine base does, nor
# lose a test that the base passes:
#  - NEW FAIL:  FAIL on the series, and not FAIL on the base (PASS, SKIP,
#               or a test the base does not have);
#  - NEW SPLAT: "dmesg: no splats" FAILs on both, and the series has a
#               splat whose signature the base lacks (splat-signatures.sh:
#               the kind and function of its first line, no offsets,
#               addresses or line numbers), or a log the scan could not
#               read, or the series run has no "dmesg: no splats" row;
#  - LOST:      PASS (or FLAKY) on the base, and skipped (UNSUPPORTED,
#               a failed requires:) or missing on the series;
#  - the harness rows (boot, ftracetest ran, runner finished) must pass on
#    both runs, or there is nothing to compare.
# Listed but not failing: tests that fail on both (the dmesg row with the
# splat signatures both have), FLAKY ones (FAIL, then PASS on the retry),
# and tests that the series makes pass where the base failed or skipped.
# Exit 1 on a new failure.
set -u
. "$(dirname "$0")/lib.sh"

root=$OUTDIR
if [ "${1:-}" = --results-root ]; then
	root=$2
	shift 2
fi
[ $# = 2 ] || die "usage: fullsuite-compare.sh [--results-root DIR] BASE_RUN SERIES_RUN"
base=$1 series=$2
for r in "$base" "$series"; do
	[ -s "$root/$r/results.tab" ] || {
		echo "$r: no results.tab (not booted, or not reported)"
		echo "$series vs $base: no comparison, 1 new failure(s)"
		exit 1
	}
done

# splats RUN: the signatures of the splats RUN's dmesg row names, one a line.
splats() {
	awk -F'\t' '$2 == "dmesg: no splats" && $1 != "PASS" { print $3 }' \
		"$root/$1/results.tab" | "$ROOT/scripts/splat-signatures.sh" -n
}
BASE_SPLATS=$(splats "$base") SERIES_SPLATS=$(splats "$series") \
awk -F'\t' -v bf="$root/$base/results.tab" -v base="$base" -v series="$series" '
function harness(n) {
	return n ~ /^boot: / || n == "ftracetest: ran tests" ||
	       n ~ /^kselftest: runner finished/
}
function passed(st) {
	return st == "PASS" || st == "FLAKY"
}
BEGIN {
	dm = "dmesg: no splats"
	while ((getline line < bf) > 0) {
		split(line, p, "\t")
		if (!(p[2] in b)) border[++nbo] = p[2]
		b[p[2]] = p[1]
		bnote[p[2]] = p[3]
		if (p[1] == "PASS") bp++
		else if (p[1] == "SKIP") bs++
		else bx++
	}
	nbs = split(ENVIRON["BASE_SPLATS"], bsig, "\n")
	for (i = 1; i <= nbs; i++) known[bsig[i]] = 1
	nss = split(ENVIRON["SERIES_SPLATS"], ssig, "\n")
	# A splat the base lacks, or a log the series scan could not read
	# (it may hide any splat): new.  A FAIL that names no splat at all
	# cannot be told from the base'"'"'s, so it is new as well.
	for (i = 1; i <= nss; i++)
		if (!(ssig[i] in known) || ssig[i] ~ /^unreadable:/)
			newsplat = newsplat (newsplat == "" ? "" : "; ") ssig[i]
		else
			samesplat = samesplat (samesplat == "" ? "" : "; ") ssig[i]
	if (nss == 0) newsplat = "a FAIL that names no splat"
}
{
	s = $1; n = $2; had = (n in b)
	seen[n] = 1
	if (s == "PASS") sp++
	else if (s == "SKIP") ss++
	else sx++
	if (harness(n) && (s != "PASS" || (had && b[n] != "PASS"))) {
		newf[++nn] = n " (" series ": " s (had ? ", " base ": " b[n] : "") ")"
	} else if (s == "FAIL" && (!had || b[n] != "FAIL")) {
		newf[++nn] = n " (" series ": FAIL " $3 "; " base ": " (had ? b[n] : "no such test") ")"
	} else if (s == "FAIL" && n == dm && newsplat != "") {
		newf[++nn] = n " (" series " adds: " newsplat "; " base " has: " ENVIRON["BASE_SPLATS"] ")"
		gsub(/\n/, "; ", newf[nn])
	} else if (s == "FAIL" && n == dm) {
		both[++nb] = n " (both have: " samesplat ")"
	} else if (s == "FAIL") {
		both[++nb] = n " (" series ": " $3 "; " base ": " bnote[n] ")"
	} else if (s == "SKIP" && had && passed(b[n])) {
		newf[++nn] = n " (" series ": SKIP" ($3 == "" ? "" : " " $3) "; " base ": " b[n] ")"
	} else if (s == "FLAKY" || (had && b[n] == "FLAKY")) {
		flaky[++nf] = n " (" series ": " s ", " base ": " (had ? b[n] : "-") ")"
	} else if (s == "PASS" && (!had || b[n] != "PASS")) {
		gain[++ng] = n " (" base ": " (had ? b[n] : "no such test") ")"
	}
}
END {
	# A row the series run lacks altogether: a harness row, a test the
	# base passes, or the splat scan.
	for (i = 1; i <= nbo; i++) {
		n = border[i]
		if (!(n in seen) && (harness(n) || passed(b[n]) || n == dm))
			newf[++nn] = n " (" series ": missing, " base ": " b[n] ")"
	}
	printf "%s: %d passed, %d skipped, %d failed or flaky\n", base, bp, bs, bx
	printf "%s: %d passed, %d skipped, %d failed or flaky\n", series, sp, ss, sx
	printf "new failures on %s (%d):\n", series, nn
	for (i = 1; i <= nn; i++) printf "  %s\n", newf[i]
	printf "failing on both, not new (%d):\n", nb
	for (i = 1; i <= nb; i++) printf "  %s\n", both[i]
	printf "flaky, passed on retry (%d):\n", nf
	for (i = 1; i <= nf; i++) printf "  %s\n", flaky[i]
	printf "passing on %s only (%d):\n", series, ng
	for (i = 1; i <= ng; i++) printf "  %s\n", gain[i]
	printf "%s vs %s: %d new failure(s)\n", series, base, nn
	exit nn != 0
}' "$root/$series/results.tab"
