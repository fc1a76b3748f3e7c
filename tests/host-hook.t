#!/usr/bin/perl
# vct run --host-hook (issue 14): the worked example hook
# (testbed/host-hook-example.sh) drives the reference device through its
# host FIFO, so the checks that need a host-side configuration change give
# real verdicts through an out-of-process hook; a quirk still fails them;
# an unsupported action SKIPs with the hook's reason; a broken hook is a
# harness error, never a device failure; bad options are usage errors.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use File::Basename qw(dirname);
use Cwd qw(getcwd);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $build = $ENV{BUILD} // 'build';
my $vct = "$build/vct-san";
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;
$ENV{ASAN_OPTIONS} = 'detect_leaks=1:abort_on_error=0:exitcode=99';
$ENV{UBSAN_OPTIONS} = 'print_stacktrace=1:halt_on_error=1:exitcode=98';

my $dir = tempdir('host-hook-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $fifo = "$dir/host.fifo";
system('mkfifo', $fifo) == 0 or die "mkfifo: $!";
my $hook = getcwd() . '/testbed/host-hook-example.sh';
my $only = '*config*';   # the seven checks below, and the other configuration checks

sub run {
    my ($args) = @_;
    my $out = qx{$vct run $args 2>$dir/err};
    my $rc = $? >> 8;
    my $err = do { local (@ARGV, $/) = ("$dir/err"); <> // '' };
    unlike($err, qr/AddressSanitizer|runtime error|LeakSanitizer/, "sanitizers silent: $args") or diag($err);
    return ($out, $rc, $err);
}
sub points { my ($out, $re) = @_; return grep { /^(not )?ok \d+ - $re/ } split /\n/, $out }

for my $type (qw(blk net console)) {
    my ($out, $rc) = run("'refdev:$type,host-fifo=$fifo' --host-hook '$hook' --only '$only'");
    is($rc, 0, "refdev:$type through the example hook: exit 0") or diag($out);
    my @real = grep { !/# SKIP/ } points($out, qr/(config\.generation_(changes|changes_before_driver_ok|settles)|isr\.config_change_bit|msix\.config_no_vector_silent|suspend\.(no_config_notify|config_notify_at_resume)) /);
    is(scalar @real, 7, "refdev:$type: the seven host-action checks give real verdicts through the hook") or diag($out);
    is(scalar(grep { /^not ok/ } split /\n/, $out), 0, "refdev:$type: all pass");
}

my ($out, $rc) = run("'refdev:blk,host-fifo=$fifo,quirk=config-gen-stuck' --host-hook '$hook' --only config.generation_changes");
like($out, qr/^not ok 1 - config\.generation_changes/m, 'a quirk still fails its check when the hook drives the change');
is($rc, 1, '... and vct exits 1 (MUST failure)');

($out, $rc) = run("refdev:blk --host-hook '$hook' --only isr.config_change_bit");
like($out, qr/^ok 1 - isr\.config_change_bit .*# SKIP host action: config-change unavailable on this target \(give the reference device a host-fifo/m,
     'exit 3 from the hook: SKIP with the prefix and the reason the hook gave');

open my $bad, '>', "$dir/bad-hook" or die; print $bad "#!/bin/sh\necho 'the BMC is not answering' >&2\nexit 7\n"; close $bad; chmod 0755, "$dir/bad-hook";
($out, $rc) = run("refdev:blk --host-hook '$dir/bad-hook' --only isr.config_change_bit");
like($out, qr/^not ok 1 .*\n  ---\n  outcome: harness-error\n(?:.*\n)*?  harness_error: "host action config-change failed: host hook .* exited 7: the BMC is not answering"/m,
     'a failing hook is a harness error naming the hook, its exit and its message');
is($rc, 3, '... exit 3 (harness error), not a device failure');

(undef, $rc, my $err) = run("refdev:blk --host-hook '$hook' --host-channel /dev/null");
is($rc, 2, '--host-hook with --host-channel: usage error');
like($err, qr/^vct( run)?: .*give one/, '... one line naming the problem');
(undef, $rc, $err) = run("refdev:blk --host-channel $dir/no-such-tty");
is($rc, 2, '--host-channel to a missing device: exit 2');
like($err, qr/^vct: cannot open host channel .*no-such-tty/, '... naming the path');
done_testing();
