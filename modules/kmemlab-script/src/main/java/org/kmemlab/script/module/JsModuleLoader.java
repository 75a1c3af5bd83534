package org.kmemlab.script.module;

import java.nio.file.Path;

import org.kmemlab.api.Slot;
import org.kmemlab.api.SlotModule;
import org.kmemlab.kernel.plugins.FileModuleLoader;

/**
 * Makes slot modules from JavaScript files ({@code --module buddy=./my-buddy.js},
 * {@code machine({ modules: { buddy: "./my-buddy.js" } })}); registered for ServiceLoader in
 * {@code META-INF/services/org.kmemlab.kernel.plugins.FileModuleLoader}. JavaScript can implement the
 * {@code buddy} slot ({@link JsPageAllocator}); the file is read on every boot, so an edit shows on the next
 * {@code machine()}.
 */
public final class JsModuleLoader implements FileModuleLoader {
    @Override
    public boolean accepts(Path file) {
        return file.getFileName() != null && file.getFileName().toString().endsWith(".js");
    }

    @Override
    public SlotModule load(Slot slot, Path file) {
        if (slot != Slot.BUDDY) {
            throw new JsModuleError("JavaScript modules can implement the buddy slot only; " + slot.id() + "=" + file
                + " must be a built-in module or come from a plugin jar (kmemlab modules lists them)");
        }
        return new JsBuddyModule(JsModuleFile.read(file));
    }
}
