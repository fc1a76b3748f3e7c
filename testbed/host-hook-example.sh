#!/bin/sh
# A worked example of a vct host hook (vct run TARGET --host-hook CMD).
#
# vct runs the hook once per host-side action a check needs:
#     CMD ACTION TARGET [KEY=VALUE ...]
# ACTION  config-change link-down link-up announce input-event inject-error
#         unplug replug pause resume query restore system-reset
# TARGET  the TARGET string given to vct run (a PCI address, refdev:...)
# Exit 0: done (the host acted; the device may take a moment to show it).
# Exit 3: this action is unsupported on this target; the first line on
#         stderr says why, and the check SKIPs "host action: ACTION
#         unavailable on this target (why)".
# Any other exit, or no exit within 20 s: a harness error (not the device's).
# query prints its answer as one JSON document on stdout. restore undoes
# what this check's actions changed (vct sends it when the check ends).
#
# This one drives two kinds of target:
#  - the reference device with ",host-fifo=PATH": the action line goes into
#    that FIFO and the device acts on it (tests/host-hook.t runs it so);
#  - an SR-IOV virtual function of a NIC (set VCT_HOOK_PF=<pf netdev> and
#    VCT_HOOK_VF=<vf index>): link-down/link-up through the PF driver
#    (ip link set PF vf N state disable|enable), unplug/replug through the
#    slot's power control in sysfs. Everything else exits 3.
# Copy it and wire the actions to your PF driver, BMC or device CLI.
action=$1 target=$2
shift 2 2>/dev/null || { echo "usage: $0 ACTION TARGET [KEY=VALUE...]" >&2; exit 2; }

unsupported() { echo "$*" >&2; exit 3; }

case $target in
refdev:*host-fifo=*)
    fifo=${target#*host-fifo=}; fifo=${fifo%%,*}
    [ -p "$fifo" ] || { echo "no FIFO at $fifo" >&2; exit 1; }
    case $action in
        query) unsupported "the FIFO carries no answers back" ;;
    esac
    # One line, written whole: the device reads it on its next register access.
    printf '%s %s\n' "$action" "$*" >"$fifo"
    exit 0 ;;
refdev:*)
    unsupported "give the reference device a host-fifo=PATH option to drive it from a hook" ;;
esac

# An SR-IOV VF: what its physical function's driver can do to it.
pf=${VCT_HOOK_PF:-} vf=${VCT_HOOK_VF:-}
[ -n "$pf" ] && [ -n "$vf" ] || unsupported "set VCT_HOOK_PF and VCT_HOOK_VF to drive a VF's link"
# The hot-plug slot holding the target: its sysfs address is DDDD:BB:DD.
slot=
for s in /sys/bus/pci/slots/*; do
    [ "$(cat "$s/address" 2>/dev/null)" = "${target%.*}" ] && slot=${s##*/}
done
case $action in
    link-down) ip link set dev "$pf" vf "$vf" state disable ;;
    link-up|restore) ip link set dev "$pf" vf "$vf" state auto ;;
    config-change)
        # The link is the VF configuration its PF can change: flip it.
        if ip link show dev "$pf" | grep -q "vf $vf .*link-state disable"; then
            ip link set dev "$pf" vf "$vf" state auto
        else
            ip link set dev "$pf" vf "$vf" state disable
        fi ;;
    unplug|replug)
        p=/sys/bus/pci/slots/$slot/power
        [ -n "$slot" ] && [ -w "$p" ] || unsupported "no hot-plug slot power control for $target"
        [ "$action" = unplug ] && echo 0 >"$p" || echo 1 >"$p" ;;
    query)
        # What the host sees of the VF, as JSON.
        printf '{"pf": "%s", "vf": %s, "link": "%s"}\n' "$pf" "$vf" \
            "$(ip link show dev "$pf" | sed -n "s/.*vf $vf .*link-state \([a-z]*\).*/\1/p")" ;;
    *) unsupported "$action is not wired for SR-IOV VFs in this example" ;;
esac
