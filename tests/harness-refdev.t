#!/usr/bin/perl
# The whole suite against the clean reference device of every type, built
# with AddressSanitizer and UndefinedBehaviorSanitizer: every check passes or
# SKIPs with a reason, the TAP stream parses, and the sanitizers stay silent.
use strict;
use warnings;
use Test::More;
use TAP::Parser;
use File::Basename qw(dirname);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $build = $ENV{BUILD} // 'build';
my $vct = "$build/vct-san";
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;

$ENV{ASAN_OPTIONS} = 'detect_leaks=1:abort_on_error=0:exitcode=99';
$ENV{UBSAN_OPTIONS} = 'print_stacktrace=1:halt_on_error=1:exitcode=98';

no warnings 'qw';	# the types with options (blk,ro) hold commas on purpose
for my $type (qw(rng blk blk,ro blk,zoned net console scsi balloon input gpu crypto mem pmem 9p gpio i2c vsock spi rtc rpmb rpmb,unkeyed sound)) {
    for my $mode ('', ' --no-fork') {
        my $err = "/tmp/vct-harness-$$.err";
        my $out = qx{$vct run refdev:$type$mode 2>$err};
        my $rc = $? >> 8;
        my $stderr = do { local (@ARGV, $/) = ($err); <> // '' };
        unlink $err;
        is($rc, 0, "refdev:$type$mode exits 0 (no MUST failure)") or diag($out);
        unlike($stderr, qr/AddressSanitizer|runtime error|LeakSanitizer/, "refdev:$type$mode: sanitizers silent")
            or diag($stderr);
        my @bad = grep { /^not ok/ } split /\n/, $out;
        is(scalar @bad, 0, "refdev:$type$mode: no 'not ok'") or diag(join "\n", @bad);
        like($out, qr/\ATAP version 14\n1\.\.(\d+)\n/, "refdev:$type$mode: TAP 14 header and plan");
        # Debian's TAP::Parser knows versions up to 13; 14 differs only by subtests we do not emit.
        (my $tap13 = $out) =~ s/\ATAP version 14/TAP version 13/;
        my $p = TAP::Parser->new({ tap => $tap13 });
        while (my $r = $p->next) { }
        ok(!$p->parse_errors && $p->tests_run == $p->tests_planned,
           "refdev:$type$mode: parses, " . $p->tests_run . ' of ' . ($p->tests_planned // '?') . ' test points')
            or diag(join "\n", $p->parse_errors);
        my @skips = grep { /# SKIP/ } split /\n/, $out;
        is(scalar(grep { !/# SKIP \S/ } @skips), 0, "refdev:$type$mode: every SKIP gives a reason");
        # ... and says whose limit it is (harness/runner/check.h).
        my @unprefixed = grep { !/# SKIP (not offered|spec|host action|device): \S/ } @skips;
        is(scalar @unprefixed, 0, "refdev:$type$mode: every SKIP reason starts with not offered:, spec:, host action: or device:")
            or diag(join "\n", @unprefixed);
    }
}
done_testing();
