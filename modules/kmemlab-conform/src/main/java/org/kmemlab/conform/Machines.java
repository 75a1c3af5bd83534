package org.kmemlab.conform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Slot;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.kmemlab.kernel.ModuleRegistry;

/**
 * What a check gets: the module under test and the machine options to boot it with. Every check boots its
 * own machines, so one check's damage never leaks into the next.
 */
public final class Machines {
    private final Slot slot;
    private final String module;
    private final MachineConfig config;
    private final ModuleRegistry registry;

    Machines(Slot slot, String module, MachineConfig base, ModuleRegistry registry) {
        this.slot = slot;
        this.module = module;
        this.config = base.withModule(slot.id(), module);
        this.registry = registry;
    }

    public Slot slot() {
        return slot;
    }

    /** The module name under test (a name or a module file's path). */
    public String module() {
        return module;
    }

    /** The machine options with the module under test chosen. */
    public MachineConfig config() {
        return config;
    }

    /** Boots the machine the user described. */
    public Kernel boot() {
        return boot(config);
    }

    /** Boots a variant of it, e.g. {@code c -> c.withDebug(true)}. */
    public Kernel boot(UnaryOperator<MachineConfig> change) {
        return boot(change.apply(config));
    }

    /**
     * Boots the module under test on another profile and RAM size (rounded up to whole MAX_ORDER blocks of the
     * machine's page size). The user's choice of an mmu module is dropped unless the mmu is what is tested (an
     * x86 mmu fits one profile); the other options stay.
     */
    public Kernel bootProfile(String profile, long ram) {
        long unit = (long) config.pageSize() << (Profile.MAX_ORDER - 1); // RAM is whole MAX_ORDER blocks
        ram = Math.max(Profile.MIN_RAM, (ram + unit - 1) / unit * unit);
        Map<String, String> modules = new LinkedHashMap<>(config.modules());
        if (slot != Slot.MMU) {
            modules.remove(Slot.MMU.id());
        }
        MachineConfig c = new MachineConfig(profile, ram, config.pageSize(), config.debug(), config.pcp(),
            config.mobility(), config.seed(), modules, config.cmdline());
        return boot(c);
    }

    private Kernel boot(MachineConfig c) {
        return Machine.boot(c.withModule(slot.id(), module), registry);
    }
}
