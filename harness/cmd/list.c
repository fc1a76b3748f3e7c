/* SPDX-License-Identifier: MIT */
/*
 * `vct list`: the virtio PCI functions on this machine, with names from
 * libpci's pci.ids where vct was built with libpci, their driver and IOMMU
 * group. Reads sysfs only; touches no device.
 */
#include "list.h"
#include "devtype.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef VCT_HAVE_LIBPCI
#include <pci/pci.h>
#endif

#include "util.h"

static unsigned long hexattr(const char *addr, const char *attr)
{
	char path[PATH_MAX], buf[32];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", addr, attr);
	if (vct_read_file(path, buf, sizeof(buf)) < 0)
		return 0;
	return strtoul(buf, NULL, 16);
}

static void linkname(const char *addr, const char *attr, char *out, size_t n)
{
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t k;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", addr, attr);
	k = readlink(path, link, sizeof(link) - 1);
	if (k < 0) {
		snprintf(out, n, "-");
		return;
	}
	link[k] = 0;
	snprintf(out, n, "%s", strrchr(link, '/') + 1);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int vct_list(FILE *out)
{
	struct dirent **ents;
	int n = scandir("/sys/bus/pci/devices", &ents, NULL, by_name), found = 0;
#ifdef VCT_HAVE_LIBPCI
	struct pci_access *pacc = pci_alloc();

	pci_init(pacc);
#endif
	if (n < 0) {
		fprintf(stderr, "vct: cannot read /sys/bus/pci/devices; is sysfs mounted?\n");
		return 2;
	}
	fprintf(out, "%-13s %-9s %-9s %-8s %-10s %-6s %s\n", "ADDRESS", "ID", "SUBSYS", "TYPE", "DRIVER",
		"GROUP", "NAME");
	for (int i = 0; i < n; i++) {
		const char *a = ents[i]->d_name;
		unsigned long ven, dev, sven, sdev;
		char drv[64], grp[16], name[256] = "";
		uint16_t type;

		if (a[0] == '.')
			continue;
		ven = hexattr(a, "vendor");
		dev = hexattr(a, "device");
		if (ven != 0x1af4 || dev < 0x1000 || dev > 0x107f)
			continue;
		sven = hexattr(a, "subsystem_vendor");
		sdev = hexattr(a, "subsystem_device");
		type = dev >= 0x1040 ? (uint16_t)(dev - 0x1040) : (uint16_t)sdev;
		linkname(a, "driver", drv, sizeof(drv));
		linkname(a, "iommu_group", grp, sizeof(grp));
#ifdef VCT_HAVE_LIBPCI
		pci_lookup_name(pacc, name, sizeof(name), PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE, (int)ven, (int)dev);
		{
			char sub[128];

			pci_lookup_name(pacc, sub, sizeof(sub), PCI_LOOKUP_SUBSYSTEM | PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE,
					(int)ven, (int)dev, (int)sven, (int)sdev);
			if (strcmp(sub, name))
				snprintf(name + strlen(name), sizeof(name) - strlen(name), " (subsystem: %s)", sub);
		}
#else
		snprintf(name, sizeof(name), "virtio %s%s", vct_type_name(type), dev < 0x1040 ? " (transitional)" : "");
#endif
		fprintf(out, "%-13s %04lx:%04lx %04lx:%04lx %-8s %-10s %-6s %s\n", a, ven, dev, sven, sdev,
			vct_type_name(type), drv, grp, name);
		found++;
	}
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
#ifdef VCT_HAVE_LIBPCI
	pci_cleanup(pacc);
#endif
	if (!found)
		fprintf(out, "(no virtio PCI devices here; try 'vct run refdev:blk' for the reference device)\n");
	return 0;
}
