package org.syslets.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RingTimelineTest {
    @Test
    void slotsAreReadFromTlcFunctionValues() {
        assertThat(RingTimeline.slots("(0 :> NULL @@ 1 :> 2 @@ 2 :> 3)")).containsExactly("NULL", "2", "3");
        assertThat(RingTimeline.slots("<<>>")).isEmpty();
    }

    @Test
    void theLastStateMarksKBelowUAndTheSleepingWaiter() {
        List<RingTimeline.Step> steps = List.of(
                new RingTimeline.Step(1, "Initial predicate",
                        Map.of("slot", "(0 :> NULL @@ 1 :> NULL)", "K", "0", "U", "0", "wstate", "\"user\"", "eventsLeft", "0", "wmin", "0")),
                new RingTimeline.Step(2, "WaitEnter",
                        Map.of("slot", "(0 :> NULL @@ 1 :> 2)", "K", "0", "U", "1", "wstate", "\"sleeping\"", "eventsLeft", "2", "wmin", "1")));
        String svg = RingTimeline.svg("t", steps);
        assertThat(svg).startsWith("<svg").contains("atom 2", ">WaitEnter<", ">sleeping<",
                "K = 0 is below U = 1; 1 events are in the ring, the waiter asked for 1, and v5 computed events_left = 2");
        assertThat(svg).doesNotContain("<script");
    }

    @Test
    void markdownTablesBecomeHtmlTables() {
        String html = Html.fromMarkdown("# T\n\n| a | b |\n|---|---|\n| `x` | **y** |\n");
        assertThat(html).contains("<h1>T</h1>", "<th>a</th>", "<td><code>x</code></td>", "<td><strong>y</strong></td>");
    }
}
