package org.kmemlab.script;

import java.util.List;

/**
 * A scenario file's outcome: its tests, what it printed, or the reason it could not run at all
 * ({@code error}: a syntax error, a time limit, a missing file).
 */
public record ScenarioResult(String file, List<TestResult> tests, String output, String error) {
    public long passed() {
        return tests.stream().filter(t -> t.status() == TestResult.Status.PASSED).count();
    }

    public long failed() {
        return tests.stream().filter(t -> t.status() == TestResult.Status.FAILED).count() + (error != null ? 1 : 0);
    }

    public boolean ok() {
        return failed() == 0;
    }
}
