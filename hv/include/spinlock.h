/* Spinlocks: ticket locks, with interrupt-disabling variants. */
#ifndef HV_SPINLOCK_H
#define HV_SPINLOCK_H

#include "types.h"

/*
 * Interrupt masking comes from the architecture (hv/arch/x86_64/irq.c);
 * host unit tests link the stubs in tests/unit/harness.c instead.
 */
unsigned long arch_local_irq_save(void);
void arch_local_irq_restore(unsigned long flags);

typedef struct {
	volatile uint16_t head;   /* ticket being served */
	volatile uint16_t tail;   /* next ticket to hand out */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0, 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
	l->head = l->tail = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	uint16_t me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me)
		__builtin_ia32_pause();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->head, (uint16_t)(l->head + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return l->head != l->tail;
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long flags = arch_local_irq_save();

	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	spin_unlock(l);
	arch_local_irq_restore(flags);
}

#endif
