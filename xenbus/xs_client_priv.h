/* xenstore client library: helpers shared between its files. */
#ifndef XENBUS_XS_CLIENT_PRIV_H
#define XENBUS_XS_CLIENT_PRIV_H

#include "xenstore.h"

/* A request whose payload is the string a (with its NUL), then len bytes. */
void *xs_talk_bytes(struct xs_handle *h, xs_transaction_t t, uint32_t type,
		    const char *a, const void *data, unsigned int len,
		    unsigned int *rlen);
/* A request whose payload is the strings a and b (b may be NULL). */
void *xs_talk2(struct xs_handle *h, xs_transaction_t t, uint32_t type,
	       const char *a, const char *b, unsigned int *rlen);
/* The len bytes of NUL-ended strings at p as one NULL-ended vector block. */
char **xs_split(const char *p, unsigned int len, unsigned int *num);
/* Frees an "OK" reply; true if there was one. */
bool xs_ok(void *reply);

#endif
