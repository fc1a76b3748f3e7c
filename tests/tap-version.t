#!/usr/bin/perl
# --tap-version 13|14 on every command that writes TAP (issue 19 item 1).
# Debian 12's prove (Test::Harness 3.44) knows TAP up to version 13: with
# --tap-version 13 it must read vct's streams with no parse error; the default
# stays 14 and nothing but the version line changes.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my $tmp = tempdir(CLEANUP => 1);

sub slurp { my ($f) = @_; local (@ARGV, $/) = ($f); <> // '' }

# Debian's prove on the stream, as the README shows: prove --exec cat FILE.
sub prove_file {
    my ($file) = @_;
    my $out = qx{prove --exec cat $file 2>&1};
    return ($? >> 8, $out);
}

# A clean run: prove passes it.
system("$vct run refdev:rng --tap-version 13 > $tmp/rng13.tap 2>/dev/null");
is($? >> 8, 0, 'vct run refdev:rng --tap-version 13 exits 0');
like(slurp("$tmp/rng13.tap"), qr/\ATAP version 13\n1\.\.\d+\n/, 'the stream starts with TAP version 13');
my ($rc, $out) = prove_file("$tmp/rng13.tap");
is($rc, 0, "Debian's prove passes the TAP 13 stream of a clean refdev run") or diag($out);
like($out, qr/Result: PASS/, 'prove: Result: PASS');

# A failing run with YAML evidence blocks: prove reads every test point, no parse error.
system("$vct run refdev:blk,quirk=used-len-long --tap-version 13 > $tmp/blk13.tap 2>/dev/null");
is($? >> 8, 1, 'a MUST failure still exits 1');
($rc, $out) = prove_file("$tmp/blk13.tap");
isnt($rc, 0, 'prove fails the run that failed');
unlike($out, qr/Parse errors/, 'prove finds no parse error in a stream with failures and YAML blocks') or diag($out);
my ($plan) = slurp("$tmp/blk13.tap") =~ /^1\.\.(\d+)$/m;
like($out, qr/Tests=$plan\b/, "prove read all $plan test points");

# The default is 14, and the two streams differ only in the version line.
system("$vct run refdev:blk,quirk=used-len-long > $tmp/blk14.tap 2>/dev/null");
my ($s13, $s14) = (slurp("$tmp/blk13.tap"), slurp("$tmp/blk14.tap"));
like($s14, qr/\ATAP version 14\n/, 'default: TAP version 14');
s/\A(TAP version 1[34]\n)// for $s13, $s14;
s/duration_ms: \d+/duration_ms: N/g for $s13, $s14;
is($s13, $s14, 'only the version line differs');
($rc, $out) = prove_file("$tmp/blk14.tap");
like($out, qr/TAP specified version 14/, "Debian's prove still stops at version 14 (why the option exists)");

# vct repro and vct fuzz --roundtrip write TAP too.
my $prog = 'fuzz/corpus/rng/00-basic.bin';
system("$vct repro $prog --device refdev:rng --tap-version 13 > $tmp/repro.tap 2>/dev/null");
like(slurp("$tmp/repro.tap"), qr/\ATAP version 13\n/, 'vct repro --tap-version 13');
($rc, $out) = prove_file("$tmp/repro.tap");
is($rc, 0, "prove passes a repro that reproduces nothing") or diag($out);
system("$vct fuzz --roundtrip $prog --tap-version 13 > $tmp/rt.tap 2>/dev/null");
like(slurp("$tmp/rt.tap"), qr/\ATAP version 13\n/, 'vct fuzz --roundtrip --tap-version 13');
($rc, $out) = prove_file("$tmp/rt.tap");
is($rc, 0, 'prove passes the roundtrip stream') or diag($out);

# A strict TAP 14 consumer (Debian's node-tap-parser) reads the default streams
# with no parse error: a clean run, a run with failures and YAML blocks, a repro.
SKIP: {
    my $node = qx{sh -c 'command -v node || command -v nodejs'};
    chomp $node;
    skip 'nodejs / node-tap-parser not installed (make check installs them)', 9
        unless $node && -d '/usr/share/nodejs/tap-parser';
    system("$vct run refdev:rng > $tmp/rng14.tap 2>/dev/null");
    system("$vct repro $prog --device refdev:rng > $tmp/repro14.tap 2>/dev/null");
    for my $f (qw(rng14 blk14 repro14)) {
        my $j = qx{NODE_PATH=/usr/share/nodejs $node tests/tap14-parse.js $tmp/$f.tap 2>&1};
        my ($count, $plan) = $j =~ /"count":(\d+),"plan":(\d+)/;
        like($j, qr/"errors":\[\]/, "tap-parser: no parse error in the $f stream") or diag($j);
        ok(defined $count && $count == $plan, "tap-parser: every test point of $f read (" . ($count // '?') . ')');
        like($j, $f eq 'blk14' ? qr/"ok":false/ : qr/"ok":true/, "tap-parser: the $f verdict");
    }
}
done_testing();
