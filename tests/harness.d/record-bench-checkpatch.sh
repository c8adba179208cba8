# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/run.sh ($top, check).  Ways a target could report
# success while something is wrong: a setting that narrowed the run left
# out of its summary (record.sh), a benchmark target met on a callsite
# that was never patched or missed without a word at the end
# (bench-report.sh), and a checkpatch.pl that crashed counted as clean
# (checkpatch-series.sh).  Each runs on a copy of the scripts in a scratch
# directory.
rbc=$(mktemp -d)

# record.sh: every variable a host script (scripts/*.sh, scripts/arch/*.sh)
# reads from the environment goes into the header when it is set.  The
# scripts run under set -u, so a variable that may be unset is read with
# ${NAME:-...}, ${NAME-...}, ${NAME:+...}, ${NAME+...}, ${NAME:=...} or
# ${NAME:?...}; those reads name every setting.  RECORD_NOT_SETTINGS
# (scripts/lib.sh) lists the ones that are not settings of a run.
# rbc_env_names H [COLON]: the names H/scripts reads so; with COLON "no",
# only those read without the colon (${NAME-...}: empty is not unset).
rbc_env_names() {
	local c=':?'
	[ "${2:-}" = no ] && c=
	grep -ohE '\$\{[A-Z][A-Z0-9_]*'"$c"'[-+=?]' "$1"/scripts/*.sh "$1"/scripts/arch/*.sh |
		sed -E 's/^\$\{//; s/:?[-+=?]$//' | sort -u
}
# rbc_lib H VARIABLE: a variable of H/scripts/lib.sh.
rbc_lib() {
	bash -c '. "$1/scripts/lib.sh"; eval "echo \"\${$2:-}\""' - "$1" "$2"
}
# rbc_unrecorded H: each name H/scripts reads from the environment that
# H/scripts/record.sh leaves out of its header when every one is set, and
# that RECORD_NOT_SETTINGS does not list.
rbc_unrecorded() {
	local h=$1 n args=() skip head
	skip=" $(echo $(rbc_lib "$h" RECORD_NOT_SETTINGS)) "
	for n in $(rbc_env_names "$h"); do
		case "$n" in
		FLAVOUR) args+=("$n=debug") ;;
		*) args+=("$n=v") ;;
		esac
	done
	env "${args[@]}" bash "$h/scripts/record.sh" t true > /dev/null 2>&1
	head=$(head -1 "$h/build/results/t.txt" 2>/dev/null)
	for n in $(rbc_env_names "$h"); do
		case "$skip" in *" $n "*) continue ;; esac
		case "$head" in *", $n='"*) ;; *) echo "$n" ;; esac
	done | paste -sd' '
}
mkdir -p "$rbc/h"
cp -r "$top/scripts" "$rbc/h/"
check "record: every setting a script reads is recorded" "" "$(rbc_unrecorded "$rbc/h")"
# Read as ${NAME-...}, an empty value is a setting of its own
# (DISTRO_ARCHES='' skips the distro kernels).
rargs=()
for rn in $(rbc_env_names "$rbc/h" no); do rargs+=("$rn="); done
env -i PATH="$PATH" "${rargs[@]}" bash "$rbc/h/scripts/record.sh" t true > /dev/null 2>&1
head=$(head -1 "$rbc/h/build/results/t.txt" 2>/dev/null)
missing=
for rn in $(rbc_env_names "$rbc/h" no); do
	case "$head" in *", $rn=''"*) ;; *) missing="$missing $rn" ;; esac
done
check "record: a setting read as \${NAME-...} is recorded when empty" "" "${missing# }"
# The Makefile exports FLAVOUR, empty unless given: no setting.
env -i PATH="$PATH" FLAVOUR= bash "$rbc/h/scripts/record.sh" t true > /dev/null 2>&1
check "record: an empty FLAVOUR is no setting" "yes" \
	"$(head -1 "$rbc/h/build/results/t.txt" 2>/dev/null | grep -qE ', [0-9]+s$' && echo yes)"
# A stage-times table keeps its rows in the summary, and only its rows.
printf 'stage times (total 3s):\nbuild x      2s\nboot x       1s\n\nnot a row 5s\n' > "$rbc/st.txt"
bash "$rbc/h/scripts/record.sh" t cat "$rbc/st.txt" > /dev/null 2>&1
check "record: a stage-times table keeps its rows" \
	"stage times (total 3s):/  build x      2s/  boot x       1s" \
	"$(grep -E '^(stage times|  )' "$rbc/h/build/results/t.txt" | paste -sd/)"
stale=
for rn in $(rbc_lib "$rbc/h" RECORD_SETTINGS); do
	rbc_env_names "$rbc/h" | grep -qx "$rn" || stale="$stale $rn"
done
check "record: every recorded setting is read by a script" "" "${stale# }"
# A setting added to a script and to neither list is found.
cp -r "$rbc/h" "$rbc/h2"
echo 'knob=${NEW_KNOB_FOR_TEST:-1}' >> "$rbc/h2/scripts/bench.sh"
check "record: a new setting left out of record.sh is found" "NEW_KNOB_FOR_TEST" "$(rbc_unrecorded "$rbc/h2")"

# The benchmark targets' verdicts go into the summary.
bash "$rbc/h/scripts/record.sh" t printf '%s\n' x 'bench targets: 1 met, 1 missed, 0 not measured, 0 errors' \
	'bench target missed: t (k): m' 'bench target not measured: u (k)' > /dev/null 2>&1
check "record: the benchmark targets' verdict lines" 3 "$(grep -c '^bench target' "$rbc/h/build/results/t.txt")"

# bench-report.sh: the targets.  A target on a row whose callsite was
# never patched ("where ... call=none") is an error; a missed or
# unmeasured target is named in the last lines.
rbc_bench() { # RUN "ROW VALUE"...
	local r=$1 d=$rbc/b/build/out/bench/$1/results
	shift
	mkdir -p "$d"
	echo arch_sys_counter > "$d/clocksource"
	{ echo "loops 10 runs 1"; printf '%s\n' "$@" done; } > "$d/bench.txt"
}
mkdir -p "$rbc/b/scripts" "$rbc/b/bench"
cp "$top/scripts/lib.sh" "$top/scripts/bench-report.sh" "$rbc/b/scripts/"
rbc_bench x86_64-series "untraced 9.00" "floor 10.00" "direct 9.00" "ops2 109.00" "kprobe 500.00" \
	"where direct dist=4096 call=none"
out=$(bash "$rbc/b/scripts/bench-report.sh" x86_64-series 2>/dev/null)
rc=$?
check "bench-report: a target on an unpatched callsite fails the report" 1 $rc
check "bench-report: a target on an unpatched callsite is an error, not met" \
	"| sole in-range direct within +4 of the floor | x86_64-series | direct: not patched (call=none) | error |" \
	"$(grep '^| sole in-range' "$rbc/b/bench/results.md" 2>/dev/null)"
check "bench-report: the error is in the last lines" \
	"error: bench target sole in-range direct within +4 of the floor (x86_64-series): direct: not patched (call=none)" \
	"$(echo "$out" | grep '^error: bench target sole' | head -1)"
# A row the run did not print is not measured (not minus untraced).
rbc_bench x86_64-series "untraced 9.00" "floor 10.00"
bash "$rbc/b/scripts/bench-report.sh" x86_64-series > /dev/null 2>&1
check "bench-report: a target on a row not printed is not measured" \
	"| sole in-range direct within +4 of the floor | x86_64-series | - | not measured |" \
	"$(grep '^| sole in-range' "$rbc/b/bench/results.md" 2>/dev/null)"
rbc_bench x86_64-series "untraced 9.00" "floor 10.00" "direct 20.00" "ops2 109.00" \
	"where direct dist=4096 call=trampoline"
out=$(bash "$rbc/b/scripts/bench-report.sh" x86_64-series 2>/dev/null)
rc=$?
check "bench-report: missed and unmeasured targets, last" \
	"$(printf '%s\n' 'bench targets: 1 met, 1 missed, 2 not measured, 0 errors' \
		'bench target missed: sole in-range direct within +4 of the floor (x86_64-series): +10.00 over the floor' \
		'bench target not measured: direct + function tracer at most 60% of base (x86_64-series)' \
		'bench target not measured: direct >= 10x cheaper than a kprobe (x86_64-series)')/0" \
	"$(echo "$out" | tail -4)/$rc"

# checkpatch-series.sh with a stand-in checkpatch.pl in the base tree:
# findings fail as they did, and so do a crash, an exit that checkpatch
# uses for its own errors, and a missing checkpatch.pl.
mkdir -p "$rbc/c/scripts" "$rbc/c/patches" "$rbc/c/build/worktrees/base/scripts"
cp "$top/scripts/lib.sh" "$top/scripts/checkpatch-series.sh" "$top/scripts/checkpatch-ignore.txt" \
	"$rbc/c/scripts/"
echo 0001-x.patch > "$rbc/c/patches/series"
echo 'not much of a patch' > "$rbc/c/patches/0001-x.patch"
# rbc_checkpatch PERL-BODY: the exit status of checkpatch-series.sh and
# whether its output names an error, with checkpatch.pl as PERL-BODY.
rbc_checkpatch() {
	local out rc
	printf '%s\n' "$1" > "$rbc/c/build/worktrees/base/scripts/checkpatch.pl"
	out=$(bash "$rbc/c/scripts/checkpatch-series.sh" 2>&1)
	rc=$?
	echo "$rc/$(echo "$out" | grep -c '^error: ')/$(echo "$out" | grep -c '^checkpatch --strict: 1 patch(es), 1 with findings')"
}
check "checkpatch: clean" "0/0/0" "$(rbc_checkpatch 'exit 0;')"
check "checkpatch: findings fail as before" "1/0/1" \
	"$(rbc_checkpatch 'print "0001-x.patch:1: WARNING:TYPO_SPELLING: x\n"; exit 1;')"
check "checkpatch: a crash (perl dies) fails the stage" "1/1/0" \
	"$(rbc_checkpatch 'die "Undefined subroutine &main::x called at checkpatch.pl line 1.\n";')"
check "checkpatch: exit 1 with no finding fails the stage" "1/1/0" \
	"$(rbc_checkpatch 'print "Unknown option: x\n"; exit 1;')"
check "checkpatch: exit 2 (not run in a kernel tree) fails the stage" "1/1/0" \
	"$(rbc_checkpatch 'print "Must be run from the top-level dir. of a kernel tree\n"; exit 2;')"
rm "$rbc/c/build/worktrees/base/scripts/checkpatch.pl"
check "checkpatch: no checkpatch.pl fails the stage" "1/1" \
	"$(bash "$rbc/c/scripts/checkpatch-series.sh" > "$rbc/out" 2>&1; echo "$?/$(grep -c '^error: ' "$rbc/out")")"
rm -rf "$rbc"
