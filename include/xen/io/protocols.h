/* Names of the guest ABIs a front end announces in xenstore ("protocol"). */
#ifndef __XEN_PUBLIC_IO_PROTOCOLS_H__
#define __XEN_PUBLIC_IO_PROTOCOLS_H__

#define XEN_IO_PROTO_ABI_X86_32     "x86_32-abi"
#define XEN_IO_PROTO_ABI_X86_64     "x86_64-abi"
#define XEN_IO_PROTO_ABI_ARM        "arm-abi"
/* Xenolith speaks 64-bit x86 only. */
#define XEN_IO_PROTO_ABI_NATIVE     XEN_IO_PROTO_ABI_X86_64

#endif /* __XEN_PUBLIC_IO_PROTOCOLS_H__ */
