/* Shared-memory request/response rings of the split-driver protocols. */
#ifndef __XEN_PUBLIC_IO_RING_H__
#define __XEN_PUBLIC_IO_RING_H__

/*
 * A ring is one shared page (or several, contiguous in the guest's view):
 * a header with the two producer indices and the two event thresholds,
 * then a power-of-two array of slots, each holding a request or, once
 * the back end has answered it, a response. Indices are free-running
 * 32-bit counters; a slot is index & (size - 1).
 *
 * DEFINE_RING_TYPES(name, req, rsp) declares, for a protocol "name":
 *   union name_sring_entry   one slot (req or rsp)
 *   struct name_sring        the shared page
 *   struct name_front_ring   the front end's private view
 *   struct name_back_ring    the back end's private view
 * and the macros below operate on them. The includer may define
 * xen_mb/xen_rmb/xen_wmb; otherwise Linux's virt_* barriers (in a
 * kernel build) or C11 fences are used.
 */

#ifdef __KERNEL__
#include <linux/types.h>
#include <asm/barrier.h>
#else
#include <stdint.h>
#endif

#ifndef xen_mb
#ifdef __KERNEL__
#define xen_mb()   virt_mb()
#define xen_rmb()  virt_rmb()
#define xen_wmb()  virt_wmb()
#else
#define xen_mb()   __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define xen_rmb()  __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define xen_wmb()  __atomic_thread_fence(__ATOMIC_RELEASE)
#endif
#endif

typedef unsigned int RING_IDX;

/* Largest power of two <= x, for x < 2^32. */
#define __RD2(x)   (((x) & 0x00000002) ? 0x2 : ((x) & 0x1))
#define __RD4(x)   (((x) & 0x0000000c) ? __RD2((x) >> 2) << 2 : __RD2(x))
#define __RD8(x)   (((x) & 0x000000f0) ? __RD4((x) >> 4) << 4 : __RD4(x))
#define __RD16(x)  (((x) & 0x0000ff00) ? __RD8((x) >> 8) << 8 : __RD8(x))
#define __RD32(x)  (((x) & 0xffff0000) ? __RD16((x) >> 16) << 16 : __RD16(x))

/* Slots in sz bytes of ring: from a pointer to the sring, or from the type. */
#define __RING_SIZE(_s, _sz) \
	(__RD32(((_sz) - (long)(_s)->ring + (long)(_s)) / sizeof((_s)->ring[0])))
#define __CONST_RING_SIZE(_name, _sz) \
	(__RD32(((_sz) - (long)((struct _name##_sring *)0)->ring) / \
		sizeof(((struct _name##_sring *)0)->ring[0])))

#define DEFINE_RING_TYPES(__name, __req_t, __rsp_t)                      \
union __name##_sring_entry {                                              \
	__req_t req;                                                      \
	__rsp_t rsp;                                                      \
};                                                                        \
struct __name##_sring {                                                   \
	RING_IDX req_prod, req_event;                                     \
	RING_IDX rsp_prod, rsp_event;                                     \
	uint8_t __pad[48];          /* the slots start at byte 64 */      \
	union __name##_sring_entry ring[1];  /* really RING_SIZE slots */ \
};                                                                        \
struct __name##_front_ring {                                              \
	RING_IDX req_prod_pvt;      /* requests made, not yet pushed */   \
	RING_IDX rsp_cons;          /* responses consumed */              \
	unsigned int nr_ents;                                             \
	struct __name##_sring *sring;                                     \
};                                                                        \
struct __name##_back_ring {                                               \
	RING_IDX rsp_prod_pvt;      /* responses made, not yet pushed */  \
	RING_IDX req_cons;          /* requests consumed */               \
	unsigned int nr_ents;                                             \
	struct __name##_sring *sring;                                     \
};                                                                        \
typedef struct __name##_sring __name##_sring_t;                           \
typedef struct __name##_front_ring __name##_front_ring_t;                 \
typedef struct __name##_back_ring __name##_back_ring_t

/*
 * The owner of the page (the front end) initialises the shared header;
 * memset is the includer's (<string.h>, or the kernel's).
 */
#define SHARED_RING_INIT(_s) do {                                         \
	(_s)->req_prod = (_s)->rsp_prod = 0;                              \
	(_s)->req_event = (_s)->rsp_event = 1;                            \
	(void)memset((_s)->__pad, 0, sizeof((_s)->__pad));                \
} while (0)

/* Private views, starting at index _i (0 for a fresh ring). */
#define FRONT_RING_ATTACH(_r, _s, _i, _sz) do {                           \
	(_r)->req_prod_pvt = (_i);                                        \
	(_r)->rsp_cons = (_i);                                            \
	(_r)->nr_ents = __RING_SIZE(_s, _sz);                             \
	(_r)->sring = (_s);                                               \
} while (0)
#define FRONT_RING_INIT(_r, _s, _sz)  FRONT_RING_ATTACH(_r, _s, 0, _sz)
#define XEN_FRONT_RING_INIT(_r, _s, _sz) do {                             \
	SHARED_RING_INIT(_s);                                             \
	FRONT_RING_INIT(_r, _s, _sz);                                     \
} while (0)
#define BACK_RING_ATTACH(_r, _s, _i, _sz) do {                            \
	(_r)->rsp_prod_pvt = (_i);                                        \
	(_r)->req_cons = (_i);                                            \
	(_r)->nr_ents = __RING_SIZE(_s, _sz);                             \
	(_r)->sring = (_s);                                               \
} while (0)
#define BACK_RING_INIT(_r, _s, _sz)  BACK_RING_ATTACH(_r, _s, 0, _sz)

