package org.syslets.design;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which design the runtime follows, finding by finding: {@link #V5} is the design as posted in
 * March 2007 (every finding reproduces), {@link #FIXED} applies every fix. A check of a design
 * property runs against both and asserts opposite verdicts where a reviewer found a flaw.
 * Immutable.
 */
public final class Design {
    /** The syslet design as posted (v5): every finding reproduces. */
    public static final Design V5 = new Design(EnumSet.noneOf(Finding.class));
    /** Every finding fixed. */
    public static final Design FIXED = new Design(EnumSet.allOf(Finding.class));

    private final Set<Finding> fixed;

    private Design(EnumSet<Finding> fixed) {
        this.fixed = fixed;
    }

    /** True when {@code finding} is fixed in this design, false when it behaves as posted. */
    public boolean isFixed(Finding finding) {
        return fixed.contains(finding);
    }

    /** This design with {@code finding} fixed. */
    public Design with(Finding finding) {
        EnumSet<Finding> copy = fixed.isEmpty() ? EnumSet.noneOf(Finding.class) : EnumSet.copyOf(fixed);
        copy.add(finding);
        return new Design(copy);
    }

    /** This design with {@code finding} as posted in v5 (used to break one fix on purpose). */
    public Design without(Finding finding) {
        EnumSet<Finding> copy = fixed.isEmpty() ? EnumSet.noneOf(Finding.class) : EnumSet.copyOf(fixed);
        copy.remove(finding);
        return new Design(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Design d && d.fixed.equals(fixed);
    }

    @Override
    public int hashCode() {
        return fixed.hashCode();
    }

    @Override
    public String toString() {
        if (fixed.isEmpty()) return "V5";
        if (fixed.size() == Finding.values().length) return "FIXED";
        StringBuilder sb = new StringBuilder("V5+fixed");
        for (Finding f : fixed) sb.append(' ').append(f.id());
        return sb.toString();
    }
}
