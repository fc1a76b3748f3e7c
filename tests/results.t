#!/usr/bin/perl
# `vct run --results DIR` writes result.json atomically: valid JSON of schema
# vct-result v2, one entry per TAP test point, marked complete.
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

my $tap = qx{$vct run refdev:blk,quirk=used-len-long --results $dir/r --label "refdev blk, quirk used-len-long" 2>/dev/null};
is($? >> 8, 1, 'a MUST failure exits 1');
my ($plan) = $tap =~ /^1\.\.(\d+)$/m;
my $raw = do { local (@ARGV, $/) = ("$dir/r/result.json"); <> };
my $r = eval { decode_json($raw) };
ok($r, 'result.json is JSON') or diag($@);
is($r->{schema}, 'vct-result', 'schema name');
is($r->{schema_version}, 2, 'schema version 2');
ok($r->{complete}, 'marked complete');
is(scalar @{ $r->{checks} }, $plan, "one entry per test point ($plan)");
is($r->{device}{pci_id}, '1af4:1042', 'device identity recorded');
is($r->{device}{label}, 'refdev blk, quirk used-len-long', 'user label recorded');
my @fails = grep { $_->{outcome} eq 'fail' } @{ $r->{checks} };
ok(@fails >= 1, scalar(@fails) . ' failures recorded');
ok(!grep({ !$_->{evidence} || !@{ $_->{evidence} } } @fails), 'every failure carries evidence');
is($r->{summary}{fail}, scalar @fails, 'summary agrees');
ok(!glob("$dir/r/*.tmp.*"), 'no temporary file left behind');
done_testing();
