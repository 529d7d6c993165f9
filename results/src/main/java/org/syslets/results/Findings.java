package org.syslets.results;

import java.util.List;
import java.util.Optional;

/**
 * The review findings the report's grid has one row for, with the reviewer's words. Written once,
 * here: the report, the generated docs/findings.md and the tests that check it read this list; the
 * stages only name a finding by its id. Sources are cited in full in docs/sources.md.
 */
public final class Findings {
    /**
     * @param id     the id every check carries ({@link Check#finding()})
     * @param words  the finding in a few words, for the grid
     * @param quote  the reviewer's sentence (or, for a derived finding, the design text it rests on)
     * @param source who and where: the anchor of docs/sources.md
     * @param invariant the spec invariant(s) that capture it, or the ABI property for runtime-only ones
     */
    public record Finding(String id, String words, String quote, String source, String invariant) {
        /** The HTML/Markdown anchor of this finding's section. */
        public String anchor() {
            return id.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** docs/sources.md anchors. */
    public static final String MILTON = "milton-v5", LIBENZI = "libenzi-v1-doc", MORTON = "v2-changelog", DERIVED = "derived";

    public static final List<Finding> ALL = List.of(
            new Finding("MM1", "events_left misses the wraparound K < U",
                    "This completely misses the wraparound case of kernel_ring_idx < user_ring_idx.", MILTON, "WaitNeverStarves"),
            new Finding("RING-FULL", "a full ring (K = U) reads as empty",
                    "ah->events_left = min_wait_events - (kernel_ring_idx - user_ring_idx); with N events K = U and it reads 0 pending",
                    DERIVED, "WaitNeverStarves"),
            new Finding("MM16", "a completion that finds its slot taken is lost",
                    "The how does userspace actually find out about the error doing the completion in the syslet case?", MILTON,
                    "NoCompletionLost"),
            new Finding("MM7", "one-hot stop flags decoded by a switch",
                    "The stop flags are decoded with a case but are not densely encoded, rather they are one hot.", MILTON,
                    "DecodeSound, DecodeDeterministic"),
            new Finding("MM8", "unknown flag bits are accepted",
                    "There is no check for flags being set that are not recognized.", MILTON, "UnknownRejected"),
            new Finding("MM21", "async_ready exclusion misses background threads",
                    "Is testing t->async_ready what we want to exclude system calls on?", MILTON,
                    "ForbiddenRefused, NoForbiddenInBackground"),
            new Finding("MM4", "compat reads the wrong half of a u64",
                    "Your current code is broken on all 32bit big endian kernels.", MILTON, "u64 fields read whole or -EINVAL"),
            new Finding("MM5", "compat arguments are not truncated",
                    "the compat syscall entry points assume that the arguments have been truncated to compat_ulong values",
                    MILTON, "compat arguments truncated, then extended"),
            new Finding("MM9", "force_noerror leaks into the next atom",
                    "We should create a stop on ERROR and clear the force_noerror flag between syscalls.", MILTON,
                    "force_noerror cleared per atom"),
            new Finding("MM10", "verify_read of the whole atom defeats packing",
                    "In copy_uatom, you call verify_read on the entire uatom.", MILTON, "packed atoms readable"),
            new Finding("UMEM-ATOMIC", "umem_add is a read-then-write",
                    "sys_umem_add reads the word with get_user and writes it back with put_user", DERIVED,
                    "no lost umem_add update"),
            new Finding("AM1", "umem_add ignored -EFAULT (fixed in v2)",
                    "sys_umem_add() ignored -EFAULT from __put_user()", MORTON, "-EFAULT on a bad pointer"));

    /** The grid's last row: checks of invariants that no finding breaks (mutations, fixed-only races). */
    public static final Finding INVARIANTS = new Finding("INVARIANTS", "invariants no finding breaks",
            "every invariant a passing model checks is shown violated by a planted mutation", DERIVED,
            "NoOverwrite, SlotOwnership, ExactlyOnceReap, ExactlyOneHead, ...");

    private Findings() {
    }

    public static Optional<Finding> byId(String id) {
        return ALL.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    /** The grid row a check belongs to: its finding's, or {@link #INVARIANTS} for any other id or none. */
    public static Finding rowOf(Check c) {
        return c.finding() == null ? INVARIANTS : byId(c.finding()).orElse(INVARIANTS);
    }
}
