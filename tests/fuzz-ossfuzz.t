#!/usr/bin/perl
# fuzz/oss-fuzz/build.sh, as OSS-Fuzz / ClusterFuzzLite call it: $CC, $CFLAGS,
# $LIB_FUZZING_ENGINE and $OUT from the environment (here the flags the
# infrastructure uses for an ASan build), into a fresh $OUT. Every target is
# there with its seed corpus, dictionary and options, and each runs a short
# budget from its seeds clean; the reference-device targets drive the device
# type they are named after although no environment variable says so.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
system('command -v clang >/dev/null') == 0
    or die "clang missing (testbed/ensure-deps.sh installs it): a build failure fails this test\n";
my $dir = tempdir(CLEANUP => 1);
my $out = "$dir/out";
local $ENV{CC} = 'clang';
local $ENV{CFLAGS} = '-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address '
    . '-fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link';
local $ENV{LIB_FUZZING_ENGINE} = '-fsanitize=fuzzer';
local $ENV{OUT} = $out;
local $ENV{WORK} = "$dir/work";
delete $ENV{VCT_FUZZ_DEVICE};
my $log = qx{fuzz/oss-fuzz/build.sh 2>&1};
is($? >> 8, 0, 'build.sh exits 0') or diag(substr($log, -3000));
ok(-d $out, '$OUT was created');

my @types = map { (split m{/})[-1] } grep { -d } glob('fuzz/corpus/*');
ok(@types >= 4, 'seed corpora for ' . scalar(@types) . ' device types');
for my $t (@types) {
    my $n = "vct_refdev_$t";
    ok(-x "$out/$n", "$n built");
    ok(-s "$out/${n}_seed_corpus.zip", "$n seed corpus zip");
    ok(-s "$out/$n.dict", "$n dictionary") if -r "fuzz/dict/$t.dict";
    like(slurp("$out/$n.options"), qr/^\[libfuzzer\]\nmax_len = \d+/, "$n options");
}
ok(-x "$out/vct_hostile", 'vct_hostile built');

# Each target from its seeds: a short budget, clean, the type compiled in.
local $ENV{ASAN_OPTIONS} = 'detect_leaks=0';
for my $t ('blk', 'net') {
    my $n = "vct_refdev_$t";
    my $seeds = "$dir/seeds-$t";
    mkdir $seeds;
    system('unzip', '-q', '-o', "$out/${n}_seed_corpus.zip", '-d', $seeds) == 0 or die "unzip failed\n";
    my $r = qx{mkdir -p $dir/c-$t && $out/$n -seed=1 -runs=300 -timeout=10 -artifact_prefix=$dir/ $dir/c-$t $seeds 2>&1};
    is($? >> 8, 0, "$n: 300 runs from its seeds, exit 0") or diag(substr($r, -2000));
    like($r, qr/Done 300 runs/, "$n completed the budget");
    unlike($r, qr/AddressSanitizer|runtime error|deadly signal/, "$n: sanitizers silent");
}
my $r = qx{$out/vct_hostile -seed=1 -runs=2000 -timeout=10 -artifact_prefix=$dir/ 2>&1};
is($? >> 8, 0, 'vct_hostile: 2000 runs, exit 0') or diag(substr($r, -2000));
unlike($r, qr/AddressSanitizer|runtime error|deadly signal/, 'vct_hostile: sanitizers silent');

# The built-in device really is the type in the name: the net target's binary says refdev:net.
like(slurp("$out/vct_refdev_net", 1), qr/refdev:net\0/, 'vct_refdev_net has refdev:net built in');
done_testing();

sub slurp {
    my ($f, $bin) = @_;
    open(my $fh, '<', $f) or return '';
    binmode $fh if $bin;
    local $/;
    return scalar <$fh>;
}
