# fuzz/ — structure-aware fuzzing (vct fuzz / vct repro, engines, corpora).
# Include after testbed/refdev/refdev.mk and before harness/harness.mk:
#   -include fuzz/fuzz.mk
# The executor and the command go into libvct (all three flavours). The
# engine targets are built with clang (libFuzzer) and afl-clang-fast (AFL++)
# from the same sources, into $(BUILD)/fuzz/.

FUZZ_CORE_SRCS := fuzz/prog.c fuzz/mutate.c fuzz/exec.c fuzz/guard.c
LIBVCT_SRCS    += $(FUZZ_CORE_SRCS) fuzz/cmd.c fuzz/sched.c fuzz/tap.c fuzz/limit.c fuzz/health.c testbed/refdev/refdev_hostile.c

FUZZ_CLANG   ?= clang
FUZZ_AFLCC   ?= afl-clang-fast
HAVE_FUZZ_CLANG := $(shell echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return 0; }' | \
                     $(FUZZ_CLANG) -fsanitize=fuzzer -x c - -o /dev/null 2>/dev/null && echo 1)
HAVE_FUZZ_AFL   := $(shell command -v $(FUZZ_AFLCC) >/dev/null 2>&1 && echo 1)

# Everything the executor links against (the rest of libvct is not needed).
FUZZ_LIB_SRCS = $(FUZZ_CORE_SRCS) testbed/refdev/refdev_hostile.c $(REFDEV_SRCS) testbed/refdev/refdev_vu.c \
                $(wildcard reports/json.c $(addprefix harness/,pci/virtio_pci.c transport/pci_ident.c virtio/dev.c virtio/devtype.c virtio/devtypes.c virtio/virtqueue.c virtio/packed.c virtio/dma.c virtio/dma_pa.c transport/transport.c util/util.c transport/vfio.c host/hostact.c cmd/target.c vhost/vhost_user.c vhost/vu_dev.c))
