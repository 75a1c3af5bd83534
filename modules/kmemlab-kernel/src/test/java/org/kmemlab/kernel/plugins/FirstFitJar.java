package org.kmemlab.kernel.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.kmemlab.kernel.ModuleRegistry;

/**
 * The example plugin's jar (examples/plugins/first-fit/target/first-fit.jar), which the reactor builds before
 * this module; surefire passes its path as {@code kmemlab.firstFitJar}. The plugin is never on the test class
 * path: it is loaded from the jar, through {@link ModuleRegistry#withPlugins}.
 */
final class FirstFitJar {
    private FirstFitJar() {
    }

    /** The jar, absolute and normalised. */
    static Path jar() {
        String prop = System.getProperty("kmemlab.firstFitJar");
        if (prop == null) {
            fail("system property kmemlab.firstFitJar is not set (surefire sets it in modules/kmemlab-kernel/pom.xml)");
        }
        Path jar = Path.of(prop).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            fail(jar + " does not exist: build the plugin first (mvn -o package in examples/plugins/first-fit,"
                + " or mvn verify from the root, which builds it before this module)");
        }
        return jar;
    }

    /** The built-in modules plus those in the jar's directory, with no problems. */
    static ModuleRegistry registry() {
        ModuleRegistry r = ModuleRegistry.withPlugins(List.of(jar().getParent()));
        assertEquals(List.of(), r.problems());
        return r;
    }

    /** A machine with buddy=first-fit. */
    static Kernel boot(MachineConfig config) {
        Kernel k = Machine.boot(config.withModule("buddy", "first-fit"), registry());
        assertEquals("first-fit", k.modules().get("buddy"));
        assertTrue(!k.pageAllocator().getClass().getName().startsWith("org.kmemlab.buddy."));
        return k;
    }
}
