package org.syslets.design;

/**
 * The review findings that change runtime behaviour. Each one is a switch in {@link Design}:
 * "as posted" reproduces what the reviewer found, "fixed" applies the fix the project chose.
 * The id is the one used in docs/invariants.md, model/manifest.json and the findings table.
 */
public enum Finding {
    /** Milton: {@code events_left = min - (kernel_ring_idx - user_ring_idx)} misses K &lt; U after a wrap. */
    MM1_WRAPAROUND("MM1"),
    /** Derived from MM1: with K == U the ring is empty or full; v5 reads it as empty. */
    RING_FULL("RING-FULL"),
    /** Milton: a failed completion (slot taken) cannot reach user space; v5 drops it. */
    MM16_OVERFLOW("MM16"),
    /** Milton: one-hot stop bits decoded with a switch; two stop bits fall to the default branch. */
    MM7_STOP_BITS("MM7"),
    /** Milton: no check for flag bits that are not recognized. */
    MM8_UNKNOWN_FLAGS("MM8"),
    /** Milton: compat reads the u64 ABI as native words (wrong half on 32-bit big endian) and never checks the upper 32 bits. */
    MM4_COMPAT_WORDS("MM4"),
    /** Milton: compat handlers expect arguments already truncated to compat_ulong. */
    MM5_COMPAT_TRUNCATION("MM5"),
    /** Milton: force_syscall_noerror set by one atom leaks into the next; umem_add never sets it. */
    MM9_FORCE_NOERROR("MM9"),
    /** Milton: verify_read over the whole atom contradicts "atoms can be packed". */
    MM10_PACKED_ATOMS("MM10"),
    /** Milton: "am I inside a syslet?" tests async_ready, which misses background threads. */
    MM21_EXCLUSION("MM21"),
    /** Derived: sys_umem_add is a read-then-write, not an atomic add against concurrent writers. */
    UMEM_ATOMIC("UMEM-ATOMIC");

    private final String id;

    Finding(String id) {
        this.id = id;
    }

    /** The id used in docs and in the model manifest, e.g. {@code "MM1"}. */
    public String id() {
        return id;
    }
}
