#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-report.sh RUN...: the results of scripts/bench.sh as a markdown
# table (bench/results.md), a CSV (bench/results.csv) and a bar chart
# (bench/results.png, gnuplot).  A RUN is ARCH-VARIANT, ARCH-VARIANT+far
# or ARCH-VARIANT+bpf; its "ftrace_bench:" lines are in
# build/out/bench/RUN/results/bench.txt (ARCH-VARIANT-bpf for +bpf).
# Neither extra boot gives a column of its own: the +far boot's "direct"
# is the "direct_far" row of the ARCH-VARIANT column, and the +bpf boot
# (the FLAVOUR=bpf build) gives its "bpf_fentry" row, moved by the
# difference of the two boots' "untraced" so that the cell is that boot's
# overhead.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || die "usage: bench-report.sh ARCH-VARIANT[+far]..."
md=$ROOT/bench/results.md
csv=$ROOT/bench/results.csv
png=$ROOT/bench/results.png

rows="untraced floor direct direct_far direct_ops ops1 ops2 kprobe fprobe bpf_fentry"

# Every (column, row, value) as "column row value" lines; value is the
# module's instructions per call, "n/a" or "error".
data=$(mktemp)
trap 'rm -f "$data" "$data.plot"' EXIT
cols=
for run in "$@"; do
	col=${run%+*}
	res=$OUTDIR/bench/$(out_name "${col%-*}" "${col##*-}")${run#"$col"}/results/bench.txt
	[ "$run" = "$col+bpf" ] && res=$OUTDIR/bench/$col-bpf/results/bench.txt
	[ -f "$res" ] || die "no benchmark results for $run ($res)"
	if [ "$run" = "$col+bpf" ]; then
		echo "$col bpf_fentry_untraced $(awk '$1 == "untraced" { print $2 }' "$res")"
		awk -v c="$col" '$1 == "bpf_fentry" {
			print c, $1, ($2 != "error" ? $2 : $3 == "attach" ? "error" $4 : "error") }' "$res"
	elif [ "$run" = "$col" ]; then
		cols="$cols $col"
		# A +bpf boot of the same kernel gives the bpf_fentry row.
		skip=
		case " $* " in *" $col+bpf "*) skip=bpf_fentry ;; esac
		awk -v c="$col" -v skip="$skip" \
			'NF >= 2 && $1 != "loops" && $1 != skip { print c, $1, $2 }' "$res"
		# Only arm64 has the far boot; elsewhere the row does not apply.
		case "$col" in
		arm64-*) grep -q "^direct n/a" "$res" && echo "$col direct_far n/a" ;;
		*) echo "$col direct_far -" ;;
		esac
	else
		awk -v c="$col" '$1 == "direct" { print c, "direct_far", $2 }' "$res"
	fi
done > "$data"
cols=${cols# }
[ -n "$cols" ] || die "no ARCH-VARIANT run among '$*': +far and +bpf runs only add rows to one"

# The +bpf boot's bpf_fentry, moved onto its column's untraced.
awk 'NR == FNR {
		if ($2 == "untraced") u[$1] = $3
		if ($2 == "bpf_fentry_untraced") bu[$1] = $3
		next
	}
	$2 == "bpf_fentry_untraced" { next }
	$2 == "bpf_fentry" && $3 ~ /^[0-9.]+$/ && ($1 in bu) && ($1 in u) {
		$3 = sprintf("%.2f", $3 - bu[$1] + u[$1])
	}
	{ print }' "$data" "$data" > "$data.plot"
mv "$data.plot" "$data"

# value COLUMN ROW
value() {
	awk -v c="$1" -v r="$2" '$1 == c && $2 == r { v = $3 } END { print v }' "$data"
}

# A cell: cost minus untraced (instructions per call) and that over the floor.
cell() {
	local v u f
	v=$(value "$1" "$2") u=$(value "$1" untraced) f=$(value "$1" floor)
	case "$v" in
	'') echo "(not run)" ;;
	n/a|-|error*) echo "$v" ;;
	*) awk -v v="$v" -v u="$u" -v f="$f" 'BEGIN {
		d = v - u; fl = f - u
		if (fl > 0) printf "%+.2f (%.1fx)", d, d / fl
		else printf "%+.2f", d }' ;;
	esac
}

# overhead COLUMN ROW: cost minus untraced, empty unless both are numbers.
overhead() {
	local v u
	v=$(value "$1" "$2") u=$(value "$1" untraced)
	case "$v$u" in
	*[!0-9.]*|'') return 0 ;;
	esac
	awk -v v="$v" -v u="$u" 'BEGIN { printf "%.2f", v - u }'
}

# target NAME KERNEL PRINTF-ARGS MET-EXPR A B: one row of the targets
# table; PRINTF-ARGS and MET-EXPR are awk on a and b (overheads), and the
# target is "not measured" when either is missing.
target() {
	if [ -z "$5" ] || [ -z "$6" ] || [ "$6" = 0.00 ]; then
		printf '| %s | %s | - | not measured |\n' "$1" "$2"
		return
	fi
	awk -v a="$5" -v b="$6" -v name="$1" -v k="$2" "BEGIN {
		printf \"| %s | %s | \", name, k
		printf $3
		print ($4) ? \" | met |\" : \" | missed |\" }"
}

