#!/usr/bin/perl
# End-to-end self-test of the test bed: boots the QEMU guest with the whole
# matrix and checks that every device in testbed/matrix.conf came back with a
# well-formed TAP 14 stream, that the devices reported are exactly the
# matrix's, and that vct's verdict on every check of every device is the one
# committed in testbed/expected/<device>.tsv (a verdict that is timing-
# dependent under TCG is listed there with the set it may take, and why).
# It runs the bed the way a QEMU-based CI pipeline would: --strict with
# known-quirks/qemu-7.2.txt, so every expected failure is a TODO and vct exits
# 0 on every device. A verdict that moves fails here: update the expected file
# (`make expected`) in the same commit, saying why.
#
# The further device types (testbed/matrix-types.conf, one device of each type
# QEMU 7.2 presents here) boot side by side with it, as `make demo` boots
# them: a second QEMU of one TCG thread on the second core, so the two boots
# cost about the time of the longer one. Their verdicts are pinned the same
# way, in testbed/expected/types/<device>.tsv (`make expected-types`).
use strict;
use warnings;
use Test::More;
use TAP::Parser;
use File::Temp qw(tempdir);
use File::Basename qw(dirname);
use Time::HiRes qw(time);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $build = $ENV{BUILD} // 'build';

# make check installs QEMU and builds the image first: their absence is a failure, not a SKIP.
die "qemu-system-x86_64 not installed (testbed/ensure-deps.sh installs it)\n"
    unless grep { -x "$_/qemu-system-x86_64" } split /:/, $ENV{PATH};
die "no test-bed image in $build/testbed (make testbed-image)\n"
    unless -f "$build/testbed/vmlinuz" && -f "$build/testbed/initramfs.cpio.gz";
use JSON::PP;
sub slurp { local (@ARGV, $/) = @_; <> }

# A matrix, read independently of testbed/lib.sh so the test is not checking
# the parser against itself: name and slot of each non-comment line, in order.
my %addr;
sub matrix {
    my ($file) = @_;
    my @n;
    open my $mf, '<', $file or die "$file: $!";
    while (<$mf>) {
        s/#.*//;
        next unless /\S/;
        my ($name, $slot) = split;
        push @n, $name;
        $addr{$name} = sprintf '0000:00:%02x.0', hex $slot;
    }
    close $mf;
    return @n;
}
my @names = matrix('testbed/matrix.conf');
my @tnames = matrix('testbed/matrix-types.conf');
ok(@names >= 4, 'matrix has at least 4 devices: ' . join(' ', @names));
ok(@tnames >= 7, 'matrix-types has the further types: ' . join(' ', @tnames));

