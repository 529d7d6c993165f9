package org.syslets.check;

import java.util.ArrayList;
import java.util.List;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.design.Finding;

/**
 * A small reference interpreter of spec/SysletFlags.tla and spec/SysletAtoms.tla: {@code Accepted}, {@code Stops},
 * {@code Decide}, {@code ExecAtom} (with NextAtom folded in) and {@code Entries}, over concrete
 * programs of real syscalls whose results it predicts. It takes the {@link Design}: each conjunct of
 * {@code Accepted} is switched by the finding it fixes (MM8: unknown bits; MM7: two stop bits and,
 * riding on it, ASYNC|SYNC), and {@code Stops} is v5's {@code switch} on {@code flags & STOP_MASK}
 * unless MM7 is fixed. It never looks at the runtime.
 */
final class AtomRef {
    enum Decision { EINVAL, FOLLOW, SKIP, STOP }

    private AtomRef() {
    }

    static boolean has(int w, int bit) {
        return (w & bit) != 0;
    }

    static int stopBits(int w) {
        return Integer.bitCount(w & Flags.STOP_MASK);
    }

    /** SysletFlags!Accepted, per finding. */
    static boolean accepted(Design d, int w) {
        // Milton (MM8): "There is no check for flags being set that are not recognized."
        if (d.isFixed(Finding.MM8_UNKNOWN_FLAGS) && (w & ~Flags.KNOWN_MASK) != 0) return false;
        // Milton (MM7): "error on multiple stop bits being set"; ASYNC|SYNC rides on it.
        if (d.isFixed(Finding.MM7_STOP_BITS)
                && (stopBits(w) > 1 || (w & (Flags.ASYNC | Flags.SYNC)) == (Flags.ASYNC | Flags.SYNC))) return false;
        return true;
    }

    /** SysletFlags!Fires: what one stop flag means for ret. */
    static boolean fires(int bit, long r) {
        switch (bit) {
            case Flags.STOP_ON_NONZERO: return r != 0;
            case Flags.STOP_ON_ZERO: return r == 0;
            case Flags.STOP_ON_NEGATIVE: return r < 0;
            case Flags.STOP_ON_NON_POSITIVE: return r <= 0;
            default: throw new IllegalArgumentException("not a stop flag: " + bit);
        }
    }

    static final int[] STOP_FLAGS = {Flags.STOP_ON_NONZERO, Flags.STOP_ON_ZERO, Flags.STOP_ON_NEGATIVE,
            Flags.STOP_ON_NON_POSITIVE};

    /** SysletFlags!Stops. */
    static boolean stops(Design d, int w, long r) {
        if (!d.isFixed(Finding.MM7_STOP_BITS)) {
            int field = w & Flags.STOP_MASK;          // switch (flags & SYSLET_STOP_MASK)
            for (int b : STOP_FLAGS) if (field == b) return fires(b, r);
            return false;                               // MM7: two stop bits land in default
        }
        for (int b : STOP_FLAGS) if (has(w, b) && fires(b, r)) return true;
        return false;
    }

    /** SysletFlags!Decide. */
    static Decision decide(Design d, int w, long r) {
        if (!accepted(d, w)) return Decision.EINVAL;
        if (stops(d, w, r)) return has(w, Flags.SKIP_TO_NEXT_ON_STOP) ? Decision.SKIP : Decision.STOP;
        return Decision.FOLLOW;
    }

    /** SysletFlags!DocAllowed as classes: "stop" / "continue", one per set stop bit. */
    static List<String> docAllowed(int w, long r) {
        List<String> out = new ArrayList<>();
        if (stopBits(w) == 0) {
            out.add("continue");
            return out;
        }
        for (int b : STOP_FLAGS) {
            if (has(w, b)) {
                String c = fires(b, r) ? "stop" : "continue";
                if (!out.contains(c)) out.add(c);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ programs

    /** One executed atom: its 1-based index, its ret, the decision taken. */
    record Step(int atom, long ret, Decision decision) {
        @Override
        public String toString() {
            return "#" + atom + " ret=" + ret + " " + decision;
        }
    }

    /**
     * What the spec predicts for a program: the steps, the final atom (1-based; 0 if none ran),
     * whether the syslet went async (SYSLET_ASYNC), how many ring entries it produces
     * (SysletAtoms!Entries), the counters and pipe fill afterwards.
     */
    record Outcome(List<Step> steps, int finalAtom, boolean async, int entries, long[] counters, long pipeAvail) {
    }

    /** Runs {@code p} the way ExecAtom does, on the world's predictable syscalls. */
    static Outcome run(Design d, Program p, long pid) {
        long[] ctr = p.counterInit().clone();
        long avail = 0;
        List<Step> steps = new ArrayList<>();
        boolean async = false;
        int pc = 1, last = 0;
        int size = p.atoms().size();
        for (int guard = 0; pc != 0; guard++) {
            if (guard > 4 * (size + 1)) throw new IllegalStateException("forward-only program loops: " + p);
            Program.AtomSpec a = p.atom(pc);
            boolean ok = accepted(d, a.flags());
            // SYSLET_ASYNC: go async before the atom runs (only an accepted atom).
            if (!async && ok && has(a.flags(), Flags.ASYNC)) async = true;
            long r;
            if (!ok) {
                r = -Errno.EINVAL;
            } else {
                Program.Op op = a.op();
                switch (op.kind()) {
                    case GETPID: r = pid; break;
                    case CLOSE_BAD: r = -Errno.EBADF; break;
                    case WRITE_NULL: r = op.arg(); break;
                    case LSEEK_NULL: r = 0; break;
                    case LSEEK_PIPE: r = -29 /* ESPIPE */; break;
                    case PIPE_WRITE: avail += op.arg(); r = op.arg(); break;
                    case PIPE_READ:
                        if (op.arg() == 0) {
                            r = 0;                      // pipe_read: a zero-length read returns 0 first
                        } else if (avail == 0) {
                            r = -Errno.EAGAIN;
                        } else {
                            r = Math.min(avail, op.arg());
                            avail -= r;
                        }
                        break;
                    case UMEM_ADD: ctr[(int) op.arg()] += op.inc(); r = ctr[(int) op.arg()]; break;
                    case ENOSYS: r = -Errno.ENOSYS; break;
                    case BAD_ARG: r = -Errno.EFAULT; break;
                    default: throw new AssertionError(op);
                }
            }
            Decision dec = decide(d, a.flags(), r);
            steps.add(new Step(pc, r, dec));
            last = pc;
            switch (dec) {
                case FOLLOW: pc = a.next(); break;
                case SKIP: pc = pc + 1; break;          // uatom + sizeof(struct syslet_uatom)
                default: pc = 0; break;
            }
        }
        boolean nc = accepted(d, p.atom(last).flags()) && has(p.atom(last).flags(), Flags.NO_COMPLETE);
        int entries = async && !nc ? 1 : 0;             // Entries(m, nc): cached syslets are never queued
        return new Outcome(steps, last, async, entries, ctr, avail);
    }
}
