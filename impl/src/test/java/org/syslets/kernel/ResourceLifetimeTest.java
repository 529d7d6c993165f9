package org.syslets.kernel;


import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.user.Await;
import org.syslets.user.RingReaper;
import org.syslets.user.SpareStacks;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;
import static org.syslets.kernel.TestSupport.*;

/**
 * Bounded resources: after warm-up, 10^5 mixed syslets (cached with distinct ahu values while a
 * backlog exists, SYSLET_ASYNC hand-offs to distinct rings, calls that really block, registered
 * heads whose head switches, short-lived threads, signalled loops) and close(), the process has the
 * file descriptors, runtime threads, runtime native bytes and (within GC noise) heap it had before.
 * While the kernel lives, ring state stays within its limit and the spare pool shrinks when idle.
 * No duration is asserted: every wait is for an event, bounded only by a hang guard.
 */
@Timeout(300)
class ResourceLifetimeTest {
    static final int MIX = 100_000;

    record Figures(long fds, long tasks, long sysletThreads, long nativeBytes, long heapKb) {
        /** Header of the table {@link #row} fills (Markdown, as docs/runtime.md quotes it). */
        static final String HEADER = "| %s | fds | tasks (/proc/self/task) | runtime threads | runtime native bytes | heap after GC (KB) |%n"
                + "|---|---|---|---|---|---|%n";

        String row(String when) {
            return String.format("| %s | %d | %d | %d | %,d | %,d |%n", when, fds, tasks, sysletThreads, nativeBytes, heapKb);
        }
    }

