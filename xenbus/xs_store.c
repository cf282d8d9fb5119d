/* xenstore core: store setup, logging, request dispatch and reply helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/errno.h>
#include "xs_store.h"

const char *const xs_quota_names[XS_QUOTA_COUNT] = {
	"nodes", "watches", "transactions", "outstanding", "nodesize",
	"permissions",
};

unsigned int *xs_quota_field(struct xs_quota *q, unsigned int i)
{
	unsigned int *f[XS_QUOTA_COUNT] = {
		&q->nodes, &q->watches, &q->transactions, &q->outstanding,
		&q->nodesize, &q->permissions,
	};
	return i < XS_QUOTA_COUNT ? f[i] : NULL;
}

int xs_store_init(struct xs_store *s)
{
	static const struct xs_quota def = XS_DEFAULT_QUOTA;

	memset(s, 0, sizeof(*s));
	s->quota = def;
	s->next_tx = 1;
	s->reply = malloc(XENSTORE_PAYLOAD_MAX);
	if (!s->reply || xs_tree_init(&s->tree) < 0) {
		free(s->reply);
		return -XEN_ENOMEM;
	}
	return 0;
}

void xs_store_free(struct xs_store *s)
{
	while (s->conns)
		xs_conn_free(s->conns);
	while (s->domains) {
		struct xs_domain *d = s->domains;
		s->domains = d->next;
		free(d);
	}
	xs_fire_flush(s);
	free(s->fires);
	xs_tree_free(&s->tree);
	free(s->reply);
}

void xs_store_log(struct xs_store *s, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (!s->log)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->log(s->log_opaque, buf);
}

#define XS_XEN_ERROR(x) { XEN_##x, #x }
static const struct xsd_errors xs_errors[] = {
	XSD_ERROR_LIST(XS_XEN_ERROR)
};

const char *xs_error_name(int err)
{
	if (err < 0)
		err = -err;
	for (unsigned int i = 0; i < sizeof(xs_errors) / sizeof(*xs_errors); i++)
		if (xs_errors[i].errnum == err)
			return xs_errors[i].errstring;
	return "EINVAL";  /* Xen answers an unlisted error as EINVAL too */
}

int xs_reply_bytes(struct xs_req *r, const void *p, unsigned int len)
{
	if (len > XENSTORE_PAYLOAD_MAX - r->s->reply_len)
		return -XEN_E2BIG;
	memcpy(r->s->reply + r->s->reply_len, p, len);
	r->s->reply_len += len;
	return 0;
}

int xs_reply_str(struct xs_req *r, const char *str)
{
	return xs_reply_bytes(r, str, (unsigned int)strlen(str) + 1);
}

int xs_reply_ok(struct xs_req *r)
{
	return xs_reply_str(r, "OK");
}

unsigned int xs_req_strings(const struct xs_req *r, const char **v,
			    unsigned int max)
{
	unsigned int n = 0, off = 0;

	while (off < r->len && n < max) {
		const char *e = memchr(r->data + off, 0, r->len - off);
		if (!e)
			break;
		v[n++] = r->data + off;
		off = (unsigned int)(e - r->data) + 1;
	}
	return n;
}

const char *xs_req_onearg(const struct xs_req *r)
{
	if (!r->len || memchr(r->data, 0, r->len) != r->data + r->len - 1)
		return NULL;
	return r->data;
}

char *xs_strdup(const char *s)
{
	size_t len = strlen(s) + 1;
	char *d = malloc(len);

	return d ? memcpy(d, s, len) : NULL;
}

int xs_parse_uint(const char *s, unsigned int *out)
{
	unsigned long v = 0;

	if (!*s)
		return -XEN_EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -XEN_EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > 0xffffffffUL)
			return -XEN_EINVAL;
	}
	*out = (unsigned int)v;
	return 0;
}

/*
 * Makes `in` absolute (relative paths live under /local/domain/<id>/) and
 * checks it as Xen does: allowed characters, no empty components, no
 * trailing slash, length limits. "@..." names pass only if allow_special.
 */
