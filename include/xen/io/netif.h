/* Network split driver: transmit, receive and control rings (vif). */
#ifndef __XEN_PUBLIC_IO_NETIF_H__
#define __XEN_PUBLIC_IO_NETIF_H__

#include "ring.h"
#include "../grant_table.h"

/*
 * A packet is one or more slots: the first carries the total size and
 * flags, each further slot (flag more_data) a fragment; extra_info slots
 * (flag extra_info) follow the first and carry GSO, multicast, hash or
 * XDP data. A back end must accept at least XEN_NETIF_NR_SLOTS_MIN slots
 * per packet.
 */
#define XEN_NETIF_NR_SLOTS_MIN       18
#define XEN_NETIF_MAX_TX_SIZE        0xFFFF
#define XEN_NETIF_MAX_XDP_HEADROOM   0x7FFF

/* Hash types and algorithms of the control ring. */
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4      0
#define XEN_NETIF_CTRL_HASH_TYPE_IPV4       (1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV4)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP  1
#define XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP   (1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6      2
#define XEN_NETIF_CTRL_HASH_TYPE_IPV6       (1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV6)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP  3
#define XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP   (1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP)
#define XEN_NETIF_CTRL_HASH_ALGORITHM_NONE      0
#define XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ  1

#ifdef XEN_NETIF_DEFINE_TOEPLITZ
/*
 * Toeplitz hash: for every set bit i of buf (most significant first),
 * XOR in the 32 key bits starting at key bit i (key bits past keylen are
 * zero). The window holds the next 64 key bits; it is refilled a byte at
 * a time as input bytes are consumed.
 */
static inline uint32_t xen_netif_toeplitz_hash(const uint8_t *key,
	unsigned int keylen, const uint8_t *buf, unsigned int buflen)
{
	uint64_t window = 0;
	uint32_t hash = 0;
	unsigned int k, i, bit;

	for (k = 0; k < 8; k++)
		window = (window << 8) | (k < keylen ? key[k] : 0);
	for (i = 0; i < buflen; i++) {
		for (bit = 0; bit < 8; bit++) {
			if (buf[i] & (0x80u >> bit))
				hash ^= (uint32_t)(window >> 32);
			window <<= 1;
		}
		window |= k < keylen ? key[k] : 0;
		k++;
	}
	return hash;
}
#endif

/* Control ring (feature-ctrl-ring): hash configuration. */
struct xen_netif_ctrl_request {
	uint16_t id;
	uint16_t type;                  /* XEN_NETIF_CTRL_TYPE_* */
	uint32_t data[3];
};
#define XEN_NETIF_CTRL_TYPE_INVALID                0
#define XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS         1
#define XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS         2
#define XEN_NETIF_CTRL_TYPE_SET_HASH_KEY           3
#define XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE  4
#define XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE  5
#define XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING       6
#define XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM     7

struct xen_netif_ctrl_response {
	uint16_t id;
	uint16_t type;
	uint32_t status;                /* XEN_NETIF_CTRL_STATUS_* */
	uint32_t data;
};
#define XEN_NETIF_CTRL_STATUS_SUCCESS            0
#define XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED      1
#define XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER  2
#define XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW    3

DEFINE_RING_TYPES(xen_netif_ctrl, struct xen_netif_ctrl_request,
		  struct xen_netif_ctrl_response);

/* netif_tx_request.flags */
#define _NETTXF_csum_blank      0   /* checksum to be filled in */
#define NETTXF_csum_blank       (1U << _NETTXF_csum_blank)
#define _NETTXF_data_validated  1   /* checksum already checked */
#define NETTXF_data_validated   (1U << _NETTXF_data_validated)
#define _NETTXF_more_data       2   /* another slot of this packet follows */
#define NETTXF_more_data        (1U << _NETTXF_more_data)
#define _NETTXF_extra_info      3   /* an extra_info slot follows */
#define NETTXF_extra_info       (1U << _NETTXF_extra_info)

