package org.syslets.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's expected (or actual) TLC verdict, in the manifest's vocabulary:
 * {@code success}, {@code safety:<Invariant>}, {@code liveness:<Property>}, {@code deadlock}.
 * Actual verdicts may also be {@code error:<text>} (never matches) or {@code liveness:?}
 * (TLC did not name the violated temporal property).
 */
public record Expectation(Kind kind, String name) {

    public enum Kind { SUCCESS, SAFETY, LIVENESS, DEADLOCK, ERROR }

    /** The name TLC could not tell us: a temporal violation in a model with several properties. */
    public static final String UNNAMED = "?";

    private static final Pattern FORM =
            Pattern.compile("(success|deadlock)|(safety|liveness):([A-Za-z_][A-Za-z0-9_]*)");

    public static final Expectation SUCCESS = new Expectation(Kind.SUCCESS, null);
    public static final Expectation DEADLOCK = new Expectation(Kind.DEADLOCK, null);

    public static Expectation safety(String invariant) { return new Expectation(Kind.SAFETY, invariant); }
    public static Expectation liveness(String property) { return new Expectation(Kind.LIVENESS, property); }
    public static Expectation error(String text) { return new Expectation(Kind.ERROR, text); }

    /** Parses a manifest {@code expect} string; rejects anything else (including {@code error:}). */
    public static Expectation parse(String text) {
        if (text == null) throw new IllegalArgumentException("missing 'expect'");
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed expect '" + text
                    + "' (want success, deadlock, safety:<Invariant> or liveness:<Property>)");
        }
        if (m.group(1) != null) return m.group(1).equals("success") ? SUCCESS : DEADLOCK;
        return m.group(2).equals("safety") ? safety(m.group(3)) : liveness(m.group(3));
    }

    public boolean isFailureExpected() { return kind != Kind.SUCCESS; }

    /** An error verdict never matches anything, not even another error. */
    public boolean matches(Expectation actual) {
        return kind != Kind.ERROR && actual.kind != Kind.ERROR && equals(actual);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SUCCESS -> "success";
            case DEADLOCK -> "deadlock";
            case SAFETY -> "safety:" + name;
            case LIVENESS -> "liveness:" + name;
            case ERROR -> "error:" + name;
        };
    }
}
