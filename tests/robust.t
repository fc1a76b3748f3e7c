#!/usr/bin/perl
# The robustness suite (vct run --robustness, suites/robust/): every case gets
# a verdict as the last word of its TAP description and in its YAML block;
# the hardened reference device (the default) survives every case on every
# type (handled or needs-reset, exit 0); its fragile variants (the quirks
# wedge-on-loop, crash-huge-len, corrupt-readable-tail) show wedged, crashed
# and corrupted reachable, with the exit status of the documented precedence;
# the result file records mode and verdicts; the ASan+UBSan build agrees.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $b = $ENV{BUILD} // 'build';
my ($vct, $san) = ("$b/vct", "$b/vct-san");
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my $dir = tempdir(CLEANUP => 1);
my $verdicts = qr/handled|needs-reset|wedged|crashed|corrupted/;

sub run_cases {
    my ($bin, $target, @extra) = @_;
    my $tap = qx{$bin run $target --robustness @extra 2>$dir/err};
    my $rc = $? >> 8;
    my %v;
    my @points = $tap =~ /^((?:not )?ok \d+ - .*)$/mg;
    for (@points) {
        next if /# SKIP /;
        my ($name, $word) = /^(?:not )?ok \d+ - (\S+) .* (\S+)$/ or next;
        $v{$name} = $word;
    }
    return ($tap, $rc, \%v, scalar @points);
}

# The hardened device: every case on every type ends handled or needs-reset.
for my $t (qw(rng blk net console scsi balloon input gpu crypto mem pmem 9p gpio i2c vsock spi rtc rpmb sound)) {
    my ($tap, $rc, $v, $n) = run_cases($vct, "refdev:$t");
    my ($plan) = $tap =~ /^1\.\.(\d+)$/m;
    is($n, $plan, "$t: every case reported ($n)");
    is($rc, 0, "$t: exit 0 (hardened)");
    my @bad = grep { $v->{$_} !~ /^(handled|needs-reset)$/ } sort keys %$v;
    ok(!@bad, "$t: every case handled or needs-reset") or diag(join ', ', map { "$_ $v->{$_}" } @bad);
    ok(keys(%$v) >= 40, "$t: at least 40 cases apply (" . scalar(keys %$v) . ")");
    my @skips = $tap =~ /# SKIP (.*)$/mg;
    ok(!grep({ !/^(not offered|spec|host action|device): / } @skips), "$t: SKIP reasons carry a prefix");
    my @ok_yaml = $tap =~ /^ok \d+ - [^#\n]* $verdicts\n  ---\n  outcome: pass\n  statement: R-[0-9a-f]{8}\n  verdict: $verdicts\n/mg;
    is(scalar @ok_yaml, scalar keys %$v, "$t: every case with a verdict has it in its YAML block");
}

# Fragile variants: each bad verdict reachable, with its evidence.
{
    my ($tap, $rc, $v) = run_cases($vct, 'refdev:blk,quirk=wedge-on-loop');
    is($v->{'robust.split.self_loop'}, 'wedged', 'wedge-on-loop: a descriptor loop wedges the device');
    like($tap, qr/^not ok \d+ - robust\.split\.self_loop .* wedged\n  ---\n  outcome: fail\n(?:.*\n)*?  severity: high\n  health: "[^"]*a function-level reset does"/m,
         'wedged: not ok, severity high, the FLR brings it back');
    is($v->{'robust.split.next_ffff'}, 'needs-reset', 'wedge-on-loop: other violations still need a reset only');
    is($rc, 4, 'a wedged case and nothing else: exit 4');
}
{
    my ($tap, $rc, $v) = run_cases($vct, 'refdev:blk,quirk=crash-huge-len');
    is($v->{'robust.split.len_max'}, 'crashed', 'crash-huge-len: a 4 GiB descriptor crashes the device');
    like($tap, qr/^not ok \d+ - robust\.split\.len_max .* crashed\n  ---\n(?:.*\n)*?  severity: critical\n(?:.*\n)*?      seen: "refdev: the device's process died of SIGSEGV/m,
         'crashed: not ok, severity critical, the device\'s own last words as evidence');
    is($v->{'robust.packed.len_max'}, 'crashed', 'crash-huge-len: on the packed ring as well');
    like($v->{'robust.pci.queue_rings_overlap'} // '', qr/^(handled|needs-reset)$/,
         'crash-huge-len: the cases after a crash still run (a fresh device)');
    is($rc, 4, 'a crashed case: exit 4');
}
{
    my ($tap, $rc, $v) = run_cases($vct, 'refdev:blk,quirk=wedge-on-loop', "--only 'robust.packed.*'");
    is($v->{'robust.packed.list_longer_than_queue'}, 'wedged', 'wedge-on-loop: a packed list running round the ring wedges it');
    my ($tap2, $rc2, $v2) = run_cases($vct, 'refdev:blk,quirk=corrupt-readable-tail', "--only 'robust.packed.*'");
    is($v2->{'robust.packed.readable_after_writable'}, 'corrupted', 'corrupt-readable-tail: on the packed ring as well');
}

