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
plan skip_all => "$vct not built" unless -x $vct;
my $tmp = tempdir(CLEANUP => 1);
open my $fh, '>', "$tmp/quirks" or die; print $fh "only-two-words here\n"; close $fh;

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
    [ 'bad coverage format',   'coverage --format xml',              qr/--format text\|tsv\|json/ ],
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
