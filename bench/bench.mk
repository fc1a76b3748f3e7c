# bench/ — `make bench`: vct's driver against the Linux kernel's own virtio
# drivers on the same QEMU devices in one test-bed boot, plus the in-process
# reference device. Ratios, never a pass/fail test: not part of `make check`.
# Included by the top-level Makefile (-include bench/bench.mk).

BENCH_KBENCH := $(BUILD)/bench/kbench
BENCH_ADDON  := $(BUILD)/bench/bench-addon.cpio.gz

# Static: the guest's initramfs has no libc.
$(BENCH_KBENCH): bench/kbench.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -static -o $@ $<

# A second archive appended to the test-bed image for bench runs only: the
# kernel's virtio drivers from the same kernel .deb, kbench, the guest script.
$(BENCH_ADDON): $(BENCH_KBENCH) $(BUILD)/vct-static bench/guest-bench.sh bench/dpdk-bench.sh testbed/mkimage.sh testbed/lib.sh
	BUILD=$(BUILD) KBENCH=$(BENCH_KBENCH) TESTBED_BENCH_ADDON=$@ ./testbed/mkimage.sh

bench: deps $(BUILD)/vct testbed-image $(BENCH_ADDON)
	BUILD=$(BUILD) BENCH_ADDON=$(BENCH_ADDON) ./bench/bench.sh