# Destructive cases (.destructive: they may leave the device unusable) run after every other case.
{
    my ($tap) = run_cases($vct, 'refdev:net');
    my @points = $tap =~ /^((?:not )?ok \d+ - .*\n(?:  .*\n)*)/mg;
    my @order = map { /  destructive: true/ ? 'D' : 'n' } @points;
    my $seq = join '', @order;
    ok(($seq =~ tr/D//) >= 7, 'net: at least seven destructive cases (' . ($seq =~ tr/D//) . ')');
    like($seq, qr/^n+D+$/, 'net: every destructive case after every other one');
    my ($last) = $points[-1] =~ /^(?:not )?ok \d+ - (\S+)/;
    is($last, 'robust.net.tx_header_short', 'net: the type\'s destructive case among them');
}
{
    my ($tap, $rc, $v) = run_cases($vct, 'refdev:blk,quirk=corrupt-readable-tail', "--results $dir/c");
    is($v->{'robust.split.readable_after_writable'}, 'corrupted', 'corrupt-readable-tail: corrupted');
    like($tap, qr/^not ok \d+ - robust\.split\.readable_after_writable .* corrupted\n  ---\n(?:.*\n)*?  device_statement: D-d61ea6f6\n/m,
         'corrupted: keyed to the device-side statement it breaks as well');
    is($rc, 1, 'a MUST-level device-side failure outranks the robustness exit: exit 1');
    my $r = decode_json(do { local (@ARGV, $/) = ("$dir/c/result.json"); <> });
    is($r->{mode}, 'robustness', 'result: mode robustness');
    my ($e) = grep { $_->{name} eq 'robust.split.readable_after_writable' } @{ $r->{checks} };
    is($e->{verdict}, 'corrupted', 'result: the verdict');
    is($e->{severity}, 'critical', 'result: the severity');
    is($e->{device_statement}, 'D-d61ea6f6', 'result: the device-side statement');
    ok($r->{summary}{robustness}{corrupted} >= 1, 'result: verdict counts in the summary');
}

# --only picks from the cases' table; a conformance check name is not a case.
{
    my $tap = qx{$vct run refdev:rng --robustness --only 'robust.split.*loop*' 2>/dev/null};
    like($tap, qr/^1\.\.4$/m, '--only selects robustness cases');
    system("$vct run refdev:rng --robustness --only 'status.*' >/dev/null 2>&1");
    is($? >> 8, 2, '--only matching no case: usage error');
}

# The sanitizer build runs the suite (the probe included) without a report.
SKIP: {
    skip "$san not built", 2 unless -x $san;
    my ($tap, $rc) = run_cases($san, 'refdev:blk,quirk=wedge-on-loop');
    is($rc, 4, 'ASan+UBSan: the same exit status');
    my $err = do { local (@ARGV, $/) = ("$dir/err"); <> } // '';
    unlike($err, qr/ERROR: AddressSanitizer|runtime error:/, 'ASan+UBSan: clean');
}

done_testing();
