package org.kmemlab.grader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An assignment: {@code assignment.json} in the assignment directory (see docs/instructors.md). Points are in
 * hundredths ({@link Points}); test files are absolute.
 * A {@code scenarios} assignment has {@code mutants} and {@code passPoints} instead of tests and conformance.
 */
public record Manifest(Path dir, String title, Kind kind, List<String> slots, Map<String, String> reference,
                       Map<String, Object> machine, Compare compare, Limits limits, ConformanceSpec conformance,
                       List<TestSpec> tests, List<MutantSpec> mutants, long passPoints) {

    public enum Kind { MODULE, SCENARIOS }

    public enum Compare { CONTRACT, STRICT }

    /** Per-submission and per-test limits. */
    public record Limits(int wallSeconds, int testSeconds, long statements, int heapMb, int outputKb) {
        public static Limits defaults() {
            return new Limits(120, 20, 50_000_000L, 512, 256);
        }
    }

    /** The conformance checks of each slot, worth {@code points} in all (0: not graded). */
    public record ConformanceSpec(long points, Visibility visibility) {
        public static ConformanceSpec none() {
            return new ConformanceSpec(0, Visibility.VISIBLE);
        }
    }

    /** A scenario file, all or nothing. */
    public record TestSpec(String name, Path file, String relative, long points, Visibility visibility) {
    }

    /**
     * A seeded buggy module of a scenario assignment: slot → module ({@code modules}: absolute .js files or
     * built-in names, {@code relative}: as written in the manifest), worth {@code points} when a submitted
     * scenario notices it; {@code hint} (optional) says what behaviour differs.
     */
    public record MutantSpec(String name, Map<String, String> modules, Map<String, String> relative, long points,
                             String hint, Visibility visibility) {
    }

    public long maxPoints(int conformanceChecks) {
        return tests.stream().mapToLong(TestSpec::points).sum() + (conformanceChecks > 0 ? conformance.points() : 0)
            + mutants.stream().mapToLong(MutantSpec::points).sum() + passPoints;
    }
}
