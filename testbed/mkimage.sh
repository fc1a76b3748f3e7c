#!/usr/bin/env bash
# Builds the test-bed guest under $BUILD/testbed from Debian packages only:
#   vmlinuz             Debian's stock kernel (linux-image-amd64's current ABI)
#   initramfs.cpio.gz   busybox-static + vfio modules + guest-init.sh as /init
#                       + /bin/vct (the static vct) + the matrix's device list
# The kernel .deb is cached in $BUILD/testbed/debs and unpacked once per ABI,
# so a rebuild after changing vct or the init script takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."
source testbed/lib.sh

BUILD=${BUILD:-build}
OUT=$BUILD/testbed
DEBS=$OUT/debs
VCT_STATIC=${VCT_STATIC:-$BUILD/vct-static}   # override only to test the bed itself
MATRIX=${TESTBED_MATRIX:-testbed/matrix.conf}

# The modules vfio-pci needs, in load order. Their own dependencies (from each
# .ko's modinfo "depends=") are added ahead of them automatically, and any that
# a future kernel builds in are skipped, so this list names only what we use.
MODULES=(irqbypass vfio vfio_iommu_type1 vfio_virqfd vfio_pci_core vfio_pci)
# Loaded before those: e.g. TESTBED_EXTRA_MODULES=virtio_pci makes the guest's
# kernel driver claim the devices first, exercising guest-init's unbind path
# (what a kernel with virtio_pci built in would need).
# shellcheck disable=SC2206
MODULES=(${TESTBED_EXTRA_MODULES:-} "${MODULES[@]}")

[ -x "$VCT_STATIC" ] || tb_die "no $VCT_STATIC (build it with: make $BUILD/vct-static)"
# The initramfs has no libc or loader, so a dynamic vct would fail with a
# baffling "not found" inside the guest; catch it here instead.
if LC_ALL=C readelf -l "$VCT_STATIC" 2>/dev/null | grep -q 'program interpreter'; then
    tb_die "$VCT_STATIC is dynamically linked; the guest needs a static binary"
fi
BUSYBOX=$(command -v busybox || true)
[ -n "$BUSYBOX" ] || tb_die "busybox not found (apt-get install busybox-static)"
if LC_ALL=C readelf -l "$BUSYBOX" 2>/dev/null | grep -q 'program interpreter'; then
    tb_die "$BUSYBOX is dynamic; install busybox-static"
fi

mkdir -p "$DEBS"

