package org.syslets.fuzz;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.abi.AtomLayout;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.kernel.KernelSnapshot;
import org.syslets.linux.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;
import org.syslets.user.RingReaper;
import org.syslets.user.SpareStacks;
import org.syslets.user.UserArena;

/**
 * One fuzzing harness per design for the JVM's life: a 64 KiB arena the harness owns, its own file
 * descriptors, a signaller and a watchdog, and a fresh kernel per input. Each input is decoded into
 * up to 8 atoms and up to 4 ABI calls, run on the fuzzing thread, brought to quiescence (no busy
 * background thread), and its kernel closed (every loop and thread it started ends), so that inputs
 * do not bleed into each other.
 *
 * <p><b>Never hurt the JVM.</b> The runtime writes wherever user memory says (ret_ptr, ring slots,
 * the buffers of real syscalls), exactly as a kernel writes into the calling process. The JVM is that
 * process, so the fuzzer, like any user program, must not hand the kernel pointers into memory it
 * does not own. Every pointer an input can produce comes from a domain: the arena (any byte offset,
 * including the last bytes before its trailing PROT_NONE guard page), the guard pages, a PROT_NONE
 * page, a read-only page (the nanosleep timespec), NULL, page 0 and the kernel half. Every file
 * descriptor is one of the harness's own (a pipe, /dev/null, a memfd) or an invalid number; fd 0
 * reaches a syscall only through a missing argument, and then with length 0. Lengths are bounded by
 * the guard page behind the arena: a kernel copy runs into it and stops with EFAULT. Ring slots are
 * written at ring + 8 K with K &lt; N, and K starts below 32 or above 2^63, so a fuzzed ring never
 * reaches beyond the guard page either.
 *
 * <p><b>Whitelist.</b> Real syscalls the fuzzer may name, each with the kinds of its arguments:
 * identity and clock queries, uname, getrusage, getcwd, getrandom, sched_getaffinity, getcpu,
 * read/write/pread64/pwrite64/lseek on the harness's fds, and nanosleep (1 µs, read-only). Never
 * close, dup, mmap, munmap, mprotect, madvise, kill, prctl, futex or anything that creates or
 * destroys a descriptor, a mapping or a task: those would act on the JVM. The forbidden syscalls
 * (clone, fork, vfork, execve, exit, exit_group, execveat, clone3) and the runtime's calls 512..518
 * <em>are</em> in the list: refusing them is the runtime's job (the exclusion test, and the JVM
 * guard for what v5's test lets through), and a fuzzer that kept them out would never check it.
 * Garbage numbers (519 and above, unassigned numbers, 2^31-1, 2^32-1) complete the set.
 */
final class Harness {
    enum Surface { CHAINS, RINGS }

    /** Kinds of a syscall argument: the domain its value is drawn from. */
    enum Kind { INT, FD, PTR, LEN, TIMESPEC, ATOM, AHU, UMEM }

    record Call(String name, int nr, Kind... args) {
    }

