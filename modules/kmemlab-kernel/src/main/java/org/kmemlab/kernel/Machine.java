package org.kmemlab.kernel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;

import org.kmemlab.api.EventBus;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Slot;
import org.kmemlab.api.VmStat;
import org.kmemlab.kernel.plugins.RegisteredModule;

/**
 * Boots a machine: one Guice injector from one module per slot, then the boot hand-over
 * (free_all_bootmem) and the initcalls that follow it.
 */
public final class Machine {
    private Machine() {
    }

    public static Kernel boot(MachineConfig config) {
        return boot(config, ModuleRegistry.current());
    }

    public static Kernel boot(MachineConfig config, ModuleRegistry registry) {
        Profile profile = new Profile(config);
        KernelLog log = new KernelLog();
        log.setDebugPagealloc(config.debug());
        log.setIs64(profile.is64);
        VmStat vmstat = new VmStat();
        EventBus events = new EventBus();
        Map<String, String> inUse = new LinkedHashMap<>();
        Module base = new AbstractModule() {
            @Override
            protected void configure() {
                bind(MachineConfig.class).toInstance(config);
                bind(Profile.class).toInstance(profile);
                bind(KernelLog.class).toInstance(log);
                bind(VmStat.class).toInstance(vmstat);
                bind(EventBus.class).toInstance(events);
            }
        };
        java.util.List<Module> modules = new java.util.ArrayList<>();
        modules.add(base);
        List<String> foreign = new java.util.ArrayList<>();
        for (Slot s : Slot.values()) {
            String chosen = config.modules().get(s.id());
            RegisteredModule r = registry.lookup(s, chosen != null ? chosen : ModuleRegistry.defaultFor(s, config));
            if (r != null) {
                modules.add(r.module().module());
                inUse.put(s.id(), r.module().name());
                if (!r.source().equals(RegisteredModule.BUILT_IN)) {
                    foreign.add(r.id() + " (" + r.source() + ")");
                }
            }
        }
        checkPaging(config, inUse);
        log.printk("Linux version 2.6.34 (kmemlab) " + Profile.formatSize(profile.ramBytes) + " RAM, profile "
            + profile.name + ", " + profile.pageSize + "-byte pages\n");
        Injector injector;
        try {
            injector = Guice.createInjector(Stage.DEVELOPMENT, modules);
        } catch (com.google.inject.CreationException e) {
            if (foreign.isEmpty()) {
                throw e; // a built-in module that does not bind is kmemlab's bug: keep the whole report
            }
            String first = e.getErrorMessages().iterator().next().getMessage().lines().findFirst().orElse("?");
            throw new IllegalArgumentException("module " + String.join(", ", foreign) + " failed to bind: " + first);
        }
        try {
            PhysMem phys = injector.getInstance(PhysMem.class);
            if (injector.getExistingBinding(com.google.inject.Key.get(Mmu.class)) != null) {
                Mmu mmu = injector.getInstance(Mmu.class);
                mmu.pagingInit(); // before free_all_bootmem: boot page tables are reserved early
                Map<String, Long> dm = mmu.directMapKb();
                log.printk(String.format("init_memory_mapping: 0000000000000000-%016x (%s)%n", profile.ramBytes,
                    String.join(", ", dm.entrySet().stream().map(e -> e.getKey() + " " + e.getValue() + " kB").toList())));
            }
            PageAllocator buddy = injector.getInstance(PageAllocator.class);
            long totalram = freeAllBootmem(phys, buddy);
            buddy.bootComplete();
            long reservedK = (profile.maxPfn - totalram) * (profile.pageSize / 1024);
            log.printk(String.format("Memory: %dk/%dk available (%dk kernel image, %dk reserved)%n",
                totalram * (profile.pageSize / 1024), profile.ramBytes / 1024, Profile.KERNEL_IMAGE_SIZE / 1024, reservedK));
            log.printk(String.format("min_free_kbytes: %d%n", phys.minFreeKbytes()));
            return new LinuxKernel(config, profile, phys, buddy, injector, log, vmstat, events, totalram, inUse, registry);
        } catch (com.google.inject.ProvisionException | com.google.inject.ConfigurationException | LinkageError e) {
            if (foreign.isEmpty()) {
                throw e;
            }
            throw new IllegalArgumentException("module " + String.join(", ", foreign) + " failed to start: "
                + org.kmemlab.kernel.plugins.PluginLoader.reason(e));
        }
    }

    /** The x86 mmu modules fit one profile each and need 4 KiB pages; vmalloc needs an mmu to map through. */
    private static void checkPaging(MachineConfig config, Map<String, String> inUse) {
        String mmu = inUse.get("mmu");
        if (mmu != null && List.of("x86_64", "i386", "i386-pae").contains(mmu)) {
            boolean fits = mmu.equals("x86_64") == config.profile().equals("x86_64");
            if (!fits) {
                throw new IllegalArgumentException("module 'mmu=" + mmu + "' does not fit profile " + config.profile()
                    + "; use " + (config.profile().equals("x86_64") ? "mmu=x86_64" : "mmu=i386 or mmu=i386-pae"));
            }
            if (config.pageSize() != 4096) {
                throw new IllegalArgumentException("module 'mmu=" + mmu + "' needs 4K pages (x86 page tables); this machine has "
                    + Profile.formatSize(config.pageSize()) + " pages");
            }
        }
        if (inUse.containsKey("vmalloc") && mmu == null) {
            throw new IllegalArgumentException("module 'vmalloc=" + inUse.get("vmalloc") + "' needs an mmu module to map"
                + " through; with " + Profile.formatSize(config.pageSize()) + " pages there is none (x86 paging needs 4K pages)");
        }
    }

    /**
     * free_all_bootmem(): every frame outside the boot reservations leaves PG_reserved and goes to the
     * page allocator, in the largest aligned blocks, ascending (the end state of the kernel's 64-page
     * chunks after coalescing, with the same list order). Returns totalram_pages.
     */
    static long freeAllBootmem(PhysMem phys, PageAllocator buddy) {
        MemMap map = phys.memMap();
        long total = 0;
        List<long[]> ranges = phys.bootFreeRanges();
        for (long[] r : ranges) {
            long pfn = r[0];
            long end = r[1];
            while (pfn < end) {
                int order = Profile.MAX_ORDER - 1;
                while (order > 0 && ((pfn & ((1L << order) - 1)) != 0 || pfn + (1L << order) > end
                    || map.zoneIdx(pfn) != map.zoneIdx(pfn + (1L << order) - 1))) {
                    order--;
                }
                long n = 1L << order;
                for (long i = 0; i < n; i++) {
                    map.clear(pfn + i, PageFlags.PG_reserved); // __ClearPageReserved
                }
                buddy.freeBootmem(pfn, order);
                total += n;
                pfn += n;
            }
        }
        return total;
    }
}
