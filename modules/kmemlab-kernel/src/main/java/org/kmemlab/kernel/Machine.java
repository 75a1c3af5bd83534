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
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Slot;
import org.kmemlab.api.SlotModule;
import org.kmemlab.api.VmStat;

/**
 * Boots a machine: one Guice injector from one module per slot, then the boot hand-over
 * (free_all_bootmem) and the initcalls that follow it.
 */
public final class Machine {
    private Machine() {
    }

    public static Kernel boot(MachineConfig config) {
        return boot(config, ModuleRegistry.builtIn());
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
        for (Slot s : Slot.values()) {
            SlotModule m = registry.resolve(s, config.modules().get(s.id()));
            if (m != null) {
                modules.add(m.module());
                inUse.put(s.id(), m.name());
            }
        }
        log.printk("Linux version 2.6.34 (kmemlab) " + Profile.formatSize(profile.ramBytes) + " RAM, profile "
            + profile.name + ", " + profile.pageSize + "-byte pages\n");
        Injector injector = Guice.createInjector(Stage.DEVELOPMENT, modules);
        PhysMem phys = injector.getInstance(PhysMem.class);
        PageAllocator buddy = injector.getInstance(PageAllocator.class);
        long totalram = freeAllBootmem(phys, buddy);
        buddy.bootComplete();
        long reservedK = (profile.maxPfn - totalram) * (profile.pageSize / 1024);
        log.printk(String.format("Memory: %dk/%dk available (%dk kernel image, %dk reserved)%n",
            totalram * (profile.pageSize / 1024), profile.ramBytes / 1024, Profile.KERNEL_IMAGE_SIZE / 1024, reservedK));
        log.printk(String.format("min_free_kbytes: %d%n", phys.minFreeKbytes()));
        return new LinuxKernel(config, profile, phys, buddy, injector, log, vmstat, events, totalram, inUse, registry);
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
