/* Unit tests of the PV domain builder: image files and guest memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "test_builder.h"

struct image image_load(const char *path)
{
	struct image im = { 0 };
	FILE *f = fopen(path, "rb");
	long n;

	ck_assert_msg(f, "cannot open %s (built by pvguest/builder/build.mk)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	im.buf = malloc((size_t)n);
	im.len = fread(im.buf, 1, (size_t)n, f);
	fclose(f);
	ck_assert_msg(im.len == (size_t)n && n > 64, "short read of %s", path);
	return im;
}

void image_free(struct image *im)
{
	free(im->buf);
	im->buf = NULL;
}

uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

size_t phdr_off(const struct image *im, unsigned int i)
{
	return (size_t)get64(im->buf + 32) + i * 56u;
}

size_t note_off(const struct image *im, uint32_t type)
{
	for (size_t off = 0; off + 16 <= im->len; off += 4) {
		uint32_t h[3];

		memcpy(h, im->buf + off, 12);
		if (h[0] == 4 && h[2] == type && !memcmp(im->buf + off + 12, "Xen", 4))
			return off;
	}
	ck_abort_msg("no Xen note of type %u in the image", type);
	return 0;
}

static void *gmap(void *ctx, unsigned long pfn)
{
	struct guest *g = ctx;

	if (pfn >= g->nr_pages || pfn == g->fail_map_pfn)
		return NULL;
	return g->mem + pfn * 4096;
}

static uint64_t gmfn(void *ctx, unsigned long pfn)
{
	struct guest *g = ctx;

	if (pfn == g->bad_mfn_pfn)
		return 1UL << 52;
	return guest_mfn(g, pfn);
}

void guest_init(struct guest *g, unsigned long nr_pages)
{
	g->nr_pages = nr_pages;
	g->mem = malloc(nr_pages * 4096);
	ck_assert_msg(g->mem, "no memory for %lu guest pages", nr_pages);
	memset(g->mem, 0xAA, nr_pages * 4096);
	g->fail_map_pfn = ~0UL;
	g->bad_mfn_pfn = ~0UL;
	g->bm.ctx = g;
	g->bm.map = gmap;
	g->bm.pfn_to_mfn = gmfn;
}

void guest_free(struct guest *g)
{
	free(g->mem);
	g->mem = NULL;
}

uint64_t guest_mfn(const struct guest *g, unsigned long pfn)
{
	return MFN_BASE + (g->nr_pages - 1 - pfn) * 3;
}

long guest_pfn(const struct guest *g, uint64_t mfn)
{
	uint64_t top = MFN_BASE + (g->nr_pages - 1) * 3;

	if (mfn < MFN_BASE || mfn > top || (top - mfn) % 3)
		return -1;
	return (long)((top - mfn) / 3);
}

uint8_t *guest_va(const struct guest *g, const struct builder_layout *l,
		  uint64_t va)
{
	uint64_t pfn = (va - l->virt_base) >> 12;

	ck_assert_msg(va >= l->virt_base && pfn < g->nr_pages,
		      "VA %#lx is not in the guest", (unsigned long)va);
	return g->mem + (va - l->virt_base);
}

void parse_ok(const struct image *im, struct xen_guest_info *gi)
{
	const char *why = NULL;
	int rc = xen_guest_parse(im->buf, im->len, gi, &why);

	ck_assert_msg(rc == 0, "expected the image accepted, saw %d: %s", rc,
		      why ? why : "(no reason)");
}

void build(struct built *b, const char *path, uint32_t flags,
		  size_t rd_len)
{
	const char *why = NULL;
	int rc;

	memset(b, 0, sizeof(*b));
	b->im = image_load(path);
	parse_ok(&b->im, &b->gi);
	guest_init(&b->g, NR_PAGES);
	for (size_t i = 0; i < sizeof(b->rd); i++)
		b->rd[i] = (uint8_t)(i * 7);
	b->p.nr_pages = NR_PAGES;
	b->p.ramdisk = rd_len ? b->rd : NULL;
	b->p.ramdisk_len = rd_len;
	b->p.cmdline = "console=hvc0 earlyprintk=xen";
	b->p.domid = 1;
	b->p.flags = flags;
	b->p.store_evtchn = 1;
	b->p.console_evtchn = 2;
	b->p.shared_info_maddr = 0x12345000;
	rc = xen_guest_build(&b->gi, b->im.buf, b->im.len, &b->p, &b->g.bm,
			     &b->r, &why);
	ck_assert_msg(rc == 0, "expected the build to succeed, saw %d: %s", rc,
		      why ? why : "(no reason)");
}

void unbuild(struct built *b)
{
	guest_free(&b->g);
	image_free(&b->im);
}

uint64_t va_of(const struct builder_layout *l, unsigned long pfn)
{
	return l->virt_base + pfn * 4096UL;
}

/* Walks va through the guest's tables: the leaf PTE, every level USER. */
uint64_t walk(const struct built *b, uint64_t va)
{
	uint64_t mfn = b->r.pt_base_mfn, e = 0;

	for (int lvl = 4; lvl >= 1; lvl--) {
		long pfn = guest_pfn(&b->g, mfn);
		const uint64_t *t;

		ck_assert_msg(pfn >= 0, "VA %#lx: level %d table MFN %#lx is no "
			      "guest frame", (unsigned long)va, lvl, (unsigned long)mfn);
		t = (const uint64_t *)(b->g.mem + pfn * 4096UL);
		e = t[(va >> (12 + 9 * (lvl - 1))) & 511];
		ck_assert_msg((e & 5) == 5, "VA %#lx: level %d entry %#lx lacks "
			      "PRESENT|USER", (unsigned long)va, lvl, (unsigned long)e);
		mfn = (e & 0x000ffffffffff000UL) >> 12;
	}
	return e;
}

