/*
 * fake-s390x-host: an LD_PRELOAD library that lets an unprivileged libvirtd on
 * any Linux box take its KVM path for an s390x emulator (cpumodel's launcher).
 *
 *   uname()             reports machine `s390x`, so libvirt treats s390x guests
 *                       as native and asks the emulator for the host CPU model
 *   /dev/kvm            every open, stat and access of it goes to /dev/null, so
 *                       libvirt finds KVM usable and never touches a real KVM
 *
 * Nothing else changes. Built by scripts/setup-libvirt.sh into
 * .cache/libvirt/fake-s390x-host.so; used by test/libvirt/libvirtd.ts and the
 * README's recipe. It is only ever given to the processes of an isolated
 * libvirtd (LD_PRELOAD), never installed system-wide.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define KVM "/dev/kvm"
#define STANDIN "/dev/null"

static const char *swap(const char *path)
{
    return path && strcmp(path, KVM) == 0 ? STANDIN : path;
}

/* The next definition of a symbol (libc's), looked up once. */
#define NEXT(name) \
    static __typeof__(&name) next_##name; \
    if (!next_##name) next_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

/* Declared by <fcntl.h> only in fortified builds. */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);

int uname(struct utsname *buf)
{
    NEXT(uname);
    int rc = next_uname(buf);
    if (rc == 0) {
        strncpy(buf->machine, "s390x", sizeof(buf->machine) - 1);
        buf->machine[sizeof(buf->machine) - 1] = '\0';
    }
    return rc;
}

/* open(2) and friends take a mode only with O_CREAT or O_TMPFILE. */
#define MODE_ARG(flags, mode) \
    do { \
        if ((flags) & (O_CREAT | O_TMPFILE)) { \
            va_list ap; va_start(ap, flags); mode = va_arg(ap, int); va_end(ap); \
        } \
    } while (0)

int open(const char *path, int flags, ...)
{
    NEXT(open);
    int mode = 0;
    MODE_ARG(flags, mode);
    return next_open(swap(path), flags, mode);
}

int open64(const char *path, int flags, ...)
{
    NEXT(open64);
    int mode = 0;
    MODE_ARG(flags, mode);
    return next_open64(swap(path), flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    NEXT(openat);
    int mode = 0;
    MODE_ARG(flags, mode);
    return next_openat(dirfd, swap(path), flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
    NEXT(openat64);
    int mode = 0;
    MODE_ARG(flags, mode);
    return next_openat64(dirfd, swap(path), flags, mode);
}

/* The fortified variants (_FORTIFY_SOURCE builds call these). */
int __open_2(const char *path, int flags)
{
    NEXT(__open_2);
    return next___open_2(swap(path), flags);
}

int __open64_2(const char *path, int flags)
{
    NEXT(__open64_2);
    return next___open64_2(swap(path), flags);
}

int __openat_2(int dirfd, const char *path, int flags)
{
    NEXT(__openat_2);
    return next___openat_2(dirfd, swap(path), flags);
}

int stat(const char *path, struct stat *buf)
{
    NEXT(stat);
    return next_stat(swap(path), buf);
}

int stat64(const char *path, struct stat64 *buf)
{
    NEXT(stat64);
    return next_stat64(swap(path), buf);
}

int lstat(const char *path, struct stat *buf)
{
    NEXT(lstat);
    return next_lstat(swap(path), buf);
}

int lstat64(const char *path, struct stat64 *buf)
{
    NEXT(lstat64);
    return next_lstat64(swap(path), buf);
}

int fstatat(int dirfd, const char *path, struct stat *buf, int flags)
{
    NEXT(fstatat);
    return next_fstatat(dirfd, swap(path), buf, flags);
}

int fstatat64(int dirfd, const char *path, struct stat64 *buf, int flags)
{
    NEXT(fstatat64);
    return next_fstatat64(dirfd, swap(path), buf, flags);
}

int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)
{
    NEXT(statx);
    return next_statx(dirfd, swap(path), flags, mask, buf);
}

int access(const char *path, int mode)
{
    NEXT(access);
    return next_access(swap(path), mode);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
    NEXT(faccessat);
    return next_faccessat(dirfd, swap(path), mode, flags);
}

int euidaccess(const char *path, int mode)
{
    NEXT(euidaccess);
    return next_euidaccess(swap(path), mode);
}

int eaccess(const char *path, int mode)
{
    NEXT(eaccess);
    return next_eaccess(swap(path), mode);
}
