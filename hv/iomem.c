/* I/O memory and port permission decisions, and the machine memory map (contract in iomem.h). */
#include "iomem.h"
#include "boot.h"
#include "errno.h"

static const struct io_perms *hwdom_io;
static uint16_t hwdom_id;

const struct io_perms *iomem_perms_of(uint16_t d)
{
	const struct io_perms *io = __atomic_load_n(&hwdom_io, __ATOMIC_ACQUIRE);

	return io && d == hwdom_id ? io : NULL;
}

void iomem_set_hwdom(uint16_t d, const struct io_perms *io)
{
	hwdom_id = d;
	__atomic_store_n(&hwdom_io, io, __ATOMIC_RELEASE);
}

enum iomem_access iomem_l1e_access(const struct io_perms *io, uint64_t mfn)
{
	if (!io || !rangeset_contains_range(&io->iomem, mfn, mfn))
		return IOMEM_DENY;
	if (rangeset_contains_range(&io->iomem_ro, mfn, mfn))
		return IOMEM_RO;
	return IOMEM_RW;
}

bool ioport_access_ok(const struct io_perms *io, unsigned int port,
		      unsigned int size)
{
	if (!io || !size || port + size - 1 > 0xffff)
		return false;
	return rangeset_contains_range(&io->ioport, port, port + size - 1);
}

static int put_entry(struct e820_entry *out, unsigned int *k, unsigned int max,
		     uint64_t addr, uint64_t size, uint32_t type)
{
	if (*k >= max)
		return -EINVAL;
	out[*k].addr = addr;
	out[*k].size = size;
	out[*k].type = type;
	(*k)++;
	return 0;
}

/*
 * The frames of [s, e] (inclusive, frame numbers) not in permitted, as
 * reserved entries (Xen's rangeset_report_ranges + handle_iomem_range).
 */
static int report_hole(const struct rangeset *permitted, uint64_t s, uint64_t e,
		       struct e820_entry *out, unsigned int *k, unsigned int max)
{
	uint64_t cur = s;

	for (unsigned int i = 0; i < permitted->nr && cur <= e; i++) {
		const struct rangeset_range *r = &permitted->r[i];

		if (r->e < cur)
			continue;
		if (r->s > e)
			break;
		if (r->s > cur && put_entry(out, k, max, cur << 12,
					    (r->s - cur) << 12, E820_RESERVED))
			return -EINVAL;
		cur = r->e + 1;
		if (r->e == UINT64_MAX)
			return 0;
	}
	if (cur <= e)
		return put_entry(out, k, max, cur << 12, (e - cur + 1) << 12,
				 E820_RESERVED);
	return 0;
}

int e820_machine_map(const struct boot_mem *raw, unsigned int n,
		     const struct rangeset *permitted, struct e820_entry *out,
		     unsigned int max)
{
	uint64_t next = 0;                     /* first frame after the last entry */
	unsigned int k = 0;

	if (max < n + 1)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		uint64_t s = raw[i].base >> 12;

		if (s > next && report_hole(permitted, next, s - 1, out, &k, max))
			return -EINVAL;
		if (put_entry(out, &k, max, raw[i].base, raw[i].len, raw[i].type))
			return -EINVAL;
		next = (raw[i].base + raw[i].len + 0xfff) >> 12;
	}
	return (int)k;
}
