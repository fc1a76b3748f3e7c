#!/usr/bin/perl
# Help, man page and completion come from the option tables the parsers use
# (issue 19 item 2): every command answers --help and `vct help COMMAND` with
# exit 0; every option the help shows is accepted; the committed man page is
# what the tables render and groff reads it without a warning; the bash
# completion offers the tables' options and values.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
my $tmp = tempdir(CLEANUP => 1);
sub slurp { my ($f) = @_; local (@ARGV, $/) = ($f); <> // '' }

my $all = qx{$vct --help 2>$tmp/err};
is($? >> 8, 0, 'vct --help exits 0');
like($all, qr/--version/, 'vct --help lists the global options');
my @cmds = $all =~ /^  (\w+) {2,}/mg;
is_deeply([sort @cmds], [sort qw(list run stress checks clause coverage refdev report fuzz repro help)],
          'vct --help lists every command');
is(qx{$vct help}, $all, 'vct help is vct --help');

for my $c (@cmds) {
    my $h = qx{$vct $c --help 2>$tmp/err};
    is($? >> 8, 0, "vct $c --help exits 0");
    is(slurp("$tmp/err"), '', "vct $c --help: nothing on stderr");
    like($h, qr/\Ausage: vct $c\b/, "vct $c --help starts with its usage");
    is(qx{$vct help $c}, $h, "vct help $c is vct $c --help");
    is(qx{$vct $c -h}, $h, "vct $c -h is vct $c --help");
    # Every option the help documents is one the parser accepts (a value that
    # may be invalid is fine: that is a different message).
    my ($opts) = $h =~ /^options:\n(.*)\z/ms;
    my @o = ($opts // '') =~ /^  --([a-z0-9-]+)/mg;
    for my $o (grep { $_ ne 'help' } @o) {
        my $e = qx{$vct $c --$o=1 --help 2>&1 >/dev/null};
        unlike($e, qr/unknown option/, "vct $c --$o is accepted");
    }
    my $rc = system("$vct $c --no-such-option >/dev/null 2>&1") >> 8;
    is($rc, 2, "vct $c refuses an option it does not document");
}

# The man page: committed, generated from the tables, clean for groff.
my $man = qx{$vct help --man};
is($? >> 8, 0, 'vct help --man exits 0');
is(slurp('man/vct.1'), $man, 'man/vct.1 is what the option tables render (make man regenerates it)');
like($man, qr/^\.SS "vct $_"$/m, "the man page has a section for vct $_") for @cmds;
SKIP: {
    skip 'groff not installed', 2 unless qx{sh -c 'command -v groff'};
    my $w = qx{groff -man -Tutf8 -ww -z man/vct.1 2>&1};
    is($?, 0, 'groff -man -ww reads man/vct.1');
    is($w, '', 'groff gives no warning') or diag($w);
}
SKIP: {
    skip 'man not installed', 2 unless qx{sh -c 'command -v man'};
    my $r = qx{MANWIDTH=80 man -l man/vct.1 2>&1};
    is($?, 0, 'man -l renders man/vct.1');
    like($r, qr/EXIT STATUS.*0 no MUST-level check failed/s, 'the rendered page shows the exit status');
}

# Bash completion from the same tables.
my $comp = qx{$vct help --completion bash};
is($? >> 8, 0, 'vct help --completion bash exits 0');
open my $fh, '>', "$tmp/vct.bash" or die; print $fh $comp; close $fh;
is(system('bash', '-n', "$tmp/vct.bash"), 0, 'the completion script is valid bash');
sub complete {
    my (@words) = @_;
    my $w = join ' ', map { "\"$_\"" } @words;
    my $out = qx{bash -c 'source $tmp/vct.bash; COMP_WORDS=($w); COMP_CWORD=\$((\${#COMP_WORDS[@]}-1)); _vct; printf "%s\\n" "\${COMPREPLY[@]}"'};
    return [sort split /\n/, $out];
}
is_deeply(complete('vct', 'ru'), ['run'], 'completes a command');
is_deeply(complete('vct', 'run', '--tap'), ['--tap-version'], 'completes an option of run');
is_deeply(complete('vct', 'run', '--tap-version', ''), ['13', '14'], 'completes the values of --tap-version');
is_deeply(complete('vct', 'coverage', '--format', 'j'), ['json'], 'completes an enum value');
ok(grep({ $_ eq 'refdev:blk' } @{ complete('vct', 'run', 'refdev:') }), 'completes a TARGET');
done_testing();
