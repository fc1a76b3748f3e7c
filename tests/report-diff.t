#!/usr/bin/perl
# vct report --diff between a clean refdev:blk run and a used-len-long run shows
# the regressions (and the reverse shows them fixed); --matrix lines results
# up per statement, failing statements first.
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

system("$vct run refdev:blk --results $dir/clean >/dev/null 2>&1");
system("$vct run refdev:blk,quirk=used-len-long --results $dir/quirk >/dev/null 2>&1");
my %new = map { $_->{name} => $_->{outcome} } @{ decode_json(slurp("$dir/quirk/result.json"))->{checks} };
my %old = map { $_->{name} => $_->{outcome} } @{ decode_json(slurp("$dir/clean/result.json"))->{checks} };
my @regressed = sort grep { $old{$_} eq 'pass' && $new{$_} eq 'fail' } keys %new;
ok(grep({ $_ eq 'ring.used_len_backed_by_writes' } @regressed), scalar(@regressed) . ' checks pass clean and fail with the quirk');

my $md = qx{$vct report --diff $dir/clean/result.json $dir/quirk/result.json --out $dir/d 2>$dir/err};
is($? >> 8, 0, 'diff exits 0');
like($md, qr/\*\*${\ scalar @regressed} regressed, 0 fixed/, 'counts the regressions');
my ($sec) = $md =~ /## Regressed \(pass -> fail\) \(\d+\)\n(.*?)(?:\n## |\z)/s;
my @listed = sort $sec =~ /^\| `([^`]+)` \|/mg;
is_deeply(\@listed, \@regressed, 'lists exactly the checks that went pass -> fail');
like($sec, qr/\| `ring\.used_len_backed_by_writes` \| D-6a2ebd0e \| MUST \| pass \| fail \| used len: \d+ \\?> \d+/,
     'with statement, level and the new evidence');
is(slurp("$dir/d/diff.md"), $md, 'diff.md written, same as printed');
my $h = slurp("$dir/d/diff.html");
like($h, qr/<h2>Regressed \(pass -&gt; fail\) \(\d+\)<\/h2>/, 'diff.html written');
is_deeply([ html_external_refs($h) ], [], 'diff.html is self-contained');

my $back = qx{$vct report --diff $dir/quirk/result.json $dir/clean/result.json --out $dir/d2 2>/dev/null};
like($back, qr/\*\*0 regressed, ${\ scalar @regressed} fixed/, 'the other way round they are fixed');

# A check only one side ran: new / removed.
system("$vct run refdev:blk --only 'status.*' --results $dir/few >/dev/null 2>&1");
my $nm = qx{$vct report --diff $dir/few/result.json $dir/clean/result.json --out $dir/d3 2>/dev/null};
like($nm, qr/## New checks \(\d+\)/, 'checks only in NEW are new');
my $rm = qx{$vct report --diff $dir/clean/result.json $dir/few/result.json --out $dir/d4 2>/dev/null};
like($rm, qr/## Removed checks \(\d+\)/, 'checks only in OLD are removed');

# --- matrix ---------------------------------------------------------------------------
system("$vct run refdev:net,quirk=net-num-buffers-zero --results $dir/net >/dev/null 2>&1");
my $mx = qx{$vct report --matrix $dir/clean $dir/quirk $dir/net --out $dir/m 2>/dev/null};
is($? >> 8, 0, 'matrix exits 0');
my @rows = grep { /^\| D-/ } split /\n/, $mx;
ok(@rows > 20, scalar(@rows) . ' statements in the matrix');
my ($first) = @rows;
my ($fails) = $first =~ /^\| D-\S+ \| [^|]+ \| [^|]+ \| (\d+) \|/;
ok($fails >= 1, 'statements some implementation fails come first');
like($mx, qr/^\| D-cd97207f \| MUST \| [^|]+ \| 1 \| skip \| skip \| FAIL \|$/m, 'net num_buffers: only the net column fails (blk skips it)');
like($mx, qr/^\| D-6a2ebd0e \| MUST \| [^|]+ \| 1 \| pass \| FAIL \| pass \|$/m, 'used len: only the quirky blk fails');
ok(-s "$dir/m/matrix.html" && -s "$dir/m/matrix.md", 'matrix.{md,html} written');
is_deeply([ html_external_refs(slurp("$dir/m/matrix.html")) ], [], 'matrix.html is self-contained');
done_testing();
