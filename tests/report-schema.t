#!/usr/bin/perl
# result.json against reports/SCHEMA.md: the documented table is parsed and a
# fresh result, and a result of a run killed half-way, are validated against
# every row (type, required / present-iff-complete), plus the consistency rules.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use Time::HiRes qw(sleep time);
use POSIX ();

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my $dir = tempdir(CLEANUP => 1);

# --- the documented table ---------------------------------------------------------
open my $fh, '<', 'reports/SCHEMA.md' or die "reports/SCHEMA.md: $!";
my (@rows, $in);
while (<$fh>) {
    $in = 1, next if /<!-- schema-table/;
    last if /<!-- end schema-table/;
    next unless $in && /^\| `([^`]+)` \| ((?:[^|\\]|\\\|)+?) \| (yes|no|complete) \|/;
    my ($path, $type, $req) = ($1, $2, $3);
    $type =~ s/\\\|/|/g;
    push @rows, { path => $path, type => $type, req => $req };
}
close $fh;
ok(@rows >= 40, scalar(@rows) . ' fields documented');

sub type_ok {
    my ($v, $types) = @_;
    for my $t (split /\|/, $types) {
        return 1 if $t eq 'null' && !defined $v;
        next unless defined $v;
        my $r = ref $v;
        return 1 if $t eq 'object'  && $r eq 'HASH';
        return 1 if $t eq 'array'   && $r eq 'ARRAY';
        return 1 if $t eq 'boolean' && JSON::PP::is_bool($v);
        next if $r;
        my $num = (B::svref_2object(\$v)->FLAGS & (B::SVp_IOK() | B::SVp_NOK())) && !JSON::PP::is_bool($v);
        return 1 if $t eq 'integer'   && $num && $v =~ /^-?\d+$/;
        return 1 if $t eq 'number'    && $num;
        return 1 if $t eq 'string'    && !$num;
        return 1 if $t eq 'features'  && !$num && $v =~ /^0x[0-9a-f]{32}$/;
        return 1 if $t eq 'timestamp' && !$num && $v =~ /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
    }
    return 0;
}
use B ();

# Every value at a path: [ [where, exists, value], ... ] (one per array element).
sub at {
    my ($node, $path, $where) = @_;
    my ($head, $rest) = $path =~ /^([^.]+)(?:\.(.*))?$/;
    my $arr = $head =~ s/\[\]$//;
    # A missing parent is the parent's row to report.
    return defined $rest ? [] : [ [ $where . $head, 0, undef ] ] unless ref $node eq 'HASH' && exists $node->{$head};
    my $v = $node->{$head};
    if ($arr) {
        return [ [ $where . $head, 1, $v ] ] unless ref $v eq 'ARRAY';    # type check reports it
        return [ [ $where . $head, 1, $v ] ] unless defined $rest;
        return [ map { my $i = $_; @{ at($v->[$i], $rest, "$where$head\[$i\].") } } 0 .. $#$v ];
    }
    return [ [ $where . $head, 1, $v ] ] unless defined $rest;
    return at($v, $rest, "$where$head.");
}

sub validate {
    my ($r, $what) = @_;
    my @bad;
    my $complete = $r->{complete} ? 1 : 0;
    for my $row (@rows) {
        for my $hit (@{ at($r, $row->{path}, '') }) {
            my ($where, $exists, $v) = @$hit;
            if (!$exists) {
                push @bad, "$where missing" if $row->{req} eq 'yes' || ($row->{req} eq 'complete' && $complete);
                next;
            }
            push @bad, "$where present in an incomplete result" if $row->{req} eq 'complete' && !$complete;
            push @bad, "$where is not $row->{type}" unless type_ok($v, $row->{type});
        }
    }
    # Fields the writer emits that the table does not document.
    my %doc = map { (my $p = $_->{path}) =~ s/\[\]//g; ($p => 1) } @rows;
    my $walk;
    $walk = sub {
        my ($n, $p) = @_;
        if (ref $n eq 'HASH') {
            for my $k (keys %$n) {
                my $q = $p eq '' ? $k : "$p.$k";
                push @bad, "$q is not documented" unless $doc{$q};
                $walk->($n->{$k}, $q) if ref $n->{$k} eq 'HASH' || (ref $n->{$k} eq 'ARRAY' && $q =~ /^(checks|checks\.evidence)$/);
            }
        } elsif (ref $n eq 'ARRAY') {
            $walk->($_, $p) for @$n;
        }
    };
    $walk->($r, '');
    is_deeply(\@bad, [], "$what: every documented field present with its type, nothing undocumented")
        or diag(join("\n", @bad[0 .. ($#bad < 20 ? $#bad : 20)]));
}

sub slurp { local (@ARGV, $/) = @_; <> }

# --- a fresh, complete result -----------------------------------------------------------
system("$vct run refdev:net,quirk=net-num-buffers-zero --results $dir/full --label 'schema test' >/dev/null 2>&1");
my $r = eval { decode_json(slurp("$dir/full/result.json")) };
ok($r, 'complete result is JSON') or diag($@);
validate($r, 'complete run');
my %n;
$n{ $_->{outcome} }++ for @{ $r->{checks} };
my $s = $r->{summary};
is($s->{pass} + $s->{fail} + $s->{skip} + $s->{known_quirk} + $s->{harness_error}, scalar @{ $r->{checks} },
   'summary adds up to the number of checks');
is($s->{fail}, $n{fail} // 0, 'summary.fail = fail outcomes');
ok(!grep({ $_->{outcome} eq 'fail' && !@{ $_->{evidence} // [] } } @{ $r->{checks} }), 'every failure has evidence');
is($r->{target}, 'refdev:net,quirk=net-num-buffers-zero', 'target keeps the refdev quirk (for reproducers)');
is($r->{device}{vendor_name}, 'Red Hat, Inc.', "vendor name resolved ($r->{device}{names_source})");
ok(grep({ $_ eq 'VIRTIO_F_VERSION_1' } @{ $r->{device}{negotiated_feature_names} }), 'negotiated features named');
is_deeply($r->{findings}, [], 'findings placeholder is []');
ok(exists $r->{stress} && !defined $r->{stress}, 'stress placeholder is null');

# --- an interrupted run: killed while a slow check waits -------------------------------------
# no-needs-reset makes status.needs_reset_set_on_error wait the whole --timeout;
# the run is killed (SIGKILL, whole process group) during that wait.
my $pid = fork() // die "fork: $!";
if (!$pid) {
    POSIX::setpgid(0, 0);
    open STDOUT, '>', '/dev/null';
    open STDERR, '>', '/dev/null';
    { no warnings 'exec'; exec { $vct } $vct, 'run', 'refdev:blk,quirk=no-needs-reset', '--only', 'status.*', '--timeout', '30000',
        '--results', "$dir/part"; }
    POSIX::_exit(127);
}
my $t0 = time;
my $seen = 0;
while (time - $t0 < 20) {
    my $p = -e "$dir/part/result.json" && eval { decode_json(slurp("$dir/part/result.json")) };
    if ($p && grep { $_->{name} eq 'status.no_work_before_driver_ok' } @{ $p->{checks} }) { $seen = 1; last }
    sleep 0.05;
}
ok($seen, 'the run got past the fast checks') or diag('result.json never showed status.no_work_before_driver_ok');
sleep 0.3;    # inside the slow check now
kill 'KILL', -$pid;
waitpid($pid, 0);
my $p = eval { decode_json(slurp("$dir/part/result.json")) };
ok($p, 'the interrupted run left valid JSON') or diag($@);
ok(JSON::PP::is_bool($p->{complete}) && !$p->{complete}, 'marked complete: false');
ok(!exists $p->{summary} && !exists $p->{ended}, 'no summary and no end time');
ok(@{ $p->{checks} } >= 5 && !grep({ $_->{name} eq 'status.needs_reset_set_on_error' } @{ $p->{checks} }),
   scalar(@{ $p->{checks} }) . ' finished checks kept, the killed one absent');
validate($p, 'interrupted run');
ok(!glob("$dir/part/*.tmp*"), 'no temporary file left behind');

# The report renders it and says it is incomplete.
my $out = qx{$vct report $dir/part/result.json --out $dir/rep 2>&1};
is($? >> 8, 0, 'vct report renders the partial result');
my ($md) = glob("$dir/rep/*/*/report.md");
like(slurp($md), qr/incomplete run/, 'report marks it incomplete') if $md;
done_testing();
