/* xenstore client library, shaped like Xen's libxenstore (xenstore.h). */
#ifndef XENBUS_XENSTORE_H
#define XENBUS_XENSTORE_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>
#include <xen/io/xenbus.h>
#include "xs_perms.h"

#define XBT_NULL 0
typedef uint32_t xs_transaction_t;

struct xs_handle;
struct xs_store;

/* xs_open flags (accepted for compatibility). */
#define XS_OPEN_READONLY   (1UL << 0)
#define XS_OPEN_SOCKETONLY (1UL << 1)

/* How a handle moves bytes; the library supplies socket and ring ones. */
struct xs_transport {
	/* Sends all of buf. 0, or a negative errno value. */
	int (*write)(void *priv, const void *buf, unsigned int len);
	/* Waits at most timeout_ms (-1: forever) for input, then reads what
	 * is there: bytes read, 0 on timeout, or a negative errno value. */
	int (*read)(void *priv, void *buf, unsigned int len, int timeout_ms);
	void (*close)(void *priv);
	int fd;                      /* for xs_fileno, -1 if none */
};

/*
 * Every call below follows libxenstore: failure returns NULL/false with
 * errno set (from the daemon's error name, or the transport's failure).
 * Returned arrays and values are one malloc'd block for the caller to free.
 */
struct xs_handle *xs_open(unsigned long flags);  /* Unix socket */
struct xs_handle *xs_open_transport(const struct xs_transport *t, void *priv);
void xs_close(struct xs_handle *h);
void *xs_handle_priv(struct xs_handle *h);  /* the transport's priv */
int xs_fileno(struct xs_handle *h);

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path,
	      unsigned int *len);
bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path,
	      const void *data, unsigned int len);
char **xs_directory(struct xs_handle *h, xs_transaction_t t,
		    const char *path, unsigned int *num);
bool xs_mkdir(struct xs_handle *h, xs_transaction_t t, const char *path);
bool xs_rm(struct xs_handle *h, xs_transaction_t t, const char *path);
struct xs_permissions *xs_get_permissions(struct xs_handle *h,
					  xs_transaction_t t,
					  const char *path, unsigned int *num);
bool xs_set_permissions(struct xs_handle *h, xs_transaction_t t,
			const char *path, struct xs_permissions *perms,
			unsigned int num);

bool xs_watch(struct xs_handle *h, const char *path, const char *token);
bool xs_unwatch(struct xs_handle *h, const char *path, const char *token);
/* Blocks for the next event: vec[XS_WATCH_PATH], vec[XS_WATCH_TOKEN]. */
char **xs_read_watch(struct xs_handle *h, unsigned int *num);
/* Like xs_read_watch but waits at most timeout_ms; NULL + ETIMEDOUT. */
char **xs_read_watch_timeout(struct xs_handle *h, unsigned int *num,
			     int timeout_ms);
/* Non-blocking: NULL + EAGAIN when no event is waiting. */
char **xs_check_watch(struct xs_handle *h);

xs_transaction_t xs_transaction_start(struct xs_handle *h);
bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort);

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid);
bool xs_introduce_domain(struct xs_handle *h, unsigned int domid,
			 unsigned long mfn, unsigned int eventchn);
bool xs_release_domain(struct xs_handle *h, unsigned int domid);
bool xs_is_domain_introduced(struct xs_handle *h, unsigned int domid);
char *xs_control_command(struct xs_handle *h, const char *cmd,
			 void *data, unsigned int len);

/*
 * One raw request: payload of len bytes, reply payload returned (malloc'd,
 * NUL added, length in *rlen). NULL with errno on failure.
 */
void *xs_talk(struct xs_handle *h, xs_transaction_t t, uint32_t type,
	      const void *payload, unsigned int len, unsigned int *rlen);

/* ---- in-process ring client (tests, benchmark; dom0 uses the ring) ---- */
struct xenstore_domain_interface;
/*
 * A handle over a shared ring page: kick tells the other end there is
 * work, wait blocks up to timeout_ms for the other end to answer (both
 * get opaque). xs_open_store_ring serves an in-process store directly.
 */
struct xs_handle *xs_open_ring(struct xenstore_domain_interface *intf,
			       void (*kick)(void *opaque),
			       int (*wait)(void *opaque, int timeout_ms),
			       void *opaque);
struct xs_handle *xs_open_store_ring(struct xs_store *s, unsigned int domid);

/* ---- values as xenstore-read shows them and xenstore-write takes them ---- */
/* Bytes needed to sanitise len bytes (worst case \xHH each, plus a NUL). */
#define XS_SANITISED_MAX(len) ((len) * 4 + 1)
/*
 * Writes a printable form of val into out: printable ASCII stays; the
 * backslash, tab, newline, return become \\ \t \n \r; other bytes become
 * \ooo (below 8) or \xHH, as Xen's tools print them.
 */
void xs_sanitise(const char *val, unsigned int len, char *out);
/* The inverse: out needs strlen(in) + 1 bytes. Returns the value length. */
unsigned int xs_unsanitise(char *out, const char *in);

/* ---- XenbusState handshake ---- */
/* Writes state to <dev>/state. */
bool xenbus_switch_state(struct xs_handle *h, const char *dev,
			 XenbusState state);
/* Reads <dev>/state; XenbusStateUnknown if missing or unparsable. */
XenbusState xenbus_read_state(struct xs_handle *h, const char *dev);
/*
 * Watches <peer>/state until it reads `want` (or, with at_least, any
 * state >= want). Returns the state seen, or -1 with errno (ETIMEDOUT after
 * timeout_ms of silence; -1 timeout waits forever).
 */
int xenbus_wait_state(struct xs_handle *h, const char *peer,
		      XenbusState want, bool at_least, int timeout_ms);
const char *xenbus_strstate(XenbusState state);

#endif
