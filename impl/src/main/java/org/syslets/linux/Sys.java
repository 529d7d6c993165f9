package org.syslets.linux;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Type;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * Real Linux system calls through JNR-FFI's libc {@code syscall(2)} with fixed-arity overloads
 * (a varargs declaration costs 2–2.5× more, toolchain.md). Every wrapper returns the kernel's raw
 * convention: a non-negative result, or {@code -errno} ({@code Runtime.getLastError()} is read right
 * after a {@code -1} return, on the calling thread).
 */
public final class Sys {
    /**
     * x86-64 syscall numbers: the one table of the project (runtime, tests, workloads, benchmarks,
     * fuzzer). A number written anywhere else is a defect.
     */
    public static final int NR_READ = 0, NR_WRITE = 1, NR_OPEN = 2, NR_CLOSE = 3, NR_LSEEK = 8, NR_MMAP = 9,
            NR_MPROTECT = 10, NR_MUNMAP = 11, NR_BRK = 12, NR_RT_SIGACTION = 13, NR_RT_SIGPROCMASK = 14,
            NR_RT_SIGRETURN = 15, NR_IOCTL = 16, NR_PREAD64 = 17, NR_PWRITE64 = 18, NR_SELECT = 23, NR_MREMAP = 25, NR_MADVISE = 28,
            NR_SHMAT = 30, NR_NANOSLEEP = 35, NR_GETPID = 39, NR_CLONE = 56, NR_FORK = 57, NR_VFORK = 58,
            NR_EXECVE = 59, NR_EXIT = 60, NR_KILL = 62, NR_UNAME = 63, NR_SHMDT = 67, NR_FDATASYNC = 75,
            NR_FTRUNCATE = 77, NR_PTRACE = 101, NR_RT_SIGQUEUEINFO = 129, NR_SIGALTSTACK = 131, NR_PERSONALITY = 135,
            NR_GETPRIORITY = 140, NR_PRCTL = 157, NR_ARCH_PRCTL = 158, NR_SETRLIMIT = 160, NR_GETTID = 186,
            NR_TKILL = 200, NR_FUTEX = 202, NR_REMAP_FILE_PAGES = 216, NR_SET_TID_ADDRESS = 218, NR_EXIT_GROUP = 231, NR_TGKILL = 234,
            NR_UNSHARE = 272, NR_SET_ROBUST_LIST = 273, NR_PIPE2 = 293, NR_RT_TGSIGQUEUEINFO = 297,
            NR_PRLIMIT64 = 302, NR_SETNS = 308, NR_PROCESS_VM_READV = 310, NR_PROCESS_VM_WRITEV = 311,
            NR_SECCOMP = 317, NR_GETRANDOM = 318, NR_MEMFD_CREATE = 319, NR_EXECVEAT = 322, NR_PKEY_MPROTECT = 329, NR_RSEQ = 334,
            NR_PIDFD_SEND_SIGNAL = 424, NR_CLONE3 = 435, NR_PROCESS_MADVISE = 440;
    /** Calls that act on a descriptor the caller names (JvmGuard keeps atoms off the runtime's own). */
    public static final int NR_READV = 19, NR_WRITEV = 20, NR_DUP2 = 33, NR_FCNTL = 72, NR_DUP3 = 292,
            NR_PREADV = 295, NR_PWRITEV = 296, NR_PREADV2 = 327, NR_PWRITEV2 = 328, NR_CLOSE_RANGE = 436;
    /** The identity, clock and query calls the fuzzer's whitelist names (harmless to the JVM). */
    public static final int NR_SCHED_YIELD = 24, NR_GETCWD = 79, NR_GETTIMEOFDAY = 96, NR_GETRUSAGE = 98,
            NR_GETUID = 102, NR_GETGID = 104, NR_GETEUID = 107, NR_GETEGID = 108, NR_GETPPID = 110, NR_GETPGRP = 111,
            NR_GETPGID = 121, NR_GETSID = 124, NR_TIME = 201, NR_SCHED_GETAFFINITY = 204, NR_CLOCK_GETTIME = 228,
            NR_GETCPU = 309;
    /** io_uring (Linux 5.1+): setup, enter, register. Used by the uring/ module's raw client. */
    public static final int NR_IO_URING_SETUP = 425, NR_IO_URING_ENTER = 426, NR_IO_URING_REGISTER = 427;