    /**
     * Open descriptors, without the JVM's own class-path files: the class loader opens a jar the
     * first time it loads a class from it, which is not the runtime's doing (one more .jar fd after
     * the FIXED mix made "after" one larger than "before").
     */
    static long fds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(p -> {
                try {
                    String t = Files.readSymbolicLink(p).toString();
                    return !(t.endsWith(".jar") || t.endsWith("/lib/modules"));
                } catch (IOException e) {
                    return false;   // the descriptor of the listing itself, closed by now
                }
            }).count();
        }
    }

    static long count(String dir) throws IOException {
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            return s.count();
        }
    }

    /** Threads the runtime created: their names (comm, 15 bytes) start with "syslet-". */
    static long sysletThreads() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
            return s.filter(p -> {
                try {
                    return Files.readString(p.resolve("comm")).startsWith("syslet-");
                } catch (IOException e) {
                    return false;   // the thread ended while we looked
                }
            }).count();
        }
    }

    /** Tids of the mix's short-lived threads: join() returns before the kernel task is gone. */
    static final java.util.Set<Integer> JOINED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static Figures measure() throws IOException {
        // Thread.join returns when the Java thread is done, a moment before its kernel task leaves
        // /proc/self/task; an accessor whose task is still listed is not swept, and a baseline taken
        // in that moment counted one task's scratch more than the figure after close().
        Await.until("joined threads gone from /proc/self/task", () -> JOINED.stream()
                .noneMatch(id -> Files.exists(Path.of("/proc/self/task/" + id))));
        JOINED.clear();
        // The runtime frees an ended thread's scratch lazily, at the next thread's first call; sweep
        // now, so both figures count live threads only (a warm-up thread swept between the two
        // measures made "after" smaller than "before").
        UserMemory.sweepDeadAccessors();
        for (int i = 0; i < 3; i++) System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new Figures(fds(), count("/proc/self/task"), sysletThreads(), UserMemory.nativeBytes(),
                heap.getUsed() / 1024);
    }

    /** The mix; returns how many syslets it submitted. */
    static long mix(Design d, SysletKernel k, int total) throws Exception {
        long n = 0;
        try (UserArena a = UserArena.map(4 << 20)) {
            int[] p = a.pipe(0);
            long buf = a.alloc(64, 8), one = a.cstring("x");
            // 1. a ring that overflows (fixed: a backlog exists from now on; v5: a drop)
            long small = a.ahu(1);
            for (int i = 0; i < 3; i++) {
                SpareStacks.refillStack(small, 0x5eed);
                assertThat(k.asyncExec(a.atom(Flags.ASYNC, Sys.NR_GETPID, 0, 0), small)).isZero();
                n++;
                Await.until("posted", () -> k.snapshot().heads().stream().allMatch(h -> h.busy().isEmpty()));
            }
            // 2. registered heads whose head really switches (read on an empty pipe), each ending
            int heads = 20;
            for (int i = 0; i < heads; i++) {
                long ahu = a.ahu(4);
                long readAtom = a.atom(0, Sys.NR_READ, a.word(-1), 0, a.word(p[0]), a.word(buf), a.word(1));
                CountDownLatch switched = new CountDownLatch(1);
                SysletKernel.HeadHandle h = k.startHead(ret -> {
                    if (ret == UserEntry.STARTED) k.asyncExec(readAtom, ahu);   // blocks, the head switches
                    else switched.countDown();                              // the new head: returns, the head ends
                });
                assertThat(switched.await(Await.GUARD_MS, TimeUnit.MILLISECONDS)).as("head switch").isTrue();
                Sys.call(Sys.NR_WRITE, p[1], one, 1);
                assertThat(h.await(Await.GUARD_MS, TimeUnit.MILLISECONDS)).isTrue();
                long slot0 = UserMemory.getLong(ahu + org.syslets.abi.AsyncHeadUserLayout.COMPLETION_RING);
                Await.until("completion posted", () -> UserMemory.getLong(slot0) != 0);
                n++;
            }
            // 3. short-lived threads that each enter the kernel, and really block once
            for (int i = 0; i < 200; i++) {
                long ahu = a.ahu(2);
                long readAtom = a.atom(0, Sys.NR_READ, a.word(-1), 0, a.word(p[0]), a.word(buf), a.word(1));
                AtomicInteger tid = new AtomicInteger();
                Thread t = new Thread(() -> {
                    tid.set(Sys.gettid());
                    k.asyncExec(readAtom, ahu);                               // an implicit head simply blocks
                });
                t.start();
                Await.until("asleep in read", () -> tid.get() != 0 && blockedIn(tid.get(), Sys.NR_READ));
                Sys.call(Sys.NR_WRITE, p[1], one, 1);
                t.join();
                JOINED.add(tid.get());
                n++;
            }
            // 4. SYSLET_ASYNC hand-offs, each to its own ring (distinct ahu values), reaped
            int async = 2_000;
            for (int i = 0; i < async; i++) {
                long ahu = a.ahu(2);
                long atom = a.atom(Flags.ASYNC, Sys.NR_GETPID, 0, 0);
                assertThat(k.asyncExec(atom, ahu)).isZero();
                long done = i, slot0 = UserMemory.getLong(ahu + org.syslets.abi.AsyncHeadUserLayout.COMPLETION_RING);
                Await.until("hand-off " + done + " posted", () -> UserMemory.getLong(slot0) != 0);   // the ring itself, in user memory
                assertThat(new RingReaper(ahu).reap()).isEqualTo(atom);
                n++;
            }
            // 5. an endless loop stopped by a signal, a few times
            for (int i = 0; i < 20; i++) {
                long loop = a.alloc(80, 8);
                UserArena.writeAtom(loop, 0, Sys.NR_GETPID, 0, loop);
                AtomicInteger tid = new AtomicInteger();
                long[] res = new long[1];
                Thread t = new Thread(() -> {
                    tid.set(Sys.gettid());
                    res[0] = k.asyncExec(loop, a.ahu(2));
                });
                t.start();
                Await.until("looping", () -> tid.get() != 0 && k.snapshot().cached() >= 0);
                while (t.isAlive()) {
                    k.signal(tid.get());
                    t.join(1);
                }
                JOINED.add(tid.get());
                n++;
            }
            // 6. the rest cached, each with another ahu value (the ring state of a cached call: none)
            long atom = a.atom(0, Sys.NR_GETPID, 0, 0);
            long base = a.alloc(64 * 4096, 64);
            while (n < total) {
                k.asyncExec(atom, base + 64 * (n % 4096));
                n++;
            }
            close(p);
        }
        return n;
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void fdsThreadsNativeMemoryAndHeapReturnToTheirBaseline(Design d) throws Exception {
        try (SysletKernel warm = new SysletKernel(d)) {
            mix(d, warm, 5_000);
        }
        Await.until("warm-up threads ended", () -> uncheckedSysletThreads() == 0);
        Figures before = measure();

        SysletKernel k = new SysletKernel(d);
        long submitted = mix(d, k, MIX);
        KernelSnapshot s = k.snapshot();
        int liveRings = s.rings().size();
        Await.until("the spare pool shrank to one spare per head", () -> k.snapshot().heads().stream()
                .allMatch(h -> h.spares().size() + h.busy().size() <= 1));
        Figures during = measure();
        k.close();
        Await.until("runtime threads ended", () -> uncheckedSysletThreads() == before.sysletThreads());
        Figures after = measure();

        System.out.printf("resources %s, %,d mixed syslets; rings with state after the mix: %d (idle limit %d)%n"
                + Figures.HEADER + "%s%s%s", d, submitted, liveRings, Rings.IDLE_LIMIT, d,
                before.row("baseline (after warm-up)"), during.row("after the mix"), after.row("after close()"));
        assertThat(submitted).isGreaterThanOrEqualTo(MIX);
        assertThat(liveRings).as("ring state is bounded").isLessThanOrEqualTo(Rings.IDLE_LIMIT + 4);
        assertThat(after.sysletThreads()).as("runtime threads").isEqualTo(before.sysletThreads());
        assertThat(after.fds()).as("file descriptors").isEqualTo(before.fds());
        assertThat(after.nativeBytes()).as("runtime native bytes").isEqualTo(before.nativeBytes());
        // JVM threads (JIT compiler, GC workers) come and go on their own: a small slack.
        assertThat(after.tasks()).as("all tasks").isLessThanOrEqualTo(before.tasks() + 3);
        assertThat(after.heapKb()).as("heap after GC").isLessThanOrEqualTo(before.heapKb() + 8 * 1024);
        assertThat(k.asyncExec(0, 0)).as("a closed kernel").isEqualTo(-org.syslets.abi.Errno.EBADF);
    }

    static long uncheckedSysletThreads() {
        try {
            return sysletThreads();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
