#!/usr/bin/perl
# `make expected`: write testbed/expected/<device>.tsv, the verdict vct gives
# every check on every device of testbed/matrix.conf under QEMU 7.2, from a
# test-bed run (a results folder of testbed/run.sh, or a fresh run).
#
# usage: testbed/expected.pl [--types] [RESULTS_DIR...]
#   With no folder, boots the test bed once (testbed/run.sh) and uses that run.
#   --types: the further device types instead (testbed/matrix-types.conf, files in
#   testbed/expected/types/); a folder of `make demo` holds them under types/.
#   With several folders (several runs), a check whose verdict differs between
#   them is written with every verdict seen ("pass|fail") and must then be
#   given a reason by hand (third column): a verdict that varies is either
#   timing-dependent under TCG, with a reason, or a defect to fix.
#
# A line already in the file whose verdict set still holds the new verdict is
# kept as it is (with its reason); every other change is printed, so that the
# commit that updates the files says why each verdict moved. Known-quirk
# outcomes (a run with --known-quirks) are written as the failure they are.
use strict;
use warnings;
use JSON::PP;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $types = @ARGV && $ARGV[0] eq '--types' ? shift @ARGV : '';
my $matrix = $types ? 'testbed/matrix-types.conf' : 'testbed/matrix.conf';
my $outdir = $types ? 'testbed/expected/types' : 'testbed/expected';
my @runs = @ARGV;
my $tmp;
if (!@runs) {
    $tmp = tempdir('expected-XXXXXX', TMPDIR => 1, CLEANUP => 1);
    system('testbed/run.sh', '--matrix', $matrix, '--results', $tmp) == 0 || $? >> 8 == 1
        or die "expected: testbed/run.sh failed (exit " . ($? >> 8) . "): no verdicts written\n";
    @runs = ($tmp);
}
# A `make demo` folder holds the further types under types/.
@runs = map { $types && -d "$_/types" ? "$_/types" : $_ } @runs;

sub slurp { local (@ARGV, $/) = @_; <> }

# The matrix's devices, in order, with their qemu device string.
my @devices;
open my $mf, '<', $matrix or die "$matrix: $!";
while (<$mf>) {
    s/#.*//;
    next unless /\S/;
    my ($name, $slot, $dev) = split;
    push @devices, [ $name, $dev ];
}
close $mf;

mkdir $outdir unless -d $outdir;
my $changes = 0;
for my $d (@devices) {
    my ($name, $qdev) = @$d;
    my (%seen, @order, $pci);
    for my $run (@runs) {
        my $f = "$run/$name/result.json";
        die "expected: $f missing: the run did not finish device $name\n" unless -s $f;
        my $r = decode_json(slurp($f));
        die "expected: $f is an incomplete run\n" unless $r->{complete};
        $pci //= $r->{device}{pci_id};
        for my $c (@{ $r->{checks} }) {
            (my $o = $c->{outcome}) =~ s/^known-quirk$/fail/;
            push @order, $c->{name} unless $seen{ $c->{name} };
            $seen{ $c->{name} }{$o} = 1;
        }
    }
    my $file = "$outdir/$name.tsv";
    my %old;
    if (-e $file) {
        for (split /\n/, slurp($file)) {
            next if /^#/ || !/\S/;
            my ($chk, $set, $why) = split /\t/;
            $old{$chk} = [ $set, $why ];
        }
    }
    my $text = "# Expected verdict of every vct check on the test bed's \"$name\" device: QEMU 7.2 $qdev\n"
             . "# ($matrix), TCG. tests/testbed-boot.t fails on any difference. Regenerate with\n"
             . "# `make expected" . ($types ? "-types" : "") . "`; the commit that changes a line says why the verdict moved.\n"
             . "# check <TAB> verdict (pass, fail, skip, harness-error; a|b: either, timing-dependent under TCG)\n"
             . "#       <TAB> why it may vary (required for a|b)\n"
             . "#pci_id\t$pci\n";
    for my $chk (@order) {
        my @now = sort keys %{ $seen{$chk} };
        my $o = $old{$chk};
        if ($o && !grep { my $v = $_; !grep { $_ eq $v } split /\|/, $o->[0] } @now) {
            $text .= join("\t", $chk, $o->[0], defined $o->[1] ? $o->[1] : ()) . "\n";
            next;
        }
        my $set = join '|', @now;
        my $why = @now > 1 ? "varied between runs: give the reason or fix the check" : undef;
        print "expected: $name $chk: " . ($o ? $o->[0] : 'new') . " -> $set\n";
        $changes++;
        $text .= join("\t", $chk, $set, defined $why ? $why : ()) . "\n";
    }
    for my $chk (sort keys %old) {
        next if $seen{$chk};
        print "expected: $name $chk: $old{$chk}[0] -> (no longer run)\n";
        $changes++;
    }
    open my $fh, '>', "$file.tmp" or die "$file.tmp: $!";
    print $fh $text;
    close $fh or die "$file: $!";
    rename "$file.tmp", $file or die "$file: $!";
}
print "expected: $changes change(s) in $outdir/ from " . scalar(@runs) . " run(s)\n";