    static final Call[] CALLS = {
        new Call("getpid", Sys.NR_GETPID), new Call("gettid", Sys.NR_GETTID), new Call("getppid", Sys.NR_GETPPID), new Call("getuid", Sys.NR_GETUID),
        new Call("getgid", Sys.NR_GETGID), new Call("geteuid", Sys.NR_GETEUID), new Call("getegid", Sys.NR_GETEGID), new Call("getpgrp", Sys.NR_GETPGRP),
        new Call("sched_yield", Sys.NR_SCHED_YIELD), new Call("getpgid", Sys.NR_GETPGID, Kind.INT), new Call("getsid", Sys.NR_GETSID, Kind.INT),
        new Call("getpriority", Sys.NR_GETPRIORITY, Kind.INT, Kind.INT), new Call("uname", Sys.NR_UNAME, Kind.PTR),
        new Call("getrusage", Sys.NR_GETRUSAGE, Kind.INT, Kind.PTR), new Call("getcwd", Sys.NR_GETCWD, Kind.PTR, Kind.LEN),
        new Call("clock_gettime", Sys.NR_CLOCK_GETTIME, Kind.INT, Kind.PTR), new Call("gettimeofday", Sys.NR_GETTIMEOFDAY, Kind.PTR, Kind.PTR),
        new Call("time", Sys.NR_TIME, Kind.PTR), new Call("getrandom", Sys.NR_GETRANDOM, Kind.PTR, Kind.LEN, Kind.INT),
        new Call("sched_getaffinity", Sys.NR_SCHED_GETAFFINITY, Kind.INT, Kind.LEN, Kind.PTR), new Call("getcpu", Sys.NR_GETCPU, Kind.PTR, Kind.PTR, Kind.PTR),
        new Call("read", Sys.NR_READ, Kind.FD, Kind.PTR, Kind.LEN), new Call("write", Sys.NR_WRITE, Kind.FD, Kind.PTR, Kind.LEN),
        new Call("pread64", Sys.NR_PREAD64, Kind.FD, Kind.PTR, Kind.LEN, Kind.INT), new Call("pwrite64", Sys.NR_PWRITE64, Kind.FD, Kind.PTR, Kind.LEN, Kind.INT),
        new Call("lseek", Sys.NR_LSEEK, Kind.FD, Kind.INT, Kind.INT), new Call("nanosleep", Sys.NR_NANOSLEEP, Kind.TIMESPEC, Kind.PTR),
        // forbidden inside a syslet: the runtime must refuse (or, in v5, guard) every one of them
        new Call("clone", Sys.NR_CLONE, Kind.INT, Kind.PTR, Kind.PTR, Kind.PTR, Kind.INT), new Call("fork", Sys.NR_FORK), new Call("vfork", Sys.NR_VFORK),
        new Call("execve", Sys.NR_EXECVE, Kind.PTR, Kind.PTR, Kind.PTR), new Call("exit", Sys.NR_EXIT, Kind.INT), new Call("exit_group", Sys.NR_EXIT_GROUP, Kind.INT),
        new Call("execveat", Sys.NR_EXECVEAT, Kind.FD, Kind.PTR, Kind.PTR, Kind.PTR, Kind.INT), new Call("clone3", Sys.NR_CLONE3, Kind.PTR, Kind.LEN),
        // the runtime's own calls (only v5's MM21 hole lets most of them run inside a syslet)
        new Call("async_exec", SysletKernel.NR_ASYNC_EXEC, Kind.ATOM, Kind.AHU), new Call("async_wait", SysletKernel.NR_ASYNC_WAIT, Kind.LEN, Kind.LEN, Kind.AHU),
        new Call("umem_add", SysletKernel.NR_UMEM_ADD, Kind.UMEM, Kind.INT), new Call("async_thread", SysletKernel.NR_ASYNC_THREAD, Kind.ATOM, Kind.AHU),
        new Call("threadlet_on", SysletKernel.NR_THREADLET_ON, Kind.INT, Kind.AHU), new Call("threadlet_off", SysletKernel.NR_THREADLET_OFF),
        new Call("async_wait_copyout", SysletKernel.NR_ASYNC_WAIT_COPYOUT, Kind.INT, Kind.LEN, Kind.PTR, Kind.AHU),
        // numbers nothing implements
        new Call("nr519", 519), new Call("nr600", 600), new Call("unassigned400", 400),
        new Call("nrMaxInt", Integer.MAX_VALUE), new Call("nrMinus1", -1)};

    static final int ATOMS = 8, ARGS = 6;
    // Arena layout (offsets): atoms, their argument words, ret words, three ahus, two rings, umem words, buffers.
    static final int ATOM_OFF = 0, WORD_OFF = 1024, RET_OFF = 1536, AHU_OFF = 1664, RING_A_OFF = 1920,
            RING_B_OFF = 2048, UMEM_OFF = 2560, BUF_OFF = 4096, ARENA = 1 << 16, RING_A_SLOTS = 8;
    static final long KERNEL = 0xffff_8000_0000_0000L;
    /**
     * Hang bounds, in progress, not wall time (a campaign shares 2 cores with a load of 80 and more):
     * an input hangs when its threads ran less than {@link #PROGRESS_NS} of CPU in {@link #HANG_NS}
     * of wall time (asleep for good), or ran {@link #HANG_NS} of CPU in all (spinning), or is still
     * not done after {@link #WALL_NS} (a backstop far above any slow input seen under load).
     */
    static final long HANG_NS = Long.getLong("syslets.fuzz.hangMs", 10_000) * 1_000_000,
            WALL_NS = Long.getLong("syslets.fuzz.hangWallMs", 300_000) * 1_000_000, PROGRESS_NS = 2_000_000,
            SAMPLE_NS = 100_000_000, LOOP_NS = 50_000, ESCAPE_NS = 500_000;
    /** A planted hang, to show the watchdog still catches one: sleep, background or spin (off unless set). */
    static final String PLANT = System.getProperty("syslets.fuzz.plantHang", "");

    /** EnumMap needs an enum: the two designs the targets use. */
    enum DesignKey { V5, FIXED }

    private static final Map<DesignKey, Harness> BY_DESIGN = new EnumMap<>(DesignKey.class);
    static volatile Throwable uncaught;
    static final CurrentInput CURRENT = CurrentInput.open();

    static {
        Thread.setDefaultUncaughtExceptionHandler((th, x) -> {
            uncaught = x;
            System.err.println("UNCAUGHT in " + th.getName() + ": " + x);
            x.printStackTrace();
        });
    }

    static synchronized Harness of(Design d) {
        return BY_DESIGN.computeIfAbsent(d == Design.V5 ? DesignKey.V5 : DesignKey.FIXED, x -> new Harness(d));
    }

