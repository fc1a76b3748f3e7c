#!/usr/bin/perl
# vct as a vhost-user front end (README, "vhost-user"): the suites against
# qemu-storage-daemon's vhost-user-blk export and dpdk-testpmd's vhost PMD,
# each started and stopped here (testbed/vhost-backend.sh); virtiofsd
# sharing a scratch folder; a back end killed mid-run reported with nothing
# hanging; a fuzz campaign against qemu-storage-daemon whose findings replay;
# usage errors. make check installs the back ends (testbed/ensure-deps.sh), so
# a missing one fails here, it does not SKIP.
use strict;
use warnings;
use Test::More;
use File::Basename qw(dirname);
use File::Temp qw(tempdir);
use POSIX qw(WNOHANG);
use Time::HiRes qw(time sleep);

chdir(dirname(__FILE__) . '/..') or die "chdir: $!";
my $vct = ($ENV{BUILD} // 'build') . '/vct';
die "$vct not built: a build failure fails this test (make $vct)\n" unless -x $vct;

my $dir = tempdir('vct-vhost-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my @dirs;

sub backend {
	my ($type) = @_;
	my $d = "$dir/$type" . scalar(@dirs);
	push @dirs, $d;
	# testpmd is the device under test here and busy-polls: at the script's default nice 19
	# it starves behind any busy process on its CPU, and its answers miss vct's 1 s waits.
	my $sock = qx{VHOST_NICE=0 testbed/vhost-backend.sh start $type $d 240};
	chomp $sock;
	return ($? == 0 && -S $sock) ? ($sock, $d) : (undef, $d);
}

sub stop { system('testbed/vhost-backend.sh', 'stop', $_[0]) }
# Every back end goes, whatever happened (testpmd busy-polls a CPU).
END { stop($_) for @dirs }

# TAP from vct: test points, SKIPs, failures and their outcomes.
sub tally {
	my ($tap) = @_;
	my (%r, @fail);
	for (split /\n/, $tap) {
		next unless /^(not )?ok \d+ - (\S+)/;
		my ($not, $name) = ($1, $2);
		if (/# SKIP/) { $r{skip}++ } elsif ($not) { $r{fail}++; push @fail, $name } else { $r{pass}++ }
	}
	$r{verdicts} = ($r{pass} // 0) + ($r{fail} // 0);
	$r{failed} = \@fail;
	return \%r;
}

# The test points of the named failed checks with their YAML blocks: CI prints only the
# tail of a test's output, so the evidence of an unexpected failure must come last, not a
# whole run's TAP.
sub blocks {
	my ($tap, @names) = @_;
	my %want = map { $_ => 1 } @names;
	return join '', grep { /^not ok \d+ - (\S+)/ && $want{$1} } $tap =~ /^(not ok .*\n(?:  .*\n)*)/mg;
}

sub run_suite {
	my ($target, $res, $ms) = @_;
	my $t0 = time;
	$ms //= 1000;
	my $tap = qx{timeout -s KILL 300 $vct run $target --timeout $ms --results $res 2>/dev/null};
	return ($tap, $? >> 8, time - $t0);
}

# ---- block: qemu-storage-daemon ------------------------------------------
my ($blk, $blkdir) = backend('blk');
ok($blk, 'qemu-storage-daemon exports vhost-user-blk') or diag(qx{cat $blkdir/blk.log 2>&1});
SKIP: {
	skip 'no qemu-storage-daemon socket', 9 unless $blk;
	my ($tap, $rc, $secs) = run_suite("vhost-user:$blk,type=blk", "$dir/res-blk");
	my $t = tally($tap);
	like($tap, qr/\ATAP version 14\n1\.\.\d+\n/, 'blk: TAP 14 with the plan first');
	cmp_ok($t->{verdicts}, '>=', 40, "blk: at least 40 non-SKIP verdicts ($t->{verdicts} in " . sprintf('%.1f', $secs) . ' s)');
	unlike($tap, qr/outcome: harness-error/, 'blk: no harness error');
	like($tap, qr/^# suite pci\/header: spec: transport: vhost-user; PCI chapter not applicable$/m,
	     'blk: the PCI chapter SKIPs, said once per suite');
	like($tap, qr/^ok \d+ - pci\.vendor_id .*# SKIP spec: transport: vhost-user; PCI chapter not applicable$/m,
	     'blk: and each of its checks SKIPs with that reason');
	like($tap, qr/^# suite core\/status: not offered: the back end lacks VHOST_USER_PROTOCOL_F_STATUS/m,
	     'blk: without STATUS the status checks SKIP (vct would be checking itself)');
	like($tap, qr/^ok \d+ - vu\.reply_ack \[U-[0-9a-f]{8} MUST\] vhost-user \//m,
	     'blk: the vhost-user statements are checked (U- ids)');
	# Every failure here is explained in the README (qemu-storage-daemon / libvhost-user).
	my %known = map { $_ => 1 } qw(ring.indirect_after_direct ring.queue_sizes_split vu.call_without_fd_polls
				      vu.kick_without_fd_polls);
	my @new = grep { !$known{$_} } @{$t->{failed}};
	is("@new", '', 'blk: no failure beyond those the README explains') or diag(blocks($tap, @new));
	my $json = '';
	if (open(my $f, '<', "$dir/res-blk/result.json")) { local $/; $json = <$f>; }
	ok($json =~ /"transport": "vhost-user"/ && $json =~ /"implementation": "qemu-storage-daemon"/,
	   'blk: result.json labels the transport and the implementation');
}

# ---- network: dpdk-testpmd ------------------------------------------------
my ($net, $netdir) = backend('net');
ok($net, 'dpdk-testpmd serves net_vhost0 (no huge pages, pinned to one CPU)') or diag(qx{cat $netdir/net.log 2>&1});
SKIP: {
	skip 'no testpmd socket', 5 unless $net;
	# 3 s waits: testpmd's message thread shares CPU 0 with whatever else runs; at load 5-8
	# its answers (a used entry, a GET_STATUS reply) came after 1 s in about a third of the runs.
	my ($tap, $rc, $secs) = run_suite("vhost-user:$net,type=net", "$dir/res-net", 3000);
	stop($netdir);
	my $t = tally($tap);
	cmp_ok($t->{verdicts}, '>=', 40, "net: at least 40 non-SKIP verdicts ($t->{verdicts} in " . sprintf('%.1f', $secs) . ' s)');
	unlike($tap, qr/outcome: harness-error/, 'net: no harness error');
	my %known = map { $_ => 1 } qw(features.no_orphan_features net.rx_num_buffers_one);
	my @new = grep { !$known{$_} } @{$t->{failed}};
	is("@new", '', 'net: no failure beyond those the README explains') or diag(blocks($tap, @new));
	like($tap, qr/^ok \d+ - vu\.disabled_rx_no_packets /m, 'net: a disabled receive ring gets no packet');
	like($tap, qr/^ok \d+ - net\.mrg_num_buffers /m, 'net: num_buffers judged on the probe testpmd loops back');
}

# ---- file system: virtiofsd sharing a scratch folder ---------------------
my ($fs, $fsdir) = backend('fs');
ok($fs, 'virtiofsd listens on its socket') or diag(qx{cat $fsdir/fs.log 2>&1});
# The suites on a second instance: virtiofsd serves one session and exits when it ends.
my ($fs2, $fs2dir) = backend('fs');
SKIP: {
	skip 'no second virtiofsd socket', 7 unless $fs2;
	my ($tap, $rc, $secs) = run_suite("vhost-user:$fs2,type=fs", "$dir/res-fs");
	my $t = tally($tap);
	like($tap, qr/\ATAP version 14\n1\.\.\d+\n/, 'fs: TAP 14 with the plan first');
	cmp_ok($t->{verdicts}, '>=', 20, "fs: at least 20 non-SKIP verdicts ($t->{verdicts} in " . sprintf('%.1f', $secs) . ' s)');
	like($tap, qr/^ok \d+ - fs\.hiprio_not_paused /m, 'fs: hiprio served while the request queue is busy');
	like($tap, qr/^ok \d+ - fs\.read_write /m, 'fs: FUSE_WRITE and FUSE_READ of a scratch file in the shared folder');
	# Every failure here is explained in the README (virtiofsd / libvhost-user): the indirect
	# table after a direct descriptor, and virtiofsd dying on GET_VRING_BASE of a ring that is
	# not running (vu.reply_version), after which the vu.* checks fail or SKIP with it.
	my ($crash) = $tap =~ /^not ok (\d+) - \S+ .*\n(?:  .*\n)*?.*closed the socket \(awaiting the reply to GET_VRING_BASE\)/m;
	my @new;
	for (split /\n/, $tap) {
		next unless /^not ok (\d+) - (\S+)/;
		my ($n, $name) = ($1, $2);
		next if $name eq 'ring.indirect_after_direct';
		# Only the check whose GET_VRING_BASE killed it: vct sees the dead back end before the
		# next check drives it (reported crashed; the later vu.* checks SKIP, its process died).
		next if defined $crash && $n == $crash && $name =~ /^vu\./;
		push @new, $name;
	}
	is("@new", '', 'fs: no failure beyond those the README explains') or diag(blocks($tap, @new));
	like($tap, qr/^# \d+ pass, \d+ fail .*\n\z/m, 'fs: the run goes on to its end');
	my @left = glob("$fs2dir/share/vct-*");
	is("@left", '', 'fs: the checks removed the scratch files they created');
}

# ---- a back end killed mid-run -------------------------------------------
my ($blk2, $blk2dir) = backend('blk');
SKIP: {
	skip 'no second qemu-storage-daemon', 6 unless $blk2;
	my $pid = open(my $fh, '-|', "timeout -s KILL 120 $vct run vhost-user:$blk2,type=blk --timeout 1000 2>/dev/null")
	    or die "vct: $!";
	my $tap = '';
	# Kill the back end once vct is past its first few checks.
	while (my $l = <$fh>) {
		$tap .= $l;
		if ($l =~ /^ok 45 /) {
			stop($blk2dir);
			last;
		}
	}
	my $t0 = time;
	$tap .= $_ while <$fh>;
	close $fh;
	my $rc = $? >> 8;
	cmp_ok(time - $t0, '<', 60, sprintf('the run ends %.1f s after the back end was killed', time - $t0));
	like($tap, qr/the back end \(qemu-storage-daemon, pid \d+\) exited/, 'the back end leaving is the evidence');
	# The back end is the device under test: its death is its crash, not vct's trouble.
	like($tap, qr/^not ok \d+ - \S+ .* crashed\n  ---\n  outcome: fail\n(?:  .*\n)*?  verdict: crashed\n/m,
	     'the check it died in (or in whose reset) is not ok, verdict crashed');
	unlike($tap, qr/outcome: harness-error/, 'no harness error');
	is($rc, 1, 'exit 1: a device failure');
	like($tap, qr/# SKIP device: its process died during \S+; not run/, 'later checks SKIP, nothing hangs')
	    or diag($tap);
}

# ---- fuzzing qemu-storage-daemon, findings replayed ------------------------
SKIP: {
	skip 'no qemu-storage-daemon socket', 3 unless $blk;
	my $out = qx{VCT_PROGRESS=1 timeout -s KILL 120 $vct fuzz --device vhost-user:$blk,type=blk --time 5 --out $dir/fz 2>&1};
	like($out, qr/execs \d+ \(\d+\/s\)/, 'the campaign prints executions per second');
	my @bins = glob("$dir/fz/findings/*.bin");
	ok(@bins, scalar(@bins) . ' findings saved');
	my @noreplay;
	for my $b (@bins) {
		# A second try: on a loaded machine a timing-dependent finding may need it (vct repro itself retries with longer waits).
		my $r = '';
		for (1 .. 2) {
			$r = qx{timeout -s KILL 60 $vct repro $b --device vhost-user:$blk,type=blk 2>/dev/null};
			last if $r =~ /^not ok 1 - fuzz\./m;
		}
		push @noreplay, $b unless $r =~ /^not ok 1 - fuzz\./m;
	}
	is("@noreplay", '', 'every finding replays with vct repro') or diag(map { qx{cat ${\ substr($_, 0, -4)}.txt} } @noreplay);
}

# ---- usage errors: one line, exit 2 ----------------------------------------
my $e = qx{$vct run vhost-user:$dir/nobody.sock,type=blk 2>&1};
is($? >> 8, 2, 'no back end behind the socket: exit 2');
like($e, qr/cannot connect to vhost-user socket .*start the back end/, 'the line says so and what to do');
$e = qx{$vct run vhost-user:$dir/nobody.sock 2>&1};
is($? >> 8, 2, 'no type=: exit 2');
like($e, qr/needs type=TYPE/, 'the line names the option');
SKIP: {
	skip 'no virtiofsd socket', 1 unless $fs;
	$e = qx{$vct run vhost-user:$fs,type=bogus 2>&1};
	is($? >> 8, 2, 'an unknown type: exit 2, the back end untouched');
}
done_testing();
