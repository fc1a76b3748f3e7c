#!/usr/bin/perl
# vct stress: a million block requests through a 16-entry queue (indexes wrap
# past 65536 many times) with every byte verified, loopback network frames
# all back once and intact, and a device that lies about used lengths caught.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;

my $out = qx{$vct stress refdev:blk --requests 1000000 --queue-size 16 2>/dev/null};
is($? >> 8, 0, 'blk: 10^6 requests, exit 0');
like($out, qr/1000000 completed/, 'blk: all 10^6 completed');
like($out, qr/integrity:\s+0 lost, 0 invalid used entries, 0 corrupted, 0 duplicated, 0 device errors/,
     'blk: zero integrity errors');

$out = qx{$vct stress refdev:net --requests 100000 2>/dev/null};
is($? >> 8, 0, 'net: exit 0');
my ($sent) = $out =~ /(\d+) completed of/;
my ($back) = $out =~ /received:\s+(\d+)/;
ok($back && $back >= $sent - 64, "net: loopback returned $back of $sent frames (the last few may still be in flight)");

$out = qx{$vct stress refdev:rng --requests 100000 2>/dev/null};
is($? >> 8, 0, 'rng: exit 0');

$out = qx{$vct stress refdev:blk,quirk=used-len-short --requests 2000 2>/dev/null};
is($? >> 8, 1, 'a device reporting short used lengths: exit 1');
like($out, qr/[1-9]\d* invalid used entries/, 'its used lengths are counted as invalid');
like($out, qr/first:\s+read of block \d+: used len 4096, 4097 expected/, 'and the first one is named');

$out = qx{$vct stress refdev:blk --requests 0 2>&1};
is($? >> 8, 2, 'a bad count is a usage error');

# A read-only disk gets no write: stress refuses it before sending anything.
$out = qx{$vct stress refdev:blk,ro --requests 10 2>&1};
is($? >> 8, 2, 'a read-only block device: stress does not run (exit 2)');
like($out, qr/read-only \(VIRTIO_BLK_F_RO\).*nothing was sent/, 'and says why in one line');
done_testing();
