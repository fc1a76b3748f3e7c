#!/usr/bin/perl
# Bad input from a user: one line on stderr naming the problem and the fix,
# nothing on stdout, exit 2, and nothing touched.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my $tmp = tempdir(CLEANUP => 1);
open my $fh, '>', "$tmp/quirks" or die; print $fh "only-two-words here\n"; close $fh;
open $fh, '>', "$tmp/empty.bin" or die; close $fh;
# A finding cut short by one byte (a canonical corpus program is what findings are saved as).
open $fh, '<:raw', 'fuzz/corpus/rng/00-basic.bin' or die; my $whole = do { local $/; <$fh> }; close $fh;
open $fh, '>:raw', "$tmp/trunc.bin" or die; print $fh substr($whole, 0, length($whole) - 1); close $fh;
mkdir "$tmp/held" or die; open $fh, '>:raw', "$tmp/held/trunc.bin" or die; print $fh substr($whole, 0, length($whole) - 1); close $fh;

my @cases = (
    [ 'no command',            '',                                   qr/usage/ ],
    [ 'unknown command',       'frobnicate',                         qr/unknown command 'frobnicate'/ ],
    [ 'run without target',    'run',                                qr/exactly one TARGET/ ],
    [ 'malformed address',     'run 00:zz.0',                        qr/neither a PCI address/ ],
    [ 'unknown PCI address',   'run 0000:7e:1f.7',                   qr/no PCI device at 0000:7e:1f\.7.*vct list/ ],
    [ 'unknown refdev type',   'run refdev:floppy',                  qr/rng.*blk.*net.*console/ ],
    [ 'unknown refdev quirk',  'run refdev:blk,quirk=no-such-quirk', qr/no-such-quirk/ ],
    [ 'bad timeout',           'run refdev:rng --timeout soon',      qr/--timeout wants milliseconds/ ],
    [ 'malformed quirks file', "run refdev:rng --known-quirks $tmp/quirks", qr/quirks:1: expected/ ],
    [ 'missing quirks file',   "run refdev:rng --known-quirks $tmp/none",   qr/cannot read known-quirks file/ ],
    [ 'unknown statement',     'clause D-00000000',                  qr/no statement 'D-00000000'/ ],
    [ 'bad coverage format',   'coverage --format xml',              qr/--format wants one of text\|tsv\|json/ ],
    # issue 10 item 4: a backstop at or below one wait would blame the device for vct's impatience
    [ 'check-timeout = timeout', 'run refdev:rng --check-timeout 3000', qr/--check-timeout 3000 is not above --timeout 3000/ ],
    [ 'check-timeout < timeout', 'run refdev:rng --timeout 5000 --check-timeout 4000', qr/not above --timeout 5000.*give a --check-timeout above/ ],
    # issue 10 item 5: driver-illegal parameters are refused before the device is touched
    [ 'split queue size 3',    'stress refdev:blk --queue-size 3',   qr/--queue-size 3 is not a power of 2.*--packed/ ],
    [ 'split queue size 24',   'stress refdev:blk --queue-size 24',  qr/not a power of 2/ ],
    [ 'depth above queue',     'stress refdev:blk --queue-size 8 --depth 16', qr/--depth 16 is above --queue-size 8/ ],
    [ 'requests and time',     'stress refdev:blk --requests 5 --time 1', qr/give one/ ],
    [ 'stress reads on rng',   'stress refdev:rng --reads',          qr/--reads and --blocks apply to block devices/ ],
    # issue 10 item 13
    [ 'results not writable',  "run refdev:rng --results $tmp/quirks/sub", qr/cannot create the results folder .*quirks\/sub.*give --results a folder you can write/ ],
    [ 'results under /proc',   'run refdev:rng --results /proc/vct-results', qr/results folder \/proc\/vct-results/ ],
    [ 'only matches nothing',  "run refdev:rng --only 'ring.queue_size' --results $tmp/untouched", qr/--only 'ring.queue_size' matches no check \(closest: ring\.queue_sizes/ ],
    [ 'pause-ms alone', "run refdev:rng --pause-ms 5 --results $tmp/untouched", qr/--pause-ms goes with --pause-before GLOB/ ],
    [ 'pause-before no check', "run refdev:rng --only 'features.*' --pause-before 'ring.*' --results $tmp/untouched", qr/--pause-before 'ring\.\*' matches no check this run would run/ ],
    [ 'only matches no case',  "run refdev:rng --robustness --only 'robust.split.loopz' --results $tmp/untouched", qr/--only 'robust.split.loopz' matches no robustness case \(closest: robust\.split\./ ],
    [ 'repro of an empty file', "repro $tmp/empty.bin --device refdev:rng", qr/holds no fuzz program/ ],
    [ 'repro of a truncated finding', "repro $tmp/trunc.bin --device refdev:rng", qr/not a whole fuzz program.*truncated/ ],
    [ 'fuzz --time -1',        'fuzz --device refdev:rng --time -1', qr/--time wants seconds from 1 to \d+, not '-1'/ ],
    [ 'fuzz --runs -1',        'fuzz --device refdev:rng --runs -1', qr/--runs wants executions from 1 to \d+, not '-1'/ ],
    [ 'fuzz --time 5x',        'fuzz --device refdev:rng --time 5x', qr/--time wants seconds from 1 to \d+, not '5x'/ ],
    [ 'fuzz --runs and --time', 'fuzz --device refdev:rng --runs 5 --time 5', qr/give one/ ],
    [ 'fuzz --jobs 0',         'fuzz --device refdev:rng --jobs 0',  qr/--jobs wants parallel jobs from 1 to 64, not '0'/ ],
    [ 'fuzz unknown engine',   'fuzz --device refdev:rng --engine honggfuzz', qr/--engine wants one of libfuzzer\|afl\|builtin/ ],
    [ 'fuzz without device',   'fuzz --time 5',                      qr/fuzz needs --device TARGET/ ],
    [ 'fuzz --held missing',   "fuzz --device refdev:rng --engine builtin --held $tmp/none --out $tmp/untouched", qr/--held .*none: No such file.*give the folder/ ],
    [ 'fuzz --held-crash missing', "fuzz --device refdev:net --engine builtin --held-crash $tmp/none --out $tmp/untouched", qr/--held-crash .*none: No such file.*give a file of the crashes held/ ],
    [ 'fuzz --guard-observe alone', "fuzz --device refdev:net --engine builtin --guard-observe --out $tmp/untouched", qr/--guard-observe measures the guards of --held-crash/ ],
    [ 'fuzz --held damaged',   "fuzz --device refdev:rng --engine builtin --held $tmp/held --out $tmp/untouched", qr/--held: .*trunc\.bin is not a whole fuzz program/ ],
    [ 'fuzz modes combined',   "fuzz --print --roundtrip $tmp/empty.bin", qr/--print and --roundtrip cannot be combined/ ],
    [ 'checks --verify extra', 'checks --verify extra',              qr/unexpected argument 'extra'/ ],
    [ 'unknown option, close', 'run refdev:rng --timout 5',          qr/unknown option '--timout' \(did you mean --timeout\?\)/ ],
    [ 'bad tap version',       'run refdev:rng --tap-version 12',    qr/--tap-version wants one of 13\|14, not '12'/ ],
    [ 'option of another form', "fuzz --roundtrip $tmp/empty.bin --engine afl", qr/--engine does not go with --roundtrip/ ],
    [ 'help for no command',   'help frobnicate',                    qr/no command 'frobnicate'/ ],
);
for my $c (@cases) {
    my ($name, $args, $re) = @$c;
    my $out = qx{$vct $args 2>$tmp/err};
    my $rc = $? >> 8;
    my $err = do { local (@ARGV, $/) = ("$tmp/err"); <> // '' };
    is($rc, 2, "$name: exit 2");
    is($out, '', "$name: nothing on stdout");
    like($err, $re, "$name: says what is wrong");
    if ($args ne '') {
        my @lines = split /\n/, $err;
        is(scalar @lines, 1, "$name: one line") or diag($err);
    }
}
ok(!-e "$tmp/untouched", 'a refused run creates no results folder');

# A virtio device bound to another driver, where this machine has one: refused untouched.
my ($bound) = grep { my $d = readlink("$_/driver") // ''; $d =~ m{/virtio-pci$} }
              glob '/sys/bus/pci/devices/*';
SKIP: {
    skip 'no virtio device bound to virtio-pci here', 3 unless $bound;
    (my $addr = $bound) =~ s{.*/}{};
    my $out = qx{$vct run $addr 2>$tmp/err};
    my $rc = $? >> 8;
    my $err = do { local (@ARGV, $/) = ("$tmp/err"); <> };
    is($rc, 2, "$addr bound to virtio-pci: exit 2");
    like($err, qr/bound to virtio-pci; bind it to vfio-pci/, "$addr: names the driver and the fix");
    is(readlink("$bound/driver") =~ m{/virtio-pci$} ? 1 : 0, 1, "$addr: still bound to virtio-pci");
}
done_testing();
