/* xenstore core: the store, its connections, watches, transactions, quotas. */
#ifndef XENBUS_XS_STORE_H
#define XENBUS_XS_STORE_H

#include <stdint.h>
#include <xen/io/xs_wire.h>
#include "xs_tree.h"

/* Per-domain limits; privileged domains are exempt except "outstanding". */
struct xs_quota {
	unsigned int nodes;        /* nodes a domain may own */
	unsigned int watches;      /* watches per connection */
	unsigned int transactions; /* open transactions per connection */
	unsigned int outstanding;  /* unread replies before input is held */
	unsigned int nodesize;     /* bytes in one node's value */
	unsigned int permissions;  /* extra ACL entries per node */
};
#define XS_QUOTA_COUNT 6
extern const char *const xs_quota_names[XS_QUOTA_COUNT];
unsigned int *xs_quota_field(struct xs_quota *q, unsigned int i);

/* One queued outgoing message: header and payload, contiguous. */
struct xs_msg {
	struct xs_msg *next;
	unsigned int len, off;      /* total bytes, bytes already taken */
	int is_event;
	char data[];
};

struct xs_watch {
	struct xs_watch *next;
	char *path;                 /* canonical: absolute or "@..." */
	char *token;
	int relative;               /* registered relative: events are too */
};

struct xs_access {              /* a node a transaction looked at */
	char *path;
	uint64_t gen;               /* 0: it did not exist */
};

struct xs_logop {               /* a change a transaction will replay */
	uint32_t type;              /* XS_WRITE, XS_MKDIR, XS_RM, XS_SET_PERMS */
	char *path;
	char *data;
	unsigned int len;           /* value bytes, or number of perms */
};

struct xs_trans {
	struct xs_trans *next;
	uint32_t id;
	struct xs_tree view;
	uint64_t base_gen;          /* view nodes at or past this are ours */
	struct xs_access *acc;
	unsigned int nacc;
	struct xs_logop *ops;
	unsigned int nops;
};

struct xs_conn {
	struct xs_store *store;
	struct xs_conn *next;
	unsigned int domid;
	int privileged;
	unsigned int target;        /* SET_TARGET, ~0u when none */
	unsigned char hdr[sizeof(struct xsd_sockmsg)];
	unsigned int in_used;       /* header bytes, then payload bytes */
	char *in;                   /* payload being assembled */
	struct xs_msg *out_head, *out_tail;
	unsigned int out_replies, out_events;
	struct xs_watch *watches;
	unsigned int nwatches;
	struct xs_trans *trans;
	unsigned int ntrans;
	int dead;                   /* protocol violation: transport closes */
	int throttled;
	void (*notify)(struct xs_conn *c); /* output queued */
	void *priv;                 /* the transport's */
};

struct xs_domain {
	struct xs_domain *next;
	unsigned int domid;
	unsigned long mfn;
	unsigned int port;
	unsigned int target;
	struct xs_quota quota;
	struct xs_conn *conn;
};

struct xs_fire {                /* a watch trigger waiting for the reply */
	char *path;
	int recurse;                /* also watches below path (RM) */
	struct xs_permissions *perms;
	unsigned int nperms;
	const struct xs_watch *only; /* registration: just this watch */
};

struct xs_store {
	struct xs_tree tree;
	struct xs_conn *conns;
	struct xs_domain *domains;
	struct xs_quota quota;
	uint32_t next_tx;
	int log_on;
	void (*log)(void *opaque, const char *msg);
	void *log_opaque;
	/* Maps a domain's ring for INTRODUCE; NULL: just record it. */
	int (*introduce)(struct xs_store *s, struct xs_domain *d);
	void (*release)(struct xs_store *s, struct xs_domain *d);
	void *embedder;
	struct xs_fire *fires;
	unsigned int nfires, capfires;
	char *reply;                /* XENSTORE_PAYLOAD_MAX bytes */
	unsigned int reply_len;
};

/* Xen's default quotas. */
#define XS_DEFAULT_QUOTA { 1000, 128, 10, 20, 2048, 5 }

