#!/usr/bin/perl
# vct report on a hostile result file: every string field (check names,
# statement ids, levels, clauses, reasons, evidence, label, target, device
# names, versions, timestamps, fuzzer findings, the file's own path) holds
# markup and syntax of every output format, control characters and bytes that
# are not UTF-8. Each renderer must keep it text in its own syntax:
#   HTML     parsed by libxml2's HTML parser: no element or attribute comes
#            from the input, the strings are there as text;
#   JUnit    well-formed XML 1.0, valid against the vendored junit-10.xsd,
#            names read back as written (invalid bytes as U+FFFD, controls
#            as their pictures);
#   Markdown rendered by cmark-gfm with raw HTML allowed: no element from the
#            input, every table row keeps its cells, code spans keep their
#            backticks;
#   TSV      one line per row, the same number of fields on every row.
# And every output is valid UTF-8.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use Encode qw(decode FB_CROAK);
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
require './tests/report-lib.pl';
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
for my $tool (qw(xmllint cmark-gfm)) {
    die "$tool missing: testbed/ensure-deps.sh installs it (make check does)\n"
        unless grep { -x "$_/$tool" } split /:/, $ENV{PATH};
}
my $dir = tempdir(CLEANUP => !$ENV{VCT_KEEP_TMP});
my $xsd = 'reports/schema/junit-10.xsd';

# The hostile string; INVALID is replaced by raw bytes that are not UTF-8 after encoding.
my $H = "<script>alert(1)</script> ]]> <![CDATA[x]]> ``` `x` `` | a | b |\ttab\nnew\r\nline \x01\x1b[31m\x7f "
      . "& &amp; &#0; \"q\" 'a' # h - l 1. x > q [l](http://e.x/) ![i](http://e.x/i.png) <img src=x onerror=alert(1)> "
      . "*e* _u_ ~~s~~ \\ {b} <!-- c --> \x{202e}rtl INVALID";
my $bad = "\xff\xfe\xc0\x80\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82";    # invalid start, overlong, surrogate, > U+10FFFF, truncated

