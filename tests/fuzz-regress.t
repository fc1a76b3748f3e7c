#!/usr/bin/perl
# Fuzz findings kept as regressions (fuzz/regress/QUIRK.txt, each a program the
# fuzzer found and minimized on the reference device with that quirk): `vct
# repro` reports the finding's oracle and statement under the quirk, and the
# same program runs clean on the same device type without it (the quirk is
# what the program needs). The builtin engine finds each again from the seed
# corpus within a fixed execution budget and seed (never a time). Programs in
# fuzz/regress/clean/ once made an oracle fire through a fault of vct's own:
# they must replay clean.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname basename);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $build = $ENV{BUILD} // 'build';
my $vct = "$build/vct";
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;

# quirk => [seed, budget] for the engine gate (seed 3: live-vector-latched after 49 executions, packed-avail-ignored after 264)
my %gate = ('live-vector-latched' => [3, 1000], 'packed-avail-ignored' => [3, 1000]);
my @files = sort glob('fuzz/regress/*.txt');
ok(@files >= 1, scalar(@files) . ' kept findings');
my $dir = tempdir(CLEANUP => 1);
for my $f (@files) {
    my $quirk = basename($f, '.txt');
    open(my $fh, '<', $f) or die "$f: $!";
    my %h = map { /^# (\w+): (.*)$/ ? ($1, $2) : () } <$fh>;
    close $fh;
    my ($type) = ($h{device} // '') =~ /^refdev:(\w+)/;
    ok($type && $h{oracle} && $h{statement}, "$quirk: oracle, statement and device named") or next;
    my $out = qx{$vct repro $f --device refdev:$type,quirk=$quirk 2>&1};
    is($? >> 8, 1, "$quirk: vct repro exits 1 under the quirk") or diag($out);
    like($out, qr/^not ok \d+ - fuzz\.\Q$h{oracle}\E \Q$h{statement}\E$/m, "$quirk: $h{oracle} ($h{statement}) reported");
    $out = qx{$vct repro $f --device refdev:$type 2>&1};
    is($? >> 8, 0, "$quirk: the same program is clean without the quirk") or diag($out);
    my $g = $gate{$quirk} or next;
    $out = qx{$vct fuzz --device refdev:$type,quirk=$quirk --engine builtin --seed $g->[0] --runs $g->[1] --out $dir/$quirk 2>&1};
    like($out, qr/^vct: finding \Q$h{oracle}\E \(\Q$h{statement}\E\) at execution \d+$/m,
         "$quirk: the builtin engine finds it again within $g->[1] executions (seed $g->[0])") or diag($out);
}
# Programs that once fired an oracle through vct's own fault (fuzz/regress/clean/): each must replay clean.
for my $f (sort glob('fuzz/regress/clean/*.txt')) {
    open(my $fh, '<', $f) or die "$f: $!";
    my ($dev) = map { /^# device: (\S+)$/ ? $1 : () } <$fh>;
    close $fh;
    my $name = basename($f, '.txt');
    ok($dev, "$name: device named") or next;
    my $out = qx{$vct repro $f --device $dev 2>&1};
    is($? >> 8, 0, "$name: replays clean on $dev (no oracle fires)") or diag($out);
}
done_testing();
