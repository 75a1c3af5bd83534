package org.kmemlab.script.module;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;

/** Test helpers: the example modules, throwaway module files, machines booted on a module. */
final class JsModules {
    private JsModules() {
    }

    static Path examples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples/modules"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("examples/modules not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("examples");
    }

    static Path simple() {
        return examples().resolve("modules/buddy-simple.js");
    }

    static Path skeleton() {
        return examples().resolve("modules/buddy-skeleton.js");
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    static MachineConfig config(String profile, String ram, boolean debug) {
        return MachineConfig.defaults().withProfile(profile).withRam(org.kmemlab.api.Profile.parseSize("ram", ram))
            .withDebug(debug);
    }

    static Kernel boot(MachineConfig c, Path module) {
        return Machine.boot(c.withModule("buddy", module.toString()));
    }
}
