/* xenstore node permissions: libxenstore's types, Xen's "r5"-style strings. */
#ifndef XENBUS_XS_PERMS_H
#define XENBUS_XS_PERMS_H

#include <stddef.h>

enum xs_perm_type {
	XS_PERM_NONE      = 0,
	XS_PERM_READ      = 1,
	XS_PERM_WRITE     = 2,
	XS_PERM_ENOENT_OK = 4,  /* internal: missing node is not an error */
	XS_PERM_OWNER     = 8,
	XS_PERM_IGNORE    = 16
};

/*
 * A node's permission list: entry 0 names the owner and the access every
 * domain without an entry of its own gets; later entries grant (or deny)
 * access to one domain each.
 */
struct xs_permissions {
	unsigned int id;
	enum xs_perm_type perms;
};

/* Longest permission string: letter, 10 digits, NUL. */
#define XS_PERM_STRLEN 12

/* Parses "n0", "r5", "w3", "b7" into *p. Returns 0 or -XEN_EINVAL. */
int xs_perm_parse(const char *s, struct xs_permissions *p);

/* Writes the string form of *p into buf (XS_PERM_STRLEN bytes). */
void xs_perm_format(const struct xs_permissions *p, char *buf);

/*
 * The access a domain has to a node with permission list p[0..n-1]:
 * privileged callers and the owner get READ|WRITE|OWNER; a caller acting
 * for target domain `target` (or ~0u for none) also counts as that domain.
 */
unsigned int xs_perm_for(const struct xs_permissions *p, unsigned int n,
			 unsigned int domid, int privileged,
			 unsigned int target);

#endif
