package dev.wharf.daemon.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libc calls the daemon makes itself (everything else is delegated to runc and conmon). Non-API: use the
 * capability classes ({@code layers}, {@code snapshots}, {@code network}) rather than calling this directly.
 * Every function throws {@link LastErrorException} carrying errno on failure.
 */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    // mount(2) flags
    long MS_RDONLY = 1;
    long MS_NOSUID = 2;
    long MS_NODEV = 4;
    long MS_NOEXEC = 8;
    long MS_REMOUNT = 32;
    long MS_BIND = 4096;
    long MS_REC = 16384;
    long MS_PRIVATE = 1 << 18;
    long MS_SLAVE = 1 << 19;
    long MS_SHARED = 1 << 20;
    // umount2(2) flags
    int MNT_FORCE = 1;
    int MNT_DETACH = 2;
    // file types for mknod(2)
    int S_IFIFO = 0010000;
    int S_IFCHR = 0020000;
    int S_IFBLK = 0060000;
    // *at() flags
    int AT_FDCWD = -100;
    int AT_SYMLINK_NOFOLLOW = 0x100;
    // clone/unshare/setns flags
    int CLONE_NEWNS = 0x00020000;
    int CLONE_NEWUTS = 0x04000000;
    int CLONE_NEWIPC = 0x08000000;
    int CLONE_NEWNET = 0x40000000;
    // open(2)
    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_RDWR = 2;
    int O_CREAT = 0100;
    int O_NONBLOCK = 04000;
    int O_DIRECTORY = 0200000;
    int O_NOFOLLOW = 0400000;
    int O_CLOEXEC = 02000000;
    // setxattr(2)
    int XATTR_CREATE = 1;
    int XATTR_REPLACE = 2;

    int mount(String source, String target, String fstype, long flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int mknod(String path, int mode, long dev) throws LastErrorException;

    int lchown(String path, int uid, int gid) throws LastErrorException;

    int chmod(String path, int mode) throws LastErrorException;

    int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    long lgetxattr(String path, String name, byte[] value, long size) throws LastErrorException;

    long llistxattr(String path, byte[] list, long size) throws LastErrorException;

    int lremovexattr(String path, String name) throws LastErrorException;

    /** {@code times} is two {@code struct timespec} (atime, mtime): four longs {sec, nsec, sec, nsec}. */
    int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    int open(String path, int flags, int mode) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    long read(int fd, byte[] buf, long count) throws LastErrorException;

    long write(int fd, byte[] buf, long count) throws LastErrorException;

    int unshare(int flags) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int sethostname(String name, long len) throws LastErrorException;

    int kill(int pid, int sig) throws LastErrorException;

    int getpid();

    long syscall(long number, Object... args) throws LastErrorException;

    // sockets, for rtnetlink
    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] addr, int len) throws LastErrorException;

    long send(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int len) throws LastErrorException;

    // containers: conmon's attach socket (AF_UNIX SOCK_SEQPACKET) and the per-thread cwd of the mount thread
    int AF_UNIX = 1;
    int SOCK_SEQPACKET = 5;
    int SHUT_WR = 1;
    int SHUT_RDWR = 2;
    int CLONE_FS = 0x00000200;

    int connect(int fd, byte[] addr, int len) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    int chdir(String path) throws LastErrorException;

    /** For SIOCGIFFLAGS/SIOCSIFFLAGS on a {@code struct ifreq} (40 bytes: name[16], flags at 16). */
    int ioctl(int fd, long request, byte[] arg) throws LastErrorException;

    // inotify
    int inotify_init1(int flags) throws LastErrorException;

    int inotify_add_watch(int fd, String path, int mask) throws LastErrorException;

    int inotify_rm_watch(int fd, int wd) throws LastErrorException;

    int if_nametoindex(String name);

    String strerror(int errnum);

    Pointer getenv(String name);
}
