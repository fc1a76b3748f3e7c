#!/usr/bin/perl
# Crash isolation in the test bed (issue 18): QEMU dies while vct runs a
# device (the test hook TESTBED_KILL_DURING aborts it once the journal shows
# a given robustness case running). testbed/isolate.sh must blame the check
# the journal names, record it crashed with QEMU's message, boot again for the
# rest of that device's run, and put one TAP stream together that has every
# case exactly once. Two boots of one device; then the same for a guest that
# stalls (QEMU frozen) instead of dying: the case is wedged; then two devices
# in two lanes side by side (TESTBED_LANES).
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use File::Basename qw(dirname);
use Time::HiRes qw(time);
use JSON::PP;

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
require './tests/testbed-lib.pl';
my $build = testbed_prereqs();

my $res = tempdir('testbed-isolate-XXXXXX', TMPDIR => 1, CLEANUP => 1);
local $ENV{TESTBED_KILL_DURING} = 'rng robust.split.chain_loop';
local $ENV{VCT_ARGS} = '--robustness';
local $ENV{TESTBED_DEV_TIMEOUT} = 120;
my $t0 = time;
my $out = qx{testbed/isolate.sh --only rng --results '$res/iso' --timeout 300 2>&1};
my $rc = $? >> 8;
diag(sprintf 'isolated run took %.1f s', time - $t0);
is($rc, 0, 'isolate.sh exit 0: the device came home complete') or diag($out);
ok(-d "$res/iso/boot-2" && !-d "$res/iso/boot-3", 'two boots: the one that died and the resumed one');

