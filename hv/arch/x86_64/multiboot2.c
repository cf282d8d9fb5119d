/* Multiboot2 information parser: tags to struct boot_info, no hardware. */
#include "boot.h"
#include "errno.h"

/* Tag types (Multiboot2 specification, section 3.6). */
#define MB2_TAG_END        0
#define MB2_TAG_CMDLINE    1
#define MB2_TAG_LOADER     2
#define MB2_TAG_MODULE     3
#define MB2_TAG_MEMINFO    4
#define MB2_TAG_MMAP       6
#define MB2_TAG_ACPI_OLD   14
#define MB2_TAG_ACPI_NEW   15
#define MB2_TAG_LOAD_BASE  21

#define MB2_MMAP_ENTRY_MIN 24   /* u64 base, u64 length, u32 type, u32 reserved */

/* Raw map entries before overlap resolution; boot is single-threaded. */
static struct boot_mem raw[BOOT_MAX_MEMMAP];
static unsigned int nr_raw;

/* Loads through __builtin_memcpy: inlined, and free of aliasing trouble. */
static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t mem_end(const struct boot_mem *m)
{
	return m->base + m->len < m->base ? ~0ULL : m->base + m->len;
}

/* Which of two types a byte covered by both gets: non-RAM over RAM. */
static uint32_t stronger(uint32_t a, uint32_t b)
{
	if (a == E820_RAM)
		return b;
	if (b == E820_RAM)
		return a;
	return a > b ? a : b;
}

static int fail(const char **why, const char *reason, int err)
{
	if (why)
		*why = reason;
	return err;
}

/* True if the string occupying [p, p + len) has a NUL inside it. */
static bool terminated(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!p[i])
			return true;
	return false;
}

/*
 * Builds bi->mem from raw[] by sweeping the boundaries in address order:
 * each piece gets the strongest type of the raw entries covering it, and
 * equal neighbours are merged.
 */
static int resolve_map(struct boot_info *bi, const char **why)
{
	uint64_t cur = ~0ULL;

	bi->nr_mem = 0;
	for (unsigned int i = 0; i < nr_raw; i++)
		if (raw[i].base < cur)
			cur = raw[i].base;
	while (nr_raw) {
		uint64_t next = ~0ULL;
		uint32_t type = 0;

		for (unsigned int i = 0; i < nr_raw; i++) {
			uint64_t s = raw[i].base, e = mem_end(&raw[i]);

			if (s > cur && s < next)
				next = s;
			if (e > cur && e < next)
				next = e;
			if (s <= cur && cur < e)
				type = type ? stronger(type, raw[i].type) : raw[i].type;
		}
		if (type) {
			struct boot_mem *last = bi->nr_mem ? &bi->mem[bi->nr_mem - 1] : NULL;

			if (last && last->type == type && mem_end(last) == cur) {
				last->len += next - cur;
			} else {
				if (bi->nr_mem == BOOT_MAX_MEMMAP)
					return fail(why, "memory map too large", -E2BIG);
				bi->mem[bi->nr_mem++] = (struct boot_mem){ cur, next - cur, type };
			}
		}
		if (next == ~0ULL)
			break;
		cur = next;
	}
	return 0;
}

static int add_raw(uint64_t base, uint64_t len, uint32_t type, const char **why)
{
	if (!len)
		return 0;
	if (nr_raw == BOOT_MAX_MEMMAP)
		return fail(why, "too many memory map entries", -E2BIG);
	raw[nr_raw++] = (struct boot_mem){ base, len, type };
	return 0;
}

