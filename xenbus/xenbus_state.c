/* XenbusState handshake helpers for front and back ends, over xs_*(). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstore.h"

const char *xenbus_strstate(XenbusState state)
{
	static const char *const names[] = {
		"Unknown", "Initialising", "InitWait", "Initialised",
		"Connected", "Closing", "Closed", "Reconfiguring",
		"Reconfigured",
	};
	return (unsigned int)state < sizeof(names) / sizeof(*names)
		? names[state] : "Invalid";
}

static int state_path(char *buf, size_t size, const char *dev)
{
	int n = snprintf(buf, size, "%s/state", dev);

	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

bool xenbus_switch_state(struct xs_handle *h, const char *dev,
			 XenbusState state)
{
	char path[XENSTORE_ABS_PATH_MAX + 1], val[8];

	if (state_path(path, sizeof(path), dev))
		return false;
	snprintf(val, sizeof(val), "%d", (int)state);
	return xs_write(h, XBT_NULL, path, val, (unsigned int)strlen(val));
}

XenbusState xenbus_read_state(struct xs_handle *h, const char *dev)
{
	char path[XENSTORE_ABS_PATH_MAX + 1], *val, *end;
	long v;

	if (state_path(path, sizeof(path), dev))
		return XenbusStateUnknown;
	val = xs_read(h, XBT_NULL, path, NULL);
	if (!val)
		return XenbusStateUnknown;
	v = strtol(val, &end, 10);
	if (*end || end == val || v < 0 || v > XenbusStateReconfigured)
		v = XenbusStateUnknown;
	free(val);
	return (XenbusState)v;
}

/*
 * The watch fires once on registration, so the state is read at least
 * once even if the peer got there before we started waiting. Events for
 * other watches that arrive meanwhile are discarded.
 */
int xenbus_wait_state(struct xs_handle *h, const char *peer,
		      XenbusState want, bool at_least, int timeout_ms)
{
	char path[XENSTORE_ABS_PATH_MAX + 1], token[32];
	int got = -1;

	if (state_path(path, sizeof(path), peer))
		return -1;
	snprintf(token, sizeof(token), "xenbus-wait-%p", (void *)&got);
	if (!xs_watch(h, path, token))
		return -1;
	for (;;) {
		char **ev = xs_read_watch_timeout(h, NULL, timeout_ms);
		if (!ev)
			break;
		int mine = strcmp(ev[XS_WATCH_TOKEN], token) == 0;
		free(ev);
		if (!mine)
			continue;
		XenbusState s = xenbus_read_state(h, peer);
		if (s == want || (at_least && s > want)) {
			got = (int)s;
			break;
		}
	}
	int saved = errno;
	xs_unwatch(h, path, token);
	if (got < 0)
		errno = saved;
	return got;
}
