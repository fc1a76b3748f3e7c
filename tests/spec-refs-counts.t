#!/bin/sh
# Pins the statement counts per side and level (the figures of record), checks
# the classification columns, and checks that bad input fails properly.
cd "$(dirname "$0")/.." || exit 1
SPEC=../shared/virtio-spec
GEN="python3 spec-refs/gen-statements.py"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else nok "$desc"; fi; }

counts() { # side/level histogram of a table, one "side level=N" per line
	awk -F'\t' 'NR > 1 { c[$3 " " $4]++ } END { for (k in c) print k "=" c[k] }' "$1" | sort
}

echo "1..23"

# --- figures of record ---------------------------------------------------
cat > "$tmp/v1.4-cs01.want" <<'X'
device MAY=99
device MUST NOT=97
device MUST=536
device RECOMMENDED=1
device SHALL=9
device SHOULD NOT=32
device SHOULD=138
driver MAY=63
driver MUST NOT=165
driver MUST=323
driver SHALL NOT=1
driver SHOULD NOT=27
driver SHOULD=104
X
cat > "$tmp/v1.2-cs01.want" <<'X'
device MAY=66
device MUST NOT=59
device MUST=285
device RECOMMENDED=1
device SHOULD NOT=26
device SHOULD=96
driver MAY=46
driver MUST NOT=122
driver MUST=224
driver SHOULD NOT=16
driver SHOULD=86
X
for v in v1.4-cs01 v1.2-cs01; do
	t=spec-refs/statements-$v.tsv
	sort "$tmp/$v.want" > "$tmp/$v.want.s"
	counts "$t" > "$tmp/$v.got"
	if cmp -s "$tmp/$v.want.s" "$tmp/$v.got"; then ok "$v counts per side and level"
	else nok "$v counts per side and level"; diff "$tmp/$v.want.s" "$tmp/$v.got" | sed 's/^/# /'; fi
	bad=$(awk -F'\t' 'NR > 1 && $3 == "device" && $13 !~ /^(blackbox|host-action|fault|unobservable|transport|legacy)$/' "$t" | wc -l)
	check "$v: every device-side row has a class ($bad without)" [ "$bad" -eq 0 ]
	bad=$(awk -F'\t' 'NR > 1 && $3 == "device" && $13 != "blackbox" && ($14 == "-" || $14 == "")' "$t" | wc -l)
	check "$v: every non-blackbox row has a reason ($bad without)" [ "$bad" -eq 0 ]
	bad=$(awk -F'\t' 'NR > 1 && $3 == "driver" && $13 != "-"' "$t" | wc -l)
	check "$v: driver-side rows are unclassified" [ "$bad" -eq 0 ]
	bad=$(awk -F'\t' 'NR > 1 && (NF != 15 || $1 !~ /^[DR]-[0-9a-f]+$/ || length($1) != 10 || $12 !~ /^[0-9a-f]+$/ || length($12) != 16 || $2 != "'$v'")' "$t" | wc -l)
	check "$v: 15 columns, well-formed ids and hashes" [ "$bad" -eq 0 ]
	dup=$(awk -F'\t' 'NR > 1 { print $1 }' "$t" | sort | uniq -d | wc -l)
	check "$v: ids unique" [ "$dup" -eq 0 ]
	# the class figures spec-refs/README.md states for this version are the table's
	cls=$(awk -F'\t' 'NR > 1 && $3 == "device" { c[$13]++ }
		END { n = split("blackbox host-action fault legacy transport unobservable", k, " ")
		      for (i = 1; i <= n; i++) if (c[k[i]]) s = s (s ? ", " : "") k[i] " " c[k[i]]; print s }' "$t")
	check "$v: spec-refs/README.md states the device-side classes ($cls)" \
		sh -c "awk '/^$v — /{f=1} f && /^device-side classes:/{print; exit}' spec-refs/README.md | grep -qF 'device-side classes: $cls'"
	ok_cls=$(awk -F'\t' 'NR > 1 && $3 == "device" && $13 == "blackbox" && $14 != "-"' "$t" | wc -l)
	check "$v: blackbox rows carry no reason (a reason means the statement left the class)" [ "$ok_cls" -eq 0 ]
done

# --- bad input -----------------------------------------------------------
mkdir -p "$tmp/notspec"; echo hello > "$tmp/notspec/README"
$GEN --spec-dir "$tmp/notspec" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "not a spec tree: nonzero exit ($rc), one-line message" \
	sh -c "[ $rc -ne 0 ] && [ \$(wc -l < '$tmp/err') -eq 1 ] && grep -q 'not a virtio spec' '$tmp/err' && [ ! -s '$tmp/out' ]"
sed 's/^/# /' "$tmp/err"

cp -r "$SPEC/v1.4-cs01" "$tmp/unk"
echo "% local change" >> "$tmp/unk/cl-os.tex"
$GEN --spec-dir "$tmp/unk" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "unknown version (fingerprint): exit 2, reported" \
	sh -c "[ $rc -eq 2 ] && grep -q 'unknown spec version' '$tmp/err' && [ ! -s '$tmp/out' ]"
sed 's/^/# /' "$tmp/err"

printf '\\newcommand{\\virtiorev}{9.9}\n\\newcommand{\\virtiodraftstage}{cs01}\n' > "$tmp/unk/setup-generated.tex"
$GEN --spec-dir "$tmp/unk" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "unknown version (setup-generated.tex v9.9-cs01): exit 2, reported" \
	sh -c "[ $rc -eq 2 ] && grep -q 'unknown spec version v9.9-cs01' '$tmp/err'"
sed 's/^/# /' "$tmp/err"

# A known version tag but a normative block without a label: file:line problem.
printf '\\newcommand{\\virtiorev}{1.4}\n\\newcommand{\\virtiodraftstage}{cs01}\n' > "$tmp/unk/setup-generated.tex"
sed -i '0,/^\\devicenormative{\\subsection}{Feature Bits}{[^}]*}/s//\\devicenormative{\\subsection}{Feature Bits}{}/' "$tmp/unk/content.tex"
line=$(grep -n '^\\devicenormative{\\subsection}{Feature Bits}{}' "$tmp/unk/content.tex" | cut -d: -f1)
$GEN --spec-dir "$tmp/unk" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "normative block without label: exit 1 at content.tex:$line" \
	sh -c "[ $rc -eq 1 ] && grep -q 'content.tex:$line: .*without a label' '$tmp/err'"
sed 's/^/# /' "$tmp/err"

printf 'pattern\tclass\treason\nD-00000000\tfault\tno such statement\n' > "$tmp/cls.tsv"
$GEN --spec-dir "$SPEC/v1.4-cs01" --classes "$tmp/cls.tsv" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "classification naming an unknown id fails with file:line" \
	sh -c "[ $rc -ne 0 ] && grep -q 'cls.tsv:2: unknown statement id D-00000000' '$tmp/err'"
sed 's/^/# /' "$tmp/err"

printf 'id\tsummary\nR-00000000\tnothing\n' > "$tmp/sum.tsv"
$GEN --spec-dir "$SPEC/v1.4-cs01" --summaries "$tmp/sum.tsv" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "summaries naming an unknown id fails with file:line" \
	sh -c "[ $rc -ne 0 ] && grep -q 'sum.tsv:2: unknown statement id R-00000000' '$tmp/err'"
sed 's/^/# /' "$tmp/err"

id=$(awk -F'\t' 'NR > 1 && $3 == "device" { print $1; exit }' spec-refs/statements-v1.4-cs01.tsv)
$GEN --spec-dir "$SPEC/v1.4-cs01" --show "$id" > "$tmp/out" 2> "$tmp/err"; rc=$?
check "--show $id prints the statement's source lines" \
	sh -c "[ $rc -eq 0 ] && head -1 '$tmp/out' | grep -q '^$id v1.4-cs01 ' && grep -q 'MUST\|SHOULD\|MAY' '$tmp/out'"
