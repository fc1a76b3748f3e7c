#!/bin/sh
# The administration virtqueue checks against refdev's group owner variant:
# all pass on the clean device (net and blk), all skip without ",admin", and
# each admin quirk is caught by the check keyed to the statement it breaks.
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
V=$BUILD/vct
# A build failure is a test failure, never a SKIP (make's errors are on stderr).
make -s "$V" >&2 || { echo "1..1"; echo "not ok 1 - build $V"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

set -- \
	admin-status-uninit:admin.status_written \
	admin-out-of-order:admin.in_order \
	admin-short-buffer-fail:admin.sizes_not_an_error \
	admin-unused-opcode-ok:admin.unlisted_refused \
	admin-einval-side-effect:admin.einval_no_side_effect
echo "1..$((3 + $#))"
n=0
for t in net blk; do
	n=$((n + 1))
	"$V" run "refdev:$t,admin" --only 'admin.*' >"$tmp/out" 2>&1
	if grep -q '^# [0-9]* pass, 0 fail (0 at MUST level), 0 skip' "$tmp/out"; then
		echo "ok $n - admin checks all pass on refdev:$t,admin"
	else
		echo "not ok $n - admin checks all pass on refdev:$t,admin"
		grep -E '^not ok|SKIP|^#' "$tmp/out" | sed 's/^/#   /'
	fi
done
n=$((n + 1))
"$V" run refdev:net --only 'admin.*' >"$tmp/out" 2>&1
if grep -q '^# 0 pass, 0 fail (0 at MUST level), [0-9]* skip' "$tmp/out"; then
	echo "ok $n - admin checks skip without VIRTIO_F_ADMIN_VQ"
else
	echo "not ok $n - admin checks skip without VIRTIO_F_ADMIN_VQ"
	tail -1 "$tmp/out" | sed 's/^/#   /'
fi
for qc in "$@"; do
	q=${qc%%:*}
	chk=${qc#*:}
	n=$((n + 1))
	"$V" run "refdev:net,quirk=$q" --only "$chk" >"$tmp/out" 2>&1
	if grep -q "^not ok 1 - $chk " "$tmp/out"; then
		echo "ok $n - quirk $q is caught by $chk"
	else
		echo "not ok $n - quirk $q is caught by $chk"
		sed 's/^/#   /' "$tmp/out"
	fi
done
