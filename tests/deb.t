#!/usr/bin/perl
# make deb (issue 19 item 3): Debian's own tools build the vct package from a
# copy of the tree under build/, leaving the .deb in build/ and nothing outside
# build/; its contents and control data are what a user needs, and the packaged
# binary runs.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname basename);
use File::Temp qw(tempdir);
use Cwd qw(getcwd abs_path);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $build = $ENV{BUILD} // 'build';
my $tmp = tempdir(CLEANUP => 1);
my $parent = dirname(abs_path('.'));
my @before = sort glob("$parent/vct_*");
my $status_before = qx{git status --porcelain 2>/dev/null};

my $t0 = time;
my $log = qx{make -s deb BUILD=$build 2>&1};
my $rc = $? >> 8;
is($rc, 0, 'make deb succeeds') or diag(substr($log, -4000));
diag(sprintf 'make deb took %d s', time - $t0);
my ($deb) = glob("$build/vct_*.deb");
ok($deb && -f $deb, 'the package is in build/: ' . ($deb // 'none'));
BAIL_OUT('no package') unless $deb;

is_deeply([sort glob("$parent/vct_*")], \@before, 'nothing written beside the source tree (..)');
is(qx{git status --porcelain 2>/dev/null}, $status_before, 'the work tree is as it was (build/ is ignored)');

my $info = qx{dpkg-deb -I $deb};
like($info, qr/^ Package: vct$/m, 'control: Package vct');
like($info, qr/^ Architecture: \S+$/m, 'control: an architecture');
like($info, qr/^ Depends:.*\blibc6\b/m, 'control: shared-library dependencies from dh_shlibdeps');
like($info, qr/^ Depends:.*\blibpci3\b/m, 'control: libpci3 (device names)');
like($info, qr/^ Description: conformance test suite and fuzzer for virtio devices$/m, 'control: description');

my %files = map { (split ' ', $_)[-1] => 1 } split /\n/, qx{dpkg-deb -c $deb};
for my $f (qw(./usr/bin/vct ./usr/share/man/man1/vct.1.gz ./usr/share/bash-completion/completions/vct
              ./usr/share/vct/fuzz/corpus/rng/00-basic.bin ./usr/share/vct/fuzz/dict/net.dict
              ./usr/share/doc/vct/copyright ./usr/share/doc/vct/changelog.gz)) {
    ok($files{$f}, "contains $f");
}
ok(!grep({ m{^\./(?!usr/)} && $_ ne './' } keys %files), 'everything under /usr');

is(system('dpkg-deb', '-x', $deb, "$tmp/x"), 0, 'dpkg-deb -x unpacks it');
my ($ver) = $info =~ /^ Version: (\S+)$/m;
like(qx{$tmp/x/usr/bin/vct --version}, qr/^vct \Q$ver\E \(statements v1\.4-cs01\)$/, "the packaged vct runs: vct --version says $ver");
SKIP: {
    skip 'man not installed', 1 unless qx{sh -c 'command -v man'};
    like(qx{MANWIDTH=80 man -l $tmp/x/usr/share/man/man1/vct.1.gz 2>&1}, qr/EXIT STATUS/, 'the packaged man page renders');
}
done_testing();
