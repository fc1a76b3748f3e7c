# testbed/ — the QEMU guest in which vct drives virtio-pci devices through VFIO.
# Included by the top-level Makefile. $(BUILD)/vct-static is the harness
# fragment's target; it is only depended on here.

TB_DIR    := $(BUILD)/testbed
TB_STAMP  := $(TB_DIR)/.image-stamp
# Everything that goes into the image; the kernel .deb is cached by mkimage.sh.
TB_INPUTS := testbed/mkimage.sh testbed/guest-init.sh testbed/lib.sh testbed/matrix.conf

.PHONY: testbed-image testbed-check

testbed-image: $(TB_STAMP)

# One stamp for vmlinuz + initramfs: mkimage.sh writes both in one go.
$(TB_STAMP): $(BUILD)/vct-static $(TB_INPUTS)
	BUILD=$(BUILD) VCT_STATIC=$(BUILD)/vct-static ./testbed/mkimage.sh
	@touch $@

# The end-to-end self-test (tests/testbed-boot.t) boots the image.
CHECK_PREREQS += testbed-image

# Fragments included after this one may still append to DEMO_PREREQS, and a
# prerequisite list is expanded when the rule is read, so build them from the
# recipe, where the variable has its final value.
# Two boots side by side (testbed/demo.sh): the default devices (testbed/matrix.conf)
# and one device of every further type (testbed/matrix-types.conf: its memory
# devices need their own -m), whose results go into the same folder under types/.
demo: deps testbed-image
	$(if $(strip $(DEMO_PREREQS)),$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) $(DEMO_PREREQS))
	BUILD=$(BUILD) ./testbed/demo.sh
	$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) demo-report

# The robustness cases (vct run --robustness) on every default test-bed device,
# each device's TAP stream and summary printed as make demo prints them. Crash
# isolation (testbed/isolate.sh): a case that kills QEMU is recorded crashed
# with QEMU's message and the rest runs in a fresh boot. Two lanes of boots side
# by side (TESTBED_LANES), each device in boots of its own. Results go to
# results/isolated-*, never results/latest (make demo's).
.PHONY: robustness
robustness: deps testbed-image
	BUILD=$(BUILD) TESTBED_DEV_TIMEOUT=$${TESTBED_DEV_TIMEOUT:-300} TESTBED_LANES=$${TESTBED_LANES:-2} VCT_ARGS="--robustness $(VCT_ARGS)" \
		./testbed/isolate.sh --known-quirks known-quirks/qemu-7.2.txt

# The same device types on every implementation available here (issue 15):
# blk on QEMU's own model and qemu-storage-daemon, net on QEMU's and DPDK's
# vhost library, fs on virtiofsd, in the test bed with crash isolation, and
# `vct report --matrix` over the results (testbed/matrix.sh, matrix-impl.conf).
.PHONY: matrix
matrix: deps testbed-image $(BUILD)/vct
	BUILD=$(BUILD) ./testbed/matrix.sh

testbed-check: deps testbed-image
	prove -v tests/testbed-*.t

# A black-box fuzz campaign against the test bed's devices (FUZZ_TIME seconds
# per device, default 150: ten minutes over four devices). Not part of make check.
.PHONY: fuzz-testbed
fuzz-testbed: deps testbed-image $(BUILD)/vct
	BUILD=$(BUILD) ./fuzz/testbed-fuzz.sh

# The committed verdict of every check on every test-bed device (tests/testbed-boot.t
# pins them). `make expected` boots the bed once and rewrites testbed/expected/*.tsv
# from that run; EXPECTED_RUNS="dir1 dir2 ..." uses existing runs instead. Review the
# printed changes and commit them with the change that moved them.
.PHONY: expected expected-types
expected: deps testbed-image
	BUILD=$(BUILD) ./testbed/expected.pl $(EXPECTED_RUNS)
# The same for the further device types (testbed/matrix-types.conf -> testbed/expected/types/);
# EXPECTED_RUNS may name `make demo` folders (their types/ is used).
expected-types: deps testbed-image
	BUILD=$(BUILD) ./testbed/expected.pl --types $(EXPECTED_RUNS)
