#!/usr/bin/perl
# The README's figures that the binary can print, generated from it so they
# cannot drift: regions of README.md between
#   <!-- gen:NAME -->  and  <!-- /gen:NAME -->
# (on one line for a number, around lines for a block) are rewritten from
# `vct checks`, `vct refdev` and `vct coverage`. Text outside the regions is
# never touched.
#
#   tests/readme-figures.pl --write [--vct build/vct] [README.md]   rewrite (make readme)
#   tests/readme-figures.pl --check [--vct build/vct] [README.md]   exit 1 and show the
#        differences when a region is stale; tests/readme-figures.t runs this in make check
#
# Regions: checks (the number of checks), quirks (refdev's quirk catalog,
# from `vct refdev`), coverage-table (the per-area table
# of `vct coverage` and its two summary lines), types-table (QEMU 7.2's
# further device types as pinned in testbed/expected/types/*.tsv, in the order
# of testbed/matrix-types.conf: verdict counts and failures per device). An unknown region name, an
# unterminated region or a README without the regions is an error (exit 2).
use strict;
use warnings;
use JSON::PP;

# Every error is a usage or input error: one line, exit 2 (exit 1 means stale figures).
$SIG{__DIE__} = sub { print STDERR $_[0]; exit 2 };

my ($mode, $vct, $readme) = ('', $ENV{VCT} // (($ENV{BUILD} // 'build') . '/vct'), 'README.md');
while (@ARGV) {
	my $a = shift @ARGV;
	if ($a eq '--write' || $a eq '--check') { $mode = $a }
	elsif ($a eq '--vct' && @ARGV) { $vct = shift @ARGV }
	elsif ($a !~ /^-/) { $readme = $a }
	else { die "usage: $0 --write|--check [--vct VCT] [README.md]\n" }
}
die "usage: $0 --write|--check [--vct VCT] [README.md]\n" unless $mode;
die "readme-figures: $vct is not built; run make first\n" unless -x $vct;

sub run {
	my $cmd = shift;
	my $out = qx{$cmd};
	die "readme-figures: '$cmd' failed (exit " . ($? >> 8) . ")\n" if $?;
	return $out;
}

my @checks = grep { /\S/ } split /\n/, run("$vct checks");
my @quirks = grep { /^quirk\t/ } split /\n/, run("$vct refdev");
my $cov = decode_json(run("$vct coverage --format json"));
my @covtext = split /\n/, run("$vct coverage");

# The table keeps the README's shape: the generic chapters, the PCI transport,
# the other transports in one row, every device type vct has a counted check
# for, and the remaining device types in one row.
sub cell { my $e = shift; return "$e->{total} / $e->{checkable} / $e->{checked}" }
sub add {
	my ($acc, $a) = @_;
	for my $l (qw(MUST SHOULD MAY)) {
		$acc->{$l}{$_} += $a->{$l}{$_} for qw(total checkable checked);
	}
}
sub coverage_table {
	my (@rows, %other_tr, %other_dt);
	my $ndt = 0;
	for my $a (@{ $cov->{areas} }) {
		my $name = $a->{area};
		my $any = grep { $a->{$_}{checked} } qw(MUST SHOULD MAY);
		if ($name =~ m{^Virtio Transport Options / (.*)$} && $1 ne 'Virtio Over PCI Bus') {
			add(\%other_tr, $a);
			push @{ $other_tr{names} }, $1 =~ s/^Virtio (Over|over) //r;
		} elsif ($name =~ m{^Device Types / } && !$any) {
			add(\%other_dt, $a);
			$ndt++;
		} else {
			push @rows, [ $name =~ s{^Virtio Transport Options / }{}r, $a ];
		}
	}
	# generic chapters first, in the spec's order, then transports, then device types
	my %rank = ('Basic Facilities of a Virtio Device' => 0, 'General Initialization And Device Operation' => 1,
		    'Reserved Feature Bits' => 2, 'Virtio Over PCI Bus' => 3);
	my @generic = sort { $rank{ $a->[0] } <=> $rank{ $b->[0] } } grep { exists $rank{ $_->[0] } } @rows;
	my @types = grep { !exists $rank{ $_->[0] } } @rows;
	my @out = ('| area | MUST-level | SHOULD-level | MAY |', '| --- | --- | --- | --- |');
	push @out, map { "| $_->[0] | " . join(' | ', map { cell($_) } @{ $_->[1] }{qw(MUST SHOULD MAY)}) . ' |' }
	    @generic, ($other_tr{names} ? ([ 'Virtio Over ' . join(', ', @{ $other_tr{names} }), \%other_tr ]) : ()), @types,
	    ($ndt ? ([ "$ndt other device types", \%other_dt ]) : ());
	push @out, '', '```', @covtext[-2, -1], '```';
	return join("\n", @out);
}

# The further types' committed verdicts: one row per device of matrix-types.conf.
sub slurp { my $f = shift; open(my $h, '<', $f) or die "readme-figures: $f: $!\n"; local $/; return <$h> }
sub types_table {
	my @out = ('| device | pass / fail / skip | failures (statement) |', '| --- | --- | --- |');
	my %stmt = map { (split /\t/)[0, 1] } grep { /\S/ } split /\n/, run("$vct checks --format tsv");
	for (split /\n/, slurp('testbed/matrix-types.conf')) {
		s/#.*//;
		next unless /\S/;
		my ($name, undef, $dev) = split;
		my $f = "testbed/expected/types/$name.tsv";
		my (%n, @fails);
		for (split /\n/, slurp($f)) {
			next if /^#/ || !/\S/;
			my ($chk, $set) = split /\t/;
			my @v = split /\|/, $set;
			$n{ @v > 1 ? 'varies' : $v[0] }++;
			push @fails, "`$chk`" . ($stmt{$chk} ? " ($stmt{$chk})" : '') . (@v > 1 ? ' (at times)' : '')
			    if grep { $_ eq 'fail' } @v;
		}
		(my $short = $dev) =~ s/,.*//;
		push @out, "| $name ($short) | " . join(' / ', map { $n{$_} // 0 } qw(pass fail skip))
		    . ($n{varies} ? " (+$n{varies} varying)" : '') . ' | ' . join(', ', @fails) . ' |';
	}
	return join("\n", @out);
}

my %gen = (
	checks => sub { scalar @checks },
	'types-table' => \&types_table,
	quirks => sub { scalar @quirks },
	'coverage-table' => \&coverage_table,
);

open(my $fh, '<', $readme) or die "readme-figures: $readme: $!\n";
my $text = do { local $/; <$fh> };
close $fh;

my ($new, %seen) = ('');
my $rest = $text;
while ($rest =~ /<!-- gen:([a-z-]+) -->/) {
	my $name = $1;
	my $start = $-[0];
	my $open = $+[0];
	my $close = index($rest, "<!-- /gen:$name -->", $open);
	die "readme-figures: $readme: region '$name' is never closed (<!-- /gen:$name -->)\n" if $close < 0;
	die "readme-figures: $readme: unknown region '$name' (known: " . join(', ', sort keys %gen) . ")\n"
	    unless $gen{$name};
	my $old = substr($rest, $open, $close - $open);
	my $body = $gen{$name}->();
	# a block region keeps its content on lines of its own
	$body = "\n$body\n" if $old =~ /\n/;
	$new .= substr($rest, 0, $open) . $body;
	$rest = substr($rest, $close);
	$seen{$name}++;
}
$new .= $rest;
my @missing = grep { !$seen{$_} } sort keys %gen;
die "readme-figures: $readme has no region(s) " . join(', ', @missing) . "\n" if @missing;

if ($mode eq '--write') {
	if ($new ne $text) {
		open(my $o, '>', "$readme.tmp") or die "readme-figures: $readme.tmp: $!\n";
		print $o $new;
		close($o) or die "readme-figures: $readme.tmp: $!\n";
		rename("$readme.tmp", $readme) or die "readme-figures: $readme: $!\n";
		print "readme-figures: $readme updated\n";
	}
	exit 0;
}
exit 0 if $new eq $text;
my @a = split /\n/, $text, -1;
my @b = split /\n/, $new, -1;
my $i = 0;
$i++ while $i < @a && $i < @b && $a[$i] eq $b[$i];
print "# first difference at line " . ($i + 1) . ":\n";
print "#   README: $_\n" for grep { defined } @a[$i .. $i + 1];
print "#   binary: $_\n" for grep { defined } @b[$i .. $i + 1];
print "# ${readme}'s generated figures differ from what $vct prints: run `make readme` and commit README.md\n";
exit 1;
