package org.kmemlab.script;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every example scenario under examples/ runs as a test and must pass. */
class ExampleScenariosTest {
    static Path examples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples/scenarios"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("examples/scenarios not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("examples/scenarios");
    }

    @TestFactory
    Stream<DynamicTest> everyExamplePasses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(examples())) {
            files = s.filter(f -> f.toString().endsWith(".js")).sorted().toList();
        }
        assertTrue(files.size() >= 8, "at least 8 example scenarios");
        ScenarioRunner runner = new ScenarioRunner(ScenarioRunner.Options.defaults());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            ScenarioResult r = runner.run(f);
            StringBuilder why = new StringBuilder();
            r.tests().stream().filter(t -> t.status() == TestResult.Status.FAILED)
                .forEach(t -> why.append(t.name()).append(": ").append(t.failure()).append(" at ").append(t.location()).append('\n'));
            assertNull(r.error(), () -> "scenario error: " + r.error() + "\n" + why);
            assertFalse(r.tests().isEmpty());
            assertTrue(r.ok(), why::toString);
        }));
    }
}
