/* Xenolith glue: Linux's names for the netif protocol, over our io/netif.h. */
#ifndef _XEN_XENOLITH_NETIF_H
#define _XEN_XENOLITH_NETIF_H

/*
 * Xen's io/netif.h (and ours) name the transmit and receive slots
 * netif_tx_request, netif_rx_response, ..., their flags NETTXF_* and
 * NETRXF_* and the status codes NETIF_RSP_*; Linux's copy of the header
 * prefixes them all with xen_/XEN_. Same types, same values: only the
 * names are mapped here. scripts/linux-build makes xen-netfront.c and
 * xen-netback/common.h include this file instead of io/netif.h.
 */
#include <xen/interface/io/netif.h>

#define xen_netif_tx_request       netif_tx_request
#define xen_netif_tx_response      netif_tx_response
#define xen_netif_rx_request       netif_rx_request
#define xen_netif_rx_response      netif_rx_response
#define xen_netif_extra_info       netif_extra_info
/* the ring types DEFINE_RING_TYPES(netif_tx/netif_rx, ...) declared */
#define xen_netif_tx_sring_entry   netif_tx_sring_entry
#define xen_netif_tx_sring         netif_tx_sring
#define xen_netif_tx_front_ring    netif_tx_front_ring
#define xen_netif_tx_back_ring     netif_tx_back_ring
#define xen_netif_rx_sring_entry   netif_rx_sring_entry
#define xen_netif_rx_sring         netif_rx_sring
#define xen_netif_rx_front_ring    netif_rx_front_ring
#define xen_netif_rx_back_ring     netif_rx_back_ring

#define _XEN_NETTXF_csum_blank      _NETTXF_csum_blank
#define XEN_NETTXF_csum_blank       NETTXF_csum_blank
#define _XEN_NETTXF_data_validated  _NETTXF_data_validated
#define XEN_NETTXF_data_validated   NETTXF_data_validated
#define _XEN_NETTXF_more_data       _NETTXF_more_data
#define XEN_NETTXF_more_data        NETTXF_more_data
#define _XEN_NETTXF_extra_info      _NETTXF_extra_info
#define XEN_NETTXF_extra_info       NETTXF_extra_info

#define _XEN_NETRXF_data_validated  _NETRXF_data_validated
#define XEN_NETRXF_data_validated   NETRXF_data_validated
#define _XEN_NETRXF_csum_blank      _NETRXF_csum_blank
#define XEN_NETRXF_csum_blank       NETRXF_csum_blank
#define _XEN_NETRXF_more_data       _NETRXF_more_data
#define XEN_NETRXF_more_data        NETRXF_more_data
#define _XEN_NETRXF_extra_info      _NETRXF_extra_info
#define XEN_NETRXF_extra_info       NETRXF_extra_info
#define _XEN_NETRXF_gso_prefix      _NETRXF_gso_prefix
#define XEN_NETRXF_gso_prefix       NETRXF_gso_prefix

#define XEN_NETIF_RSP_DROPPED  NETIF_RSP_DROPPED
#define XEN_NETIF_RSP_ERROR    NETIF_RSP_ERROR
#define XEN_NETIF_RSP_OKAY     NETIF_RSP_OKAY
#define XEN_NETIF_RSP_NULL     NETIF_RSP_NULL

#endif /* _XEN_XENOLITH_NETIF_H */
