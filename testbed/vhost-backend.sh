#!/usr/bin/env bash
# Start or stop a vhost-user back end for vct (README, "vhost-user back ends").
#
#   testbed/vhost-backend.sh start blk|net|fs DIR [LIFETIME_S]   -> prints the socket path
#   testbed/vhost-backend.sh stop DIR
#
# blk: qemu-storage-daemon exporting a 64 MiB scratch image as vhost-user-blk.
# net: dpdk-testpmd with the vhost PMD, frames looped back to the sender (io
#      forwarding, loop topology). EAL options for a 2-core machine without huge
#      pages: both lcores on CPU 1 ('(0,1)@1': testpmd's forwarding lcore busy-
#      polls, so it gets one CPU, never both), --no-huge -m 256 with 2048 mbufs,
#      no PCI scan, its own --file-prefix; at nice VHOST_NICE (default 19, so
#      beside a TCG guest it leaves the guest's threads the CPU). Where vct is
#      the front end and testpmd is the device under test, give it 0
#      (tests/vhost-user.t): at 19 it gets about 1.5 % of CPU 1 against any
#      busy process there, and a request then waits past vct's timeout (a
#      used entry missing after 1 000 ms, in 2 of 6 runs at load 5).
#      --no-mlockall: testpmd locks all its memory by default, so every
#      SET_MEM_TABLE faulted in the front end's whole memory (vct's 256 MiB,
#      sparse on its side) before the session could go on: seconds at load 5.
#      VHOST_IOMMU=1 adds iommu-support=1 (vhost IOTLB: the front end's device may
#      then have iommu_platform=on, the test bed's matrix-impl.conf does).
# fs:  virtiofsd sharing DIR/share.
# Every back end runs under timeout(1) with LIFETIME_S (default 300), so one a
# crashed test forgot still ends, in a process group of its own (setsid):
# `stop` kills that group by the id it recorded, back end and wrapper together.
set -euo pipefail

cmd=${1:-}
dir=${3:-${2:-}}

# testpmd takes seconds to set up its memory on a loaded machine: up to 30 s.
wait_sock() {
	for _ in $(seq 1 600); do
		[ -S "$1" ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

case "$cmd" in
start)
	type=$2
	dir=$3
	life=${4:-300}
	mkdir -p "$dir"
	sock="$dir/$type.sock"
	rm -f "$sock"
	case "$type" in
	blk)
		truncate -s 64M "$dir/disk.img"
		setsid timeout -s KILL "$life" qemu-storage-daemon \
			--blockdev driver=file,node-name=file0,filename="$dir/disk.img" \
			--blockdev driver=raw,node-name=disk0,file=file0 \
			--export type=vhost-user-blk,id=exp0,node-name=disk0,addr.type=unix,addr.path="$sock",writable=on \
			>"$dir/$type.log" 2>&1 &
		;;
	net)
		setsid timeout -s KILL "$life" nice -n "${VHOST_NICE:-19}" dpdk-testpmd --lcores '(0,1)@1' --no-huge -m 256 --no-pci \
			--file-prefix "vct$$" --vdev "net_vhost0,iface=$sock,queues=1${VHOST_IOMMU:+$( [ "$VHOST_IOMMU" = 1 ] && echo ,iommu-support=1)}" -- \
			--port-topology=loop --forward-mode=io --total-num-mbufs=2048 --stats-period 3600 --no-mlockall \
			>"$dir/$type.log" 2>&1 </dev/null &
		;;
	fs)
		mkdir -p "$dir/share"
		echo "vct" >"$dir/share/hello"
		setsid timeout -s KILL "$life" /usr/lib/qemu/virtiofsd --socket-path="$sock" -o source="$dir/share" -o cache=none \
			>"$dir/$type.log" 2>&1 &
		;;
	*)
		echo "vhost-backend.sh: unknown back end '$type' (blk, net or fs)" >&2
		exit 2
		;;
	esac
	pid=$!
	echo "$pid" >>"$dir/pids"
	if ! wait_sock "$sock" "$pid"; then
		echo "vhost-backend.sh: $type back end did not create $sock; its log:" >&2
		cat "$dir/$type.log" >&2 || true
		kill -KILL -- "-$pid" 2>/dev/null || true
		exit 1
	fi
	echo "$sock"
	;;
stop)
	# TERM the group (a back end must end on SIGTERM), then KILL whatever is left.
	if [ -f "$dir/pids" ]; then
		while read -r pid; do
			kill -TERM -- "-$pid" 2>/dev/null || true
		done <"$dir/pids"
		sleep 0.2
		while read -r pid; do
			kill -KILL -- "-$pid" 2>/dev/null || true
		done <"$dir/pids"
		rm -f "$dir/pids"
	fi
	;;
*)
	echo "usage: vhost-backend.sh start blk|net|fs DIR [LIFETIME_S] | stop DIR" >&2
	exit 2
	;;
esac
