package org.syslets.check;

import java.util.ArrayList;
import java.util.List;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.abi.AtomLayout;
import org.syslets.design.Design;
import org.syslets.kernel.KernelSnapshot;
import org.syslets.linux.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;
import org.syslets.user.UserArena;
import org.syslets.user.Await;

/**
 * A {@link Program} laid out in real native memory (80-byte v5 atoms, indirect argument words, a
 * non-blocking pipe, /dev/null, umem_add counters) and submitted with {@code asyncExec} from a
 * plain thread (an implicit head: SYSLET_ASYNC hands the chain to a spare). Returns what really
 * happened, read back from user memory and the kernel's counters.
 */
final class RealProgram {
    static final long UNTOUCHED = 0x7777_7777_7777L;
    static final int O_NONBLOCK = 04000, FIONREAD = 0x541B;

    /** What the runtime did: asyncExec's return, each atom's ret slot (1..L+1), counters, pipe fill, ring. */
    record Observed(long execRet, long[] rets, long[] counters, long pipeAvail, long ringSlot0, long posted,
                    long base) {
        /** 1-based index of the atom at {@code addr}, 0 for NULL. */
        int index(long addr) {
            return addr == 0 ? 0 : (int) ((addr - base) / AtomLayout.SIZE) + 1;
        }
    }

    private RealProgram() {
    }

    static Observed execute(Design d, Program p) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long fds = a.alloc(8, 8);
            long pr = Sys.call(Sys.NR_PIPE2, fds, O_NONBLOCK);
            if (pr != 0) throw new IllegalStateException("pipe2: " + pr);
            int rfd = UserMemory.getInt(fds), wfd = UserMemory.getInt(fds + 4);
            int devnull = (int) Sys.call(Sys.NR_OPEN, a.cstring("/dev/null"), 1 /* O_WRONLY */);
            if (devnull < 0) throw new IllegalStateException("open /dev/null: " + devnull);
            try {
                return run(k, a, p, rfd, wfd, devnull);
            } finally {
                Sys.call(Sys.NR_CLOSE, rfd);
                Sys.call(Sys.NR_CLOSE, wfd);
                Sys.call(Sys.NR_CLOSE, devnull);
            }
        }
    }

    private static Observed run(SysletKernel k, UserArena a, Program p, int rfd, int wfd, int devnull) {
        int l = p.atoms().size();
        long[] ctr = new long[Program.COUNTERS];
        for (int i = 0; i < ctr.length; i++) ctr[i] = a.word(p.counterInit()[i]);
        long buf = a.alloc(64, 8);
        long base = a.alloc((long) AtomLayout.SIZE * (l + 1), 8);
        long[] retSlot = new long[l + 2];
        for (int i = 1; i <= l + 1; i++) {
            retSlot[i] = a.word(UNTOUCHED);
            Program.AtomSpec s = p.atom(i);
            long next = s.next() == 0 ? 0 : base + (long) AtomLayout.SIZE * (s.next() - 1);
            List<Long> args = new ArrayList<>();
            int nr;
            Program.Op op = s.op();
            switch (op.kind()) {
                case GETPID: nr = Sys.NR_GETPID; break;
                case CLOSE_BAD: nr = Sys.NR_CLOSE; args.add(a.word(1_000_000)); break;
                case WRITE_NULL: nr = Sys.NR_WRITE; args.add(a.word(devnull)); args.add(a.word(buf)); args.add(a.word(op.arg())); break;
                case LSEEK_NULL: nr = Sys.NR_LSEEK; args.add(a.word(devnull)); args.add(a.word(0)); args.add(a.word(0)); break;
                case LSEEK_PIPE: nr = Sys.NR_LSEEK; args.add(a.word(wfd)); args.add(a.word(0)); args.add(a.word(1)); break;
                case PIPE_WRITE: nr = Sys.NR_WRITE; args.add(a.word(wfd)); args.add(a.word(buf)); args.add(a.word(op.arg())); break;
                case PIPE_READ: nr = Sys.NR_READ; args.add(a.word(rfd)); args.add(a.word(buf)); args.add(a.word(op.arg())); break;
                case UMEM_ADD: nr = SysletKernel.NR_UMEM_ADD; args.add(a.word(ctr[(int) op.arg()])); args.add(a.word(op.inc())); break;
                case ENOSYS: nr = 600; break;
                case BAD_ARG: nr = Sys.NR_CLOSE; args.add(8L); break;      // arg_ptr into the NULL page
                default: throw new AssertionError(op);
            }
            UserArena.writeAtom(base + (long) AtomLayout.SIZE * (i - 1), s.flags(), nr, retSlot[i], next,
                    args.stream().mapToLong(Long::longValue).toArray());
        }
        long ahu = a.ahu(4);
        long ret = k.asyncExec(base, ahu);
        if (ret == 0) {
            // Went async: the chain runs on a spare. Wait for the event "no background thread busy".
            Await.until("background chain finished", () -> {
                KernelSnapshot s = k.snapshot();
                return s.heads().stream().anyMatch(h -> h.asyncHandoffs() > 0)
                        && s.heads().stream().allMatch(h -> h.busy().isEmpty());
            });
        }
        long[] rets = new long[l + 2];
        for (int i = 1; i <= l + 1; i++) rets[i] = UserMemory.getLong(retSlot[i]);
        long[] cv = new long[ctr.length];
        for (int i = 0; i < ctr.length; i++) cv[i] = UserMemory.getLong(ctr[i]);
        long availW = a.word(0);
        Sys.call(Sys.NR_IOCTL, rfd, FIONREAD, availW);
        long avail = UserMemory.getInt(availW);
        long ring = UserMemory.getLong(ahu + AsyncHeadUserLayout.COMPLETION_RING);
        return new Observed(ret, rets, cv, avail, UserMemory.getLong(ring), k.ringStats(ahu).posted(), base);
    }
}
