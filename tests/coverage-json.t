#!/usr/bin/perl
# Issue 10 item 8: `vct coverage --format json` is a published interface
# (documented in spec-refs/README.md): its keys and area names stay, fields are
# only added, and per area and level it carries `checkable` and an honest
# `checked`. The text and TSV formats agree with it.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use File::Basename qw(dirname);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
BAIL_OUT("$vct not built (a build failure is a failure)") unless -x $vct;

my $raw = qx{$vct coverage --format json};
is($? >> 8, 0, 'vct coverage --format json exits 0');
my $j = eval { decode_json($raw) };
ok($j, 'the output is one JSON object') or BAIL_OUT("not JSON: $@");

# The keys of the first published version, then the ones added by issue 10.
my @v1 = qw(spec_version areas uncovered_must generic_blackbox_must generic_checked must must_blackbox must_checked);
my @added = qw(must_checkable generic_checkable_must not_counted not_checkable);
ok(exists $j->{$_}, "top-level key $_") for @v1, @added;
like($j->{spec_version}, qr/^v\d+\.\d+-\w+$/, 'spec_version names a spec version');

# Area names never change (a new device type may add one).
my @areas = (
	'Basic Facilities of a Virtio Device', 'General Initialization And Device Operation',
	'Virtio Transport Options / Virtio Over PCI Bus', 'Virtio Transport Options / Virtio Over MMIO',
	'Virtio Transport Options / Virtio over channel I/O', 'Reserved Feature Bits',
	map { "Device Types / $_" } qw(network block console entropy balloon scsi gpu input crypto vsock fs rpmb
				      iommu sound mem i2c scmi gpio pmem can spi media rtc));
my %have = map { $_->{area} => $_ } @{ $j->{areas} };
ok($have{$_}, "area '$_'") for @areas;

my (%sum, %gsum);
my ($shape, $honest) = (0, 0);
my %generic = map { $_ => 1 } @areas[0, 1, 2, 5];
for my $a (@{ $j->{areas} }) {
	for my $l (qw(MUST SHOULD MAY)) {
		my $e = $a->{$l};
		$shape++ unless ref $e eq 'HASH' && 5 == grep { defined $e->{$_} && $e->{$_} =~ /^\d+$/ }
		    qw(total blackbox checked checkable host_action);
		$honest++ unless $e->{checked} <= $e->{checkable} && $e->{checkable} == $e->{blackbox} + $e->{host_action}
		    && $e->{checkable} <= $e->{total};
		next unless $l eq 'MUST';
		$sum{$_} += $e->{$_} for qw(total blackbox checked checkable);
		next unless $generic{ $a->{area} };
		$gsum{$_} += $e->{$_} for qw(blackbox checked checkable);
	}
}
is($shape, 0, 'every area has MUST, SHOULD, MAY with total, blackbox, checked, checkable, host_action');
is($honest, 0, 'everywhere checked <= checkable = blackbox + host_action <= total');
is_deeply([ @$j{qw(must must_blackbox must_checked must_checkable)} ], [ @sum{qw(total blackbox checked checkable)} ],
	  'must, must_blackbox, must_checked, must_checkable are the sums of the MUST cells');
is_deeply([ @$j{qw(generic_blackbox_must generic_checked generic_checkable_must)} ],
	  [ @gsum{qw(blackbox checked checkable)} ], 'the generic_* figures are the sums over the generic areas');
is(scalar @{ $j->{uncovered_must} }, $j->{generic_checkable_must} - $j->{generic_checked},
   'uncovered_must lists every unchecked checkable MUST statement of the generic areas');
is(scalar(grep { 5 == grep { defined } @$_{qw(id level label source class)} } @{ $j->{uncovered_must} }),
   scalar @{ $j->{uncovered_must} }, 'uncovered_must entries: id, level, label, source, class');
my $outside = 0;
for my $a (@{ $j->{areas} }) { $outside += $a->{$_}{total} - $a->{$_}{checkable} for qw(MUST SHOULD MAY) }
is(scalar @{ $j->{not_checkable} }, $outside, "not_checkable lists the $outside statements outside the checkable classes");
is(scalar(grep { length($_->{reason}) && $_->{class} =~ /^(fault|transport|legacy|unobservable)$/ } @{ $j->{not_checkable} }),
   $outside, '... each with its class and reason');
is(scalar(grep { 4 == grep { defined && length } @$_{qw(check id kind reason)} } @{ $j->{not_counted} }),
   scalar @{ $j->{not_counted} }, 'not_counted entries: check, id, kind, reason');

# The text and TSV formats say the same.
my @text = split /\n/, qx{$vct coverage};
is($text[-1], "coverage: $j->{must_checked}/$j->{must} device-side MUST statements checked ($j->{must_checkable} checkable)",
   'the text format ends with the summary line, from the same figures');
like($text[-2], qr{^generic chapters and PCI transport: $j->{generic_checked}/$j->{generic_checkable_must} checkable MUST-level statements checked \(\d+%\)$},
     'the line before it: the generic figure');
my @tsv = split /\n/, qx{$vct coverage --format tsv};
my @h = split /\t/, shift @tsv;
is_deeply([ @h[0 .. 4] ], [qw(area level total blackbox checked)], 'TSV keeps its first five columns');
my $agree = 0;
for (@tsv) {
	my %r;
	@r{@h} = split /\t/;
	my $e = $have{ $r{area} }{ $r{level} };
	$agree++ if $e && 5 == grep { $r{$_} == $e->{$_} } qw(total blackbox checked checkable host_action);
}
is($agree, scalar @tsv, 'every TSV row equals its JSON cell');
done_testing();
