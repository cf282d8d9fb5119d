/* ELF64 image checks for the domain builder: hostile input is refused. */
#include "elf.h"
#include "errno.h"
#include "lib.h"

static int refuse(const char **why, const char *reason)
{
	*why = reason;
	return -EINVAL;
}

void elf_phdr(const struct elf_image *e, unsigned int i, struct elf64_phdr *ph)
{
	memcpy(ph, e->img + e->eh.e_phoff + (uint64_t)i * sizeof(*ph),
	       sizeof(*ph));
}

void elf_shdr(const struct elf_image *e, unsigned int i, struct elf64_shdr *sh)
{
	memcpy(sh, e->img + e->eh.e_shoff + (uint64_t)i * sizeof(*sh),
	       sizeof(*sh));
}

/* The segments the builder reads: inside the file, file part <= memory. */
static int check_segments(const struct elf_image *e, const char **why)
{
	struct elf64_phdr ph;
	unsigned int loads = 0;

	for (unsigned int i = 0; i < e->eh.e_phnum; i++) {
		elf_phdr(e, i, &ph);
		if (ph.p_type != ELF_PT_LOAD && ph.p_type != ELF_PT_NOTE)
			continue;
		if (!elf_range_ok(e, ph.p_offset, ph.p_filesz))
			return refuse(why, "segment lies past the end of the image");
		if (ph.p_type == ELF_PT_NOTE)
			continue;
		if (ph.p_filesz > ph.p_memsz)
			return refuse(why, "segment p_filesz is larger than p_memsz");
		if (ph.p_memsz)
			loads++;
	}
	if (!loads)
		return refuse(why, "no loadable segment");
	return 0;
}

/* Contract in elf.h. */
int elf_open(struct elf_image *e, const void *img, size_t len,
	     const char **why)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };
	struct elf64_ehdr *eh = &e->eh;

	e->img = img;
	e->len = len;
	if (!img || len < sizeof(*eh))
		return refuse(why, "image shorter than an ELF64 header");
	memcpy(eh, img, sizeof(*eh));
	/* A bzImage says "HdrS" at 0x202 (Linux's boot protocol). */
	if (memcmp(eh->e_ident, magic, sizeof(magic)) && len >= 0x206 &&
	    !memcmp((const uint8_t *)img + 0x202, "HdrS", 4))
		return refuse(why, "a bzImage: open it with "
			      "builder_image_open() first");
	if (memcmp(eh->e_ident, magic, sizeof(magic)))
		return refuse(why, "not an ELF image (bad magic)");
	if (eh->e_ident[4] != ELF_CLASS64)
		return refuse(why, "not an ELF64 image");
	if (eh->e_ident[5] != ELF_DATA2LSB)
		return refuse(why, "not a little-endian ELF image");
	if (eh->e_ident[6] != ELF_EV_CURRENT || eh->e_version != ELF_EV_CURRENT)
		return refuse(why, "unknown ELF version");
	if (eh->e_machine != ELF_EM_X86_64)
		return refuse(why, "not an x86-64 ELF image");
	if (eh->e_type != ELF_ET_EXEC)
		return refuse(why, "not an executable ELF image (ET_EXEC)");
	if (eh->e_phnum == 0)
		return refuse(why, "no program headers");
	if (eh->e_phnum > ELF_MAX_PHDRS)
		return refuse(why, "too many program headers");
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return refuse(why, "bad program header size (e_phentsize)");
	if (!elf_range_ok(e, eh->e_phoff,
			  (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr)))
		return refuse(why, "program header table lies past the end of the image");
	if (eh->e_shnum) {
		if (eh->e_shentsize != sizeof(struct elf64_shdr))
			return refuse(why, "bad section header size (e_shentsize)");
		if (!elf_range_ok(e, eh->e_shoff,
				  (uint64_t)eh->e_shnum * sizeof(struct elf64_shdr)))
			return refuse(why, "section header table lies past the end of the image");
	}
	return check_segments(e, why);
}
