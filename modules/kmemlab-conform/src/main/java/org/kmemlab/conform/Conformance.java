package org.kmemlab.conform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Slot;
import org.kmemlab.kernel.ModuleRegistry;

/**
 * The conformance kit: runs a slot's contract against one implementation (built-in, plugin jar or module
 * file, whatever {@link ModuleRegistry#lookup} resolves) on machines booted from a {@link MachineConfig}.
 * The contracts check only what every implementation of the slot must guarantee, through the slot
 * interfaces and the kernel facade, never an implementation's internals.
 */
public final class Conformance {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final ModuleRegistry registry;
    private final CheckRunner runner;
    private final Duration timeout;

    /** The registry machines boot from ({@link ModuleRegistry#current()}) and the default time limit. */
    public Conformance() {
        this(ModuleRegistry.current(), DEFAULT_TIMEOUT);
    }

    public Conformance(ModuleRegistry registry, Duration timeout) {
        this.registry = registry;
        this.runner = new CheckRunner(timeout);
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /** A slot's contract, in the order the checks run. */
    public static List<Check> contract(Slot slot) {
        return switch (slot) {
            case BUDDY -> BuddyContract.checks();
            case SLAB -> SlabContract.checks();
            case VMALLOC -> VmallocContract.checks();
            case MMU -> MmuContract.checks();
            case PHYSMEM -> PhysmemContract.checks();
        };
    }

    /** The names of a slot's checks. */
    public static List<String> checkNames(Slot slot) {
        return contract(slot).stream().map(Check::name).toList();
    }

    /** Every check of the slot's contract. */
    public List<CheckResult> run(Slot slot, String module, MachineConfig config) {
        return run(slot, module, config, List.of(), r -> { });
    }

    /**
     * Runs the checks named in {@code only} (all when empty) in contract order and hands each result to
     * {@code each} as it comes. Bad input (an unknown module or check name, a machine the slot cannot
     * boot on) is an {@link IllegalArgumentException} before anything runs; after that nothing throws.
     */
    public List<CheckResult> run(Slot slot, String module, MachineConfig config, Collection<String> only,
                                 Consumer<CheckResult> each) {
        if (module == null || module.isBlank()) {
            throw new IllegalArgumentException("no module named for the " + slot.id() + " slot");
        }
        registry.lookup(slot, module); // an unknown name or a missing file fails here, with the choices
        if ((slot == Slot.MMU || slot == Slot.VMALLOC) && config.pageSize() != 4096) {
            throw new IllegalArgumentException("the " + slot.id() + " slot needs 4K pages (x86 paging); this machine has "
                + Profile.formatSize(config.pageSize()) + " pages");
        }
        List<Check> checks = select(slot, only);
        Machines machines = new Machines(slot, module, config, registry);
        List<CheckResult> results = new ArrayList<>();
        for (Check c : checks) {
            CheckResult r = runner.run(slot.id(), c, machines);
            results.add(r);
            try {
                each.accept(r);
            } catch (RuntimeException e) {
                // a printer that fails must not stop the run
            }
        }
        return results;
    }

    private static List<Check> select(Slot slot, Collection<String> only) {
        List<Check> all = contract(slot);
        if (only.isEmpty()) {
            return all;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String n : only) {
            String name = n.startsWith(slot.id() + "/") ? n.substring(slot.id().length() + 1) : n;
            if (all.stream().noneMatch(c -> c.name().equals(name))) {
                throw new IllegalArgumentException("unknown check '" + n + "' for the " + slot.id() + " slot; its checks are "
                    + String.join(", ", checkNames(slot)));
            }
            wanted.add(name);
        }
        return all.stream().filter(c -> wanted.contains(c.name())).toList();
    }

    /** {@code N passed, N failed}, and {@code , N warnings} when an advisory check warned. */
    public static String summary(List<CheckResult> results) {
        long passed = results.stream().filter(CheckResult::passed).count();
        long failed = results.stream().filter(CheckResult::failed).count();
        long warned = results.size() - passed - failed;
        return passed + " passed, " + failed + " failed"
            + (warned == 0 ? "" : ", " + warned + (warned == 1 ? " warning" : " warnings"));
    }
}
