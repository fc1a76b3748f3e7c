#!/usr/bin/perl
# vct report on bad input: another schema version, truncated or hand-edited
# JSON, an unknown vendor id, not-a-result files. A clear line on stderr per
# problem; what is valid is rendered and what is not is marked; exit 2 only
# when nothing at all could be rendered.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
require './tests/report-lib.pl';
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my $dir = tempdir(CLEANUP => 1);
sub spew { my ($f, $t) = @_; open my $fh, '>', $f or die "$f: $!"; print $fh $t; close $fh }

system("$vct run refdev:blk,quirk=used-len-long --results $dir/ok >/dev/null 2>&1");
my $good = slurp("$dir/ok/result.json");
my $r = decode_json($good);
my $nchecks = @{ $r->{checks} };

(my $v3 = $good) =~ s/"schema_version": 2/"schema_version": 3/;
spew("$dir/v3.json", $v3);
# A version 1 file (before robustness runs): read without a problem.
(my $v1 = $good) =~ s/"schema_version": 2/"schema_version": 1/;
spew("$dir/v1.json", $v1);
spew("$dir/trunc.json", substr($good, 0, int(length($good) * 0.4)));
(my $other = $good) =~ s/"schema": "vct-result"/"schema": "something-else"/;
spew("$dir/other.json", $other);
spew("$dir/garbage.json", "<html>not json</html>\n");
spew("$dir/empty.json", '');
(my $ven = $good) =~ s/"pci_id": "1af4:1042"/"pci_id": "0bad:1042"/;
$ven =~ s/"(vendor_name|device_name|subsystem_name|subsystem_vendor_name|names_source)": ("[^"]*"|null)/"$1": null/g;
spew("$dir/vendor.json", $ven);
my $ed = decode_json($good);
delete $ed->{checks}[1]{outcome};
$ed->{checks}[2]{outcome} = 'maybe';
$ed->{checks}[3] = 'hand-edited';
$ed->{checks}[4]{statement} = 'D-00000000';
$ed->{device}{offered_features} = 'lots';
spew("$dir/edited.json", encode_json($ed));

my @cases = (
    # name, file, exit, stderr pattern, rendered?, marked-in-report pattern
    [ 'schema version 3', 'v3.json', 0, qr/schema_version 3: this vct reads version 2/, 1, qr/schema_version 3/ ],
    [ 'truncated JSON', 'trunc.json', 0, qr/truncated JSON \(line \d+, column \d+: .*\): rendering what was read/, 1,
      qr/the "checks" array is cut short: \d+ entr/ ],
    [ 'another schema', 'other.json', 2, qr/schema is "something-else", not "vct-result"/, 0 ],
    [ 'not JSON', 'garbage.json', 2, qr/not a vct result: line 1, column 1/, 0 ],
    [ 'empty file', 'empty.json', 2, qr/not a vct result: line 1, column 1: the text ends early/, 0 ],
    [ 'missing file', 'nope.json', 2, qr/nope\.json: cannot read: No such file/, 0 ],
    [ 'unknown vendor', 'vendor.json', 0, qr/vendor id 0bad is not in the PCI id database .*named by its id/, 1,
      qr/vendor id 0bad is not in the PCI id database/ ],
    [ 'hand-edited', 'edited.json', 0,
      qr/checks\[1\] \(\S+\): no "outcome" string: skipped\n.*checks\[2\] \(\S+\): unknown "outcome": skipped\n.*checks\[3\] is not an object: skipped/s,
      1, qr/statement D-00000000 is not in this vct's table/ ],
);
for my $c (@cases) {
    my ($name, $file, $rc, $re, $rendered, $mark) = @$c;
    my $out = qx{$vct report $dir/$file --out $dir/out-$file 2>$dir/err};
    my $err = slurp("$dir/err");
    is($? >> 8, $rc, "$name: exit $rc");
    like($err, $re, "$name: says what is wrong on stderr");
    ok(!grep({ !/^vct report: / } split /\n/, $err), "$name: every stderr line is a vct report message") or diag($err);
    my @html = glob("$dir/out-$file/*/*/report.html");
    is(scalar @html, $rendered, $rendered ? "$name: rendered" : "$name: nothing rendered");
    next unless $rendered && @html;
    like(slurp($html[0]), qr/<h2>Problems with this result file<\/h2>/, "$name: the HTML report marks the problems");
    (my $md = $html[0]) =~ s/\.html$/.md/;
    like(slurp($md), $mark, "$name: the Markdown report names the problem");
}

# A version 1 file (written before robustness runs existed) is read as it is: no schema problem.
{
    system("$vct report $dir/v1.json --out $dir/out-v1 >/dev/null 2>$dir/err-v1");
    is($? >> 8, 0, 'schema version 1: exit 0');
    unlike(slurp("$dir/err-v1"), qr/schema_version/, 'schema version 1: read without a schema problem');
    ok(glob("$dir/out-v1/*/*/report.html"), 'schema version 1: rendered');
}

# Truncated: the checks before the cut are rendered; the run is marked incomplete.
my ($tmd) = glob("$dir/out-trunc.json/*/*/report.md");
like(slurp($tmd), qr/\(incomplete run\)/, 'truncated: verdict says incomplete');
my ($tj) = glob("$dir/out-trunc.json/*/*/junit.xml");
my $tt = xml_parse(slurp($tj));
my $n = junit_counts((grep { $_->{name} eq 'testsuite' } @{ $tt->{kids} })[0])->{tests};
ok($n > 0 && $n < $nchecks, "truncated: $n of $nchecks checks rendered");
# Unknown vendor: the folder is named by the id.
ok(glob("$dir/out-vendor.json/0bad-vendor-0bad-1042/*/report.html"), 'unknown vendor: folder named by the id');
# Hand-edited: the valid entries are there, the broken ones are not.
my ($ex) = glob("$dir/out-edited.json/*/*/junit.xml");
my $et = xml_parse(slurp($ex));
is(junit_counts((grep { $_->{name} eq 'testsuite' } @{ $et->{kids} })[0])->{tests}, $nchecks - 3,
   'hand-edited: the three broken entries are left out, the rest rendered');

# Good and bad together: the good ones render, exit 0, the index lists the bad.
my $out = qx{$vct report $dir/ok $dir/garbage.json $dir/other.json --out $dir/mixed 2>$dir/err};
is($? >> 8, 0, 'mixed input: exit 0 when something rendered');
like(slurp("$dir/mixed/index.md"), qr/## Results that could not be rendered\n\n- `\S*garbage\.json`: .*\n- `\S*other\.json`: /,
     'index lists what could not be rendered');

# Usage errors.
for my $u ([ '--diff one', qr/report --diff needs OLD NEW/ ], [ '', qr/report needs RESULT/ ],
           [ '--frobnicate x', qr/vct report: unknown option '--frobnicate'/ ]) {
    qx{$vct report $u->[0] 2>$dir/err};
    is($? >> 8, 2, "report $u->[0]: exit 2");
    like(slurp("$dir/err"), $u->[1], "report $u->[0]: says why");
}
done_testing();
