package org.kmemlab.grader;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Slot;
import org.kmemlab.conform.CheckResult;
import org.kmemlab.conform.Conformance;
import org.kmemlab.kernel.MachineOptions;
import org.kmemlab.kernel.ModuleRegistry;

/**
 * The child JVM that grades one submission: {@code GradeWorker ASSIGNMENT_DIR RESULTS_FILE js|jar|scenarios PATH}
 * ({@code scenarios}: a scenario assignment's submission, see {@link ScenarioItems}).
 * It announces each graded item before running it and reports its outcome ({@link WorkerEvents}); the parent
 * ({@link ChildRun}) enforces the wall clock, the heap and the output cap, and scores what was reported.
 */
public final class GradeWorker {
    private static volatile boolean done;

    private GradeWorker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: GradeWorker ASSIGNMENT_DIR RESULTS_FILE js|jar|scenarios PATH");
            System.exit(64);
        }
        OutputStream file = new FileOutputStream(args[1], true);
        WorkerEvents events = new WorkerEvents(file);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!done) {
                events.emit(Map.of("event", "exit"));
            }
        }, "kmemlab-grade-exit"));
        try {
            run(Path.of(args[0]), args[2], Path.of(args[3]), events);
        } catch (RuntimeException | LinkageError | StackOverflowError | java.io.IOException e) {
            events.emit(Map.of("event", "fatal", "message", "the grader failed: " + e));
        }
        done = true;
        events.emit(Map.of("event", "done"));
        file.close();
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(0); // the submission's own threads must not keep the JVM alive
    }

    static void run(Path assignment, String kind, Path path, WorkerEvents events) throws java.io.IOException {
        Manifest manifest = ManifestParser.read(assignment);
        if (kind.equals("scenarios")) {
            ScenarioItems.run(manifest, path, events);
            return;
        }
        ModuleRegistry registry;
        Map<String, String> chosen = new LinkedHashMap<>();
        if (kind.equals("js")) {
            registry = ModuleRegistry.builtIn();
            if (manifest.slots().size() != 1 || !manifest.slots().get(0).equals("buddy")) {
                events.emit(Map.of("event", "fatal", "message", "a JavaScript submission implements the buddy slot only;"
                    + " this assignment asks for " + String.join(", ", manifest.slots()) + " (submit a plugin jar)"));
                return;
            }
            chosen.put("buddy", path.toAbsolutePath().toString());
        } else {
            registry = ModuleRegistry.withPlugins(List.of(path));
            ModuleRegistry.install(registry);
            String problem = PluginChoice.choose(registry, manifest.slots(), chosen);
            if (problem != null) {
                events.emit(Map.of("event", "fatal", "message", problem));
                return;
            }
        }
        Map<String, Object> machine = new LinkedHashMap<>(manifest.machine());
        machine.put("modules", chosen);
        MachineConfig student = MachineOptions.apply(MachineConfig.defaults(), machine);
        machine.put("modules", manifest.reference());
        MachineConfig reference = MachineOptions.apply(MachineConfig.defaults(), machine);

        TestItems tests = new TestItems(manifest, student, reference);
        for (Manifest.TestSpec t : manifest.tests()) {
            events.start(t.name());
            tests.run(t, events);
        }
        if (manifest.conformance().points() > 0) {
            Conformance kit = new Conformance(registry, Duration.ofSeconds(manifest.limits().testSeconds()));
            for (String slotId : manifest.slots()) {
                Slot slot = Slot.parse(slotId);
                for (String check : Conformance.checkNames(slot)) {
                    String item = ItemNames.conformance(slotId, check);
                    events.start(item);
                    conform(kit, slot, chosen.get(slotId), student, check, item, events);
                }
            }
        }
    }

    private static void conform(Conformance kit, Slot slot, String module, MachineConfig config, String check,
                                String item, WorkerEvents events) {
        try {
            List<CheckResult> r = kit.run(slot, module, config, List.of(check), x -> { });
            CheckResult c = r.get(0);
            boolean passed = !c.failed();
            String msg = c.message() == null || c.message().isEmpty() ? null
                : (c.status() == CheckResult.Status.WARN ? "advisory: " : "") + c.message();
            events.result(item, passed, msg, null, new ArrayList<>());
        } catch (RuntimeException | StackOverflowError e) {
            events.result(item, false, "the check could not run: " + e.getMessage(), null, new ArrayList<>());
        }
    }
}
