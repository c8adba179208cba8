#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-report.sh RUN...: the results of scripts/bench.sh as a markdown
# table (bench/results.md), a CSV (bench/results.csv) and a bar chart
# (bench/results.png, gnuplot).  A RUN is ARCH-VARIANT[-FLAVOUR][+far], as
# bench.sh takes it; its "ftrace_bench:" lines are in
# build/out/bench/RUN/results/bench.txt.  Each ARCH-VARIANT[-FLAVOUR] is a
# column; a +far boot gives no column of its own: its "direct" rows are the
# "direct_far" rows of its kernel's column.  Where a column's VARIANT is
# series and the same column with v612 was run, a table compares the two.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -gt 0 ] || die "usage: bench-report.sh ARCH-VARIANT[-FLAVOUR][+far]..."
md=$ROOT/bench/results.md
csv=$ROOT/bench/results.csv
png=$ROOT/bench/results.png

rows="untraced floor direct direct_far direct_vmlinux direct_ops ops1 ops2 kprobe fprobe bpf_fentry
	direct_k30 direct_far_k30 direct_ops_k30 ops1_k30 ops2_k30 bpf_fentry_k30"
rows=$(echo $rows)
# The rows a "where" line can describe.
where_rows="direct direct_far direct_vmlinux bpf_fentry"

# Every (column, row, value) as "column row value" lines; value is the
# module's instructions per call, "n/a", "-" or "error...".  "where" lines
# become "column where:ROW dist=... call=..." lines.
data=$(mktemp)
trap 'rm -f "$data" "$data.plot" "$data.targets"' EXIT
: > "$data.targets"
cols=
for run in "$@"; do
	col=${run%+far}
	res=$OUTDIR/bench/$run/results/bench.txt
	[ -f "$res" ] || die "no benchmark results for $run ($res)"
	if [ "$run" = "$col" ]; then
		cols="$cols $col"
		awk -v c="$col" '
			$1 == "where" { $1 = ""; print c, "where:" substr($0, 2); next }
			NF >= 2 && $1 != "loops" && $1 != "measured" {
				v = $2
				if (v == "error" && $3 == "attach") v = "error" $4
				print c, $1, v
			}' "$res"
		# Only arm64 series has the far boot; elsewhere the row does not apply.
		case " $* " in
		*" $col+far "*) ;;
		*)
			if grep -q "^direct n/a" "$res"; then
				echo "$col direct_far n/a"
				echo "$col direct_far_k30 n/a"
			else
				echo "$col direct_far -"
				echo "$col direct_far_k30 -"
			fi
			;;
		esac
	else
		awk -v c="$col" '
			$1 == "where" && $2 ~ /^direct(_k30)?$/ {
				sub(/^direct/, "direct_far", $2); $1 = ""
				print c, "where:" substr($0, 2); next
			}
			$1 == "direct" { print c, "direct_far", $2 }
			$1 == "direct_k30" { print c, "direct_far_k30", $2 }' "$res"
	fi
done > "$data"
# A loader that could not attach measured no _k30 row: it has the same error.
awk '$2 == "bpf_fentry" && $3 ~ /^error/ { print $1, "bpf_fentry_k30", $3 }' "$data" |
	while read -r c r v; do
		grep -q "^$c bpf_fentry_k30 " "$data" || echo "$c $r $v"
	done >> "$data"
cols=${cols# }
[ -n "$cols" ] || die "no ARCH-VARIANT run among '$*': +far runs only add rows to one"

# Every "where:ROW" line of a column, merged: "dist=N call=SYM".
where() {
	awk -v c="$1" -v r="where:$2" '$1 == c && $2 == r {
		for (i = 3; i <= NF; i++) {
			if ($i ~ /^dist=/) d = $i
			else if ($i ~ /^call=/) { s = $i; for (j = i + 1; j <= NF; j++) s = s " " $j; break }
		}
	} END { print d, s }' "$data"
}

# where_cell COLUMN ROW: the distance in a unit people read, and the path.
where_cell() {
	local w
	w=$(where "$1" "$2")
	[ -n "${w// /}" ] || { echo "-"; return; }
	awk -v w="$w" -v tramp="$2" 'BEGIN {
		n = split(w, f, " "); d = ""; call = ""
		for (i = 1; i <= n; i++) {
			if (f[i] ~ /^dist=/) d = substr(f[i], 6) + 0
			else if (f[i] ~ /^call=/) call = substr(f[i], 6)
		}
		out = ""
		if (d != "") {
			a = d < 0 ? -d : d; sg = d < 0 ? "-" : "+"
			if (a >= 2^30) out = sprintf("%s%.1f GiB", sg, a / 2^30)
			else if (a >= 2^20) out = sprintf("%s%.1f MiB", sg, a / 2^20)
			else out = sprintf("%s%.1f KiB", sg, a / 2^10)
		}
		sub(/\+0x0\/0x[0-9a-f]+$/, "", call)
		if (call == "trampoline" || call ~ /^bpf_trampoline_/) path = "calls the trampoline"
		else if (call == "none") path = "no call at the callsite"
		else if (call ~ /\+0x/) path = "through " call " (a PLT)"
		else if (call != "") path = "through " call
		if (path != "") out = (out != "" ? out ", " : "") path
		print out
	}'
}

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

