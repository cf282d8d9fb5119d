/* Shim for Linux's lib/ decompressors: <linux/stddef.h>. */
#include <stddef.h>
#include <stdbool.h>
