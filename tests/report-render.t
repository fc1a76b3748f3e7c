#!/usr/bin/perl
# vct report renders per-vendor, per-device HTML, Markdown and JUnit XML for a
# refdev result with a quirk, a clean one and the QEMU test-bed results: the
# HTML loads nothing from the network, the JUnit XML is well-formed, follows
# the Jenkins JUnit schema's structure and has the right counts, and every
# failure comes with its statement, evidence, reproducer and quirk-sheet row.
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
die "xmllint missing: testbed/ensure-deps.sh installs it (make check does)\n"
    unless grep { -x "$_/xmllint" } split /:/, $ENV{PATH};

system("$vct run refdev:blk,quirk=used-len-long --results $dir/quirk --label 'refdev blk used-len-long' >/dev/null 2>&1");
system("$vct run refdev:blk --results $dir/clean --label 'refdev blk' >/dev/null 2>&1");
# Two deviations that fail checks on their own statement (no shared root cause), for the mitigation table.
system("$vct run refdev:blk,quirk=event-idx-ignore --results $dir/evidx --label 'refdev blk event-idx-ignore' >/dev/null 2>&1");
system("$vct run refdev:blk,quirk=ignore-queue-reset --results $dir/qreset --label 'refdev blk ignore-queue-reset' >/dev/null 2>&1");
my @qemu = grep { -s } glob('results/latest/*/result.json');
my @inputs = ("$dir/quirk/result.json", "$dir/clean", "$dir/evidx", "$dir/qreset", @qemu);
my $spec = '../shared/virtio-spec/v1.4-cs01';
my $spec_arg = -d $spec ? "--spec-dir $spec" : '';

my $out = qx{$vct report @inputs --out $dir/out $spec_arg 2>$dir/err};
is($? >> 8, 0, 'vct report exits 0') or diag(slurp("$dir/err"));
my $err = slurp("$dir/err");
is($err, '', 'nothing on stderr for good results') or diag($err);
like($out, qr{index\.\{html,md\}.*: ${\ scalar(@inputs)} devices}, 'summary line counts every device');

my @html = glob("$dir/out/*/*/report.html");
is(scalar @html, scalar @inputs, 'one report per result, under <vendor>/<device>/');
ok(-s "$dir/out/$_", "$_ written") for qw(index.html index.md junit.xml quirks.md quirks.tsv);

# --- HTML: self-contained -----------------------------------------------------------------
for my $h (@html, "$dir/out/index.html") {
    my $t = slurp($h);
    (my $short = $h) =~ s{^\Q$dir\E/out/}{};
    my @ext = html_external_refs($t);
    is_deeply(\@ext, [], "$short: no network resources, no scripts") or diag(join "\n", @ext);
    like($t, qr{^<!DOCTYPE html>.*<style>.*</html>\s*$}s, "$short: a complete page with inline CSS");
}

