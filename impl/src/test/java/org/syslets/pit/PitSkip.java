package org.syslets.pit;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Disables the test methods named in {@code -Dsyslets.pit.skip=pkg.Class.method,...} (no {@code #}:
 * PIT's argument file for its child JVMs drops what follows one). Registered through
 * JUnit's extension autodetection, which only PIT's child JVMs switch on (impl/pom.xml): PIT can
 * exclude whole test classes but not one method, and a surefire run never sets the property.
 */
public final class PitSkip implements ExecutionCondition {
    static final String PROPERTY = "syslets.pit.skip";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String list = System.getProperty(PROPERTY, "");
        if (list.isBlank() || context.getTestMethod().isEmpty()) return ConditionEvaluationResult.enabled("");
        Set<String> skip = Arrays.stream(list.split(",")).map(String::strip).collect(Collectors.toSet());
        String name = context.getRequiredTestClass().getName() + "." + context.getRequiredTestMethod().getName();
        return skip.contains(name)
                ? ConditionEvaluationResult.disabled("skipped under PIT (" + PROPERTY + ")")
                : ConditionEvaluationResult.enabled("");
    }
}
