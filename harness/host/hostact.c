/* SPDX-License-Identifier: MIT */
/*
 * Host-side actions: the common entry point and the two out-of-process back
 * ends (a hook program per action, a line protocol over a serial channel).
 * The reference device's in-process back end lives with it (refdev.c).
 */
#include "hostact.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "json.h"
#include "util.h"

static const char *const hact_names[VCT_HA__COUNT] = {
	[VCT_HA_CONFIG_CHANGE] = "config-change", [VCT_HA_LINK_DOWN] = "link-down",
	[VCT_HA_LINK_UP] = "link-up",		  [VCT_HA_ANNOUNCE] = "announce",
	[VCT_HA_INPUT_EVENT] = "input-event",	  [VCT_HA_INJECT_ERROR] = "inject-error",
	[VCT_HA_UNPLUG] = "unplug",		  [VCT_HA_REPLUG] = "replug",
	[VCT_HA_PAUSE] = "pause",		  [VCT_HA_RESUME] = "resume",
	[VCT_HA_QUERY] = "query",		  [VCT_HA_RESTORE] = "restore",
	[VCT_HA_SYSTEM_RESET] = "system-reset",
};

const char *vct_hact_name(enum vct_hact a)
{
	return (unsigned int)a < VCT_HA__COUNT ? hact_names[a] : "?";
}

int vct_hact_parse(const char *name)
{
	for (int i = 0; i < VCT_HA__COUNT; i++)
		if (!strcmp(name, hact_names[i]))
			return i;
	return -1;
}

/* Parameters travel as words: key=value, no spaces, printable ASCII. */
static bool params_ok(const char *p)
{
	for (; p && *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return false;
	return true;
}

int vct_host_act(struct vct_host *h, enum vct_hact a, const char *params, int timeout_ms, char *out,
		 size_t outlen, char *msg, size_t msglen)
{
	char dummy[2];
	int r;

	if (!out || !outlen) {
		out = dummy;
		outlen = sizeof(dummy);
	}
	out[0] = 0;
	msg[0] = 0;
	if (!h) {
		snprintf(msg, msglen, "no host back end for this target (--host-hook or --host-channel)");
		return -EOPNOTSUPP;
	}
	if ((unsigned int)a >= VCT_HA__COUNT || !params_ok(params)) {
		snprintf(msg, msglen, "bad host action request");
		return -EINVAL;
	}
	r = h->ops->act(h, a, params ? params : "", timeout_ms, out, outlen, msg, msglen);
	if (!r && a == VCT_HA_QUERY) {
		/* The host is outside vct: its answer is input like any other. */
		char jerr[128];
		struct vct_json *j = vct_json_parse(out, strlen(out), jerr, sizeof(jerr));

		if (!j) {
			snprintf(msg, msglen, "the host's answer to query %s is not JSON: %s", params ? params : "",
				 jerr);
			return -EPROTO;
		}
		vct_json_free(j);
	}
	if (!r && a != VCT_HA_QUERY && a != VCT_HA_RESTORE)
		h->acted = true;
	if (!r && !msg[0])
		snprintf(msg, msglen, "%s done", vct_hact_name(a));
	return r;
}

int vct_host_request(struct vct_host *h, const struct vct_host_action *a, char *why, size_t whylen)
{
	return vct_host_act(h, a->action, a->params, a->timeout_ms, a->out, a->outlen, why, whylen);
}

void vct_host_restore(struct vct_host *h, int timeout_ms)
{
	char msg[160];

	if (!h || !h->acted)
		return;
	/* Best effort: a host that cannot undo leaves the device as it is. */
	vct_host_act(h, VCT_HA_RESTORE, "", timeout_ms, NULL, 0, msg, sizeof(msg));
	h->acted = false;
}

void vct_host_close(struct vct_host *h)
{
	if (h)
		h->ops->close(h);
}

/* One line of text: control characters (a hostile or confused host) become '?'. */
static void one_line(char *s)
{
	s[strcspn(s, "\r\n")] = 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			*s = '?';
}

/* ---- hook: one program run per action ------------------------------------ */

struct hook_host {
	struct vct_host h;
	char cmd[512];
};

/* Read what @fd gives into buf until EOF or the deadline; returns bytes kept. */
static size_t drain_until(int fd, char *buf, size_t len, uint64_t deadline, bool *eof)
{
	size_t got = 0;

	*eof = false;
	while (1) {
		uint64_t now = vct_now_ms();
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		char sink[256];
		ssize_t n;
		int r;

		if (now >= deadline)
			break;
		r = poll(&pf, 1, (int)(deadline - now));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (got + 1 < len)
			n = read(fd, buf + got, len - 1 - got);
		else
			n = read(fd, sink, sizeof(sink));	/* over-long answers are cut, not blocked on */
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*eof = true;
			break;
		}
		if (got + 1 < len)
			got += (size_t)n;
	}
	if (len)
		buf[got < len ? got : len - 1] = 0;
	return got;
}