static int parse_mmap(const uint8_t *t, uint32_t size, const char **why)
{
	uint32_t esz;
	int rc;

	if (size < 16)
		return fail(why, "mmap tag too short", -EINVAL);
	esz = rd32(t + 8);
	if (esz < MB2_MMAP_ENTRY_MIN || esz % 8)
		return fail(why, "bad mmap entry_size", -EINVAL);
	for (uint32_t off = 16; off + esz <= size; off += esz) {
		uint32_t type = rd32(t + off + 16);

		/* Unknown types are treated as reserved, as Linux does. */
		if (type < E820_RAM || type > E820_UNUSABLE)
			type = E820_RESERVED;
		rc = add_raw(rd64(t + off), rd64(t + off + 8), type, why);
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_tag(const uint8_t *t, uint32_t type, uint32_t size,
		     struct boot_info *bi, bool *have_mmap, const char **why)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
	case MB2_TAG_LOADER:
		if (!terminated(t + 8, size - 8))
			return fail(why, "unterminated string tag", -EINVAL);
		if (type == MB2_TAG_CMDLINE)
			bi->cmdline = (const char *)(t + 8);
		else
			bi->loader = (const char *)(t + 8);
		break;
	case MB2_TAG_MODULE: {
		struct boot_module *m;

		if (size < 16 || !terminated(t + 16, size - 16))
			return fail(why, "bad module tag", -EINVAL);
		if (bi->nr_mod == BOOT_MAX_MODULES)
			return fail(why, "too many modules", -E2BIG);
		m = &bi->mod[bi->nr_mod];
		m->start = rd32(t + 8);
		m->end = rd32(t + 12);
		m->cmdline = (const char *)(t + 16);
		if (m->end < m->start)
			return fail(why, "module ends before it starts", -EINVAL);
		bi->nr_mod++;
		break;
	}
	case MB2_TAG_MEMINFO:
		if (size < 16)
			return fail(why, "meminfo tag too short", -EINVAL);
		bi->have_meminfo = true;
		bi->mem_lower_kb = rd32(t + 8);
		bi->mem_upper_kb = rd32(t + 12);
		break;
	case MB2_TAG_MMAP:
		*have_mmap = true;
		return parse_mmap(t, size, why);
	case MB2_TAG_ACPI_OLD:
	case MB2_TAG_ACPI_NEW:
		/* The new (ACPI 2.0+) RSDP wins over the old one. */
		if (size > 8 && (!bi->rsdp || type == MB2_TAG_ACPI_NEW)) {
			bi->rsdp = t + 8;
			bi->rsdp_len = size - 8;
		}
		break;
	case MB2_TAG_LOAD_BASE:
		if (size < 12)
			return fail(why, "load base tag too short", -EINVAL);
		bi->load_base = rd32(t + 8);
		bi->have_load_base = true;
		break;
	default:
		break;          /* tags we do not use */
	}
	return 0;
}

/* Contract in boot.h. */
int mb2_parse(const void *mbi, size_t avail, struct boot_info *bi,
	      const char **why)
{
	const uint8_t *base = mbi;
	uint32_t total;
	bool have_mmap = false, have_end = false;
	int rc;

	*bi = (struct boot_info){ .cmdline = "", .loader = "" };
	nr_raw = 0;
	if (!mbi || avail < 8)
		return fail(why, "MBI missing or too small", -EINVAL);
	if ((uintptr_t)mbi % 8)
		return fail(why, "MBI not 8-byte aligned", -EINVAL);
	total = rd32(base);
	if (total < 16)
		return fail(why, "total_size below 16", -EINVAL);
	if (total > avail)
		return fail(why, "total_size past the readable area", -EINVAL);
	if (total % 8)
		return fail(why, "total_size not a multiple of 8", -EINVAL);

	for (uint32_t off = 8; off + 8 <= total;) {
		const uint8_t *t = base + off;
		uint32_t type = rd32(t), size = rd32(t + 4);

		if (size < 8)
			return fail(why, "tag size below 8", -EINVAL);
		if (size > total - off)
			return fail(why, "tag runs past total_size", -EINVAL);
		if (type == MB2_TAG_END) {
			if (size != 8)
				return fail(why, "end tag size not 8", -EINVAL);
			have_end = true;
			break;
		}
		rc = parse_tag(t, type, size, bi, &have_mmap, why);
		if (rc)
			return rc;
		if (size > total - off - 7)
			break;      /* padding would pass the end: no end tag */
		off += (size + 7) & ~7U;
	}
	if (!have_end)
		return fail(why, "missing end tag", -EINVAL);

	if (!have_mmap && bi->have_meminfo) {
		rc = add_raw(0, (uint64_t)bi->mem_lower_kb << 10, E820_RAM, why);
		if (!rc)
			rc = add_raw(1ULL << 20, (uint64_t)bi->mem_upper_kb << 10,
				     E820_RAM, why);
		if (rc)
			return rc;
	}
	return resolve_map(bi, why);
}

uint64_t boot_ram_total(const struct boot_info *bi)
{
	uint64_t sum = 0;

	for (unsigned int i = 0; i < bi->nr_mem; i++)
		if (bi->mem[i].type == E820_RAM)
			sum += bi->mem[i].len;
	return sum;
}
