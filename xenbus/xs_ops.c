/* xenstore node requests: read, write, mkdir, rm, directory, permissions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xen/errno.h>
#include "xs_store.h"

#define PATH_BUF (XENSTORE_ABS_PATH_MAX + 64)

static unsigned int perm_of(const struct xs_req *r, const struct xs_node *n)
{
	return xs_perm_for(n->perms, n->nperms, r->c->domid, r->c->privileged,
			   r->c->target);
}

/* The single path argument of a request, made canonical into buf. */
static int path_arg(const struct xs_req *r, const char *arg, char *buf)
{
	if (!arg)
		return -XEN_EINVAL;
	return xs_canonical(r->c, arg, buf, PATH_BUF, 0);
}

/*
 * Finds the node at path with access `want`. A missing node is ENOENT when
 * the caller has that access to its nearest ancestor, EACCES otherwise
 * (as Xen: nothing is revealed about parts of the tree one cannot use).
 * Records the access for the request's transaction.
 */
static int get_node(struct xs_req *r, const char *path, unsigned int want,
		    struct xs_node **out)
{
	struct xs_node *n = xs_tree_lookup(r->tree, path);

	if (r->t)
		xs_trans_access(r->t, path, n);
	if (!n) {
		struct xs_node *a = xs_tree_nearest(r->tree, path);
		return (perm_of(r, a) & want) == want ? -XEN_ENOENT
						       : -XEN_EACCES;
	}
	if ((perm_of(r, n) & want) != want)
		return -XEN_EACCES;
	*out = n;
	return 0;
}

static int quota_refused(struct xs_req *r, const char *what,
			 unsigned int have, unsigned int limit,
			 const char *path, int err)
{
	xs_store_log(r->s, "quota: dom%u refused %s on %s: %u > %u",
		     r->c->domid, what, path, have, limit);
	return err;
}

/*
 * Checks that the caller may create path (write access to the deepest
 * existing ancestor) and that the new nodes fit its node quota.
 */
static int may_create(struct xs_req *r, const char *path)
{
	struct xs_node *a = xs_tree_nearest(r->tree, path);
	char apath[PATH_BUF];
	unsigned int missing = 0, alen;

	alen = xs_node_path(a, apath, sizeof(apath));
	if (r->t)
		xs_trans_access(r->t, apath, a);
	if (!(perm_of(r, a) & XS_PERM_WRITE))
		return -XEN_EACCES;
	for (const char *p = path + (alen > 1 ? alen : 0); *p; p++)
		missing += *p == '/';
	if (!r->c->privileged) {
		struct xs_quota *q = xs_quota_for(r->s, r->c->domid);
		unsigned int owned = xs_tree_owned(r->tree, r->c->domid);
		if (owned + missing > q->nodes)
			return quota_refused(r, "nodes", owned + missing,
					     q->nodes, path, -XEN_ENOSPC);
	}
	return 0;
}

int xs_apply_write(struct xs_store *s, struct xs_tree *tree,
		   const struct xs_conn *c, const char *path,
		   const char *val, unsigned int len, int fire)
{
	struct xs_node *n = xs_tree_create(tree, path, c->domid,
					   c->privileged, NULL);

	if (!n || xs_tree_set_value(tree, n, val, len) < 0)
		return -XEN_ENOMEM;
	if (fire)
		xs_fire_later(s, path, 0, n);
	return 0;
}

int xs_apply_mkdir(struct xs_store *s, struct xs_tree *tree,
		   const struct xs_conn *c, const char *path, int fire)
{
	unsigned int created;
	struct xs_node *n = xs_tree_create(tree, path, c->domid,
					   c->privileged, &created);

	if (!n)
		return -XEN_ENOMEM;
	if (fire && created)
		xs_fire_later(s, path, 0, n);
	return 0;
}