static int hook_act(struct vct_host *vh, enum vct_hact a, const char *params, int timeout_ms, char *out,
		    size_t outlen, char *msg, size_t msglen)
{
	struct hook_host *h = container_of(vh, struct hook_host, h);
	uint64_t deadline = vct_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 1);
	char pbuf[512], *argv[40], *save = NULL, errtxt[256];
	int pout[2], perr[2], status = 0, argc = 0;
	bool eof;
	pid_t pid;

	snprintf(pbuf, sizeof(pbuf), "%s", params);
	/* sh -c 'CMD "$@"' lets CMD carry its own arguments. */
	argv[argc++] = "/bin/sh";
	argv[argc++] = "-c";
	argv[argc++] = "eval \"$VCT_HOST_HOOK\" '\"$@\"'";
	argv[argc++] = "vct-host-hook";
	argv[argc++] = (char *)vct_hact_name(a);
	argv[argc++] = vh->target;
	for (char *w = strtok_r(pbuf, " ", &save); w && argc < 39; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (pipe2(pout, O_CLOEXEC))
		return snprintf(msg, msglen, "host hook: pipe: %s", strerror(errno)), -errno;
	if (pipe2(perr, O_CLOEXEC)) {
		int e = errno;

		close(pout[0]);
		close(pout[1]);
		return snprintf(msg, msglen, "host hook: pipe: %s", strerror(e)), -e;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int nul = open("/dev/null", O_RDONLY);

		setpgid(0, 0);	/* so a timeout kills whatever the hook started */
		if (nul >= 0)
			dup2(nul, 0);
		dup2(pout[1], 1);
		dup2(perr[1], 2);
		setenv("VCT_HOST_HOOK", h->cmd, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(pout[1]);
	close(perr[1]);
	if (pid < 0) {
		int e = errno;

		close(pout[0]);
		close(perr[0]);
		return snprintf(msg, msglen, "host hook: fork: %s", strerror(e)), -e;
	}
	drain_until(pout[0], out, outlen, deadline, &eof);
	drain_until(perr[0], errtxt, sizeof(errtxt), eof ? vct_now_ms() + 100 : deadline, &eof);
	close(pout[0]);
	close(perr[0]);
	/* The hook closed its output or ran out of time: give it the rest of its time to exit. */
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (vct_now_ms() >= deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			snprintf(msg, msglen, "host hook '%s %s' did not finish within %d ms (killed)", h->cmd,
				 vct_hact_name(a), timeout_ms);
			return -ETIMEDOUT;
		}
		usleep(2000);
	}
	one_line(errtxt);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		if (a != VCT_HA_QUERY && outlen) {
			one_line(out);
			snprintf(msg, msglen, "%s", out[0] ? out : errtxt);
		}
		return 0;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
		one_line(out);
		snprintf(msg, msglen, "%s", errtxt[0] ? errtxt : out);
		return -EOPNOTSUPP;
	}
	if (WIFEXITED(status))
		snprintf(msg, msglen, "host hook '%s %s' exited %d%s%s", h->cmd, vct_hact_name(a), WEXITSTATUS(status),
			 errtxt[0] ? ": " : "", errtxt);
	else
		snprintf(msg, msglen, "host hook '%s %s' died of signal %d", h->cmd, vct_hact_name(a),
			 WTERMSIG(status));
	return -EIO;
}

static void hook_close(struct vct_host *vh)
{
	free(container_of(vh, struct hook_host, h));
}

static const struct vct_host_ops hook_ops = { .kind = "hook", .act = hook_act, .close = hook_close };

struct vct_host *vct_host_hook_open(const char *cmd, const char *target, char *err, size_t errlen)
{
	struct hook_host *h;

	if (!cmd || !*cmd || strlen(cmd) >= sizeof(h->cmd)) {
		snprintf(err, errlen, "--host-hook wants a command (at most %zu bytes)", sizeof(h->cmd) - 1);
		return NULL;
	}
	h = calloc(1, sizeof(*h));
	if (!h) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	h->h.ops = &hook_ops;
	snprintf(h->h.target, sizeof(h->h.target), "%s", target);
	snprintf(h->cmd, sizeof(h->cmd), "%s", cmd);
	return &h->h;
}

/* ---- channel: a line protocol over a serial port -----------------------------
 *
 * vct writes one request line and reads lines until the answer with the same
 * sequence number (anything else, e.g. the late answer to a request that timed
 * out, is skipped):
 *   VCT-HOST <seq> <action> <target> [key=value ...]
 *   VCT-HOST <seq> ok|unsupported|error [text]
 * The text of an ok answer to a query is the JSON document, on that one line.
 * testbed/hostbridge.py is the other end on the test bed.
 */