    /**
     * The watcher's wait (BlockDetector): ppoll on the head's context-switch event and an eventfd.
     * Numbers from asm/unistd_64.h; the rest from include/uapi/linux/perf_event.h,
     * linux/eventfd.h (EFD_* = O_CLOEXEC/O_NONBLOCK), asm-generic/poll.h and asm-generic/mman.h.
     */
    public static final int NR_PPOLL = 271, NR_EVENTFD2 = 290, NR_PERF_EVENT_OPEN = 298;
    /** {@code struct perf_event_attr}: its first published size and the byte offsets of the fields set. */
    public static final int PERF_ATTR_SIZE_VER0 = 64, PERF_ATTR_TYPE = 0, PERF_ATTR_SIZE = 4, PERF_ATTR_CONFIG = 8,
            PERF_ATTR_SAMPLE_PERIOD = 16, PERF_ATTR_WAKEUP_EVENTS = 48;
    /** attr.type and attr.config: the software event counted each time the task is switched out. */
    public static final int PERF_TYPE_SOFTWARE = 1, PERF_COUNT_SW_CONTEXT_SWITCHES = 3;
    /** perf_event_open's flags argument. */
    public static final long PERF_FLAG_FD_CLOEXEC = 1L << 3;
    public static final int EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;
    /** {@code struct pollfd} {int fd; short events; short revents;}: 8 bytes, revents at 6. */
    public static final int POLLFD_SIZE = 8, POLLFD_EVENTS = 4, POLLFD_REVENTS = 6;
    public static final short POLLIN = 0x1, POLLERR = 0x8, POLLHUP = 0x10;
    public static final int PROT_READ = 0x1, MAP_SHARED = 0x1;

    /** libc's {@code syscall(2)}, one overload per arity. */
    public interface LibC {
        long syscall(long nr);
        long syscall(long nr, long a1);
        long syscall(long nr, long a1, long a2);
        long syscall(long nr, long a1, long a2, long a3);
        long syscall(long nr, long a1, long a2, long a3, long a4);
        long syscall(long nr, long a1, long a2, long a3, long a4, long a5);
        long syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
    }

    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RT = Runtime.getRuntime(LIBC);
    /** Our own pid, for process_vm_readv/writev on ourselves. */
    public static final long PID = LIBC.syscall(NR_GETPID);

    private Sys() {
    }

    private static long fix(long r) {
        return r == -1 ? -RT.getLastError() : r;
    }

    public static long call(long nr) { return fix(LIBC.syscall(nr)); }
    public static long call(long nr, long a1) { return fix(LIBC.syscall(nr, a1)); }
    public static long call(long nr, long a1, long a2) { return fix(LIBC.syscall(nr, a1, a2)); }
    public static long call(long nr, long a1, long a2, long a3) { return fix(LIBC.syscall(nr, a1, a2, a3)); }
    public static long call(long nr, long a1, long a2, long a3, long a4) { return fix(LIBC.syscall(nr, a1, a2, a3, a4)); }
    public static long call(long nr, long a1, long a2, long a3, long a4, long a5) { return fix(LIBC.syscall(nr, a1, a2, a3, a4, a5)); }
    public static long call(long nr, long a1, long a2, long a3, long a4, long a5, long a6) { return fix(LIBC.syscall(nr, a1, a2, a3, a4, a5, a6)); }

    /**
     * An atom's syscall: always all six argument registers, taken from the six words at {@code block}
     * (the calling task's native argument block). The kernel's syscall entry reads six registers
     * whatever the syscall's arity, so the words past an atom's first NULL arg_ptr must reach it as
     * 0; a shorter overload of libc's syscall(2) leaves whatever the previous native call put in
     * those registers (uname without arg_ptr then writes 390 bytes through a stale pointer: a JVM
     * crash). libc's 7-parameter call falls off JNR's fast path (+100 ns per call, measured), so the
     * call goes through {@link #SYSCALL6}, a 32-byte stub that loads the six registers from the block
     * and executes {@code syscall}: two parameters, the fast path, and the kernel's raw
     * {@code -errno} in rax (no errno round trip).
     */
    public static long call6(long nr, long[] a, long block) {
        sun.misc.Unsafe u = UserMemory.U;
        u.putLong(block, a[0]);
        u.putLong(block + 8, a[1]);
        u.putLong(block + 16, a[2]);
        u.putLong(block + 24, a[3]);
        u.putLong(block + 32, a[4]);
        u.putLong(block + 40, a[5]);
        return INVOKER.invokeL2(STUB_CTX, SYSCALL6, nr, block);
    }

