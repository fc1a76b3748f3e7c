/* SPDX-License-Identifier: MIT */
/* Width-typed config-space accessors over the transport ops. */
#include "transport.h"

#include "hostact.h"

#include <endian.h>
#include <errno.h>
#include <string.h>

static int cfg_read(struct vct_transport *t, uint32_t off, void *buf, size_t len)
{
	/* The range and alignment check is done here once, for every backend. */
	if (off >= t->cfg_size || len > t->cfg_size - off || (off & (len - 1)))
		return -EINVAL;
	return t->ops->cfg_read(t, off, buf, len);
}

static int cfg_write(struct vct_transport *t, uint32_t off, const void *buf, size_t len)
{
	if (off >= t->cfg_size || len > t->cfg_size - off || (off & (len - 1)))
		return -EINVAL;
	return t->ops->cfg_write(t, off, buf, len);
}

int vct_cfg_read8(struct vct_transport *t, uint32_t off, uint8_t *v)
{
	return cfg_read(t, off, v, 1);
}

int vct_cfg_read16(struct vct_transport *t, uint32_t off, uint16_t *v)
{
	uint16_t le;
	int r = cfg_read(t, off, &le, 2);

	*v = r ? 0xffff : le16toh(le);
	return r;
}

int vct_cfg_read32(struct vct_transport *t, uint32_t off, uint32_t *v)
{
	uint32_t le;
	int r = cfg_read(t, off, &le, 4);

	*v = r ? 0xffffffffu : le32toh(le);
	return r;
}

int vct_cfg_write8(struct vct_transport *t, uint32_t off, uint8_t v)
{
	return cfg_write(t, off, &v, 1);
}

int vct_cfg_write16(struct vct_transport *t, uint32_t off, uint16_t v)
{
	uint16_t le = htole16(v);

	return cfg_write(t, off, &le, 2);
}

int vct_cfg_write32(struct vct_transport *t, uint32_t off, uint32_t v)
{
	uint32_t le = htole32(v);

	return cfg_write(t, off, &le, 4);
}

void vct_transport_close(struct vct_transport *t)
{
	if (!t)
		return;
	vct_host_close(t->host);
	t->host = NULL;
	if (t->ops->close)
		t->ops->close(t);
}

const char *vct_transport_removed(struct vct_transport *t)
{
	uint16_t vid;

	if (t->ops->removed && t->ops->removed(t))
		return "the host asked for the device back (hot-unplug request)";
	/* A function that left the bus answers config reads with all ones. */
	if (!vct_cfg_read16(t, 0, &vid) && vid == 0xffff)
		return "the function left the bus (vendor id reads 0xffff)";
	return NULL;
}
