#!/usr/bin/perl
# Optional: render a report page in headless Chromium (Debian's `chromium`)
# and check it produces a screenshot and no console errors. Skipped when
# chromium is not installed.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my ($chromium) = grep { -x } map { "$_/chromium" } split /:/, $ENV{PATH};
plan skip_all => 'chromium not installed' unless $chromium;
my $dir = abs_path(tempdir(CLEANUP => 1));

system("$vct run refdev:blk,quirk=used-len-long --results $dir/r >/dev/null 2>&1");
system("$vct report $dir/r --out $dir/out >/dev/null 2>&1");
my ($page) = glob("$dir/out/*/*/report.html");
ok($page, 'report.html rendered') or BAIL_OUT('no report');
for my $p ($page, "$dir/out/index.html") {
    my $shot = "$dir/shot-" . int(rand(1e9)) . '.png';
    my $log = qx{timeout 60 $chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir=$dir/profile \\
        --enable-logging=stderr --v=0 --screenshot=$shot --window-size=1280,2000 file://$p 2>&1};
    ok(-s $shot, "$p: screenshot taken");
    my @console = grep { /CONSOLE\(|Uncaught|net::ERR_|Failed to load resource/ } split /\n/, $log;
    is_deeply(\@console, [], "$p: no console errors, nothing failed to load") or diag(join "\n", @console);
}
done_testing();
