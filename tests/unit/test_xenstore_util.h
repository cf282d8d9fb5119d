/* xenstore tests: raw request/reply helpers over a store connection. */
#ifndef TEST_XENSTORE_UTIL_H
#define TEST_XENSTORE_UTIL_H

#include <check.h>
#include <stdio.h>
#include <string.h>
#include "xs_store.h"

struct xt_msg {
	struct xsd_sockmsg h;
	char data[XENSTORE_PAYLOAD_MAX + 1];
};

/* Events met while looking for a reply, kept for xt_event(). */
static struct { struct xs_conn *c; struct xt_msg m; } xt_stash[64];
static int xt_nstash;
static char xt_log[8192];

static inline void xt_logger(void *opaque, const char *msg)
{
	size_t len = strlen(xt_log);
	snprintf(xt_log + len, sizeof(xt_log) - len, "%s\n", msg);
}

static inline void xt_store(struct xs_store *s)
{
	ck_assert_int_eq(xs_store_init(s), 0);
	s->log = xt_logger;
	xt_log[0] = 0;
	xt_nstash = 0;
}

/* The next queued message of c, or 0 if none. */
static inline int xt_pop(struct xs_conn *c, struct xt_msg *m)
{
	if (!xs_conn_has_output(c))
		return 0;
	ck_assert_uint_eq(xs_conn_drain(c, &m->h, sizeof(m->h)), sizeof(m->h));
	ck_assert_uint_le(m->h.len, XENSTORE_PAYLOAD_MAX);
	ck_assert_uint_eq(xs_conn_drain(c, m->data, m->h.len), m->h.len);
	m->data[m->h.len] = 0;
	return 1;
}

static inline void xt_send(struct xs_conn *c, uint32_t type, uint32_t tx,
			   const void *p, unsigned int len)
{
	static uint32_t req = 100;
	char buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg h = { type, ++req, tx, len };

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), p, len);
	ck_assert_int_eq(xs_conn_feed(c, buf, sizeof(h) + len),
			 (int)(sizeof(h) + len));
}

/* Sends a request and returns its reply (events before it are stashed). */
static inline struct xt_msg *xt_rq(struct xs_conn *c, uint32_t type,
				   uint32_t tx, const void *p,
				   unsigned int len)
{
	static struct xt_msg m;

	xt_send(c, type, tx, p, len);
	for (;;) {
		ck_assert_msg(xt_pop(c, &m), "no reply to type %u", type);
		if (m.h.type != XS_WATCH_EVENT)
			return &m;
		ck_assert_int_lt(xt_nstash, 64);
		xt_stash[xt_nstash].c = c;
		xt_stash[xt_nstash++].m = m;
	}
}
#define RQ(c, type, tx, lit) xt_rq(c, type, tx, lit, sizeof(lit) - 1)

/* The next watch event for c as "path|token", or "" if none. */
static inline const char *xt_event(struct xs_conn *c)
{
	static char out[2 * XENSTORE_PAYLOAD_MAX];
	struct xt_msg m;
	int found = 0;

	for (int i = 0; i < xt_nstash; i++) {
		if (xt_stash[i].c == c) {
			m = xt_stash[i].m;
			memmove(&xt_stash[i], &xt_stash[i + 1],
				(size_t)(xt_nstash - i - 1) * sizeof(xt_stash[0]));
			xt_nstash--;
			found = 1;
			break;
		}
	}
	if (!found && !xt_pop(c, &m))
		return "";
	ck_assert_uint_eq(m.h.type, XS_WATCH_EVENT);
	snprintf(out, sizeof(out), "%s|%s", m.data,
		 m.data + strlen(m.data) + 1);
	return out;
}

/* Expects an OK reply. */
#define XT_OK(m) do { \
	struct xt_msg *m_ = (m); \
	ck_assert_msg(m_->h.type != XS_ERROR, "expected OK, got error %s", \
		      m_->data); \
	ck_assert_str_eq(m_->data, "OK"); \
} while (0)

/* Expects an XS_ERROR reply carrying the given errno name. */
#define XT_ERR(m, name) do { \
	struct xt_msg *m_ = (m); \
	ck_assert_msg(m_->h.type == XS_ERROR, \
		      "expected error %s, got type %u \"%s\"", name, \
		      m_->h.type, m_->data); \
	ck_assert_str_eq(m_->data, name); \
} while (0)

/* Expects a successful reply whose payload equals the literal. */
#define XT_DATA(m, lit) do { \
	struct xt_msg *m_ = (m); \
	ck_assert_msg(m_->h.type != XS_ERROR, "expected data, got error %s", \
		      m_->data); \
	ck_assert_uint_eq(m_->h.len, sizeof(lit) - 1); \
	ck_assert_msg(memcmp(m_->data, lit, sizeof(lit) - 1) == 0, \
		      "expected payload \"%s\", got \"%s\"", lit, m_->data); \
} while (0)

#ifdef XT_DEFAULT_FIXTURE
/* A fresh store with one dom0 connection, d0, for each test. */
static struct xs_store s;
static struct xs_conn *d0;

static void setup(void)
{
	xt_store(&s);
	d0 = xs_conn_new(&s, 0);
}

static void teardown(void)
{
	xs_store_free(&s);
}
#endif

#endif
