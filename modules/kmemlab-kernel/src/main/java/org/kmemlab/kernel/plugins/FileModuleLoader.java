package org.kmemlab.kernel.plugins;

import java.nio.file.Path;

import org.kmemlab.api.Slot;
import org.kmemlab.api.SlotModule;

/**
 * Makes a slot implementation from a source file named where a module name goes
 * ({@code --module buddy=./my-buddy.js}). Found with ServiceLoader on kmemlab's class path; the script
 * module provides the one for JavaScript.
 */
public interface FileModuleLoader {
    /** Whether this loader reads files like {@code file} (by extension). */
    boolean accepts(Path file);

    /**
     * The module implementing {@code slot} from {@code file} (an absolute path); a file that cannot
     * implement it is an {@link IllegalArgumentException} with a one-line message.
     */
    SlotModule load(Slot slot, Path file);
}
