#!/usr/bin/perl
# After a failed `make check`: the failed tests' diagnostics again, shortly,
# then prove's summary. CI keeps only the tail of the output, where the
# summary named the failing test but its diagnostics, printed while the
# file ran among the others, were gone (stop 28: vhost-user.t test 33).
# Usage: tests/check-tail.pl LOG (prove's output and its files' stderr).
use strict;
use warnings;

my ($log) = @ARGV;
open(my $f, '<', $log) or die "check-tail: $log: $!\n";
my @lines = <$f>;
close $f;

# Test::More's failure blocks: "#   Failed test ..." and the "#" lines after it.
my (@blocks, $cur);
for (@lines) {
	if (/^#\s+Failed test/) {
		push @blocks, ($cur = [$_]);
	} elsif ($cur && /^#/ && !/^#\s+Looks like you failed/) {
		push @$cur, $_ if @$cur < 8;	# (the first lines say what was seen; a long diag is in the log)
	} else {
		undef $cur;
	}
}
my ($sum) = join('', @lines) =~ /(^Test Summary Report\n.*)\z/ms;
print "\n---- the failed tests' diagnostics again (", scalar(@blocks), "; all of them in $log) ----\n";
print @$_ for @blocks[0 .. ($#blocks < 5 ? $#blocks : 5)];
print $sum // "(no summary from prove)\n";
