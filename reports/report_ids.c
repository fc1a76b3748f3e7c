/* SPDX-License-Identifier: MIT */
#include "report_ids.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef VCT_HAVE_LIBPCI
#include <pci/pci.h>
#endif

#include <stdbool.h>

#include "devtype.h"

static void set(char *dst, size_t n, const char *s)
{
	size_t k = s ? strnlen(s, n - 1) : 0;

	if (k)
		memcpy(dst, s, k);
	dst[k] = 0;
}

#ifdef VCT_HAVE_LIBPCI
static int from_libpci(uint16_t ven, uint16_t dev, uint16_t sven, uint16_t sdev, struct vct_pci_names *n)
{
	struct pci_access *pacc = pci_alloc();
	char buf[256];
	const char *s;

	if (!pacc)
		return -1;
	pci_init(pacc);
	s = pci_lookup_name(pacc, buf, sizeof(buf), PCI_LOOKUP_VENDOR | PCI_LOOKUP_NO_NUMBERS, (int)ven);
	set(n->vendor, sizeof(n->vendor), s);
	s = pci_lookup_name(pacc, buf, sizeof(buf), PCI_LOOKUP_DEVICE | PCI_LOOKUP_NO_NUMBERS, (int)ven, (int)dev);
	set(n->device, sizeof(n->device), s);
	s = pci_lookup_name(pacc, buf, sizeof(buf), PCI_LOOKUP_VENDOR | PCI_LOOKUP_NO_NUMBERS, (int)sven);
	set(n->subsys_vendor, sizeof(n->subsys_vendor), s);
	s = pci_lookup_name(pacc, buf, sizeof(buf), PCI_LOOKUP_SUBSYSTEM | PCI_LOOKUP_DEVICE | PCI_LOOKUP_NO_NUMBERS,
			    (int)ven, (int)dev, (int)sven, (int)sdev);
	set(n->subsystem, sizeof(n->subsystem), s);
	pci_cleanup(pacc);
	n->source = "libpci";
	return n->vendor[0] ? 0 : -1;
}
#endif

/* pci.ids: "VVVV  name", "\tDDDD  name", "\t\tSVSV SDSD  name"; the class list ("C ...") ends the vendors. */
static int from_file(const char *path, uint16_t ven, uint16_t dev, uint16_t sven, uint16_t sdev,
		     struct vct_pci_names *n)
{
	FILE *f = fopen(path, "r");
	char line[512];
	unsigned int a, b;
	bool in_ven = false, in_dev = false;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0] == '#' || !line[0])
			continue;
		if (line[0] == 'C' && line[1] == ' ')
			break;
		if (line[0] != '\t') {
			if (sscanf(line, "%4x", &a) != 1 || strlen(line) < 6)
				continue;
			in_ven = a == ven;
			in_dev = false;
			if (a == ven)
				set(n->vendor, sizeof(n->vendor), line + 6);
			if (a == sven)
				set(n->subsys_vendor, sizeof(n->subsys_vendor), line + 6);
		} else if (line[1] != '\t') {
			in_dev = false;
			if (in_ven && sscanf(line + 1, "%4x", &a) == 1 && a == dev && strlen(line) > 7) {
				set(n->device, sizeof(n->device), line + 7);
				in_dev = true;
			}
		} else if (in_dev && sscanf(line + 2, "%4x %4x", &a, &b) == 2 && a == sven && b == sdev &&
			   strlen(line) > 13) {
			set(n->subsystem, sizeof(n->subsystem), line + 13);
		}
	}
	fclose(f);
	n->source = "pci.ids";
	return 0;	/* the database was read: what it does not know stays "" */
}

static void builtin(uint16_t ven, uint16_t dev, uint16_t sven, struct vct_pci_names *n)
{
	n->source = "built-in";
	if (ven == 0x1af4) {
		set(n->vendor, sizeof(n->vendor), "Red Hat, Inc.");
		if (dev >= 0x1040 && dev <= 0x107f)
			snprintf(n->device, sizeof(n->device), "Virtio 1.0 %s device", vct_type_name(dev - 0x1040));
		else if (dev >= 0x1000 && dev <= 0x103f)
			snprintf(n->device, sizeof(n->device), "Virtio transitional device %04x", dev);
	}
	if (sven == 0x1af4)
		set(n->subsys_vendor, sizeof(n->subsys_vendor), "Red Hat, Inc.");
}

void vct_pci_names_lookup(uint16_t ven, uint16_t dev, uint16_t sven, uint16_t sdev, struct vct_pci_names *n)
{
	const char *env = getenv("VCT_PCI_IDS");
	const char *files[] = { env, "/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids" };

	memset(n, 0, sizeof(*n));
	/* VCT_PCI_IDS names the database explicitly (tests, other machines): it wins over libpci's. */
	if (env && *env) {
		if (!from_file(env, ven, dev, sven, sdev, n))
			return;
		memset(n, 0, sizeof(*n));	/* unreadable: the usual sources */
	}
#ifdef VCT_HAVE_LIBPCI
	if (!from_libpci(ven, dev, sven, sdev, n))
		return;
#endif
	for (size_t i = 1; i < sizeof(files) / sizeof(files[0]); i++) {
		memset(n, 0, sizeof(*n));
		if (!from_file(files[i], ven, dev, sven, sdev, n))
			return;
	}
	memset(n, 0, sizeof(*n));
	builtin(ven, dev, sven, n);
}