    final Design design;
    /**
     * The kernel of the input running now: every input gets a fresh one, closed at its end, so that
     * no thread, spare or loop of an earlier input outlives it (close() ends every loop it started)
     * and the watchdog judges only the current input's threads. A v5 loop left in a spare by MM21's
     * hole was the ringsV5 "spinning" finding: its CPU was counted against the inputs after it.
     */
    volatile SysletKernel k;
    final UserArena arena;
    final long base, end, guardBefore, guardAfter, noAccess, readOnly, timespec;
    final int pipeR, pipeW, pipeRnb, pipeWnb, devNull, memfd, plantR;
    final long[] wild;
    final long ahuA, ahuB, ahuC, ringA, ringB;
    /** The entry a signalled thread goes to (straight back to the pool); registered in every input's kernel. */
    long entryIp;
    final Watchdog watchdog;
    final Signaller signaller;
    long inputs;

    private Harness(Design d) {
        design = d;
        arena = UserArena.map(ARENA);
        base = arena.region().address();
        end = arena.region().end();
        guardBefore = arena.region().guardBefore();
        guardAfter = arena.region().guardAfter();
        // Mapped directly, not through UserMemory.map: the runtime reads its own regions without
        // checks, so a client must never mprotect them behind its back (docs/runtime.md).
        noAccess = check(Sys.call(Sys.NR_MMAP, 0, 4096, 0 /* PROT_NONE */, 0x22, -1, 0), "mmap");
        readOnly = check(Sys.call(Sys.NR_MMAP, 0, 4096, 3, 0x22, -1, 0), "mmap");
        timespec = readOnly;
        UserMemory.putLong(timespec, 0);                      // unregistered: process_vm_writev
        UserMemory.putLong(timespec + 8, 1000);               // 1 µs
        check(Sys.call(Sys.NR_MPROTECT, readOnly, 4096, 1 /* PROT_READ */), "mprotect");   // no syscall can lengthen the sleep
        long fds = base + BUF_OFF;
        check(Sys.call(Sys.NR_PIPE2, fds, 0), "pipe2");
        pipeR = UserMemory.getInt(fds);
        pipeW = UserMemory.getInt(fds + 4);
        long path = base + BUF_OFF + 16;
        // The escapes use their own non-blocking descriptions of the pipe: they must never block
        // behind (or steal from) a reader or writer the input left asleep.
        writeString(path, "/proc/self/fd/" + pipeR);
        pipeRnb = (int) check(Sys.call(Sys.NR_OPEN, path, 0x800 /* O_RDONLY|O_NONBLOCK */), "open pipe read end");
        writeString(path, "/proc/self/fd/" + pipeW);
        pipeWnb = (int) check(Sys.call(Sys.NR_OPEN, path, 0x801 /* O_WRONLY|O_NONBLOCK */), "open pipe write end");
        writeString(path, "/dev/null");
        devNull = (int) check(Sys.call(Sys.NR_OPEN, path, 2 /* O_RDWR */), "open /dev/null");
        writeString(path, "syslets-fuzz");
        memfd = (int) check(Sys.call(Sys.NR_MEMFD_CREATE, path, 0), "memfd_create");
        check(Sys.call(Sys.NR_PIPE2, fds, 0), "pipe2");
        plantR = UserMemory.getInt(fds);                      // nothing ever writes to it, no escape reaches it
        check(Sys.call(Sys.NR_FTRUNCATE, memfd, 8192), "ftruncate");
        wild = new long[] {0, 0x10, guardBefore, guardAfter, guardAfter - 4, noAccess, readOnly, KERNEL, -1L};
        ahuA = base + AHU_OFF;
        ahuB = base + AHU_OFF + 64;
        ahuC = base + AHU_OFF + 128;
        ringA = base + RING_A_OFF;
        ringB = base + RING_B_OFF;
        watchdog = new Watchdog(this);
        signaller = new Signaller(this);
    }

    private SysletKernel newKernel() {
        SysletKernel kk = new SysletKernel(design);
        entryIp = kk.registerEntry(ret -> kk.asyncThread(0, ahuA));   // a signalled thread goes straight back
        return kk;
    }

    private static long check(long r, String what) {
        if (r < 0) throw new IllegalStateException(what + ": " + r);
        return r;
    }

    /** A NUL-terminated string at {@code p} (8-byte aligned), written word by word. */
    private static void writeString(long p, String s) {
        byte[] b = (s + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int w = 0; w < b.length; w += 8) {
            long word = 0;
            for (int i = 0; i < 8 && w + i < b.length; i++) word |= (long) (b[w + i] & 0xff) << (8 * i);
            UserMemory.putLong(p + w, word);
        }
    }

    // ================================================================== one input

