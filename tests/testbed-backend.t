#!/usr/bin/perl
# The vhost-user back-end lifecycle in the test bed (issue 15 item 2):
# testbed/run.sh starts the back end a matrix line names (vhost=blk:
# qemu-storage-daemon, the guest's memory a shared memfd), vct checks its
# device in physical-address mode (libvhost-user has no IOTLB, so the device
# does not offer ACCESS_PLATFORM), and the result names the implementation.
# Then the back end is killed while vct runs a given check
# (TESTBED_KILL_BACKEND_DURING): that is a crash of the device under test, not
# a hang: testbed/isolate.sh records the check crashed with the back end's
# last words, boots again (a fresh back end) and runs the rest. Two boots.
# Then the same death in the middle of a fuzz campaign (make fuzz-testbed,
# TESTBED_KILL_BACKEND_DURING="DEVICE fuzz"): the device dying, with the
# program that was running saved and replayed in a fresh boot. Two more.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use File::Basename qw(dirname);
use Time::HiRes qw(time);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
require './tests/testbed-lib.pl';
my $build = testbed_prereqs();

my $res = tempdir('testbed-backend-XXXXXX', TMPDIR => 1, CLEANUP => 1);
open my $m, '>', "$res/matrix.conf" or die;
print $m "blk-qsd 0x11 vhost-user-blk-pci,chardev=\@ID\@-vu -chardev socket,id=\@ID\@-vu,path=\@SOCK\@ vhost=blk iommu=off\n";
close $m;
# A short run: the feature checks; the kill comes once the journal shows the
# first of them running. The host's watcher polls the journal (0.2 s), and on
# two loaded cores all eight checks ran out before it looked (CI, stop 24):
# vct pauses after naming that check (--pause-before), so the kill lands
# inside it whatever the load; the VM is taken down as soon as the death is
# seen, so the pause does not run out.
local $ENV{VCT_ARGS} = "--only features.* --pause-before features.version_1_offered --pause-ms 40000";
local $ENV{TESTBED_DEV_TIMEOUT} = 120;
local $ENV{TESTBED_KILL_BACKEND_DURING} = 'blk-qsd features.version_1_offered';
my $t0 = time;
my $out = qx{testbed/isolate.sh --matrix '$res/matrix.conf' --results '$res/iso' --timeout 300 2>&1};
my $rc = $? >> 8;
my $took = time - $t0;
diag(sprintf 'isolated run took %.1f s', $took);
is($rc, 0, 'isolate.sh exit 0: the device came home complete') or diag($out);
cmp_ok($took, '<', 600, 'nothing hung on the dead back end');
ok(-d "$res/iso/boot-2" && !-d "$res/iso/boot-3", 'two boots: the one whose back end died and the resumed one');
like(slurp("$res/iso/boot-1/backend-blk-qsd.txt") . slurp("$res/iso/boot-1.err"), qr/back end of blk-qsd|vhost-user back end/,
     'the death was seen on the host');

my @crash = split /\t/, (split /\n/, slurp("$res/iso/crashes.tsv"))[0] // '';
is($crash[0], 'blk-qsd', 'the crash is blamed on the device whose back end died');
like($crash[1] // '', qr/^features\./, "on the check the journal named when the death was seen ($crash[1])");
like($crash[2] // '', qr/vhost-user back end \(qemu-storage-daemon-[0-9.]+\) (exited|closed its connection)/, "the back end's last words are kept ($crash[2])");

my $tap = slurp("$res/iso/blk-qsd.tap");
my ($plan) = $tap =~ /^1\.\.(\d+)$/m;
my @nums = $tap =~ /^(?:not )?ok (\d+) /mg;
is(scalar @nums, $plan, "every check reported once ($plan)");
my $c = $crash[1] // 'none';
like($tap, qr/^not ok \d+ - \Q$c\E .*\n  ---\n(?:.*\n)*?      seen: "[^"]*qemu-storage-daemon/m,
     'the crashed check: not ok, with the back end as evidence');
unlike($tap, qr/outcome: harness-error/, 'no harness error (physical-address mode: no false failure either)');
like(slurp("$res/iso/blk-qsd.log") . slurp("$res/iso/boot-2/blk-qsd.log"), qr/physical-address DMA/,
     'vct ran the device in physical-address mode');
my $json = slurp("$res/iso/blk-qsd/result.json");
like($json, qr/"implementation": "qemu-storage-daemon-[0-9.]+"/, 'the result names the implementation and its version');

# Mid-fuzz: fuzz/testbed-fuzz.sh on the same line; the back end is killed once the campaign
# runs, unless the campaign takes it down first (qemu-storage-daemon's own vu_panic on a
# hostile ring is a finding in its own right): either way a death, not a hang.
{
    local $ENV{FUZZ_MATRIX} = "$res/matrix.conf";
    local $ENV{FUZZ_DEVICES} = 'blk-qsd';
    local $ENV{FUZZ_TIME} = 60;
    # No resumed boots after the death (testbed-fuzz.sh's FUZZ_RESUMES): the kill would come again in each.
    local $ENV{FUZZ_RESUMES} = 0;
    local $ENV{TESTBED_KILL_BACKEND_DURING} = 'blk-qsd fuzz';
    delete local $ENV{VCT_ARGS};
    $t0 = time;
    $out = qx{fuzz/testbed-fuzz.sh 2>&1};
    $rc = $? >> 8;
    $took = time - $t0;
}
diag(sprintf 'fuzz campaign took %.1f s', $took);
my ($fres) = $out =~ /^# results in (\S+)$/m;
ok(defined $fres && -d $fres, 'the campaign put its results somewhere') or diag($out);
$fres //= '/nonexistent';
is($rc, 0, 'testbed-fuzz.sh exit 0: the device that died is a finding, not a test-bed failure') or diag($out);
cmp_ok($took, '<', 600, 'nothing hung on the back end that died mid-campaign');
like($out, qr/^fuzz-testbed: blk-qsd took QEMU down \(the vhost-user back end \(qemu-storage-daemon-[0-9.]+\) (exited|closed its connection|ended the session)/m,
     "the back end's death is the device dying, in its own words");
my $died = slurp("$fres/findings-blk-qsd/device-died.txt");
like($died, qr/^# seen: the vhost-user back end \(qemu-storage-daemon/m, 'the finding keeps the back end as evidence');
ok(-s "$fres/findings-blk-qsd/device-died.bin", 'the program that was running is saved');
like($died, qr/^replay: QEMU survived|^replayed: QEMU died again/m, 'and replayed in a fresh boot (with a fresh back end)');
like($out, qr/^blk-qsd: the device's process died; see /m, 'the summary names the death');
# testbed-fuzz.sh writes under results/: this test's campaign goes with it.
system('rm', '-rf', '--', $fres) if $fres =~ m{^results/fuzz-[0-9-]+$};
done_testing();
