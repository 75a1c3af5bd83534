package org.kmemlab.grader.replay;

import java.util.List;
import java.util.Map;

/**
 * A replayed trace: its tests in order.
 *
 * @param trace     the trace file
 * @param overrides the module choices replayed against the recorded ones (empty: a plain reproduction)
 * @param tests     each test's outcome
 * @param truncated whether the trace's last line was cut off (the recorded run died while writing it)
 */
public record ReplayResult(String trace, Map<String, String> overrides, List<TestReplay> tests, boolean truncated) {
    /** Whether every test reproduced. */
    public boolean reproduced() {
        return tests.stream().allMatch(TestReplay::reproduced);
    }

    /** The calls replayed in all tests. */
    public int steps() {
        return tests.stream().mapToInt(TestReplay::replayed).sum();
    }
}
