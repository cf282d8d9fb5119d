/* ELF64 images for the domain builder: types and bounds-checked access. */
#ifndef PVGUEST_BUILDER_ELF_H
#define PVGUEST_BUILDER_ELF_H

#include "types.h"

/* The ELF64 structures, little-endian x86-64 (System V gABI names). */
struct elf64_ehdr {
	uint8_t  e_ident[16];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

struct elf64_shdr {
	uint32_t sh_name;
	uint32_t sh_type;
	uint64_t sh_flags;
	uint64_t sh_addr;
	uint64_t sh_offset;
	uint64_t sh_size;
	uint32_t sh_link;
	uint32_t sh_info;
	uint64_t sh_addralign;
	uint64_t sh_entsize;
};

struct elf64_nhdr {
	uint32_t n_namesz;
	uint32_t n_descsz;
	uint32_t n_type;
};

#define ELF_CLASS64        2
#define ELF_DATA2LSB       1
#define ELF_EV_CURRENT     1
#define ELF_ET_EXEC        2
#define ELF_EM_X86_64      62
#define ELF_PT_LOAD        1
#define ELF_PT_NOTE        4
#define ELF_SHT_NOTE       7

#define ELF_MAX_PHDRS      128     /* more is refused: bounds the work */

/*
 * An image checked by elf_open: the header is copied out (the image need
 * not be aligned), the program and section header tables lie inside it,
 * and every PT_LOAD and PT_NOTE segment's file bytes lie inside it with
 * p_filesz <= p_memsz.
 */
struct elf_image {
	const uint8_t *img;
	size_t len;
	struct elf64_ehdr eh;
};

/* True when [off, off + size) lies inside the image (no overflow). */
static inline bool elf_range_ok(const struct elf_image *e, uint64_t off,
				uint64_t size)
{
	return off <= e->len && size <= e->len - off;
}

/*
 * Checks img[0, len) as a little-endian x86-64 ET_EXEC ELF64 image as
 * described above. Returns 0, or -EINVAL with *why set to the reason.
 */
int elf_open(struct elf_image *e, const void *img, size_t len,
	     const char **why);

/* Copies program header i (< e_phnum) / section header i (< e_shnum). */
void elf_phdr(const struct elf_image *e, unsigned int i, struct elf64_phdr *ph);
void elf_shdr(const struct elf_image *e, unsigned int i, struct elf64_shdr *sh);

#endif