int xs_store_init(struct xs_store *s);
void xs_store_free(struct xs_store *s);
void xs_store_log(struct xs_store *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A connection speaking for domid (0 is privileged). NULL on no memory. */
struct xs_conn *xs_conn_new(struct xs_store *s, unsigned int domid);
/* Forgets all state of c (ring reconnection): watches, transactions, I/O. */
void xs_conn_reset(struct xs_conn *c);
/* Drops the connection's watches, transactions and queued output. */
void xs_conn_free(struct xs_conn *c);

/*
 * Feeds bytes a client sent; every complete message is handled and its
 * reply queued. Returns bytes consumed (less than len when input is held
 * for the outstanding quota), or -1 if the client broke the protocol
 * (c->dead set; the transport must close it).
 */
int xs_conn_feed(struct xs_conn *c, const void *buf, unsigned int len);

/* Copies up to len queued output bytes into buf and consumes them. */
unsigned int xs_conn_drain(struct xs_conn *c, void *buf, unsigned int len);
int xs_conn_has_output(const struct xs_conn *c);

/* Queues a message of the given type and payload. 0 or -XEN_ENOMEM. */
int xs_conn_send(struct xs_conn *c, uint32_t type, uint32_t req_id,
		 uint32_t tx_id, const void *payload, unsigned int len);

/* ---- used between the core's files ---- */
struct xs_req {
	struct xs_store *s;
	struct xs_conn *c;
	const struct xsd_sockmsg *hdr;
	const char *data;
	unsigned int len;
	struct xs_trans *t;         /* the request's transaction, or NULL */
	struct xs_tree *tree;       /* t ? &t->view : &s->tree */
};

void xs_handle_message(struct xs_conn *c, const struct xsd_sockmsg *hdr,
		       const char *data);
const char *xs_error_name(int err);

/* Reply building into s->reply; -XEN_E2BIG when it would not fit. */
int xs_reply_bytes(struct xs_req *r, const void *p, unsigned int len);
int xs_reply_str(struct xs_req *r, const char *str);
int xs_reply_ok(struct xs_req *r);
/* The n NUL-ended strings of the payload into v; returns how many (<= max). */
unsigned int xs_req_strings(const struct xs_req *r, const char **v,
			    unsigned int max);
/* The payload as exactly one NUL-ended string, or NULL. */
const char *xs_req_onearg(const struct xs_req *r);
int xs_parse_uint(const char *s, unsigned int *out);
char *xs_strdup(const char *s);

/* Canonical absolute path for a request's path argument, or an error. */
int xs_canonical(const struct xs_conn *c, const char *in, char *out,
		 unsigned int size, int allow_special);
struct xs_quota *xs_quota_for(struct xs_store *s, unsigned int domid);
struct xs_domain *xs_domain_find(struct xs_store *s, unsigned int domid);

/* Queues a watch trigger for path, to go out after the current reply. */
void xs_fire_later(struct xs_store *s, const char *path, int recurse,
		   const struct xs_node *n);
void xs_fire_flush(struct xs_store *s);
void xs_watches_free(struct xs_conn *c);

/* Transactions. */
struct xs_trans *xs_trans_find(struct xs_conn *c, uint32_t id);
void xs_trans_access(struct xs_trans *t, const char *path,
		     const struct xs_node *n);
int xs_trans_log(struct xs_trans *t, uint32_t type, const char *path,
		 const void *data, unsigned int len);
void xs_trans_free_all(struct xs_conn *c);

/* Tree changes shared by direct requests and transaction commit. */
int xs_apply_write(struct xs_store *s, struct xs_tree *tree,
		   const struct xs_conn *c, const char *path,
		   const char *val, unsigned int len, int fire);
int xs_apply_mkdir(struct xs_store *s, struct xs_tree *tree,
		   const struct xs_conn *c, const char *path, int fire);
void xs_apply_rm(struct xs_store *s, struct xs_tree *tree, const char *path,
		 int fire);
int xs_apply_perms(struct xs_store *s, struct xs_tree *tree, const char *path,
		   const struct xs_permissions *p, unsigned int np, int fire);

/* Request handlers, by file. Each returns 0 with the reply built, or -err. */
int xs_op_directory(struct xs_req *r);
int xs_op_directory_part(struct xs_req *r);
int xs_op_read(struct xs_req *r);
int xs_op_write(struct xs_req *r);
int xs_op_mkdir(struct xs_req *r);
int xs_op_rm(struct xs_req *r);
int xs_op_get_perms(struct xs_req *r);
int xs_op_set_perms(struct xs_req *r);
int xs_op_watch(struct xs_req *r);
int xs_op_unwatch(struct xs_req *r);
int xs_op_reset_watches(struct xs_req *r);
int xs_op_transaction_start(struct xs_req *r);
int xs_op_transaction_end(struct xs_req *r);
int xs_op_introduce(struct xs_req *r);
int xs_op_release(struct xs_req *r);
int xs_op_get_domain_path(struct xs_req *r);
int xs_op_is_domain_introduced(struct xs_req *r);
int xs_op_resume(struct xs_req *r);
int xs_op_set_target(struct xs_req *r);
int xs_op_control(struct xs_req *r);
int xs_op_get_quota(struct xs_req *r);
int xs_op_set_quota(struct xs_req *r);

#endif
