package org.kmemlab.grader;

import java.util.List;
import java.util.Map;

import org.kmemlab.api.Slot;
import org.kmemlab.kernel.ModuleRegistry;
import org.kmemlab.kernel.plugins.RegisteredModule;

/** Which module of a submitted plugin jar implements each slot of the assignment: exactly one per slot. */
final class PluginChoice {
    private PluginChoice() {
    }

    /** Fills {@code chosen} slot → module name; returns a one-line problem instead when a slot has none or several. */
    static String choose(ModuleRegistry registry, List<String> slots, Map<String, String> chosen) {
        for (String slotId : slots) {
            Slot slot = Slot.parse(slotId);
            List<RegisteredModule> mine = registry.registered().stream()
                .filter(m -> m.module().slot() == slot && !m.source().equals(RegisteredModule.BUILT_IN))
                .toList();
            if (mine.size() != 1) {
                String why = registry.problems().isEmpty() ? "" : " (" + String.join("; ", registry.problems()) + ")";
                if (mine.isEmpty()) {
                    return "the jar has no implementation of the " + slotId + " slot" + why;
                }
                return "the jar has " + mine.size() + " implementations of the " + slotId + " slot ("
                    + String.join(", ", mine.stream().map(RegisteredModule::id).toList()) + "); keep exactly one";
            }
            chosen.put(slotId, mine.get(0).module().name());
        }
        return null;
    }
}