    void run(Bytes in, Surface surface) {
        CURRENT.record(in);
        inputs++;
        Throwable before = uncaught;
        if (before != null) throw new AssertionError("an uncaught-exception handler fired earlier", before);
        k = newKernel();
        reset();
        long[] atoms = new long[ATOMS];
        for (int i = 0; i < ATOMS; i++) atoms[i] = base + ATOM_OFF + (long) i * AtomLayout.SIZE;
        int n = in.consumeInt(1, ATOMS);
        for (int i = 0; i < n; i++) writeAtom(in, i, atoms);
        if (surface == Surface.RINGS) writeAhu(in, ahuB);
        int signalPlan = in.consumeInt(0, 3);
        long signalDelayNs = in.consumeLong(0, 200_000);
        int ops = in.consumeInt(1, 4);
        int self = Sys.gettid();
        watchdog.begin(self);
        try {
            // Signals at the moment the input chose; otherwise one after LOOP_NS, so that a cycle
            // (next = itself) costs microseconds, not the watchdog's escape delay.
            if (signalPlan == 1) signaller.arm(self, signalDelayNs);
            else if (signalPlan == 2) signaller.armBusy(signalDelayNs);
            else signaller.arm(self, LOOP_NS);
            if (!PLANT.isEmpty()) plant(atoms);
            for (int op = 0; op < ops && true; op++) {
                int what = surface == Surface.CHAINS ? in.consumeInt(0, 3) : in.consumeInt(0, 8);
                try {
                    switch (what) {
                        case 0, 1 -> k.asyncExec(atoms[in.consumeInt(0, n - 1)], pickAhu(in, surface));
                        case 2 -> k.asyncExec(pickNext(in, atoms), pickAhu(in, surface));
                        case 3 -> {
                            if (signalPlan == 3) k.signal(self);      // pending when the next call enters
                            k.asyncExec(atoms[0], pickAhu(in, surface));
                        }
                        case 4 -> k.asyncWait(in.consumeInt(0, 10), in.consumeBoolean() ? in.consumeInt(0, 9) : in.consumeLong(),
                                pickAhu(in, surface));
                        case 5 -> k.umemAdd(pickPtr(in), in.consumeLong());
                        // Davide's copy-out wait: any min, n and array (a pointer from a domain), on any ahu
                        case 8 -> k.asyncWaitCopyOut(in.consumeInt(-1, 10), in.consumeBoolean() ? in.consumeInt(-1, 9) : in.consumeLong(),
                                pickPtr(in), pickAhu(in, surface));
                        case 6 -> k.asyncThread(in.consumeBoolean() ? atoms[in.consumeInt(0, n - 1)] : 0, pickAhu(in, surface));
                        default -> {
                            if (in.consumeBoolean()) SpareStacks.refillStack(ahuA, 0x5eed);
                            else reapA();
                        }
                    }
                } catch (Throwable x) {
                    throw new AssertionError("a Java error escaped the ABI (op " + what + ")", x);
                }
            }
        } finally {
            signaller.disarm();
        }
        watchdog.quiescing();
        quiesce();
        long errors = k.snapshot().internalErrors();
        k.close();
        watchdog.end();
        if (errors != 0) throw new AssertionError("the runtime caught " + errors + " internal error(s)");
        Throwable x = uncaught;
        if (x != null) throw new AssertionError("an uncaught-exception handler fired", x);
    }

    /**
     * A real hang the escapes cannot end: a read of a pipe nobody writes, on the input's thread
     * ({@code sleep}) or in a background chain ({@code background}), or a loop that ignores signals
     * ({@code spin}).
     */
    private void plant(long[] atoms) {
        if (PLANT.equals("spin")) {
            for (;;) Thread.onSpinWait();
        }
        long a = atoms[ATOMS - 1], word = base + WORD_OFF + (long) (ATOMS - 1) * ARGS * 8;
        UserMemory.putLong(word, plantR);
        UserMemory.putLong(word + 8, base + BUF_OFF);
        UserMemory.putLong(word + 16, 1);
        // A signal now interrupts a sleeping syscall (as in Linux), so the escapes would end this
        // read: the plant blocks the runtime's signal first, on the input's thread and so in the
        // spare it starts (a new thread inherits the mask), as a program masking its signals would.
        UserMemory.putLong(word + 24, 1L << (Sys.SIGURG - 1));
        check(Sys.call(Sys.NR_RT_SIGPROCMASK, 0 /* SIG_BLOCK */, word + 24, 0, 8), "rt_sigprocmask");
        UserMemory.putInt(a + AtomLayout.FLAGS, PLANT.equals("background") ? Flags.ASYNC : Flags.SYNC);
        UserMemory.putInt(a + AtomLayout.NR, 0 /* read */);
        UserMemory.putLong(a + AtomLayout.NEXT, 0);
        for (int j = 0; j < 3; j++) UserMemory.putLong(a + AtomLayout.argPtr(j), word + 8L * j);
        UserMemory.putLong(a + AtomLayout.argPtr(3), 0);
        k.asyncExec(a, ahuA);
    }

