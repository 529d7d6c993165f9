package org.syslets.uring.trace;

import java.util.ArrayList;
import java.util.List;
import org.syslets.uring.IoUring;
import org.syslets.uring.UringAbi;

/**
 * Records what the ring's owner thread observes of the CQ protocol, in its program order (so no lock:
 * one thread, one list). Attached with {@link IoUring#observe}; the vocabulary is spec/UringCqTrace.tla's.
 * The SQEs a call consumed are known only when it returns; their Submit events are placed right after
 * the call's EnterCall, where the kernel consumed them (before it waits).
 */
public final class CqRecorder implements IoUring.Observer {

    /** One observation; fields as in spec/UringCqTrace.tla's header (unused ones 0). */
    public record Event(String a, long v, long ud, long res, String origin) implements org.syslets.trace.TlcCheck.TraceStep {
        String tla() {
            return "[a |-> \"" + a + "\", v |-> " + v + ", ud |-> " + ud + ", res |-> " + res + "]";
        }

        @Override
        public String out() {
            return "-";
        }

        @Override
        public String toString() {
            return switch (a) {
                case "EnterCall" -> "EnterCall(min=" + v + ", to_submit=" + ud + (res == 1 ? ", GETEVENTS)" : ")");
                case "EnterReturn" -> "EnterReturn(" + v + ")";
                case "Submit" -> "Submit(" + ud + ")";
                case "ReadTail" -> "ReadTail(" + v + ")";
                case "ReadCqe" -> "ReadCqe(index " + v + ": user_data " + ud + ", res " + res + ")";
                case "StoreHead" -> "StoreHead(" + v + ")";
                case "ReadFlags" -> "ReadFlags(CQ_OVERFLOW=" + v + ")";
                case "ReadOverflow" -> "ReadOverflow(" + v + ")";
                case "End" -> "End(missing=" + v + ")";
                default -> a + "(" + v + ", " + ud + ")";
            };
        }
    }

    private final List<Event> events = new ArrayList<>();
    private int callAt = -1;

    private void add(String a, long v, long ud, long res) {
        events.add(new Event(a, v, ud, res, ORIGIN.getOrDefault(a, a)));
    }

    /** Where each kind of event is recorded (the comment of its line in the generated module). */
    private static final java.util.Map<String, String> ORIGIN = java.util.Map.of(
            "EnterCall", "IoUring#enter, before io_uring_enter(2)",
            "EnterReturn", "IoUring#enter, its return value",
            "ReadTail", "IoUring#cqTailLoadAcquire",
            "ReadCqe", "IoUring#reap, plain read of cqes[head & mask]",
            "StoreHead", "IoUring#cqHeadStoreRelease",
            "ReadFlags", "IoUring#sqFlagsLoadAcquire",
            "ReadOverflow", "IoUring#cqOverflowLoadAcquire",
            "End", "the application: completions still missing");

    @Override
    public void enterCall(int toSubmit, int minComplete, int flags) {
        add("EnterCall", Integer.toUnsignedLong(minComplete), toSubmit, (flags & UringAbi.ENTER_GETEVENTS) != 0 ? 1 : 0);
        callAt = events.size();
    }

    @Override
    public void enterReturn(long ret, long[] consumed, int n) {
        List<Event> subs = new ArrayList<>();
        for (int j = 0; j < n; j++) subs.add(new Event("Submit", 0, consumed[j], 0, "an SQE that call consumed (its return value counts it)"));
        if (callAt >= 0) events.addAll(callAt, subs);
        callAt = -1;
        add("EnterReturn", ret, 0, 0);
    }

    @Override
    public void readTail(int tail) {
        add("ReadTail", Integer.toUnsignedLong(tail), 0, 0);
    }

    @Override
    public void readCqe(int index, long userData, int res) {
        add("ReadCqe", Integer.toUnsignedLong(index), userData, res);
    }

    @Override
    public void storeHead(int head) {
        add("StoreHead", Integer.toUnsignedLong(head), 0, 0);
    }

    @Override
    public void readSqFlags(int flags) {
        add("ReadFlags", (flags & UringAbi.SQ_CQ_OVERFLOW) != 0 ? 1 : 0, 0, 0);
    }

    @Override
    public void readOverflow(int overflow) {
        add("ReadOverflow", Integer.toUnsignedLong(overflow), 0, 0);
    }

    /** The application's last word: how many completions it submitted and never received. */
    public void end(long missing) {
        add("End", missing, 0, 0);
    }

    public List<Event> events() {
        return events;
    }
}
