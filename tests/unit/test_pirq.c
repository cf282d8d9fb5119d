/* Unit tests: dom0's physical IRQs (GSI table, bind/EOI/mask state machine, RTE encoding). */
#include <string.h>
#include "harness.h"
#include "event_fixture.h"
#include "pirq.h"
#include "asm/io_apic.h"

/* The arch hook: the last RTE state written per GSI, and how many writes. */
static struct { bool level, low, masked; unsigned int writes; } rte[NR_GSIS];

void arch_gsi_write(unsigned int gsi, bool level, bool active_low, bool masked)
{
	ck_assert_msg(gsi < NR_GSIS, "RTE write for GSI %u", gsi);
	rte[gsi].level = level;
	rte[gsi].low = active_low;
	rte[gsi].masked = masked;
	rte[gsi].writes++;
}

/* As QEMU's pc: 24 GSIs, IRQ 0 on GSI 2, SCI 9 level; 10/11 level. */
static void setup(void)
{
	ev_setup();
	memset(rte, 0, sizeof(rte));
	pirq_init(24);
	for (unsigned int g = 0; g < 24; g++)
		pirq_set_default_mode(g, g == 9 || g == 10 || g == 11 || g >= 16,
				      g >= 16);
	pirq_reserve(2, "timer");
	pirq_reserve(4, "COM1");
	pirq_set_sci(9);
}

static long map(struct domain *d, int gsi, int *out)
{
	int p = gsi;
	long rc = pirq_map_gsi(d, gsi, &p);

	if (out)
		*out = p;
	return rc;
}

static long bind(struct domain *d, uint32_t pirq, uint32_t flags, uint32_t *port)
{
	struct evtchn_bind_pirq b = { .pirq = pirq, .flags = flags, .port = 0xdead };
	long rc = op(d, EVTCHNOP_bind_pirq, &b);

	if (port)
		*port = b.port;
	return rc;
}

START_TEST(map_permissions)
{
	int p = -1;

	ck_assert_int_eq(pirq_map_gsi(D0, 8, &p), 0);
	ck_assert_int_eq(p, 8);
	ck_assert_int_eq(map(D0, 8, NULL), 0);          /* again: fine */
	ck_assert_int_eq(map(D0, 0, NULL), -EPERM);     /* IRQ 0: not in caps */
	ck_assert_int_eq(map(D0, 24, NULL), -EINVAL);
	ck_assert_int_eq(map(D0, -1, NULL), -EINVAL);
	p = 7;
	ck_assert_int_eq(pirq_map_gsi(D0, 8, &p), -EINVAL);  /* pirq != GSI */
	ck_assert_int_eq(map(D1, 8, NULL), -EPERM);     /* a guest: never */
	ck_assert_int_eq(map(D1, 5, NULL), -EPERM);
	ck_assert_int_eq(map(D0, 2, NULL), 0);          /* hv-owned: mappable */
	ck_assert_int_eq(pirq_unmap(D1, 8), -EINVAL);
	ck_assert_int_eq(pirq_unmap(D0, 5), -EINVAL);
	ck_assert_int_eq(pirq_unmap(D0, 8), 0);
	ck_assert_int_eq(pirq_unmap(D0, 8), -EINVAL);
	ck_assert_int_eq(pirq_unmap(D0, 100000), -EINVAL);
}
END_TEST

START_TEST(setup_gsi_rules)
{
	ck_assert_int_eq(pirq_setup_gsi(11, true, false), 0);
	ck_assert_msg(rte[11].level && !rte[11].low && rte[11].masked,
		      "setup_gsi programs level/high and leaves it masked");
	ck_assert_int_eq(pirq_setup_gsi(11, true, false), -EEXIST);
	ck_assert_int_eq(pirq_setup_gsi(9, true, false), 9);   /* the SCI */
	ck_assert_int_eq(pirq_setup_gsi(4, false, false), -EEXIST); /* COM1 */
	ck_assert_int_eq(pirq_setup_gsi(24, false, false), -EINVAL);
	ck_assert_int_eq(pirq_setup_gsi(-3, false, false), -EINVAL);
	ck_assert_int_eq(pirq_setup_gsi(20, false, true), 0);
	ck_assert_msg(!rte[20].level && rte[20].low && rte[20].masked,
		      "GSI 20 edge/low masked");
}
END_TEST