    /** Fresh atoms, words, rings; ahu A a well-formed 8-slot ring with a spare token; the pipe drained. */
    private void reset() {
        for (long p = base; p < base + BUF_OFF; p += 8) UserMemory.putLong(p, 0);
        UserMemory.putLong(ahuA + AsyncHeadUserLayout.COMPLETION_RING, ringA);
        UserMemory.putLong(ahuA + AsyncHeadUserLayout.RING_SIZE_BYTES, 8L * RING_A_SLOTS);
        UserMemory.putLong(ahuA + AsyncHeadUserLayout.NEW_THREAD_STACK, 0x5eed);
        UserMemory.putLong(ahuA + AsyncHeadUserLayout.NEW_THREAD_IP, entryIp);
        UserMemory.putLong(ahuA + AsyncHeadUserLayout.HEAD_IP, entryIp);
        drainPipe();
    }

    private void writeAtom(Bytes in, int i, long[] atoms) {
        long a = atoms[i];
        Call c = CALLS[in.consumeInt(0, CALLS.length - 1)];
        int flags = switch (in.consumeInt(0, 3)) {
            case 0 -> 0;
            case 1 -> in.consumeInt(0, 0xff);                            // known bits, any combination
            case 2 -> Flags.ASYNC | (in.consumeInt(0, 0xff) & ~Flags.SYNC);
            default -> in.consumeInt();                                  // any u32, unknown bits included
        };
        int argc = in.consumeBoolean() ? c.args().length : in.consumeInt(0, ARGS);   // random lists too
        UserMemory.putInt(a + AtomLayout.FLAGS, flags);
        UserMemory.putInt(a + AtomLayout.NR, c.nr());
        UserMemory.putLong(a + AtomLayout.RET_PTR, pickRet(in, i));
        UserMemory.putLong(a + AtomLayout.NEXT, in.consumeInt(0, 3) == 0 ? 0 : pickNext(in, atoms));
        for (int j = 0; j < argc; j++) {
            long word = base + WORD_OFF + (long) (i * ARGS + j) * 8;
            Kind kind = j < c.args().length ? c.args()[j] : Kind.INT;
            UserMemory.putLong(word, value(in, kind, atoms));
            UserMemory.putLong(a + AtomLayout.argPtr(j), in.consumeInt(0, 15) == 0 ? wild[in.consumeInt(0, wild.length - 1)] : word);
        }
        UserMemory.putLong(a + AtomLayout.argPtr(ARGS - 1) + 8, -1L);   // private: all ones, so shifted windows are non-canonical
    }

    private long value(Bytes in, Kind kind, long[] atoms) {
        return switch (kind) {
            case INT -> switch (in.consumeInt(0, 3)) {
                case 0 -> 0;
                case 1 -> in.consumeInt(-2, 64);
                case 2 -> in.consumeInt();
                default -> in.consumeLong() | Long.MIN_VALUE;            // large, never an address
            };
            case FD -> switch (in.consumeInt(0, 5)) {
                case 0 -> pipeR;
                case 1 -> pipeW;
                case 2 -> devNull;
                case 3 -> memfd;
                case 4 -> -1;
                default -> 1 << 20;
            };
            case PTR -> pickPtr(in);
            case LEN -> switch (in.consumeInt(0, 4)) {
                case 0 -> in.consumeInt(0, 16);
                case 1 -> in.consumeInt(0, 4096);
                case 2 -> ARENA;
                case 3 -> -1L;
                default -> in.consumeLong() | Long.MIN_VALUE;
            };
            case TIMESPEC -> in.consumeInt(0, 7) == 0 ? wild[in.consumeInt(0, wild.length - 1)] : timespec;
            case ATOM -> in.consumeInt(0, 7) == 0 ? wild[in.consumeInt(0, wild.length - 1)] : atoms[in.consumeInt(0, ATOMS - 1)];
            case AHU -> in.consumeBoolean() ? ahuA : in.consumeBoolean() ? ahuB : wild[in.consumeInt(0, wild.length - 1)];
            case UMEM -> in.consumeInt(0, 7) == 0 ? pickPtr(in) : base + UMEM_OFF + 8L * in.consumeInt(0, 15);
        };
    }

    /** A pointer a syscall may write through: the arena (any byte), a guard, a bad page, NULL. */
    private long pickPtr(Bytes in) {
        return switch (in.consumeInt(0, 3)) {
            case 0 -> wild[in.consumeInt(0, wild.length - 1)];
            case 1 -> base + BUF_OFF + in.consumeInt(0, ARENA - BUF_OFF - 1);
            case 2 -> end - in.consumeInt(1, 400);                        // runs into the trailing guard
            default -> base + in.consumeInt(0, ARENA - 1);                // anywhere, atoms and ahus too
        };
    }

    private long pickRet(Bytes in, int i) {
        return switch (in.consumeInt(0, 5)) {
            case 0 -> 0;
            case 1 -> wild[in.consumeInt(0, wild.length - 1)];
            case 2 -> base + in.consumeInt(0, ARENA - 1);                 // any byte: self-modifying chains
            default -> base + RET_OFF + 8L * i;
        };
    }

