package org.kmemlab.script.module;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Singleton;

import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.Slot;
import org.kmemlab.api.SlotModule;

/** {@code buddy=FILE.js}: the buddy slot bound to {@link JsPageAllocator} running one JavaScript file. */
final class JsBuddyModule implements SlotModule {
    private final JsModuleFile file;

    JsBuddyModule(JsModuleFile file) {
        this.file = file;
    }

    @Override
    public Slot slot() {
        return Slot.BUDDY;
    }

    /** The file name ({@code my-buddy.js}); the registry keeps the absolute path as the module's source. */
    @Override
    public String name() {
        return file.fileName();
    }

    @Override
    public String description() {
        return "JavaScript page allocator module " + file.path();
    }

    @Override
    public Module module() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(JsModuleFile.class).toInstance(file);
                bind(JsPageAllocator.class).in(Singleton.class);
                bind(PageAllocator.class).to(JsPageAllocator.class);
            }
        };
    }
}