int xs_canonical(const struct xs_conn *c, const char *in, char *out,
		 unsigned int size, int allow_special)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/_@";
	size_t len = strlen(in);
	int n;

	if (in[0] == '@') {
		if (!allow_special || strspn(in, ok) != len ||
		    len > XENSTORE_ABS_PATH_MAX)
			return -XEN_EINVAL;
		n = snprintf(out, size, "%s", in);
	} else if (in[0] == '/') {
		n = snprintf(out, size, "%s", in);
	} else {
		if (len > XENSTORE_REL_PATH_MAX)
			return -XEN_EINVAL;
		n = snprintf(out, size, "/local/domain/%u/%s", c->domid, in);
	}
	if (n < 0 || (unsigned int)n >= size || n > XENSTORE_ABS_PATH_MAX)
		return -XEN_EINVAL;
	if (out[0] == '@')
		return 0;
	if (strspn(out, ok) != (size_t)n || strstr(out, "//") ||
	    (n > 1 && out[n - 1] == '/'))
		return -XEN_EINVAL;
	return 0;
}

typedef int (*xs_handler)(struct xs_req *r);
static const xs_handler handlers[XS_TYPE_COUNT] = {
	[XS_CONTROL] = xs_op_control,
	[XS_DIRECTORY] = xs_op_directory,
	[XS_READ] = xs_op_read,
	[XS_GET_PERMS] = xs_op_get_perms,
	[XS_WATCH] = xs_op_watch,
	[XS_UNWATCH] = xs_op_unwatch,
	[XS_TRANSACTION_START] = xs_op_transaction_start,
	[XS_TRANSACTION_END] = xs_op_transaction_end,
	[XS_INTRODUCE] = xs_op_introduce,
	[XS_RELEASE] = xs_op_release,
	[XS_GET_DOMAIN_PATH] = xs_op_get_domain_path,
	[XS_WRITE] = xs_op_write,
	[XS_MKDIR] = xs_op_mkdir,
	[XS_RM] = xs_op_rm,
	[XS_SET_PERMS] = xs_op_set_perms,
	[XS_IS_DOMAIN_INTRODUCED] = xs_op_is_domain_introduced,
	[XS_RESUME] = xs_op_resume,
	[XS_SET_TARGET] = xs_op_set_target,
	[XS_RESET_WATCHES] = xs_op_reset_watches,
	[XS_DIRECTORY_PART] = xs_op_directory_part,
	[XS_GET_QUOTA] = xs_op_get_quota,
	[XS_SET_QUOTA] = xs_op_set_quota,
};

/* Requests that act on the tree honour tx_id; the rest ignore it. */
static int uses_transaction(uint32_t type)
{
	switch (type) {
	case XS_DIRECTORY: case XS_DIRECTORY_PART: case XS_READ:
	case XS_GET_PERMS: case XS_WRITE: case XS_MKDIR: case XS_RM:
	case XS_SET_PERMS: case XS_TRANSACTION_END:
		return 1;
	}
	return 0;
}

/*
 * Runs one complete request from c and queues its reply, then any watch
 * events it caused. Never fails: errors become XS_ERROR replies.
 */
void xs_handle_message(struct xs_conn *c, const struct xsd_sockmsg *hdr,
		       const char *data)
{
	struct xs_store *s = c->store;
	struct xs_req r = { s, c, hdr, data, hdr->len, NULL, &s->tree };
	int err = -XEN_ENOSYS;
	uint32_t type = hdr->type;

	s->reply_len = 0;
	if (uses_transaction(type) && hdr->tx_id) {
		r.t = xs_trans_find(c, hdr->tx_id);
		if (r.t)
			r.tree = &r.t->view;
	}
	if (uses_transaction(type) && hdr->tx_id && !r.t)
		err = -XEN_ENOENT;
	else if (type < XS_TYPE_COUNT && handlers[type])
		err = handlers[type](&r);
	if (s->log_on)
		xs_store_log(s, "dom%u: %u req %u tx %u len %u -> %s", c->domid,
			     type, hdr->req_id, hdr->tx_id, hdr->len,
			     err ? xs_error_name(err) : "ok");
	if (err) {
		const char *name = xs_error_name(err);
		xs_conn_send(c, XS_ERROR, hdr->req_id, hdr->tx_id, name,
			     (unsigned int)strlen(name) + 1);
	} else {
		xs_conn_send(c, type, hdr->req_id, hdr->tx_id, s->reply,
			     s->reply_len);
	}
	xs_fire_flush(s);
}
