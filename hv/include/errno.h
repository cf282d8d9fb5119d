/* Hypervisor error numbers: Xen's values under their plain names. */
#ifndef HV_ERRNO_H
#define HV_ERRNO_H

#include <xen/errno.h>

/*
 * In host unit tests libc's <errno.h> may already define these with the
 * same numbers; only define them where nobody has.
 */
#ifndef EPERM
#define EPERM        XEN_EPERM
#define ENOENT       XEN_ENOENT
#define ESRCH        XEN_ESRCH
#define EINTR        XEN_EINTR
#define EIO          XEN_EIO
#define ENXIO        XEN_ENXIO
#define E2BIG        XEN_E2BIG
#define ENOEXEC      XEN_ENOEXEC
#define EBADF        XEN_EBADF
#define ECHILD       XEN_ECHILD
#define EAGAIN       XEN_EAGAIN
#define ENOMEM       XEN_ENOMEM
#define EACCES       XEN_EACCES
#define EFAULT       XEN_EFAULT
#define EBUSY        XEN_EBUSY
#define EEXIST       XEN_EEXIST
#define EXDEV        XEN_EXDEV
#define ENODEV       XEN_ENODEV
#define EISDIR       XEN_EISDIR
#define EINVAL       XEN_EINVAL
#define ENFILE       XEN_ENFILE
#define EMFILE       XEN_EMFILE
#define ENOSPC       XEN_ENOSPC
#define EROFS        XEN_EROFS
#define EMLINK       XEN_EMLINK
#define EDOM         XEN_EDOM
#define ERANGE       XEN_ERANGE
#define EDEADLK      XEN_EDEADLK
#define ENAMETOOLONG XEN_ENAMETOOLONG
#define ENOLCK       XEN_ENOLCK
#define ENOSYS       XEN_ENOSYS
#define ENOTEMPTY    XEN_ENOTEMPTY
#define ENODATA      XEN_ENODATA
#define ETIME        XEN_ETIME
#define EBADMSG      XEN_EBADMSG
#define EOVERFLOW    XEN_EOVERFLOW
#define EILSEQ       XEN_EILSEQ
#define ENOTSOCK     XEN_ENOTSOCK
#define EMSGSIZE     XEN_EMSGSIZE
#define EOPNOTSUPP   XEN_EOPNOTSUPP
#define ENOBUFS      XEN_ENOBUFS
#define ETIMEDOUT    XEN_ETIMEDOUT
#endif
#define ERESTART     XEN_ERESTART

#endif