void xs_apply_rm(struct xs_store *s, struct xs_tree *tree, const char *path,
		 int fire)
{
	struct xs_node *n = xs_tree_lookup(tree, path);

	if (!n || !n->parent)
		return;
	if (fire)
		xs_fire_later(s, path, 1, n);
	xs_tree_remove(tree, n);
}

int xs_apply_perms(struct xs_store *s, struct xs_tree *tree, const char *path,
		   const struct xs_permissions *p, unsigned int np, int fire)
{
	struct xs_node *n = xs_tree_lookup(tree, path);

	if (!n)
		return -XEN_ENOENT;
	if (xs_tree_set_perms(tree, n, p, np) < 0)
		return -XEN_ENOMEM;
	if (fire)
		xs_fire_later(s, path, 0, n);
	return 0;
}

int xs_op_read(struct xs_req *r)
{
	char path[PATH_BUF];
	struct xs_node *n;
	int err = path_arg(r, xs_req_onearg(r), path);

	if (!err)
		err = get_node(r, path, XS_PERM_READ, &n);
	return err ? err : xs_reply_bytes(r, n->value, n->vlen);
}

int xs_op_write(struct xs_req *r)
{
	const char *v[1];
	char path[PATH_BUF];
	struct xs_node *n;
	int err;

	if (xs_req_strings(r, v, 1) < 1)
		return -XEN_EINVAL;
	err = path_arg(r, v[0], path);
	if (err)
		return err;
	unsigned int off = (unsigned int)strlen(v[0]) + 1;
	const char *val = r->data + off;
	unsigned int len = r->len - off;

	err = get_node(r, path, XS_PERM_WRITE, &n);
	if (err == -XEN_ENOENT)
		err = may_create(r, path);
	if (err)
		return err;
	if (!r->c->privileged) {
		struct xs_quota *q = xs_quota_for(r->s, r->c->domid);
		if (len > q->nodesize)
			return quota_refused(r, "nodesize", len, q->nodesize,
					     path, -XEN_ENOSPC);
	}
	if (r->t)
		err = xs_trans_log(r->t, XS_WRITE, path, val, len);
	if (!err)
		err = xs_apply_write(r->s, r->tree, r->c, path, val, len, !r->t);
	return err ? err : xs_reply_ok(r);
}

int xs_op_mkdir(struct xs_req *r)
{
	char path[PATH_BUF];
	struct xs_node *n;
	int err = path_arg(r, xs_req_onearg(r), path);

	if (!err)
		err = get_node(r, path, XS_PERM_WRITE, &n);
	if (err == -XEN_ENOENT) {
		err = may_create(r, path);
		if (!err && r->t)
			err = xs_trans_log(r->t, XS_MKDIR, path, NULL, 0);
		if (!err)
			err = xs_apply_mkdir(r->s, r->tree, r->c, path, !r->t);
	}
	return err ? err : xs_reply_ok(r);
}

int xs_op_rm(struct xs_req *r)
{
	char path[PATH_BUF];
	struct xs_node *n;
	int err = path_arg(r, xs_req_onearg(r), path);

	if (err)
		return err;
	if (strcmp(path, "/") == 0)
		return -XEN_EINVAL;
	err = get_node(r, path, XS_PERM_WRITE, &n);
	if (err == -XEN_ENOENT) {
		/* Removing what is gone is fine if its parent exists. */
		char *slash = strrchr(path, '/');
		*slash = 0;
		n = xs_tree_lookup(r->tree, slash == path ? "/" : path);
		return n ? xs_reply_ok(r) : -XEN_ENOENT;
	}
	if (err)
		return err;
	if (r->t) {
		char ppath[PATH_BUF];
		xs_node_path(n->parent, ppath, sizeof(ppath));
		xs_trans_access(r->t, ppath, n->parent);
		err = xs_trans_log(r->t, XS_RM, path, NULL, 0);
		if (err)
			return err;
	}
	xs_apply_rm(r->s, r->tree, path, !r->t);
	return xs_reply_ok(r);
}