# --- per result: JUnit counts, Markdown content ------------------------------------------------
for my $in (@inputs) {
    my $path = -d $in ? "$in/result.json" : $in;
    my $r = decode_json(slurp($path));
    my %n;
    $n{ $_->{outcome} }++ for @{ $r->{checks} };
    my $label = $r->{device}{label};
    my ($md) = grep { slurp($_) =~ /result file \| `\Q$path\E`/ } glob("$dir/out/*/*/report.md");
    ok($md, "$label: report.md found") or next;
    (my $d = $md) =~ s{/report\.md$}{};
    like($d, qr{/1af4-red-hat-inc/10[0-9a-f]{2}-virtio-1-0-[a-z0-9-]+--[a-z0-9-]+$}, "$label: vendor/device folder from ids and names");
    my $x = slurp("$d/junit.xml");
    my $tree = eval { xml_parse($x) };
    ok($tree, "$label: junit.xml is well-formed") or diag($@);
    is(system("xmllint --noout --schema reports/schema/junit-10.xsd $d/junit.xml 2>$dir/xerr"), 0,
       "$label: junit.xml is valid against the Jenkins xUnit plugin's junit-10.xsd") or diag(slurp("$dir/xerr"));
    next unless $tree;
    is_deeply([ junit_problems($tree) ], [], "$label: junit.xml follows the Jenkins JUnit schema");
    my ($ts) = grep { $_->{name} eq 'testsuite' } @{ $tree->{kids} };
    my $c = junit_counts($ts);
    my %want = (tests => scalar @{ $r->{checks} }, failures => $n{fail} // 0, errors => $n{'harness-error'} // 0,
                skipped => ($n{skip} // 0) + ($n{'known-quirk'} // 0));
    is_deeply($c, \%want, "$label: testcases match the result ($want{tests} tests, $want{failures} failures)");
    is($ts->{attr}{$_}, $want{$_}, "$label: testsuite $_ attribute") for qw(tests failures errors skipped);

    my $m = slurp($md);
    my @fails = grep { $_->{outcome} eq 'fail' } @{ $r->{checks} };
    like($m, qr/\*\*Verdict: NOT CONFORMANT: \d+ MUST-level failure/, "$label: verdict names the MUST failures")
        if grep { $_->{level} =~ /^MUST/ } @fails;
    like($m, qr/\*\*Verdict: CONFORMANT/, "$label: clean verdict") unless @fails;
    like($m, qr/\| MUST \| \d+ \| \d+ \|/, "$label: summary per level");
    like($m, qr/## Coverage per chapter.*Virtio Over PCI Bus \| \d+ \/ \d+ \| `[#.]{20}`/s, "$label: coverage bars per chapter");
    my $target = $r->{target} // $r->{device}{address};
    # Probable root causes, computed here from the result on their own: failures whose last
    # evidence was judged by a shared step (origin, else "at" outside suites/), two or more at the same step.
    my (%key, %members);
    for my $f (@fails) {
        my $e = ($f->{evidence} // [])->[-1] or next;
        next if !defined $e->{at};
        next if defined $e->{origin} ? $e->{origin} eq 'check' : $e->{at} =~ m{^suites/};
        $key{ $f->{name} } = join "\0", @$e{qw(at what expected)};
        push @{ $members{ $key{ $f->{name} } } }, $f->{name};
    }
    delete $key{$_} for grep { @{ $members{ $key{$_} } } < 2 } keys %key;
    my $ncauses = () = grep { @{ $members{$_} } >= 2 } keys %members;
    my @titles = $m =~ /^### Probable root cause \d+: (.*)$/mg;
    is(scalar @titles, $ncauses, "$label: $ncauses probable root cause(s) shown");
    for my $f (@fails) {
        my $what = md_text($f->{evidence}[0]{what});
        my $k = $key{ $f->{name} };
        if ($k && $members{$k}[0] ne $f->{name}) {
            # Folded under its cause: one row with its statement, level and what it saw.
            my $seen = md_text($f->{evidence}[-1]{seen});
            like($m, qr/^\| `\Q$f->{name}\E` \| \Q$f->{statement}\E \| \Q$f->{level}\E \| \Q$seen\E \|$/m,
                 "$label: $f->{name} folded under its root cause");
            next;
        }
        like($m, qr/### `\Q$f->{name}\E`.*?statement: \*\*\Q$f->{statement}\E\*\* \(\Q$f->{level}\E\).*?clause: .+?\n.*?\| \Q$what\E \|.*?vct run \Q$target\E --only \Q$f->{name}\E/s,
             "$label: $f->{name} has statement, clause, evidence and reproducer");
        like($m, qr/## Quirk sheet.*\| `\Q$r->{device}{pci_id}\E` \| `\Q$r->{device}{subsystem}\E` \| [^|]+ \| [^|]+ \| `\Q$f->{name}\E`/s,
             "$label: $f->{name} in the quirk sheet" . ($k ? ' (for its root cause)' : ''));
    }
    if ($spec_arg && @fails) {
        like($m, qr/The spec says:\n\n```\nD-[0-9a-f]{8} v1\.4-cs01 .*\n +\d+ +\S/, "$label: original sentence from --spec-dir");
    }
}

# --- the mitigation table, through the reports ------------------------------------------------------
my $q = slurp("$dir/out/quirks.md");
like($q, qr/and \d+ more checks: all stopped at "used ring entry".*validate every used entry before use/,
     'used-len deviation: one root cause, validate used entries');
like($q, qr/ring\.event_idx_suppresses.*VIRTIO_F_EVENT_IDX\(29\)/, 'event-idx failures: clear VIRTIO_F_EVENT_IDX');
like($q, qr/queue\.reset_completes.*VIRTIO_F_RING_RESET\(40\)/, 'ring reset failures: clear VIRTIO_F_RING_RESET');
{
    # A cascade counts once: the used-len-long device has fewer quirk-sheet rows than failures.
    my $nfail = grep { $_->{outcome} eq 'fail' } @{ decode_json(slurp("$dir/quirk/result.json"))->{checks} };
    my $rows = grep { /^\| .*\(refdev blk used-len-long\)/ } split /\n/, $q;
    ok($rows >= 1 && $rows < $nfail, "the used-len-long device: $rows quirk rows for $nfail failures (a root cause counts once)");
}
SKIP: {
    skip 'no QEMU results in results/latest (make demo)', 4 unless @qemu;
    like($q, qr/\| none \| don't chain INDIRECT after direct descriptors \(mask nothing; Linux never does this/, 'QEMU blk: indirect_after_direct workaround');
    like($q, qr/status\.features_ok_refuses_unoffered.*driver must only write offered bits/, 'QEMU: features_ok workaround');
    like($q, qr/ignore num_buffers without MRG_RXBUF/, 'QEMU net: num_buffers workaround');
    like($q, qr/don't notify before DRIVER_OK/, 'QEMU blk/console: DRIVER_OK workaround');
}
my @tsv = grep { !/^#/ } split /\n/, slurp("$dir/out/quirks.tsv");
ok(!grep({ (split /\t/)[2] !~ /^0x[0-9a-f]{32}$/ } @tsv), 'quirks.tsv: a 128-bit clear mask on every row');

# --- the combined JUnit: one testsuite per device -------------------------------------------------------
my $all = eval { xml_parse(slurp("$dir/out/junit.xml")) };
ok($all, 'combined junit.xml is well-formed') or diag($@);
is(scalar(grep { $_->{name} eq 'testsuite' } @{ $all->{kids} }), scalar @inputs, 'one testsuite per device') if $all;
is_deeply([ junit_problems($all) ], [], 'combined junit.xml follows the Jenkins JUnit schema') if $all;
is(system("xmllint --noout --schema reports/schema/junit-10.xsd $dir/out/junit.xml 2>$dir/xerr"), 0,
   "combined junit.xml is valid against junit-10.xsd") or diag(slurp("$dir/xerr"));
done_testing();