/* One transmit slot: a granted buffer with offset and length. */
struct netif_tx_request {
	grant_ref_t gref;
	uint16_t offset;
	uint16_t flags;                 /* NETTXF_* */
	uint16_t id;                    /* echoed in the response */
	uint16_t size;                  /* first slot: the whole packet */
};
typedef struct netif_tx_request netif_tx_request_t;

/* extra_info types and flags */
#define XEN_NETIF_EXTRA_TYPE_NONE       0
#define XEN_NETIF_EXTRA_TYPE_GSO        1
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD  2
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL  3
#define XEN_NETIF_EXTRA_TYPE_HASH       4
#define XEN_NETIF_EXTRA_TYPE_XDP        5
#define XEN_NETIF_EXTRA_TYPE_MAX        6
#define _XEN_NETIF_EXTRA_FLAG_MORE      0   /* another extra_info follows */
#define XEN_NETIF_EXTRA_FLAG_MORE       (1U << _XEN_NETIF_EXTRA_FLAG_MORE)
#define XEN_NETIF_GSO_TYPE_NONE         0
#define XEN_NETIF_GSO_TYPE_TCPV4        1
#define XEN_NETIF_GSO_TYPE_TCPV6        2

/* An extra_info slot, the size of a request slot (8 bytes). */
struct netif_extra_info {
	uint8_t type;                   /* XEN_NETIF_EXTRA_TYPE_* */
	uint8_t flags;                  /* XEN_NETIF_EXTRA_FLAG_* */
	union {
		struct {
			uint16_t size;          /* MSS */
			uint8_t type;           /* XEN_NETIF_GSO_TYPE_* */
			uint8_t pad;
			uint16_t features;
		} gso;
		struct {
			uint8_t addr[6];        /* MAC address */
		} mcast;
		struct {
			uint8_t type;           /* _XEN_NETIF_CTRL_HASH_TYPE_* */
			uint8_t algorithm;
			uint8_t value[4];
		} hash;
		struct {
			uint16_t headroom;
			uint16_t pad[2];
		} xdp;
		uint16_t pad[3];
	} u;
};
typedef struct netif_extra_info netif_extra_info_t;

struct netif_tx_response {
	uint16_t id;
	int16_t status;                 /* NETIF_RSP_* */
};
typedef struct netif_tx_response netif_tx_response_t;

/* One receive buffer offered to the back end. */
struct netif_rx_request {
	uint16_t id;
	uint16_t pad;
	grant_ref_t gref;
};
typedef struct netif_rx_request netif_rx_request_t;

/* netif_rx_response.flags */
#define _NETRXF_data_validated  0
#define NETRXF_data_validated   (1U << _NETRXF_data_validated)
#define _NETRXF_csum_blank      1
#define NETRXF_csum_blank       (1U << _NETRXF_csum_blank)
#define _NETRXF_more_data       2
#define NETRXF_more_data        (1U << _NETRXF_more_data)
#define _NETRXF_extra_info      3
#define NETRXF_extra_info       (1U << _NETRXF_extra_info)
#define _NETRXF_gso_prefix      4   /* a GSO prefix slot precedes the data */
#define NETRXF_gso_prefix       (1U << _NETRXF_gso_prefix)

struct netif_rx_response {
	uint16_t id;
	uint16_t offset;
	uint16_t flags;                 /* NETRXF_* */
	int16_t status;                 /* bytes (>= 0) or NETIF_RSP_* */
};
typedef struct netif_rx_response netif_rx_response_t;

DEFINE_RING_TYPES(netif_tx, struct netif_tx_request, struct netif_tx_response);
DEFINE_RING_TYPES(netif_rx, struct netif_rx_request, struct netif_rx_response);

#define NETIF_RSP_DROPPED  -2
#define NETIF_RSP_ERROR    -1
#define NETIF_RSP_OKAY      0
#define NETIF_RSP_NULL      1   /* only in the slot of an extra_info */

#endif /* __XEN_PUBLIC_IO_NETIF_H__ */