START_TEST(bind_refusals)
{
	struct evtchn_status s;
	uint32_t port, port2;

	ck_assert_int_eq(bind(D0, 8, 0, NULL), -EPERM);        /* not mapped */
	ck_assert_int_eq(bind(D0, NR_PIRQS, 0, NULL), -EINVAL);
	ck_assert_int_eq(bind(D0, 0x80000000, 0, NULL), -EINVAL);
	ck_assert_int_eq(map(D0, 2, NULL), 0);
	ck_assert_int_eq(map(D0, 4, NULL), 0);
	ck_assert_int_eq(bind(D0, 2, 0, NULL), -EBUSY);         /* timer */
	ck_assert_int_eq(bind(D0, 4, BIND_PIRQ__WILL_SHARE, NULL), -EBUSY);
	ck_assert_int_eq(map(D0, 8, NULL), 0);
	ck_assert_int_eq(bind(D1, 8, 0, NULL), -EPERM);         /* d1 has none */
	ck_assert_msg(rte[8].writes == 0, "nothing written before the bind");
	ck_assert_int_eq(bind(D0, 8, 0, &port), 0);
	ck_assert_msg(!rte[8].masked && !rte[8].level, "first binder unmasks");
	ck_assert_int_eq(bind(D0, 8, 0, &port2), -EEXIST);
	/* A refused bind gives its port back: the next one reuses it. */
	ck_assert_int_eq(bind_ipi(D0, 0, &port2), 0);
	ck_assert_int_eq(port2, port + 1);
	ck_assert_int_eq(status(D0, DOMID_SELF, port, &s), 0);
	ck_assert_msg(s.status == EVTCHNSTAT_pirq && s.u.pirq == 8 && s.vcpu == 0,
		      "status %u pirq %u vcpu %u", s.status, s.u.pirq, s.vcpu);
	ck_assert_int_eq(bind_vcpu(D0, port, 1), 0);   /* pirq ports move */
	/* Close masks the pin; a second bind then works again. */
	ck_assert_int_eq(simple(D0, EVTCHNOP_close, port), 0);
	ck_assert_msg(rte[8].masked, "close of the last binder masks");
	ck_assert_int_eq(bind(D0, 8, 0, &port), 0);
	ck_assert_msg(!rte[8].masked, "re-bound: unmasked");
}
END_TEST

START_TEST(level_masked_until_eoi)
{
	struct pirq_stats st;
	uint32_t port;

	ck_assert_int_eq(map(D0, 10, NULL), 0);
	ck_assert_int_eq(bind(D0, 10, BIND_PIRQ__WILL_SHARE, &port), 0);
	ck_assert(pirq_shared(D0, 10));
	ck_assert(!rte[10].masked && rte[10].level);
	ck_assert(pirq_interrupt(10));
	ck_assert_msg(bit(si[0].evtchn_pending, port), "port %u raised", port);
	ck_assert_msg(rte[10].masked, "a level pin is masked on arrival");
	/* The guest clears the event; the pin stays masked until its EOI. */
	si[0].evtchn_pending[0] = 0;
	ck_assert_int_eq(pirq_eoi(D1, 10), -EINVAL);   /* not d1's */
	ck_assert(rte[10].masked);
	ck_assert_int_eq(pirq_eoi(D0, 10), 0);
	ck_assert_msg(!rte[10].masked, "PHYSDEVOP_eoi unmasks");
	/* A second EOI with nothing outstanding changes nothing. */
	unsigned int w = rte[10].writes;
	ck_assert_int_eq(pirq_eoi(D0, 10), 0);
	ck_assert_int_eq(rte[10].writes, w);
	pirq_get_stats(10, &st);
	ck_assert_msg(st.interrupts == 1 && st.eois == 2 && st.masks == 1 &&
		      st.unmasks == 2, "irqs %lu eois %lu masks %lu unmasks %lu",
		      st.interrupts, st.eois, st.masks, st.unmasks);
	/* Closed while masked for an EOI: stays masked, an EOI is harmless. */
	ck_assert(pirq_interrupt(10));
	ck_assert_int_eq(simple(D0, EVTCHNOP_close, port), 0);
	ck_assert_int_eq(pirq_eoi(D0, 10), 0);
	ck_assert_msg(rte[10].masked, "unbound level pin stays masked");
	ck_assert(!pirq_interrupt(10));
}
END_TEST