FUZZ_HDRS     = $(wildcard fuzz/*.h harness/*.h harness/*/*.h testbed/refdev/*.h) fuzz/fuzz.mk
FUZZ_CFLAGS   = -std=c11 -D_GNU_SOURCE -g -O1 -w -fno-omit-frame-pointer -fno-strict-aliasing \
                $(VCT_INCS) -I testbed/refdev -I fuzz -I $(BUILD)/gen
FUZZ_SAN      = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FD            = $(BUILD)/fuzz

# libFuzzer: device and driver instrumented (coverage-guided) ...
$(FD)/libfuzzer-refdev: fuzz/libfuzzer_refdev.c $(FUZZ_LIB_SRCS) $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CLANG) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ fuzz/libfuzzer_refdev.c $(FUZZ_LIB_SRCS)
# ... and the device left uninstrumented: feedback only from the driver side and
# the black-box observations (status, used lengths, id order, config values).
# (one object per refdev source: refdev is several files)
REFDEV_BB_OBJS = $(patsubst %.c,$(FD)/obj-bb/%.o,$(REFDEV_SRCS))
$(FD)/obj-bb/%.o: %.c $(FUZZ_HDRS) $(wildcard testbed/refdev/refdev_*.c)
	@mkdir -p $(@D)
	$(FUZZ_CLANG) $(FUZZ_CFLAGS) $(FUZZ_SAN) -c -o $@ $<
$(FD)/libfuzzer-refdev-bb: fuzz/libfuzzer_refdev.c $(REFDEV_BB_OBJS) $(FUZZ_LIB_SRCS) $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CLANG) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ fuzz/libfuzzer_refdev.c \
		$(filter-out $(REFDEV_SRCS),$(FUZZ_LIB_SRCS)) $(REFDEV_BB_OBJS)
# The hostile device: vct's own transport parsing and used-entry handling under attack.
$(FD)/libfuzzer-hostile: fuzz/libfuzzer_hostile.c $(FUZZ_LIB_SRCS) $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CLANG) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ fuzz/libfuzzer_hostile.c $(FUZZ_LIB_SRCS)

# AFL++ persistent mode + the structure-aware custom mutator library.
$(FD)/afl-refdev: fuzz/afl_refdev.c $(FUZZ_LIB_SRCS) $(FUZZ_HDRS)
	@mkdir -p $(@D)
	AFL_QUIET=1 $(FUZZ_AFLCC) $(FUZZ_CFLAGS) -O2 -o $@ fuzz/afl_refdev.c $(FUZZ_LIB_SRCS)
$(FD)/afl-mutator.so: fuzz/afl_mutator.c fuzz/prog.c fuzz/mutate.c fuzz/prog.h
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 -g -fPIC -shared -I fuzz -o $@ fuzz/afl_mutator.c fuzz/prog.c fuzz/mutate.c

FUZZ_TARGETS := $(if $(HAVE_FUZZ_CLANG),$(FD)/libfuzzer-refdev $(FD)/libfuzzer-refdev-bb $(FD)/libfuzzer-hostile) \
                $(if $(HAVE_FUZZ_AFL),$(FD)/afl-refdev $(FD)/afl-mutator.so)

.PHONY: fuzz-targets fuzz-print-srcs fuzz-print-incs
fuzz-targets: $(FUZZ_TARGETS)

# For fuzz/oss-fuzz/build.sh (OSS-Fuzz / ClusterFuzzLite), which builds the
# libFuzzer targets with the infrastructure's compiler and flags: the one list.
fuzz-print-srcs:
	@echo $(FUZZ_LIB_SRCS)
fuzz-print-incs:
	@echo $(VCT_INCS) -I testbed/refdev -I fuzz

CHECK_PREREQS += $(if $(HAVE_FUZZ_CLANG),$(FD)/libfuzzer-refdev $(FD)/libfuzzer-refdev-bb $(FD)/libfuzzer-hostile)

# The held-crash guard's walk on hand-made rings (tests/fuzz-guard.t), with the sanitizers.
$(BUILD)/tests/guard_walk: tests/fuzz/guard_walk.c fuzz/guard.c fuzz/guard.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_VCT) -fsanitize=address,undefined -fno-sanitize-recover=undefined -I fuzz -o $@ tests/fuzz/guard_walk.c fuzz/guard.c
CHECK_PREREQS += $(BUILD)/tests/guard_walk
# The executor's feature shadow as the guards see it, whole programs on refdev (tests/fuzz-shadow.t), sanitized.
$(BUILD)/tests/exec_shadow: tests/fuzz/exec_shadow.c $(BUILD)/libvct-san.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_VCT) $(SAN_FLAGS) -I fuzz -o $@ tests/fuzz/exec_shadow.c $(BUILD)/libvct-san.a
CHECK_PREREQS += $(BUILD)/tests/exec_shadow
# The builtin engine's corpus schedule (tests/fuzz-sched.t), sanitized.
$(BUILD)/tests/sched: tests/fuzz/sched.c tests/ctap.h fuzz/sched.c fuzz/sched.h fuzz/mutate.c fuzz/prog.c fuzz/prog.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_VCT) -fsanitize=address,undefined -fno-sanitize-recover=undefined -I fuzz -I tests -o $@ tests/fuzz/sched.c fuzz/sched.c fuzz/mutate.c fuzz/prog.c
CHECK_PREREQS += $(BUILD)/tests/sched
# The mutator's size, size-neutral and not (tests/fuzz-mutate.t), sanitized.
$(BUILD)/tests/mutate: tests/fuzz/mutate.c tests/ctap.h fuzz/mutate.c fuzz/prog.c fuzz/prog.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_VCT) -fsanitize=address,undefined -fno-sanitize-recover=undefined -I fuzz -I tests -o $@ tests/fuzz/mutate.c fuzz/mutate.c fuzz/prog.c
CHECK_PREREQS += $(BUILD)/tests/mutate
