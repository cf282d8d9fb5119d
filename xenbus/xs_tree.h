/* xenstore tree: nodes with values, permissions and generation counts. */
#ifndef XENBUS_XS_TREE_H
#define XENBUS_XS_TREE_H

#include <stdint.h>
#include "xs_perms.h"

struct xs_node {
	char *name;                 /* last path component; "" for the root */
	struct xs_node *parent;
	struct xs_node **children;  /* in creation order, as Xen lists them */
	unsigned int nchildren, cap;
	char *value;
	unsigned int vlen;
	struct xs_permissions *perms;
	unsigned int nperms;
	uint64_t gen;               /* bumped on any change to this node */
};

/* Nodes owned per domain, for the node quota. */
struct xs_owner_count {
	unsigned int domid;
	unsigned int nodes;
};

struct xs_tree {
	struct xs_node *root;
	uint64_t next_gen;
	struct xs_owner_count *counts;
	unsigned int ncounts;
};

/* A fresh tree: "/" (owned by dom0, "n0") and /tool/xenstored. -XEN_ENOMEM. */
int xs_tree_init(struct xs_tree *t);
void xs_tree_free(struct xs_tree *t);

/* A deep copy of src into dst (generations kept). 0 or -XEN_ENOMEM. */
int xs_tree_clone(struct xs_tree *dst, const struct xs_tree *src);

/* The node at canonical absolute path, or NULL. */
struct xs_node *xs_tree_lookup(const struct xs_tree *t, const char *path);

/* The deepest existing node on the way to path (at least the root). */
struct xs_node *xs_tree_nearest(const struct xs_tree *t, const char *path);

/*
 * Returns the node at path, creating it and any missing parents. New nodes
 * inherit the parent's permissions; an unprivileged creator becomes their
 * owner. *created (if not NULL) counts the nodes made. NULL on no memory.
 */
struct xs_node *xs_tree_create(struct xs_tree *t, const char *path,
			       unsigned int creator, int privileged,
			       unsigned int *created);

/* Replaces a node's value. 0 or -XEN_ENOMEM. */
int xs_tree_set_value(struct xs_tree *t, struct xs_node *n,
		      const char *val, unsigned int len);

/* Replaces a node's permissions (n >= 1). 0 or -XEN_ENOMEM. */
int xs_tree_set_perms(struct xs_tree *t, struct xs_node *n,
		      const struct xs_permissions *p, unsigned int np);

/* Removes n and its subtree (never the root). */
void xs_tree_remove(struct xs_tree *t, struct xs_node *n);

/* Nodes currently owned by domid. */
unsigned int xs_tree_owned(const struct xs_tree *t, unsigned int domid);

/* Writes n's absolute path into buf (size bytes); returns its length. */
unsigned int xs_node_path(const struct xs_node *n, char *buf,
			  unsigned int size);

#endif
