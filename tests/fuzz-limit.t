#!/usr/bin/perl
# The builtin engine measures the device's limit before a campaign (one
# reset -> DRIVER_OK with one queue -> one request of the type's request model
# -> its used entry reaped, fuzz/limit.c) and its summary reports the rate
# against it and where an execution's time went. Figures, never a pass/fail on
# speed: this only checks that they are there and sane.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $build = $ENV{BUILD} // 'build';
my $vct = "$build/vct";
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my $dir = tempdir(CLEANUP => 1);

for my $t ('blk', 'net', 'rng', 'console') {
    my $out = qx{$vct fuzz --device refdev:$t --engine builtin --runs 300 --seed 1 --out $dir/$t 2>&1};
    ok(open(my $fh, '<', "$dir/$t/summary.txt"), "$t: summary written") or diag($out);
    my %s = map { /^(\w+): (.*)$/ ? ($1, $2) : () } <$fh>;
    like($out, qr/^vct: limit \d+ cycles\/s \(\d+ cycles of reset, DRIVER_OK, one queue, .+\)$/m, "$t: limit announced");
    cmp_ok($s{limit_per_sec} // 0, '>', 0, "$t: limit_per_sec $s{limit_per_sec}");
    like($s{limit_request} // '', qr/\(queue \d+\), latency mean \d+ us, max \d+ us/, "$t: the request of the limit cycle named");
    like($s{ratio} // '', qr/^\d+\.\d\d$/, "$t: ratio $s{ratio}");
    like($s{exec_us} // '', qr/^total \d+, probe \d+, reset \d+, wait \d+ \(hang grace \d+\), dma \d+, release \d+, health \d+ \(on the program's own queue: tried \d+%, answered \d+%; next program started from its bring-up: \d+%; its reset \d+, bring-up \d+, request \d+, own queue's request \d+; of those two, waiting for the used entry \d+\), observe \d+, register accesses [\d.]+ \(health [\d.]+\), the next program made during this one \d+, ops and oracles -?\d+ \(mean of \d+\); probe request deferred \d+% \(the whole probe run all the same after a finding \d+%; deferred after a live register or status write \d+%\); a program's first reset on a device just reset, kept as done \d+%; waits ended answered [\d.]+ \(\d+\), settled [\d.]+ \(\d+\), needs-reset [\d.]+ \(\d+\), gave up [\d.]+ \(\d+\), clock [\d.]+ \(\d+\)(; op \S+ -?\d+ \([\d.]+ a run\))+; minimization left out$/,
         "$t: where an execution's time went");
}

done_testing();