# overhead COLUMN ROW: cost minus untraced, empty unless both are numbers
# (a row the run did not print is no number: not minus untraced).
overhead() {
	local v u
	v=$(value "$1" "$2") u=$(value "$1" untraced)
	case "$v" in *[!0-9.]*|'') return 0 ;; esac
	case "$u" in *[!0-9.]*|'') return 0 ;; esac
	awk -v v="$v" -v u="$u" 'BEGIN { printf "%.2f", v - u }'
}

# target NAME KERNEL PRINTF-ARGS MET-EXPR A B [ROW...]: one row of the
# targets table; PRINTF-ARGS and MET-EXPR are awk on a and b (overheads).
# The verdict is "error" when the "where" line of a ROW (the rows A and B
# come from) says call=none: that callsite was never patched, the row
# measured the untraced function; else "not measured" when A or B is
# missing, else "met" or "missed".  Each verdict also goes to
# $data.targets (VERDICT, NAME, KERNEL, MEASURED; tab-separated).
target() {
	local name=$1 k=$2 fmt=$3 expr=$4 a=$5 b=$6 r measured=- verdict=
	shift 6
	for r in "$@"; do
		case "$(where "$k" "$r")" in
		*call=none) measured="$r: not patched (call=none)" verdict=error; break ;;
		esac
	done
	if [ -n "$verdict" ]; then
		:
	elif [ -z "$a" ] || [ -z "$b" ] || [ "$b" = 0.00 ]; then
		verdict="not measured"
	else
		measured=$(awk -v a="$a" -v b="$b" "BEGIN { printf $fmt }")
		verdict=$(awk -v a="$a" -v b="$b" "BEGIN { print ($expr) ? \"met\" : \"missed\" }")
	fi
	printf '| %s | %s | %s | %s |\n' "$name" "$k" "$measured" "$verdict"
	printf '%s\t%s\t%s\t%s\n' "$verdict" "$name" "$k" "$measured" >> "$data.targets"
}