system("$vct run refdev:blk,quirk=used-len-long --results $dir/base >/dev/null 2>&1");
my $r = decode_json(slurp("$dir/base/result.json"));
my $i = 0;
for my $c (@{ $r->{checks} }) {
    $i++;
    $c->{name} = "$H $i";
    $c->{reason} = $H;
    # Half the checks name a statement this vct does not know: level and clause come from the file.
    if ($i % 2) {
        $c->{statement} = "D-$H";
        $c->{level} = $H;
        $c->{clause} = $H;
    }
    for my $e (@{ $c->{evidence} // [] }) { $e->{$_} = $H for qw(what expected seen at) }
}
$r->{$_} = $H for qw(vct_version spec_version started ended target);
$r->{device}{$_} = $H for qw(label vendor_name device_name subsystem_name subsystem_vendor_name address virtio_type_name);
$r->{device}{names_source} = 'libpci';
$r->{findings} = [ { title => $H } ];
my $json = JSON::PP->new->utf8->canonical->pretty->encode($r);
$json =~ s/INVALID/$bad/g;
my $hdir = "$dir/in <script>|`x`\tdir";
mkdir $hdir or die "$hdir: $!";
open my $fh, '>:raw', "$hdir/result.json" or die $!;
print $fh $json;
close $fh;

my $out = qx{$vct report '$hdir/result.json' --out $dir/out 2>$dir/err};
is($? >> 8, 0, 'vct report renders the hostile result') or diag(slurp("$dir/err"));
my ($page) = glob("$dir/out/*/*/report.html");
ok($page, 'report.html written') or BAIL_OUT('nothing rendered');
(my $pdir = $page) =~ s{/report\.html$}{};
my @files = ("$pdir/report.html", "$pdir/report.md", "$pdir/junit.xml", map { "$dir/out/$_" } qw(index.html index.md junit.xml quirks.md quirks.tsv));

# What a reader must see: the string read as UTF-8, invalid bytes as U+FFFD, controls as pictures.
# Each byte that cannot start or continue a valid sequence is one U+FFFD: 13 for $bad.
(my $seen = $H) =~ s/INVALID/"\x{fffd}" x 13/e;
$seen =~ s/([\x00-\x08\x0b\x0c\x0e-\x1f])/chr(0x2400 + ord $1)/ge;
$seen =~ s/\x7f/\x{2421}/g;

for my $f (@files) {
    (my $short = $f) =~ s{^\Q$dir\E/out/}{};
    my $raw = slurp($f);
    ok(eval { decode('UTF-8', $raw, FB_CROAK); 1 }, "$short: valid UTF-8");
    ok($raw !~ /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/, "$short: no control characters but tab, newline and CR");
}

# --- HTML: libxml2's HTML parser sees only vct's own elements and attributes ---------------------------
for my $f ("$pdir/report.html", "$dir/out/index.html") {
    (my $short = $f) =~ s{^\Q$dir\E/out/}{};
    my $n = sub { my $x = qx{xmllint --html --xpath '$_[0]' '$f' 2>/dev/null}; chomp $x; $x };
    is($n->('count(//script|//img|//iframe|//object|//embed|//comment())'), 0, "$short: no element or comment from the input");
    is($n->('count(//@*[starts-with(name(), "on")]|//@src)'), 0, "$short: no event handler or src attribute");
    my @hrefs = qx{xmllint --html --xpath '//a/\@href' '$f' 2>/dev/null} =~ /href="([^"]*)"/g;
    is_deeply([ grep { !m{^(#check-\d+|#check-[\w.-]+|[\w.%/-]+\.(html|md|xml|tsv))$} } @hrefs ], [], "$short: links are vct's own");
    is_deeply([ html_external_refs(slurp($f)) ], [], "$short: self-contained");
}
my $html = slurp("$pdir/report.html");
my $h_esc = $seen;
$h_esc =~ s/\r/\x{240d}/g;    # HTML keeps newline and tab, shows CR
$h_esc =~ s/&/&amp;/g;
$h_esc =~ s/</&lt;/g;
$h_esc =~ s/>/&gt;/g;
$h_esc =~ s/"/&quot;/g;
$h_esc =~ s/'/&#39;/g;
utf8::encode($h_esc);
ok(index($html, "<code>$h_esc 1</code>") >= 0, 'report.html: a check name is shown as text, character for character');
like($html, qr/<title>[^<]*&lt;script&gt;/, 'report.html: the title is text');

# --- JUnit: well-formed, schema-valid, strings read back ------------------------------------------------
for my $f ("$pdir/junit.xml", "$dir/out/junit.xml") {
    (my $short = $f) =~ s{^\Q$dir\E/out/}{};
    is(system("xmllint --noout '$f' 2>$dir/xerr"), 0, "$short: well-formed XML") or diag(slurp("$dir/xerr"));
    is(system("xmllint --noout --schema $xsd '$f' 2>$dir/xerr"), 0, "$short: valid against $xsd") or diag(slurp("$dir/xerr"));
    my $t = eval { xml_parse(slurp($f)) };
    ok($t, "$short: the tests' own XML reader agrees") or diag($@);
}
my $x = xml_parse(slurp("$pdir/junit.xml"));
my ($ts) = grep { $_->{name} eq 'testsuite' } @{ $x->{kids} };
my ($tc) = grep { $_->{name} eq 'testcase' } @{ $ts->{kids} };
my $want = $seen;
utf8::encode($want);
is($tc->{attr}{name}, "$want 1", 'junit.xml: a testcase name reads back as written (tab, newline kept as references)');

# --- Markdown: cmark-gfm with raw HTML allowed ----------------------------------------------------------------
for my $f ("$pdir/report.md", "$dir/out/index.md", "$dir/out/quirks.md") {
    (my $short = $f) =~ s{^\Q$dir\E/out/}{};
    my $md = slurp($f);
    my $h = qx{cmark-gfm --unsafe -e table -e strikethrough -e autolink '$f'};
    is($? >> 8, 0, "$short: cmark-gfm renders it");
    is_deeply([ $h =~ /(<(?:script|img|iframe)\b[^>]*>|<!--|<del>|<em>)/gi ], [], "$short: no element, comment or emphasis from the input");
    # Every table keeps its shape: each row has as many cells as the header.
    my @bad;
    for my $tbl ($h =~ m{<table>(.*?)</table>}gs) {
        my @rows = $tbl =~ m{<tr>(.*?)</tr>}gs;
        my $w = () = $rows[0] =~ /<th\b/g;
        for my $row (@rows[1 .. $#rows]) {
            my $n = () = $row =~ /<td\b/g;
            push @bad, "$n cells, header has $w" if $n != $w;
        }
    }
    is_deeply(\@bad, [], "$short: every table row keeps its cells");
    # The text of a Markdown table line is one line: no row spills into the next.
    ok(!grep({ /^\|/ && !/\|\s*$/ } split /\n/, $md), "$short: every table line ends its row");
}
my $mdh = qx{cmark-gfm --unsafe -e table '$pdir/report.md'};
my $m_esc = $seen;
$m_esc =~ s/&/&amp;/g;
$m_esc =~ s/</&lt;/g;
$m_esc =~ s/>/&gt;/g;
$m_esc =~ s/"/&quot;/g;
$m_esc =~ s/\t/\x{2409}/g;
$m_esc =~ s/\n/\x{240a}/g;
$m_esc =~ s/\r/\x{240d}/g;
utf8::encode($m_esc);
ok(index($mdh, "<code>$m_esc 1</code>") >= 0, 'report.md: a check name in a code span reads back as written (line breaks as pictures)');
like($mdh, qr{<pre><code class="language-sh">vct run '}, 'report.md: the reproducer is one code block');

# --- TSV ----------------------------------------------------------------------------------------------------------
my @rows = grep { !/^#/ } split /\n/, slurp("$dir/out/quirks.tsv");
ok(@rows >= 1, scalar(@rows) . ' quirk rows');
is_deeply([ grep { (() = /\t/g) != 9 } @rows ], [], 'quirks.tsv: ten fields on every row');
ok(!grep({ /\r/ } @rows), 'quirks.tsv: no CR inside a row');

# --- the same under ASan and UBSan ---------------------------------------------------------------------------
my $san = ($ENV{BUILD} // 'build') . '/vct-san';
die "$san not built: a build failure fails this test (make $san)\n" unless -x $san;
qx{ASAN_OPTIONS=detect_leaks=1 $san report '$hdir/result.json' --out $dir/san >/dev/null 2>$dir/san-err};
is($? >> 8, 0, 'vct-san renders the hostile result');
is_deeply([ grep { /Sanitizer|runtime error/ } split /\n/, slurp("$dir/san-err") ], [], 'no sanitizer report');
qx{$san report --diff $dir/base/result.json '$hdir/result.json' --out $dir/san-d >/dev/null 2>$dir/san-err};
is_deeply([ grep { /Sanitizer|runtime error/ } split /\n/, slurp("$dir/san-err") ], [], 'diff: no sanitizer report');

# --- diff and matrix over the hostile file -------------------------------------------------------------------------
qx{$vct report --diff $dir/base/result.json '$hdir/result.json' --out $dir/d >/dev/null 2>&1};
is($? >> 8, 0, 'diff renders');
qx{$vct report --matrix $dir/base/result.json '$hdir/result.json' --out $dir/m >/dev/null 2>&1};
is($? >> 8, 0, 'matrix renders');
for my $f ("$dir/d/diff.html", "$dir/m/matrix.html") {
    my $n = qx{xmllint --html --xpath 'count(//script|//img|//\@*[starts-with(name(), "on")])' '$f' 2>/dev/null};
    chomp $n;
    is($n, 0, "$f: no element or handler from the input");
}
for my $f ("$dir/d/diff.md", "$dir/m/matrix.md") {
    my $h = qx{cmark-gfm --unsafe -e table '$f'};
    is_deeply([ $h =~ /(<(?:script|img)\b[^>]*>)/gi ], [], "$f: no element from the input");
}
done_testing();
