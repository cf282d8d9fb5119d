/* Symbol lookup over the table scripts/gensyms builds from the image. */
#include "types.h"
#include "asm/symbols.h"

/* Emitted by scripts/gensyms: sorted addresses, offsets into a name blob. */
extern const uint64_t symtab_addrs[];
extern const uint32_t symtab_name_offs[];
extern const char symtab_names[];
extern const uint64_t symtab_nr;
extern char _stext[], _etext[];

const char *symbol_lookup(uint64_t addr, uint64_t *offset)
{
	uint64_t lo = 0, hi = symtab_nr;

	if (addr < (uint64_t)_stext || addr >= (uint64_t)_etext || !hi)
		return NULL;
	/* Last entry with address <= addr. */
	while (hi - lo > 1) {
		uint64_t mid = (lo + hi) / 2;

		if (symtab_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (symtab_addrs[lo] > addr)
		return NULL;
	*offset = addr - symtab_addrs[lo];
	return symtab_names + symtab_name_offs[lo];
}
