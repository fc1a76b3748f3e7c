#!/usr/bin/perl
# Crash isolation keeps a resumed device's whole result (issue 18): the test
# bed's journal carries the TAP points a dead boot had finished; the resumed
# run (vct run --resume-after CHECK --resume-tap FILE) puts them into its
# result.json, summary and exit status as its own, ahead of the rest, without
# printing them again. Here a run's own journal stands in for the dead boot's:
# cut at a check in the middle, the resumed run's result must be the full
# run's, check for check, but for the one blamed (crashed). Both a robustness
# run (verdicts, evidence, device-side statements) and a conformance run
# (failures, SKIP reasons, a known quirk) go through it.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my $dir = tempdir(CLEANUP => 1);
sub slurp { local (@ARGV, $/) = @_; <> }
sub json { decode_json(slurp(shift)) }

# The journal's points up to (not including) CHECK, as testbed/isolate.sh cuts them.
sub cut_journal {
    my ($journal, $check) = @_;
    my (@out, @buf);
    for (split /\n/, slurp($journal)) {
        if (/^vct-run-check (\S+)/) {
            push @out, @buf;
            @buf = ();
            last if $1 eq $check;
            next;
        }
        push @buf, $_;
    }
    return join('', map { "$_\n" } @out);
}

open my $kq, '>', "$dir/known" or die;
print $kq "* ring.used_len_backed_by_writes a known quirk for this test\n";
close $kq;

my @runs = (
    [ 'robustness', 'refdev:blk,quirk=corrupt-readable-tail', '--robustness', 'robust.pci.ro_num_queues' ],
    [ 'conformance', 'refdev:blk,quirk=used-len-long', "--only 'ring.*' --known-quirks $dir/known", 'ring.indirect_after_direct' ],
);
for my $r (@runs) {
    my ($what, $target, $args, $cut) = @$r;
    my $full = "$dir/$what-full";
    system("$vct run $target $args --journal $full.journal --results $full >$full.tap 2>/dev/null");
    my $full_rc = $? >> 8;
    my $f = json("$full/result.json");
    my @names = map { $_->{name} } @{ $f->{checks} };
    my ($at) = grep { $names[$_] eq $cut } 0 .. $#names;
    ok(defined $at && $at > 5 && $at < $#names - 5, "$what: $cut is in the middle of the run") or next;

    my $prior = cut_journal("$full.journal", $cut);
    open my $p, '>', "$dir/$what.prior" or die;
    print $p $prior;
    close $p;
    my @prior_points = $prior =~ /^(?:not )?ok \d+ /mg;
    is(scalar @prior_points, $at, "$what: the journal holds the $at points before $cut");

    my $res = "$dir/$what-resumed";
    my $tap = qx{$vct run $target $args --resume-after $cut --crashed-message 'QEMU died here' --resume-tap $dir/$what.prior --results $res 2>/dev/null};
    my $rc = $? >> 8;
    my $g = json("$res/result.json");
    is_deeply([ map { $_->{name} } @{ $g->{checks} } ], \@names, "$what: the resumed result holds every check, in order");
    my @diff;
    for my $i (0 .. $#names) {
        next if $i == $at;
        my ($a, $b) = ($f->{checks}[$i], $g->{checks}[$i]);
        for my $k (sort keys %{ { %$a, %$b } }) {
            # A re-run check has its own time; a point without a YAML block (a pass) carries none.
            next if $k eq 'duration_ms' && ($i > $at || $a->{outcome} eq 'pass' || $a->{outcome} eq 'skip');
            my ($x, $y) = map { defined $_ ? JSON::PP->new->canonical->allow_nonref->encode($_) : 'undef' } $a->{$k}, $b->{$k};
            push @diff, "$names[$i].$k: $x vs $y" if $x ne $y;
        }
    }
    is_deeply(\@diff, [], "$what: every other check as the full run has it (outcome, reason, verdict, evidence)");
    my $c = $g->{checks}[$at];
    is($c->{verdict}, 'crashed', "$what: the blamed check is crashed");
    is($c->{evidence}[0]{seen}, 'QEMU died here', "$what: with QEMU's message");

    my %sf = %{ $f->{summary} };
    my %sg = %{ $g->{summary} };
    my $was = $f->{checks}[$at]{outcome};
    $sf{ $was eq 'known-quirk' ? 'known_quirk' : $was eq 'harness-error' ? 'harness_error' : $was }--;
    $sf{fail}++;
    if ($what eq 'robustness') {
        my %rf = %{ $sf{robustness} };
        (my $v = $f->{checks}[$at]{verdict}) =~ s/-/_/;
        $rf{$v}--;
        $rf{crashed}++;
        $sf{robustness} = \%rf;
    }
    is_deeply(\%sg, \%sf, "$what: the summary counts the earlier points (the full run's, one check now crashed)");
    ok($sg{known_quirk} > 0, "$what: a known quirk among the earlier points kept as one") if $what eq 'conformance';

    my @points = $tap =~ /^(?:not )?ok (\d+) /mg;
    is($points[0], $at + 1, "$what: the earlier points are not printed again (the first is ${cut}'s number)");
    like($tap, qr/^# $at points of the earlier boots/m, "$what: a comment says how many earlier points were kept");
    is($rc, $what eq 'robustness' ? 1 : $full_rc, "$what: the exit status covers the earlier points too");
}

# A stall instead of a death (the test bed killed a guest its device held): --resume-verdict wedged.
{
    my $tap = qx{$vct run refdev:blk --robustness --only 'robust.split.*' --resume-after robust.split.self_loop --crashed-message 'no progress for 240s' --resume-verdict wedged 2>/dev/null};
    is($? >> 8, 4, '--resume-verdict wedged: exit 4');
    like($tap, qr/^not ok 1 - robust\.split\.self_loop .* wedged\n  ---\n(?:.*\n)*?  severity: high\n(?:.*\n)*?      seen: "no progress for 240s"/m,
         '--resume-verdict wedged: the case is wedged (severity high), the message its evidence');
}

# --resume-tap needs --resume-after.
system("$vct run refdev:rng --resume-tap $dir/robustness.prior >/dev/null 2>&1");
is($? >> 8, 2, '--resume-tap without --resume-after: usage error');

done_testing();
