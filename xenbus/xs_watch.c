/* xenstore watches: register, remove, reset, and firing after changes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/errno.h>
#include "xs_store.h"

#define PATH_BUF (XENSTORE_ABS_PATH_MAX + 64)

static void watch_free(struct xs_watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

void xs_watches_free(struct xs_conn *c)
{
	while (c->watches) {
		struct xs_watch *w = c->watches;
		c->watches = w->next;
		watch_free(w);
	}
	c->nwatches = 0;
}

/* True when path is base or lies below it. */
static int is_child(const char *path, const char *base)
{
	size_t len = strlen(base);

	if (strcmp(base, "/") == 0)
		return path[0] == '/';
	return strncmp(path, base, len) == 0 &&
	       (path[len] == 0 || path[len] == '/');
}

static struct xs_fire *fire_slot(struct xs_store *s)
{
	if (s->nfires == s->capfires) {
		unsigned int cap = s->capfires ? s->capfires * 2 : 8;
		struct xs_fire *f = realloc(s->fires, cap * sizeof(*f));
		if (!f)
			return NULL;
		s->fires = f;
		s->capfires = cap;
	}
	struct xs_fire *f = &s->fires[s->nfires];
	memset(f, 0, sizeof(*f));
	return f;
}

void xs_fire_later(struct xs_store *s, const char *path, int recurse,
		   const struct xs_node *n)
{
	struct xs_fire *f = fire_slot(s);

	if (!f)
		return;
	f->path = xs_strdup(path);
	if (n && n->nperms) {
		f->perms = malloc(n->nperms * sizeof(*f->perms));
		if (f->perms) {
			memcpy(f->perms, n->perms, n->nperms * sizeof(*f->perms));
			f->nperms = n->nperms;
		}
	}
	if (!f->path) {
		free(f->perms);
		return;
	}
	f->recurse = recurse;
	s->nfires++;
}

/* Sends one event for w, making the path relative if w was. */
static void send_event(struct xs_conn *c, const struct xs_watch *w,
		       const char *path)
{
	char buf[XENSTORE_PAYLOAD_MAX], prefix[40];
	int plen = snprintf(prefix, sizeof(prefix), "/local/domain/%u/",
			    c->domid);
	int n;

	if (w->relative && strncmp(path, prefix, plen) == 0)
		path += plen;
	n = snprintf(buf, sizeof(buf), "%s%c%s", path, 0, w->token);
	if (n < 0 || n >= (int)sizeof(buf))
		return;
	xs_conn_send(c, XS_WATCH_EVENT, 0, 0, buf, (unsigned int)n + 1);
}

static void fire_one(struct xs_store *s, const struct xs_fire *f)
{
	for (struct xs_conn *c = s->conns; c; c = c->next) {
		int may_read = f->path[0] == '@' ||
			(xs_perm_for(f->perms, f->nperms, c->domid,
				     c->privileged, c->target) & XS_PERM_READ);

		for (struct xs_watch *w = c->watches; w; w = w->next) {
			if (f->only) {
				if (w == f->only)
					send_event(c, w, w->path);
			} else if (!may_read) {
				continue;
			} else if (w->path[0] == '@' || f->path[0] == '@') {
				if (strcmp(w->path, f->path) == 0)
					send_event(c, w, f->path);
			} else if (is_child(f->path, w->path)) {
				send_event(c, w, f->path);
			} else if (f->recurse && is_child(w->path, f->path)) {
				send_event(c, w, w->path);
			}
		}
	}
}

void xs_fire_flush(struct xs_store *s)
{
	for (unsigned int i = 0; i < s->nfires; i++) {
		fire_one(s, &s->fires[i]);
		free(s->fires[i].path);
		free(s->fires[i].perms);
	}
	s->nfires = 0;
}

/* The watch's canonical path and token from a WATCH/UNWATCH payload. */
static int watch_args(struct xs_req *r, char *path, const char **token)
{
	const char *v[2];

	if (xs_req_strings(r, v, 2) != 2)
		return -XEN_EINVAL;
	*token = v[1];
	return xs_canonical(r->c, v[0], path, PATH_BUF, 1);
}

int xs_op_watch(struct xs_req *r)
{
	char path[PATH_BUF];
	const char *token;
	struct xs_watch *w;
	int err = watch_args(r, path, &token);

	if (err)
		return err;
	for (w = r->c->watches; w; w = w->next)
		if (!strcmp(w->path, path) && !strcmp(w->token, token))
			return -XEN_EEXIST;
	struct xs_quota *q = xs_quota_for(r->s, r->c->domid);
	if (!r->c->privileged && r->c->nwatches >= q->watches) {
		xs_store_log(r->s, "quota: dom%u refused watch on %s: %u >= %u",
			     r->c->domid, path, r->c->nwatches, q->watches);
		return -XEN_E2BIG;
	}
	w = calloc(1, sizeof(*w));
	if (!w || !(w->path = xs_strdup(path)) || !(w->token = xs_strdup(token))) {
		if (w)
			watch_free(w);
		return -XEN_ENOMEM;
	}
	w->relative = r->data[0] != '/' && r->data[0] != '@';
	w->next = r->c->watches;
	r->c->watches = w;
	r->c->nwatches++;
	/* Xen fires every new watch once, right after the reply. */
	struct xs_fire *f = fire_slot(r->s);
	if (f && (f->path = xs_strdup(path))) {
		f->only = w;
		r->s->nfires++;
	}
	return xs_reply_ok(r);
}

int xs_op_unwatch(struct xs_req *r)
{
	char path[PATH_BUF];
	const char *token;
	int err = watch_args(r, path, &token);

	if (err)
		return err;
	for (struct xs_watch **pp = &r->c->watches; *pp; pp = &(*pp)->next) {
		struct xs_watch *w = *pp;
		if (!strcmp(w->path, path) && !strcmp(w->token, token)) {
			*pp = w->next;
			watch_free(w);
			r->c->nwatches--;
			return xs_reply_ok(r);
		}
	}
	return -XEN_ENOENT;
}

int xs_op_reset_watches(struct xs_req *r)
{
	xs_watches_free(r->c);
	xs_trans_free_all(r->c);
	return xs_reply_ok(r);
}
