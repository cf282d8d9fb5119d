/* xenstore client library: libxenstore's calls over any byte transport. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstore.h"
#include "xs_client_priv.h"

#define HDR_LEN ((unsigned int)sizeof(struct xsd_sockmsg))

struct xs_event {
	struct xs_event *next;
	char **vec;
};

struct xs_handle {
	struct xs_transport t;
	void *priv;
	uint32_t req_id;
	struct xs_event *ev_head, *ev_tail;
};

struct xs_handle *xs_open_transport(const struct xs_transport *t, void *priv)
{
	struct xs_handle *h = calloc(1, sizeof(*h));

	if (!h) {
		errno = ENOMEM;
		return NULL;
	}
	h->t = *t;
	h->priv = priv;
	return h;
}

void xs_close(struct xs_handle *h)
{
	if (!h)
		return;
	while (h->ev_head) {
		struct xs_event *e = h->ev_head;
		h->ev_head = e->next;
		free(e->vec);
		free(e);
	}
	if (h->t.close)
		h->t.close(h->priv);
	free(h);
}

void *xs_handle_priv(struct xs_handle *h)
{
	return h->priv;
}

int xs_fileno(struct xs_handle *h)
{
	return h->t.fd;
}

static int name_to_errno(const char *name)
{
	for (unsigned int i = 0; i < sizeof(xsd_errors) / sizeof(*xsd_errors); i++)
		if (strcmp(xsd_errors[i].errstring, name) == 0)
			return xsd_errors[i].errnum;
	return EINVAL;
}

/* Reads exactly len bytes; only the first read may time out (-ETIMEDOUT). */
static int read_exact(struct xs_handle *h, void *buf, unsigned int len,
		      int timeout_ms)
{
	unsigned int got = 0;

	while (got < len) {
		int n = h->t.read(h->priv, (char *)buf + got, len - got,
				  got ? -1 : timeout_ms);
		if (n < 0)
			return n;
		if (n == 0 && got == 0)
			return -ETIMEDOUT;
		got += (unsigned int)n;
	}
	return 0;
}

/* The next message: header in *hdr, payload malloc'd and NUL-ended. */
static char *get_msg(struct xs_handle *h, struct xsd_sockmsg *hdr,
		     int timeout_ms)
{
	char *body;
	int err = read_exact(h, hdr, HDR_LEN, timeout_ms);

	if (!err && hdr->len > XENSTORE_PAYLOAD_MAX)
		err = -EPROTO;
	if (err) {
		errno = -err;
		return NULL;
	}
	body = malloc(hdr->len + 1);
	if (!body) {
		errno = ENOMEM;
		return NULL;
	}
	err = read_exact(h, body, hdr->len, -1);
	if (err) {
		free(body);
		errno = err == -ETIMEDOUT ? EIO : -err;
		return NULL;
	}
	body[hdr->len] = 0;
	return body;
}

/* Splits n NUL-ended strings of p into one block: vector, then strings. */
char **xs_split(const char *p, unsigned int len, unsigned int *num)
{
	unsigned int n = 0;
	char **vec, *s;

	for (unsigned int i = 0; i < len; i++)
		n += p[i] == 0;
	vec = malloc((n + 1) * sizeof(char *) + len + 1);
	if (!vec) {
		errno = ENOMEM;
		return NULL;
	}
	s = (char *)(vec + n + 1);
	memcpy(s, p, len);
	s[len] = 0;
	for (unsigned int i = 0; i < n; i++) {
		vec[i] = s;
		s += strlen(s) + 1;
	}
	vec[n] = NULL;
	*num = n;
	return vec;
}

static void queue_event(struct xs_handle *h, const char *body,
			unsigned int len)
{
	struct xs_event *e = malloc(sizeof(*e));
	unsigned int num;

	if (!e || !(e->vec = xs_split(body, len, &num)) || num < 2) {
		if (e)
			free(e->vec);
		free(e);
		return;
	}
	e->next = NULL;
	if (h->ev_tail)
		h->ev_tail->next = e;
	else
		h->ev_head = e;
	h->ev_tail = e;
}

void *xs_talk(struct xs_handle *h, xs_transaction_t t, uint32_t type,
	      const void *payload, unsigned int len, unsigned int *rlen)
{
	struct xsd_sockmsg hdr = { type, ++h->req_id, t, len };
	char *msg, *body;
	int err;

	if (len > XENSTORE_PAYLOAD_MAX) {
		errno = E2BIG;
		return NULL;
	}
	msg = malloc(HDR_LEN + len);
	if (!msg) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(msg, &hdr, HDR_LEN);
	memcpy(msg + HDR_LEN, payload, len);
	err = h->t.write(h->priv, msg, HDR_LEN + len);
	free(msg);
	if (err) {
		errno = -err;
		return NULL;
	}
	for (;;) {
		struct xsd_sockmsg r;
		body = get_msg(h, &r, -1);
		if (!body)
			return NULL;
		if (r.type == XS_WATCH_EVENT) {
			queue_event(h, body, r.len);
			free(body);
			continue;
		}
		if (r.req_id != hdr.req_id) {  /* stale: not ours */
			free(body);
			continue;
		}
		if (r.type == XS_ERROR) {
			errno = name_to_errno(body);
			free(body);
			return NULL;
		}
		if (rlen)
			*rlen = r.len;
		return body;
	}
}

