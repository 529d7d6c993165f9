package org.syslets.results.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says which verdict a JUnit test gives, so that {@link VerdictListener} can write it as a stage
 * result ({@code org.syslets.results.Check}) without anyone re-reading test names:
 * <ul>
 *   <li>{@code @Verdict(finding = "MM1")}: a pair test, v5 expected violated and fixed expected
 *   holds (the actual per design comes from {@link Observed} when the test reports it, else from
 *   the test's outcome);</li>
 *   <li>{@code @Verdict(finding = "MM4", design = "v5")}: one design, expected violated on v5 and
 *   holds on fixed unless {@code expect} says otherwise;</li>
 *   <li>{@code @Verdict(finding = "AM1", expect = "holds")} on a test parameterised by
 *   {@code Design}: one verdict per invocation, its design read from the invocation's name.</li>
 * </ul>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Verdict.List.class)
public @interface Verdict {
    /** The finding id of docs/findings.md, or "" for an invariant no finding breaks. */
    String finding();

    /** "v5", "fixed", or "" (a pair, or per invocation when {@link #expect} is set). */
    String design() default "";

    /** "violated" or "holds"; "" = by design (v5 violated, fixed holds). */
    String expect() default "";

    /** The grid's column: props (property and runtime tests), sequences (model-based), lincheck, ... */
    String checker() default "props";

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface List {
        Verdict[] value();
    }
}
