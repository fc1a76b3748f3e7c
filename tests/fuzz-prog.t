#!/usr/bin/perl
# The fuzz program format: every corpus program round-trips
# decode -> print -> parse -> encode; arbitrary bytes decode without a crash;
# vct repro reports a seeded quirk as TAP with the oracle and its statement.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $build = $ENV{BUILD} // 'build';
my $vct = "$build/vct";
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my $help = qx{$vct fuzz --print /dev/null 2>&1};
plan skip_all => 'vct built without fuzz/ (add -include fuzz/fuzz.mk)' if $help =~ /unknown command/;

my @corpus = sort glob('fuzz/corpus/*/*.bin');
ok(@corpus >= 8, scalar(@corpus) . ' corpus programs');
my $out = qx{$vct fuzz --roundtrip @corpus 2>&1};
is($? >> 8, 0, 'every corpus program round-trips') or diag($out);

# Garbage decodes to some valid (possibly empty) program and prints.
my $dir = tempdir(CLEANUP => 1);
srand(1);
for my $i (1 .. 20) {
    my $bytes = join '', map { chr(int(rand(256))) } 1 .. (1 + int(rand(600)));
    open my $fh, '>:raw', "$dir/g$i" or die; print $fh $bytes; close $fh;
}
$out = qx{$vct fuzz --print $dir/g* 2>&1};
is($? >> 8, 0, '20 random byte strings decode and print');
for my $i (1 .. 20) {
    qx{$vct fuzz --print $dir/g$i > $dir/t$i.txt 2>&1};
    qx{$vct fuzz --encode $dir/t$i.txt $dir/e$i 2>&1};
}
$out = qx{$vct fuzz --roundtrip $dir/e* 2>&1};
is($? >> 8, 0, 'their canonical forms round-trip') or diag($out);

# Programs saved before the virtio-pci operations moved to the transport range
# (0x0a kickraw, 0x0e commonw, 0x0f commonr; fuzz/prog.h "Compatibility")
# still decode to the same operations, and encode into 0x70..0x72.
{
    open my $fh, '>:raw', "$dir/legacy" or die;
    print $fh "\x01\x01\x3f\x0e\x14\x01\x0f\x00\x00\x00\x0f\x00\x02\x0a\x00\x01\x00\x00\x00";
    close $fh;
    my $text = qx{$vct fuzz --print $dir/legacy 2>&1};
    like($text, qr/^commonw off=0x14 width=1 value=0xf\ncommonr off=0 width=2\nkickraw q=0 value=0x1$/m,
         'legacy virtio-pci opcodes decode to commonw, commonr, kickraw');
    open $fh, '>', "$dir/legacy.txt" or die; print $fh $text; close $fh;
    qx{$vct fuzz --encode $dir/legacy.txt $dir/legacy.enc 2>&1};
    open $fh, '<:raw', "$dir/legacy.enc" or die; local $/; my $enc = <$fh>; close $fh;
    is(unpack('H*', $enc), '01013f711401' . '0f000000' . '720002' . '700001000000',
       'and encode into the transport-specific range 0x70..0x72');
    $out = qx{$vct repro $dir/legacy --device refdev:rng 2>&1};
    is($? >> 8, 0, 'a legacy program replays on refdev:rng') or diag($out);
}

# INIT's probed step (fuzz/prog.h FZ_INIT_PROBED: what a campaign's health
# probe left, which the next program starts from): it round-trips as bit 7 of
# the steps byte, and replays from the probe's state: the probe's request
# answered on the queue its model names, the shadow following (no used-idx or
# used-id oracle fires for the program's own request behind it).
{
    open my $fh, '>', "$dir/probed.txt" or die;
    print $fh "vct-fuzz v1\ninit steps=reset|ack|features|features-ok|queues|driver-ok|smallq|probed\n",
              "post q=0 parts=3\n  part buf flags=auto len=0x10 arg=0x0 next=0x0\n",
              "  part buf flags=auto|write len=0x200 arg=0x0 next=0x0\n  part buf flags=auto|write len=0x1 arg=0x0 next=0x0\n",
              "kick q=0\nwait units=2\n";
    close $fh;
    qx{$vct fuzz --encode $dir/probed.txt $dir/probed.bin 2>&1};
    open $fh, '<:raw', "$dir/probed.bin" or die; local $/; my $enc = <$fh>; close $fh;
    like(unpack('H*', $enc), qr/^0101ff08/, 'probed is bit 7 of the steps byte');
    $out = qx{$vct fuzz --roundtrip $dir/probed.bin 2>&1};
    is($? >> 8, 0, 'a probed program round-trips') or diag($out);
    $out = qx{$vct repro $dir/probed.bin --device refdev:blk 2>&1};
    is($? >> 8, 0, 'and replays clean on refdev:blk') or diag($out);
    like($out, qr/^ok 1 .*: 4 ops, 1 used entries, no oracle fired$/m, 'its own request answered behind the probe\'s');
}

# repro: clean device passes, a seeded quirk is reported with its statement.
$out = qx{$vct repro fuzz/corpus/rng/01-two.bin --device refdev:rng 2>&1};
is($? >> 8, 0, 'repro on clean refdev:rng: exit 0');
like($out, qr/^TAP version 14\n1\.\.1\nok 1 /, 'repro prints a passing TAP 14 point');
$out = qx{$vct repro fuzz/corpus/rng/01-two.bin --device refdev:rng,quirk=used-len-long 2>&1};
is($? >> 8, 1, 'repro with used-len-long: exit 1');
like($out, qr/^not ok 1 - fuzz\.used-len D-6a2ebd0e\n  ---\n  outcome: fail/m, 'names the oracle and D-6a2ebd0e');
done_testing();
