/* xenstore client library: permissions, watches, transactions, domains. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xs_client_priv.h"

struct xs_permissions *xs_get_permissions(struct xs_handle *h,
					  xs_transaction_t t,
					  const char *path, unsigned int *num)
{
	unsigned int len, n;
	char *r = xs_talk2(h, t, XS_GET_PERMS, path, NULL, &len);
	char **v = r ? xs_split(r, len, &n) : NULL;
	struct xs_permissions *p = v ? malloc((n + 1) * sizeof(*p)) : NULL;

	for (unsigned int i = 0; p && i < n; i++) {
		if (xs_perm_parse(v[i], &p[i]) < 0) {
			free(p);
			p = NULL;
			errno = EINVAL;
		}
	}
	if (p)
		*num = n;
	free(v);
	free(r);
	return p;
}

bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
			const char *path, struct xs_permissions *perms,
			unsigned int num)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t len = strlen(path) + 1;

	if (len > sizeof(buf) - num * XS_PERM_STRLEN) {
		errno = E2BIG;
		return false;
	}
	memcpy(buf, path, len);
	for (unsigned int i = 0; i < num; i++) {
		if (perms[i].perms & ~(XS_PERM_READ | XS_PERM_WRITE)) {
			errno = EINVAL;
			return false;
		}
		xs_perm_format(&perms[i], buf + len);
		len += strlen(buf + len) + 1;
	}
	return xs_ok(xs_talk(h, t, XS_SET_PERMS, buf, (unsigned int)len,
			     NULL));
}

bool xs_watch(struct xs_handle *h, const char *path, const char *token)
{
	return xs_ok(xs_talk2(h, XBT_NULL, XS_WATCH, path, token, NULL));
}

bool xs_unwatch(struct xs_handle *h, const char *path, const char *token)
{
	return xs_ok(xs_talk2(h, XBT_NULL, XS_UNWATCH, path, token, NULL));
}

xs_transaction_t xs_transaction_start(struct xs_handle *h)
{
	char *r = xs_talk2(h, XBT_NULL, XS_TRANSACTION_START, "", NULL, NULL);
	xs_transaction_t t;

	if (!r)
		return XBT_NULL;
	t = (xs_transaction_t)strtoul(r, NULL, 10);
	free(r);
	return t;
}

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
{
	return xs_ok(xs_talk2(h, t, XS_TRANSACTION_END, abort ? "F" : "T",
			      NULL, NULL));
}

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
	char id[16];

	snprintf(id, sizeof(id), "%u", domid);
	return xs_talk2(h, XBT_NULL, XS_GET_DOMAIN_PATH, id, NULL, NULL);
}

bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
			 unsigned long mfn, unsigned int eventchn)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%u%c%lu%c%u", domid, 0, mfn, 0,
			 eventchn);

	return xs_ok(xs_talk(h, XBT_NULL, XS_INTRODUCE, buf,
			     (unsigned int)n + 1, NULL));
}

bool xs_release_domain(struct xs_handle *h, unsigned int domid)
{
	char id[16];

	snprintf(id, sizeof(id), "%u", domid);
	return xs_ok(xs_talk2(h, XBT_NULL, XS_RELEASE, id, NULL, NULL));
}

bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid)
{
	char id[16];
	char *r;
	bool yes;

	snprintf(id, sizeof(id), "%u", domid);
	r = xs_talk2(h, XBT_NULL, XS_IS_DOMAIN_INTRODUCED, id, NULL, NULL);
	yes = r && strcmp(r, "T") == 0;
	free(r);
	return yes;
}

char *xs_control_command(struct xs_handle *h, const char *cmd,
			 void *data, unsigned int len)
{
	return xs_talk_bytes(h, XBT_NULL, XS_CONTROL, cmd, data, len, NULL);
}
