#!/usr/bin/perl
# make install PREFIX=... DESTDIR=... (issue 19 item 2): the binary, its run-time
# data, the man page and the bash completion land under DESTDIR/PREFIX; `man vct`
# finds the page; the installed vct runs from anywhere and finds its data.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(getcwd);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $build = $ENV{BUILD} // 'build';
die "$build/vct not built: a build failure fails this test (make $build/vct)\n" unless -x "$build/vct";
my $tmp = tempdir(CLEANUP => 1);
my $root = "$tmp/root";

my $log = qx{make -s install BUILD=$build PREFIX=/usr DESTDIR=$root 2>&1};
is($?, 0, 'make install PREFIX=/usr DESTDIR=... succeeds') or diag($log);
ok(-x "$root/usr/bin/vct", 'the binary: usr/bin/vct');
ok(-f "$root/usr/share/man/man1/vct.1", 'the man page: usr/share/man/man1/vct.1');
ok(-f "$root/usr/share/bash-completion/completions/vct", 'the bash completion');
ok(-f "$root/usr/share/vct/fuzz/corpus/rng/00-basic.bin", 'the seed corpora: usr/share/vct/fuzz/corpus');
ok(-f "$root/usr/share/vct/fuzz/dict/blk.dict", 'the dictionaries: usr/share/vct/fuzz/dict');
is(system('cmp', '-s', "$root/usr/share/man/man1/vct.1", 'man/vct.1'), 0, 'the installed page is man/vct.1');

SKIP: {
    skip 'man not installed', 1 unless qx{sh -c 'command -v man'};
    my $page = qx{MANPATH=$root/usr/share/man MANWIDTH=80 man vct 2>&1};
    like($page, qr/NAME\s+vct - conformance test suite/, 'man vct finds the installed page');
}

# The installed binary, run from elsewhere, finds its data beside it.
my $here = getcwd();
chdir($tmp) or die;
like(qx{$root/usr/bin/vct --version}, qr/^vct \S+ \(statements v1\.4-cs01\)$/, 'the installed vct runs');
my $err = qx{$root/usr/bin/vct fuzz --device refdev:rng --engine builtin --runs 20 --out $tmp/fz 2>&1 >/dev/null};
like($err, qr{seed programs from \Q$root\E/usr/share/vct/fuzz/corpus/rng}, 'vct fuzz reads its seeds from PREFIX/share/vct') or diag($err);
chdir($here) or die;

# Nothing outside DESTDIR: a staged install touches no system folder.
ok(!-e '/usr/share/vct/fuzz/corpus/rng/00-basic.bin' || -M '/usr/share/vct/fuzz/corpus/rng/00-basic.bin' > 0.001,
   'nothing written to the real /usr');
done_testing();
