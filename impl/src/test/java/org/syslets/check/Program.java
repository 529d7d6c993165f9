package org.syslets.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;
import org.syslets.abi.Flags;

/**
 * A generated syslet program: atoms 1..L laid out back to back (so SKIP_TO_NEXT_ON_STOP's
 * {@code uatom + 80} is atom i+1), followed by a sentinel atom L+1 (getpid, no flags, next 0) that
 * only a skip from atom L reaches. {@code next} pointers go forward only, so every program ends;
 * loops are exercised by the command sequences (an endless chain cancelled by a signal).
 * Each atom runs a real syscall with a predictable result.
 */
record Program(List<AtomSpec> atoms, long[] counterInit) {

    enum Kind { GETPID, CLOSE_BAD, WRITE_NULL, LSEEK_NULL, LSEEK_PIPE, PIPE_WRITE, PIPE_READ, UMEM_ADD, ENOSYS, BAD_ARG }

    /** A syscall: {@code arg} is a byte count or a counter index, {@code inc} umem_add's increment. */
    record Op(Kind kind, long arg, long inc) {
        @Override
        public String toString() {
            switch (kind) {
                case WRITE_NULL: return "write(/dev/null," + arg + ")";
                case PIPE_WRITE: return "write(pipe," + arg + ")";
                case PIPE_READ: return "read(pipe,O_NONBLOCK," + arg + ")";
                case UMEM_ADD: return "umem_add(c" + arg + "," + inc + ")";
                case CLOSE_BAD: return "close(badfd)";
                case LSEEK_NULL: return "lseek(/dev/null)";
                case LSEEK_PIPE: return "lseek(pipe)";
                case ENOSYS: return "syscall(600)";
                case BAD_ARG: return "close(*(long*)8)";
                default: return "getpid()";
            }
        }
    }

    record AtomSpec(int flags, Op op, int next) {
        @Override
        public String toString() {
            return op + " " + describeFlags(flags) + " next=" + next;
        }
    }

    static final AtomSpec SENTINEL = new AtomSpec(0, new Op(Kind.GETPID, 0, 0), 0);

    AtomSpec atom(int i) {
        return i == atoms.size() + 1 ? SENTINEL : atoms.get(i - 1);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Program counters=").append(Arrays.toString(counterInit));
        for (int i = 0; i < atoms.size(); i++) sb.append("\n    #").append(i + 1).append(' ').append(atoms.get(i));
        return sb.append("\n    #").append(atoms.size() + 1).append(" (sentinel) ").append(SENTINEL).toString();
    }

    static String describeFlags(int w) {
        return "[" + Flags.describe(w) + "]";
    }

    // ------------------------------------------------------------------ generators

    static final int COUNTERS = 2;

    /** Flag words: every defined combination, one-hot and double stop words, unknown bits; ASYNC rarer. */
    static Gen<Integer> flagWords(boolean allowAsync) {
        Gen<Integer> known = SourceDSL.integers().between(0, Flags.KNOWN_MASK)
                .map(w -> allowAsync ? w : w & ~Flags.ASYNC);
        Gen<Integer> noAsync = known.map(w -> w & ~Flags.ASYNC);
        Gen<Integer> oneStop = Generate.pick(List.of(Flags.STOP_ON_NONZERO, Flags.STOP_ON_ZERO, Flags.STOP_ON_NEGATIVE,
                Flags.STOP_ON_NON_POSITIVE)).zip(SourceDSL.integers().between(0, 3),
                (s, x) -> s | ((x & 1) != 0 ? Flags.SKIP_TO_NEXT_ON_STOP : 0) | ((x & 2) != 0 ? Flags.NO_COMPLETE : 0));
        Gen<Integer> twoStops = SourceDSL.integers().between(0, 3).zip(SourceDSL.integers().between(0, 3),
                SourceDSL.booleans().all(), (a, b, skip) -> a == b ? 0
                        : (Flags.STOP_ON_NONZERO << a) | (Flags.STOP_ON_NONZERO << b) | (skip ? Flags.SKIP_TO_NEXT_ON_STOP : 0));
        Gen<Integer> unknown = noAsync.zip(SourceDSL.integers().between(8, 31), (w, bit) -> w | (1 << bit));
        return Generate.frequency(
                Pair.of(3, Generate.constant(0)),
                Pair.of(4, noAsync),
                Pair.of(allowAsync ? 1 : 0, known),
                Pair.of(4, oneStop),
                Pair.of(3, twoStops),
                Pair.of(2, unknown));
    }

    static Gen<Op> ops() {
        Gen<Long> n = SourceDSL.longs().between(0, 8);
        return Generate.frequency(
                Pair.of(2, Generate.constant(new Op(Kind.GETPID, 0, 0))),
                Pair.of(2, Generate.constant(new Op(Kind.CLOSE_BAD, 0, 0))),
                Pair.of(1, n.map(x -> new Op(Kind.WRITE_NULL, x, 0))),
                Pair.of(1, Generate.constant(new Op(Kind.LSEEK_NULL, 0, 0))),
                Pair.of(1, Generate.constant(new Op(Kind.LSEEK_PIPE, 0, 0))),
                Pair.of(2, n.map(x -> new Op(Kind.PIPE_WRITE, x, 0))),
                Pair.of(2, n.map(x -> new Op(Kind.PIPE_READ, x, 0))),
                Pair.of(3, SourceDSL.integers().between(0, COUNTERS - 1).zip(SourceDSL.longs().between(-2, 2),
                        (c, inc) -> new Op(Kind.UMEM_ADD, c, inc))),
                Pair.of(1, Generate.constant(new Op(Kind.ENOSYS, 0, 0))),
                Pair.of(1, Generate.constant(new Op(Kind.BAD_ARG, 0, 0))));
    }

    /** Programs of 1..6 atoms with forward next pointers (0 ends the chain). */
    static Gen<Program> programs(boolean allowAsync) {
        Gen<Integer> len = SourceDSL.integers().between(1, 6);
        Gen<Integer> flags = flagWords(allowAsync);
        Gen<Op> ops = ops();
        Gen<Long> init = SourceDSL.longs().between(-3, 3);
        Gen<Integer> nextChoice = SourceDSL.integers().between(0, 6);
        return in -> {
            int l = len.generate(in);
            List<AtomSpec> atoms = new ArrayList<>();
            for (int i = 1; i <= l; i++) {
                int c = nextChoice.generate(in);
                // 0: end; otherwise a forward atom, most often the next one.
                int next = c == 0 || i == l ? 0 : Math.min(l, i + 1 + (c > 3 ? c - 3 : 0));
                atoms.add(new AtomSpec(flags.generate(in), ops.generate(in), next));
            }
            long[] ci = new long[COUNTERS];
            for (int i = 0; i < COUNTERS; i++) ci[i] = init.generate(in);
            return new Program(List.copyOf(atoms), ci);
        };
    }
}
