package org.syslets.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The child JVM's main: runs one {@code @FuzzTest} method through the JUnit Platform (Jazzer's
 * engine extension decides regression or fuzzing mode from {@code JAZZER_FUZZ}). Arguments:
 * {@code <class> <method> [key=value JUnit configuration parameters...]}. Exit 0 when every
 * invocation passed, 1 when one failed (a finding), 2 when nothing ran; a native crash or a
 * watchdog halt ends the JVM with its own status, which the parent judges.
 */
public final class FuzzChild {
    private FuzzChild() {
    }

    public static void main(String[] args) {
        Map<String, String> config = new TreeMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            config.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(args[0] + "#" + args[1] + "(byte[])"))
                .configurationParameters(config).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary s = listener.getSummary();
        s.printTo(new PrintWriter(System.out, true));
        s.printFailuresTo(new PrintWriter(System.out, true), 40);
        System.out.printf("FUZZCHILD %s#%s: started %d, succeeded %d, failed %d%n", args[0], args[1],
                s.getTestsStartedCount(), s.getTestsSucceededCount(), s.getTotalFailureCount());
        System.out.flush();
        System.exit(s.getTotalFailureCount() > 0 ? 1 : s.getTestsStartedCount() == 0 ? 2 : 0);
    }
}
