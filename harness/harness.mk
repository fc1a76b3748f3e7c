# harness/ — libvct and the vct command, one folder per layer (README, Layout). Included LAST by the top Makefile so
# that every fragment's additions to LIBVCT_SRCS / LIBVCT_GEN_SRCS are in.

VCT_VERSION := $(shell git describe --always --dirty 2>/dev/null || echo 0.1)
HAVE_LIBPCI := $(shell pkg-config --exists libpci 2>/dev/null && echo 1)

LIBVCT_SRCS += $(filter-out harness/cmd/main.c,$(wildcard harness/*.c harness/*/*.c))
SUITE_SRCS  := $(sort $(wildcard suites/*.c suites/*/*.c))
VCT_SRCS     = harness/cmd/main.c $(SUITE_SRCS) $(LIBVCT_SRCS)

VCT_REFDEV_INC = -I testbed/refdev
CFLAGS_VCT   = $(CFLAGS_BASE) -DVCT_VERSION='"$(VCT_VERSION)"' $(VCT_REFDEV_INC) -I suites
LIBS_DYN     = $(if $(HAVE_LIBPCI),$(shell pkg-config --libs libpci))
CFLAGS_DYN   = $(if $(HAVE_LIBPCI),-DVCT_HAVE_LIBPCI)

# Three flavours of the same sources: normal, static (for the test-bed guest,
# no libpci), and ASan+UBSan (self-tests).
OBJ_N = $(patsubst %.c,$(BUILD)/obj/%.o,$(VCT_SRCS)) $(patsubst $(BUILD)/gen/%.c,$(BUILD)/obj/gen/%.o,$(LIBVCT_GEN_SRCS))
OBJ_S = $(patsubst %.c,$(BUILD)/obj-static/%.o,$(VCT_SRCS)) $(patsubst $(BUILD)/gen/%.c,$(BUILD)/obj-static/gen/%.o,$(LIBVCT_GEN_SRCS))
OBJ_A = $(patsubst %.c,$(BUILD)/obj-san/%.o,$(VCT_SRCS)) $(patsubst $(BUILD)/gen/%.c,$(BUILD)/obj-san/gen/%.o,$(LIBVCT_GEN_SRCS))
LIBOBJ_N = $(filter-out $(BUILD)/obj/harness/cmd/main.o,$(OBJ_N))
LIBOBJ_A = $(filter-out $(BUILD)/obj-san/harness/cmd/main.o,$(OBJ_A))

GEN_HDR_DEPS = $(LIBVCT_GEN_SRCS)

# Checks declare their transport (README, Layout): the suites outside
# suites/pci/ build without the virtio-pci driver, the PCI-function back ends,
# the commands that open them and the reference device on their include path,
# so a PCI register access there does not compile.
ALL_INC_DIRS   := $(VCT_INC_DIRS)
SUITE_INC_DIRS := $(filter-out harness harness/pci harness/transport harness/cmd,$(VCT_INC_DIRS))
define suite_flags
$(BUILD)/$(1)/suites/%.o: VCT_INC_DIRS = $(SUITE_INC_DIRS)
$(BUILD)/$(1)/suites/%.o: VCT_REFDEV_INC =
$(BUILD)/$(1)/suites/pci/%.o: VCT_INC_DIRS = $(ALL_INC_DIRS)
$(BUILD)/$(1)/suites/pci/%.o: VCT_REFDEV_INC = -I testbed/refdev
endef
$(foreach f,obj obj-static obj-san,$(eval $(call suite_flags,$(f))))

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_VCT) $(CFLAGS_DYN) -MMD -MP -c $< -o $@
$(BUILD)/obj/%.o: %.c | $(GEN_HDR_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_VCT) $(CFLAGS_DYN) -MMD -MP -c $< -o $@
$(BUILD)/obj-static/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_VCT) -MMD -MP -c $< -o $@
$(BUILD)/obj-static/%.o: %.c | $(GEN_HDR_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_VCT) -MMD -MP -c $< -o $@
$(BUILD)/obj-san/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_VCT) $(SAN_FLAGS) -O1 -MMD -MP -c $< -o $@
$(BUILD)/obj-san/%.o: %.c | $(GEN_HDR_DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_VCT) $(SAN_FLAGS) -O1 -MMD -MP -c $< -o $@

$(BUILD)/vct: $(OBJ_N)
	$(CC) $(CFLAGS_VCT) $(EXTRA_LDFLAGS) -o $@ $^ $(LIBS_DYN)
$(BUILD)/vct-static: $(OBJ_S)
	$(CC) $(CFLAGS_VCT) -static -o $@ $^
$(BUILD)/vct-san: $(OBJ_A)
	$(CC) $(CFLAGS_VCT) $(SAN_FLAGS) -o $@ $^
$(BUILD)/libvct.a: $(LIBOBJ_N)
	@rm -f $@
	ar rcs $@ $^
$(BUILD)/libvct-san.a: $(LIBOBJ_A)
	@rm -f $@
	ar rcs $@ $^

CHECK_PREREQS += $(BUILD)/vct $(BUILD)/vct-san $(BUILD)/libvct.a $(BUILD)/libvct-san.a

-include $(OBJ_N:.o=.d) $(OBJ_S:.o=.d) $(OBJ_A:.o=.d)

# The runner's backstop verdicts (tests/backstop.t): three checks of its own on libvct.
$(BUILD)/tests/backstop: tests/runner/backstop.c $(BUILD)/libvct.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_VCT) -o $@ $< $(BUILD)/libvct.a $(LIBS_DYN)
CHECK_PREREQS += $(BUILD)/tests/backstop

# man/vct.1 is rendered from the option tables (vct help --man) and committed;
# tests/cli-help.t fails when it drifts. `make man` regenerates it.
.PHONY: man
man: $(BUILD)/vct
	@mkdir -p man
	$(BUILD)/vct help --man > man/vct.1.tmp && mv man/vct.1.tmp man/vct.1
