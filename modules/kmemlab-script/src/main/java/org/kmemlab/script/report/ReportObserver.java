package org.kmemlab.script.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Function;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.trace.RecordingKernel;
import org.kmemlab.script.RunObserver;
import org.kmemlab.script.ScenarioResult;
import org.kmemlab.script.ScriptLocation;
import org.kmemlab.script.TestResult;

/**
 * {@code --report}: watches scenario files run and writes one self-contained HTML step-through report per file
 * (see docs/report.md). Each booted machine is recorded through {@link RecordingKernel}; the file is written when
 * the scenario file finishes.
 */
public final class ReportObserver implements RunObserver {
    private final Function<String, Path> target;
    private FileReport current;
    private Path lastWritten;

    private ReportObserver(Function<String, Path> target) {
        this.target = target;
    }

    /** Every scenario file run goes to {@code html} (the last one wins): {@code kmemlab run FILE --report FILE}. */
    public static ReportObserver forFile(Path html) {
        return new ReportObserver(name -> html);
    }

    /** Each scenario file goes to {@code dir/<basename>.html}: {@code kmemlab test DIR --report DIR}. */
    public static ReportObserver forDirectory(Path dir) {
        return new ReportObserver(name -> dir.resolve(baseName(name) + ".html"));
    }

    /** The file the last finished scenario was written to, or null. */
    public Path lastWritten() {
        return lastWritten;
    }

    static String baseName(String name) {
        String b = Path.of(name).getFileName().toString();
        int dot = b.lastIndexOf('.');
        return dot > 0 ? b.substring(0, dot) : b;
    }

    @Override
    public void fileStarted(String name, String source) {
        current = new FileReport(name, source);
    }

    @Override
    public void testStarted(String name) {
        if (current != null) {
            current.testStarted(name);
        }
    }

    @Override
    public Kernel machineBooted(MachineConfig config, Kernel kernel) {
        if (current == null) {
            return kernel;
        }
        FileReport file = current;
        Kernel machine = kernel;
        for (Kernel inner = RecordingKernel.unwrap(machine); inner != machine; inner = RecordingKernel.unwrap(machine)) {
            machine = inner; // read the machine itself: another observer's proxy would record our reads as calls
        }
        int m = file.machineBooted(config, machine);
        return RecordingKernel.wrap(kernel, ScriptLocation::current, r -> file.step(m, r));
    }

    @Override
    public void testFinished(String name, TestResult result) {
        if (current != null) {
            current.testFinished(name, result);
        }
    }

    @Override
    public void fileFinished(ScenarioResult result) {
        if (current == null) {
            return;
        }
        Path out = target.apply(current.name());
        try {
            ReportWriter.write(out, current.json(result));
            lastWritten = out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + out + ": " + e.getMessage(), e);
        } finally {
            current = null;
        }
    }
}
