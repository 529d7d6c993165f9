package org.syslets.workload;

import java.io.PrintStream;
import java.nio.file.Path;
import org.syslets.design.Design;

/** Parameters of one run. {@code ring} 0 = the scenario's default; {@code outDir} null = no file. */
public record Config(Design design, Scenario scenario, int iodepth, int ring, int syslets, long progressMs,
        long escapeMs, long hungMs, Path outDir, PrintStream out) {

    public Config {
        if (iodepth < 1) throw new IllegalArgumentException("iodepth must be >= 1");
        if (syslets < 1) throw new IllegalArgumentException("syslets must be >= 1");
        if (ring < 0) throw new IllegalArgumentException("ring must be >= 0");
    }

    public static Config of(Design design, Scenario scenario, int iodepth, int ring, int syslets) {
        return new Config(design, scenario, iodepth, ring, syslets, 3000, 250, 60_000, null, System.out);
    }

    /** The ring size actually used: the given one, or the scenario's default. */
    public int ringSlots() {
        if (ring > 0) return ring;
        return switch (scenario) {
            case STEADY -> iodepth;                          // fio: ring size = iodepth (§2.7 bug 3)
            case OVERFLOW -> Math.max(1, iodepth / 4);       // MM16: ring smaller than in flight
            case WRAP -> iodepth + 1;                        // MM1: never full, K can wrap below U
        };
    }
}
