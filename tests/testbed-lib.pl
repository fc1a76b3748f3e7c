# Shared by the tests that boot the QEMU test bed for a scenario of their own
# (testbed-backend.t, testbed-isolate.t, testbed-unplug.t): what they need
# before a boot, and reading the files a boot leaves. Require it after the
# chdir to the repository's top.
use strict;
use warnings;
use Test::More;

# The build folder; SKIPs the whole file when QEMU or the test-bed image is
# missing (make check installs and builds both first).
sub testbed_prereqs {
    my $build = $ENV{BUILD} // 'build';
    plan skip_all => 'qemu-system-x86_64 not installed (testbed/ensure-deps.sh)'
        unless grep { -x "$_/qemu-system-x86_64" } split /:/, $ENV{PATH};
    plan skip_all => "no test-bed image in $build/testbed (make testbed-image)"
        unless -f "$build/testbed/vmlinuz" && -f "$build/testbed/initramfs.cpio.gz";
    # A test proved alone after guest-init.sh or vct changed would boot the old
    # image and fail for it (its guest read a device list of another format):
    # bring the image up to date first; under make check this does nothing.
    system('make', '-s', '--no-print-directory', "BUILD=$build", 'testbed-image') == 0
        or BAIL_OUT("make testbed-image failed: the test-bed image could not be brought up to date");
    return $build;
}

# A file's content, or '' when the boot did not leave it.
sub slurp { my $f = shift; open my $fh, '<', $f or return ''; local $/; my $s = <$fh>; return $s }

1;
