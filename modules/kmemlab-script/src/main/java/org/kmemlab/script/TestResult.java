package org.kmemlab.script;

/**
 * One test of a scenario file: its name, outcome, time, what it printed (console.log), and for a
 * failure the message (expected vs received, or the error) and the scenario's file:line.
 */
public record TestResult(String name, Status status, long millis, String failure, String location, String output) {
    public enum Status { PASSED, FAILED, SKIPPED }

    public boolean passed() {
        return status == Status.PASSED;
    }
}
