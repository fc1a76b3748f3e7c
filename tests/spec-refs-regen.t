#!/bin/sh
# Regenerate both statement tables from ../shared/virtio-spec and compare them
# byte for byte with the committed spec-refs/statements-*.tsv.
cd "$(dirname "$0")/.." || exit 1
SPEC=../shared/virtio-spec
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
echo "1..4"
n=0
for v in v1.2-cs01 v1.4-cs01; do
	n=$((n + 1))
	if python3 spec-refs/gen-statements.py --spec-dir "$SPEC/$v" \
		--summaries spec-refs/summaries.tsv --classes spec-refs/classification.tsv \
		> "$tmp/$v.tsv" 2> "$tmp/$v.err"; then
		echo "ok $n - generator runs on $v"
	else
		echo "not ok $n - generator runs on $v"; sed 's/^/# /' "$tmp/$v.err"
	fi
	n=$((n + 1))
	if cmp -s "$tmp/$v.tsv" "spec-refs/statements-$v.tsv"; then
		echo "ok $n - spec-refs/statements-$v.tsv is up to date"
	else
		echo "not ok $n - spec-refs/statements-$v.tsv differs from a regeneration (run: make spec-refs-regen)"
		diff "spec-refs/statements-$v.tsv" "$tmp/$v.tsv" | head -20 | sed 's/^/# /'
	fi
done
