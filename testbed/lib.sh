# shellcheck shell=bash
# Shared by mkimage.sh and run.sh (sourced, not executed): the one parser of
# testbed/matrix.conf, so the host's qemu arguments and the guest's device list
# can never disagree about names and addresses.

tb_die() { echo "testbed: $*" >&2; exit 1; }

# tb_matrix FILE [ONLY]
# Prints one tab-separated record per matrix line:
#   name  guest-pci-address  full-device-string  backend(with @ID@ expanded)
# @DISK@ is left for run.sh, which owns the scratch directory. ONLY is an
# optional comma-separated list of names to keep (others are dropped).
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
        local drv=${dev%%,*} props=
        [ "$drv" != "$dev" ] && props=,${dev#*,}
        dev="$drv,bus=pcie.0,addr=$(printf '0x%02x' $((slot))),disable-legacy=on,iommu_platform=on${props}"
        dev=${dev//@ID@/$name}; backend=${backend//@ID@/$name}
        printf '%s\t0000:00:%02x.0\t%s\t%s\n' "$name" $((slot)) "$dev" "$backend"
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
