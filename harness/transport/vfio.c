/* SPDX-License-Identifier: MIT */
/*
 * VFIO transport. Opens the type1v2 container, the device's IOMMU group and
 * the device, maps BARs (pread/pwrite where a BAR cannot be mmapped), maps DMA
 * at IOVAs chosen by vct's allocator, and binds MSI-X vectors to eventfds.
 *
 * Everything that can be wrong with the user's setup is found by
 * vct_vfio_preflight() from sysfs alone, before any file under /dev/vfio is
 * opened, so a refused run touches nothing.
 */
#include "vfio.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/pci_regs.h>
#include <linux/vfio.h>

#include "pci_ident.h"
#include "util.h"

struct vfio_region {
	uint64_t offset;	/* file offset of the region in the device fd */
	uint64_t size;
	void *map;		/* NULL: use pread/pwrite */
};

struct vfio_pci_device {
	struct vct_transport t;
	int container_fd;
	int group_fd;
	int device_fd;
	struct vfio_region bar[VCT_NR_BARS];
	struct vfio_region cfg;
	bool can_reset;
	int req_fd;		/* eventfd of VFIO's device request (hot-unplug), -1: none */
	bool req_seen;
	uint64_t req_polled_us;	/* when vfio_removed last polled req_fd */
};

#define to_vdev(tp) container_of(tp, struct vfio_pci_device, t)

static const char sysfs_pci[] = "/sys/bus/pci/devices";

bool vct_pci_addr_parse(const char *in, char *out, size_t outlen)
{
	unsigned int dom = 0, bus, dev, fn;
	char tail;

	if (!in || strlen(in) > 16)
		return false;
	if (sscanf(in, "%x:%x:%x.%x%c", &dom, &bus, &dev, &fn, &tail) == 4) {
		/* full form */
	} else if (dom = 0, sscanf(in, "%x:%x.%x%c", &bus, &dev, &fn, &tail) == 3) {
		/* short form: domain 0 */
	} else {
		return false;
	}
	for (const char *p = in; *p; p++)
		if (!isxdigit((unsigned char)*p) && *p != ':' && *p != '.')
			return false;
	if (dom > 0xffff || bus > 0xff || dev > 0x1f || fn > 7)
		return false;
	snprintf(out, outlen, "%04x:%02x:%02x.%x", dom, bus, dev, fn);
	return true;
}

static int read_sysfs_hex(const char *addr, const char *attr, unsigned long *v)
{
	char path[PATH_MAX], buf[64];

	snprintf(path, sizeof(path), "%s/%s/%s", sysfs_pci, addr, attr);
	if (vct_read_file(path, buf, sizeof(buf)) < 0)
		return -errno;
	errno = 0;
	*v = strtoul(buf, NULL, 16);
	return errno ? -errno : 0;
}

/* Driver bound to a device, "" when none. */
static void sysfs_driver(const char *devdir, char *out, size_t outlen)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/driver", devdir);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		snprintf(out, outlen, "%s", "");
		return;
	}
	link[n] = 0;
	{
		const char *base = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
		size_t k = strnlen(base, outlen - 1);

		memcpy(out, base, k);
		out[k] = 0;
	}
}

/* IOMMU group number of a device, -1 when it has none. */
static int sysfs_group(const char *addr)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s/iommu_group", sysfs_pci, addr);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return -1;
	link[n] = 0;
	return atoi(strrchr(link, '/') ? strrchr(link, '/') + 1 : link);
}

/*
 * Configuration space from sysfs (readable without opening the device; 64
 * bytes only for an unprivileged user, enough for the ids).
 */
static bool sysfs_is_virtio(const char *dir)
{
	uint8_t cfg[256];
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%.*s/config", PATH_MAX - 8, dir) >= sizeof(path))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = pread(fd, cfg, sizeof(cfg), 0);
	close(fd);
	return n > 0 && vct_pci_is_virtio(cfg, (size_t)n);
}

static int fail(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return rc;
}

