#!/usr/bin/env bash
# Installs the Debian packages that `make demo` and `make check` need, only when
# one is missing, so that a fresh machine (CI, a new developer box) works with
# no manual step and an already-provisioned one pays only a dpkg query.
set -euo pipefail

# The one list. Package -> why:
#   qemu-system-x86  the device under test (virtio-pci devices in a q35 guest)
#   busybox-static   the guest's userland (static, so the initramfs needs no libc)
#   cpio             packs the guest initramfs
#   libpci-dev       harness: PCI name/ID lookups
#   pciutils         lspci/setpci for humans inspecting a host device
#   gcc make         build vct and vct-static (libc6-dev brings the static libc)
#   libc6-dev        static libc for build/vct-static
#   perl             prove (TAP harness) and TAP::Parser in tests/
#   python3          report/generator scripts
#   ca-certificates  apt over https mirrors on minimal images
#   libxml2-utils    xmllint: vct report's JUnit XML is validated against reports/schema/junit-10.xsd,
#                    and its HTML parsed, in the report self-tests
#   cmark-gfm        the report self-tests render vct report's Markdown with GitHub's parser
#   chromium         tests/report-chromium.t renders vct report's HTML in a headless browser
#   clang libclang-rt-14-dev  libFuzzer targets (fuzz/) and their gates in make check
#   afl++            the AFL++ persistent-mode target and custom mutator (fuzz/)
#   debhelper pkgconf  make deb (debian/control's Build-Depends) and its self-test (tests/deb.t)
#   man-db groff-base  man -l / groff -ww on man/vct.1 (tests/cli-help.t, tests/install.t)
#   bsdutils         script(1): a pty for the live-progress test (tests/progress.t)
#   node-tap-parser  a strict TAP 14 consumer reads vct's default streams (tests/tap-version.t)
#   qemu-system-common  vhost-user back ends for tests/vhost-user.t: qemu-storage-daemon, virtiofsd
#   dpdk-dev librte-net-vhost23  dpdk-testpmd with the vhost PMD (a vhost-user net back end, tests/vhost-user.t)
PACKAGES=(qemu-system-x86 busybox-static cpio libpci-dev pciutils gcc make
          libc6-dev perl python3 ca-certificates libxml2-utils cmark-gfm
          chromium
          clang libclang-rt-14-dev afl++ debhelper pkgconf man-db groff-base bsdutils
          node-tap-parser qemu-system-common dpdk-dev librte-net-vhost23)
# With arguments, those packages instead of the list (make deb: its build dependencies).
[ $# -gt 0 ] && PACKAGES=("$@")

missing=()
for p in "${PACKAGES[@]}"; do
    # dpkg-query prints "install ok installed" only for a fully installed package.
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "ensure-deps: installing ${missing[*]}" >&2
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "ensure-deps: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
    SUDO=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# The package lists may be absent or stale on a fresh machine; one update is cheap.
"${SUDO[@]}" apt-get update -qq || { echo "ensure-deps: apt-get update failed" >&2; exit 1; }
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || { echo "ensure-deps: apt-get install failed for: ${missing[*]}" >&2; exit 1; }
