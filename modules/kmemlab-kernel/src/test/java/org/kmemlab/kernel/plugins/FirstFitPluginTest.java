package org.kmemlab.kernel.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Profile;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.kmemlab.kernel.ModuleRegistry;

/**
 * examples/plugins/first-fit, loaded from its jar: it is found and listed with its path, a machine boots with
 * it on both profiles, and the rest of the kernel (slab, vmalloc, highmem, the /proc views) works on top.
 */
class FirstFitPluginTest {
    @Test
    void theJarInADirectoryIsListedAsBuddyFirstFitWithItsPath() {
        Path jar = FirstFitJar.jar();
        ModuleRegistry r = ModuleRegistry.withPlugins(List.of(jar.getParent()));
        assertEquals(List.of(), r.problems());
        RegisteredModule m = r.registered().stream().filter(x -> x.id().equals("buddy=first-fit")).findFirst()
            .orElseThrow(() -> new AssertionError("buddy=first-fit not listed: " + r.available()));
        assertEquals(jar.toString(), m.source());
        assertEquals("buddy=first-fit  (" + jar + ")", m.line());
        assertTrue(m.module().description().contains("first fit"));
        assertTrue(r.available().containsAll(List.of("physmem=flat", "buddy=linux", "slab=slub")), "built-ins stay");
        // the plugin is not on kmemlab's class path: only the registry made from the jar knows it
        assertFalse(ModuleRegistry.builtIn().available().contains("buddy=first-fit"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.kmemlab.examples.firstfit.FirstFit"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "i386"})
    void atBootTheViewsMatchTheBuddyAllocatorsOnTheSameFreeFrames(String profile) {
        MachineConfig c = MachineConfig.defaults().withProfile(profile);
        Kernel ff = FirstFitJar.boot(c);
        Kernel linux = Machine.boot(c);
        // the same free frames: a buddy allocator's lists hold them as the maximal aligned blocks the view shows
        for (String view : List.of("buddyinfo", "pagetypeinfo", "zoneinfo", "meminfo", "vmstat")) {
            assertEquals(linux.proc(view), ff.proc(view), "/proc/" + view);
        }
        assertEquals(linux.view("buddyinfo"), ff.view("buddyinfo"));
        assertEquals("", ff.tainted());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "i386"})
    void slabVmallocAndHighmemRunOnTop(String profile) {
        Kernel k = FirstFitJar.boot(MachineConfig.defaults().withProfile(profile));
        long memFree = meminfo(k).get("MemFree");

        List<Long> objs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long size = 8 + (i * 37) % 3000;
            long a = k.kmalloc(size, Gfp.GFP_KERNEL);
            assertNotEquals(0, a, "kmalloc(" + size + ")");
            k.write(a, 4, 0x1000 + i);
            objs.add(a);
        }
        long big = k.kmalloc(64 << 10, Gfp.GFP_KERNEL); // beyond the slab sizes: straight from the buddy slot
        assertNotEquals(0, big);
        k.memset(big, 0x5a, 64 << 10);
        assertEquals(0, k.memchr_inv(big, 0x5a, 64 << 10));
        for (int i = 0; i < objs.size(); i++) {
            assertEquals(0x1000 + i, k.read(objs.get(i), 4));
        }
        assertTrue(meminfo(k).get("Slab") > 0);
        assertTrue(k.proc("slabinfo").contains("kmalloc-"));

        long v = k.vmalloc(1 << 20);
        assertNotEquals(0, v);
        k.memset(v, 0xa5, 1 << 20);
        assertEquals(0, k.memchr_inv(v, 0xa5, 1 << 20));
        long pfn = k.vmalloc_to_pfn(v + 4096);
        assertEquals(0xa5, k.read(k.page_address(pfn) == 0 ? k.kmap(pfn) : k.page_address(pfn), 1));
        assertTrue(k.proc("vmallocinfo").contains("vmalloc"));
        assertTrue(meminfo(k).get("MemFree") < memFree);

        if (profile.equals("i386")) {
            long high = k.alloc_pages(Gfp.GFP_HIGHUSER | Gfp.__GFP_ZERO, 1);
            assertEquals("HighMem", k.page_zone(high).get("name"));
            long addr = k.kmap(high);
            assertEquals(0, k.memchr_inv(addr, 0, 4096));
            k.kunmap(high);
            k.__free_pages(high, 1);
        }

        k.vfree(v);
        k.kfree(big);
        objs.forEach(k::kfree);
        @SuppressWarnings("unchecked")
        Map<String, List<Long>> buddyinfo = (Map<String, List<Long>>) k.view("buddyinfo");
        assertEquals(Profile.MAX_ORDER, buddyinfo.values().iterator().next().size());
        assertTrue(k.proc("buddyinfo").startsWith("Node 0, zone      DMA "));
        assertEquals("", k.tainted());
    }

    @Test
    void theMmuIsInjectedSoDebugPageallocUnmapsFreedPagesInThePageTables() {
        Kernel k = FirstFitJar.boot(MachineConfig.defaults().withRam(64L << 20).withDebug(true));
        long pfn = k.alloc_pages(Gfp.GFP_KERNEL, 1);
        long va = k.page_address(pfn);
        assertEquals(pfn << 12, k.translate(va));
        k.__free_pages(pfn, 1);
        assertEquals(-1, k.translate(va), "a freed page is not present in the direct map (kernel_map_pages)");
        assertEquals(-1, k.translate(va + 4096));
        assertEquals(pfn, k.alloc_pages(Gfp.GFP_KERNEL, 1), "first fit hands the lowest fitting block out again");
        assertEquals(pfn << 12, k.translate(va));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Long> meminfo(Kernel k) {
        return (Map<String, Long>) k.view("meminfo");
    }
}
