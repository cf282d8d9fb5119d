/* xenstore domain requests: introduce/release, targets, control, quotas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/errno.h>
#include "xs_store.h"

struct xs_domain *xs_domain_find(struct xs_store *s, unsigned int domid)
{
	for (struct xs_domain *d = s->domains; d; d = d->next)
		if (d->domid == domid)
			return d;
	return NULL;
}

struct xs_quota *xs_quota_for(struct xs_store *s, unsigned int domid)
{
	struct xs_domain *d = xs_domain_find(s, domid);

	return d ? &d->quota : &s->quota;
}

/* The leading domid argument of a privileged domain request. */
static int domid_arg(struct xs_req *r, const char **v, unsigned int want,
		     struct xs_domain **d, unsigned int *domid)
{
	if (!r->c->privileged)
		return -XEN_EACCES;
	if (xs_req_strings(r, v, want) != want ||
	    xs_parse_uint(v[0], domid))
		return -XEN_EINVAL;
	*d = xs_domain_find(r->s, *domid);
	return 0;
}

int xs_op_introduce(struct xs_req *r)
{
	const char *v[3];
	unsigned int domid, port;
	unsigned long mfn = 0;
	struct xs_domain *d;
	int err = domid_arg(r, v, 3, &d, &domid);

	if (err)
		return err;
	if (xs_parse_uint(v[2], &port))
		return -XEN_EINVAL;
	for (const char *p = v[1]; *p; p++) {
		if (*p < '0' || *p > '9')
			return -XEN_EINVAL;
		mfn = mfn * 10 + (unsigned long)(*p - '0');
	}
	if (d)  /* again: fine if it is the same ring */
		return d->mfn == mfn && d->port == port ? xs_reply_ok(r)
							 : -XEN_EEXIST;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -XEN_ENOMEM;
	d->domid = domid;
	d->mfn = mfn;
	d->port = port;
	d->target = ~0u;
	d->quota = r->s->quota;
	if (r->s->introduce && (err = r->s->introduce(r->s, d)) < 0) {
		free(d);
		return err;
	}
	d->next = r->s->domains;
	r->s->domains = d;
	xs_fire_later(r->s, "@introduceDomain", 0, NULL);
	return xs_reply_ok(r);
}

/* The one domid argument of a privileged request, and its domain (if any). */
static int lone_domid(struct xs_req *r, struct xs_domain **d,
		      unsigned int *domid)
{
	const char *v[1];

	return domid_arg(r, v, 1, d, domid);
}

