package org.syslets.uring.trace;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.syslets.uring.IoUring;

/**
 * Where a trace with a planted client fault must be rejected, computed from the trace itself (never
 * from TLC's answer): the event at which the recorded observations stop being a behaviour of the spec.
 */
public final class PlantedFaults {
    private PlantedFaults() {
    }

    /** The position (0-based) of the first event satisfying p, given the events before it; -1 if none. */
    public interface At {
        boolean test(List<CqRecorder.Event> before, CqRecorder.Event e);
    }

    public static int first(UringTrace t, At p) {
        for (int j = 0; j < t.steps().size(); j++) if (p.test(t.steps().subList(0, j), t.steps().get(j))) return j;
        return -1;
    }

    public static long last(List<CqRecorder.Event> before, String kind, long none) {
        for (int k = before.size() - 1; k >= 0; k--) if (before.get(k).a().equals(kind)) return before.get(k).v();
        return none;
    }

    public static int expectedRejection(UringTrace t, IoUring.Fault f) {
        return switch (f) {
            // the head store that moves past a CQE nobody read
            case LOST_CQE -> first(t, (b, e) -> e.a().equals("StoreHead") && e.v() != last(b, "StoreHead", 0) + 1);
            // the second read of a CQE already handed to the application
            case DUPLICATE_CQE -> {
                Set<Long> read = new HashSet<>();
                yield first(t, (b, e) -> e.a().equals("ReadCqe") && !read.add(e.v()));
            }
            // the first tail read right after a GETEVENTS call with min m that returned 0 showing fewer than m ready
            case EARLY_WAIT -> first(t, (b, e) -> {
                if (!e.a().equals("ReadTail") || b.size() < 2) return false;
                CqRecorder.Event ret = b.get(b.size() - 1), call = b.get(b.size() - 2);
                return ret.a().equals("EnterReturn") && ret.v() == 0 && call.a().equals("EnterCall") && call.res() == 1
                        && e.v() - last(b, "StoreHead", 0) < call.v();
            });
            case NONE -> -1;
        };
    }
}