int vct_vfio_preflight(const char *addr, const struct vct_vfio_opts *o, char *err, size_t errlen)
{
	char dir[PATH_MAX], drv[128], path[PATH_MAX];
	unsigned long vendor, device;
	struct stat st;
	int group;
	DIR *d;
	struct dirent *de;

	snprintf(dir, sizeof(dir), "%s/%s", sysfs_pci, addr);
	if (stat(dir, &st) < 0)
		return fail(err, errlen, -ENODEV,
			    "no PCI device at %s; run 'vct list' to see the virtio devices here", addr);
	if (read_sysfs_hex(addr, "vendor", &vendor) || read_sysfs_hex(addr, "device", &device))
		return fail(err, errlen, -EIO, "cannot read the ids of %s from sysfs; is /sys mounted?", addr);
	if (!sysfs_is_virtio(dir))
		return fail(err, errlen, -ENODEV,
			    "%s is not a virtio device (id %04lx:%04lx, no virtio capability); pick one from 'vct list'",
			    addr, vendor, device);
	sysfs_driver(dir, drv, sizeof(drv));
	if (strcmp(drv, "vfio-pci") != 0) {
		if (!drv[0])
			return fail(err, errlen, -EBUSY,
				    "%s is bound to no driver; bind it to vfio-pci: echo vfio-pci > %s/driver_override && echo %s > /sys/bus/pci/drivers_probe",
				    addr, dir, addr);
		return fail(err, errlen, -EBUSY,
			    "%s is bound to %s; bind it to vfio-pci: echo vfio-pci > %s/driver_override && echo %s > /sys/bus/pci/drivers/%s/unbind && echo %s > /sys/bus/pci/drivers_probe",
			    addr, drv, dir, addr, drv, addr);
	}
	if (stat("/dev/vfio/vfio", &st) < 0)
		return fail(err, errlen, -ENODEV, "/dev/vfio/vfio is missing; load the vfio-pci module (modprobe vfio-pci)");
	group = sysfs_group(addr);
	if (group < 0)
		return fail(err, errlen, -ENODEV,
			    "%s has no IOMMU group; boot with the IOMMU on (intel_iommu=on or amd_iommu=on)", addr);
	snprintf(path, sizeof(path), "/dev/vfio/%d", group);
	if (stat(path, &st) < 0) {
		snprintf(path, sizeof(path), "/dev/vfio/noiommu-%d", group);
		if (stat(path, &st) < 0)
			return fail(err, errlen, -ENODEV, "/dev/vfio/%d is missing; rebind %s to vfio-pci", group, addr);
		if (!o || !o->allow_noiommu)
			return fail(err, errlen, -EPERM,
				    "%s is in an unsafe no-IOMMU group; enable the IOMMU, or pass --allow-noiommu to accept unprotected DMA",
				    addr);
	}
	if (access(path, R_OK | W_OK) < 0)
		return fail(err, errlen, -EACCES, "no permission on %s; run as root or chown the group node to your user", path);

	/* Every other member of the group must be free for VFIO as well. */
	snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%d/devices", group);
	d = opendir(path);
	if (!d)
		return fail(err, errlen, -ENODEV, "cannot list IOMMU group %d in sysfs", group);
	while ((de = readdir(d))) {
		char mdir[PATH_MAX * 2], mdrv[128];

		if (de->d_name[0] == '.' || !strcmp(de->d_name, addr))
			continue;
		snprintf(mdir, sizeof(mdir), "%s/%s", path, de->d_name);
		sysfs_driver(mdir, mdrv, sizeof(mdrv));
		if (mdrv[0] && strcmp(mdrv, "vfio-pci") && strcmp(mdrv, "pcieport")) {
			int rc = fail(err, errlen, -EBUSY,
				      "IOMMU group %d of %s is shared with %s (driver %s); bind every device of the group to vfio-pci or give %s its own group",
				      group, addr, de->d_name, mdrv, addr);
			closedir(d);
			return rc;
		}
	}
	closedir(d);
	return 0;
}

static int vfio_cfg_read(struct vct_transport *t, uint32_t off, void *buf, size_t len)
{
	struct vfio_pci_device *v = to_vdev(t);
	ssize_t n = pread(v->device_fd, buf, len, (off_t)(v->cfg.offset + off));

	return n == (ssize_t)len ? 0 : (n < 0 ? -errno : -EIO);
}

static int vfio_cfg_write(struct vct_transport *t, uint32_t off, const void *buf, size_t len)
{
	struct vfio_pci_device *v = to_vdev(t);
	ssize_t n = pwrite(v->device_fd, buf, len, (off_t)(v->cfg.offset + off));

	return n == (ssize_t)len ? 0 : (n < 0 ? -errno : -EIO);
}

