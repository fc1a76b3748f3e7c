#!/usr/bin/perl
# Gate: vct's transport parsing (capability walk), negotiation, queue setup and
# used-entry handling against the hostile device run a fixed budget of
# executions clean under ASan/UBSan: no crash, no hang, no out-of-bounds read.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $build = $ENV{BUILD} // 'build';
my $bin = "$build/fuzz/libfuzzer-hostile";
die "$bin not built (needs clang + libFuzzer: make $bin): a build failure fails this test\n" unless -x $bin;
my $dir = tempdir(CLEANUP => 1);
local $ENV{ASAN_OPTIONS} = 'detect_leaks=1';
my $runs = 30000;
my $out = qx{$bin -seed=1 -runs=$runs -timeout=5 -artifact_prefix=$dir/ $dir 2>&1};
is($? >> 8, 0, "hostile device: $runs executions, exit 0") or diag(substr($out, -3000));
like($out, qr/Done $runs runs/, 'libFuzzer completed the budget');
unlike($out, qr/AddressSanitizer|runtime error|LeakSanitizer|deadly signal|timeout/, 'sanitizers silent');
done_testing();