int xs_op_release(struct xs_req *r)
{
	unsigned int domid;
	struct xs_domain *d;
	int err = lone_domid(r, &d, &domid);

	if (err || !d)
		return err ? err : -XEN_ENOENT;
	for (struct xs_domain **pp = &r->s->domains; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	if (d->conn)
		d->conn->dead = 1;  /* the transport closes it */
	if (r->s->release)
		r->s->release(r->s, d);
	free(d);
	xs_fire_later(r->s, "@releaseDomain", 0, NULL);
	return xs_reply_ok(r);
}

int xs_op_get_domain_path(struct xs_req *r)
{
	const char *arg = xs_req_onearg(r);
	unsigned int domid;
	char path[32];

	if (!arg || xs_parse_uint(arg, &domid))
		return -XEN_EINVAL;
	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	return xs_reply_str(r, path);
}

int xs_op_is_domain_introduced(struct xs_req *r)
{
	unsigned int domid;
	struct xs_domain *d;
	int err = lone_domid(r, &d, &domid);

	return err ? err : xs_reply_str(r, d || domid == 0 ? "T" : "F");
}

int xs_op_resume(struct xs_req *r)
{
	unsigned int domid;
	struct xs_domain *d;
	int err = lone_domid(r, &d, &domid);

	return err ? err : d ? xs_reply_ok(r) : -XEN_ENOENT;
}

int xs_op_set_target(struct xs_req *r)
{
	const char *v[2];
	unsigned int domid, target;
	struct xs_domain *d;
	int err = domid_arg(r, v, 2, &d, &domid);

	if (err)
		return err;
	if (xs_parse_uint(v[1], &target))
		return -XEN_EINVAL;
	if (!d || !xs_domain_find(r->s, target))
		return -XEN_ENOENT;
	d->target = target;
	for (struct xs_conn *c = r->s->conns; c; c = c->next)
		if (c->domid == domid)
			c->target = target;
	return xs_reply_ok(r);
}

static int quota_index(const char *name)
{
	for (int i = 0; i < XS_QUOTA_COUNT; i++)
		if (strcmp(xs_quota_names[i], name) == 0)
			return i;
	return -1;
}

/* Quota arguments: [domid] name [value]; picks the quota set they name. */
static int quota_args(struct xs_req *r, unsigned int with_value,
		      struct xs_quota **q, unsigned int **field,
		      const char **value)
{
	const char *v[3];
	unsigned int n, domid;

	if (!r->c->privileged)
		return -XEN_EACCES;
	n = xs_req_strings(r, v, 3);
	if (n < 1 + with_value)
		return -XEN_EINVAL;
	*q = &r->s->quota;
	if (n == 2 + with_value) {
		struct xs_domain *d;
		if (xs_parse_uint(v[0], &domid))
			return -XEN_EINVAL;
		if (!(d = xs_domain_find(r->s, domid)))
			return -XEN_ENOENT;
		*q = &d->quota;
	}
	int i = quota_index(v[n - 1 - with_value]);
	if (i < 0)
		return -XEN_EINVAL;
	*field = xs_quota_field(*q, (unsigned int)i);
	*value = with_value ? v[n - 1] : NULL;
	return 0;
}

int xs_op_get_quota(struct xs_req *r)
{
	struct xs_quota *q;
	unsigned int *field;
	const char *value;
	char buf[128] = "";
	int err;

	if (!r->len) {  /* no arguments: the names Xen knows them by */
		if (!r->c->privileged)
			return -XEN_EACCES;
		for (int i = 0; i < XS_QUOTA_COUNT; i++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "%s%s", i ? " " : "", xs_quota_names[i]);
		return xs_reply_str(r, buf);
	}
	err = quota_args(r, 0, &q, &field, &value);
	if (err)
		return err;
	snprintf(buf, sizeof(buf), "%u", *field);
	return xs_reply_str(r, buf);
}

int xs_op_set_quota(struct xs_req *r)
{
	struct xs_quota *q;
	unsigned int *field, val;
	const char *value;
	int err = quota_args(r, 1, &q, &field, &value);

	if (err)
		return err;
	if (xs_parse_uint(value, &val))
		return -XEN_EINVAL;
	*field = val;
	return xs_reply_ok(r);
}

/* XS_CONTROL: "log [on|off]", "quota", "print <text>", "help". */
int xs_op_control(struct xs_req *r)
{
	const char *v[2];
	unsigned int n;
	char buf[512];

	if (!r->c->privileged)
		return -XEN_EACCES;
	n = xs_req_strings(r, v, 2);
	if (n < 1)
		return -XEN_EINVAL;
	if (strcmp(v[0], "log") == 0) {
		if (n == 2 && strcmp(v[1], "on") && strcmp(v[1], "off"))
			return -XEN_EINVAL;
		r->s->log_on = n == 1 || strcmp(v[1], "on") == 0;
		return xs_reply_ok(r);
	}
	if (strcmp(v[0], "print") == 0 && n == 2) {
		xs_store_log(r->s, "control: %s", v[1]);
		return xs_reply_ok(r);
	}
	if (strcmp(v[0], "quota") == 0) {
		size_t len = 0;
		for (unsigned int i = 0; i < XS_QUOTA_COUNT; i++)
			len += snprintf(buf + len, sizeof(buf) - len,
					"%-14s %u\n", xs_quota_names[i],
					*xs_quota_field(&r->s->quota, i));
		return xs_reply_str(r, buf);
	}
	if (strcmp(v[0], "help") == 0)
		return xs_reply_str(r, "log [on|off]\nprint <text>\nquota\n");
	return -XEN_EINVAL;
}