static int vfio_bar_read(struct vct_transport *t, int bar, uint64_t off, uint64_t *val, size_t width)
{
	struct vfio_region *r = &to_vdev(t)->bar[bar];
	uint8_t raw[8] = { 0 };

	if (r->map) {
		volatile void *p = (volatile uint8_t *)r->map + off;

		switch (width) {
		case 1: *val = *(volatile uint8_t *)p; return 0;
		case 2: *val = le16toh(*(volatile uint16_t *)p); return 0;
		case 4: *val = le32toh(*(volatile uint32_t *)p); return 0;
		case 8: *val = le64toh(*(volatile uint64_t *)p); return 0;
		}
		return -EINVAL;
	}
	if (pread(to_vdev(t)->device_fd, raw, width, (off_t)(r->offset + off)) != (ssize_t)width)
		return -EIO;
	*val = vct_le_load(raw, width);
	return 0;
}

static int vfio_bar_write(struct vct_transport *t, int bar, uint64_t off, uint64_t val, size_t width)
{
	struct vfio_region *r = &to_vdev(t)->bar[bar];
	uint8_t raw[8];

	if (r->map) {
		volatile void *p = (volatile uint8_t *)r->map + off;

		switch (width) {
		case 1: *(volatile uint8_t *)p = (uint8_t)val; return 0;
		case 2: *(volatile uint16_t *)p = htole16((uint16_t)val); return 0;
		case 4: *(volatile uint32_t *)p = htole32((uint32_t)val); return 0;
		case 8: *(volatile uint64_t *)p = htole64(val); return 0;
		}
		return -EINVAL;
	}
	vct_le_store(raw, val, width);
	if (pwrite(to_vdev(t)->device_fd, raw, width, (off_t)(r->offset + off)) != (ssize_t)width)
		return -EIO;
	return 0;
}

static int vfio_dma_map(struct vct_transport *t, void *vaddr, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)vaddr,
		.iova = iova,
		.size = size,
	};

	if (t->noiommu)
		return -EOPNOTSUPP;
	return ioctl(to_vdev(t)->container_fd, VFIO_IOMMU_MAP_DMA, &m) ? -errno : 0;
}

static int vfio_dma_unmap(struct vct_transport *t, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_unmap u = { .argsz = sizeof(u), .iova = iova, .size = size };

	if (t->noiommu)
		return -EOPNOTSUPP;
	return ioctl(to_vdev(t)->container_fd, VFIO_IOMMU_UNMAP_DMA, &u) ? -errno : 0;
}

static int vfio_dma_unmap_all(struct vct_transport *t)
{
	struct vfio_iommu_type1_dma_unmap u = { .argsz = sizeof(u), .flags = VFIO_DMA_UNMAP_FLAG_ALL };

	if (t->noiommu)
		return 0;
	return ioctl(to_vdev(t)->container_fd, VFIO_IOMMU_UNMAP_DMA, &u) ? -errno : 0;
}

static int vfio_irq_set(struct vct_transport *t, unsigned int nvec, const int *efds)
{
	struct vfio_pci_device *v = to_vdev(t);
	char buf[sizeof(struct vfio_irq_set) + 4 * 2048];
	struct vfio_irq_set *s = (struct vfio_irq_set *)buf;

	if (nvec > t->msix_max)
		return -EINVAL;
	/*
	 * Linux before 6.5 cannot grow an enabled MSI-X vector set, so always
	 * disable first, then enable the whole set at once.
	 */
	memset(s, 0, sizeof(*s));
	s->argsz = sizeof(*s);
	s->flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER;
	s->index = VFIO_PCI_MSIX_IRQ_INDEX;
	if (ioctl(v->device_fd, VFIO_DEVICE_SET_IRQS, s) && errno != EINVAL)
		return -errno;
	if (!nvec)
		return 0;
	s->argsz = sizeof(*s) + 4 * nvec;
	s->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	s->start = 0;
	s->count = nvec;
	memcpy(s->data, efds, 4 * nvec);
	return ioctl(v->device_fd, VFIO_DEVICE_SET_IRQS, s) ? -errno : 0;
}

static int enable_bus_master(struct vct_transport *t)
{
	uint16_t cmd;
	int r = vct_cfg_read16(t, PCI_COMMAND, &cmd);

	if (r)
		return r;
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	return vct_cfg_write16(t, PCI_COMMAND, cmd);
}

