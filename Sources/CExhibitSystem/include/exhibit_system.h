// Linux calls that Swift's Glibc module hides behind _GNU_SOURCE. Each wraps exactly one call.
#ifndef EXHIBIT_SYSTEM_H
#define EXHIBIT_SYSTEM_H

#include <sys/types.h>

/// The O_DIRECT open flag (its value differs between architectures).
int exhibit_o_direct(void);

/// sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE): start write-back of a range without waiting.
int exhibit_start_writeback(int fd, off_t offset, off_t length);

/// syncfs(fd): flush every dirty page and inode of the file system holding fd.
int exhibit_syncfs(int fd);

/// renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE): rename, failing with EEXIST instead of replacing.
int exhibit_rename_noreplace(const char *from, const char *to);

#endif
