package org.kmemlab.script;

import java.nio.file.Path;

/** examples/scenarios for tests in other packages. */
public final class ExampleScenariosTestAccess {
    private ExampleScenariosTestAccess() {
    }

    public static Path examples() {
        return ExampleScenariosTest.examples();
    }
}