# A hung vct is cut off per device in the guest, so the worst case stays
# under the host limit below (one limit per matrix device plus boot). The
# per-device limit leaves the longest suite (net, ~400 checks) room under a
# loaded TCG host; a device that hangs still costs at most that. The further
# types get 60 s each (balloon and keyboard wait on their host's events).
$ENV{TESTBED_DEV_TIMEOUT} //= 45;
my $host_limit = 60 + @names * $ENV{TESTBED_DEV_TIMEOUT};
my $types_limit = 60 + @tnames * 60;
# Results go to a private directory so the test never moves results/latest.
my $res = tempdir('testbed-boot-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $t0 = time;
my $known = 'known-quirks/qemu-7.2.txt';
# The further types in the background (8 devices with host actions: a longer VM limit).
# Its output goes to a file (a pipe nobody reads while the default run goes on could fill up).
my $tpid = fork() // die "fork: $!";
if (!$tpid) {
    open STDOUT, '>', "$res/types-run.txt" or die "$res/types-run.txt: $!";
    open STDERR, '>&', \*STDOUT;
    local $ENV{TESTBED_DEV_TIMEOUT} = 60;
    exec('testbed/run.sh', '--matrix', 'testbed/matrix-types.conf', '--results', "$res/types", '--timeout', $types_limit,
         '--strict', '--known-quirks', $known) or die "exec: $!";
}
my $out = qx{testbed/run.sh --results '$res' --timeout $host_limit --strict --known-quirks $known 2>&1};
my $rc = $? >> 8;
waitpid($tpid, 0);
my $trc = $? >> 8;
my $tout = slurp("$res/types-run.txt") // '';
diag(sprintf 'test bed ran in %.1f s (both boots)', time - $t0);    # a figure, not a test: time belongs in benchmarks
is($rc, 0, "testbed/run.sh --strict --known-quirks $known: exit 0 (boot ok, TAP from every device, no MUST failure but the known ones)")
    or diag($out);
is($trc, 0, "testbed/run.sh --matrix testbed/matrix-types.conf --strict --known-quirks $known: exit 0")
    or diag($tout);

for my $run ([ $out, \@names ], [ $tout, \@tnames ]) {
    my ($o, $n) = @$run;
    my @reported = $o =~ /^# device: (\S+) \(/mg;
    is_deeply(\@reported, $n, 'run.sh reported exactly the matrix devices, in order');
    for my $name (@$n) {
        like($o, qr/^# device: \Q$name\E \(.*addr=0x\Q${\ substr($addr{$name}, 8, 2)}\E.*disable-legacy=on,iommu_platform=on/m,
             "$name: qemu device pinned to its slot, modern-only, behind the vIOMMU");
    }
}

my %group_of;
for my $dev ((map { [ $_, $res, 'testbed/expected' ] } @names), (map { [ $_, "$res/types", 'testbed/expected/types' ] } @tnames)) {
    my ($name, $res, $expdir) = @$dev;
    subtest "device $name" => sub {
        my $file = "$res/$name.tap";
        ok(-s $file, "$name.tap exists and is not empty") or return;
        open my $fh, '<', $file or die "$file: $!";
        my $tap = do { local $/; <$fh> };
        close $fh;
        like($tap, qr/\ATAP version 14\n/, 'starts with "TAP version 14"');
        # Debian 12's TAP::Parser (Test::Harness 3.44) knows versions up to 13
        # and reports 14 as a parse error. TAP 14 is a superset that 13 parsers
        # read correctly (subtests are indented, so they are skipped), so parse
        # with the version line lowered and hold everything else to the parser.
        (my $as13 = $tap) =~ s/\ATAP version 14\n/TAP version 13\n/;
        my $p = TAP::Parser->new({ tap => $as13 });
        1 while $p->next;
        is_deeply([$p->parse_errors], [], 'TAP::Parser: no parse errors')
            or diag($tap);
        ok($p->plan, 'has a plan (' . ($p->plan // 'none') . ')');
        ok($p->is_good_plan, 'plan matches the test points');
        my $info = -r "$res/$name.info" ? do { local (@ARGV, $/) = "$res/$name.info"; <> } : '';
        like($info, qr/^\Q$addr{$name}\E group=(\d+)/m, "guest found it at $addr{$name}")
            and ($group_of{$name}) = $info =~ /group=(\d+)/;
        my $vrc = -r "$res/$name.rc" ? do { local (@ARGV, $/) = "$res/$name.rc"; <> } : 'none';
        chomp $vrc;
        is($vrc, '0', "vct exit $vrc (0: every failure is a known quirk of QEMU 7.2)");
        verdicts_ok($name, $res, $expdir);
        # Every SKIP says whose limit it is (harness/runner/check.h).
        my @bad = grep { !/# SKIP (not offered|spec|host action|device): \S/ } grep { /# SKIP/ } split /\n/, $tap;
        is(scalar @bad, 0, 'every SKIP reason starts with not offered:, spec:, host action: or device:')
            or diag(join "\n", @bad[0 .. ($#bad < 9 ? $#bad : 9)]);
    };
}

# Every check's verdict against testbed/expected/<name>.tsv (known-quirk is the failure it covers).
sub verdicts_ok {
    my ($name, $res, $expdir) = @_;
    my $exp = "$expdir/$name.tsv";
    ok(-r $exp, "$exp exists (make expected)") or return;
    my (%want, @bad);
    for (split /\n/, slurp($exp)) {
        next if /^#/ || !/\S/;
        my ($chk, $set, $why) = split /\t/;
        # The files merge as unions (.gitattributes): a verdict both sides of a
        # merge changed shows up as two lines, which must be resolved by hand.
        push @bad, "$chk: listed twice in $exp (merge leftover?)" if $want{$chk};
        $want{$chk} = { map { $_ => 1 } split /\|/, $set };
        push @bad, "$chk: '$set' may vary but gives no reason" if $set =~ /\|/ && ($why // '') !~ /\S/;
    }
    my $r = eval { decode_json(slurp("$res/$name/result.json")) };
    ok($r && $r->{complete}, "$name: a complete result.json") or return;
    my %got;
    for my $c (@{ $r->{checks} }) {
        (my $o = $c->{outcome}) =~ s/^known-quirk$/fail/;
        $got{ $c->{name} } = $o;
        push @bad, "$c->{name}: expected " . join('|', sort keys %{ $want{ $c->{name} } }) . ", got $o"
            . ($o eq 'fail' ? ' (' . join('; ', map { "$_->{what}: $_->{seen}" } @{ $c->{evidence} // [] }) . ')'
               : $c->{reason} ? " ($c->{reason})" : '')
            if $want{ $c->{name} } && !$want{ $c->{name} }{$o};
        push @bad, "$c->{name}: not in $exp (new check? got $o)" unless $want{ $c->{name} };
    }
    push @bad, "$_: in $exp but not run" for grep { !exists $got{$_} } sort keys %want;
    is_deeply(\@bad, [], "$name: every verdict as committed in $exp")
        or diag("update $exp with `make expected` in the commit that changes these verdicts, saying why:\n"
                . join("\n", @bad));
}

# VFIO hands out whole IOMMU groups: a device sharing its group with another
# matrix device could not be tested alone, so the bed must keep them apart.
my %seen;
my @shared = grep { $seen{$group_of{$_}}++ } grep { defined $group_of{$_} } @names;
%seen = ();
push @shared, grep { $seen{$group_of{$_}}++ } grep { defined $group_of{$_} } @tnames;
is_deeply(\@shared, [], 'every matrix device has an IOMMU group of its own')
    or diag(join ', ', map { "$_=group $group_of{$_}" } sort keys %group_of);

done_testing();