/* Each child's name, NUL-ended, from byte `from` of that list onwards. */
static int reply_children(struct xs_req *r, const struct xs_node *n,
			  unsigned int from, int partial)
{
	unsigned int pos = 0;

	for (unsigned int i = 0; i < n->nchildren; i++) {
		const char *name = n->children[i]->name;
		unsigned int len = (unsigned int)strlen(name) + 1;

		if (pos >= from) {
			int err = xs_reply_bytes(r, name, len);
			if (err)
				return partial ? 0 : err;
		} else if (pos + len > from) {
			return -XEN_EINVAL;  /* offset inside a name */
		}
		pos += len;
	}
	if (from > pos)
		return -XEN_EINVAL;
	/* DIRECTORY_PART ends a complete list with an empty string. */
	if (partial)
		xs_reply_bytes(r, "", 1);
	return 0;
}

int xs_op_directory(struct xs_req *r)
{
	char path[PATH_BUF];
	struct xs_node *n;
	int err = path_arg(r, xs_req_onearg(r), path);

	if (!err)
		err = get_node(r, path, XS_PERM_READ, &n);
	return err ? err : reply_children(r, n, 0, 0);
}

int xs_op_directory_part(struct xs_req *r)
{
	const char *v[2];
	char path[PATH_BUF], gen[24];
	unsigned int off;
	struct xs_node *n;
	int err;

	if (xs_req_strings(r, v, 2) != 2 || xs_parse_uint(v[1], &off))
		return -XEN_EINVAL;
	err = path_arg(r, v[0], path);
	if (!err)
		err = get_node(r, path, XS_PERM_READ, &n);
	if (err)
		return err;
	snprintf(gen, sizeof(gen), "%llu", (unsigned long long)n->gen);
	xs_reply_str(r, gen);
	return reply_children(r, n, off, 1);
}

int xs_op_get_perms(struct xs_req *r)
{
	char path[PATH_BUF], buf[XS_PERM_STRLEN];
	struct xs_node *n;
	int err = path_arg(r, xs_req_onearg(r), path);

	if (!err)
		err = get_node(r, path, XS_PERM_READ, &n);
	for (unsigned int i = 0; !err && i < n->nperms; i++) {
		xs_perm_format(&n->perms[i], buf);
		err = xs_reply_str(r, buf);
	}
	return err;
}

int xs_op_set_perms(struct xs_req *r)
{
	const char *v[XENSTORE_PAYLOAD_MAX / 2];
	struct xs_permissions *p;
	char path[PATH_BUF];
	struct xs_node *n;
	unsigned int nv = xs_req_strings(r, v, XENSTORE_PAYLOAD_MAX / 2);
	int err;

	if (nv < 2)
		return -XEN_EINVAL;
	err = path_arg(r, v[0], path);
	if (!err)
		err = get_node(r, path, XS_PERM_WRITE | XS_PERM_OWNER, &n);
	if (err)
		return err;
	struct xs_quota *q = xs_quota_for(r->s, r->c->domid);
	if (!r->c->privileged && nv - 2 > q->permissions)
		return quota_refused(r, "permissions", nv - 2, q->permissions,
				     path, -XEN_ENOSPC);
	p = malloc((nv - 1) * sizeof(*p));
	if (!p)
		return -XEN_ENOMEM;
	for (unsigned int i = 1; !err && i < nv; i++)
		err = xs_perm_parse(v[i], &p[i - 1]);
	if (!err && !r->c->privileged && p[0].id != n->perms[0].id)
		err = -XEN_EPERM;  /* only the privileged change owners */
	if (!err && r->t)
		err = xs_trans_log(r->t, XS_SET_PERMS, path, p,
				   (nv - 1) * sizeof(*p));
	if (!err)
		err = xs_apply_perms(r->s, r->tree, path, p, nv - 1, !r->t);
	free(p);
	return err ? err : xs_reply_ok(r);
}
