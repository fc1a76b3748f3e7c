#!/usr/bin/perl
# known-quirks/qemu-7.2.txt is kept in step with the test bed's committed
# expected verdicts (testbed/expected/*.tsv): every check expected to fail (or
# that may fail) on a test-bed device is listed for that device's PCI id, and
# every line of the file names such a failure (no stale line). vct reads the
# file: a listed failure becomes a TODO and vct exits 0.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my $file = 'known-quirks/qemu-7.2.txt';
sub slurp { local (@ARGV, $/) = @_; <> }

# The file, as vct reads it: <match> <check-or-statement> <note>.
my (@lines, %listed);
for (split /\n/, slurp($file)) {
    next if /^#/ || !/\S/;
    my ($match, $key, $note) = /^(\S+)\s+(\S+)\s+(.*\S)/ or do { fail("$file: malformed line: $_"); next };
    push @lines, [ $match, $key, $note ];
    $listed{"$match $key"} = 1;
}
ok(@lines >= 1, scalar(@lines) . " known quirks in $file");

# The expected failures of the test bed, per PCI id.
my (%must, %devices_of);
my @tsv = glob('testbed/expected/*.tsv testbed/expected/types/*.tsv');
ok(@tsv >= 16, scalar(@tsv) . ' expected-verdict files (default and further types)');
for my $t (@tsv) {
    (my $dev = $t) =~ s{.*/|\.tsv$}{}g;
    my ($pci) = slurp($t) =~ /^#pci_id\t(\S+)$/m;
    ok($pci, "$t names its PCI id") or next;
    for (split /\n/, slurp($t)) {
        next if /^#/ || !/\S/;
        my ($chk, $set) = split /\t/;
        next unless grep { $_ eq 'fail' } split /\|/, $set;
        $must{"$pci $chk"} = 1;
        push @{ $devices_of{"$pci $chk"} }, $dev;
    }
}
my @missing = grep { !$listed{$_} } sort keys %must;
is_deeply(\@missing, [], "every failure the test bed expects is in $file")
    or diag(join "\n", map { "$_ (" . join(',', @{ $devices_of{$_} }) . ")" } @missing);
my @stale = grep { !$must{"$_->[0] $_->[1]"} } @lines;
is_deeply([ map { "$_->[0] $_->[1]" } @stale ], [], "every line of $file is an expected failure of the test bed");
ok(!grep({ $_->[2] !~ /\bD-[0-9a-f]{8}\b/ } @lines), 'every note names the statement');

# vct reads it: the reference device has virtio-blk's PCI id, 1af4:1042.
my $dir = tempdir(CLEANUP => 1);
my $out = qx{$vct run refdev:blk,quirk=features-ok-unoffered --only status.features_ok_refuses_unoffered --known-quirks $file 2>&1};
is($? >> 8, 0, 'a listed failure does not make vct exit 1');
like($out, qr/^not ok 1 - status\.features_ok_refuses_unoffered .*# TODO known quirk: QEMU 7\.2 masks/m, 'it is reported as a TODO with the note');
done_testing();