    /** Where {@code next} points: another atom or itself (cycles), any byte of the arena, a wild address. */
    private long pickNext(Bytes in, long[] atoms) {
        return switch (in.consumeInt(0, 5)) {
            case 0 -> wild[in.consumeInt(0, wild.length - 1)];
            // misaligned, inside the atoms only: every 8-byte window there is a pointer from a domain,
            // NULL, all ones or two u32s, shifted -- never (pointer, small number), whose windows can
            // name memory of the JVM (a campaign died of glibc heap corruption before this rule)
            case 1 -> base + ATOM_OFF + in.consumeInt(0, WORD_OFF - 1);
            case 2 -> end - in.consumeInt(1, 80);                          // packed atom running into the guard
            default -> atoms[in.consumeInt(0, ATOMS - 1)];
        };
    }

    private long pickAhu(Bytes in, Surface s) {
        if (s == Surface.CHAINS) return in.consumeInt(0, 7) == 0 ? wild[in.consumeInt(0, wild.length - 1)] : ahuA;
        return switch (in.consumeInt(0, 3)) {
            case 0 -> ahuA;
            case 1 -> ahuB;
            case 2 -> ahuC;                                                 // all zeros: no ring, no token
            // not "anywhere": the kernel writes slot K of the ring an ahu names, so an ahu made of other
            // words would let it write through a pointer no domain chose
            default -> wild[in.consumeInt(0, wild.length - 1)];
        };
    }

