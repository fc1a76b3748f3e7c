#!/usr/bin/perl
# Request payloads: every device type vct drives has seed programs carrying
# one valid request of each kind it parses (fuzz/corpus/TYPE/1*-*.txt: block
# commands, network frames and control commands, SCSI CDBs and task
# management, GPU and crypto control requests, console control messages,
# balloon, input, memory, pmem, 9p, FUSE, GPIO, I2C, vsock, SPI and RTC requests) as a DATA op and a part that
# carries it. Each runs clean on the reference device of its type, the device
# answering where the type answers on its own, and its text and binary forms
# agree.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname basename);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $build = $ENV{BUILD} // 'build';
my $vct = "$build/vct";
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;

# Requests the device answers only when its host acts (balloon stats, console control without MULTIPORT).
my %no_answer = map { $_ => 1 } qw(balloon/10-stats console/11-ctrl-device-ready console/12-ctrl-port-ready);
my %types;
for my $txt (sort glob('fuzz/corpus/*/1[0-9]-*.txt')) {
    my ($type) = $txt =~ m{fuzz/corpus/([^/]+)/};
    my $name = "$type/" . basename($txt, '.txt');
    (my $bin = $txt) =~ s/\.txt$/.bin/;
    $types{$type}++;
    ok(-s $bin, "$name: binary form present");
    my $printed = qx{$vct fuzz --print $bin 2>&1};
    open(my $fh, '<', $txt) or die;
    my $text = join '', grep { !/^#/ } <$fh>;
    is($printed, $text, "$name: the binary prints as its text");
    like($text, qr/^data slot=0 bytes=[0-9a-f]+$/m, "$name: carries a request payload");
    my $out = qx{$vct repro $bin --device refdev:$type 2>&1};
    is($? >> 8, 0, "$name: clean on refdev:$type") or diag($out);
    like($out, qr/, (\d+) used entries/, "$name: ran");
    my ($used) = $out =~ /, (\d+) used entries/;
    ok($no_answer{$name} || ($used // 0) >= 1, "$name: the device answered" . ($no_answer{$name} ? ' (not owed)' : ''));
}
my @want = qw(blk net console scsi gpu crypto balloon input mem pmem 9p fs gpio i2c vsock spi rtc rpmb sound);
ok($types{$_}, "payload seeds for $_") for @want;
done_testing();
