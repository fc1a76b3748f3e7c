# shellcheck shell=bash
# Shared by mkimage.sh and run.sh (sourced, not executed): the one parser of
# testbed/matrix.conf, so the host's qemu arguments and the guest's device list
# can never disagree about names and addresses.

tb_die() { echo "testbed: $*" >&2; exit 1; }

# Host-side actions a matrix line may list (actions=a,b,...), as harness/hostact.h names them.
TB_ACTIONS=" config-change link-down link-up announce input-event inject-error unplug replug pause resume query "

# tb_matrix FILE [ONLY]
# Prints one tab-separated record per matrix line:
#   name  guest-pci-address  full-device-string  backend(with @ID@ expanded)  actions  port  vhost  impl
# (an empty backend or actions field is "-": tab is whitespace to read, so an empty field would vanish)
# @DISK@ is left for run.sh, which owns the scratch directory. ONLY is an
# optional comma-separated list of names to keep (others are dropped).
# A line whose actions include unplug sits behind a pcie-root-port of its own
# (pcie.0 cannot hot-plug): port is that port's -device value, and the
# address is "port:0000:00:SS.0", the port's, which the guest resolves to the
# device below it. Otherwise port is "-".
# vhost=blk|net|fs (a matrix keyword) names the vhost-user back end run.sh
# starts on the host for the line (testbed/vhost-backend.sh; @SOCK@ is its
# socket), else "-". iommu=off leaves iommu_platform=on off the device, for a
# back end without IOTLB support (QEMU refuses the property for it; the device
# then bypasses the vIOMMU and vct runs it in physical-address mode). impl=TEXT
# names the implementation in the results (default: run.sh's, from the line).
tb_matrix() {
    local file=$1 only=${2:-} line name slot dev backend n=0
    local -A seen_name=() seen_slot=()
    [ -r "$file" ] || tb_die "matrix file not readable: $file"
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%%#*}                       # comments, whole-line or trailing
        [[ $line =~ ^[[:space:]]*$ ]] && continue
        read -r name slot dev backend <<<"$line"
        [[ $name =~ ^[a-z0-9_-]+$ ]] || tb_die "$file: bad device name '$name'"
        [[ $slot =~ ^0x[0-9a-fA-F]{1,2}$ ]] || tb_die "$file: $name: bad slot '$slot' (want 0xNN)"
        [ -n "$dev" ] || tb_die "$file: $name: missing device"
        # 0x00 is the q35 host bridge, 0x1f the ICH9 LPC/SATA/SMBus functions.
        (( slot >= 0x02 && slot <= 0x1e )) || tb_die "$file: $name: slot $slot outside 0x02..0x1e"
        [ -z "${seen_name[$name]:-}" ] || tb_die "$file: duplicate name '$name'"
        [ -z "${seen_slot[$((slot))]:-}" ] || tb_die "$file: $name: slot $slot already used by ${seen_slot[$((slot))]}"
        seen_name[$name]=1; seen_slot[$((slot))]=$name
        if [ -n "$only" ] && [[ ",$only," != *",$name,"* ]]; then continue; fi
        # actions=... is a matrix keyword (the host bridge's), not a qemu argument.
        local actions= w a port=- addr vhost=- impl=- iommu=,iommu_platform=on
        local -a words=() rest=()
        read -ra words <<<"$backend"
        for w in "${words[@]}"; do
            if [[ $w == vhost=* ]]; then
                vhost=${w#vhost=}
                [[ $vhost =~ ^(blk|net|fs)$ ]] || tb_die "$file: $name: unknown vhost-user back end '$vhost' (blk, net or fs)"
            elif [[ $w == impl=* ]]; then
                impl=${w#impl=}
            elif [[ $w == iommu=off ]]; then
                iommu=
            elif [[ $w == actions=* ]]; then
                actions=${w#actions=}
                for a in ${actions//,/ }; do
                    [[ $TB_ACTIONS == *" $a "* ]] || tb_die "$file: $name: unknown host action '$a' (known:$TB_ACTIONS)"
                done
            else
                rest+=("$w")
            fi
        done
        backend=${rest[*]}
        local drv=${dev%%,*} props= legacy=,disable-legacy=on
        # A modern-only device (virtio 1.0 from the start) has no legacy interface to turn off.
        case $drv in vhost-user-fs-pci) legacy= ;; esac
        [ "$drv" != "$dev" ] && props=,${dev#*,}
        addr=$(printf '0000:00:%02x.0' $((slot)))
        if [[ ,$actions, == *,unplug,* ]]; then
            # Chassis and slot numbers are the pcie.0 slot: unique, as the matrix slots are.
            port="pcie-root-port,id=vct-rp-$name,bus=pcie.0,addr=$(printf '0x%02x' $((slot))),chassis=$((slot)),slot=$((slot))"
            [[ ,$props, == *,id=* ]] || props=",id=$name$props"
            dev="$drv,bus=vct-rp-$name,addr=0x0${legacy}${iommu}${props}"
            addr=port:$addr
        else
            dev="$drv,bus=pcie.0,addr=$(printf '0x%02x' $((slot)))${legacy}${iommu}${props}"
        fi
        dev=${dev//@ID@/$name}; backend=${backend//@ID@/$name}
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$addr" "$dev" "${backend:--}" "${actions:--}" "$port" "$vhost" "$impl"
        n=$((n + 1))
    done <"$file"
    if [ -n "$only" ]; then
        local want
        for want in ${only//,/ }; do
            [ -n "${seen_name[$want]:-}" ] || tb_die "no device '$want' in $file"
        done
    fi
    [ "$n" -gt 0 ] || tb_die "$file: no devices"
}
