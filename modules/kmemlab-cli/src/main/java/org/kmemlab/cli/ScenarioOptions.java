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

    @Option(names = "--trace", paramLabel = "FILE",
        description = "record every kernel call with its result, events and the state after it as JSON Lines "
            + "(docs/traces.md); replay it with kmemlab replay")
    java.nio.file.Path trace;

    @Option(names = "--report", paramLabel = "PATH",
        description = "write a self-contained HTML step-through report (docs/report.md): FILE.html for one "
            + "scenario, or a directory that gets one <name>.html per scenario file")
    java.nio.file.Path report;

    /** The report observer for these files, or null: PATH.html for one file, otherwise a directory. */
    org.kmemlab.script.report.ReportObserver reportObserver(List<java.nio.file.Path> files) {
        if (report == null) {
            return null;
        }
        if (report.toString().endsWith(".html")) {
            if (files.size() != 1) {
                throw new IllegalArgumentException("--report " + report + " names one HTML file but " + files.size()
                    + " scenario files run; give a directory for several");
            }
            return org.kmemlab.script.report.ReportObserver.forFile(report);
        }
        try {
            java.nio.file.Files.createDirectories(report);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--report " + report + ": cannot create the directory ("
                + e.getMessage() + ")");
        }
        return org.kmemlab.script.report.ReportObserver.forDirectory(report);
    }

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
