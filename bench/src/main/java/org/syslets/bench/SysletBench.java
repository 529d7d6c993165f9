package org.syslets.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;
import org.syslets.user.UserArena;

/**
 * Cached syslets vs direct JNR syscalls of the same number (getpid, 39), on the caller's thread.
 * {@code direct}: one JNR {@code syscall(39)}. {@code syslet1}: a 1-atom syslet with ret_ptr.
 * {@code chain8}: an 8-atom chain of getpid atoms (divide by 8 for the per-atom cost).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class SysletBench {
    @Param({"V5", "FIXED"})
    public String design;

    private SysletKernel kernel;
    private UserArena arena;
    private long atom1, chain8, ahu;

    @Setup(Level.Trial)
    public void setUp() {
        kernel = new SysletKernel("V5".equals(design) ? Design.V5 : Design.FIXED);
        arena = UserArena.map(1 << 16);
        ahu = arena.ahu(8);
        atom1 = arena.atom(0, Sys.NR_GETPID, arena.word(0), 0);
        long next = 0;
        for (int i = 0; i < 8; i++) next = arena.atom(0, Sys.NR_GETPID, arena.word(0), next);
        chain8 = next;
        if (kernel.asyncExec(atom1, ahu) != atom1 || kernel.asyncExec(chain8, ahu) <= 0) {
            throw new IllegalStateException("syslet did not run cached");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernel.close();
        arena.close();
    }

    @Benchmark
    public long direct() {
        return Sys.call(Sys.NR_GETPID);
    }

    @Benchmark
    public long syslet1() {
        return kernel.asyncExec(atom1, ahu);
    }

    @Benchmark
    public long chain8() {
        return kernel.asyncExec(chain8, ahu);
    }

    /** A user-side 8-byte load through the registry (acquire), for reference. */
    @Benchmark
    public long userLoad() {
        return UserMemory.getLong(ahu + 8);
    }
}