# verdict SERIES PEER ROW: the two overheads and the series' verdict.
verdict() {
	local a b
	a=$(overhead "$1" "$3") b=$(overhead "$2" "$3")
	if [ -z "$a" ] || [ -z "$b" ]; then
		[ -n "$a" ] && a=+$a
		[ -n "$b" ] && b=+$b
		echo "${a:-$(value "$1" "$3" | sed 's/^$/-/')} / ${b:-$(value "$2" "$3" | sed 's/^$/-/')}"
		return
	fi
	awk -v a="$a" -v b="$b" 'BEGIN {
		printf "%+.2f / %+.2f: ", a, b
		if (b <= 0 || a <= 0) { print (a == b ? "even" : a < b ? "ahead" : "behind"); exit }
		r = a / b
		if (r >= 0.98 && r <= 1.02) printf "even (%.2fx)", r
		else printf "%s (%.2fx)", (r < 1 ? "ahead" : "behind"), r
	}'
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
	# The series these numbers describe, in record.sh's form, so that
	# the cover letter and results-status can tell a stale table.
	echo "Recorded by make bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(series_patches | wc -l) patches (series $(series_id)): $cols."
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
	(`bench/bench_fentry.bpf.c`), measured in
	the same boot; `error-524` is -ENOTSUPP from the attach.
	`direct_vmlinux`: the empty trampoline on a function of the kernel
	image (`jiffies_to_msecs()`) rather than of the module, given as the
	cost it adds; on the distro kernels the module lives far from the
	kernel's text, so this is the direct call a module user on Debian
	makes.  A `_k30` row is the row measured again while 30 other
	`ftrace_ops` are registered, each on a function of its own that the
	loop never calls.  `n/a`: not built into that kernel; `-`: does not
	apply (only arm64 series has `ftrace_direct_far`).

	Columns: `base` the pristine 6.1 tree, `series` it with the series,
	`v612` Debian's linux-source-6.12 as it comes (mainline's own arm64
	direct calls, with per-callsite ops literals where its Kconfig allows
	them: not with GCC's `-Os`); all tinyconfig's `-Os` with BTF and the
	BPF trampoline (`configs/bpf.config`).  `-distro`: the same at `-O2`
	with KASLR and a 2 GiB module window (`configs/distro.config`), the
	layout of Debian's arm64 kernel.

	## Targets

	| target | kernel | measured | verdict |
	|---|---|---|---|
	EOF
	for c in $cols; do
		case "$c" in
		*-series|*-series-*) ;;
		*) continue ;;
		esac
		d=$(overhead "$c" direct) f=$(overhead "$c" floor)
		target "sole in-range direct within +4 of the floor" "$c" \
			'"%+.2f over the floor", a - b' 'a - b <= 4' "$d" "$f" direct
		case "$c" in
		arm64-*)
			target "out-of-range direct within +12 of in-range" "$c" \
				'"%+.2f over in-range", a - b' 'a - b <= 12' \
				"$(overhead "$c" direct_far)" "$d" direct_far direct
			;;
		x86_64-*)
			target "direct + function tracer at most 60% of base" "$c" \
				'"%.0f%% of base", 100 * a / b' 'a <= 0.6 * b' \
				"$(overhead "$c" direct_ops)" "$(overhead "${c/-series/-base}" direct_ops)"
			;;
		esac
		target "direct >= 10x cheaper than a kprobe" "$c" \
			'"%.1fx", a / b' 'b > 0 && a >= 10 * b' "$(overhead "$c" kprobe)" "$d" direct
		target "direct >= 3x cheaper than two ops (list func)" "$c" \
			'"%.1fx", a / b' 'b > 0 && a >= 3 * b' "$(overhead "$c" ops2)" "$d" direct
	done
	peers=
	for c in $cols; do
		case "$c" in *-series|*-series-*) ;; *) continue ;; esac
		case " $cols " in *" ${c/-series/-v612} "*) peers="$peers $c" ;; esac
	done
	if [ -n "$peers" ]; then
		echo
		echo "## Against mainline (Debian's 6.12)"
		echo
		echo "Each series column against the v612 column of the same arch and"
		echo "configuration: the cost each adds, and the series' verdict (\`ahead\`"
		echo "when it adds less, \`even\` within 2%, else \`behind\`; the ratio is"
		echo "series over 6.12)."
		echo
		printf '| row |'
		for c in $peers; do printf ' %s vs %s |' "$c" "${c/-series/-v612}"; done
		echo
		printf '|---|'
		for c in $peers; do printf -- '---|'; done
		echo
		for r in $rows; do
			case "$r" in untraced|floor) continue ;; esac
			printf '| %s |' "$r"
			for c in $peers; do
				printf ' %s |' "$(verdict "$c" "${c/-series/-v612}" "$r")"
			done
			echo
		done
	fi
	echo
	echo "## Where the trampolines landed"
	echo
	echo "From the traced function to the trampoline, and what the patched"
	echo "callsite calls: the trampoline itself, or an ftrace entry that goes on"
	echo "to it (\`where\` lines of the module and of the BPF loader)."
	echo
	printf '| row |'
	for c in $cols; do printf ' %s |' "$c"; done
	echo
	printf '|---|'
	for c in $cols; do printf -- '---|'; done
	echo
	for r in $where_rows; do
		for k in "" _k30; do
			[ -n "$k" ] && [ "$r" = direct_vmlinux ] && continue
			printf '| %s |' "$r$k"
			for c in $cols; do printf ' %s |' "$(where_cell "$c" "$r$k")"; done
			echo
		done
	done
	echo
	echo "Costs are cost minus untraced, in instructions per call."
	for c in $cols; do
		run=$OUTDIR/bench/$c/results
		echo "$c: $(grep '^loops ' "$run/bench.txt" 2>/dev/null), clock source $(sort -u "$run/clocksource" 2>/dev/null | paste -sd / - | grep . || echo unknown)."
	done
} > "$md"

# The chart: cost minus untraced per configuration, one bar per kernel, on
# a log scale (a kprobe costs orders of magnitude more than a trampoline).
# Only the series and 6.12 columns, which the run order puts side by side
# per arch and configuration; every column if there are none.
pcols=
for c in $cols; do
	case "$c" in *-series|*-series-*|*-v612|*-v612-*) pcols="$pcols $c" ;; esac
done
pcols=${pcols:-$cols}
{
	echo "row $pcols"
	for r in $rows; do
		[ "$r" = untraced ] && continue
		line=$r
		for c in $pcols; do
			o=$(overhead "$c" "$r")
			line="$line ${o:-NaN}"
		done
		echo "$line"
	done
} > "$data.plot"
ncols=$(echo "$pcols" | wc -w)
gnuplot <<-EOF
	set terminal pngcairo size 1500,700 noenhanced
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

# The targets' verdicts last, where the run's log ends: how many of each,
# then every target not met by name.  A target in error fails the report.
[ -s "$data.targets" ] || exit 0
echo
awk -F'\t' '
	{ c[$1]++; if ($1 != "met") l[++n] = $0 }
	END {
		printf "bench targets: %d met, %d missed, %d not measured, %d errors\n",
			c["met"], c["missed"], c["not measured"], c["error"]
		for (i = 1; i <= n; i++) {
			split(l[i], f, "\t")
			if (f[1] == "missed") printf "bench target missed: %s (%s): %s\n", f[2], f[3], f[4]
			else if (f[1] == "not measured") printf "bench target not measured: %s (%s)\n", f[2], f[3]
			else printf "error: bench target %s (%s): %s\n", f[2], f[3], f[4]
		}
	}' "$data.targets"
if grep -q '^error'$'\t' "$data.targets"; then
	exit 1
fi
