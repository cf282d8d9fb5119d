/* xenstore wire protocol: message header, types, errors, shared ring page. */
#ifndef __XEN_PUBLIC_IO_XS_WIRE_H__
#define __XEN_PUBLIC_IO_XS_WIRE_H__

#ifdef __KERNEL__
#include <linux/types.h>   /* Linux builds against these headers (README) */
#else
#include <stdint.h>
#endif

/*
 * Message types. Values are fixed by the protocol (docs/misc/xenstore.txt):
 * a request carries one of these, the reply echoes it (or XS_ERROR).
 */
enum xsd_sockmsg_type {
	XS_CONTROL              = 0,
#define XS_DEBUG XS_CONTROL
	XS_DIRECTORY            = 1,
	XS_READ                 = 2,
	XS_GET_PERMS            = 3,
	XS_WATCH                = 4,
	XS_UNWATCH              = 5,
	XS_TRANSACTION_START    = 6,
	XS_TRANSACTION_END      = 7,
	XS_INTRODUCE            = 8,
	XS_RELEASE              = 9,
	XS_GET_DOMAIN_PATH      = 10,
	XS_WRITE                = 11,
	XS_MKDIR                = 12,
	XS_RM                   = 13,
	XS_SET_PERMS            = 14,
	XS_WATCH_EVENT          = 15,   /* daemon to client only */
	XS_ERROR                = 16,   /* daemon to client only */
	XS_IS_DOMAIN_INTRODUCED = 17,
	XS_RESUME               = 18,
	XS_SET_TARGET           = 19,
	/* 20 was XS_RESTRICT; it is no longer a valid type. */
	XS_RESET_WATCHES        = 21,
	XS_DIRECTORY_PART       = 22,
	XS_GET_FEATURE          = 23,
	XS_SET_FEATURE          = 24,
	XS_GET_QUOTA            = 25,
	XS_SET_QUOTA            = 26,
	XS_TYPE_COUNT,                  /* one past the last valid type */

	XS_INVALID              = 0xffff /* never a valid type */
};

#define XS_WRITE_NONE        "NONE"
#define XS_WRITE_CREATE      "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/*
 * Errors travel as the errno name in an XS_ERROR reply. The list's order is
 * part of the ABI (new names only ever go at the end).
 */
struct xsd_errors {
	int errnum;
	const char *errstring;
};
#define XSD_ERROR(x) { x, #x }
#define XSD_ERROR_LIST(E) \
	E(EINVAL), E(EACCES), E(EEXIST), E(EISDIR), E(ENOENT), E(ENOMEM), \
	E(ENOSPC), E(EIO), E(ENOTEMPTY), E(ENOSYS), E(EROFS), E(EBUSY), \
	E(EAGAIN), E(EISCONN), E(E2BIG), E(EPERM)
#ifdef EINVAL
static const struct xsd_errors xsd_errors[]
#if defined(__GNUC__)
	__attribute__((unused))
#endif
	= { XSD_ERROR_LIST(XSD_ERROR) };
#endif

/* Every message: this header, then len bytes of (mostly NUL-ended) strings. */
struct xsd_sockmsg {
	uint32_t type;   /* XS_* */
	uint32_t req_id; /* chosen by the client, echoed in the reply */
	uint32_t tx_id;  /* transaction, 0 for none */
	uint32_t len;    /* payload bytes after the header */
};

/* Fields of an XS_WATCH_EVENT payload. */
enum xs_watch_type {
	XS_WATCH_PATH = 0,
	XS_WATCH_TOKEN
};

/* The page a domain shares with xenstored: two byte rings and status. */
#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))
struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE];     /* guest -> daemon */
	char rsp[XENSTORE_RING_SIZE];     /* daemon -> guest: replies, events */
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
	uint32_t server_features;         /* XENSTORE_SERVER_FEATURE_* */
	uint32_t connection;              /* XENSTORE_CONNECTED/RECONNECT */
	uint32_t error;                   /* XENSTORE_ERROR_* */
};

/* Largest payload; a longer message is a protocol violation. */
#define XENSTORE_PAYLOAD_MAX 4096

/* Longest paths accepted; longer ones get an error reply. */
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/* server_features bits */
#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2

/* connection values */
#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

/* error values */
#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO   3

#endif
