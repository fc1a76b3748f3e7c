#!/usr/bin/perl
# Robustness verdicts in the reports: for robustness runs of the reference
# device's fragile variants (a crashed and a corrupted case among handled and
# needs-reset ones), HTML and Markdown each have a "Robustness verdicts"
# section listing every case with a verdict exactly once, bad verdicts first,
# with counts that agree with the result; JUnit gives each bad verdict a
# failure of that type (the acceptable ones pass); the result JSON has the
# verdict counts in a section of their own (summary.robustness) matching its
# checks. A conformance result gets none of this.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
require './tests/report-lib.pl';
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my $dir = tempdir(CLEANUP => 1);

my %runs = (
    crash   => "refdev:blk,quirk=crash-huge-len --robustness",
    corrupt => "refdev:blk,quirk=corrupt-readable-tail --robustness",
    conform => "refdev:rng --only 'status.*'",
);
system("$vct run $runs{$_} --results $dir/$_ --label 'report $_' >/dev/null 2>&1") for sort keys %runs;
my $out = qx{$vct report $dir/crash $dir/corrupt $dir/conform --out $dir/out 2>$dir/err};
is($? >> 8, 0, 'vct report exits 0') or diag(slurp("$dir/err"));

my @order = qw(crashed corrupted wedged needs-reset handled);
my %rank = map { $order[$_] => $_ } 0 .. $#order;

for my $name (sort keys %runs) {
    my $r = decode_json(slurp("$dir/$name/result.json"));
    my @cases = grep { $_->{verdict} } @{ $r->{checks} };
    my %n;
    $n{ $_->{verdict} }++ for @cases;
    my ($md) = grep { slurp($_) =~ /\Qreport $name\E/ } glob("$dir/out/*/*/report.md");
    ok($md, "$name: report.md found") or next;
    (my $d = $md) =~ s{/report\.md$}{};
    my ($m, $h, $x) = map { slurp("$d/$_") } qw(report.md report.html junit.xml);

    if ($name eq 'conform') {
        ok(!@cases, 'conformance: no check has a verdict');
        ok(!exists $r->{summary}{robustness}, 'conformance JSON: no robustness section');
        unlike($m, qr/Robustness verdicts/, 'conformance Markdown: no robustness section');
        unlike($h, qr/Robustness verdicts/, 'conformance HTML: no robustness section');
        unlike($x, qr/message="robustness:/, 'conformance JUnit: no robustness failure');
        next;
    }
    my $bad = $name eq 'crash' ? 'crashed' : 'corrupted';
    ok($n{$bad}, "$name: the run has a $bad case");

    # JSON: its own section, agreeing with the checks.
    is($r->{mode}, 'robustness', "$name JSON: mode robustness");
    is_deeply($r->{summary}{robustness},
              { handled => $n{handled} // 0, needs_reset => $n{'needs-reset'} // 0, wedged => $n{wedged} // 0,
                crashed => $n{crashed} // 0, corrupted => $n{corrupted} // 0 },
              "$name JSON: summary.robustness counts each verdict of checks[]");

    # Markdown: the section, its counts, one row per case, worst first.
    my ($msec) = $m =~ /^(## Robustness verdicts \(\d+\)\n.*?)(?=^## |\z)/ms;
    ok($msec, "$name Markdown: a Robustness verdicts section") or next;
    like($msec, qr/^## Robustness verdicts \(${\ scalar @cases}\)$/m, "$name Markdown: the heading counts every case");
    my $line = join ', ', map { ($n{$_} // 0) . " $_" } @order;
    like($msec, qr/^\Q$line\E\./m, "$name Markdown: the count line agrees with the result");
    my @rows = $msec =~ /^\| `([^`]+)` \| (R-[0-9a-f]{8}) \| ([a-z-]+) \|/mg;
    my (%row, @seq);
    while (my ($case, $stmt, $v) = splice(@rows, 0, 3)) {
        $row{$case}++;
        push @seq, $rank{$v};
    }
    is_deeply(\%row, { map { $_->{name} => 1 } @cases }, "$name Markdown: every case with a verdict in one row");
    is_deeply(\@seq, [ sort { $a <=> $b } @seq ], "$name Markdown: bad verdicts first, worst first");

    # HTML: the same section.
    my ($hsec) = $h =~ m{(<h2>Robustness verdicts \(\d+\)</h2>.*?</table>)}s;
    ok($hsec, "$name HTML: a Robustness verdicts section") or next;
    like($hsec, qr{<h2>Robustness verdicts \(${\ scalar @cases}\)</h2>}, "$name HTML: the heading counts every case");
    my @hrows = $hsec =~ m{<tr><td><code>([^<]+)</code></td><td>R-[0-9a-f]{8}</td><td class="o-(?:fail|pass)">([a-z-]+)</td>}g;
    is(scalar @hrows, 2 * @cases, "$name HTML: one row per case");
    my ($first_case, $first_v) = @hrows[0, 1];
    is($first_v, $bad, "$name HTML: the first row is the $bad case ($first_case)");

    # JUnit: a failure typed by the verdict for each bad one; acceptable verdicts pass.
    my $tree = eval { xml_parse($x) };
    ok($tree, "$name: junit.xml is well-formed") or next;
    is_deeply([ junit_problems($tree) ], [], "$name: junit.xml follows the Jenkins JUnit schema");
    my ($ts) = grep { $_->{name} eq 'testsuite' } @{ $tree->{kids} };
    my %tc = map { $_->{attr}{name} => $_ } grep { $_->{name} eq 'testcase' } @{ $ts->{kids} };
    for my $c (@cases) {
        my ($f) = grep { $_->{name} eq 'failure' } @{ $tc{ $c->{name} }{kids} // [] };
        if ($c->{verdict} =~ /^(handled|needs-reset)$/) {
            ok(!$f, "$name JUnit: $c->{name} ($c->{verdict}) passes") if $c->{outcome} eq 'pass';
            next;
        }
        ok($f, "$name JUnit: $c->{name} has a failure") or next;
        is($f->{attr}{type}, $c->{verdict}, "$name JUnit: its type is the verdict ($c->{verdict})");
        like($f->{attr}{message}, qr/^robustness: \Q$c->{verdict}\E \((?:critical|high)\) after breaking \Q$c->{statement}\E/,
             "$name JUnit: its message names the severity and the rule broken");
    }
}

done_testing();