static int vfio_reset(struct vct_transport *t)
{
	struct vfio_pci_device *v = to_vdev(t);

	if (!v->can_reset)
		return -ENOTTY;
	if (ioctl(v->device_fd, VFIO_DEVICE_RESET))
		return -errno;
	/* The function reset may drop bus mastering; DMA needs it back. */
	return enable_bus_master(t);
}

/*
 * The kernel's removal of a vfio-pci function (a hot-unplug, a driver unbind)
 * waits until every user has closed the device, and asks them to through the
 * device-request eventfd, again every few seconds. Noticing it is what lets
 * vct give the device back instead of stalling the host's unplug. The
 * eventfd is polled at most once a millisecond: the kernel waits seconds for
 * an answer, and a fuzz execution asks several times (a system call each,
 * about 3 % of an execution's time in a TCG guest).
 */
#define REQ_POLL_US 1000u

static bool vfio_removed(struct vct_transport *t)
{
	struct vfio_pci_device *v = to_vdev(t);
	struct pollfd pf = { .fd = v->req_fd, .events = POLLIN };
	uint64_t now;

	if (v->req_seen || v->req_fd < 0 || (now = vct_now_us()) - v->req_polled_us < REQ_POLL_US)
		return v->req_seen;
	v->req_polled_us = now;
	if (poll(&pf, 1, 0) == 1)
		v->req_seen = true;
	return v->req_seen;
}

static void request_irq_arm(struct vfio_pci_device *v)
{
	struct vfio_irq_info ii = { .argsz = sizeof(ii), .index = VFIO_PCI_REQ_IRQ_INDEX };
	char buf[sizeof(struct vfio_irq_set) + sizeof(int)];
	struct vfio_irq_set *s = (struct vfio_irq_set *)buf;

	if (ioctl(v->device_fd, VFIO_DEVICE_GET_IRQ_INFO, &ii) || ii.count < 1)
		return;		/* an old kernel: removal is then only seen as all-ones reads */
	v->req_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (v->req_fd < 0)
		return;
	memset(s, 0, sizeof(*s));
	s->argsz = sizeof(buf);
	s->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	s->index = VFIO_PCI_REQ_IRQ_INDEX;
	s->start = 0;
	s->count = 1;
	memcpy(s->data, &v->req_fd, sizeof(int));
	if (ioctl(v->device_fd, VFIO_DEVICE_SET_IRQS, s)) {
		close(v->req_fd);
		v->req_fd = -1;
	}
}

static void vfio_close(struct vct_transport *t)
{
	struct vfio_pci_device *v = to_vdev(t);

	for (int i = 0; i < VCT_NR_BARS; i++)
		if (v->bar[i].map)
			munmap(v->bar[i].map, v->bar[i].size);
	if (v->device_fd >= 0) {
		vfio_irq_set(t, 0, NULL);
		close(v->device_fd);
	}
	if (v->group_fd >= 0)
		close(v->group_fd);
	if (v->container_fd >= 0)
		close(v->container_fd);
	if (v->req_fd >= 0)
		close(v->req_fd);
	free(v);
}

/*
 * The machine's physical memory through /dev/mem: what a driver in this
 * machine reaches with its CPU. The kernel allows it outside System RAM
 * (STRICT_DEVMEM), which is where memory a device plugs in stays until a
 * driver adds it.
 */
static void *vfio_phys_map(struct vct_transport *t, uint64_t addr, size_t len, char *why, size_t whylen)
{
	long pg = sysconf(_SC_PAGESIZE);
	int fd;
	void *p;

	(void)t;
	if (pg <= 0 || addr % (uint64_t)pg || len % (size_t)pg) {
		snprintf(why, whylen, "0x%llx+0x%zx is not page-aligned", (unsigned long long)addr, len);
		return NULL;
	}
	fd = open("/dev/mem", O_RDWR | O_SYNC | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "/dev/mem: %s", strerror(errno));
		return NULL;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)addr);
	close(fd);
	if (p == MAP_FAILED) {
		snprintf(why, whylen, "/dev/mem at 0x%llx: %s", (unsigned long long)addr, strerror(errno));
		return NULL;
	}
	return p;
}

static void vfio_phys_unmap(struct vct_transport *t, void *p, size_t len)
{
	(void)t;
	munmap(p, len);
}