void *xs_talk_bytes(struct xs_handle *h, xs_transaction_t t, uint32_t type,
		    const char *a, const void *data, unsigned int len,
		    unsigned int *rlen)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t la = strlen(a) + 1;

	if (la + len > sizeof(buf)) {
		errno = E2BIG;
		return NULL;
	}
	memcpy(buf, a, la);
	if (len)
		memcpy(buf + la, data, len);
	return xs_talk(h, t, type, buf, (unsigned int)(la + len), rlen);
}

void *xs_talk2(struct xs_handle *h, xs_transaction_t t, uint32_t type,
	       const char *a, const char *b, unsigned int *rlen)
{
	return xs_talk_bytes(h, t, type, a, b, b ? (unsigned int)strlen(b) + 1
						 : 0, rlen);
}

bool xs_ok(void *reply)
{
	free(reply);
	return reply != NULL;
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
	      unsigned int *len)
{
	return xs_talk2(h, t, XS_READ, path, NULL, len);
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
	      const void *data, unsigned int len)
{
	return xs_ok(xs_talk_bytes(h, t, XS_WRITE, path, data, len, NULL));
}

bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	return xs_ok(xs_talk2(h, t, XS_MKDIR, path, NULL, NULL));
}

bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path)
{
	return xs_ok(xs_talk2(h, t, XS_RM, path, NULL, NULL));
}

/* Big directories come in parts (XS_DIRECTORY_PART), restarted if the
 * directory changes between parts (its generation moves). */
static char **directory_parts(struct xs_handle *h, xs_transaction_t t,
			      const char *path, unsigned int *num)
{
	char *all = NULL, *gen = NULL;
	unsigned int total = 0;

	for (;;) {
		char off[16];
		unsigned int len, glen;
		snprintf(off, sizeof(off), "%u", total);
		char *r = xs_talk2(h, t, XS_DIRECTORY_PART, path, off, &len);
		if (!r)
			break;
		glen = (unsigned int)strlen(r) + 1;
		if (gen && strcmp(gen, r)) {  /* changed: start again */
			free(gen);
			free(r);
			gen = NULL;
			total = 0;
			continue;
		}
		if (!gen)
			gen = strdup(r);
		int last = len >= glen + 1 && r[len - 1] == 0 &&
			   (len == glen + 1 || r[len - 2] == 0);
		unsigned int add = len - glen - (last ? 1 : 0);
		char *n = realloc(all, total + add + 1);
		if (!n) {
			free(r);
			break;
		}
		all = n;
		memcpy(all + total, r + glen, add);
		total += add;
		free(r);
		if (last) {
			char **vec = xs_split(all, total, num);
			free(all);
			free(gen);
			return vec;
		}
	}
	free(all);
	free(gen);
	return NULL;
}

char **xs_directory(struct xs_handle *h, xs_transaction_t t,
		    const char *path, unsigned int *num)
{
	unsigned int len;
	char *r = xs_talk2(h, t, XS_DIRECTORY, path, NULL, &len);
	char **vec;

	if (!r)
		return errno == E2BIG ? directory_parts(h, t, path, num) : NULL;
	vec = xs_split(r, len, num);
	free(r);
	return vec;
}

char **xs_read_watch_timeout(struct xs_handle *h, unsigned int *num,
			     int timeout_ms)
{
	while (!h->ev_head) {
		struct xsd_sockmsg r;
		char *body = get_msg(h, &r, timeout_ms);
		if (!body)
			return NULL;
		if (r.type == XS_WATCH_EVENT)
			queue_event(h, body, r.len);
		free(body);  /* a reply nobody waits for is dropped */
	}
	struct xs_event *e = h->ev_head;
	char **vec = e->vec;

	h->ev_head = e->next;
	if (!h->ev_head)
		h->ev_tail = NULL;
	free(e);
	if (num)
		*num = 2;
	return vec;
}

char **xs_read_watch(struct xs_handle *h, unsigned int *num)
{
	return xs_read_watch_timeout(h, num, -1);
}

char **xs_check_watch(struct xs_handle *h)
{
	char **vec = xs_read_watch_timeout(h, NULL, 0);

	if (!vec && errno == ETIMEDOUT)
		errno = EAGAIN;
	return vec;
}
