#!/usr/bin/env bash
# Boots the test-bed guest (QEMU q35 + vIOMMU, TCG) with the devices of
# testbed/matrix.conf, collects what vct produced for each of them, and prints
# every device's TAP stream followed by a per-device summary.
#
# usage: testbed/run.sh [--results DIR] [--timeout SECS] [--only NAME[,NAME]]
#                       [--matrix FILE] [--strict] [--known-quirks FILE]
#   --results DIR  put results in DIR (default: results/testbed-<timestamp>,
#                  plus the results/latest symlink pointing at it)
#   --timeout S    host-side limit for the whole VM (default: 30 s of boot
#                  plus the per-device limit for each device)
#   --only LIST    run only these matrix devices
#   --strict       also exit 1 when a device had a MUST failure (vct exit 1)
#   --known-quirks FILE  hand FILE to every `vct run --known-quirks` in the
#                  guest: the deviations it lists are reported as TODO (for
#                  QEMU 7.2: known-quirks/qemu-7.2.txt; with --strict a CI
#                  pipeline is green until something new fails)
# env: VCT_ARGS    extra arguments for every `vct run` (whitespace-split)
#      TESTBED_RESUME  "DEVICE CHECK MESSAGE": DEVICE's run resumes after CHECK, which is
#                   reported crashed with MESSAGE (testbed/isolate.sh sets it)
#      TESTBED_RESUME_TAP  with TESTBED_RESUME: a file of the TAP points the earlier boots'
#                   journals carried out for DEVICE; its resumed run keeps them in its
#                   result.json and counts (vct run --resume-tap)
#      TESTBED_RESUME_VERDICT  with TESTBED_RESUME: wedged when CHECK stalled the whole
#                   guest (see TESTBED_STALL) instead of killing its process (default crashed)
#      TESTBED_STALL  seconds during which the guest writes nothing (journal, console,
#                   return channel) AND QEMU's monitor answers nothing, once vct began:
#                   a device model holds QEMU's main loop and with it the guest for good
#                   (testbed/stallwatch.py); QEMU is killed and the check running is left
#                   in RESULTS/stalled.txt (default: vct's per-check backstop, the
#                   --check-timeout of VCT_ARGS or its default 60 s; 0: never)
#      TESTBED_KILL_DURING  "DEVICE CHECK": kill QEMU (SIGABRT) once the journal shows DEVICE
#                   running CHECK (the self-test of crash isolation, tests/testbed-isolate.t)
#      TESTBED_KILL_BACKEND_DURING  "DEVICE CHECK": kill DEVICE's vhost-user back end (SIGKILL)
#                   once the journal shows DEVICE running CHECK (tests/testbed-backend.t);
#                   "DEVICE fuzz": once DEVICE's fuzz campaign reports its first rate
#                   (TESTBED_MODE=fuzz: the back end dies mid-campaign)
#      TESTBED_KILL_SIGNAL  the signal for TESTBED_KILL_DURING (default ABRT; STOP freezes
#                   QEMU as a device whose main loop never lets go would: the stall self-test)
#      TESTBED_UNPLUG=NAME:SECS  the host pulls NAME (device_del) SECS after vct
#                  starts on it (tests/testbed-unplug.t); the line needs actions=unplug
#      TESTBED_DEV_TIMEOUT  in-guest limit per `vct run` (default 60)
#      TESTBED_MEM, TESTBED_SMP, BUILD
#      TESTBED_CPU  the guest's CPU model (-cpu; default: QEMU's, qemu64 under TCG;
#                  make bench sets max for DPDK, whose builds need SSE4.2 and POPCNT)
#      TESTBED_MODE=bench|fuzz  (make bench, make fuzz-testbed) the guest runs
#                  the benchmark or a fuzz campaign instead of the suites; no
#                  TAP report, results stay in the results dir
#      TESTBED_EXTRA_INITRD  archives appended to the initrd (bench add-on)
#      VCT_BOOT_SLOTS=DIR:N  on a machine shared by several work trees: boot only
#                  while holding one of N lock files in DIR (a TCG guest starved of
#                  CPU by other guests hits its timeouts); --timeout counts from the slot
#      TESTBED_APPEND  more guest kernel parameters (bench: iommu.passthrough=1)
# exit: 0 every device produced TAP and vct ran (MUST failures are results,
#       not test-bed failures, unless --strict); 1 --strict and a MUST failure;
#       2 usage or a bad matrix; 3 boot failed or timed out; 4 a device
#       produced no TAP, or vct reported an environment error or was killed.
set -euo pipefail
ORIG_PWD=$PWD
cd "$(dirname "$0")/.."
source testbed/lib.sh