struct chan_host {
	struct vct_host h;
	char dev[256];
	unsigned int seq;
};

static int chan_open_tty(const char *dev)
{
	struct termios tio;
	int fd = open(dev, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (isatty(fd) && !tcgetattr(fd, &tio)) {
		cfmakeraw(&tio);
		cfsetispeed(&tio, B115200);
		cfsetospeed(&tio, B115200);
		tcsetattr(fd, TCSANOW, &tio);
	}
	return fd;
}

static int chan_write_all(int fd, const char *s, size_t n, uint64_t deadline)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			struct pollfd pf = { .fd = fd, .events = POLLOUT };
			uint64_t now = vct_now_ms();

			if (now >= deadline)
				return -ETIMEDOUT;
			poll(&pf, 1, (int)(deadline - now));
			continue;
		}
		if (w <= 0)
			return -errno;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int chan_act(struct vct_host *vh, enum vct_hact a, const char *params, int timeout_ms, char *out,
		    size_t outlen, char *msg, size_t msglen)
{
	struct chan_host *h = container_of(vh, struct chan_host, h);
	uint64_t deadline = vct_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 1);
	char req[768], line[4096], want[48];
	size_t used = 0;
	unsigned long seq;
	int fd, r;

	/* Unique across the forked checks sharing this channel. */
	seq = ((unsigned long)getpid() << 16) | (++h->seq & 0xffff);
	snprintf(want, sizeof(want), "VCT-HOST %lu ", seq);
	snprintf(req, sizeof(req), "VCT-HOST %lu %s %s%s%s\n", seq, vct_hact_name(a), vh->target, params[0] ? " " : "",
		 params);
	fd = chan_open_tty(h->dev);
	if (fd < 0)
		return snprintf(msg, msglen, "host channel %s: %s", h->dev, strerror(-fd)), fd;
	r = chan_write_all(fd, req, strlen(req), deadline);
	if (r) {
		close(fd);
		return snprintf(msg, msglen, "host channel %s: write: %s", h->dev, strerror(-r)), r;
	}
	while (1) {
		uint64_t now = vct_now_ms();
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		char *nl;
		ssize_t n;

		if (now >= deadline) {
			close(fd);
			snprintf(msg, msglen, "the host did not answer '%s' within %d ms (host channel %s)",
				 vct_hact_name(a), timeout_ms, h->dev);
			return -ETIMEDOUT;
		}
		r = poll(&pf, 1, (int)(deadline - now));
		if (r <= 0)
			continue;
		n = read(fd, line + used, sizeof(line) - 1 - used);
		if (n <= 0) {
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			usleep(10000);	/* a tty reports hang-up until the other side connects */
			continue;
		}
		used += (size_t)n;
		line[used] = 0;
		while ((nl = strchr(line, '\n'))) {
			char *s = line, *status, *text;

			*nl = 0;
			s[strcspn(s, "\r")] = 0;
			if (!strncmp(s, want, strlen(want))) {
				status = s + strlen(want);
				text = strchr(status, ' ');
				if (text)
					*text++ = 0;
				else
					text = "";
				close(fd);
				if (!strcmp(status, "ok")) {
					if (a == VCT_HA_QUERY)
						snprintf(out, outlen, "%s", text);
					else
						snprintf(msg, msglen, "%s", text);
					one_line(msg);
					return 0;
				}
				snprintf(msg, msglen, "%s", text);
				one_line(msg);
				return !strcmp(status, "unsupported") ? -EOPNOTSUPP : -EIO;
			}
			used -= (size_t)(nl + 1 - line);
			memmove(line, nl + 1, used + 1);
		}
		if (used == sizeof(line) - 1)
			used = 0;	/* an over-long line is noise */
	}
}

static void chan_close(struct vct_host *vh)
{
	free(container_of(vh, struct chan_host, h));
}

static const struct vct_host_ops chan_ops = { .kind = "channel", .act = chan_act, .close = chan_close };

struct vct_host *vct_host_channel_open(const char *dev, const char *target, char *err, size_t errlen)
{
	struct chan_host *h;
	int fd;

	if (!dev || !*dev || strlen(dev) >= sizeof(h->dev)) {
		snprintf(err, errlen, "--host-channel wants a serial device path");
		return NULL;
	}
	fd = chan_open_tty(dev);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open host channel %s: %s (give the serial port the host listens on)", dev,
			 strerror(-fd));
		return NULL;
	}
	close(fd);
	h = calloc(1, sizeof(*h));
	if (!h) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	h->h.ops = &chan_ops;
	snprintf(h->h.target, sizeof(h->h.target), "%s", target);
	snprintf(h->dev, sizeof(h->dev), "%s", dev);
	return &h->h;
}
