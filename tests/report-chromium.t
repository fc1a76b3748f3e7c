#!/usr/bin/perl
# vct report's HTML in a real browser: headless Chromium (Debian's chromium,
# installed by testbed/ensure-deps.sh like every other package make check
# needs) renders a failing device's page, a clean device's page and the
# index. For each page, one Chromium run gives the DOM after rendering
# (--dump-dom) and a screenshot: the DOM must show the verdict and the
# statement ids the page is about, no console error and nothing that failed
# to load; the screenshot must not be blank (many distinct colours) and must
# show the verdict box in its colour, so the inline CSS was applied.
use strict;
use warnings;
use Test::More;
use Compress::Zlib qw(uncompress);
use JSON::PP;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Cwd qw(abs_path);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my ($chromium) = grep { -x } map { "$_/chromium" } split /:/, $ENV{PATH};
die "chromium not installed: testbed/ensure-deps.sh installs it (make check does)\n" unless $chromium;
my $dir = abs_path(tempdir(CLEANUP => 1));
sub slurp { local (@ARGV, $/) = @_; <> }

# Distinct colours of an 8-bit RGB(A) PNG, read until $enough are seen and every colour of
# @want (packed RGB) has appeared: a page's top rows settle it, a blank page is read to the end.
sub png_colours {
    my ($file, $enough, @want) = @_;
    my $d = slurp($file);
    substr($d, 0, 8) eq "\x89PNG\r\n\x1a\n" or die "$file: not a PNG\n";
    my ($pos, $idat, $w, $h, $depth, $ctype) = (8, '');
    while ($pos + 8 <= length $d) {
        my ($len, $type) = unpack 'N a4', substr($d, $pos, 8);
        ($w, $h, $depth, $ctype) = unpack 'N N C C', substr($d, $pos + 8, $len) if $type eq 'IHDR';
        $idat .= substr($d, $pos + 8, $len) if $type eq 'IDAT';
        $pos += 12 + $len;
    }
    die "$file: not 8-bit RGB or RGBA\n" unless $depth == 8 && ($ctype == 2 || $ctype == 6);
    my $bpp = $ctype == 6 ? 4 : 3;
    my $raw = uncompress($idat) // die "$file: bad image data\n";
    my $stride = $w * $bpp;
    my @prev = (0) x $stride;
    my %col;
    for my $y (0 .. $h - 1) {
        my $f = ord substr($raw, $y * ($stride + 1), 1);
        my @cur = unpack 'C*', substr($raw, $y * ($stride + 1) + 1, $stride);
        for my $i (0 .. $stride - 1) {    # undo the row filter (PNG spec, section 9)
            next unless $f;
            my $a = $i >= $bpp ? $cur[$i - $bpp] : 0;
            my $b = $prev[$i];
            if    ($f == 1) { $cur[$i] = ($cur[$i] + $a) & 255 }
            elsif ($f == 2) { $cur[$i] = ($cur[$i] + $b) & 255 }
            elsif ($f == 3) { $cur[$i] = ($cur[$i] + (($a + $b) >> 1)) & 255 }
            else {
                my $c = $i >= $bpp ? $prev[$i - $bpp] : 0;
                my $p = $a + $b - $c;
                my ($pa, $pb, $pc) = (abs($p - $a), abs($p - $b), abs($p - $c));
                $cur[$i] = ($cur[$i] + ($pa <= $pb && $pa <= $pc ? $a : $pb <= $pc ? $b : $c)) & 255;
            }
        }
        $col{ pack 'C3', @cur[$_ * $bpp .. $_ * $bpp + 2] } = 1 for 0 .. $w - 1;
        @prev = @cur;
        last if keys %col >= $enough && !grep { !$col{$_} } @want;
    }
    return \%col;
}

# A failing device, a clean one, and the index over both.
system("$vct run refdev:blk,quirk=used-len-long --results $dir/bad --label 'used-len-long' >/dev/null 2>&1");
system("$vct run refdev:rng --results $dir/good --label clean >/dev/null 2>&1");
system("$vct report $dir/bad $dir/good --out $dir/out >/dev/null 2>&1");
my %stmts;
for my $k (qw(bad good)) {
    my $r = decode_json(slurp("$dir/$k/result.json"));
    $stmts{$k} = [ map { $_->{statement} } grep { $_->{outcome} eq 'fail' } @{ $r->{checks} } ];
}
ok(@{ $stmts{bad} } > 10, scalar(@{ $stmts{bad} }) . ' failed statements on the failing device');
my ($bad) = glob("$dir/out/*/*used-len-long/report.html");
my ($good) = glob("$dir/out/*/*clean/report.html");
ok($bad && $good, 'both pages rendered') or BAIL_OUT('no report pages');

my @pages = (
    # page, verdict text, its box colour, statement ids the page must show
    [ 'failing device', $bad, qr/NOT CONFORMANT: \d+ MUST-level failures/, pack('C3', 0xfd, 0xe2, 0xe1), $stmts{bad} ],
    [ 'clean device', $good, qr/CONFORMANT: no MUST- or SHOULD-level failure/, pack('C3', 0xdf, 0xf3, 0xe3), [] ],
    # The index: one row per device, and the combined quirk sheet naming the first deviation's statement.
    [ 'index', "$dir/out/index.html", qr/NOT CONFORMANT: \d+ MUST-level failures/, pack('C3', 0xfd, 0xe2, 0xe1),
      [ $stmts{bad}[0] ] ],
);
for my $p (@pages) {
    my ($what, $file, $verdict, $colour, $ids) = @$p;
    my $shot = "$dir/" . join('', map { chr(97 + rand 26) } 1 .. 8) . '.png';
    my $dom = qx{timeout 60 $chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir=$dir/profile \\
        --enable-logging=stderr --v=0 --window-size=1000,700 --screenshot=$shot --dump-dom file://$file 2>$dir/log};
    my $log = slurp("$dir/log");
    is($? >> 8, 0, "$what: chromium rendered it");
    like($dom, qr/class="(?:verdict )?(?:bad|good|warn)">$verdict/, "$what: the rendered DOM shows the verdict");
    my @missing = grep { index($dom, $_) < 0 } @$ids;
    is_deeply(\@missing, [], "$what: the rendered DOM shows the " . scalar(@$ids) . ' statement id(s) it is about');
    unlike($dom, qr/<script/i, "$what: no script in the DOM");
    my @console = grep { /CONSOLE\(|Uncaught|net::ERR_|Failed to load resource/ } split /\n/, $log;
    is_deeply(\@console, [], "$what: no console errors, nothing failed to load") or diag(join "\n", @console);
    ok(-s $shot, "$what: screenshot taken") or next;
    my $col = png_colours($shot, 32, $colour);
    ok(keys %$col >= 32, "$what: the screenshot is not blank (" . scalar(keys %$col) . '+ colours)');
    ok($col->{$colour}, "$what: the verdict box has its colour (the inline CSS applied)");
}
done_testing();
