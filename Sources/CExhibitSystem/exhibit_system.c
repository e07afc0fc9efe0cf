#define _GNU_SOURCE
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/vfs.h>
#include "exhibit_system.h"

int exhibit_o_direct(void) { return O_DIRECT; }

int exhibit_start_writeback(int fd, off_t offset, off_t length) {
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE);
}

int exhibit_syncfs(int fd) { return syncfs(fd); }

int exhibit_fix_mmap_threshold(int bytes) { return mallopt(M_MMAP_THRESHOLD, bytes); }

int exhibit_filesystem_magic(const char *path, long long *magic) {
    struct statfs info;
    int result = statfs(path, &info);
    if (result == 0) *magic = (long long)info.f_type;
    return result;
}

int exhibit_rename_noreplace(const char *from, const char *to) {
    return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
}

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <sys/types.h>

static void report(int pipe_fd, int stage) {
    int message[2] = {stage, errno};
    ssize_t ignored = write(pipe_fd, message, sizeof message);
    (void)ignored;
    _exit(127);
}

static int limit(int resource, unsigned long long value) {
    struct rlimit rl = {(rlim_t)value, (rlim_t)value};
    return setrlimit(resource, &rl);
}

pid_t exhibit_spawn_limited(const char *path, char *const argv[], char *const envp[], const char *directory,
                            int stdout_fd, int stderr_fd, const struct exhibit_limits *limits, int *stage, int *error) {
    int channel[2];
    *stage = 0;
    *error = 0;
    if (pipe2(channel, O_CLOEXEC) != 0) {
        *stage = 1;
        *error = errno;
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        *stage = 1;
        *error = errno;
        close(channel[0]);
        close(channel[1]);
        return -1;
    }
    if (pid == 0) {
        close(channel[0]);
        // Signals as a fresh program expects them: nothing blocked, nothing ignored (the Swift runtime ignores SIGPIPE).
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int signal_number = 1; signal_number < NSIG; signal_number++) signal(signal_number, SIG_DFL);
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (null_fd < 0 || dup2(null_fd, 0) < 0 || dup2(stdout_fd, 1) < 0 || dup2(stderr_fd, 2) < 0) report(channel[1], 2);
        if (chdir(directory) != 0) report(channel[1], 3);
        int flags = CLONE_NEWNET;
        if (geteuid() != 0) flags |= CLONE_NEWUSER;
        if (unshare(flags) != 0) report(channel[1], 4);
        if (limit(RLIMIT_AS, limits->memory) != 0 || limit(RLIMIT_CPU, limits->cpu_seconds) != 0 ||
            limit(RLIMIT_FSIZE, limits->file_size) != 0 || limit(RLIMIT_NOFILE, limits->open_files) != 0 ||
            limit(RLIMIT_CORE, 0) != 0)
            report(channel[1], 5);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) report(channel[1], 6);
        // Every descriptor but 0-2 and the report channel (closed by exec) goes.
        for (int fd = 3; fd < channel[1]; fd++) close(fd);
        if (syscall(SYS_close_range, channel[1] + 1, ~0U, 0) != 0) {
            for (int fd = channel[1] + 1; fd < 65536; fd++) close(fd);
        }
        execve(path, argv, envp);
        report(channel[1], 7);
    }
    close(channel[1]);
    int message[2];
    ssize_t got;
    do {
        got = read(channel[0], message, sizeof message);
    } while (got < 0 && errno == EINTR);
    close(channel[0]);
    if (got == (ssize_t)sizeof message) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *stage = message[0];
        *error = message[1];
        return -1;
    }
    return pid;
}

int exhibit_wait_limited(pid_t pid, int timeout_ms, int *status) {
    int timed_out = 0;
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd >= 0) {
        struct pollfd entry = {pidfd, POLLIN, 0};
        int ready;
        struct timespec start, now;
        clock_gettime(CLOCK_MONOTONIC, &start);
        int remaining = timeout_ms;
        for (;;) {
            ready = poll(&entry, 1, remaining);
            if (ready >= 0 || errno != EINTR) break;
            clock_gettime(CLOCK_MONOTONIC, &now);
            long elapsed = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000;
            remaining = elapsed >= timeout_ms ? 0 : timeout_ms - (int)elapsed;
        }
        close(pidfd);
        if (ready == 0) timed_out = 1;
    } else {
        // No pidfd (kernel before 5.3): look at the child every 10 ms without reaping it.
        struct timespec pause = {0, 10000000};
        int waited = 0;
        for (;;) {
            siginfo_t info;
            info.si_pid = 0;
            if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid) break;
            if (waited >= timeout_ms) {
                timed_out = 1;
                break;
            }
            nanosleep(&pause, NULL);
            waited += 10;
        }
    }
    // The child is a zombie or still running, so its process group cannot have been reused: kill what it left.
    kill(-pid, SIGKILL);
    pid_t done;
    do {
        done = waitpid(pid, status, 0);
    } while (done < 0 && errno == EINTR);
    if (done < 0) return -1;
    return timed_out;
}

int exhibit_exit_code(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return -1;
}