    /** ahu B: fuzzed indices, ring pointer, size, token and entry points, within the safety rules above. */
    private void writeAhu(Bytes in, long ahu) {
        long kIdx = in.consumeBoolean() ? in.consumeInt(0, 31) : in.consumeLong() | Long.MIN_VALUE;
        UserMemory.putLong(ahu + AsyncHeadUserLayout.KERNEL_RING_IDX, kIdx);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.USER_RING_IDX, in.consumeLong());
        long ring = switch (in.consumeInt(0, 3)) {
            case 0 -> ringB;
            case 1 -> ringB + in.consumeInt(0, 511);                        // unaligned slots
            case 2 -> end - 8L * in.consumeInt(0, 40);                      // slots in the guard page
            default -> wild[in.consumeInt(0, wild.length - 1)];
        };
        UserMemory.putLong(ahu + AsyncHeadUserLayout.COMPLETION_RING, ring);
        long size = switch (in.consumeInt(0, 3)) {
            case 0 -> 8L * in.consumeInt(0, 64);
            case 1 -> in.consumeInt(0, 600);                                // not a multiple of 8
            case 2 -> in.consumeLong() & 0x7fff_ffff_ffff_fff8L;            // huge N: K < 32 keeps slots near ring
            default -> -8L;
        };
        UserMemory.putLong(ahu + AsyncHeadUserLayout.RING_SIZE_BYTES, size);
        if (in.consumeInt(0, 3) == 0) {   // a copy-out head: no ring, the kernel's queue
            UserMemory.putLong(ahu + AsyncHeadUserLayout.COMPLETION_RING, 0);
            UserMemory.putLong(ahu + AsyncHeadUserLayout.RING_SIZE_BYTES, AsyncHeadUserLayout.ASYNC_HEAD_COPYOUT);
        }
        UserMemory.putLong(ahu + AsyncHeadUserLayout.NEW_THREAD_STACK, in.consumeBoolean() ? 0x5eed : 0);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.NEW_THREAD_IP, in.consumeBoolean() ? entryIp : in.consumeLong());
        UserMemory.putLong(ahu + AsyncHeadUserLayout.HEAD_IP, in.consumeBoolean() ? entryIp : 0);
    }

    /**
     * The harness's own user code reaps ring A the way RingReaper does, but through the ring address
     * and size it wrote itself, read once, and from its user index only while that index names a
     * slot: an input may rewrite the ahu's ring pointer, size or USER_RING_IDX (umem_add, a ret_ptr
     * naming any byte of the arena, a background chain still running), and a program that reads and
     * clears slots through values it scrambled itself faults on its own (two campaigns' ringsV5 "Java
     * error": RingReaper's UserFault at 0x9bb0e64dbbf61de7 and at 0x87fd2cc0b1778, the second a
     * scrambled index) or, worse, writes the JVM's memory. That is the program's bug, not the ABI's.
     */
    private void reapA() {
        long u = UserMemory.getLong(ahuA + AsyncHeadUserLayout.USER_RING_IDX);
        if (u < 0 || u >= RING_A_SLOTS) return;
        for (int i = 0; i < RING_A_SLOTS; i++) {
            long slot = ringA + u * AsyncHeadUserLayout.RING_SLOT_SIZE;
            if (UserMemory.getLong(slot) == 0) break;
            UserMemory.putLong(slot, 0);
            u = u + 1 == RING_A_SLOTS ? 0 : u + 1;
        }
        UserMemory.putLong(ahuA + AsyncHeadUserLayout.USER_RING_IDX, u);
    }

    // ================================================================== quiescence and escapes

    /** Waits for every background chain of this input to finish; escapes (signals, pipe) while waiting. */
    private void quiesce() {
        long lastEscape = System.nanoTime();
        for (int spins = 0; ; spins++) {
            if (idle()) break;
            long now = System.nanoTime();
            if (now - lastEscape > ESCAPE_NS / 2) {
                escape(0);
                lastEscape = now;
            }
            // No bound here: the watchdog judges the background threads' progress (see Watchdog).
            if (spins < 100) Thread.onSpinWait();
            else LockSupport.parkNanos(50_000);
        }
        drainPipe();
        UserMemory.putLong(ahuA + AsyncHeadUserLayout.USER_RING_IDX, 0);
    }

    private boolean idle() {
        for (KernelSnapshot.HeadState h : k.snapshot().heads()) if (!h.busy().isEmpty()) return false;
        return true;
    }

    /**
     * What ends every legitimate block: a byte into the pipe (a reader), the pipe drained (a writer),
     * a signal to the input's thread (a loop, or async_wait) and to every busy background thread.
     */
    void escape(int inputTid) {
        // A byte for a reader asleep on the empty pipe; only if the pipe is full (a writer asleep)
        // drain it -- draining right after the byte would take it from under the reader.
        if (Sys.call(Sys.NR_WRITE, pipeWnb, base + ARENA - 8, 1) == -11 /* EAGAIN: full */) drainPipe();
        SysletKernel kk = k;
        if (inputTid != 0) kk.signal(inputTid);
        for (KernelSnapshot.HeadState h : kk.snapshot().heads()) {
            for (KernelSnapshot.TaskState t : h.busy()) kk.signal(t.tid());
        }
    }

    private void drainPipe() {
        for (int i = 0; i < 64 && Sys.call(Sys.NR_READ, pipeRnb, base + ARENA - 4096, 2048) > 0; i++) {
            // drained (non-blocking: -EAGAIN when empty)
        }
    }

    // ================================================================== helpers

    /** Sends signals at the moment an input chose. */
    static final class Signaller extends Thread {
        private final Harness h;
        private volatile int target;
        private volatile long delayNs;
        private volatile boolean busy;
        private volatile boolean armed;

        Signaller(Harness h) {
            super("fuzz-signaller");
            this.h = h;
            setDaemon(true);
            start();
        }

        void arm(int tid, long delay) {
            target = tid;
            busy = false;
            delayNs = delay;
            armed = true;
            LockSupport.unpark(this);
        }

        void armBusy(long delay) {
            target = 0;
            busy = true;
            delayNs = delay;
            armed = true;
            LockSupport.unpark(this);
        }

        void disarm() {
            armed = false;
        }

        @Override
        public void run() {
            for (;;) {
                while (!armed) LockSupport.park(this);
                long d = delayNs;
                if (d > 0) LockSupport.parkNanos(d);
                if (!armed) continue;
                if (busy) {
                    SysletKernel k = h.k;
                    for (KernelSnapshot.HeadState hs : k.snapshot().heads()) {
                        for (KernelSnapshot.TaskState t : hs.busy()) k.signal(t.tid());
                    }
                } else {
                    h.k.signal(target);
                }
                armed = false;
            }
        }
    }

    /**
     * The per-input watchdog. When an input's call has not returned after 0.5 ms it starts escaping
     * (every legitimate block ends then). It judges a hang by progress, not by wall time: every
     * {@link #SAMPLE_NS} it sums the CPU time ({@code /proc/self/task/<tid>/schedstat}) of the input's
     * thread -- not while that thread only waits for quiescence -- and of every thread of the runtime.
     * An input hangs when that sum grew by less than {@link #PROGRESS_NS} in {@link #HANG_NS} of wall
     * time (a thread asleep for good), or reached {@link #HANG_NS} in all (spinning), or after
     * {@link #WALL_NS}. A slow input under load still gets its share of the CPU and is no hang (a
     * 10 s wall-clock bound reported one at load 80, and then saved the next input, which was running
     * when the report ended). Then it saves the input as a finding and halts the JVM with status 77;
     * the verdict and the input's end exclude each other, so the input saved is the one judged.
     */
    static final class Watchdog extends Thread {
        private final Harness h;
        /** 0 between inputs, n while input n runs, -n once the watchdog judged input n a hang. */
        private final AtomicLong state = new AtomicLong();
        private final Map<Integer, Long> cpuSeen = new HashMap<>();
        private final byte[] buf = new byte[128];
        private volatile long since;
        private volatile int tid;
        private volatile boolean quiescing;
        private long seq;

        Watchdog(Harness h) {
            super("fuzz-watchdog-" + h.design);
            this.h = h;
            setDaemon(true);
            start();
        }

        void begin(int inputTid) {
            tid = inputTid;
            quiescing = false;
            since = System.nanoTime();
            state.set(++seq);
        }

        /** The input's calls are done; its thread only waits for the background chains now. */
        void quiescing() {
            quiescing = true;
        }

        void end() {
            long n = state.get();
            if (!state.compareAndSet(n, 0)) {
                for (;;) LockSupport.park(this);    // judged a hang: the watchdog is saving it and halts the JVM
            }
        }

        @Override
        public void run() {
            long current = 0, nextSample = 0, markWall = 0, markCpu = 0, cpu = 0;
            for (;;) {
                LockSupport.parkNanos(ESCAPE_NS / 2);
                long n = state.get();
                if (n <= 0) continue;
                long s = since, now = System.nanoTime();
                if (n != current) {
                    current = n;
                    cpuSeen.clear();
                    cpu = 0;
                    sampleCpu();
                    markWall = now;
                    markCpu = 0;
                    nextSample = now + SAMPLE_NS;
                }
                if (now - s > ESCAPE_NS) h.escape(tid);
                if (now - nextSample < 0) continue;
                nextSample = now + SAMPLE_NS;
                cpu += sampleCpu();
                if (cpu - markCpu >= PROGRESS_NS) {
                    markCpu = cpu;
                    markWall = now;
                }
                String why = now - markWall > HANG_NS
                        ? String.format("no progress: the input's threads ran %.1f ms of CPU in the last %d ms", (cpu - markCpu) / 1e6, (now - markWall) / 1_000_000)
                        : cpu >= HANG_NS ? String.format("spinning: the input's threads ran %d ms of CPU", cpu / 1_000_000)
                        : now - s > WALL_NS ? String.format("still running after %d ms", (now - s) / 1_000_000) : null;
                if (why != null && state.compareAndSet(n, -n)) {
                    hang(why + (quiescing ? " (waiting for its background chains)" : " (inside its ABI calls)")
                            + String.format("; %d ms since it began, %.1f ms of CPU in all", (now - s) / 1_000_000, cpu / 1e6));
                }
            }
        }

        /** CPU ns the input's threads ran since the last sample (threads that ended meanwhile lose their last bit). */
        private long sampleCpu() {
            long sum = 0;
            int input = tid;
            java.util.Set<Integer> tids = new java.util.HashSet<>();
            if (!quiescing) tids.add(input);
            for (KernelSnapshot.TaskState t : h.k.snapshot().tasks()) if (t.runtimeThread()) tids.add(t.tid());
            for (int t : tids) {
                long ns = schedstatNs(t);
                if (ns < 0) continue;
                Long before = cpuSeen.put(t, ns);
                if (before != null && ns > before) sum += ns - before;
            }
            if (quiescing) cpuSeen.remove(input);   // its CPU while it waits is no progress of the input
            return sum;
        }

        /** The first field of /proc/self/task/<tid>/schedstat: ns this thread ran on a CPU; -1 if it ended. */
        private long schedstatNs(int t) {
            try (java.io.FileInputStream f = new java.io.FileInputStream("/proc/self/task/" + t + "/schedstat")) {
                int len = f.read(buf);
                long v = 0;
                for (int i = 0; i < len && buf[i] >= '0' && buf[i] <= '9'; i++) v = v * 10 + (buf[i] - '0');
                return v;
            } catch (IOException e) {
                return -1;
            }
        }

        void hang(String why) {
            System.err.println("HANG (" + h.design + "): " + why);
            Thread.getAllStackTraces().forEach((th, st) -> {
                if (!th.getName().startsWith("syslet") && !th.getName().startsWith("fuzz") && !th.getName().equals("main")) return;
                System.err.println("  thread " + th.getName() + " " + th.getState());
                for (StackTraceElement e : st) System.err.println("      at " + e);
            });
            CURRENT.saveAs("timeout");
            Runtime.getRuntime().halt(77);
        }
    }

    /**
     * The input being run, in a shared file mapping that survives the JVM: when a native crash kills
     * the JVM, the parent (FuzzCampaign) reads it and saves it as a finding. Off unless
     * {@code -Dsyslets.fuzz.current=<file>} is given.
     */
    static final class CurrentInput {
        private final MappedByteBuffer map;
        private final Path findings;

        private CurrentInput(MappedByteBuffer map, Path findings) {
            this.map = map;
            this.findings = findings;
        }

        static CurrentInput open() {
            String f = System.getProperty("syslets.fuzz.current");
            if (f == null) return new CurrentInput(null, null);
            try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
                MappedByteBuffer m = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, 4 + (1 << 16));
                String dir = System.getProperty("syslets.fuzz.findings");
                return new CurrentInput(m, dir == null ? null : Path.of(dir));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void record(Bytes in) {
            if (map == null) return;
            byte[] raw = in.raw();
            int n = Math.min(raw.length, map.capacity() - 4);
            map.putInt(0, n);
            map.put(4, raw, 0, n);
        }

        void saveAs(String prefix) {
            if (map == null || findings == null) return;
            int n = map.getInt(0);
            byte[] b = new byte[n];
            map.get(4, b, 0, n);
            try {
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
                Files.createDirectories(findings);
                Files.write(findings.resolve(prefix + "-" + sha), b);
                System.err.println("saved " + findings.resolve(prefix + "-" + sha));
            } catch (Exception e) {
                System.err.println("could not save the input: " + e);
            }
        }
    }
}
