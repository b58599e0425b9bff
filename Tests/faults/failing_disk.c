// A failing disk, for Tests/faults/test_disk_errors.py: loaded into the daemon with LD_PRELOAD.
// While the file named by INTELLIDINE_TEST_DISK_FAULT exists, every write and sync of a file under
// INTELLIDINE_TEST_DISK_DIR fails with EIO, as an SD card's dying flash does; while that name with
// ".rofs" after it exists, with EROFS, as after the kernel remounts a failing filesystem read-only.
// Reads go on. SQLite reaches these through libc's dynamic symbols, so interposing them is enough.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

// The errno a write to `fd` fails with now, or 0 when it goes through.
static int failing(int fd) {
    const char *flag = getenv("INTELLIDINE_TEST_DISK_FAULT");
    const char *dir = getenv("INTELLIDINE_TEST_DISK_DIR");
    if (flag == NULL || dir == NULL) return 0;
    char readOnly[4096];
    snprintf(readOnly, sizeof readOnly, "%s.rofs", flag);
    int error = access(flag, F_OK) == 0 ? EIO : access(readOnly, F_OK) == 0 ? EROFS : 0;
    if (error == 0) return 0;
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, path, sizeof path - 1);
    if (length <= 0) return 0;
    path[length] = 0;
    return strncmp(path, dir, strlen(dir)) == 0 ? error : 0;
}

#define REAL(name, signature) typedef signature; static function real; if (real == NULL) real = (function)dlsym(RTLD_NEXT, name)

ssize_t write(int fd, const void *buffer, size_t count) {
    REAL("write", ssize_t (*function)(int, const void *, size_t));
    int error = failing(fd);
    if (error) { errno = error; return -1; }
    return real(fd, buffer, count);
}

ssize_t pwrite(int fd, const void *buffer, size_t count, off_t offset) {
    REAL("pwrite", ssize_t (*function)(int, const void *, size_t, off_t));
    int error = failing(fd);
    if (error) { errno = error; return -1; }
    return real(fd, buffer, count, offset);
}

ssize_t pwrite64(int fd, const void *buffer, size_t count, off_t offset) {
    REAL("pwrite64", ssize_t (*function)(int, const void *, size_t, off_t));
    int error = failing(fd);
    if (error) { errno = error; return -1; }
    return real(fd, buffer, count, offset);
}

int fsync(int fd) {
    REAL("fsync", int (*function)(int));
    int error = failing(fd);
    if (error) { errno = error; return -1; }
    return real(fd);
}

int fdatasync(int fd) {
    REAL("fdatasync", int (*function)(int));
    int error = failing(fd);
    if (error) { errno = error; return -1; }
    return real(fd);
}
