# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/run.sh ($top, check): the status of committed results
# (scripts/results-status.sh), the README's results table, and the
# relative links of README.md and docs/.

tmp=$(mktemp -d)
mkdir -p "$tmp/h/scripts" "$tmp/h/patches" "$tmp/h/results" "$tmp/h/bench"
cp "$top/scripts/lib.sh" "$top/scripts/results-status.sh" "$tmp/h/scripts/"
printf '# core\n0001-a.patch\n' > "$tmp/h/patches/series"
echo "a patch" > "$tmp/h/patches/0001-a.patch"
id=$(bash -c '. "$1/scripts/lib.sh"; series_id' - "$tmp/h")
printf 'make one: exit 0, 2026-01-02 03:04 UTC, 1 patches (series %s), 5s\n3 passed, 0 failed, 1 skipped\n' \
	"$id" > "$tmp/h/results/one.txt"
printf 'make two: exit 1, 2026-01-01 03:04 UTC, 9 patches (series 0123456789ab), 5s\n' > "$tmp/h/results/two.txt"
echo "# no record line" > "$tmp/h/bench/results.md"
out=$(bash "$tmp/h/scripts/results-status.sh")
rc=$?
check "results-status: a result of this series is current" "results/one.txt 2026-01-02 1 $id current" \
	"$(echo "$out" | grep '^results/one.txt' | awk '{ print $1, $2, $3, $6, $7 }')"
check "results-status: a result of another series is stale" "results/two.txt 2026-01-01 9 0123456789ab stale" \
	"$(echo "$out" | grep '^results/two.txt' | awk '{ print $1, $2, $3, $6, $7 }')"
check "results-status: a file that names no series is stale" "none stale" \
	"$(echo "$out" | grep '^bench/results.md' | awk '{ print $6, $7 }')"
check "results-status: information only without --strict" "0/results-status: 2 stale" "$rc/$(echo "$out" | tail -1)"
bash "$tmp/h/scripts/results-status.sh" --strict > /dev/null
check "results-status: --strict fails on a stale result" 1 $?
check "results-status: the markdown row" \
	"| [\`one\`](results/one.txt) | - | exit 0: 3 passed, 0 failed, 1 skipped | 2026-01-02, 1 patches ($id), current |" \
	"$(bash "$tmp/h/scripts/results-status.sh" --markdown | grep one.txt)"
rm -rf "$tmp"

# The README's results table is the one results-status.sh prints, so that
# it can neither drift from results/ nor hide a stale run.
want=$(bash "$top/scripts/results-status.sh" --markdown)
got=$(sed -n '/^<!-- results-status --markdown -->$/,/^<!-- end -->$/p' "$top/README.md" | sed '1d;$d')
check "README: the results table is results-status.sh --markdown" "$want" "$got"
check "README: at most 200 lines" yes "$([ "$(wc -l < "$top/README.md")" -le 200 ] && echo yes || wc -l < "$top/README.md")"

# Every relative link in README.md and docs/*.md resolves.
bad_links() { # DIR: "FILE: LINK" for each relative link that names nothing
	(cd "$1" && for f in README.md docs/*.md docs/plans/*.md; do
		[ -f "$f" ] || continue
		grep -o '\]([^)]*)' "$f" | sed 's/^](//; s/)$//; s/#.*//' | while read -r l; do
			case "$l" in '' | http://* | https://* | mailto:*) continue ;; esac
			[ -e "$(dirname "$f")/$l" ] || echo "$f: $l"
		done
	done)
}
check "links: every relative link in README.md and docs/ resolves" "" "$(bad_links "$top")"
tmp=$(mktemp -d)
mkdir -p "$tmp/docs"
printf 'see [a](docs/a.md), [b](docs/gone.md#x) and [w](https://example.org)\n' > "$tmp/README.md"
printf '[up](../README.md) [no](nothere.md)\n' > "$tmp/docs/a.md"
check "links: a link to a missing file is named" "README.md: docs/gone.md/docs/a.md: nothere.md" \
	"$(bad_links "$tmp" | paste -sd/)"
rm -rf "$tmp"
