#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# results-status.sh [--markdown] [--strict] [--write-readme]
# Per committed result (results/*.txt, results/*.md, bench/results.md):
# the date, patch count and series of the run it records, and "current"
# if that series is the one in patches/ (series_id), "stale" if not.
# --markdown prints the README's results table instead: one row per
# target, what it checks, its verdict, and the run it comes from;
# --write-readme puts that table in README.md between its markers
# (make results does, after it copies the results).
# --strict exits 1 if any result is stale (the release check); without
# it the status is information only, so that a change to patches/ does
# not fail make check by itself.
set -u
. "$(dirname "$0")/lib.sh"

markdown=0 strict=0
for a in "$@"; do
	case "$a" in
	--markdown) markdown=1 ;;
	--strict) strict=1 ;;
	--write-readme)
		t=$(mktemp)
		bash "$0" --markdown > "$t" || exit 1
		awk -v table="$t" '
			/^<!-- results-status --markdown -->$/ {
				print; while ((getline l < table) > 0) print l; skip = 1; next
			}
			/^<!-- end -->$/ { skip = 0 }
			!skip' "$ROOT/README.md" > "$t.readme" && mv "$t.readme" "$ROOT/README.md"
		rm -f "$t"
		exit 0 ;;
	*) die "usage: results-status.sh [--markdown] [--strict] [--write-readme]" ;;
	esac
done
cd "$ROOT" || exit 1
cur=$(series_id)

# What each target checks, for the README's table (docs/targets.md has
# the detail).
what() {
	case "$1" in
	check) echo "apply, checkpatch, build and boot base and series on both arches, ftracetest and the guest checks" ;;
	bench) echo "instructions a call adds, series against 6.12 (icount)" ;;
	bpf) echo "BPF fentry, fexit and fmod_ret attach and fire" ;;
	bpf-selftests) echo "the kernel's own test_progs trampoline tests" ;;
	bti) echo "arm64 with BTI and pointer auth enforced, and a negative control" ;;
	race) echo "register, modify and unregister raced against tracers and kprobes (lockdep, kmemleak)" ;;
	race-distro) echo "the race rounds on the per-callsite pointers (distro layout)" ;;
	lifetime) echo "trampolines unregistered and freed under preempted readers (KASAN)" ;;
	model) echo "random API sequences checked call by call against a reference model" ;;
	model-bug) echo "the model finds a kernel with a deliberate bookkeeping bug (negative control)" ;;
	fullsuite) echo "ftracetest directories on base and series: no new failure" ;;
	bisect-check) echo "every prefix of the series builds on both arches" ;;
	bisect-check-*) echo "every prefix builds (${1#bisect-check-})" ;;
	*) echo "-" ;;
	esac
}

# verdict FILE: the line in which the run states its result.
verdict() {
	local v rc
	rc=$(head -1 "$1" | sed -n 's/^make [^:]*: \(exit [0-9]*\).*/\1/p')
	v=$(grep -m1 -E '^[0-9]+ passed, [0-9]+ failed|^bisect-check: ' "$1" | sed 's/^bisect-check: //')
	echo "${rc:-no exit status}${v:+: $v}"
}

nstale=0
rows=
for f in results/*.txt results/*.md bench/results.md; do
	[ -f "$f" ] || continue
	rec=$(result_series "$f")
	if [ -n "$rec" ]; then
		read -r id n date <<< "$rec"
	else
		id=none n=? date=?
	fi
	st=stale
	[ "$id" = "$cur" ] && st=current
	[ $st = stale ] && nstale=$((nstale + 1))
	rows="$rows$f	$date	$n	$id	$st
"
done

if [ $markdown = 1 ]; then
	echo "| target | what it checks | last result | run on |"
	echo "|---|---|---|---|"
	printf '%s' "$rows" | while IFS=$'\t' read -r f date n id st; do
		case "$f" in results/*.txt) ;; *) continue ;; esac
		t=$(basename "$f" .txt)
		printf '| [`%s`](%s) | %s | %s | %s, %s patches (%s), %s |\n' \
			"$t" "$f" "$(what "$t")" "$(verdict "$f")" "$date" "$n" "$id" "$st"
	done
	exit 0
fi

echo "series in patches/: $(series_patches | wc -l) patches (series $cur)"
printf '%s' "$rows" | awk -F'\t' '{ printf "%-34s %-10s %3s patches  series %-12s  %s\n", $1, $2, $3, $4, $5 }'
echo "results-status: $nstale stale"
[ $strict = 0 ] || [ $nstale = 0 ]
