/* Unit tests of the PV domain builder: shared fixtures and helpers. */
#ifndef TEST_BUILDER_H
#define TEST_BUILDER_H

#include <stdint.h>
#include <stddef.h>
#include "harness.h"
#include "builder.h"
#include "errno.h"

#define LINUX_BASE   0xffffffff80000000UL
#define LINUX_TEXT   0xffffffff81000000UL
#define MFN_BASE     0x80000UL

/* An ELF image read from the files the build links (a private copy). */
struct image {
	uint8_t *buf;
	size_t len;
};
struct image image_load(const char *path);
void image_free(struct image *im);

/* Little-endian field access inside an image copy. */
uint64_t get64(const uint8_t *p);
void put16(uint8_t *p, uint16_t v);
void put32(uint8_t *p, uint32_t v);
void put64(uint8_t *p, uint64_t v);

/* Offset of program header i, and of the first Xen note of type t. */
size_t phdr_off(const struct image *im, unsigned int i);
size_t note_off(const struct image *im, uint32_t type);

/*
 * Guest memory of nr_pages pages, prefilled with 0xAA, backed by MFNs
 * that run backwards with a stride of 3 (never contiguous).
 */
struct guest {
	unsigned long nr_pages;
	uint8_t *mem;
	unsigned long fail_map_pfn;     /* map() of this pfn fails (~0 = none) */
	unsigned long bad_mfn_pfn;      /* pfn_to_mfn gives 2^52 (~0 = none) */
	struct builder_mem bm;
};
void guest_init(struct guest *g, unsigned long nr_pages);
void guest_free(struct guest *g);
uint64_t guest_mfn(const struct guest *g, unsigned long pfn);
long guest_pfn(const struct guest *g, uint64_t mfn);    /* -1 if none */
uint8_t *guest_va(const struct guest *g, const struct builder_layout *l,
		  uint64_t va);

/* Parses im; fails the test with the reason if it is refused. */
void parse_ok(const struct image *im, struct xen_guest_info *gi);

#define NR_PAGES 8192UL                 /* 32 MiB */
#define PT_FLAGS 0x67UL                 /* P RW US A D */

/* A built Linux-style guest, shared by most cases below. */
struct built {
	struct image im;
	struct xen_guest_info gi;
	struct guest g;
	struct builder_params p;
	struct builder_result r;
	uint8_t rd[10000];
};

/* Builds path into a fresh NR_PAGES guest; fails the test on error. */
void build(struct built *b, const char *path, uint32_t flags, size_t rd_len);
void unbuild(struct built *b);
uint64_t va_of(const struct builder_layout *l, unsigned long pfn);
/* The leaf PTE of va, checking PRESENT|USER at every level. */
uint64_t walk(const struct built *b, uint64_t va);

Suite *builder_parse_suite(void);
Suite *builder_build_suite(void);
Suite *builder_mem_suite(void);
Suite *builder_hostile_suite(void);
Suite *builder_notes_suite(void);
Suite *builder_p2m_suite(void);
Suite *builder_image_suite(void);

#endif
