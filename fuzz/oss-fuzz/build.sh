#!/usr/bin/env bash
# OSS-Fuzz / ClusterFuzzLite build script: the libFuzzer targets of fuzz/ into
# $OUT, built with the fuzzing infrastructure's compiler and flags, so that a
# project's CI can run them nightly (README, "Nightly fuzzing").
#
#   $CC                 the compiler (default clang)
#   $CFLAGS             sanitizers and coverage flags chosen by the infrastructure
#                       (e.g. -fsanitize=address -fsanitize=fuzzer-no-link); default:
#                       ASan + UBSan with libFuzzer's coverage instrumentation
#   $LIB_FUZZING_ENGINE what to link the targets with (default -fsanitize=fuzzer)
#   $OUT                where the targets go (created; default build/oss-fuzz/out)
#   $WORK               scratch folder for objects (default: a fresh temporary one)
#
# Produces, per device type with a seed corpus in fuzz/corpus/:
#   vct_refdev_TYPE              fuzz programs against the in-process reference device
#   vct_refdev_TYPE_seed_corpus.zip, vct_refdev_TYPE.dict, vct_refdev_TYPE.options
# and the hostile-device harness (vct's own driver side fed an arbitrary device):
#   vct_hostile
# The list of sources comes from fuzz/fuzz.mk (make fuzz-print-srcs), the one
# place it is kept.
set -euo pipefail
cd "$(dirname "$0")/../.."
SRCROOT=$PWD
CC=${CC:-clang}
CFLAGS=${CFLAGS:--O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link}
LIB_FUZZING_ENGINE=${LIB_FUZZING_ENGINE:--fsanitize=fuzzer}
OUT=${OUT:-$SRCROOT/build/oss-fuzz/out}
own_work=
if [ -z "${WORK:-}" ]; then WORK=$(mktemp -d); own_work=1; fi
trap '[ -z "$own_work" ] || rm -rf "$WORK"' EXIT
mkdir -p "$OUT" "$WORK/obj"

# shellcheck disable=SC2207
SRCS=($(make -s --no-print-directory -C "$SRCROOT" fuzz-print-srcs))
# shellcheck disable=SC2207
INCS=($(make -s --no-print-directory -C "$SRCROOT" fuzz-print-incs))
[ ${#SRCS[@]} -gt 0 ] || { echo "oss-fuzz build: no sources from make fuzz-print-srcs" >&2; exit 1; }
# The project's own C dialect; -w: warnings are the normal build's business
# (-Werror there), not the fuzzing compiler's, whatever its version.
# shellcheck disable=SC2206
CF=(-std=c11 -D_GNU_SOURCE -fno-strict-aliasing -w $CFLAGS "${INCS[@]}")

echo "oss-fuzz build: $CC, ${#SRCS[@]} sources, into $OUT" >&2
OBJS=()
for s in "${SRCS[@]}"; do
    o=$WORK/obj/${s//\//_}.o
    "$CC" "${CF[@]}" -c -o "$o" "$s"
    OBJS+=("$o")
done

# shellcheck disable=SC2086
link() {   # OUTPUT MAIN-OBJECT
    "$CC" $CFLAGS -o "$1" "$2" "${OBJS[@]}" $LIB_FUZZING_ENGINE
}

zip_dir() {   # ZIP FILES...
    local z=$1; shift
    rm -f "$z"
    if command -v zip >/dev/null; then
        zip -q -j "$z" "$@"
    else
        python3 - "$z" "$@" <<'PY'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as z:
    for f in sys.argv[2:]:
        z.write(f, os.path.basename(f))
PY
    fi
}

n=0
for dir in fuzz/corpus/*/; do
    type=$(basename "$dir")
    name=vct_refdev_$type
    # The device is built in: ClusterFuzz runs a target with no environment of ours.
    "$CC" "${CF[@]}" -DVCT_FUZZ_DEFAULT_DEVICE="\"refdev:$type\"" -c -o "$WORK/$name.o" fuzz/libfuzzer_refdev.c
    link "$OUT/$name" "$WORK/$name.o"
    shopt -s nullglob
    seeds=("$dir"*.bin)
    shopt -u nullglob
    [ ${#seeds[@]} -eq 0 ] || zip_dir "$OUT/${name}_seed_corpus.zip" "${seeds[@]}"
    [ ! -r "fuzz/dict/$type.dict" ] || cp "fuzz/dict/$type.dict" "$OUT/$name.dict"
    # A program's canonical encoding is at most FZ_MAX_BIN (fuzz/prog.h) bytes.
    printf '[libfuzzer]\nmax_len = 8192\n' >"$OUT/$name.options"
    n=$((n + 1))
done
"$CC" "${CF[@]}" -c -o "$WORK/vct_hostile.o" fuzz/libfuzzer_hostile.c
link "$OUT/vct_hostile" "$WORK/vct_hostile.o"
echo "oss-fuzz build: $((n + 1)) targets in $OUT" >&2
