package org.kmemlab.grader.strict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.ModuleRegistry;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;

/**
 * Strict (lockstep) grading: every kernel call a scenario makes runs on the reference machine and then on the
 * student's, and the two are compared after each call (return values, per-zone free lists and counters, the
 * struct page state of every page the call touched, zeroing for {@code __GFP_ZERO}, slabinfo when the student's
 * module is the slab allocator). The first divergence of a test fails it at the scenario line of the call, with
 * an explanation built from the state diff. See docs/strict-grading.md.
 */
public final class Lockstep {
    private Lockstep() {
    }

    /**
     * Runs one scenario file in strict mode. {@code student} and {@code reference} contribute only their
     * {@code modules}; every other machine option comes from {@code options.base()} and the scenario's
     * {@code machine({...})}, as in an ordinary run. A module the scenario names for a slot the student or the
     * reference config also names is overridden by the side's choice.
     */
    public static ScenarioResult run(Path scenario, ScenarioRunner.Options options, MachineConfig student,
                                     MachineConfig reference) {
        Map<String, String> studentModules = absolute(student.modules());
        Map<String, String> referenceModules = absolute(reference.modules());
        Set<String> studentSlots = differingSlots(studentModules, referenceModules);
        ScenarioRunner runner = new ScenarioRunner(options, (config, recordFailure) -> boot(
            withModules(config, studentModules), withModules(config, referenceModules), studentSlots, recordFailure));
        String text;
        try {
            text = Files.readString(scenario, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScenarioRunner.BadScenario(scenario + ": no such file");
        } catch (IOException e) {
            throw new ScenarioRunner.BadScenario(scenario + ": cannot read: " + e.getMessage());
        }
        return runner.run(displayName(scenario), text, scenario.toAbsolutePath().getParent());
    }

    /**
     * The scenario's name in file:line locations: its path relative to the assignment directory it lies in (the
     * nearest directory above it holding {@code assignment.json}), e.g. {@code tests/public/split.js}, as in contract
     * mode; the path as given outside an assignment.
     */
    static String displayName(Path scenario) {
        Path abs = scenario.toAbsolutePath().normalize();
        for (Path d = abs.getParent(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("assignment.json"))) {
                return d.relativize(abs).toString().replace('\\', '/');
            }
        }
        return scenario.toString();
    }

    /**
     * A lockstep pair for use from Java: calls go to both machines, a divergence throws
     * {@link LockstepDivergence} (without a scenario location).
     */
    public static Kernel pair(MachineConfig student, MachineConfig reference) {
        return boot(student, reference, differingSlots(student.modules(), reference.modules()), null);
    }

    static Kernel boot(MachineConfig student, MachineConfig reference, Set<String> studentSlots,
                       BiConsumer<String, String> recordFailure) {
        return LockstepKernel.boot(student, reference, studentSlots, recordFailure);
    }

    /** The config the scenario asked for, with one side's module choices on top. */
    static MachineConfig withModules(MachineConfig scenario, Map<String, String> side) {
        Map<String, String> m = new LinkedHashMap<>(scenario.modules());
        m.putAll(side);
        return new MachineConfig(scenario.profile(), scenario.ramBytes(), scenario.pageSize(), scenario.debug(),
            scenario.pcp(), scenario.mobility(), scenario.seed(), m, scenario.cmdline());
    }

    static Set<String> differingSlots(Map<String, String> a, Map<String, String> b) {
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        keys.removeIf(k -> java.util.Objects.equals(a.get(k), b.get(k)));
        return keys;
    }

    /** Module file paths made absolute against the working directory (scenario paths are the scenario's business). */
    private static Map<String, String> absolute(Map<String, String> modules) {
        Map<String, String> out = new LinkedHashMap<>();
        modules.forEach((slot, name) -> out.put(slot, ModuleRegistry.isFile(name)
            ? Path.of(name).toAbsolutePath().normalize().toString() : name));
        return out;
    }
}
