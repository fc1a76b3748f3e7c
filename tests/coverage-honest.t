#!/usr/bin/perl
# Issue 10 item 7: what `vct coverage` counts. Statement classes come from
# spec-refs/classification.tsv (six of them; checkable = blackbox +
# host-action); a statement is checked only when a check that can fail on a
# real device names it: checks marked .proxy (trigger only inside refdev) or
# .analogy or .unexercisable do not count, nor checks of statements outside the checkable
# classes. The counts are recomputed here from the committed statement table
# and `vct checks`, independently of the C code.
use strict;
use warnings;
use Test::More;
use JSON::PP;
use File::Basename qw(dirname);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
BAIL_OUT("$vct not built (a build failure is a failure)") unless -x $vct;

# --- the classes ----------------------------------------------------------
my %checkable = (blackbox => 1, 'host-action' => 1);
my %known = (%checkable, fault => 1, transport => 1, legacy => 1, unobservable => 1);
my (%cls, %reason, %level, %area_of);
open(my $t, '<', 'spec-refs/statements-v1.4-cs01.tsv') or die "statements: $!";
my $hdr = <$t>;
while (<$t>) {
	chomp;
	my @f = split /\t/;
	next unless $f[2] eq 'device';
	$cls{$f[0]} = $f[12];
	$reason{$f[0]} = $f[13];
	$level{$f[0]} = $f[3];
}
close $t;
my @unknown = grep { !$known{$cls{$_}} } keys %cls;
is(scalar(@unknown), 0, 'every device-side statement is in one of the six classes') or diag("@unknown[0..4]");
my @noreason = grep { $cls{$_} ne 'blackbox' && ($reason{$_} eq '-' || $reason{$_} eq '') } keys %cls;
is(scalar(@noreason), 0, 'every statement outside blackbox (host-action included) has a reason');
ok((grep { $cls{$_} eq 'host-action' } keys %cls) >= 40, 'device-side statements that need the host to act are classed host-action');
for my $id (qw(D-2f1fe287 D-53215f10 D-b7ecd2b0 D-5a8abaca D-0378a3d8 D-ebd7d245 D-c58a7ca0 D-64421b1f)) {
	is($cls{$id}, 'host-action', "$id (config change, resize, input event, memory resize) is host-action");
}

# --- vct coverage --reasons lists every statement taken out of the checkable classes
my @r = split /\n/, qx{$vct coverage --reasons --format tsv};
is($? >> 8, 0, 'vct coverage --reasons --format tsv exits 0');
is(shift(@r), "id\tlevel\tclass\tarea\treason", 'reasons tsv header');
my %listed;
for (@r) {
	my @f = split /\t/;
	$listed{$f[0]} = $f[4];
}
my @out = grep { !$checkable{$cls{$_}} } keys %cls;
is(scalar(grep { defined $listed{$_} && $listed{$_} eq $reason{$_} } @out), scalar(@out),
   scalar(@out) . ' statements outside the checkable classes, each listed with its reason');
my $rt = qx{$vct coverage --reasons};
like($rt, qr/^  D-0b166af0 MUST\s+unobservable\s+Basic Facilities of a Virtio Device: \S/m, 'the text listing names class, area and reason');
like($rt, qr/^\d+ statements outside the checkable classes, \d+ host-action$/m, 'the text listing ends with its counts');

# --- the markers ----------------------------------------------------------
# The virtio spec's coverage; the vhost-user protocol's U- statements are counted apart.
my @checks = grep { $_->[1] =~ /^D-/ } map { [ (split ' ')[0, 1] ] } grep { /\S/ } split /\n/, qx{$vct checks};
my $j = decode_json(scalar qx{$vct coverage --format json});
my %nc = map { $_->{check} => $_ } @{ $j->{not_counted} };
# These were proxies (their trigger lived only inside refdev) until host-side
# actions gave them a real one (--host-hook, the test bed's QMP host): counted.
for my $c (qw(isr.config_change_bit config.generation_changes suspend.no_config_notify suspend.config_notify_at_resume)) {
	ok(!$nc{$c}, "$c (a host action triggers it on a real device) is counted");
}
for my $c (keys %nc) {
	ok(length($nc{$c}{reason}) > 10, "$c: not counted with a reason ($nc{$c}{kind})");
}
# A check the mutation gate cannot show failing (.unexercisable) certifies nothing: not counted.
my @unex = grep { $_->[3] ne '-' } map { [ split /\t/ ] } grep { /\S/ } split /\n/, qx{$vct checks --format tsv};
is(scalar(grep { $nc{ $_->[0] } } @unex), scalar(@unex),
   scalar(@unex) . ' checks marked not exercisable on refdev are listed as not counted');
my @outside = grep { !$checkable{ $cls{ $_->[1] } } } @checks;
is(scalar(grep { $nc{ $_->[0] } } @outside), scalar(@outside),
   'checks of statements outside the checkable classes are listed as not counted, with the class');
my %tsv5 = map { (split /\t/)[0, 4] } grep { /\S/ } split /\n/, qx{$vct checks --format tsv};
is(scalar(grep { $tsv5{$_} eq ($nc{$_} ? "$nc{$_}{kind}: $nc{$_}{reason}" : '-') } map { $_->[0] } @checks), scalar(@checks),
   'vct checks --format tsv marks every check that does not count (fifth column), "-" for the others');
like(scalar qx{$vct clause D-2f1fe287}, qr/^check:\s+isr\.config_change_bit$/m,
     'vct clause lists a counted host-action check without a not-counted mark');

# --- honest counts, recomputed --------------------------------------------
my %checked;
for (@checks) {
	my ($name, $id) = @$_;
	$checked{$id} = 1 if $checkable{ $cls{$id} } && !$nc{$name};
}
my @must = grep { $level{$_} =~ /^(MUST|MUST NOT|REQUIRED|SHALL|SHALL NOT)$/ } keys %cls;
my $n = grep { $checked{$_} } @must;
my $k = grep { $checkable{ $cls{$_} } } @must;
my $text = qx{$vct coverage};
my @lines = split /\n/, $text;
is($lines[-1], sprintf('coverage: %d/%d device-side MUST statements checked (%d checkable)', $n, scalar(@must), $k),
   "the last line counts only checkable statements with a counted check ($n/" . scalar(@must) . ", $k checkable)");
ok(!$checked{'D-0b166af0'}, 'D-0b166af0 is not counted as checked (unobservable only)');
for my $id (qw(D-2f1fe287 D-5a8abaca D-0378a3d8 D-53215f10 D-b7ecd2b0)) {
	ok($checked{$id}, "$id (host-action) is counted: its checks fail on a real device through a host action");
	unlike($text, qr/^  \Q$id\E MUST/m, "$id is not listed as uncovered");
}
my ($sum_ck, $sum_ok) = (0, 0);
for my $a (@{ $j->{areas} }) {
	for my $l (qw(MUST SHOULD MAY)) {
		my $e = $a->{$l};
		$sum_ck++ if $e->{checked} <= $e->{checkable} && $e->{checkable} <= $e->{total}
		    && $e->{checkable} == $e->{blackbox} + $e->{host_action};
		$sum_ok++;
	}
}
is($sum_ck, $sum_ok, 'per area and level: checked <= checkable = blackbox + host-action <= total');
done_testing();
