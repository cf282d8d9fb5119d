/* xenstore tree: nodes, lookup, creation with inheritance, removal, clone. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <xen/errno.h>
#include "xs_tree.h"

static void count_adjust(struct xs_tree *t, unsigned int domid, int delta)
{
	for (unsigned int i = 0; i < t->ncounts; i++) {
		if (t->counts[i].domid == domid) {
			t->counts[i].nodes += delta;
			return;
		}
	}
	if (delta <= 0)
		return;
	struct xs_owner_count *c = realloc(t->counts,
					   (t->ncounts + 1) * sizeof(*c));
	if (!c)
		return;  /* the count is advisory; a miss only loosens a quota */
	t->counts = c;
	c[t->ncounts].domid = domid;
	c[t->ncounts].nodes = delta;
	t->ncounts++;
}

unsigned int xs_tree_owned(const struct xs_tree *t, unsigned int domid)
{
	for (unsigned int i = 0; i < t->ncounts; i++)
		if (t->counts[i].domid == domid)
			return t->counts[i].nodes;
	return 0;
}

static void touch(struct xs_tree *t, struct xs_node *n)
{
	n->gen = t->next_gen++;
}

static struct xs_node *node_new(const char *name, size_t len)
{
	struct xs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->name = malloc(len + 1);
	n->value = malloc(1);
	if (!n->name || !n->value) {
		free(n->name);
		free(n->value);
		free(n);
		return NULL;
	}
	memcpy(n->name, name, len);
	n->name[len] = 0;
	n->value[0] = 0;
	return n;
}

static void node_free(struct xs_node *n)
{
	for (unsigned int i = 0; i < n->nchildren; i++)
		node_free(n->children[i]);
	free(n->children);
	free(n->name);
	free(n->value);
	free(n->perms);
	free(n);
}

static int add_child(struct xs_node *parent, struct xs_node *child)
{
	if (parent->nchildren == parent->cap) {
		unsigned int cap = parent->cap ? parent->cap * 2 : 4;
		struct xs_node **c = realloc(parent->children,
					     cap * sizeof(*c));
		if (!c)
			return -XEN_ENOMEM;
		parent->children = c;
		parent->cap = cap;
	}
	parent->children[parent->nchildren++] = child;
	child->parent = parent;
	return 0;
}

static struct xs_node *find_child(const struct xs_node *n, const char *name,
				  size_t len)
{
	for (unsigned int i = 0; i < n->nchildren; i++) {
		struct xs_node *c = n->children[i];
		if (strncmp(c->name, name, len) == 0 && c->name[len] == 0)
			return c;
	}
	return NULL;
}

/* Walks path; *rest is left at the first component that does not exist. */
static struct xs_node *walk(const struct xs_tree *t, const char *path,
			    const char **rest)
{
	struct xs_node *n = t->root;
	const char *p = path;

	while (*p == '/')
		p++;
	while (*p) {
		size_t len = strcspn(p, "/");
		struct xs_node *c = find_child(n, p, len);
		if (!c)
			break;
		n = c;
		p += len;
		while (*p == '/')
			p++;
	}
	*rest = p;
	return n;
}

struct xs_node *xs_tree_lookup(const struct xs_tree *t, const char *path)
{
	const char *rest;
	struct xs_node *n = walk(t, path, &rest);

	return *rest ? NULL : n;
}

struct xs_node *xs_tree_nearest(const struct xs_tree *t, const char *path)
{
	const char *rest;

	return walk(t, path, &rest);
}

int xs_tree_set_perms(struct xs_tree *t, struct xs_node *n,
		      const struct xs_permissions *p, unsigned int np)
{
	struct xs_permissions *copy = malloc(np * sizeof(*copy));

	if (!copy)
		return -XEN_ENOMEM;
	memcpy(copy, p, np * sizeof(*copy));
	if (n->nperms)
		count_adjust(t, n->perms[0].id, -1);
	count_adjust(t, copy[0].id, 1);
	free(n->perms);
	n->perms = copy;
	n->nperms = np;
	touch(t, n);
	return 0;
}

int xs_tree_set_value(struct xs_tree *t, struct xs_node *n,
		      const char *val, unsigned int len)
{
	char *v = malloc(len + 1);

	if (!v)
		return -XEN_ENOMEM;
	memcpy(v, val, len);
	v[len] = 0;
	free(n->value);
	n->value = v;
	n->vlen = len;
	touch(t, n);
	return 0;
}

