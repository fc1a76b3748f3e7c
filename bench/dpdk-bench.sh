#!/bin/sh
# make bench, guest side: DPDK's testpmd sending 1514-byte frames (txonly)
# with its own virtio PMD on the function at ADDR (bound to vfio-pci), for
# SECONDS of forwarding. Prints testpmd's output, then one "rate:" line
# (bench/guest-bench.sh's measure reads it): the mean of testpmd's per-second
# Tx-pps (frames the device took; not those dropped on a full ring), the
# first second (start-up) left out.
# usage: dpdk-bench ADDR SECONDS
addr=$1 secs=$2
[ -n "$addr" ] && [ -n "$secs" ] || { echo "usage: dpdk-bench ADDR SECONDS" >&2; exit 2; }
log=/tmp/dpdk-testpmd.$$
mkdir -p /tmp /var/run
# EAL refuses a driver folder on a world-writable path: the initramfs's / is (mode 0777).
chmod go-w / /usr /usr/lib /lib /lib/x86_64-linux-gnu /lib/x86_64-linux-gnu/dpdk /lib/x86_64-linux-gnu/dpdk/pmds-23.0 2>/dev/null
# Huge pages where the kernel gives them (hugetlbfs), else anonymous memory.
mem="--no-huge -m 128"
mkdir -p /dev/hugepages
if grep -q ' /dev/hugepages ' /proc/mounts || mount -t hugetlbfs nodev /dev/hugepages 2>/dev/null; then
    echo 64 >/proc/sys/vm/nr_hugepages 2>/dev/null
    [ "$(cat /proc/sys/vm/nr_hugepages 2>/dev/null)" -ge 48 ] && mem="-m 96 --huge-dir /dev/hugepages"
fi
echo "memory: $mem"
# One vCPU: the main lcore (it sleeps between stats) and the forwarding lcore share it.
# stdbuf: testpmd's statistics reach the file as they come (it does not flush a redirected stdout).
lb=
command -v stdbuf >/dev/null 2>&1 && lb="stdbuf -oL"
# shellcheck disable=SC2086
$lb dpdk-testpmd --lcores 0@0,1@0 -n 1 --in-memory --iova-mode=va $mem -a "$addr" --log-level=pmd.net.virtio.init:info -- \
    --forward-mode=txonly --txpkts=1514 --nb-cores=1 --rxq=1 --txq=1 --rxd=256 --txd=256 \
    --total-num-mbufs=2048 --no-lsc-interrupt --stats-period=1 >"$log" 2>&1 </dev/null &
pid=$!
# Until forwarding shows its first second (EAL, the PMD and the link come up first; slow under TCG).
n=0
while [ "$n" -lt 90 ] && kill -0 "$pid" 2>/dev/null && ! grep -q 'Tx-pps' "$log"; do
    sleep 1; n=$((n + 1))
done
echo "start-up: about $n s"
sleep $((secs + 1))
kill -INT "$pid" 2>/dev/null
n=0
while [ "$n" -lt 15 ] && kill -0 "$pid" 2>/dev/null; do sleep 1; n=$((n + 1)); done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
rc=$?
cat "$log"
echo "dpdk-testpmd exit status: $rc$([ "$rc" -gt 128 ] && echo " (signal $((rc - 128)))")"
awk -v s="$secs" '/Tx-pps:/ { for (i = 1; i < NF; i++) if ($i == "Tx-pps:") v[n++] = $(i + 1) }
    /TX-packets:/ { for (i = 1; i < NF; i++) if ($i == "TX-packets:") tot = $(i + 1) }
    END {
        for (i = 1; i < n; i++) sum += v[i]
        if (n > 1 && sum > 0) printf "rate: %.0f requests/s, %.0f bytes/s (%d seconds of Tx-pps, %s frames in all)\n", sum / (n - 1), sum / (n - 1) * 1514, n - 1, tot + 0
        else print "dpdk-bench: no forwarding figure from testpmd"
    }' "$log"
rm -f "$log"
