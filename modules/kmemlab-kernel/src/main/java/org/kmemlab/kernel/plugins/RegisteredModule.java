package org.kmemlab.kernel.plugins;

import org.kmemlab.api.SlotModule;

/** A slot implementation and where it came from: {@code built-in}, a plugin jar's path, or a module file's path. */
public record RegisteredModule(SlotModule module, String source) {
    public static final String BUILT_IN = "built-in";

    /** {@code SLOT=NAME}. */
    public String id() {
        return module.slot().id() + "=" + module.name();
    }

    /** The line {@code kmemlab modules} prints: {@code SLOT=NAME  (source)}. */
    public String line() {
        return id() + "  (" + source + ")";
    }
}