my @crash = split /\t/, (split /\n/, slurp("$res/iso/crashes.tsv"))[0] // '';
is($crash[0], 'rng', 'the crash is blamed on the device that was running');
like($crash[1] // '', qr/^robust\./, "the case the journal named is blamed ($crash[1])");
like($crash[2] // '', qr/SIGABRT/, "QEMU's message is kept ($crash[2])");

my $tap = slurp("$res/iso/rng.tap");
my ($plan) = $tap =~ /^1\.\.(\d+)$/m;
my @nums = $tap =~ /^(?:not )?ok (\d+) /mg;
is(scalar @nums, $plan, "every case reported once ($plan)");
is_deeply([sort { $a <=> $b } @nums], [1 .. $plan], 'numbered 1..plan without a gap or a repeat');
my $c = $crash[1] // 'none';
like($tap, qr/^not ok \d+ - \Q$c\E .* crashed\n  ---\n(?:.*\n)*?  severity: critical\n(?:.*\n)*?      seen: "[^"]*SIGABRT/m,
     'the crashed case: not ok, crashed, critical, with QEMU\'s message as evidence');
my ($self) = $tap =~ /^ok \d+ - robust\.split\.self_loop .* (\S+)$/m;
ok($self, "the cases before the crash came back through the journal (self_loop: $self)");
my @after = $tap =~ /^(?:not )?ok \d+ - (robust\.pci\.\S+) /mg;
ok(@after >= 10, 'the cases after the crash ran in the fresh boot (' . scalar(@after) . ' PCI cases)');
like(slurp("$res/iso/summary.txt"), qr/rng .* crashed in: \Q$c\E/, 'the summary names the crash');

# The resumed boot's result.json holds the whole device (vct run --resume-tap): the cases
# the journal carried out of the boot that died, the crashed one, the rest.
my $r = eval { decode_json(slurp("$res/iso/rng/result.json")) };
ok($r, 'rng/result.json from the resumed boot') or diag($@);
is(scalar @{ $r->{checks} // [] }, $plan, "result.json: every case ($plan), the ones before the crash too");
my %by = map { $_->{name} => $_ } @{ $r->{checks} // [] };
is($by{$c}{verdict}, 'crashed', 'result.json: the blamed case crashed');
like($by{'robust.split.self_loop'}{verdict} // '', qr/^(handled|needs-reset)$/,
     'result.json: a case from the boot that died, with its verdict');
my $sum = 0;
$sum += $r->{summary}{$_} // 0 for qw(pass fail skip known_quirk harness_error);
is($sum, $plan, 'result.json: the summary counts every case');

# A stall rather than a death (run.sh's TESTBED_STALL): QEMU frozen (SIGSTOP: neither its main
# loop nor the guest runs, as when a device model never lets go of QEMU's big lock) during a
# case: the test bed kills it once the guest wrote nothing and the monitor answered nothing for
# the limit, and the case is wedged, not crashed; the rest runs in a fresh boot. The
# signal lands a case or two late under load: whichever case the journal shows running is
# blamed. The cases that make virtio-rng generate 4 GiB (which can stall it on their own for
# longer than this test's short limit) and loop_tail are left out.
{
    local $ENV{TESTBED_KILL_DURING} = 'rng robust.split.self_loop';
    local $ENV{TESTBED_KILL_SIGNAL} = 'STOP';
    local $ENV{TESTBED_STALL} = 10;
    local $ENV{VCT_ARGS} = '--robustness --only robust.s[pt]*.[!l]*';
    my $t1 = time;
    my $sout = qx{testbed/isolate.sh --only rng --results '$res/stall' --timeout 300 2>&1};
    diag(sprintf 'stalled run took %.1f s', time - $t1);
    is($? >> 8, 0, 'stall: isolate.sh exit 0') or diag($sout);
    my @st = split /\t/, (split /\n/, slurp("$res/stall/crashes.tsv"))[0] // '';
    is($st[0] // '', 'rng', 'stall: blamed on the device that was running');
    like($st[1] // '', qr/^robust\.s(?:plit|tatus)\./, "stall: on the case running ($st[1])");
    is($st[3] // '', 'wedged', 'stall: wedged, not crashed');
    like($st[2] // '', qr/no guest output and no monitor answer for 10s/,
         "stall: the message says the guest made no progress and QEMU's monitor did not answer ($st[2])");
    my $sc = $st[1] // 'none';
    my $stap = slurp("$res/stall/rng.tap");
    like($stap, qr/^not ok \d+ - \Q$sc\E .* wedged\n  ---\n(?:.*\n)*?  severity: high\n/m,
         'stall: the case is not ok, wedged, severity high');
    my ($np) = $stap =~ /^1\.\.(\d+)$/m;
    my @sn = $stap =~ /^(?:not )?ok (\d+) /mg;
    is(scalar @sn, $np, "stall: every case reported once ($np)");
    like(slurp("$res/stall/summary.txt"), qr/rng .* crashed in: \Q$sc\E \(stalled\)/, 'stall: the summary says stalled');
}

# Lanes (TESTBED_LANES, make robustness runs 2): two devices' boots side by side, each lane
# claiming the next device; a crash in one lane costs that device a boot and leaves the other
# lane's device alone; the results folder holds every device as one sequential run would.
{
    local $ENV{TESTBED_LANES} = 2;
    local $ENV{TESTBED_KILL_DURING} = 'console robust.split.self_loop';
    local $ENV{VCT_ARGS} = '--robustness --only robust.split.[!l]*';
    my $t2 = time;
    my $lout = qx{testbed/isolate.sh --only rng,console --results '$res/lanes' --timeout 300 2>&1};
    diag(sprintf 'two lanes took %.1f s', time - $t2);
    is($? >> 8, 0, 'lanes: isolate.sh exit 0') or diag($lout);
    my %lane;
    $lane{$2} = $1 while $lout =~ /lane (\d+): (rng|console)$/mg;
    ok(defined $lane{rng} && defined $lane{console} && $lane{rng} != $lane{console},
       'lanes: each device claimed by a lane of its own');
    my @lc = split /\t/, (split /\n/, slurp("$res/lanes/crashes.tsv"))[0] // '';
    is($lc[0] // '', 'console', 'lanes: the crash is blamed on the device whose QEMU died');
    for my $d (qw(rng console)) {
        my $t = slurp("$res/lanes/$d.tap");
        my ($p) = $t =~ /^1\.\.(\d+)$/m;
        my @k = $t =~ /^(?:not )?ok (\d+) /mg;
        ok($p && @k == $p, "lanes: $d.tap holds every case once ($p)");
        my $j = eval { decode_json(slurp("$res/lanes/$d/result.json")) };
        is(scalar @{ $j->{checks} // [] }, $p // -1, "lanes: $d/result.json holds every case");
    }
    my $ls = slurp("$res/lanes/summary.txt");
    like($ls, qr/^# ---- isolated run: 3 boot\(s\) in 2 lanes ----$/m, 'lanes: the summary counts the boots of both lanes');
    like($ls, qr/^# console .* crashed in: \S+$/m, 'lanes: and names the crash');
    like($ls, qr/^# rng  \d+ ok, 0 not ok, vct-exit=0$/m, 'lanes: the other lane\'s device is whole and clean');
}

# A boot that came home without vct's TAP for a device (here vct refuses an --only that
# matches nothing, exit 2) is a test-bed failure, never a success: exit 4, NO TAP.
{
    local $ENV{VCT_ARGS} = '--robustness --only robust.no_such_case';
    my $nout = qx{testbed/isolate.sh --only rng --results '$res/notap' --timeout 300 2>&1};
    is($? >> 8, 4, 'no TAP from vct: isolate.sh exit 4') or diag($nout);
    like($nout, qr/^# no TAP from vct for rng \(vct exit: 2\)/m, 'no TAP: says so, with vct\'s exit');
    like(slurp("$res/notap/summary.txt"), qr/^# rng  NO TAP$/m, 'no TAP: the summary says so');
}

done_testing();
