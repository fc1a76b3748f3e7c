#!/usr/bin/perl
# Physical-address DMA mode (issue 15 item 1): a device without
# VIRTIO_F_ACCESS_PLATFORM may bypass the IOMMU and take every address as a
# physical one. refdev's phys-dma option is such a device. vct gives it
# buffers at IOVA == physical address and checks it correctly; without that
# mode (--iova va) the same device fails dozens of checks for vct's own
# fault; where the mode cannot work, vct refuses in one line (exit 2).
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
plan skip_all => 'needs root (CAP_SYS_ADMIN reads physical addresses from /proc/self/pagemap)' if $> != 0;

sub run {
    my ($args, $pre) = @_;
    my $out = `${\($pre // '')} $vct run $args 2>/tmp/vct-pa-$$.err`;
    my $rc = $? >> 8;
    open my $fh, '<', "/tmp/vct-pa-$$.err" or die; my $err = do { local $/; <$fh> }; close $fh;
    unlink "/tmp/vct-pa-$$.err";
    return ($rc, $out, $err);
}
sub notok { my ($tap) = @_; return grep { /^not ok/ } split /\n/, $tap }

# 1. The bypassing device in physical-address mode (chosen because it does not offer ACCESS_PLATFORM).
my ($rc, $tap, $err) = run('refdev:blk,phys-dma');
is($rc, 0, 'phys-dma device: exit 0 in physical-address mode');
like($err, qr/physical-address DMA .*does not offer VIRTIO_F_ACCESS_PLATFORM/, 'the mode is announced on stderr');
my @f = notok($tap);
is(scalar(@f), 0, 'no failure') or diag join "\n", @f;
like($tap, qr/^ok \d+ - features\.access_platform_offered .*# SKIP device: its DMA bypasses the IOMMU \(it completed a request whose buffer it was given at physical address 0x[0-9a-f]+, which the IOMMU does not map\)/m,
     'ACCESS_PLATFORM unoffered by a device whose DMA bypasses the IOMMU: the SHOULD does not apply (a black-box probe)');
like($tap, qr/^ok \d+ - status\.needs_reset_set_on_error .*# SKIP device: physical-address DMA mode/m,
     'a check that needs an IOMMU fault SKIPs, saying why');
unlike($tap, qr/outcome: harness-error/, 'no harness error');

# 1b. A device behind the IOMMU that merely omits ACCESS_PLATFORM: the probe finds its DMA translated.
($rc, $tap) = run("refdev:blk,quirk=no-access-platform --only 'features.*'");
like($tap, qr/^not ok \d+ - features\.access_platform_offered .*\n(?:.*\n)*?      seen: "not offered, and the IOMMU translates its DMA/m,
     'the same bit unoffered by a translated device fails, with the probe as evidence');

# 2. The same device given IOVAs of vct's choosing: the failures issue 15 measured on qemu-storage-daemon.
($rc, $tap) = run('refdev:blk,phys-dma --iova va');
cmp_ok(scalar(notok($tap)), '>', 10, '--iova va on a bypassing device: the false failures physical-address mode avoids');

# 3. Forced on a translating device: IOVA == physical address works through an IOMMU too.
($rc, $tap, $err) = run('refdev:blk --iova pa');
is($rc, 0, '--iova pa on a device behind the IOMMU: exit 0');
is(scalar(notok($tap)), 0, 'no failure') or diag join "\n", notok($tap);
like($err, qr/as --iova pa asks/, 'announced as asked');

# 4. A quirk-free net and a packed-ring exchange in the mode (multi-page rings, many buffers).
($rc, $tap) = run("refdev:net,phys-dma --only 'ring.*'");
is(scalar(notok($tap)), 0, 'net rings in physical-address mode') or diag join "\n", notok($tap);

# 5. Refusals: one line naming the reason and the flag, exit 2, no TAP.
# Memory above what the IOMMU maps: refdev's IOMMU of 21 address bits (iommu-aw) translates
# IOVAs below 2 MiB only, where no page of this process lies, so no buffer could be given at
# its physical address.
($rc, $tap, $err) = run('refdev:blk,phys-dma,iommu-aw=21');
is($rc, 2, 'memory above what the IOMMU maps: exit 2');
like($err, qr/^vct: refdev:blk does not offer VIRTIO_F_ACCESS_PLATFORM.*--iova pa.*memory \(from 0x[0-9a-f]+\) lies outside the IOVA ranges the IOMMU maps \(up to 0x1fffff\).*--iova va/,
     'the line names the reason (the memory, the IOMMU\'s limit) and the flags');
is(scalar(split /\n/, $err), 1, 'one line');
is($tap, '', 'no TAP: the device was not driven');
my $nocap = 'setpriv --bounding-set -sys_admin';
SKIP: {
    skip 'setpriv missing', 6 unless system('setpriv --version >/dev/null 2>&1') == 0;
    ($rc, $tap, $err) = run('refdev:blk,phys-dma', $nocap);
    is($rc, 2, 'without CAP_SYS_ADMIN: exit 2');
    like($err, qr/^vct: refdev:blk does not offer VIRTIO_F_ACCESS_PLATFORM.*--iova pa.*pagemap.*CAP_SYS_ADMIN.*run vct as root.*--iova va/,
         'the line names the reason and the flags');
    is(scalar(split /\n/, $err), 1, 'one line');
    is($tap, '', 'no TAP: the device was not driven');
    ($rc, $tap, $err) = run('refdev:blk --iova pa', $nocap);
    is($rc, 2, '--iova pa without CAP_SYS_ADMIN: exit 2');
    # --iova va: the user says the IOMMU translates; the device is then checked as any other.
    ($rc, $tap, $err) = run("refdev:blk,quirk=no-access-platform --iova va --only 'features.*'", $nocap);
    is($rc, 0, '--iova va needs no physical addresses');
}
done_testing();
