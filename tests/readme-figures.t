#!/usr/bin/perl
# Issue 10 item 15: the README cannot drift from the binary. The figures the
# binary prints (check count, coverage table and summary lines) live in
# generated regions that must equal what tests/readme-figures.pl makes of
# build/vct (refresh with `make readme`), and every option of `vct --help` and
# of `vct refdev` is documented in README.md.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
BAIL_OUT("$vct not built (a build failure is a failure)") unless -x $vct;

my $out = qx{perl tests/readme-figures.pl --check --vct $vct README.md 2>&1};
is($? >> 8, 0, 'README.md generated figures equal what the binary prints (else: make readme)') or diag($out);

# The generator itself: a stale figure is caught and rewritten, text outside the regions kept.
my $tmp = tempdir(CLEANUP => 1);
open(my $in, '<', 'README.md') or die "README.md: $!";
my $readme = do { local $/; <$in> };
close $in;
my $nchecks = () = grep { /\S/ } split /\n/, qx{$vct checks};
(my $stale = $readme) =~ s/(<!-- gen:checks -->)\d+/${1}999/ or die 'no checks region';
$stale =~ s/(coverage: )\d+/${1}9999/ or die 'no coverage line';
open(my $o, '>', "$tmp/R.md") or die; print $o $stale; close $o;
$out = qx{perl tests/readme-figures.pl --check --vct $vct $tmp/R.md 2>&1};
is($? >> 8, 1, 'a stale check count and coverage line are caught');
like($out, qr/run `make readme`/, '... with the fix named');
qx{perl tests/readme-figures.pl --write --vct $vct $tmp/R.md};
open($in, '<', "$tmp/R.md") or die; my $fixed = do { local $/; <$in> }; close $in;
is($fixed, $readme, '--write restores exactly the committed README (text outside the regions untouched)');
like($fixed, qr/<!-- gen:checks -->$nchecks<!-- \/gen:checks -->/, "the check count is the binary's ($nchecks)");
unlike($readme, qr/\b(169|172) checks/, 'no stale check count outside the generated regions');

open($o, '>', "$tmp/bad.md") or die; print $o "x <!-- gen:nope -->1<!-- /gen:nope -->\n"; close $o;
$out = qx{perl tests/readme-figures.pl --check --vct $vct $tmp/bad.md 2>&1};
ok($? >> 8 == 2 && $out =~ /unknown region 'nope'/, 'an unknown region is an error, not ignored');

# Options: everything `vct --help` and `vct help COMMAND` offer, and every refdev option, is in README.md.
my $help = qx{$vct --help};
$help .= qx{$vct help $_} for $help =~ /^  (\w+) {2,}/mg;
my %opt = map { $_ => 1 } $help =~ /(?<![\w-])(--[a-z][a-z-]+)/g;
ok(keys(%opt) >= 10, scalar(keys %opt) . ' options in vct --help');
for (sort keys %opt) {
	like($readme, qr/\Q$_\E(?![\w-])/, "README documents $_");
}
for my $o (qw(--runs --seed --journal --reasons)) {
	like($readme, qr/\Q$o\E(?![\w-])/, "README documents $o");
}
my @ro = map { (split /\t/)[1] } grep { /^option\t/ } split /\n/, qx{$vct refdev};
ok(@ro >= 3, 'vct refdev names ' . scalar(@ro) . ' options besides quirk=NAME');
for ('quirk', @ro) {
	like($readme, qr/\| `\Q$_\E[=`]/, "README's refdev option table has $_");
}
done_testing();
