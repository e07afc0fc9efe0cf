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

/// mallopt(M_MMAP_THRESHOLD, bytes): allocations of at least `bytes` get mappings of their own, and the threshold no
/// longer rises as large blocks are freed. Returns mallopt's result (1 on success).
int exhibit_fix_mmap_threshold(int bytes);

/// statfs(path)'s f_type (the filesystem's magic number) in *magic; returns statfs's result.
int exhibit_filesystem_magic(const char *path, long long *magic);

/// Limits applied to a child process before it runs (see exhibit_spawn_limited).
struct exhibit_limits {
    /// RLIMIT_AS: bytes of address space.
    unsigned long long memory;
    /// RLIMIT_CPU: seconds of processor time.
    unsigned long long cpu_seconds;
    /// RLIMIT_FSIZE: largest file the child may write, in bytes.
    unsigned long long file_size;
    /// RLIMIT_NOFILE: open descriptors.
    unsigned long long open_files;
};

/// fork() and, in the child: signals unblocked and at their defaults, a new process group, SIGKILL when the parent dies, stdin from /dev/null, stdout
/// and stderr to the given descriptors, chdir(directory), a new empty network namespace (unshare(CLONE_NEWNET),
/// with CLONE_NEWUSER when not root), the rlimits, no core dumps, PR_SET_NO_NEW_PRIVS, every other descriptor
/// closed, then execve(path, argv, envp). Any step that fails stops the child before exec.
/// Returns the child's pid, or -1 with *stage (1 fork, 2 descriptors, 3 folder, 4 network, 5 limits, 6 privileges,
/// 7 exec) and *error (errno) saying what failed.
pid_t exhibit_spawn_limited(const char *path, char *const argv[], char *const envp[], const char *directory,
                            int stdout_fd, int stderr_fd, const struct exhibit_limits *limits, int *stage, int *error);

/// Waits for a child started by exhibit_spawn_limited for at most timeout_ms (pidfd_open + poll); on time-out
/// the child's whole process group is killed (SIGKILL). The group is killed after a normal exit too, so nothing
/// it started outlives it. Returns 1 when it timed out, 0 when it exited, -1 on error; *status as from waitpid.
int exhibit_wait_limited(pid_t pid, int timeout_ms, int *status);

/// WIFEXITED / WEXITSTATUS / WIFSIGNALED / WTERMSIG for a waitpid status: the exit code, or -(signal number).
int exhibit_exit_code(int status);

#endif
