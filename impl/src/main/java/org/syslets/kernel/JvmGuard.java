package org.syslets.kernel;

import java.util.ArrayList;
import java.util.List;
import org.syslets.abi.Errno;
import org.syslets.linux.RuntimeFds;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;

/**
 * The calls an atom may not make for real because the process it runs in is the JVM's. A chain
 * chooses its own syscall numbers (a result stored through ret_ptr over the next atom's {@code nr}:
 * the fuzzer turned write(2)'s count 28 into madvise), so no caller's whitelist holds; the runtime
 * itself must refuse what would destroy the JVM, as it refuses a fork v5's exclusion test let through.
 *
 * <ul>
 *   <li><b>Address-space calls</b> (munmap, mprotect, madvise, pkey_mprotect, mremap, mmap with
 *   MAP_FIXED) run only on <em>user memory</em>: the usable range of a region the runtime mapped
 *   ({@link UserMemory#map}; never its guard pages) or a mapping an atom made itself. Anything else
 *   is the JVM's memory (glibc's heap, thread stacks, the Java heap, the code cache): {@code -EFAULT},
 *   and it stays as it was. The fuzzer's native heap corruption (glibc "malloc assertion failure", a
 *   SIGSEGV in libc on a GC thread) was madvise/munmap on the pages next to its arena.</li>
 *   <li><b>Process-state calls</b> that take the JVM's signals, thread state or limits (kill and its
 *   kin, sigaction, sigprocmask, sigreturn, sigaltstack, arch_prctl, prctl but its four number-only
 *   queries, set_tid_address,
 *   set_robust_list, rseq, seccomp, ptrace, setrlimit, prlimit64, personality, unshare, setns, brk,
 *   remap_file_pages, shmat, shmdt, process_madvise): {@code -EPERM}.</li>
 *   <li><b>The runtime's own descriptors</b> ({@link RuntimeFds}: the detector's /proc files, perf
 *   event, eventfd): read, write, close, ioctl, fcntl, the p/v read and write calls on one, dup2/dup3
 *   onto one, a close_range over one: {@code -EBADF}.</li>
 * </ul>
 * Both are counted in {@code snapshot().jvmGuarded()}. Not covered: a real syscall given a pointer
 * into the JVM's memory as its buffer (read, getrandom), and close/dup2 on the JVM's own descriptors:
 * the kernel does those copies itself, the runtime cannot tell the JVM's memory or descriptors from
 * the user's there.
 */
final class JvmGuard {
    private static final long MAP_FIXED = 0x10, MREMAP_FIXED = 2, PR_GET_DUMPABLE = 3, PR_GET_SECCOMP = 21,
            PR_GET_TIMERSLACK = 30, PR_GET_NO_NEW_PRIVS = 39;
    /** Mappings atoms made (start, length), page-rounded; per process, like the address space. */
    private static final List<long[]> ATOM_MAPPINGS = new ArrayList<>();

    private JvmGuard() {
    }

    /** 0 when an atom may run {@code nr} with arguments {@code a} for real, else the errno (negative). */
    static long refusal(long nr, long[] a) {
        switch ((int) nr) {
            case Sys.NR_MUNMAP: case Sys.NR_MPROTECT: case Sys.NR_MADVISE: case Sys.NR_PKEY_MPROTECT:
                return userMemory(a[0], a[1]) ? 0 : -Errno.EFAULT;
            case Sys.NR_MREMAP:
                return userMemory(a[0], a[1]) && ((a[3] & MREMAP_FIXED) == 0 || userMemory(a[4], a[2])) ? 0 : -Errno.EFAULT;
            case Sys.NR_MMAP:
                return (a[3] & MAP_FIXED) == 0 || userMemory(a[0], a[1]) ? 0 : -Errno.EFAULT;
            // The runtime's own descriptors are not the user's (RuntimeFds): an atom that closed the
            // watcher's perf event left it spinning on POLLNVAL, and its next wake wrote into a reused fd.
            case Sys.NR_READ: case Sys.NR_WRITE: case Sys.NR_CLOSE: case Sys.NR_IOCTL: case Sys.NR_PREAD64:
            case Sys.NR_PWRITE64: case Sys.NR_READV: case Sys.NR_WRITEV: case Sys.NR_FCNTL: case Sys.NR_PREADV:
            case Sys.NR_PWRITEV: case Sys.NR_PREADV2: case Sys.NR_PWRITEV2:
                return RuntimeFds.owns(a[0]) ? -Errno.EBADF : 0;
            case Sys.NR_DUP2: case Sys.NR_DUP3:
                return RuntimeFds.owns(a[1]) ? -Errno.EBADF : 0;
            case Sys.NR_CLOSE_RANGE:
                return RuntimeFds.anyIn(a[0], a[1]) ? -Errno.EBADF : 0;
            case Sys.NR_PRCTL:
                // the queries that only return a number, and option 0 (none: the kernel's EINVAL);
                // ArgumentRegistersTest's 5-argument probe is PR_GET_NO_NEW_PRIVS. Every other option
                // may set seccomp, PR_SET_MM, PR_SET_TSC, PR_SET_MDWE... under the JVM.
                return a[0] == 0 || a[0] == PR_GET_DUMPABLE || a[0] == PR_GET_SECCOMP || a[0] == PR_GET_TIMERSLACK
                        || a[0] == PR_GET_NO_NEW_PRIVS ? 0 : -Errno.EPERM;
            case Sys.NR_KILL: case Sys.NR_TKILL: case Sys.NR_TGKILL: case Sys.NR_RT_SIGQUEUEINFO:
            case Sys.NR_RT_TGSIGQUEUEINFO: case Sys.NR_PIDFD_SEND_SIGNAL: case Sys.NR_RT_SIGACTION:
            case Sys.NR_RT_SIGPROCMASK: case Sys.NR_RT_SIGRETURN: case Sys.NR_SIGALTSTACK: case Sys.NR_ARCH_PRCTL:
            case Sys.NR_SET_TID_ADDRESS: case Sys.NR_SET_ROBUST_LIST: case Sys.NR_RSEQ:
            case Sys.NR_SECCOMP: case Sys.NR_PTRACE: case Sys.NR_SETRLIMIT: case Sys.NR_PRLIMIT64:
            case Sys.NR_PERSONALITY: case Sys.NR_UNSHARE: case Sys.NR_SETNS: case Sys.NR_BRK:
            case Sys.NR_REMAP_FILE_PAGES: case Sys.NR_SHMAT: case Sys.NR_SHMDT: case Sys.NR_PROCESS_MADVISE:
                return -Errno.EPERM;
            default:
                return 0;
        }
    }

