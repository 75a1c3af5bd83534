package org.kmemlab.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.MachineOptions;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;
import org.kmemlab.script.TestResult;

/**
 * Grades a scenario submission in the child ({@code GradeWorker ... scenarios PATH}): every submitted scenario file
 * on the reference machine first (item {@value ManifestParser#REFERENCE_ITEM}); only when every test passes there,
 * each mutant: it is killed when a test of the submitted files fails on a machine booted with the mutant's modules
 * (an assertion, an uncaught KernelBug or module error, a time limit or statement budget). Files run in name order;
 * a mutant stops at the first file that kills it.
 *
 * <p>Every module file (reference and mutants) is copied to a scratch directory as {@code <slot>.js} before it is
 * booted, so {@code modules().buddy} and the module's error messages read {@code buddy.js} on every machine and a
 * scenario cannot recognize a mutant by its file name.
 */
final class ScenarioItems {
    /** One file's outcome, or why it could not run at all ({@code result} null). */
    private record Run(String file, ScenarioResult result, String error) {
    }

    private final Manifest manifest;
    private final List<Path> files;
    private final Path scratch;

    private ScenarioItems(Manifest manifest, List<Path> files, Path scratch) {
        this.manifest = manifest;
        this.files = files;
        this.scratch = scratch;
    }

    /** The scenario files of a submission: a directory's {@code *.js} files (not hidden, not recursive), or the one file. */
    static List<Path> files(Path submission) throws IOException {
        if (!Files.isDirectory(submission)) {
            return Files.isRegularFile(submission) && submission.getFileName().toString().endsWith(".js")
                ? List.of(submission) : List.of();
        }
        try (Stream<Path> s = Files.list(submission)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && n.endsWith(".js") && Files.isRegularFile(p);
            }).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    static void run(Manifest manifest, Path submission, WorkerEvents events) throws IOException {
        List<Path> files = files(submission);
        if (files.isEmpty()) {
            events.emit(Map.of("event", "fatal", "message", "the submission has no scenario files (*.js): nothing to grade"));
            return;
        }
        Path scratch = Files.createTempDirectory("kmemlab-mutants");
        try {
            new ScenarioItems(manifest, files, scratch).grade(events);
        } finally {
            try (Stream<Path> s = Files.walk(scratch)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void grade(WorkerEvents events) throws IOException {
        String item = ManifestParser.REFERENCE_ITEM;
        events.start(item);
        MachineConfig reference = config("reference", manifest.reference());
        List<Map<String, Object>> lines = new ArrayList<>();
        String failure = null;
        String location = null;
        String failedTest = null;
        int count = 0;
        for (Path f : files) {
            Run r = runFile(f, reference);
            if (r.error() != null && r.result() == null) {
                lines.add(line(r.file(), "failed", r.error(), r.file()));
                if (failure == null) {
                    failure = r.file() + " does not run on the reference, so no mutant counts: " + r.error();
                    location = r.file();
                    failedTest = r.file();
                }
                continue;
            }
            for (TestResult t : r.result().tests()) {
                count++;
                lines.add(line(r.file() + ": " + t.name(), t.status().name().toLowerCase(Locale.ROOT), t.failure(),
                    t.location()));
                if (t.status() == TestResult.Status.FAILED && failure == null) {
                    failure = "test '" + t.name() + "' fails on the reference (a correct allocator), so no mutant"
                        + " counts: " + t.failure();
                    location = t.location() != null ? t.location() : r.file();
                    failedTest = "test '" + t.name() + "' in " + r.file();
                }
            }
            if (r.result().error() != null && failure == null) {
                failure = r.file() + " does not finish on the reference, so no mutant counts: " + r.result().error();
                location = r.file();
                failedTest = r.file();
            }
        }
        if (failure != null) {
            events.result(item, false, failure, location, lines);
            for (Manifest.MutantSpec m : manifest.mutants()) {
                events.result(m.name(), false, "not graded: " + failedTest + " fails on the reference", null, List.of());
            }
            return;
        }
        events.result(item, true, count + (count == 1 ? " test" : " tests") + " in " + files.size()
            + (files.size() == 1 ? " file pass" : " files pass") + " on the reference", null, lines);
        for (int i = 0; i < manifest.mutants().size(); i++) {
            Manifest.MutantSpec m = manifest.mutants().get(i);
            events.start(m.name());
            Map<String, String> modules = new LinkedHashMap<>(manifest.reference());
            modules.putAll(m.modules());
            mutant(m, config("mutant-" + i, modules), events);
        }
    }

    private void mutant(Manifest.MutantSpec m, MachineConfig config, WorkerEvents events) {
        for (Path f : files) {
            Run r = runFile(f, config);
            if (r.result() == null) {
                events.result(m.name(), true, "killed by " + r.file() + ", which does not run on this mutant: " + r.error(),
                    r.file(), List.of());
                return;
            }
            for (TestResult t : r.result().tests()) {
                if (t.status() == TestResult.Status.FAILED) {
                    String loc = t.location() != null ? t.location() : r.file();
                    events.result(m.name(), true, "killed by test '" + t.name() + "' (" + loc + "): " + t.failure(), loc,
                        List.of());
                    return;
                }
            }
            if (r.result().error() != null) {
                events.result(m.name(), true, "killed by " + r.file() + ": " + r.result().error(), r.file(), List.of());
                return;
            }
        }
        events.result(m.name(), false, "no test noticed the mutant '" + m.name() + "'"
            + (m.hint() == null ? "" : " (what differs: " + m.hint() + ")"), null, List.of());
    }

    private Run runFile(Path f, MachineConfig config) {
        String name = f.getFileName().toString();
        ScenarioRunner.Options options = new ScenarioRunner.Options(config, manifest.limits().testSeconds() * 1000L,
            manifest.limits().statements());
        try {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            return new Run(name, new ScenarioRunner(options).run(name, text, f.getParent()), null);
        } catch (ScenarioRunner.BadScenario e) {
            return new Run(name, null, e.getMessage());
        } catch (IOException e) {
            return new Run(name, null, "cannot read: " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return new Run(name, null, "the scenario could not run: " + e);
        }
    }

    /** The machine of the manifest with these modules; module files are copied to {@code scratch/key/<slot>.js}. */
    private MachineConfig config(String key, Map<String, String> modules) throws IOException {
        Map<String, String> staged = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : modules.entrySet()) {
            String v = e.getValue();
            if (v.endsWith(".js")) {
                Path dir = Files.createDirectories(scratch.resolve(key));
                Path copy = dir.resolve(e.getKey() + ".js");
                Files.copy(Path.of(v), copy);
                v = copy.toString();
            }
            staged.put(e.getKey(), v);
        }
        Map<String, Object> machine = new LinkedHashMap<>(manifest.machine());
        machine.put("modules", staged);
        return MachineOptions.apply(MachineConfig.defaults(), machine);
    }

    private static Map<String, Object> line(String name, String status, String message, String location) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("status", status);
        m.put("message", message);
        m.put("location", location);
        return m;
    }
}
