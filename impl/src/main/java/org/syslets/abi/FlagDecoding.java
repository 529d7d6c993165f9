package org.syslets.abi;

import org.syslets.design.Design;
import org.syslets.design.Finding;

/**
 * Decoding of an atom's {@code flags} word: the validity check done when the atom is copied in,
 * and the stop decision taken after it ran ({@code next_uatom()} in v5).
 *
 * <p>Hot path: both methods run once per atom. They allocate nothing, box nothing and touch only
 * the {@link Design} passed in (an {@code EnumSet} lookup).
 *
 * <p>Evidence: flag values and meanings [P fio syslet.h, reference §2.2]; "the stop flags are
 * decoded with a case but are not densely encoded, rather they are one hot" and "there is no check
 * for flags being set that are not recognized" [P Seed-MM]. That the v5 {@code default:} branch means
 * "no stop condition" is the project's modelling choice [I, reference §2.2].
 */
public final class FlagDecoding {

    /** What the kernel does after an atom ran, given its flags and return value. */
    public enum NextStep {
        /** No stop condition fired: continue at {@code atom.next} (0 ends the syslet; the caller's business). */
        FOLLOW_NEXT,
        /** A stop condition fired and SKIP_TO_NEXT_ON_STOP is set: continue at {@code uatom + sizeof(atom)}. */
        SKIP_LINEAR,
        /** A stop condition fired: this atom ends the syslet. */
        STOP
    }

    private static final int EINVAL = -Errno.EINVAL;

    private FlagDecoding() {
    }

    /**
     * Validates a flags word the way {@code copy_uatom()} would. Returns 0 when the word is
     * accepted, {@code -EINVAL} when it is rejected.
     * <ul>
     *   <li>v5 accepts every word (Milton MM7, MM8: nothing is checked).</li>
     *   <li>{@link Finding#MM8_UNKNOWN_FLAGS} fixed: a bit outside {@link Flags#KNOWN_MASK} is
     *       {@code -EINVAL}, so a flag a newer ABI adds is never silently ignored.</li>
     *   <li>{@link Finding#MM7_STOP_BITS} fixed: more than one stop bit is {@code -EINVAL} (the first of
     *       Milton's three options: "error on multiple stop bits being set"), and so is
     *       {@code ASYNC|SYNC}. The latter is this project's choice: it is the same defect as MM7 —
     *       mutually exclusive one-hot options whose combination v5 never checks — and the fix has
     *       the same shape, so it rides on the MM7 switch rather than MM8 (MM8 is about bits the
     *       ABI does not define; ASYNC and SYNC are both defined).</li>
     * </ul>
     */
    public static int validate(Design d, int flags) {
        // Milton (MM8): "There is no check for flags being set that are not recognized."
        if (d.isFixed(Finding.MM8_UNKNOWN_FLAGS) && (flags & ~Flags.KNOWN_MASK) != 0) {
            return EINVAL;
        }
        if (d.isFixed(Finding.MM7_STOP_BITS)) {
            int stop = flags & Flags.STOP_MASK;
            // Milton (MM7): one-hot stop bits; fixed = "error on multiple stop bits being set".
            if ((stop & (stop - 1)) != 0) {
                return EINVAL;
            }
            // Project choice riding on MM7: ASYNC ("queue at once") and SYNC ("never queue") contradict.
            if ((flags & (Flags.ASYNC | Flags.SYNC)) == (Flags.ASYNC | Flags.SYNC)) {
                return EINVAL;
            }
        }
        return 0;
    }

    /**
     * Whether the stop condition of the atom just executed fires on {@code ret}, and what follows.
     * <ul>
     *   <li>v5 ({@link Finding#MM7_STOP_BITS} as posted): a {@code switch} on
     *       {@code flags & STOP_MASK} with one case per one-hot value; any other value (two or more
     *       stop bits) lands in {@code default}, which means "no stop condition".</li>
     *   <li>fixed: the same switch, but {@link #validate} has rejected words with more than one
     *       stop bit. Calling this with such a word under a design where MM7 is fixed is a caller
     *       bug and throws {@link IllegalArgumentException} (nothing is allocated on the normal
     *       path).</li>
     * </ul>
     * Conditions: NONZERO {@code ret != 0}, ZERO {@code ret == 0}, NEGATIVE {@code ret < 0},
     * NON_POSITIVE {@code ret <= 0}. When it fires: {@link NextStep#SKIP_LINEAR} if
     * SKIP_TO_NEXT_ON_STOP is set, else {@link NextStep#STOP}; otherwise {@link NextStep#FOLLOW_NEXT}.
     */
    public static NextStep nextStep(Design d, int flags, long ret) {
        final boolean fires;
        // Milton (MM7): one-hot stop bits decoded with a switch; two stop bits match no case.
        switch (flags & Flags.STOP_MASK) {
            case 0:
                fires = false;
                break;
            case Flags.STOP_ON_NONZERO:
                fires = ret != 0;
                break;
            case Flags.STOP_ON_ZERO:
                fires = ret == 0;
                break;
            case Flags.STOP_ON_NEGATIVE:
                fires = ret < 0;
                break;
            case Flags.STOP_ON_NON_POSITIVE:
                fires = ret <= 0;
                break;
            default:
                // Milton (MM7): v5 falls through to "no stop condition"; fixed never gets here
                // because validate() rejected the word.
                if (d.isFixed(Finding.MM7_STOP_BITS)) {
                    throw new IllegalArgumentException("more than one stop bit; validate() rejects this word");
                }
                fires = false;
                break;
        }
        if (!fires) {
            return NextStep.FOLLOW_NEXT;
        }
        return (flags & Flags.SKIP_TO_NEXT_ON_STOP) != 0 ? NextStep.SKIP_LINEAR : NextStep.STOP;
    }
}
