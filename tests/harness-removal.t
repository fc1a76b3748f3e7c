#!/usr/bin/perl
# A device that leaves while vct holds it (issue 14), on the reference device
# (",unplug-after=MS": the function answers all ones from then on; the test
# bed's real hot-unplug is tests/testbed-unplug.t): the check that was running
# is `not ok` as a harness-level outcome with evidence, every later check
# SKIPs "device: removed ...", the stream stays complete, vct exits 3 quickly.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use Time::HiRes qw(time);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $build = $ENV{BUILD} // 'build';
my $vct = "$build/vct-san";
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
$ENV{ASAN_OPTIONS} = 'detect_leaks=1:abort_on_error=0:exitcode=99';
$ENV{UBSAN_OPTIONS} = 'print_stacktrace=1:halt_on_error=1:exitcode=98';

for my $mode ('', ' --no-fork') {
    my $t0 = time;
    my $out = qx{$vct run refdev:blk,unplug-after=400$mode 2>/dev/null};
    my $rc = $? >> 8;
    my $secs = time - $t0;
    is($rc, 3, "unplug-after$mode: exit 3 (harness-level outcome, no device verdict)") or diag($out);
    ok($secs < 30, sprintf("unplug-after$mode: done in %.1f s (nothing waits on a gone device)", $secs));
    my ($plan) = $out =~ /^1\.\.(\d+)$/m;
    my @points = $out =~ /^(?:not )?ok \d+ /mg;
    is(scalar @points, $plan, "unplug-after$mode: every planned test point is there ($plan)");
    my @removed = $out =~ /^not ok (\d+) .*\n  ---\n  outcome: harness-error\n(?:.*\n)*?  harness_error: "device: removed while the check ran/mg;
    is(scalar @removed, 1, "unplug-after$mode: one check not ok with the removal") or diag($out);
    like($out, qr/seen: "the function left the bus \(vendor id reads 0xffff\)"/, "unplug-after$mode: evidence names what was seen");
    my @after = grep { $_->[0] > ($removed[0] // 1e9) } map { [/^(?:not )?ok (\d+) /, $_] } grep { /^(?:not )?ok \d+ / } split /\n/, $out;
    is(scalar(grep { $_->[1] !~ /# SKIP device: removed by its host during / } @after), 0,
       "unplug-after$mode: all " . scalar(@after) . ' later checks SKIP with the device: prefix');
}
done_testing();