struct xs_node *xs_tree_create(struct xs_tree *t, const char *path,
			       unsigned int creator, int privileged,
			       unsigned int *created)
{
	const char *p;
	struct xs_node *n = walk(t, path, &p);

	if (created)
		*created = 0;
	while (*p) {
		size_t len = strcspn(p, "/");
		struct xs_node *c = node_new(p, len);
		if (!c)
			return NULL;
		if (xs_tree_set_perms(t, c, n->perms, n->nperms) < 0 ||
		    add_child(n, c) < 0) {
			count_adjust(t, c->perms ? c->perms[0].id : 0,
				     c->perms ? -1 : 0);
			node_free(c);
			return NULL;
		}
		if (!privileged && c->perms[0].id != creator) {
			count_adjust(t, c->perms[0].id, -1);
			c->perms[0].id = creator;
			count_adjust(t, creator, 1);
		}
		touch(t, n);
		touch(t, c);
		if (created)
			(*created)++;
		n = c;
		p += len;
		while (*p == '/')
			p++;
	}
	return n;
}

static void uncount(struct xs_tree *t, const struct xs_node *n)
{
	for (unsigned int i = 0; i < n->nchildren; i++)
		uncount(t, n->children[i]);
	if (n->nperms)
		count_adjust(t, n->perms[0].id, -1);
}

void xs_tree_remove(struct xs_tree *t, struct xs_node *n)
{
	struct xs_node *parent = n->parent;

	if (!parent)
		return;
	for (unsigned int i = 0; i < parent->nchildren; i++) {
		if (parent->children[i] == n) {
			memmove(&parent->children[i], &parent->children[i + 1],
				(parent->nchildren - i - 1) * sizeof(n));
			parent->nchildren--;
			break;
		}
	}
	touch(t, parent);
	uncount(t, n);
	node_free(n);
}

int xs_tree_init(struct xs_tree *t)
{
	static const struct xs_permissions dom0_none = { 0, XS_PERM_NONE };

	memset(t, 0, sizeof(*t));
	t->next_gen = 1;
	t->root = node_new("", 0);
	if (!t->root || xs_tree_set_perms(t, t->root, &dom0_none, 1) < 0 ||
	    !xs_tree_create(t, "/tool/xenstored", 0, 1, NULL)) {
		xs_tree_free(t);
		return -XEN_ENOMEM;
	}
	return 0;
}

void xs_tree_free(struct xs_tree *t)
{
	if (t->root)
		node_free(t->root);
	free(t->counts);
	memset(t, 0, sizeof(*t));
}

static struct xs_node *node_clone(const struct xs_node *src)
{
	struct xs_node *n = node_new(src->name, strlen(src->name));

	if (!n)
		return NULL;
	free(n->value);
	n->value = malloc(src->vlen + 1);
	n->perms = malloc(src->nperms * sizeof(*n->perms) + 1);
	if (!n->value || !n->perms)
		goto fail;
	memcpy(n->value, src->value, src->vlen + 1);
	n->vlen = src->vlen;
	memcpy(n->perms, src->perms, src->nperms * sizeof(*n->perms));
	n->nperms = src->nperms;
	n->gen = src->gen;
	for (unsigned int i = 0; i < src->nchildren; i++) {
		struct xs_node *c = node_clone(src->children[i]);
		if (!c || add_child(n, c) < 0) {
			if (c)
				node_free(c);
			goto fail;
		}
	}
	return n;
fail:
	node_free(n);
	return NULL;
}

int xs_tree_clone(struct xs_tree *dst, const struct xs_tree *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->next_gen = src->next_gen;
	dst->root = node_clone(src->root);
	dst->counts = malloc(src->ncounts * sizeof(*dst->counts) + 1);
	if (!dst->root || !dst->counts) {
		xs_tree_free(dst);
		return -XEN_ENOMEM;
	}
	memcpy(dst->counts, src->counts, src->ncounts * sizeof(*dst->counts));
	dst->ncounts = src->ncounts;
	return 0;
}

unsigned int xs_node_path(const struct xs_node *n, char *buf,
			  unsigned int size)
{
	unsigned int len;

	if (!n->parent) {
		if (size)
			snprintf(buf, size, "/");
		return 1;
	}
	len = n->parent->parent ? xs_node_path(n->parent, buf, size) : 0;
	if (len + 1 + strlen(n->name) < size) {
		buf[len] = '/';
		strcpy(buf + len + 1, n->name);
	}
	return len + 1 + (unsigned int)strlen(n->name);
}