static const struct vct_transport_ops vfio_ops = {
	.kind = "vfio",
	.cfg_read = vfio_cfg_read,
	.cfg_write = vfio_cfg_write,
	.bar_read = vfio_bar_read,
	.bar_write = vfio_bar_write,
	.dma_map = vfio_dma_map,
	.dma_unmap = vfio_dma_unmap,
	.dma_unmap_all = vfio_dma_unmap_all,
	.irq_set = vfio_irq_set,
	.reset = vfio_reset,
	.removed = vfio_removed,
	.close = vfio_close,
	.phys_map = vfio_phys_map,
	.phys_unmap = vfio_phys_unmap,
};

/* Usable IOVA ranges from the type1 info capability chain. */
static void read_iova_ranges(struct vfio_pci_device *v)
{
	struct vfio_iommu_type1_info probe = { .argsz = sizeof(probe) };
	struct vfio_iommu_type1_info *info;
	struct vfio_info_cap_header *hdr;
	uint32_t off;

	/* A sane default that avoids the x86 MSI window at 0xfee00000. */
	v->t.iova[0] = (struct vct_iova_range){ 0x100000, 0xfedfffff };
	v->t.n_iova = 1;
	if (ioctl(v->container_fd, VFIO_IOMMU_GET_INFO, &probe) || probe.argsz <= sizeof(probe))
		return;
	info = calloc(1, probe.argsz);
	if (!info)
		return;
	info->argsz = probe.argsz;
	if (ioctl(v->container_fd, VFIO_IOMMU_GET_INFO, info) || !(info->flags & VFIO_IOMMU_INFO_CAPS))
		goto out;
	for (off = info->cap_offset; off && off + sizeof(*hdr) <= info->argsz; off = hdr->next) {
		hdr = (struct vfio_info_cap_header *)((char *)info + off);
		if (hdr->id == VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE) {
			struct vfio_iommu_type1_info_cap_iova_range *c = (void *)hdr;
			unsigned int n = 0;

			for (uint32_t i = 0; i < c->nr_iovas && n < 8; i++) {
				if ((char *)&c->iova_ranges[i + 1] > (char *)info + info->argsz)
					break;
				v->t.iova[n++] = (struct vct_iova_range){ c->iova_ranges[i].start,
									  c->iova_ranges[i].end };
			}
			if (n)
				v->t.n_iova = n;
		}
		if (hdr->next <= off)
			break;
	}
out:
	free(info);
}

static int open_regions(struct vfio_pci_device *v, char *err, size_t errlen)
{
	struct vfio_device_info di = { .argsz = sizeof(di) };
	struct vfio_irq_info ii = { .argsz = sizeof(ii), .index = VFIO_PCI_MSIX_IRQ_INDEX };
	struct vfio_region_info ri = { .argsz = sizeof(ri), .index = VFIO_PCI_CONFIG_REGION_INDEX };

	if (ioctl(v->device_fd, VFIO_DEVICE_GET_INFO, &di))
		return fail(err, errlen, -errno, "VFIO_DEVICE_GET_INFO on %s: %s", v->t.name, strerror(errno));
	if (!(di.flags & VFIO_DEVICE_FLAGS_PCI))
		return fail(err, errlen, -ENODEV, "%s is not a VFIO PCI device", v->t.name);
	v->can_reset = di.flags & VFIO_DEVICE_FLAGS_RESET;
	if (ioctl(v->device_fd, VFIO_DEVICE_GET_REGION_INFO, &ri))
		return fail(err, errlen, -errno, "config region of %s: %s", v->t.name, strerror(errno));
	v->cfg.offset = ri.offset;
	v->cfg.size = ri.size;
	v->t.cfg_size = ri.size >= 4096 ? 4096 : 256;

	for (int i = 0; i < VCT_NR_BARS; i++) {
		uint32_t barreg = 0;

		ri = (struct vfio_region_info){ .argsz = sizeof(ri), .index = VFIO_PCI_BAR0_REGION_INDEX + i };
		if (ioctl(v->device_fd, VFIO_DEVICE_GET_REGION_INFO, &ri) || !ri.size)
			continue;
		v->bar[i].offset = ri.offset;
		v->bar[i].size = ri.size;
		v->t.bars[i].size = ri.size;
		vct_cfg_read32(&v->t, PCI_BASE_ADDRESS_0 + 4 * i, &barreg);
		v->t.bars[i].is_io = barreg & PCI_BASE_ADDRESS_SPACE_IO;
		if (ri.flags & VFIO_REGION_INFO_FLAG_MMAP) {
			void *m = mmap(NULL, ri.size, PROT_READ | PROT_WRITE, MAP_SHARED, v->device_fd,
				       (off_t)ri.offset);
			/* Where the kernel refuses (MSI-X table overlap), pread/pwrite it is. */
			v->bar[i].map = m == MAP_FAILED ? NULL : m;
		}
	}
	if (!ioctl(v->device_fd, VFIO_DEVICE_GET_IRQ_INFO, &ii))
		v->t.msix_max = ii.count > 2048 ? 2048 : ii.count;
	return 0;
}