{
	echo "rows,$(echo "$cols" | tr ' ' ',')"
	for r in $rows; do
		line=$r
		for c in $cols; do
			line="$line,$(value "$c" "$r")"
		done
		echo "$line"
	done
} > "$csv"

{
	echo "# ftrace hook benchmark"
	echo
	echo "Instructions per call of \`ftrace_bench_target()\` under QEMU TCG with"
	echo "\`-icount shift=0,sleep=off\` (one guest nanosecond is one instruction),"
	echo "fastest of the runs in \`bench.txt\`.  Each cell: the cost the hook"
	echo "adds (cost minus untraced) and, in brackets, that over the floor (the"
	echo "empty direct trampoline called from a patched callsite); the"
	echo "untraced row is the absolute cost.  Raw values are in results.csv."
	echo
	printf '| configuration |'
	for c in $cols; do printf ' %s |' "$c"; done
	echo
	printf '|---|'
	for c in $cols; do printf -- '---|'; done
	echo
	for r in $rows; do
		printf '| %s |' "$r"
		for c in $cols; do
			if [ "$r" = untraced ]; then
				printf ' %s |' "$(value "$c" untraced)"
			else
				printf ' %s |' "$(cell "$c" "$r")"
			fi
		done
		echo
	done
	cat <<-'EOF'

	Rows: `untraced` nothing attached; `floor` the empty trampoline called
	from a callsite patched by hand (asm helpers); `direct` the empty
	trampoline alone on the site through `register_ftrace_direct()`;
	`direct_far` the same in the boot with `ftrace_direct_far` (arm64: reached
	through `ftrace_regs_caller`); `direct_ops` the direct trampoline and an
	`ftrace_ops` with a trivial callback (a function-tracer-like ops
	registered by the module, filtered on the target) on the same site;
	`ops1` one such `ftrace_ops`; `ops2` two (the list function); `kprobe`
	`register_kprobe()` at the function's address with an empty
	`pre_handler` (on x86-64 that is the `__fentry__` site, so a
	kprobe-on-ftrace); `fprobe` `register_fprobe()` with an empty entry
	handler; `bpf_fentry` a BPF trampoline with a counting fentry program
	(`bench/bench_fentry.bpf.c`), measured in a boot of the kernel's
	`FLAVOUR=bpf` build and shifted by the difference of the two boots'
	`untraced`; `error-524` is -ENOTSUPP from the attach.  `n/a`: not
	built into that kernel; `-`: does not apply.

	## Targets

	| target | kernel | measured | verdict |
	|---|---|---|---|
	EOF
	for c in $cols; do
		case "$c" in
		*-base) continue ;;
		esac
		d=$(overhead "$c" direct) f=$(overhead "$c" floor)
		target "sole in-range direct within +4 of the floor" "$c" \
			'"%+.2f over the floor", a - b' 'a - b <= 4' "$d" "$f"
		case "$c" in
		arm64-*)
			target "out-of-range direct within +12 of in-range" "$c" \
				'"%+.2f over in-range", a - b' 'a - b <= 12' \
				"$(overhead "$c" direct_far)" "$d"
			;;
		x86_64-*)
			target "direct + function tracer at most 60% of base" "$c" \
				'"%.0f%% of base", 100 * a / b' 'a <= 0.6 * b' \
				"$(overhead "$c" direct_ops)" "$(overhead x86_64-base direct_ops)"
			;;
		esac
		target "direct >= 10x cheaper than a kprobe" "$c" \
			'"%.1fx", a / b' 'b > 0 && a >= 10 * b' "$(overhead "$c" kprobe)" "$d"
		target "direct >= 3x cheaper than two ops (list func)" "$c" \
			'"%.1fx", a / b' 'b > 0 && a >= 3 * b' "$(overhead "$c" ops2)" "$d"
	done
	echo
	echo "Costs are cost minus untraced, in instructions per call."
	for c in $cols; do
		run=$OUTDIR/bench/$(out_name "${c%-*}" "${c##*-}")/results
		echo "$c: $(grep '^loops ' "$run/bench.txt" 2>/dev/null), clock source $(sort -u "$run/clocksource" 2>/dev/null | paste -sd / - | grep . || echo unknown)."
	done
} > "$md"

# The chart: cost minus untraced per configuration, one bar per kernel, on
# a log scale (a kprobe costs orders of magnitude more than a trampoline).
{
	echo "row $cols"
	for r in $rows; do
		[ "$r" = untraced ] && continue
		line=$r
		for c in $cols; do
			o=$(overhead "$c" "$r")
			line="$line ${o:-NaN}"
		done
		echo "$line"
	done
} > "$data.plot"
ncols=$(echo "$cols" | wc -w)
gnuplot <<-EOF
	set terminal pngcairo size 1100,600 noenhanced
	set output "$png"
	set title "ftrace hooks: instructions per call added to the target (QEMU icount)"
	set style data histograms
	set style histogram clustered gap 1
	set style fill solid 0.8 border -1
	set logscale y
	set yrange [0.5:*]
	set ylabel "instructions per call (cost - untraced)"
	set key top left
	set xtics rotate by -30
	set grid ytics
	plot for [i=2:$((ncols + 1))] "$data.plot" using i:xtic(1) title columnheader(i)
EOF
log "benchmark results: $md, $csv, $png"
cat "$md"