    /** After the real call: keeps the record of the mappings atoms made up to date. */
    static void ran(long nr, long[] a, long r) {
        if (r < 0 && r > -4096) return;
        if (nr == Sys.NR_MMAP) {
            add(r, a[1]);
        } else if (nr == Sys.NR_MUNMAP) {
            drop(a[0], a[1]);
        } else if (nr == Sys.NR_MREMAP) {
            drop(a[0], a[1]);
            add(r, a[2]);
        }
    }

    /**
     * [addr, addr+len) lies inside one registered region's usable range or one mapping an atom made.
     * Not a guard page: they are the runtime's, and what stops every kernel copy running off the end
     * of user memory; opened (getrandom's arguments renumbered into mprotect's), moved or unmapped, the
     * next copy runs on into the JVM's memory above (JvmMemoryGuardTest#theRuntimesGuardPagesStayGuards).
     */
    static boolean userMemory(long addr, long len) {
        long end = pageEnd(addr, len);
        if (end == 0) return false;
        if (UserMemory.isRegistered(addr, end - addr)) return true;
        synchronized (ATOM_MAPPINGS) {
            for (long[] m : ATOM_MAPPINGS) {
                if (Long.compareUnsigned(addr, m[0]) >= 0 && Long.compareUnsigned(end, m[0] + m[1]) <= 0) return true;
            }
        }
        return false;
    }

    /** [addr, addr+len) lies inside one mapping an atom made (exactly: no page rounding). */
    static boolean atomMapping(long addr, long len) {
        long end = addr + len;
        if (len <= 0 || addr < 0 || end < addr) return false;
        synchronized (ATOM_MAPPINGS) {
            for (long[] m : ATOM_MAPPINGS) {
                if (Long.compareUnsigned(addr, m[0]) >= 0 && Long.compareUnsigned(end, m[0] + m[1]) <= 0) return true;
            }
        }
        return false;
    }

    /** addr + len rounded up to a page; 0 when that wraps or leaves user space. */
    private static long pageEnd(long addr, long len) {
        if (len < 0 || addr < 0) return 0;
        long end = addr + ((len + UserMemory.PAGE - 1) & -UserMemory.PAGE);
        return end < addr ? 0 : end;
    }

    private static void add(long addr, long len) {
        long end = pageEnd(addr, len);
        if (end == 0) return;
        synchronized (ATOM_MAPPINGS) {
            ATOM_MAPPINGS.add(new long[] {addr, end - addr});
        }
    }

    /** Forgets every atom mapping overlapping the range (what is left of one is no user memory: too strict, never unsafe). */
    private static void drop(long addr, long len) {
        long end = pageEnd(addr, len);
        if (end == 0) return;
        synchronized (ATOM_MAPPINGS) {
            ATOM_MAPPINGS.removeIf(m -> Long.compareUnsigned(m[0], end) < 0 && Long.compareUnsigned(addr, m[0] + m[1]) < 0);
        }
    }
}
