#!/usr/bin/perl
# A device pulled while vct holds it (issue 14): the test bed's host bridge
# device_dels the first device of tests/testbed-unplug.matrix (behind its own
# pcie-root-port) 3 s after vct starts on it. vct must notice the VFIO device
# request, let the device go (or the guest's removal would stall), report the
# check that was running as `not ok` with evidence, SKIP the rest without
# touching the device, and the bed must go on to the next device. Nothing may
# hang: every wait is bounded and the whole run has a limit.
use strict;
use warnings;
use Test::More;
use TAP::Parser;
use File::Temp qw(tempdir);
use File::Basename qw(dirname);
use Time::HiRes qw(time);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
require './tests/testbed-lib.pl';
my $build = testbed_prereqs();

my $res = tempdir('testbed-unplug-XXXXXX', TMPDIR => 1, CLEANUP => 1);
local $ENV{TESTBED_UNPLUG} = 'blk-hp:3';
local $ENV{TESTBED_DEV_TIMEOUT} = 40;
my $t0 = time;
my $out = qx{testbed/run.sh --matrix tests/testbed-unplug.matrix --results '$res' --timeout 150 2>&1};
my $rc = $? >> 8;
my $secs = time - $t0;
diag(sprintf 'unplug run took %.1f s', $secs);
ok($secs < 150, 'the run ended on its own (nothing hung)');
is($rc, 4, 'run.sh exit 4: a device did not finish its run (vct exit 3 for the pulled one)') or diag($out);

like(slurp("$res/hostbridge.txt"), qr/pulled blk-hp \(device_del\)/, 'the host pulled blk-hp while vct held it');
like(slurp("$res/blk-hp.info"), qr/^0000:0[1-9a-f]:00\.0 group=\d+/m, 'blk-hp sat behind its root port (bus > 0)');
is(slurp("$res/blk-hp.rc") =~ s/\s+//gr, '3', 'vct exit 3 for blk-hp: a harness-level outcome, no device verdict');

my $tap = slurp("$res/blk-hp.tap");
(my $as13 = $tap) =~ s/\ATAP version 14\n/TAP version 13\n/;
my $p = TAP::Parser->new({ tap => $as13 });
# Checks before the unplug may fail on their own (QEMU's known failures); the
# removal is the one harness-level outcome, and everything after it is SKIPped.
my @removed = $tap =~ /^not ok (\d+) .*\n  ---\n  outcome: harness-error\n/mg;
my ($after, $skipped_after) = (0, 0);
while (my $r = $p->next) {
    next unless $r->is_test && @removed && $r->number > $removed[0];
    $after++;
    $skipped_after++ if $r->has_skip && $r->explanation =~ /^device: removed by its host during /;
}
ok($p->is_good_plan, 'blk-hp: the TAP stream is complete (plan matches)');
is(scalar @removed, 1, 'blk-hp: exactly one check ends as not ok harness-error (the one running when the device went)')
    or diag($tap);
like($tap, qr/harness_error: "device: removed while the check ran.*\n(?:.*\n)*?.*seen: "the host asked for the device back \(hot-unplug request\)"/,
     'blk-hp: its evidence says the host asked for the device back');
ok($after && $after == $skipped_after, "blk-hp: every later check SKIPs 'device: removed ...' ($after)");

like(slurp("$res/rng.tap"), qr/^1\.\.\d+$/m, 'rng, the next device, was tested after the unplug');
like(slurp("$res/rng.rc"), qr/^[01]\s*$/, 'rng: vct exit 0 or 1');
unlike(slurp("$res/guest-console.txt"), qr/blocked for more than|hung_task/, 'no task hung in the guest');
done_testing();
