#!/usr/bin/perl
# The check tables are keyed to the statement table: every id exists and is
# device-side, no statement is claimed twice without a reason, and `vct
# coverage` ends with its summary line in every format.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use File::Basename qw(dirname);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;

my $err = qx{$vct checks --verify 2>&1};
is($? >> 8, 0, 'vct checks --verify: every check names a known device-side statement, once') or diag($err);

my @rows = grep { /\S/ } split /\n/, qx{$vct checks};
ok(@rows >= 40, scalar(@rows) . ' checks registered');
# D-: the virtio spec's statements; U-: the vhost-user protocol's (spec-refs/vhost-user-qemu-7.2.tsv).
is(scalar(grep { !/ [DU]-[0-9a-f]{8} / } @rows), 0, 'every check row carries a D- (or vhost-user U-) statement id');

my $text = qx{$vct coverage};
like($text, qr/\ncoverage: (\d+)\/(\d+) device-side MUST statements checked \((\d+) checkable\)\n\z/,
     'coverage ends with its summary line');
my ($n, $m, $k) = $text =~ /coverage: (\d+)\/(\d+) device-side MUST statements checked \((\d+) checkable\)/;
ok($n > 0 && $n <= $k && $k <= $m, "coverage figures are consistent ($n/$m, $k checkable)");

my $tsv = qx{$vct coverage --format tsv};
my @t = split /\n/, $tsv;
is($t[0], "area\tlevel\ttotal\tblackbox\tchecked\tcheckable\thost_action", 'tsv header (columns are added at the end, never renamed)');
my ($tot, $chk) = (0, 0);
for (@t[1 .. $#t]) { my @f = split /\t/; if ($f[1] eq 'MUST') { $tot += $f[2]; $chk += $f[4] } }
is("$chk/$tot", "$n/$m", 'tsv MUST rows add up to the text summary');

my $j = eval { decode_json(scalar qx{$vct coverage --format json}) };
ok($j && $j->{must} == $m && $j->{must_checked} == $n, 'json agrees with the text summary');
done_testing();
