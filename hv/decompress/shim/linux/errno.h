/* Shim for Linux's lib/ decompressors: the errno values they return. */
#ifndef SHIM_LINUX_ERRNO_H
#define SHIM_LINUX_ERRNO_H
#define EINVAL 22
#define ENOMEM 12
#endif