# --- kernel package -----------------------------------------------------------
# The ABI name (6.1.0-NN-amd64) changes with every Debian point release, so ask
# apt which one linux-image-amd64 currently depends on instead of hard-coding it.
resolve_abi_pkg() {
    apt-cache depends linux-image-amd64 2>/dev/null \
        | awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
KPKG=$(resolve_abi_pkg)
if [ -z "$KPKG" ] && [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq >/dev/null 2>&1 || true      # fresh machine: no lists yet
    KPKG=$(resolve_abi_pkg)
fi
if [ -z "$KPKG" ]; then
    # Offline with a warm cache still works: take the newest cached kernel.
    cached=$(ls -1 "$DEBS"/linux-image-[0-9]*.deb 2>/dev/null | sort -V | tail -1 || true)
    [ -n "$cached" ] || tb_die "cannot resolve linux-image-amd64 (run apt-get update)"
    KPKG=$(basename "$cached"); KPKG=${KPKG%%_*}
fi
DEB=$(ls -1 "$DEBS/${KPKG}"_*.deb 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$DEB" ]; then
    echo "testbed: downloading $KPKG" >&2
    sandbox=()
    # As root, apt drops to _apt for downloads, which cannot write into build/.
    [ "$(id -u)" -eq 0 ] && sandbox=(-o APT::Sandbox::User=root)
    (cd "$DEBS" && apt-get download -q "${sandbox[@]}" "$KPKG" >/dev/null) \
        || tb_die "apt-get download $KPKG failed"
    DEB=$(ls -1 "$DEBS/${KPKG}"_*.deb | sort -V | tail -1)
fi
ABI=${KPKG#linux-image-}
KDIR=$OUT/kernel-$ABI          # partial unpack of the .deb, reused across builds
mkdir -p "$KDIR"

# Unpack only what is asked for: the full package is 400 MB of modules.
deb_extract() { dpkg-deb --fsys-tarfile "$DEB" | tar -x -C "$KDIR" --wildcards "$@"; }
if [ ! -f "$KDIR/.listing" ]; then
    dpkg-deb -c "$DEB" | awk '{ print $NF }' >"$KDIR/.listing.tmp"
    mv "$KDIR/.listing.tmp" "$KDIR/.listing"
fi
MODDIR=./lib/modules/$ABI
if [ ! -f "$KDIR/boot/vmlinuz-$ABI" ] || [ ! -f "$KDIR/$MODDIR/modules.builtin" ]; then
    deb_extract "./boot/vmlinuz-$ABI" "./boot/config-$ABI" "$MODDIR/modules.builtin"
fi

# module name (dashes folded to underscores, as the kernel does) -> path in .deb
modpath() {
    local want=${1//-/_}
    awk -v w="$want" '/\.ko(\.xz|\.zst|\.gz)?$/ {
        n = $0; sub(/.*\//, "", n); sub(/\.ko(\.xz|\.zst|\.gz)?$/, "", n); gsub(/-/, "_", n)
        if (n == w) { print; exit } }' "$KDIR/.listing"
}
builtin_mod() {   # modules.builtin lists kernel/.../name.ko for built-in drivers
    grep -qE "/${1//_/[-_]}\.ko$" "$KDIR/$MODDIR/modules.builtin"
}
# Plain .ko for busybox insmod, which cannot decompress.
ko_local() {
    local p=$1 plain=${1%.xz}; plain=${plain%.zst}; plain=${plain%.gz}
    [ -f "$KDIR/$p" ] || deb_extract "$p"
    if [ ! -f "$KDIR/$plain" ]; then
        case $p in
            *.xz)  xz -dc "$KDIR/$p" >"$KDIR/$plain.tmp" ;;
            *.zst) command -v zstd >/dev/null || tb_die "$p is zstd-compressed: apt-get install zstd"
                   zstd -qdc "$KDIR/$p" >"$KDIR/$plain.tmp" ;;
            *.gz)  gzip -dc "$KDIR/$p" >"$KDIR/$plain.tmp" ;;
        esac
        mv "$KDIR/$plain.tmp" "$KDIR/$plain"
    fi
    echo "$KDIR/$plain"
}
ORDER=()           # resolved load order, dependencies first
declare -A RESOLVED=()
resolve() {
    local m=${1//-/_} p ko dep
    [ -n "${RESOLVED[$m]:-}" ] && return 0
    RESOLVED[$m]=1
    if builtin_mod "$m"; then return 0; fi
    p=$(modpath "$m")
    [ -n "$p" ] || tb_die "module $m is neither built into $ABI nor shipped in $(basename "$DEB")"
    ko=$(ko_local "$p")
    # .modinfo is a NUL-separated key=value section; "depends=" names its deps.
    for dep in $(tr '\0' '\n' <"$ko" | sed -n 's/^depends=//p' | tr ',' ' '); do
        resolve "$dep"
    done
    ORDER+=("$ko")
}
for m in "${MODULES[@]}"; do resolve "$m"; done

# --- bench add-on (make bench; bench/bench.mk) ----------------------------------
# TESTBED_BENCH_ADDON=FILE builds only a second archive, appended to the image
# by run.sh for a bench run: the kernel's own virtio drivers (loaded only in
# bench mode, after vfio), bench/guest-bench.sh and the static kbench. The
# default image is left untouched.
if [ -n "${TESTBED_BENCH_ADDON:-}" ]; then
    KBENCH=${KBENCH:-$BUILD/bench/kbench}
    [ -x "$KBENCH" ] || tb_die "no $KBENCH (make $BUILD/bench/kbench)"
    BASE=${#ORDER[@]}
    for m in virtio_pci virtio_blk virtio_net virtio_rng; do resolve "$m"; done
    ASTAGE=$(mktemp -d "$OUT/bench-root.XXXXXX")
    trap 'rm -rf "$ASTAGE"' EXIT
    mkdir -p "$ASTAGE"/{bin,etc/vct,lib/modules}
    : >"$ASTAGE/etc/vct/bench-modules"
    for ko in "${ORDER[@]:$BASE}"; do
        cp "$ko" "$ASTAGE/lib/modules/"
        basename "$ko" >>"$ASTAGE/etc/vct/bench-modules"
    done
    install -m 0755 "$KBENCH" "$ASTAGE/bin/kbench"
    install -m 0644 bench/guest-bench.sh "$ASTAGE/etc/vct/bench.sh"
    # DPDK's testpmd with its virtio PMD (the bench's DPDK column), when the
    # host has them (dpdk-dev, librte-net-virtio23): the program, the PCI bus,
    # the virtio PMD and the ring mempool from the PMD folder, and every
    # shared library they need (ldd), at the paths the loader looks in. The
    # guest has no /usr: /usr/lib/x86_64-linux-gnu points at /lib's, so EAL's
    # PMD folder is found, and the PMD folder's entries are links to the one
    # copy of each library (the loader must see one file, not two).
    PMDS=/usr/lib/x86_64-linux-gnu/dpdk/pmds-23.0
    DPDK_PMDS="librte_bus_pci.so.23 librte_net_virtio.so.23 librte_mempool_ring.so.23"
    if [ -x /usr/bin/dpdk-testpmd ] && [ -e "$PMDS/librte_net_virtio.so.23" ]; then
        LIBDIR=/lib/x86_64-linux-gnu
        mkdir -p "$ASTAGE$LIBDIR/dpdk/pmds-23.0" "$ASTAGE/lib64" "$ASTAGE/usr/lib"
        ln -s ../../lib/x86_64-linux-gnu "$ASTAGE/usr/lib/x86_64-linux-gnu"
        install -m 0755 /usr/bin/dpdk-testpmd "$ASTAGE/bin/dpdk-testpmd"
        install -m 0755 bench/dpdk-bench.sh "$ASTAGE/bin/dpdk-bench"
        # coreutils' stdbuf (its preload library where it looks for it): testpmd's statistics line by line into a file.
        if [ -x /usr/bin/stdbuf ] && [ -e /usr/libexec/coreutils/libstdbuf.so ]; then
            mkdir -p "$ASTAGE/usr/libexec/coreutils"
            install -m 0755 /usr/bin/stdbuf "$ASTAGE/bin/stdbuf"
            install -m 0644 /usr/libexec/coreutils/libstdbuf.so "$ASTAGE/usr/libexec/coreutils/libstdbuf.so"
        fi
        # shellcheck disable=SC2086
        for lib in $(for f in /usr/bin/dpdk-testpmd $(printf "$PMDS/%s " $DPDK_PMDS); do ldd "$f"; done |
                     awk '$3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u); do
            case $lib in
            */dpdk/pmds-23.0/*) dst=$LIBDIR/${lib##*/} ;;               # where the guest's loader looks (no ld.so.cache)
            /usr/lib/x86_64-linux-gnu/*) dst=$LIBDIR/${lib#/usr/lib/x86_64-linux-gnu/} ;;
            *) dst=$lib ;;
            esac
            [ -e "$ASTAGE$dst" ] || cp -L "$lib" "$ASTAGE$dst"
        done
        # (EAL loads from its folder only names ending in .so or .so.23.0, its ABI version)
        for p in $DPDK_PMDS; do
            [ -e "$ASTAGE$LIBDIR/$p" ] || cp -L "$PMDS/$p" "$ASTAGE$LIBDIR/$p"
            ln -s "../../$p" "$ASTAGE$LIBDIR/dpdk/pmds-23.0/$p.0"
        done
        echo "dpdk-testpmd $(dpkg-query -W -f '${Version}' dpdk-dev 2>/dev/null)" >"$ASTAGE/etc/vct/bench-dpdk"
    fi
    (cd "$ASTAGE" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
        | gzip -6n >"$TESTBED_BENCH_ADDON.tmp$$"
    mv "$TESTBED_BENCH_ADDON.tmp$$" "$TESTBED_BENCH_ADDON"
    echo "testbed: bench add-on ready: $TESTBED_BENCH_ADDON ($(tr '\n' ' ' <"$ASTAGE/etc/vct/bench-modules")$(cat "$ASTAGE/etc/vct/bench-dpdk" 2>/dev/null))" >&2
    exit 0
fi

# virtio_pci built in would grab the devices at boot; the guest then has to
# unbind them before vfio-pci can take them. Record which case this kernel is.
if builtin_mod virtio_pci; then VIRTIO_PCI=builtin; else VIRTIO_PCI=module; fi

# --- initramfs -----------------------------------------------------------------
# Staged in a private directory: two builds at once must not mix their files.
STAGE=$(mktemp -d "$OUT/initramfs-root.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE"/{bin,dev,proc,sys,tmp,out,etc/vct,lib/modules}
cp "$BUSYBOX" "$STAGE/bin/busybox"
for applet in $("$BUSYBOX" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$STAGE/bin/$applet"
done
install -m 0755 testbed/guest-init.sh "$STAGE/init"
install -m 0755 "$VCT_STATIC" "$STAGE/bin/vct"
: >"$STAGE/etc/vct/modules"
for ko in "${ORDER[@]}"; do
    cp "$ko" "$STAGE/lib/modules/"
    basename "$ko" >>"$STAGE/etc/vct/modules"
done
# name<TAB>address per line; run.sh overlays its own copy when a run selects
# a subset of the matrix, this one is the default for the full matrix.
tb_matrix "$MATRIX" | cut -f1,2 >"$STAGE/etc/vct/devices"
echo "$ABI" >"$STAGE/etc/vct/kernel-abi"
echo "$VIRTIO_PCI" >"$STAGE/etc/vct/virtio-pci"

# Stable order and owner so identical inputs give an identical image.
(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
    | gzip -6n >"$OUT/initramfs.cpio.gz.tmp$$"
mv "$OUT/initramfs.cpio.gz.tmp$$" "$OUT/initramfs.cpio.gz"   # atomic: a booting run never sees half
cp "$KDIR/boot/vmlinuz-$ABI" "$OUT/vmlinuz"
echo "$ABI" >"$OUT/kernel-abi"
echo "testbed: image ready: $OUT/vmlinuz + $OUT/initramfs.cpio.gz" \
     "(kernel $ABI, virtio_pci $VIRTIO_PCI, $(wc -c <"$OUT/initramfs.cpio.gz") bytes, vct from $VCT_STATIC)" >&2