START_TEST(edge_acked_at_once)
{
	uint32_t port;

	ck_assert_int_eq(map(D0, 8, NULL), 0);
	ck_assert_int_eq(bind(D0, 8, 0, &port), 0);
	unsigned int w = rte[8].writes;
	ck_assert(pirq_interrupt(8));
	ck_assert(pirq_interrupt(8));
	ck_assert_msg(rte[8].writes == w && !rte[8].masked,
		      "an edge pin is never masked by an interrupt");
	ck_assert(bit(si[0].evtchn_pending, port));
	ck_assert_int_eq(pirq_eoi(D0, 8), 0);
	ck_assert_int_eq(rte[8].writes, w);
	ck_assert(!pirq_interrupt(30));     /* beyond the table: ignored */
}
END_TEST

START_TEST(unmap_and_destroy_unbind)
{
	uint32_t port;

	ck_assert_int_eq(map(D0, 11, NULL), 0);
	ck_assert_int_eq(bind(D0, 11, 1, &port), 0);
	ck_assert_int_eq(pirq_unmap(D0, 11), 0);
	ck_assert_msg(rte[11].masked, "unmap forcibly unbinds and masks");
	ck_assert(!pirq_interrupt(11));
	ck_assert(!bit(si[0].evtchn_pending, port));
	ck_assert_int_eq(simple(D0, EVTCHNOP_close, port), 0);  /* stale port */
	ck_assert_int_eq(map(D0, 12, NULL), 0);
	ck_assert_int_eq(bind(D0, 12, 0, &port), 0);
	evtchn_destroy(D0);
	ck_assert_msg(rte[12].masked, "destroy masks its pins");
	ck_assert(!pirq_mapped_by(D0, 12));
	ck_assert(!pirq_interrupt(12));
}
END_TEST

START_TEST(rte_encoding)
{
	uint64_t r = io_apic_rte(GSI_VECTOR(10), 3, true, true, true);

	ck_assert_uint_eq(r & 0xff, 0x30 + 10);
	ck_assert_uint_eq(r >> 56, 3);
	ck_assert_msg((r & (1u << 15)) && (r & (1u << 13)) && (r & (1u << 16)),
		      "level, active low and masked bits in %#llx",
		      (unsigned long long)r);
	ck_assert_msg(!(r & 0x700) && !(r & 0x800),
		      "fixed delivery, physical destination: %#llx",
		      (unsigned long long)r);
	r = io_apic_rte(0x38, 0, false, false, false);
	ck_assert_uint_eq(r, 0x38);
	ck_assert_uint_eq(io_apic_rte(0x130, 0x1ff, false, false, false),
			  0xff00000000000030ull);
}
END_TEST

Suite *pirq_suite(void);

Suite *pirq_suite(void)
{
	Suite *s = suite_create("pirq");
	TCase *tc = tcase_create("gsi");

	tcase_add_checked_fixture(tc, setup, ev_teardown);
	tcase_add_test(tc, map_permissions);
	tcase_add_test(tc, setup_gsi_rules);
	tcase_add_test(tc, bind_refusals);
	tcase_add_test(tc, level_masked_until_eoi);
	tcase_add_test(tc, edge_acked_at_once);
	tcase_add_test(tc, unmap_and_destroy_unbind);
	tcase_add_test(tc, rte_encoding);
	suite_add_tcase(s, tc);
	return s;
}
