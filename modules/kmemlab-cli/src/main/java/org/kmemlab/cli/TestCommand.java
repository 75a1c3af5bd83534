package org.kmemlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kmemlab test DIR}. */
@Command(name = "test", mixinStandardHelpOptions = true,
    description = "Run every *.js under DIR (sorted) and end with one line: N passed, N failed.",
    footer = {"", "Examples:", "  kmemlab test examples/scenarios", "  kmemlab test homework/ --no-debug"})
final class TestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "a directory of scenarios")
    Path dir;

    @Mixin
    ScenarioOptions opts = new ScenarioOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".js") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no *.js scenario files found");
        }
        return RunCommand.runAll(files, opts, spec.commandLine().getOut(), true);
    }
}
