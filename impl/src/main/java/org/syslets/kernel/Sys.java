package org.syslets.kernel;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * Real Linux system calls through JNR-FFI's libc {@code syscall(2)} with fixed-arity overloads
 * (a varargs declaration costs 2–2.5× more, toolchain.md). Every wrapper returns the kernel's raw
 * convention: a non-negative result, or {@code -errno} ({@code Runtime.getLastError()} is read right
 * after a {@code -1} return, on the calling thread).
 */
public final class Sys {
    /** x86-64 syscall numbers used by the runtime itself. */
    public static final int NR_READ = 0, NR_WRITE = 1, NR_OPEN = 2, NR_CLOSE = 3, NR_LSEEK = 8, NR_MMAP = 9,
            NR_MPROTECT = 10, NR_MUNMAP = 11, NR_PREAD64 = 17, NR_GETPID = 39, NR_CLONE = 56, NR_FORK = 57,
            NR_VFORK = 58, NR_EXECVE = 59, NR_EXIT = 60, NR_GETTID = 186, NR_EXIT_GROUP = 231,
            NR_PIPE2 = 293, NR_PROCESS_VM_READV = 310, NR_PROCESS_VM_WRITEV = 311, NR_EXECVEAT = 322,
            NR_CLONE3 = 435;
    /** io_uring (Linux 5.1+): setup, enter, register. Used by the uring/ module's raw client. */
    public static final int NR_IO_URING_SETUP = 425, NR_IO_URING_ENTER = 426, NR_IO_URING_REGISTER = 427;

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
     * Calls {@code nr} with the first {@code argc} words of {@code a} — the cheapest overload that
     * carries them (an atom's arguments stop at its first NULL arg_ptr).
     */
    static long callN(long nr, int argc, long a0, long a1, long a2, long a3, long a4, long a5) {
        switch (argc) {
            case 0: return call(nr);
            case 1: return call(nr, a0);
            case 2: return call(nr, a0, a1);
            case 3: return call(nr, a0, a1, a2);
            case 4: return call(nr, a0, a1, a2, a3);
            case 5: return call(nr, a0, a1, a2, a3, a4);
            default: return call(nr, a0, a1, a2, a3, a4, a5);
        }
    }

    /** The calling thread's kernel thread id. */
    public static int gettid() {
        return (int) LIBC.syscall(NR_GETTID);
    }
}
