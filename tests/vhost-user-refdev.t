#!/usr/bin/perl
# The reference device as a vhost-user back end (testbed/refdev/refdev_vu.h):
# build/vct-refdev-vu serving a socket, vct its front end over
# `vhost-user:SOCK,type=TYPE`, clean (every check passes or SKIPs, the vu.*
# checks get verdicts); the back end refusing malformed front-end messages;
# a back end that dies mid-check or in the reset after one reported as the
# device's crash (not ok, verdict crashed, exit 1, later checks SKIP, nothing
# hangs) and one that dies mid-fuzz found as backend-exited; a stray write still
# found where a huge writable range covers other buffers; refdev:TYPE,vhost-user
# (vct starts the back end itself) leaving no process or socket behind.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use IO::Socket::UNIX;
use Socket qw(SOCK_STREAM);
use Time::HiRes qw(time sleep);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $build = $ENV{BUILD} // 'build';
my ($vct, $be) = ("$build/vct", "$build/vct-refdev-vu");
for ($vct, $be) {
	die "$_ not built: a build failure fails this test (make $_)\n" unless -x $_;
}
my $dir = tempdir('vct-vuref-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my (%pids, $n);

# Start a back end; returns its socket once it listens (it is in place only then).
sub backend {
	my (@args) = @_;
	my $sock = "$dir/s" . ++$n;
	my $pid = fork() // die "fork: $!";
	if (!$pid) {
		open(STDERR, '>', "$sock.log") or die;
		exec($be, @args[0 .. $#args - 1], $sock, $args[-1]) or die "exec: $!";
	}
	$pids{$sock} = $pid;
	for (1 .. 200) { last if -S $sock; sleep 0.02 }
	return $sock;
}

sub stop {
	my ($sock) = @_;
	my $pid = delete $pids{$sock} or return;
	kill 'KILL', $pid;
	waitpid($pid, 0);
}
END { stop($_) for keys %pids }

sub tally {
	my ($tap) = @_;
	my %r = (pass => 0, fail => 0, skip => 0);
	for (split /\n/, $tap) {
		next unless /^(not )?ok \d+ - /;
		if (/# SKIP/) { $r{skip}++ } elsif ($1) { $r{fail}++ } else { $r{pass}++ }
	}
	return \%r;
}

# ---- clean: the suites over vhost-user against the reference device --------
for my $type (qw(blk net)) {
	my $sock = backend($type);
	my $t0 = time;
	my $tap = qx{timeout -s KILL 300 $vct run vhost-user:$sock,type=$type 2>/dev/null};
	my ($rc, $t) = ($? >> 8, tally($tap));
	is($rc, 0, sprintf("$type: vct run vhost-user:SOCK,type=$type exits 0 (%.1f s)", time - $t0));
	is($t->{fail}, 0, "$type: no check fails against the clean back end") or diag(join "\n", grep /^not ok/, split /\n/, $tap);
	cmp_ok($t->{pass}, '>=', 40, "$type: $t->{pass} non-SKIP verdicts");
	like($tap, qr/^# implementation: vct-refdev-vu$/m, "$type: the implementation is named from the peer");
	my @vu = $tap =~ /^ok \d+ - (vu\.\S+) .*$/mg;
	my @vu_skip = $tap =~ /^ok \d+ - (vu\.\S+) .*# SKIP/mg;
	is(scalar(@vu) - scalar(@vu_skip), 14, "$type: 14 of the 15 vu.* checks get a verdict (one is the other type's)");
	like($tap, qr/^ok \d+ - vu\.inflight_tracked /m, "$type: the back end keeps the inflight buffer vct got and handed back");
	stop($sock);
}

# ---- the back end validates what the front end sends ------------------------
{
	my $sock = backend('blk');
	my $msg = sub {
		my ($req, $flags, $payload) = @_;
		return pack('LLL', $req, $flags, length $payload) . $payload;
	};
	my $reply = sub {
		my ($c) = @_;
		my $h = '';
		my $got = sysread($c, $h, 12);
		return undef unless $got && $got == 12;
		my ($req, $flags, $size) = unpack('LLL', $h);
		my $p = '';
		sysread($c, $p, $size) if $size;
		return [$req, $flags, $p];
	};
	my $c = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $sock) or die "connect: $!";
	syswrite($c, $msg->(1, 1, ''));	# GET_FEATURES
	my $r = $reply->($c);
	ok($r && $r->[0] == 1 && $r->[1] == 5 && length($r->[2]) == 8, 'GET_FEATURES answered: version 1, reply flag, a u64');
	# Protocol features with REPLY_ACK, then a ring index the device does not have, need_reply.
	syswrite($c, $msg->(16, 1, pack('Q', 1 << 3)));
	syswrite($c, $msg->(8, 1 | 8, pack('LL', 200, 64)));
	$r = $reply->($c);
	ok($r && $r->[0] == 8 && unpack('Q', $r->[2]) != 0, 'SET_VRING_NUM of ring 200 with need_reply: refused with a non-zero ack');
	syswrite($c, $msg->(8, 1 | 8, pack('LL', 0, 3)));
	$r = $reply->($c);
	ok($r && unpack('Q', $r->[2]) != 0, 'SET_VRING_NUM 3 on a split ring (not a power of 2): refused');
	syswrite($c, $msg->(5, 1 | 8, pack('LL', 2, 0) . ("\0" x 64)));	# two regions, no descriptors
	$r = $reply->($c);
	ok($r && unpack('Q', $r->[2]) != 0, 'SET_MEM_TABLE of two regions without descriptors: refused');
	syswrite($c, $msg->(1, 2, ''));	# version 2
	$r = $reply->($c);
	ok(!defined $r, 'a message with version 2 in its flags ends the session');
	close $c;
	$c = IO::Socket::UNIX->new(Type => SOCK_STREAM, Peer => $sock) or die "connect: $!";
	syswrite($c, $msg->(1, 1, ''));
	$r = $reply->($c);
	ok($r && $r->[0] == 1, 'the next front end gets a new session');
	close $c;
	my $log = qx{cat $sock.log};
	like($log, qr/version 2 in flags/, 'the back end says why it ended the session');
	stop($sock);
}

# ---- a back end that dies mid-check: the device's crash ---------------------
for my $case (['--die-on', 'GET_VRING_BASE:5', 'in the reset that ends a check'],
	      ['--die-after-requests', '40', 'inside a check, on a request']) {
	my ($opt, $val, $what) = @$case;
	my $sock = backend($opt, $val, 'blk');
	my $t0 = time;
	my $tap = qx{timeout -s KILL 120 $vct run vhost-user:$sock,type=blk --timeout 1000 2>/dev/null};
	my $rc = $? >> 8;
	my $secs = time - $t0;
	cmp_ok($secs, '<', 60, sprintf("dies $what: the run ends (%.1f s), nothing hangs", $secs));
	is($rc, 1, "dies $what: exit 1 (a device failure, not a harness error)");
	my @bad = $tap =~ /^(not ok \d+ - .*)$/mg;
	is(scalar(@bad), 1, "dies $what: one check is not ok") or diag(join "\n", @bad);
	like($tap, qr/^not ok \d+ - \S+ .* crashed\n  ---\n  outcome: fail\n(?:  .*\n)*?  verdict: crashed\n/m,
	     "dies $what: that check's verdict is crashed");
	like($tap, qr/seen: "the back end \(vct-refdev-vu, pid \d+\) exited: /, "dies $what: the back end's exit is the evidence");
	unlike($tap, qr/outcome: harness-error/, "dies $what: no harness error");
	like($tap, qr/# SKIP device: its process died during \S+; not run/, "dies $what: the later checks SKIP");
	stop($sock);
}

# ---- a back end that dies mid-fuzz ------------------------------------------
{
	my $sock = backend('--die-after-requests', '6000', 'blk');	# past the campaign's limit measurement (at least a second of requests)
	my $t0 = time;
	my $out = qx{timeout -s KILL 120 $vct fuzz --device vhost-user:$sock,type=blk --engine builtin --runs 20000 --out $dir/fz 2>&1};
	my $rc = $? >> 8;
	my $secs = time - $t0;
	cmp_ok($secs, '<', 60, sprintf('dies mid-fuzz: the campaign ends (%.1f s), nothing hangs', $secs));
	isnt($rc, 0, "dies mid-fuzz: a non-zero exit ($rc)");
	like($out, qr/finding backend-exited/, 'dies mid-fuzz: the back end exiting is a finding') or diag($out);
	my @found = glob("$dir/fz/findings/*backend-exited*.bin");
	ok(@found, 'dies mid-fuzz: the program is saved for vct repro');
	stop($sock);
}

# ---- the builtin engine's schedule out of process ----------------------------
# (fuzz/sched.h: a device in another process gets the timed schedule: the
# seeds run alone first, then draws through the keys to their holders)
{
	my $sock = backend('rng');
	my $out = qx{timeout -s KILL 120 $vct fuzz --device vhost-user:$sock,type=rng --engine builtin --runs 400 --seed 1 --out $dir/sch 2>&1};
	my @seeds = glob('fuzz/corpus/rng/*.bin');
	my ($line) = (qx{cat $dir/sch/summary.txt 2>/dev/null} =~ /^(schedule: .*)$/m);
	my ($execs) = (qx{cat $dir/sch/summary.txt 2>/dev/null} =~ /^executions: (\d+)$/m);
	ok(defined $line, 'schedule: the summary has its line') or diag($out);
	$line //= '';
	my ($calib) = $line =~ /seeds calibrated (\d+) /;
	my ($bykey) = $line =~ /a key's holder (\d+) \(/;
	my ($keys, $holders) = $line =~ /, (\d+) keys held by (\d+);/;
	my $draws = 0;
	$draws += $1 while $line =~ /(?:calibrated|holder|entry|fresh) (\d+) \(\d+ us\)/g;
	is($calib, scalar(@seeds), 'schedule: every seed file run alone first (' . scalar(@seeds) . ')');
	ok(($keys // 0) > 0 && ($holders // 0) > 0 && ($bykey // 0) > 0,
	   'schedule: ' . ($keys // 0) . ' keys held by ' . ($holders // 0) . ' entries, drawn through ' . ($bykey // 0) . ' times') or diag($line);
	ok($draws > 0 && $draws <= ($execs // 0), "schedule: its draws ($draws) are the campaign's executions ($execs) less minimization's");
	stop($sock);
}

# ---- the range oracles over one shared memory region ------------------------
# A device-writable descriptor whose range covers later buffers lets the device
# write there (no finding: fuzz/regress/clean/vu-writable-range-over-buffers.txt,
# run clean by tests/fuzz-regress.t); the same program's ordinary request under
# quirk=write-past-len still shows the stray write past its last buffer.
{
	my $p = 'fuzz/regress/clean/vu-writable-range-over-buffers.txt';
	my $out = qx{timeout -s KILL 60 $vct repro $p --device refdev:blk,vhost-user,quirk=write-past-len 2>&1};
	is($? >> 8, 1, 'write-past-len over vhost-user: vct repro exits 1') or diag($out);
	like($out, qr/^not ok \d+ - fuzz\.write-outside-buffer D-d61ea6f6$/m, 'the stray write past the buffer is write-outside-buffer');
	unlike($out, qr/fuzz\.write-readable/, 'the writes inside the declared range are not write-readable');
}

# ---- an RPMB back end is not fuzzed without --allow-irreversible ------------
# (a fuzzed request could program a real part's one-time key; nothing is sent)
{
	my $sock = backend('rpmb');
	my $e = qx{timeout -s KILL 60 $vct fuzz --device vhost-user:$sock,type=rpmb --engine builtin --runs 20 --out $dir/rpmb 2>&1};
	is($? >> 8, 2, 'fuzz of an RPMB back end: refused, exit 2');
	like($e, qr/^vct fuzz: \S+ is an RPMB device: .*give --allow-irreversible/m, 'one line naming the problem and the fix');
	ok(!-d "$dir/rpmb", 'nothing written');
	$e = qx{timeout -s KILL 60 $vct fuzz --device vhost-user:$sock,type=rpmb --engine builtin --runs 20 --allow-irreversible --out $dir/rpmb 2>&1};
	is($? >> 8, 0, 'with --allow-irreversible it is fuzzed') or diag($e);
	stop($sock);
}

# ---- refdev:TYPE,vhost-user: vct starts the back end itself ----------------
{
	my $tmp = tempdir('vct-vuref-fork-XXXXXX', TMPDIR => 1, CLEANUP => 1);
	my $tap = qx{TMPDIR=$tmp timeout -s KILL 120 $vct run refdev:blk,vhost-user --only 'vu.*' 2>/dev/null};
	is($? >> 8, 0, 'refdev:blk,vhost-user: the vu.* checks pass');
	like($tap, qr/^# implementation: refdev-vu$/m, 'refdev:blk,vhost-user: the implementation label');
	my @left = glob("$tmp/vct-vu-refdev.*");
	is("@left", '', 'refdev:blk,vhost-user: the socket folder is gone after the run');
	my $e = qx{$vct run refdev:blk,vhost-user,phys-dma 2>&1};
	is($? >> 8, 2, 'refdev:blk,vhost-user,phys-dma: refused, exit 2');
	like($e, qr/vhost-user/, 'the line names the clash');
}
done_testing();