    /**
     * {@code long syscall6(long nr, const long args[6])}, x86-64 machine code in a read+execute page
     * mapped once for the JVM's life:
     * <pre>
     *   mov rax, rdi          48 89 f8      nr
     *   mov r11, rsi          49 89 f3      args (r11 is a scratch register; syscall clobbers it anyway)
     *   mov rdi, [r11]        49 8b 3b
     *   mov rsi, [r11+8]      49 8b 73 08
     *   mov rdx, [r11+16]     49 8b 53 10
     *   mov r10, [r11+24]     4d 8b 53 18   the kernel's 4th register is r10, not rcx
     *   mov r8,  [r11+32]     4d 8b 43 20
     *   mov r9,  [r11+40]     4d 8b 4b 28
     *   syscall               0f 05         rcx and r11 clobbered, rax = result or -errno
     *   ret                   c3
     * </pre>
     */
    /** SIGURG's handler and restorer ({@link #installKick}), copied into the stub page after the stub. */
    private static final byte[] KICK_CODE = {(byte) 0xc3, 0, 0, 0, 0, 0, 0, 0,
        (byte) 0xb8, (byte) NR_RT_SIGRETURN, 0, 0, 0, 0x0f, 0x05};
    private static final byte[] SYSCALL6_CODE = {
        0x48, (byte) 0x89, (byte) 0xf8, 0x49, (byte) 0x89, (byte) 0xf3, 0x49, (byte) 0x8b, 0x3b,
        0x49, (byte) 0x8b, 0x73, 0x08, 0x49, (byte) 0x8b, 0x53, 0x10, 0x4d, (byte) 0x8b, 0x53, 0x18,
        0x4d, (byte) 0x8b, 0x43, 0x20, 0x4d, (byte) 0x8b, 0x4b, 0x28, 0x0f, 0x05, (byte) 0xc3};
    private static final Invoker INVOKER = Invoker.getInstance();
    private static final CallContext STUB_CTX = CallContext.getCallContext(Type.SINT64,
            new Type[] {Type.SINT64, Type.POINTER}, CallingConvention.DEFAULT, false);
    static final long SYSCALL6 = mapStub();

    private static long mapStub() {
        long page = call(NR_MMAP, 0, 4096, 3 /* PROT_READ|PROT_WRITE */, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
        if (page < 0 && page > -4096) throw new IllegalStateException("mmap for the syscall stub: errno " + -page);
        for (int i = 0; i < SYSCALL6_CODE.length; i++) UserMemory.U.putByte(page + i, SYSCALL6_CODE[i]);
        for (int i = 0; i < KICK_CODE.length; i++) UserMemory.U.putByte(page + KICK_HANDLER + i, KICK_CODE[i]);
        long r = call(NR_MPROTECT, page, 4096, 5 /* PROT_READ|PROT_EXEC */);
        if (r != 0) throw new IllegalStateException("mprotect for the syscall stub: errno " + -r);
        return page;
    }

    /**
     * The signal {@link #interruptSyscall} sends. Neither HotSpot nor libFuzzer uses SIGURG (HotSpot:
     * SEGV, BUS, ILL, FPE, PIPE, XFSZ, USR2, QUIT, HUP, INT, TERM; libFuzzer adds ALRM, USR1, ABRT);
     * its default action is to ignore it, which would not interrupt anything.
     */
    public static final int SIGURG = 23;
    /**
     * Offsets in the stub page: a handler that only returns ({@code ret}), and the restorer x86-64
     * requires (SA_RESTORER: {@code mov eax, NR_RT_SIGRETURN; syscall}).
     */
    private static final int KICK_HANDLER = 64, KICK_RESTORER = 72;
    private static final boolean KICK_INSTALLED = installKick();

    /**
     * SIGURG's handler: the stub page's {@code ret}, without SA_RESTART, so a thread asleep in a
     * syscall that receives it returns -EINTR, as a Linux task does when a signal arrives (select,
     * pause, a pipe read with no writer: the fuzzer's chainsV5 hang, asleep for good in select(0,
     * NULL, NULL, NULL, NULL)). kernel struct sigaction: handler, flags, restorer, mask.
     */
    private static boolean installKick() {
        long act = UserMemory.U.allocateMemory(32);
        try {
            UserMemory.U.putLong(act, SYSCALL6 + KICK_HANDLER);
            UserMemory.U.putLong(act + 8, 0x04000000L /* SA_RESTORER, no SA_RESTART */);
            UserMemory.U.putLong(act + 16, SYSCALL6 + KICK_RESTORER);
            UserMemory.U.putLong(act + 24, 0);
            long r = call(NR_RT_SIGACTION, SIGURG, act, 0, 8);
            if (r != 0) throw new IllegalStateException("rt_sigaction(SIGURG): errno " + -r);
            return true;
        } finally {
            UserMemory.U.freeMemory(act);
        }
    }

    /**
     * Interrupts the syscall thread {@code tid} of this process is asleep in (it returns -EINTR);
     * a thread that is not asleep in one runs the empty handler and goes on. Returns 0 or -errno.
     */
    public static long interruptSyscall(int tid) {
        return KICK_INSTALLED ? call(NR_TGKILL, PID, tid, SIGURG) : -1;
    }

    /** The calling thread's kernel thread id. */
    public static int gettid() {
        return (int) LIBC.syscall(NR_GETTID);
    }
}
