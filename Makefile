# vct top-level Makefile. Each area keeps its rules in a fragment (area/area.mk)
# which appends to the shared variables below; this file only wires them.
BUILD      ?= build
CC         ?= cc
OPT        ?= -O2
CFLAGS_BASE = -std=c11 -D_GNU_SOURCE -g $(OPT) -Wall -Wextra -Werror -Wshadow \
              -Wno-unused-parameter -fno-strict-aliasing $(VCT_INCS) -I $(BUILD)/gen $(EXTRA_CFLAGS)
# Packagers' flags (debian/rules passes dpkg-buildflags' here): EXTRA_CFLAGS on
# every compile, EXTRA_LDFLAGS on the link of vct.
EXTRA_CFLAGS  ?=
EXTRA_LDFLAGS ?=
# harness/ is split into layer folders (README, "Layout"); every folder is on
# the include path so that headers are named by file, not by folder.
VCT_INC_DIRS = harness/util harness/transport harness/pci harness/vhost harness/virtio harness/runner harness/host harness/cmd reports harness
VCT_INCS     = $(addprefix -I ,$(VCT_INC_DIRS))
SAN_FLAGS   = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer

# Fragments append to these.
CHECK_PREREQS :=     # built before the self-tests run
DEMO_PREREQS  :=
CLEAN_EXTRA   :=

.PHONY: all check demo bench mutation clean deps readme
all: $(BUILD)/vct

-include spec-refs/spec-refs.mk
-include testbed/testbed.mk
-include testbed/refdev/refdev.mk
-include testbed/mutation.mk
-include reports/reports.mk
-include fuzz/fuzz.mk
-include bench/bench.mk
-include tests/readme.mk
include harness/harness.mk
include install.mk

# Debian packages the two README commands need; installed when missing.
deps:
	@./testbed/ensure-deps.sh

# Packages first (a fresh machine may lack the compiler), then a parallel
# build, then every self-test under prove, $(JOBS) files at a time. The
# slowest files start first so that no long one is left running alone at the
# end; the order is measured (prove --timer), not required: every file stands
# on its own and may run beside any other (each keeps its files in its own
# temporary folder or under a name of its own in build/).
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SLOW_TESTS := testbed-boot harness-refdev testbed-isolate robust mutation deb \
	vhost-user fuzz-ossfuzz testbed-backend testbed-stall report-render \
	testbed-unplug vhost-user-refdev
check:
	@./testbed/ensure-deps.sh
	$(MAKE) --no-print-directory -j$(JOBS) all $(CHECK_PREREQS)
	@mkdir -p $(BUILD)
	@echo 'prove -j$(JOBS) --timer ...  (output also in $(BUILD)/check.log)'
	@{ prove -j$(JOBS) --timer $(SLOW_TESTS:%=tests/%.t) \
		$(filter-out $(SLOW_TESTS:%=tests/%.t),$(sort $(wildcard tests/*.t))) 2>&1; \
	   echo $$? > $(BUILD)/check.rc; } | tee $(BUILD)/check.log; \
	rc=$$(cat $(BUILD)/check.rc); [ "$$rc" = 0 ] || tests/check-tail.pl $(BUILD)/check.log; exit $$rc

clean:
	rm -rf $(BUILD) $(CLEAN_EXTRA)
