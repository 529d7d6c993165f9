package org.syslets.kernel;


import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Errno;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An atom's argument list ends at its first NULL arg_ptr (or after six). The kernel's syscall entry
 * reads six registers whatever the syscall's arity, so every argument past the list's end must be 0
 * -- not whatever the previous native call left in the register. For every arity 0..6 and every
 * shorter list, the atom's result equals the direct syscall with zeros in the missing places.
 */
@Timeout(60)
class ArgumentRegistersTest {
    static final long AT_FDCWD = -100;

    /** A syscall of each arity whose result depends on the missing arguments and never writes memory. */
    record Row(String name, int nr, long... args) {
    }

    static List<Row> rows(UserArena a) {
        long root = a.cstring("/");
        return List.of(
                new Row("getppid", 110),
                new Row("getpgid(0)", 121, 0),
                new Row("getpriority(PRIO_PROCESS, 0)", 140, 0, 0),
                new Row("faccessat(AT_FDCWD, \"/\", F_OK)", 269, AT_FDCWD, root, 0),
                new Row("faccessat2(AT_FDCWD, \"/\", F_OK, 0)", 439, AT_FDCWD, root, 0, 0),
                new Row("prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)", 157, 39, 0, 0, 0, 0),
                new Row("mbind(0, 0, MPOL_DEFAULT, NULL, 0, 0)", 237, 0, 0, 0, 0, 0, 0));
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void missingArgumentsAreZeroForEveryArityAndEveryShorterList(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4);
            List<String> wrong = new ArrayList<>();
            int cases = 0;
            for (Row row : rows(a)) {
                for (int given = 0; given <= row.args().length; given++) {
                    long[] full = new long[6];
                    long[] ptrs = new long[given];
                    for (int i = 0; i < given; i++) {
                        full[i] = row.args()[i];
                        ptrs[i] = a.word(full[i]);
                    }
                    long expected = Sys.call(row.nr(), full[0], full[1], full[2], full[3], full[4], full[5]);
                    // Dirty the argument registers the way the runtime's own calls do before the atom runs.
                    Sys.call(Sys.NR_GETPID, -1, -1, -1, -1, -1, -1);
                    long ret = a.word(Long.MIN_VALUE);
                    long atom = a.atom(0, row.nr(), ret, 0, ptrs);
                    assertThat(k.asyncExec(atom, ahu)).isEqualTo(atom);
                    long got = UserMemory.getLong(ret);
                    cases++;
                    if (got != expected) wrong.add(String.format("%s with %d argument(s): %d, direct %d", row.name(), given, got, expected));
                }
            }
            assertThat(wrong).as("%s, %d cases", d, cases).isEmpty();
        }
    }

    /**
     * uname with no arg_ptr: the kernel must see buf = NULL (-EFAULT). With a stale register it writes
     * 390 bytes wherever that register points -- a JVM crash (SIGSEGV) or silent corruption. Run in a
     * child JVM so a crash is this test's failure, not the build's.
     */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void unameWithoutArgumentsIsEfaultAndNeverACrash(Design d) throws Exception {
        ChildJvm.Result r = ChildJvm.run(ArgumentProbe.class, d.toString(), "200000");
        assertThat(r.crashed()).as("child JVM crashed (exit %d):\n%s", r.exit(), r.output()).isFalse();
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("ok: 200000 uname atoms, every one -EFAULT");
    }

    /**
     * The fuzzer's V5 spare SIGSEGV, reduced (AbiFuzzerInputs/ringsV5/crash-2728268c...): a background
     * chain reaches uname with arg_ptr[0] = NULL. In a spare, the register libc's 1-argument overload
     * left in rdi pointed into the spare's own stack; uname wrote its 390-byte struct there, zeroing
     * the saved return address, and the spare died with RIP = 0 right after the native call returned.
     * V5 reached it more easily: its decoding runs on past atoms with unknown flag bits (MM8).
     */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void unameWithoutArgumentsInASpareIsEfaultAndNeverACrash(Design d) throws Exception {
        ChildJvm.Result r = ChildJvm.run(ArgumentProbe.class, d.toString(), "20000", "background");
        assertThat(r.crashed()).as("child JVM crashed (exit %d):\n%s", r.exit(), r.output()).isFalse();
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("ok: 20000 uname atoms, every one -EFAULT");
    }

    /** The child JVM's side of the two crash tests: uname atoms without arg_ptr, on the caller or in a spare. */
    static final class ArgumentProbe {
        public static void main(String[] args) {
            Design d = "V5".equals(args[0]) ? Design.V5 : Design.FIXED;
            int n = Integer.parseInt(args[1]);
            if (args.length > 2) {
                background(d, n);
                return;
            }
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long ahu = a.ahu(4), ret = a.word(0);
                long atom = a.atom(0, Sys.NR_UNAME, ret, 0);
                long live = a.alloc(4096, 4096);
                for (int i = 0; i < n; i++) {
                    Sys.call(Sys.NR_GETPID, live, live, live, live, live, live);   // live pointers in the registers
                    k.asyncExec(atom, ahu);
                    long r = UserMemory.getLong(ret);
                    if (r != -Errno.EFAULT) {
                        System.out.println("wrong: atom " + i + " returned " + r);
                        System.exit(1);
                    }
                }
            }
            System.out.println("ok: " + n + " uname atoms, every one -EFAULT");
        }

        /** SYSLET_ASYNC uname atoms: each runs in a spare of the caller's implicit head, then is reaped. */
        static void background(Design d, int n) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long ahu = a.ahu(4), ret = a.word(0);
                long atom = a.atom(org.syslets.abi.Flags.ASYNC, Sys.NR_UNAME, ret, 0);
                org.syslets.user.RingReaper reaper = new org.syslets.user.RingReaper(ahu);
                for (int i = 0; i < n; i++) {
                    org.syslets.user.SpareStacks.refillStack(ahu, 0x5eed);
                    if (k.asyncExec(atom, ahu) != 0) {
                        System.out.println("wrong: atom " + i + " did not go async");
                        System.exit(1);
                    }
                    long got;
                    while ((got = reaper.reap()) == 0) Thread.onSpinWait();
                    long r = UserMemory.getLong(ret);
                    if (got != atom || r != -Errno.EFAULT) {
                        System.out.println("wrong: atom " + i + " posted " + got + " returned " + r);
                        System.exit(1);
                    }
                }
            }
            System.out.println("ok: " + n + " uname atoms, every one -EFAULT");
        }
    }
}
