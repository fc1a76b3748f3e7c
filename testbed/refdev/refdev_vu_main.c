/* SPDX-License-Identifier: MIT */
/*
 * build/vct-refdev-vu: the reference device as a standalone vhost-user back
 * end (refdev_vu.h), for `vct run vhost-user:SOCKET,type=TYPE`.
 *
 *   vct-refdev-vu [--die-on REQUEST[:N]] [--die-after-requests N] SOCKET TYPE[,OPTION...]
 *
 * TYPE[,OPTION...] is what follows "refdev:" (quirks included). --die-on
 * kills the back end (SIGKILL, as a crash) at the N-th (default first)
 * message REQUEST (a name such as GET_VRING_BASE, or a number);
 * --die-after-requests once the device has consumed N descriptor chains.
 * The socket is in place only once it listens. Usage errors: one line, exit 2.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdev_vu.h"
#include "vhost_user.h"

static int usage(const char *why)
{
	fprintf(stderr, "vct-refdev-vu: %s; usage: vct-refdev-vu [--die-on REQUEST[:N]] [--die-after-requests N] "
		"SOCKET TYPE[,OPTION...]\n", why);
	return 2;
}

static int parse_count(const char *s, unsigned long long *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || end == s || *end || *v == 0 || s[0] == '-' ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct vct_refdev_vu_opts o = { 0 };
	char err[512];
	int i = 1, fd, r;

	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		unsigned long long n;

		if (!strcmp(argv[i], "--die-on") && i + 1 < argc) {
			char name[40];
			const char *colon = strchr(argv[++i], ':');

			snprintf(name, sizeof(name), "%.*s", colon ? (int)(colon - argv[i]) : (int)strlen(argv[i]), argv[i]);
			for (uint32_t q = 1; q <= VU_REQ_MAX; q++)
				if (!strcmp(name, vct_vu_req_name(q)) || (unsigned long)atol(name) == q)
					o.die_on = q;
			if (!o.die_on)
				return usage("--die-on wants a vhost-user request name (GET_VRING_BASE) or number");
			o.die_on_n = 1;
			if (colon) {
				if (parse_count(colon + 1, &n) || n > 1000000)
					return usage("--die-on REQUEST:N wants N from 1 to 1000000");
				o.die_on_n = (unsigned int)n;
			}
		} else if (!strcmp(argv[i], "--die-after-requests") && i + 1 < argc) {
			if (parse_count(argv[++i], &n))
				return usage("--die-after-requests wants a count above 0");
			o.die_after_requests = n;
		} else {
			return usage("unknown option or missing value");
		}
	}
	if (argc - i != 2)
		return usage("SOCKET and TYPE are required");
	fd = vct_refdev_vu_listen(argv[i], err, sizeof(err));
	if (fd < 0)
		return usage(err);
	fprintf(stderr, "vct-refdev-vu: refdev:%s served on %s\n", argv[i + 1], argv[i]);
	r = vct_refdev_vu_serve(fd, argv[i + 1], &o, err, sizeof(err));
	fprintf(stderr, "vct-refdev-vu: %s\n", err);
	return r == -EINVAL ? 2 : 1;
}
