package org.syslets.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.syslets.design.Design;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;
import org.syslets.user.UserArena;

/**
 * copy_from_user cost: an 8-byte load from a registered region (direct) vs from memory the runtime
 * did not map (process_vm_readv on our own pid), and a 1-atom getpid syslet whose atom lives in
 * unregistered memory (every access via process_vm_readv/writev).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class CopyFromUserBench {
    private UserArena arena;
    private long registered, malloced, atomUnreg, ahu;
    private SysletKernel kernel;

    @Setup(Level.Trial)
    public void setUp() {
        arena = UserArena.map(1 << 16);
        registered = arena.word(42);
        malloced = UserMemory.getLong(registered) == 42 ? allocate() : 0;
        kernel = new SysletKernel(Design.FIXED);
        ahu = arena.ahu(8);
        atomUnreg = malloced + 64;
        UserArena.writeAtom(atomUnreg, 0, 39, malloced + 8, 0);
    }

    private static long allocate() {
        long p = sun.misc.Unsafe.class.getName().isEmpty() ? 0 : UnsafeHolder.alloc(4096);
        return (p + 63) & ~63L;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public long registeredLoad() {
        return UserMemory.getLong(registered);
    }

    @Benchmark
    public long processVmReadvLoad() {
        return UserMemory.getLong(malloced);
    }

    @Benchmark
    public long syslet1Unregistered() {
        return kernel.asyncExec(atomUnreg, ahu);
    }

    static final class UnsafeHolder {
        static long alloc(long n) {
            try {
                java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                return ((sun.misc.Unsafe) f.get(null)).allocateMemory(n);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
