#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# splat-signatures.sh [-x LINE] LOG...: the signature of every kind of
#   kernel splat in the logs, one a line, each once, in the order of first
#   appearance.  -x LINE leaves out the signature of LINE (a line that
#   scan-splats.sh printed, which report.sh already keeps whole).
# splat-signatures.sh -n: the signatures named by the notes read on stdin,
#   one note a line, each a "; "-joined list of scan-splats.sh lines or
#   signatures (the note of results.tab's "dmesg: no splats" row).
#
# A splat is a line that scan-splats.sh's deny list matches; its
# signature is that line with no log position, timestamp, CPU or PID,
# offsets, addresses, source line numbers or other numbers:
#   WARNING: CPU: 1 PID: 87 at kernel/trace/ftrace.c:2180 ftrace_bug+0x1f0/0x260
#     -> WARNING in ftrace_bug
#   BUG: KASAN: use-after-free in ftrace_find_rec_direct+0x3c/0x90
#     -> BUG: KASAN: use-after-free in ftrace_find_rec_direct
#   kernel BUG at kernel/trace/ftrace.c:5400!  -> kernel BUG at kernel/trace/ftrace.c!
# so that one splat has one signature on the base and on the series,
# whose ftrace.c lines and code offsets differ.  A "Call Trace:" line
# within 100 lines after another splat line of the same log, and before
# that splat's end line, belongs to that splat; one on its own is "Call
# Trace from FUNC", its first frame that is not a stack dumper.  A log
# scan-splats.sh cannot read, or a deny list this script cannot find,
# gives a signature that begins "unreadable:" (fullsuite-compare.sh never
# takes one as known).
set -u

# Shared by both modes: sig(TEXT) is the signature of one splat line,
# with or without scan-splats.sh's "splat: LOG:N:" in front.
SIG_AWK='
function sig(t,    out, w, rest, f) {
	sub(/^[ \t]+/, "", t)
	if (t ~ /^unreadable: /) {
		# Only the log name: the build directory differs.
		sub(/^unreadable: [^ ]*\//, "unreadable: ", t)
		return t
	}
	sub(/^splat: [^ ]*:[0-9]+:/, "", t)
	sub(/^\[ *[0-9]+\.[0-9]+\] */, "", t)
	sub(/^\[ *[CT][0-9]+\] */, "", t)
	if (match(t, /WARNING: CPU: [0-9]+ PID: [0-9]+ at [^ ]+/)) {
		rest = substr(t, RSTART + RLENGTH)
		sub(/^ +/, "", rest)
		f = rest
		sub(/[+ ].*/, "", f)
		sub(/\..*/, "", f)
		if (f != "")
			return "WARNING in " f
		t = substr(t, RSTART, RLENGTH)
		sub(/.* at /, "", t)
		sub(/:[0-9]+$/, "", t)
		return "WARNING at " t
	}
	if (t ~ /^Call [Tt]race:/)
		return "Call Trace"
	gsub(/\+0x[0-9a-fA-F]+(\/0x[0-9a-fA-F]+)?/, "", t)
	# Word by word: numbers, hex and long hex words go.
	out = ""
	while (match(t, /[A-Za-z0-9_]+/)) {
		out = out substr(t, 1, RSTART - 1)
		w = substr(t, RSTART, RLENGTH)
		t = substr(t, RSTART + RLENGTH)
		if (w ~ /^0x[0-9a-fA-F]+$/ || (length(w) >= 8 && w ~ /^[0-9a-f]+$/ && w ~ /[0-9]/))
			w = "ADDR"
		else
			sub(/^[0-9]+/, "N", w)
		out = out w
	}
	t = out t
	# "file.c:N" and "file.c:N:N": the line and column of a source file.
	while (match(t, /\.[A-Za-z]+:N/))
		t = substr(t, 1, RSTART + RLENGTH - 3) substr(t, RSTART + RLENGTH)
	gsub(/[ \t]+/, " ", t)
	sub(/ $/, "", t)
	return t
}
function put(s) {
	if (s != "" && s != except && !(s in done)) {
		done[s] = 1
		print s
	}
}'

if [ "${1:-}" = -n ]; then
	# A note may end with report.sh's hint about the TSC; it names no splat.
	exec awk "$SIG_AWK"'
	{
		sub(/ \(the guest.s TSC did not calibrate[^)]*\)$/, "")
		n = split($0, piece, "; ")
		for (i = 1; i <= n; i++)
			put(sig(piece[i]))
	}'
fi

except=
if [ "${1:-}" = -x ]; then
	[ $# -ge 2 ] || { echo "usage: splat-signatures.sh [-x LINE] LOG... | -n" >&2; exit 2; }
	except=$2
	shift 2
fi
[ $# -gt 0 ] || { echo "usage: splat-signatures.sh [-x LINE] LOG... | -n" >&2; exit 2; }

# The deny list is scan-splats.sh's own, read from its DENY= line, so
# that the two never disagree about what a splat is.
deny=$(sed -n "s/^DENY='\(.*\)'\$/\1/p" "$(dirname "$0")/scan-splats.sh")
if [ -z "$deny" ]; then
	echo "unreadable: scan-splats.sh: no DENY= line, splats not listed"
	exit 2
fi

logs=()
for log in "$@"; do
	# scan-splats.sh reports a log it cannot read.
	[ -r "$log" ] && [ -s "$log" ] && logs+=("$log")
done
[ ${#logs[@]} -gt 0 ] || exit 0
DENY=$deny awk -v except="$except" "$SIG_AWK"'
BEGIN {
	deny = ENVIRON["DENY"]
	if (except != "")
		except = sig(except)
}
FNR == 1 {
	if (trace)
		put("Call Trace")
	last = -1000
	trace = 0
}
# The first frame of a "Call Trace:" on its own: the first "FUNC+0x"
# that is no stack dumper, within 20 lines.
trace {
	t = $0
	sub(/^\[ *[0-9]+\.[0-9]+\] */, "", t)
	sub(/^\[ *[CT][0-9]+\] */, "", t)
	sub(/^[ \t]+/, "", t)
	if (t ~ /^[A-Za-z_.][A-Za-z0-9_.]*\+0x/) {
		# Less a compiler suffix (.isra.0, .constprop.0, .cold).
		sub(/[+.].*/, "", t)
		if (t !~ /^(dump_stack|dump_stack_lvl|show_stack|dump_backtrace|show_trace_log_lvl|sched_show_task)$/) {
			put("Call Trace from " t)
			trace = 0
		}
	} else if (FNR - trace > 20) {
		put("Call Trace")
		trace = 0
	}
}
# The end of a WARN, an oops or a KASAN report: a call trace after it is
# another one.
/---\[ end trace|(^|\] )================+$/ { last = -1000 }
$0 ~ deny {
	t = $0
	sub(/^\[ *[0-9]+\.[0-9]+\] */, "", t)
	sub(/^\[ *[CT][0-9]+\] */, "", t)
	if (t ~ /^[ \t]*Call [Tt]race:/) {
		if (FNR - last > 100 && !trace)
			trace = FNR
		next
	}
	if (trace) {
		put("Call Trace")
		trace = 0
	}
	last = FNR
	put(sig(t))
}
END { if (trace) put("Call Trace") }' "${logs[@]}"