BUILD=${BUILD:-build}
IMG=$BUILD/testbed
MATRIX=testbed/matrix.conf
TIMEOUT=${TESTBED_TIMEOUT:-}
DEV_TIMEOUT=${TESTBED_DEV_TIMEOUT:-60}
RESULTS=
ONLY=
STRICT=0
KNOWN=
usage() { sed -n '6,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
abspath() { case $1 in /*) echo "$1" ;; *) echo "$ORIG_PWD/$1" ;; esac; }
while [ $# -gt 0 ]; do
    case $1 in
        --results) [ $# -ge 2 ] || usage; RESULTS=$(abspath "$2"); shift 2 ;;
        --timeout) [ $# -ge 2 ] || usage; TIMEOUT=$2; shift 2 ;;
        --only)    [ $# -ge 2 ] || usage; ONLY=$2; shift 2 ;;
        --matrix)  [ $# -ge 2 ] || usage; MATRIX=$(abspath "$2"); shift 2 ;;
        --strict)  STRICT=1; shift ;;
        --known-quirks) [ $# -ge 2 ] || usage; KNOWN=$(abspath "$2"); shift 2
                   [ -r "$KNOWN" ] || { echo "testbed: cannot read known-quirks file $KNOWN" >&2; exit 2; } ;;
        -h|--help) usage ;;
        *) echo "testbed: unknown argument '$1'" >&2; usage ;;
    esac
done
[[ $TIMEOUT =~ ^[0-9]*$ ]] || { echo "testbed: --timeout wants seconds" >&2; exit 2; }
[[ $DEV_TIMEOUT =~ ^[0-9]+$ ]] || { echo "testbed: TESTBED_DEV_TIMEOUT wants seconds" >&2; exit 2; }
for f in "$IMG/vmlinuz" "$IMG/initramfs.cpio.gz"; do
    [ -f "$f" ] || tb_die "missing $f (build it with: make testbed-image)"
done
QEMU=$(command -v qemu-system-x86_64 || true)
[ -n "$QEMU" ] || tb_die "qemu-system-x86_64 not found (testbed/ensure-deps.sh installs it)"

# --- device matrix -> qemu arguments and the guest's device list ---------------
# Parsed into a variable first: a bad matrix must stop the run here, which a
# failure inside a process substitution would not.
MATRIX_TSV=$(tb_matrix "$MATRIX" "$ONLY") || exit 2
NAMES=(); ADDRS=(); DEVSTR=(); IMPLS=()
VU_NAMES=(); VU_TYPES=(); VU_IOMMU=(); VU_IMPLS=()
QARGS=()
TAPS=(); TAPQ=()                         # tap back ends (@TAP@), their queue counts
RUN=$(mktemp -d "${IMG}/run.XXXXXX")     # per run: concurrent runs must not clash
RUN=$(cd "$RUN" && pwd)
# Scratch disks and the raw return channel go with the run, and the vhost-user back ends and the tap variants' network namespace, whatever happened.
cleanup() {
    local n
    for n in "${VU_NAMES[@]}"; do testbed/vhost-backend.sh stop "$RUN/vu-$n"; done
    [ -n "${NETNS:-}" ] && ip netns del "$NETNS" 2>/dev/null
    rm -rf "$RUN"
}
trap cleanup EXIT
mkdir -p "$RUN/overlay/etc/vct"
: >"$RUN/hostdevs.tsv"
QEMU_VERSION=$("$QEMU" --version | awk 'NR == 1 { print $4 }')
while IFS=$'\t' read -r name addr dev backend actions port vhost impl; do
    NAMES+=("$name"); ADDRS+=("$addr"); DEVSTR+=("$dev")
    [ "$backend" = - ] && backend=
    # Which implementation answers for the device (result.json's device.implementation, make matrix's columns).
    if [ "$impl" = - ]; then
        case $vhost in
            blk) impl=qemu-storage-daemon-$(qemu-storage-daemon --version 2>/dev/null | awk 'NR == 1 { print $3 }') ;;
            net) impl=dpdk-$(dpkg-query -W -f '${Version}' librte-net-vhost23 2>/dev/null | sed 's/-.*//')-vhost ;;
            fs)  impl=virtiofsd-$(/usr/lib/qemu/virtiofsd --version 2>/dev/null | awk 'NR == 1 { print $3 }') ;;
            *)   impl=qemu-$QEMU_VERSION-builtin ;;
        esac
    fi
    IMPLS+=("$impl")
    if [ "$vhost" != - ]; then
        # The back end starts below, once the run's time limit is known; its socket is @SOCK@.
        VU_NAMES+=("$name"); VU_TYPES+=("$vhost"); VU_IMPLS+=("$impl")
        [[ $dev == *iommu_platform=on* ]] && VU_IOMMU+=(1) || VU_IOMMU+=(0)
        backend=${backend//@SOCK@/$RUN/vu-$name/$vhost.sock}
    fi
    [ "$port" = - ] || QARGS+=(-device "$port")
    # What the host bridge may do to this device (testbed/hostbridge.py).
    printf '%s\t%s\t%s\t%s\n' "$name" "${dev%%,*}" "${actions/#-/}" "$dev" >>"$RUN/hostdevs.tsv"
    if [[ $backend == *@DISK@* ]]; then
        # Fresh sparse image each run, so no device test sees a previous run's writes.
        truncate -s 64M "$RUN/$name.img"
        backend=${backend//@DISK@/$RUN/$name.img}
    fi
    if [[ $backend == *@DIR@* ]]; then
        # A fresh empty directory (a 9p export), inside the run's scratch space.
        mkdir -p "$RUN/$name.dir"
        backend=${backend//@DIR@/$RUN/$name.dir}
    fi
    if [[ $backend == *@TAP@* ]]; then
        # A tap of the run's own network namespace (below), named here.
        TAPS+=("vct${#TAPS[@]}")
        q=1; [[ $backend =~ queues=([0-9]+) ]] && q=${BASH_REMATCH[1]}
        TAPQ+=("$q")
        backend=${backend//@TAP@/${TAPS[-1]}}
    fi
    QARGS+=(-device "$dev")
    # shellcheck disable=SC2206 # backend is a word list by design (no spaces inside words)
    [ -n "$backend" ] && QARGS+=($backend)
    printf '%s\t%s\t%s\n' "$name" "$addr" "$impl" >>"$RUN/overlay/etc/vct/devices"
done <<<"$MATRIX_TSV"

# Per-run settings reach the guest as a second cpio appended to the image: the
# kernel unpacks concatenated archives in order, later files winning. This
# avoids the command line's length and quoting limits.
VCT_ARGS_GUEST=${VCT_ARGS:-}
if [ -n "$KNOWN" ]; then
    cp "$KNOWN" "$RUN/overlay/etc/vct/known-quirks"
    VCT_ARGS_GUEST="$VCT_ARGS_GUEST --known-quirks /etc/vct/known-quirks"
fi
printf '%s\n' "$VCT_ARGS_GUEST" >"$RUN/overlay/etc/vct/args"
printf '%s\n' "$DEV_TIMEOUT" >"$RUN/overlay/etc/vct/dev-timeout"
[ -n "${TESTBED_MODE:-}" ] && printf '%s\n' "$TESTBED_MODE" >"$RUN/overlay/etc/vct/mode"
# testbed/isolate.sh after a boot that died: "DEVICE CHECK QEMU-MESSAGE" (vct run --resume-after).
[ -n "${TESTBED_RESUME:-}" ] && printf '%s\n' "$TESTBED_RESUME" >"$RUN/overlay/etc/vct/resume"
[ -n "${TESTBED_RESUME:-}" ] && [ -n "${TESTBED_RESUME_VERDICT:-}" ] &&
    printf '%s\n' "$TESTBED_RESUME_VERDICT" >"$RUN/overlay/etc/vct/resume-verdict"
if [ -n "${TESTBED_RESUME:-}" ] && [ -s "${TESTBED_RESUME_TAP:-}" ]; then
    cp "$TESTBED_RESUME_TAP" "$RUN/overlay/etc/vct/resume.tap"
fi
# A hung vct is cut off in the guest first, so the other devices still run and
# the results still come home; the host limit only catches a hung guest.
[ -n "$TIMEOUT" ] || TIMEOUT=$((30 + ${#NAMES[@]} * DEV_TIMEOUT))
(cd "$RUN/overlay" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) \
    | gzip -1n >"$RUN/overlay.cpio.gz"
# shellcheck disable=SC2086 # a list of archive paths
cat "$IMG/initramfs.cpio.gz" ${TESTBED_EXTRA_INITRD:-} "$RUN/overlay.cpio.gz" >"$RUN/initrd"

# vhost-user back ends (matrix keyword vhost=) need the guest's memory in a
# shared memfd, which they map (QEMU hands them its file descriptor).
MEMARGS=()
# shellcheck disable=SC2054 # commas are inside qemu option values
[ "${#VU_NAMES[@]}" -gt 0 ] && MEMARGS=(-object "memory-backend-memfd,id=vct-mem,size=${TESTBED_MEM:-512M},share=on"
                                       -machine memory-backend=vct-mem)

# TCG only: KVM guests hang on this host. no_timer_check: on a loaded host the
# kernel's early check that the timer interrupt arrives within a few busy-loop
# iterations fails under TCG and panics ("timer doesn't work through
# Interrupt-remapped IO-APIC"); the timer works, the check is too impatient. intel-iommu must precede the PCI
# devices; caching-mode=on is what lets the guest's VFIO map DMA through the
# vIOMMU, intremap=on gives MSI-X remapping. -nodefaults drops q35's default
# NIC and VGA so the PCI topology is exactly the matrix.
# ttyS0 = kernel console -> console.log, ttyS1 = return channel -> return.raw.
# The host channel (vct's host actions, testbed/hostbridge.py) is a PCI 16550
# at 00:01.0 (free with -nodefaults), not an ISA port: the legacy ports share
# their IRQ lines (ttyS1 with ttyS3), and a shared edge-triggered line loses
# interrupts. It is not a device under test: no virtio, never bound to vfio.
# shellcheck disable=SC2054 # commas are inside qemu option values
CMD=("$QEMU" -accel tcg -machine q35 -m "${TESTBED_MEM:-512M}" -smp "${TESTBED_SMP:-1}"
     ${TESTBED_CPU:+-cpu "$TESTBED_CPU"}
     -nodefaults -display none -no-reboot -no-user-config
     -device intel-iommu,intremap=on,caching-mode=on
     -kernel "$IMG/vmlinuz" -initrd "$RUN/initrd"
     -append "console=ttyS0 intel_iommu=on panic=-1 loglevel=6 no_timer_check${TESTBED_APPEND:+ $TESTBED_APPEND}"
     -chardev "file,id=ttyS0log,path=$RUN/console.log" -serial chardev:ttyS0log
     -chardev "file,id=ret,path=$RUN/return.raw" -serial chardev:ret
     -chardev "socket,id=hostch,path=$RUN/host.sock,server=on,wait=off" -device pci-serial,chardev=hostch,bus=pcie.0,addr=0x01
     -qmp "unix:$RUN/qmp.sock,server=on,wait=off" -qmp "unix:$RUN/stall.sock,server=on,wait=off"
     "${MEMARGS[@]}" "${QARGS[@]}")
# ttyS2 carries a journal that survives a device process taking the whole VM
# down with it: the fuzzer's journal (fuzz mode), or the check about to run and
# each finished TAP point (vct run --journal; testbed/isolate.sh reads it to
# blame the check and resume after it). In fuzz mode the program itself goes
# into shared memory instead (an ivshmem BAR backed by a host file at 00:02.0,
# never a device under test): a serial line costs the guest an emulated port
# write per byte, more than the device's work per program; a store to the BAR
# is a store to the file, which outlives QEMU.
CMD+=(-chardev "file,id=jrn,path=$RUN/journal.raw" -serial chardev:jrn)
# shellcheck disable=SC2054
[ "${TESTBED_MODE:-}" = fuzz ] && CMD+=(-object "memory-backend-file,id=jmem,share=on,mem-path=$RUN/journal.mem,size=1M"
    -device ivshmem-plain,memdev=jmem,bus=pcie.0,addr=0x02)
printf '%q ' "${CMD[@]}" >"$RUN/qemu.cmd"; echo >>"$RUN/qemu.cmd"

if [ -n "${VCT_BOOT_SLOTS:-}" ]; then
    slot_dir=${VCT_BOOT_SLOTS%:*} slot_n=${VCT_BOOT_SLOTS##*:}
    [[ -d $slot_dir && $slot_n =~ ^[1-9][0-9]*$ ]] || tb_die "VCT_BOOT_SLOTS wants DIR:N (an existing folder and a count)"
    got=
    while [ -z "$got" ]; do
        for ((i = 1; i <= slot_n; i++)); do
            exec 9>"$slot_dir/boot.$i.lock"
            if flock -n 9; then got=$i; break; fi
        done
        [ -n "$got" ] || sleep 1
    done
fi

# Tap back ends (vnet header offloads, multiqueue, host_mtu): QEMU runs in a
# network namespace of this run's own, with no address and no route in it, so
# nothing a check sends leaves the machine. Each tap loops IPv4 frames back
# (tc mirred, ingress to egress: the kernel keeps a frame partial or GSO when
# the driver negotiated the receive offload) and testbed/netloop.py answers
# ARP requests for 10.0.2.2 as QEMU's user network does. The kernel's ARP and
# IPv6 are off, so it sends nothing of its own.
NETNS=
if [ ${#TAPS[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || tb_die "matrix lines with a tap back end need root (the tap lives in a network namespace)"
    NETNS=vct-tb-$$
    ip netns add "$NETNS" || tb_die "cannot create the network namespace $NETNS (ip netns add)"
    ip netns exec "$NETNS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    for i in "${!TAPS[@]}"; do
        t=${TAPS[$i]}; mq=
        [ "${TAPQ[$i]}" -gt 1 ] && mq=multi_queue
        # shellcheck disable=SC2086 # mq is one word or none
        ip netns exec "$NETNS" ip tuntap add dev "$t" mode tap vnet_hdr $mq &&
            ip netns exec "$NETNS" ip link set "$t" arp off up &&
            ip netns exec "$NETNS" tc qdisc add dev "$t" ingress &&
            ip netns exec "$NETNS" tc filter add dev "$t" parent ffff: protocol ip prio 1 u32 match u32 0 0 \
                action mirred egress redirect dev "$t" ||
            tb_die "cannot set up tap $t in $NETNS (iproute2's ip and tc, the kernel's u32 and mirred)"
    done
    ip netns exec "$NETNS" python3 testbed/netloop.py "${TAPS[@]}" --limit "$((TIMEOUT + 30))" \
        </dev/null >"$RUN/netloop.log" 2>&1 &
    NETLOOP_PID=$!
    CMD=(ip netns exec "$NETNS" "${CMD[@]}")
fi
# The vhost-user back ends: each on the host for the whole run and a minute
# more (vhost-backend.sh's own limit), started once this boot has its slot
# (testpmd busy-polls a CPU) and before QEMU connects to their sockets.
VU_PIDS=()
for k in "${!VU_NAMES[@]}"; do
    d=$RUN/vu-${VU_NAMES[$k]}
    if ! VHOST_IOMMU=${VU_IOMMU[$k]} testbed/vhost-backend.sh start "${VU_TYPES[$k]}" "$d" $((TIMEOUT + 60)) >/dev/null; then
        echo "testbed: the ${VU_TYPES[$k]} back end of ${VU_NAMES[$k]} did not start (its log: above)" >&2
        exit 3
    fi
    VU_PIDS+=("$(head -1 "$d/pids")")
done

t0=$(date +%s.%N)
rc=0
timeout -k 10 "$TIMEOUT" "${CMD[@]}" </dev/null >"$RUN/qemu.log" 2>&1 &
QEMU_PID=$!
# The host side of vct's host actions: QMP on this QEMU, answers on the host
# channel. It leaves when QEMU closes the channel; its own limit backs that up.
python3 testbed/hostbridge.py --qmp "$RUN/qmp.sock" --chan "$RUN/host.sock" --devices "$RUN/hostdevs.tsv" \
    --limit "$((TIMEOUT + 30))" ${TESTBED_UNPLUG:+--unplug "$TESTBED_UNPLUG"} </dev/null >"$RUN/hostbridge.log" 2>&1 &
BRIDGE_PID=$!
# The crash-isolation self-test: a device process that dies during a given check.
if [ -n "${TESTBED_KILL_DURING:-}" ]; then
    read -r kdev kchk <<<"$TESTBED_KILL_DURING"
    ( while kill -0 "$QEMU_PID" 2>/dev/null; do
          if tr -d '\r' <"$RUN/journal.raw" 2>/dev/null | awk -v d="$kdev" -v c="$kchk" \
                 '$1 == "vct-run-device" { on = ($2 == d) } on && $1 == "vct-run-check" && $2 == c { f = 1 } END { exit !f }'; then
              ksig=${TESTBED_KILL_SIGNAL:-ABRT}
              echo "testbed: TESTBED_KILL_DURING: SIG$ksig to QEMU while $kdev runs $kchk" >&2
              pkill -"$ksig" -P "$QEMU_PID" 2>/dev/null; [ "$ksig" = STOP ] || kill -"$ksig" "$QEMU_PID" 2>/dev/null
              break
          fi
          sleep 0.2
      done ) &
fi
# A vhost-user back end that exits, or closes its connection (libvhost-user's
# vu_panic does), while vct runs is the device under test crashing: QEMU stays
# up (its front end only loses the connection), so the guest would sit in
# timeouts. Take the VM down as a
# device crash does, with the back end's last words in backend-died.txt:
# testbed/isolate.sh blames the check the journal names and boots again
# (fuzz mode: testbed-fuzz.sh replays the journal's program). Not after the
# guest's last device ("vct-run-end"): virtiofsd leaves when QEMU powers off.
if [ "${#VU_NAMES[@]}" -gt 0 ]; then
    ( set +e
      while kill -0 "$QEMU_PID" 2>/dev/null; do
          if [ -n "${TESTBED_KILL_BACKEND_DURING:-}" ] && [ ! -e "$RUN/backend-killed" ]; then
              read -r kdev kchk <<<"$TESTBED_KILL_BACKEND_DURING"
              if tr -d '\r' 2>/dev/null <"$RUN/journal.raw" | awk -v d="$kdev" -v c="$kchk" -v m="${TESTBED_MODE:-}" \
                     '$1 == "vct-run-device" || $1 == "vct-fuzz-device" { on = ($2 == d) }
                      on && $1 == "vct-run-check" && $2 == c { f = 1 }
                      on && c == "fuzz" && m == "fuzz" && $1 == "vct-fuzz-rate" { f = 1 } END { exit !f }'; then
                  for k in "${!VU_NAMES[@]}"; do
                      [ "${VU_NAMES[$k]}" = "$kdev" ] || continue
                      echo "testbed: TESTBED_KILL_BACKEND_DURING: killing the back end of $kdev (SIGKILL) while it runs $kchk" >&2
                      : >"$RUN/backend-killed"
                      kill -KILL -- "-${VU_PIDS[$k]}" 2>/dev/null
                  done
              fi
          fi
          # QEMU's front end saying the back end closed the connection (it stays up itself):
          # the device running now (the journal's) is the one whose back end left.
          eof=$(grep -a -m1 -E 'Unexpected end-of-file|Failed to read msg header|Failed to set msg fds|Connection reset by peer' "$RUN/qemu.log" 2>/dev/null)
          cur=$(tr -d '\r' 2>/dev/null <"$RUN/journal.raw" | awk '$1 == "vct-run-device" { d = $2 } END { print d }')
          for k in "${!VU_NAMES[@]}"; do
              log=$RUN/vu-${VU_NAMES[$k]}/${VU_TYPES[$k]}.log
              if kill -0 "${VU_PIDS[$k]}" 2>/dev/null; then
                  # libvhost-user's vu_panic ends the session at once; QEMU says so only at its next message.
                  if grep -aq 'vu_panic' "$log" 2>/dev/null; then
                      how="ended the session"
                  elif [ -n "$eof" ] && [ "${VU_NAMES[$k]}" = "$cur" ]; then
                      how="closed its connection"
                      echo "testbed: QEMU: ${eof#qemu-system-x86_64: }" >&2
                  else
                      continue
                  fi
              else
                  how=exited
              fi
              grep -aq '^vct-run-end' "$RUN/journal.raw" 2>/dev/null && continue
              last=$(grep -av '^[[:space:]]*$' "$log" 2>/dev/null | tail -1 | tr -d '\r' | cut -c1-140)
              printf '%s\t%s\n' "${VU_NAMES[$k]}" \
                  "the vhost-user back end (${VU_IMPLS[$k]}) $how${last:+: $last}" >"$RUN/backend-died.txt"
              echo "testbed: $(cut -f2 "$RUN/backend-died.txt"); taking the VM down as a device crash" >&2
              pkill -TERM -P "$QEMU_PID" 2>/dev/null; kill -TERM "$QEMU_PID" 2>/dev/null
              exit 0
          done
          sleep 0.2
        done ) &
fi
# A stalled VM (testbed/stallwatch.py): for TESTBED_STALL seconds once vct began,
# no byte on the journal, the console or the return channel AND no answer from
# QEMU's monitor (a QMP socket of the watcher's own). QMP commands run in QEMU's
# main loop under its big lock, which a live QEMU takes many times a second even
# on a loaded host; a device model whose loop never ends holds that lock for
# good, and the guest's vCPU blocks at its next device access. Waiting for the
# VM's whole limit would cost the rest of the run, so the check running is left
# for isolate.sh (wedged) and QEMU is killed. A silent guest whose QEMU answers
# is alive (a slow case): vct's own backstops end it, the watcher never does.
# The limit is vct's own per-check backstop: a case whose device access does not
# return within it is wedged inside the guest too (runner.c), so the bed is never
# less patient than vct. The longest a device of the default matrix held QEMU's
# main loop and then let go: 26 s (virtio-rng asked for 4 GiB, load average 7).
STALL=${TESTBED_STALL:-}
if [ -z "$STALL" ]; then
    STALL=60
    [[ " ${VCT_ARGS:-} " =~ \ --check-timeout[\ =]([0-9]+)\  ]] && STALL=$(( (BASH_REMATCH[1] + 999) / 1000 ))
fi
[[ $STALL =~ ^[0-9]+$ ]] || tb_die "TESTBED_STALL wants seconds"
# Fuzz, replay and bench boots too (their guests journal the device they drive):
# a program that wedges QEMU's main loop ends the boot within TESTBED_STALL
# seconds, not at the boot's whole limit, and fuzz-testbed reads stalled.txt.
if [ "$STALL" -gt 0 ]; then
    ( set +e
      python3 testbed/stallwatch.py --qmp "$RUN/stall.sock" --journal "$RUN/journal.raw" \
          --watch "$RUN/journal.raw" --watch "$RUN/console.log" --watch "$RUN/return.raw" \
          --limit "$STALL" --out "$RUN/stalled" --longest "$RUN/monitor-silence" 2>>"$RUN/stallwatch.log"
      if [ $? = 1 ] && [ -s "$RUN/stalled" ]; then
          read -r sdev schk _ <"$RUN/stalled"
          echo "testbed: the guest made no progress and QEMU's monitor did not answer for ${STALL}s (running: $sdev $schk): killing QEMU" >&2
          pkill -KILL -P "$QEMU_PID" 2>/dev/null; kill -KILL "$QEMU_PID" 2>/dev/null
      fi ) </dev/null &
fi
wait "$QEMU_PID" || rc=$?
# Bounded: the bridge notices the closed channel within a second.
for _ in 1 2 3 4 5; do kill -0 "$BRIDGE_PID" 2>/dev/null || break; sleep 1; done
kill "$BRIDGE_PID" 2>/dev/null || true
wait "$BRIDGE_PID" 2>/dev/null || true
if [ -n "${NETLOOP_PID:-}" ]; then kill "$NETLOOP_PID" 2>/dev/null; wait "$NETLOOP_PID" 2>/dev/null || true; fi
t1=$(date +%s.%N)
BOOT_SECS=$(awk "BEGIN { printf \"%.1f\", $t1 - $t0 }")
cp "$RUN/console.log" "$IMG/console.log" 2>/dev/null || true   # the "last run" log

# --- results directory ------------------------------------------------------------
LATEST=0
if [ -z "$RESULTS" ]; then
    base=results/testbed-$(date +%Y%m%d-%H%M%S)
    RESULTS=$base; n=1
    while [ -e "$RESULTS" ]; do RESULTS=$base-$n; n=$((n + 1)); done
    LATEST=1
fi
mkdir -p "$RESULTS"
RESULTS=$(cd "$RESULTS" && pwd)
# The bed's own files end in .txt/.tsv: device results are <name>.{tap,log,rc,info}
# and a device name has no dot, so a device called "console" cannot clobber them.
cp "$RUN/console.log" "$RESULTS/guest-console.txt" 2>/dev/null || true
cp "$RUN/qemu.cmd" "$RESULTS/qemu-cmd.txt" 2>/dev/null || true
cp "$RUN/qemu.log" "$RESULTS/qemu-stderr.txt" 2>/dev/null || true
cp "$RUN/hostbridge.log" "$RESULTS/hostbridge.txt" 2>/dev/null || true
[ -n "$NETNS" ] && cp "$RUN/netloop.log" "$RESULTS/netloop.txt" 2>/dev/null || true
cp "$RUN/backend-died.txt" "$RESULTS/backend-died.txt" 2>/dev/null || true
for n in "${VU_NAMES[@]}"; do cp "$RUN"/vu-"$n"/*.log "$RESULTS/backend-$n.txt" 2>/dev/null || true; done
cp "$RUN/stalled" "$RESULTS/stalled.txt" 2>/dev/null || true
cp "$RUN/monitor-silence" "$RESULTS/monitor-silence.txt" 2>/dev/null || true
cp "$RUN/stallwatch.log" "$RESULTS/stallwatch.txt" 2>/dev/null || true
if [ -e "$RUN/journal.raw" ]; then
    if [ "${TESTBED_MODE:-}" = fuzz ]; then cp "$RUN/journal.raw" "$RESULTS/fuzz-journal.txt"
    else cp "$RUN/journal.raw" "$RESULTS/journal.txt"; fi
fi
# (the journal line the guest stored last ends at the first NUL; older, longer ones may follow it)
if [ -e "$RUN/journal.mem" ]; then perl -0777 -ne 'print((split /\0/)[0] // "")' "$RUN/journal.mem" >"$RESULTS/fuzz-journal-mem.txt"; fi
# (and the campaign's statistics the guest stored last, four a second: the slot the byte at 512 KiB names; vct fuzz's jmem_stats)
if [ -e "$RUN/journal.mem" ]; then
    perl -e 'open(my $f, "<", $ARGV[0]) or exit; binmode $f; seek($f, 0x80000, 0); read($f, my $s, 1);
        exit unless defined $s && $s =~ /^[01]$/; seek($f, 0x80000 + 4096 + $s * 8192, 0); read($f, my $b, 8192);
        print((split /\0/, $b)[0] // "")' "$RUN/journal.mem" >"$RESULTS/fuzz-stats-mem.txt"
fi
printf '%s\t%s\t%s\t%s\n' "name" "address" "qemu-device" "implementation" >"$RESULTS/devices.tsv"
for i in "${!NAMES[@]}"; do
    printf '%s\t%s\t%s\t%s\n' "${NAMES[$i]}" "${ADDRS[$i]}" "${DEVSTR[$i]}" "${IMPLS[$i]}" >>"$RESULTS/devices.tsv"
done
if [ "$LATEST" = 1 ]; then ln -sfn "$(basename "$RESULTS")" results/latest; fi
SHOWN=${RESULTS#"$PWD"/}

# The guest may send several snapshots of its /out (fuzz mode: one per
# device); the last complete BEGIN..END block is the newest.
last_block() {
    tr -d '\r' <"$1" | awk '/^VCT-TESTBED-BEGIN$/ { n = 0; inb = 1; next }
        /^VCT-TESTBED-END$/ { if (inb) { m = n; for (i = 1; i <= n; i++) keep[i] = buf[i] } inb = 0; next }
        inb { buf[++n] = $0 }
        END { for (i = 1; i <= m; i++) print keep[i] }'
}

fail_boot() {
    # Salvage whatever complete snapshot the guest sent before it died.
    if [ -s "$RUN/return.raw" ]; then
        last_block "$RUN/return.raw" | base64 -d 2>/dev/null | tar -xz -C "$RESULTS" --strip-components=1 2>/dev/null || true
    fi
    echo "testbed: $*" >&2
    [ -s "$RUN/backend-died.txt" ] && echo "testbed: $(cut -f1 "$RUN/backend-died.txt"): $(cut -f2 "$RUN/backend-died.txt")" >&2
    echo "testbed: last lines of the guest console ($SHOWN/guest-console.txt):" >&2
    if [ -s "$RUN/console.log" ]; then
        tail -n 25 "$RUN/console.log" | sed 's/^/  | /' >&2
    else
        echo "  (empty: the kernel printed nothing yet)" >&2
    fi
    [ -s "$RUN/qemu.log" ] && sed 's/^/  qemu: /' "$RUN/qemu.log" | tail -n 10 >&2
    echo "testbed: results (partial) in $SHOWN" >&2
    cleanup
    exit 3
}
# QEMU leaves on the watcher's SIGTERM with status 0: the back end's death is what ended the boot.
[ -s "$RUN/backend-died.txt" ] && fail_boot "a vhost-user back end left while vct ran (qemu status $rc)"
case $rc in
    0) ;;
    *) [ -e "$RUN/stalled" ] && fail_boot "the guest made no progress and QEMU's monitor did not answer for ${STALL}s (a device held QEMU's main loop): QEMU was killed" ;;&
    124|137) fail_boot "guest timed out after ${TIMEOUT}s and was killed" ;;
    *) fail_boot "qemu exited with status $rc" ;;
esac

# Decode the return channel: the base64 text between the markers is a tar.gz
# of the guest's /out. A missing END marker means the guest died mid-transfer.
tr -d '\r' <"$RUN/return.raw" >"$RUN/return.txt"
grep -qx 'VCT-TESTBED-BEGIN' "$RUN/return.txt" || fail_boot "guest sent no results (no BEGIN marker on ttyS1)"
grep -qx 'VCT-TESTBED-END' "$RUN/return.txt" || fail_boot "results transfer from the guest was cut short (no END marker)"
last_block "$RUN/return.txt" | base64 -d \
    | tar -xz -C "$RESULTS" --strip-components=1 \
    || fail_boot "could not decode the results archive from the guest"
cleanup
if [ -n "${TESTBED_MODE:-}" ]; then
    echo "# ${TESTBED_MODE} run: VM ran ${BOOT_SECS}s; results in $SHOWN"
    exit 0
fi

# --- report ---------------------------------------------------------------------
# Counts come from top-level test points only; TAP 14 subtests are indented and
# already summarised by their parent's line.
tap_counts() {
    awk '
        /^ok/ || /^not ok/ {
            d = $0; sub(/^[^#]*/, "", d); d = tolower(d)
            if (d ~ /^#[ \t]*skip/)      skip++
            else if (d ~ /^#[ \t]*todo/) todo++
            else if (/^ok/)              pass++
            else                         fail++
        }
        /^Bail out!/ { bail = 1 }
        END { printf "pass=%d fail=%d skip=%d todo=%d%s", pass, fail, skip, todo, bail ? " BAIL-OUT" : "" }' "$1"
}
status=0
SUMMARY=()
for i in "${!NAMES[@]}"; do
    name=${NAMES[$i]}
    tap=$RESULTS/$name.tap
    vrc=$(cat "$RESULTS/$name.rc" 2>/dev/null || echo none)
    echo "# device: $name (${DEVSTR[$i]})"
    if [ -s "$tap" ]; then
        cat "$tap"
        line="$name  $(tap_counts "$tap")  vct-exit=$vrc"
        case $vrc in
            0) ;;
            1) [ "$STRICT" = 1 ] && [ "$status" = 0 ] && status=1 ;;
            4) [ "$STRICT" = 1 ] && [ "$status" = 0 ] && status=1
               line+="  (robustness: a case left the device wedged, crashed or corrupted)" ;;
            124|143|137) status=4; line+="  (killed after ${DEV_TIMEOUT}s in the guest)" ;;
            *) status=4; line+="  (environment error: see $SHOWN/$name.log)" ;;
        esac
    else
        echo "# no TAP from vct for $name (vct exit: $vrc); $SHOWN/$name.log says:"
        sed 's/^/#   /' "$RESULTS/$name.log" 2>/dev/null | tail -n 20 || true
        line="$name  NO TAP  vct-exit=$vrc"
        status=4
    fi
    SUMMARY+=("$line")
done
if [ -s "$RESULTS/testbed-errors.txt" ]; then
    echo "# guest-side test-bed errors:"; sed 's/^/#   /' "$RESULTS/testbed-errors.txt"
fi
{
    echo "# ---- testbed summary (VM ran ${BOOT_SECS}s, kernel $(cat "$IMG/kernel-abi" 2>/dev/null)) ----"
    for l in "${SUMMARY[@]}"; do echo "# $l"; done
    echo "# results: $SHOWN"
} | tee "$RESULTS/summary.txt"
exit "$status"
