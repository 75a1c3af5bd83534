package org.kmemlab.script;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;

/**
 * Watches a scenario file run: the step-through report and the trace recorder are observers. Calls come in this
 * order: {@code fileStarted}, then for the top level and for each test that runs {@code testStarted}, any number of
 * {@code machineBooted} (each test gets a fresh machine; {@code machine({...})} reboots), and
 * {@code testFinished}; finally {@code fileFinished}. Top-level code runs under the pseudo-test
 * {@code "(top level)"}; its {@code testFinished} carries the file's own result when the file has no tests.
 */
public interface RunObserver {
    default void fileStarted(String name, String source) {
    }

    default void testStarted(String name) {
    }

    /** A machine was booted for the current test; returns the kernel the script will use (wrap it to record). */
    default Kernel machineBooted(MachineConfig config, Kernel kernel) {
        return kernel;
    }

    /** {@code result} is null for the top level of a file whose tests follow. */
    default void testFinished(String name, TestResult result) {
    }

    default void fileFinished(ScenarioResult result) {
    }

    /** Observers in order (each wraps what the previous one returned). */
    static RunObserver all(java.util.List<RunObserver> list) {
        return new RunObserver() {
            @Override
            public void fileStarted(String name, String source) {
                list.forEach(o -> o.fileStarted(name, source));
            }

            @Override
            public void testStarted(String name) {
                list.forEach(o -> o.testStarted(name));
            }

            @Override
            public Kernel machineBooted(MachineConfig config, Kernel kernel) {
                Kernel k = kernel;
                for (RunObserver o : list) {
                    k = o.machineBooted(config, k);
                }
                return k;
            }

            @Override
            public void testFinished(String name, TestResult result) {
                list.forEach(o -> o.testFinished(name, result));
            }

            @Override
            public void fileFinished(ScenarioResult result) {
                list.forEach(o -> o.fileFinished(result));
            }
        };
    }
}
