/* xenstore node permissions: parsing, formatting, the access rule. */
#include <string.h>
#include <stdio.h>
#include <xen/errno.h>
#include "xs_perms.h"

int xs_perm_parse(const char *s, struct xs_permissions *p)
{
	unsigned long id = 0;
	const char *d;

	switch (s[0]) {
	case 'n': p->perms = XS_PERM_NONE; break;
	case 'r': p->perms = XS_PERM_READ; break;
	case 'w': p->perms = XS_PERM_WRITE; break;
	case 'b': p->perms = XS_PERM_READ | XS_PERM_WRITE; break;
	default: return -XEN_EINVAL;
	}
	if (!s[1])
		return -XEN_EINVAL;
	for (d = s + 1; *d; d++) {
		if (*d < '0' || *d > '9')
			return -XEN_EINVAL;
		id = id * 10 + (unsigned long)(*d - '0');
		if (id > 0xffffffffUL)
			return -XEN_EINVAL;
	}
	p->id = (unsigned int)id;
	return 0;
}

void xs_perm_format(const struct xs_permissions *p, char *buf)
{
	static const char letter[4] = { 'n', 'r', 'w', 'b' };

	snprintf(buf, XS_PERM_STRLEN, "%c%u",
		 letter[p->perms & (XS_PERM_READ | XS_PERM_WRITE)], p->id);
}

static int is_self(unsigned int id, unsigned int domid, unsigned int target)
{
	return id == domid || (target != ~0u && id == target);
}

unsigned int xs_perm_for(const struct xs_permissions *p, unsigned int n,
			 unsigned int domid, int privileged,
			 unsigned int target)
{
	const unsigned int all = XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;

	if (privileged || n == 0 || is_self(p[0].id, domid, target))
		return all;
	for (unsigned int i = 1; i < n; i++)
		if (is_self(p[i].id, domid, target))
			return p[i].perms;
	return p[0].perms;
}
