package org.kmemlab.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Slot;
import org.kmemlab.api.SlotModule;
import org.kmemlab.kernel.plugins.FileModuleLoader;
import org.kmemlab.kernel.plugins.PluginLoader;
import org.kmemlab.kernel.plugins.RegisteredModule;

/**
 * Every slot implementation by slot and name, with where it came from: kmemlab's class path
 * ({@code built-in}, found with ServiceLoader), plugin jars (each in its own class loader, see
 * {@link PluginLoader}), and module files named by path ({@code buddy=./my-buddy.js}, made by a
 * {@link FileModuleLoader}). Problems with plugins are kept as one-line messages; the rest keeps working.
 */
public final class ModuleRegistry {
    /** The implementation each slot gets when the user names none (null: the slot has none yet). */
    private static final Map<Slot, String> DEFAULTS = Map.of(Slot.PHYSMEM, "flat", Slot.BUDDY, "linux",
        Slot.SLAB, "slub");

    private static volatile ModuleRegistry builtIn;
    private static volatile ModuleRegistry current;

    private final ClassLoader loader;
    private final Map<Slot, Map<String, RegisteredModule>> bySlot = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** The implementations on a class path (built-in). */
    public ModuleRegistry(ClassLoader loader) {
        this.loader = loader;
        for (Slot s : Slot.values()) {
            bySlot.put(s, new LinkedHashMap<>());
        }
        for (SlotModule m : ServiceLoader.load(SlotModule.class, loader)) {
            bySlot.get(m.slot()).putIfAbsent(m.name(), new RegisteredModule(m, RegisteredModule.BUILT_IN));
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

    /** The registry machines boot from when none is given: the built-ins unless the CLI installed one with plugins. */
    public static ModuleRegistry current() {
        ModuleRegistry r = current;
        return r != null ? r : builtIn();
    }

    /** Make {@code r} the registry for {@link #current()} (the CLI does, after loading plugins). */
    public static void install(ModuleRegistry r) {
        current = r;
    }

    /**
     * The built-in modules plus those of every plugin jar in {@code locations} (directories of jars, or jars),
     * in order: when two give the same SLOT=NAME the first one wins and the second is reported.
     */
    public static ModuleRegistry withPlugins(List<Path> locations) {
        ModuleRegistry r = new ModuleRegistry(ModuleRegistry.class.getClassLoader());
        for (Path loc : locations) {
            List<Path> jars;
            try {
                jars = PluginLoader.jarsIn(loc);
            } catch (IOException e) {
                r.problems.add("plugins " + loc + ": cannot list the directory (" + e.getMessage() + ")");
                continue;
            }
            for (Path jar : jars) {
                for (RegisteredModule m : PluginLoader.load(jar, r.loader, r.problems::add)) {
                    r.add(m);
                }
            }
        }
        return r;
    }

    private void add(RegisteredModule m) {
        Map<String, RegisteredModule> slot = bySlot.get(m.module().slot());
        RegisteredModule had = slot.get(m.module().name());
        if (had != null) {
            problems.add("plugin " + m.source() + ": " + m.id() + " is already provided by " + had.source()
                + "; this one is ignored (rename it in the plugin)");
            return;
        }
        slot.put(m.module().name(), m);
    }

    /**
     * The default for a slot on a machine: x86 page tables need 4 KiB pages, so with larger pages the
     * {@code mmu} slot (and the {@code vmalloc} slot that maps through it) stays empty.
     */
    public static String defaultFor(Slot slot, MachineConfig config) {
        boolean paging = config.pageSize() == 4096;
        return switch (slot) {
            case MMU -> paging ? config.profile() : null;
            case VMALLOC -> paging ? "linux" : null;
            default -> DEFAULTS.get(slot);
        };
    }

    /** The module for a slot: the chosen name, else the default for the machine; null when there is none. */
    public SlotModule resolve(Slot slot, String chosen, MachineConfig config) {
        return resolve(slot, chosen != null ? chosen : defaultFor(slot, config));
    }

    /** The module for a slot: the chosen name (or module file), else the default; null when the slot has none. */
    public SlotModule resolve(Slot slot, String chosen) {
        RegisteredModule r = lookup(slot, chosen);
        return r == null ? null : r.module();
    }

    /** Like {@link #resolve(Slot, String)}, with the module's source. */
    public RegisteredModule lookup(Slot slot, String chosen) {
        String name = chosen != null ? chosen : DEFAULTS.get(slot);
        if (name == null) {
            return null;
        }
        if (isFile(name)) {
            return loadFile(slot, Path.of(name));
        }
        Map<String, RegisteredModule> m = bySlot.get(slot);
        RegisteredModule found = m.get(name);
        if (found == null) {
            String avail = m.isEmpty() ? "none yet" : String.join(", ", m.keySet());
            throw new IllegalArgumentException("unknown module '" + slot.id() + "=" + name + "'; available for "
                + slot.id() + ": " + avail + (problems.isEmpty() ? "" : " (some plugins failed to load: kmemlab modules)")
                + ", or a module file such as ./my-" + slot.id() + ".js");
        }
        return found;
    }

    /** A module name that is a path: it has a directory separator or a file extension such as .js. */
    public static boolean isFile(String name) {
        return name.contains("/") || name.contains("\\") || name.endsWith(".js");
    }

    private RegisteredModule loadFile(Slot slot, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new IllegalArgumentException("module file '" + file + "' for " + slot.id() + " not found");
        }
        for (FileModuleLoader l : ServiceLoader.load(FileModuleLoader.class, loader)) {
            if (l.accepts(abs)) {
                return new RegisteredModule(l.load(slot, abs), abs.toString());
            }
        }
        throw new IllegalArgumentException("module file '" + file + "': kmemlab reads modules from .js files"
            + " (JavaScript) and plugin jars (put those in plugins/ or pass --plugins DIR)");
    }

    /** "SLOT=NAME" for every implementation, slots in order. */
    public List<String> available() {
        return registered().stream().map(RegisteredModule::id).collect(Collectors.toList());
    }

    /** Every implementation with its source, slots in order. */
    public List<RegisteredModule> registered() {
        return bySlot.values().stream().flatMap(m -> m.values().stream()).collect(Collectors.toList());
    }

    public List<SlotModule> all() {
        return registered().stream().map(RegisteredModule::module).collect(Collectors.toList());
    }

    /** One line per plugin that failed to load, duplicated a name, or failed to bind. */
    public List<String> problems() {
        return List.copyOf(problems);
    }
}
