#!/usr/bin/perl
# Live progress (issue 19 item 4): on a terminal, vct run, stress and fuzz
# show a status line on stderr (current check or counts so far, elapsed
# time); when stderr is not a terminal they write nothing extra. The
# terminal is a pty from util-linux's script(1).
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
plan skip_all => 'script(1) not installed (util-linux)' unless qx{sh -c 'command -v script'};
my $tmp = tempdir(CLEANUP => 1);
sub slurp { my ($f) = @_; local (@ARGV, $/) = ($f); <> // '' }

# What a terminal sees on stderr (stdout goes to a file), and what a pipe sees.
sub on_tty {
    my ($args) = @_;
    my $out = qx{TERM=xterm script -qec "$vct $args >$tmp/stdout" /dev/null 2>&1};
    return $out;
}
sub on_pipe {
    my ($args) = @_;
    system("$vct $args >$tmp/stdout 2>$tmp/stderr");
    return slurp("$tmp/stderr");
}

my %cases = (
    run    => [ "run refdev:blk --only 'ring.*'", qr/\[vct\] \d+\/\d+ ring\.\S+ \| \d+ pass, \d+ fail, \d+ skip, \d+ error \| \d+s/ ],
    stress => [ 'stress refdev:blk --time 2', qr/\[vct stress\] \d+s \d+ requests, \d+\/s, 0 problems/ ],
    fuzz   => [ "fuzz --device refdev:rng --engine builtin --time 2 --out $tmp/fz", qr/\[vct fuzz builtin\] +\d+s execs \d+/ ],
);
for my $c (sort keys %cases) {
    my ($args, $re) = @{ $cases{$c} };
    my $tty = on_tty($args);
    like($tty, $re, "vct $c: progress on a terminal");
    like($tty, qr/\r\e\[K/, "vct $c: the status line is redrawn in place");
    unlike(slurp("$tmp/stdout"), qr/\e\[K|\[vct( \w+)?\] /, "vct $c: none of it on stdout");
    my $pipe = on_pipe($args);
    unlike($pipe, qr/\e\[K|\[vct( \w+)?\] |\r/, "vct $c: nothing of it when stderr is not a terminal") or diag($pipe);
}
# VCT_PROGRESS forces it either way.
$ENV{VCT_PROGRESS} = 1;
like(on_pipe("run refdev:rng --only 'status.*'"), qr/\[vct\] \d+\/\d+ status\./, 'VCT_PROGRESS=1: progress through a pipe');
$ENV{VCT_PROGRESS} = 0;
unlike(on_tty("run refdev:rng --only 'status.*'"), qr/\[vct\]/, 'VCT_PROGRESS=0: none on a terminal');
delete $ENV{VCT_PROGRESS};
# TAP on the terminal is not garbled: each test point starts its own line.
my $both = qx{TERM=xterm script -qec "$vct run refdev:rng --only 'status.*'" /dev/null 2>&1};
$both =~ s/\r\e\[K(?:\[vct\][^\r\n]*)?//g;
like($both, qr/^ok 1 - status\./m, 'TAP points start their own lines between status lines');
done_testing();