#define RING_SIZE(_r)  ((_r)->nr_ents)

/* Front end: slots it may still fill. */
#define RING_FREE_REQUESTS(_r) \
	(RING_SIZE(_r) - ((_r)->req_prod_pvt - (_r)->rsp_cons))
#define RING_FULL(_r)  (RING_FREE_REQUESTS(_r) == 0)

/* How much pushed work the other side has not consumed yet. */
#define XEN_RING_NR_UNCONSUMED_RESPONSES(_r) \
	((_r)->sring->rsp_prod - (_r)->rsp_cons)
/* Requests pushed, but no more than there are free response slots. */
#define XEN_RING_NR_UNCONSUMED_REQUESTS(_r) ({                            \
	unsigned int __pushed = (_r)->sring->req_prod - (_r)->req_cons;   \
	unsigned int __room = RING_SIZE(_r) -                             \
		((_r)->req_cons - (_r)->rsp_prod_pvt);                    \
	__pushed < __room ? __pushed : __room;                            \
})
#define RING_HAS_UNCONSUMED_RESPONSES(_r) \
	(!!XEN_RING_NR_UNCONSUMED_RESPONSES(_r))
#define RING_HAS_UNCONSUMED_REQUESTS(_r) \
	(!!XEN_RING_NR_UNCONSUMED_REQUESTS(_r))

#define RING_GET_REQUEST(_r, _idx) \
	(&((_r)->sring->ring[(_idx) & (RING_SIZE(_r) - 1)].req))
#define RING_GET_RESPONSE(_r, _idx) \
	(&((_r)->sring->ring[(_idx) & (RING_SIZE(_r) - 1)].rsp))

/*
 * Copy a slot into private memory once, through a volatile read, so that
 * the other side cannot change what was checked after the check.
 */
#define RING_COPY_REQUEST(_r, _idx, _req) do {                            \
	*(_req) = *(volatile __typeof__(_req))RING_GET_REQUEST(_r, _idx); \
} while (0)
#define RING_COPY_RESPONSE(_r, _idx, _rsp) do {                           \
	*(_rsp) = *(volatile __typeof__(_rsp))RING_GET_RESPONSE(_r, _idx);\
} while (0)

/* Back end loop guard: consuming _cons would overrun its own responses. */
#define RING_REQUEST_CONS_OVERFLOW(_r, _cons) \
	(((_cons) - (_r)->rsp_prod_pvt) >= RING_SIZE(_r))
/* A producer index the other side could not legitimately have written. */
#define RING_REQUEST_PROD_OVERFLOW(_r, _prod) \
	(((_prod) - (_r)->rsp_prod_pvt) > RING_SIZE(_r))
#define RING_RESPONSE_PROD_OVERFLOW(_r, _prod) \
	(((_prod) - (_r)->rsp_cons) > RING_SIZE(_r))

/* Publish private work: the slots before the index. */
#define RING_PUSH_REQUESTS(_r) do {                                       \
	xen_wmb();                                                        \
	(_r)->sring->req_prod = (_r)->req_prod_pvt;                       \
} while (0)
#define RING_PUSH_RESPONSES(_r) do {                                      \
	xen_wmb();                                                        \
	(_r)->sring->rsp_prod = (_r)->rsp_prod_pvt;                       \
} while (0)

/*
 * Publish, and set _notify if the other side asked (through its *_event
 * threshold) to be told about an index in the range just pushed.
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(_r, _notify) do {             \
	RING_IDX __old = (_r)->sring->req_prod;                           \
	RING_IDX __new = (_r)->req_prod_pvt;                              \
	xen_wmb();                                                        \
	(_r)->sring->req_prod = __new;                                    \
	xen_mb();                                                         \
	(_notify) = ((RING_IDX)(__new - (_r)->sring->req_event) <         \
		     (RING_IDX)(__new - __old));                          \
} while (0)
#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(_r, _notify) do {            \
	RING_IDX __old = (_r)->sring->rsp_prod;                           \
	RING_IDX __new = (_r)->rsp_prod_pvt;                              \
	xen_wmb();                                                        \
	(_r)->sring->rsp_prod = __new;                                    \
	xen_mb();                                                         \
	(_notify) = ((RING_IDX)(__new - (_r)->sring->rsp_event) <         \
		     (RING_IDX)(__new - __old));                          \
} while (0)

/*
 * Before going idle: ask to be notified of the next item, then look once
 * more, so that an item pushed in between is not missed.
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(_r, _work) do {                     \
	(_work) = RING_HAS_UNCONSUMED_REQUESTS(_r);                       \
	if (_work)                                                        \
		break;                                                    \
	(_r)->sring->req_event = (_r)->req_cons + 1;                      \
	xen_mb();                                                         \
	(_work) = RING_HAS_UNCONSUMED_REQUESTS(_r);                       \
} while (0)
#define RING_FINAL_CHECK_FOR_RESPONSES(_r, _work) do {                    \
	(_work) = RING_HAS_UNCONSUMED_RESPONSES(_r);                      \
	if (_work)                                                        \
		break;                                                    \
	(_r)->sring->rsp_event = (_r)->rsp_cons + 1;                      \
	xen_mb();                                                         \
	(_work) = RING_HAS_UNCONSUMED_RESPONSES(_r);                      \
} while (0)

#endif /* __XEN_PUBLIC_IO_RING_H__ */
