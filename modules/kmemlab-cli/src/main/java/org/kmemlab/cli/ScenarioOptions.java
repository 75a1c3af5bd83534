package org.kmemlab.cli;

import java.util.ArrayList;
import java.util.List;

import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScenarioRunner;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What run and test share: machine options, limits, output format. */
final class ScenarioOptions {
    @Mixin
    MachineOptionsMixin machine = new MachineOptionsMixin();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
        description = "wall-clock limit per scenario file (default ${DEFAULT-VALUE} s)")
    double timeoutSeconds;

    @Option(names = "--json", description = "print machine-readable results")
    boolean json;

    ScenarioRunner runner() {
        if (!(timeoutSeconds > 0) || timeoutSeconds > 86_400) {
            throw new IllegalArgumentException("--timeout must be a number of seconds between 0 and 86400, got " + timeoutSeconds);
        }
        return new ScenarioRunner(new ScenarioRunner.Options(machine.config(), (long) (timeoutSeconds * 1000),
            ScenarioRunner.Options.defaults().statementLimit()));
    }

    static List<ScenarioResult> list() {
        return new ArrayList<>();
    }
}