int vct_vfio_open(const char *addr, const struct vct_vfio_opts *o, struct vct_transport **out,
		  char *err, size_t errlen)
{
	struct vfio_group_status gs = { .argsz = sizeof(gs) };
	struct vfio_pci_device *v;
	char path[64];
	int group, rc;
	bool noiommu;

	rc = vct_vfio_preflight(addr, o, err, errlen);
	if (rc)
		return rc;
	group = sysfs_group(addr);
	snprintf(path, sizeof(path), "/dev/vfio/%d", group);
	noiommu = access(path, F_OK) != 0;
	if (noiommu) {
		snprintf(path, sizeof(path), "/dev/vfio/noiommu-%d", group);
		fprintf(stderr, "vct: WARNING: %s runs in no-IOMMU mode: the device can reach all memory and DMA checks are skipped\n",
			addr);
	}

	v = calloc(1, sizeof(*v));
	if (!v)
		return fail(err, errlen, -ENOMEM, "out of memory");
	v->t.ops = &vfio_ops;
	v->t.noiommu = noiommu;
	snprintf(v->t.name, sizeof(v->t.name), "%s", addr);
	v->group_fd = v->device_fd = v->req_fd = -1;

	v->container_fd = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (v->container_fd < 0) {
		rc = fail(err, errlen, -errno, "cannot open /dev/vfio/vfio: %s", strerror(errno));
		goto err;
	}
	if (ioctl(v->container_fd, VFIO_GET_API_VERSION) != VFIO_API_VERSION) {
		rc = fail(err, errlen, -EINVAL, "unknown VFIO API version; this kernel is not supported");
		goto err;
	}
	if (!noiommu && !ioctl(v->container_fd, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU)) {
		rc = fail(err, errlen, -EINVAL, "the kernel's VFIO lacks the type1v2 IOMMU; load vfio_iommu_type1");
		goto err;
	}
	v->group_fd = open(path, O_RDWR | O_CLOEXEC);
	if (v->group_fd < 0) {
		rc = fail(err, errlen, -errno, errno == EBUSY ?
			  "%s is in use by another process; stop it (a VM or another vct) first" :
			  "cannot open %s: %s", path, strerror(errno));
		goto err;
	}
	if (ioctl(v->group_fd, VFIO_GROUP_GET_STATUS, &gs) || !(gs.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		rc = fail(err, errlen, -EBUSY,
			  "IOMMU group %d is not viable: bind every device in /sys/kernel/iommu_groups/%d/devices to vfio-pci",
			  group, group);
		goto err;
	}
	if (ioctl(v->group_fd, VFIO_GROUP_SET_CONTAINER, &v->container_fd)) {
		rc = fail(err, errlen, -errno, "VFIO_GROUP_SET_CONTAINER: %s", strerror(errno));
		goto err;
	}
	if (ioctl(v->container_fd, VFIO_SET_IOMMU, noiommu ? VFIO_NOIOMMU_IOMMU : VFIO_TYPE1v2_IOMMU)) {
		rc = fail(err, errlen, -errno, "VFIO_SET_IOMMU: %s", strerror(errno));
		goto err;
	}
	if (!noiommu)
		read_iova_ranges(v);
	v->device_fd = ioctl(v->group_fd, VFIO_GROUP_GET_DEVICE_FD, addr);
	if (v->device_fd < 0) {
		rc = fail(err, errlen, -errno, "cannot get the VFIO device fd of %s: %s", addr, strerror(errno));
		goto err;
	}
	rc = open_regions(v, err, errlen);
	if (rc)
		goto err;
	rc = enable_bus_master(&v->t);
	if (rc) {
		fail(err, errlen, rc, "cannot enable bus mastering on %s", addr);
		goto err;
	}
	request_irq_arm(v);
	*out = &v->t;
	return 0;
err:
	vfio_close(&v->t);
	return rc;
}
