package org.syslets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The main job's stage budgets add up to what the README promises (the main job under 45 minutes on
 * 2 cores, {@code --quick} under 10, a clean clone's first build included), and the two tables that
 * show them to users say what {@link Stages#ALL} says. A stage that is given more time without another
 * giving some back fails here, not in a user's CI.
 */
class StageBudgetsTest {
    /** What a clean clone's first build of the launcher and its modules may take (measured: under a minute). */
    static final double BUILD_MIN = 1.0;
    static final double MAIN_LIMIT_MIN = 45, QUICK_LIMIT_MIN = 10;

    private static final Pattern MINUTES = Pattern.compile("(\\d+(?:\\.\\d+)?) min");

    static double minutes(String budget) {
        Matcher m = MINUTES.matcher(budget);
        assertThat(m.matches()).as("a budget is \"<minutes> min\": " + budget).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theBudgetsFitTheMainJobsLimits() {
        double full = Stages.ALL.stream().mapToDouble(s -> minutes(s.full())).sum();
        double quick = Stages.ALL.stream().mapToDouble(s -> minutes(s.quick())).sum();
        assertThat(full + BUILD_MIN).as("full stages %.2f min + build", full).isLessThanOrEqualTo(MAIN_LIMIT_MIN);
        assertThat(quick + BUILD_MIN).as("quick stages %.2f min + build", quick).isLessThanOrEqualTo(QUICK_LIMIT_MIN);
    }

    @Test
    void theReadmeAndTheCliDocShowEveryStagesBudget() throws Exception {
        Path root = Repo.root();
        List<String> readme = Files.readAllLines(root.resolve("README.md"));
        List<String> cliDoc = Files.readAllLines(root.resolve("docs/cli.md"));
        for (Stage s : Stages.ALL) {
            String cell = "| " + fmt(minutes(s.full())) + " / " + fmt(minutes(s.quick())) + " min";
            assertThat(row(readme, "| `" + s.name() + "` |")).as("README.md row of " + s.name()).contains(cell);
            assertThat(row(cliDoc, "| " + s.name() + " |")).as("docs/cli.md row of " + s.name()).contains(cell);
        }
    }

    private static String row(List<String> lines, String start) {
        return lines.stream().filter(l -> l.startsWith(start)).findFirst().orElse("(no row starting " + start + ")");
    }

    private static String fmt(double min) {
        return min == Math.rint(min) ? String.valueOf((long) min) : String.valueOf(min);
    }
}
