# testbed/refdev — the in-process reference virtio-pci device.
# Its sources go into libvct (the harness fragment builds them in all three
# flavours); its self-test is built straight from source, normal and with
# ASan+UBSan, so that it does not depend on the rest of libvct.

REFDEV_SRCS := testbed/refdev/refdev.c testbed/refdev/refdev_admin.c
LIBVCT_SRCS += $(REFDEV_SRCS)
# The vhost-user back end around it: in libvct (vct starts it for refdev:TYPE,vhost-user) and as a
# program of its own, build/vct-refdev-vu SOCKET TYPE[,...], for vct run vhost-user:SOCKET,type=TYPE.
LIBVCT_SRCS += testbed/refdev/refdev_vu.c

$(BUILD)/vct-refdev-vu: $(BUILD)/obj/testbed/refdev/refdev_vu_main.o $(BUILD)/libvct.a
	$(CC) $(CFLAGS_VCT) -o $@ $^ $(LIBS_DYN)

all: $(BUILD)/vct-refdev-vu
CHECK_PREREQS += $(BUILD)/vct-refdev-vu

REFDEV_TEST_SRCS := tests/refdev/refdev_selftest.c $(REFDEV_SRCS) harness/transport/transport.c harness/host/hostact.c reports/json.c harness/util/util.c
REFDEV_TEST_DEPS := $(REFDEV_TEST_SRCS) testbed/refdev/refdev_packed.c testbed/refdev/refdev_types.c testbed/refdev/refdev_net.c testbed/refdev/refdev_mem.c testbed/refdev/refdev_crypto.c testbed/refdev/refdev_cryptalg.c testbed/refdev/refdev_fs.c testbed/refdev/refdev_gpio.c testbed/refdev/refdev_i2c.c testbed/refdev/refdev_vsock.c testbed/refdev/refdev_spi.c testbed/refdev/refdev_rtc.c testbed/refdev/refdev_rpmb.c testbed/refdev/refdev_snd.c testbed/refdev/refdev_net.h testbed/refdev/refdev.h testbed/refdev/refdev_quirks.h testbed/refdev/refdev_admin.h \
                    harness/transport/transport.h harness/host/hostact.h testbed/refdev/refdev.mk
REFDEV_TEST_CFLAGS = $(CFLAGS_BASE) -I testbed/refdev

$(BUILD)/tests/refdev_selftest: $(REFDEV_TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(REFDEV_TEST_CFLAGS) -o $@ $(REFDEV_TEST_SRCS)

$(BUILD)/tests/refdev_selftest-san: $(REFDEV_TEST_DEPS)
	@mkdir -p $(@D)
	$(CC) $(REFDEV_TEST_CFLAGS) $(SAN_FLAGS) -O1 -o $@ $(REFDEV_TEST_SRCS)

.PHONY: refdev-selftest
refdev-selftest: $(BUILD)/tests/refdev_selftest $(BUILD)/tests/refdev_selftest-san
	$(BUILD)/tests/refdev_selftest && $(BUILD)/tests/refdev_selftest-san

CHECK_PREREQS += $(BUILD)/tests/refdev_selftest $(BUILD)/tests/refdev_selftest-san
