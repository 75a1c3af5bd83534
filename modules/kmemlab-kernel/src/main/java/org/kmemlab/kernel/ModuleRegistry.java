package org.kmemlab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import org.kmemlab.api.Slot;
import org.kmemlab.api.SlotModule;

/** Every slot implementation found with ServiceLoader, by slot and name, and the defaults. */
public final class ModuleRegistry {
    /** The implementation each slot gets when the user names none (null: the slot has none yet). */
    private static final Map<Slot, String> DEFAULTS = Map.of(Slot.PHYSMEM, "flat", Slot.BUDDY, "linux",
        Slot.SLAB, "slub");

    private static volatile ModuleRegistry builtIn;

    private final Map<Slot, Map<String, SlotModule>> bySlot = new LinkedHashMap<>();

    public ModuleRegistry(ClassLoader loader) {
        for (Slot s : Slot.values()) {
            bySlot.put(s, new LinkedHashMap<>());
        }
        for (SlotModule m : ServiceLoader.load(SlotModule.class, loader)) {
            bySlot.get(m.slot()).putIfAbsent(m.name(), m);
        }
    }

    /** The modules on kmemlab's own class path, loaded once per process. */
    public static ModuleRegistry builtIn() {
        ModuleRegistry r = builtIn;
        if (r == null) {
            r = new ModuleRegistry(ModuleRegistry.class.getClassLoader());
            builtIn = r;
        }
        return r;
    }

    /**
     * The default for a slot on a machine: x86 page tables need 4 KiB pages, so with larger pages the
     * {@code mmu} slot (and the {@code vmalloc} slot that maps through it) stays empty.
     */
    public static String defaultFor(Slot slot, org.kmemlab.api.MachineConfig config) {
        boolean paging = config.pageSize() == 4096;
        return switch (slot) {
            case MMU -> paging ? config.profile() : null;
            case VMALLOC -> paging ? "linux" : null;
            default -> DEFAULTS.get(slot);
        };
    }

    /** The module for a slot: the chosen name, else the default for the machine; null when there is none. */
    public SlotModule resolve(Slot slot, String chosen, org.kmemlab.api.MachineConfig config) {
        return resolve(slot, chosen != null ? chosen : defaultFor(slot, config));
    }

    /** The module for a slot: the chosen name, else the default; null when the slot has no implementation. */
    public SlotModule resolve(Slot slot, String chosen) {
        Map<String, SlotModule> m = bySlot.get(slot);
        String name = chosen != null ? chosen : DEFAULTS.get(slot);
        if (name == null) {
            return null;
        }
        SlotModule found = m.get(name);
        if (found == null) {
            String avail = m.isEmpty() ? "none yet" : String.join(", ", m.keySet());
            throw new IllegalArgumentException("unknown module '" + slot.id() + "=" + name + "'; available for "
                + slot.id() + ": " + avail);
        }
        return found;
    }

    /** "SLOT=NAME" for every implementation, slots in order. */
    public List<String> available() {
        List<String> out = new ArrayList<>();
        bySlot.forEach((slot, m) -> m.keySet().forEach(n -> out.add(slot.id() + "=" + n)));
        return out;
    }

    public List<SlotModule> all() {
        return bySlot.values().stream().flatMap(m -> m.values().stream()).collect(Collectors.toList());
    }
}
