/* Symbol lookup for backtraces (table generated at link time). */
#ifndef ASM_SYMBOLS_H
#define ASM_SYMBOLS_H

#include "types.h"

/*
 * Finds the function containing addr. Returns its name and sets *offset,
 * or returns NULL when addr is outside the image's text.
 */
const char *symbol_lookup(uint64_t addr, uint64_t *offset);

#endif
