package org.kmemlab.script.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;

/**
 * examples/modules/buddy-simple.js against buddy=linux (pcp and mobility off): the same pages, the same free lists
 * after every step, the same counters and log at the end; and the rest of the machine on top of it.
 */
class BuddySimpleTest {
    private static final int[] GFPS_X86_64 = {Gfp.GFP_KERNEL, Gfp.GFP_ATOMIC, Gfp.GFP_DMA, Gfp.GFP_DMA32,
        Gfp.GFP_HIGHUSER, Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, Gfp.GFP_KERNEL | Gfp.__GFP_COMP,
        Gfp.GFP_NOWAIT | Gfp.__GFP_NOWARN, Gfp.GFP_HIGHUSER_MOVABLE, Gfp.GFP_KERNEL | Gfp.__GFP_NORETRY};
    private static final int[] GFPS_I386 = {Gfp.GFP_KERNEL, Gfp.GFP_ATOMIC, Gfp.GFP_DMA, Gfp.GFP_HIGHUSER,
        Gfp.GFP_HIGHUSER_MOVABLE, Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, Gfp.GFP_HIGHUSER | Gfp.__GFP_COMP,
        Gfp.GFP_NOWAIT | Gfp.__GFP_NOWARN};

    /** An order: mostly small, sometimes up to MAX_ORDER - 1, rarely MAX_ORDER (always fails, warns once). */
    private static int order(Random r) {
        int x = r.nextInt(100);
        if (x < 45) {
            return 0;
        }
        if (x < 75) {
            return 1 + r.nextInt(3);
        }
        if (x < 99) {
            return 4 + r.nextInt(7);
        }
        return 11;
    }

    @ParameterizedTest(name = "{0} {1} debug={2} pages={4}")
    @CsvSource({"x86_64, 32M, true, 1, 4K", "x86_64, 32M, false, 2, 4K", "x86_64, 128M, true, 3, 4K",
        "i386, 1G, true, 4, 4K", "i386, 1G, false, 5, 4K", "x86_64, 128M, false, 6, 64K"})
    void aRandomSequenceMatchesBuddyLinuxStepByStep(String profile, String ram, boolean debug, long seed, String pageSize) {
        MachineConfig c = JsModules.config(profile, ram, debug)
            .withPageSize((int) org.kmemlab.api.Profile.parseSize("pageSize", pageSize));
        Kernel linux = Machine.boot(c.withModule("buddy", "linux"));
        Kernel js = JsModules.boot(c, JsModules.simple());
        assertTrue(js.pageAllocator() instanceof JsPageAllocator);
        assertEquals(linux.proc("buddyinfo"), js.proc("buddyinfo"), "after boot");
        assertEquals(linux.proc("zoneinfo"), js.proc("zoneinfo"), "after boot");
        int[] gfps = profile.equals("i386") ? GFPS_I386 : GFPS_X86_64;
        Random r = new Random(seed);
        List<long[]> held = new ArrayList<>();
        int failures = 0;
        int steps = ram.equals("1G") ? 800 : 1500;
        for (int step = 0; step < steps; step++) {
            String what;
            // phases: mostly allocating (toward exhaustion and the watermarks), then mostly freeing
            boolean alloc = held.isEmpty() || r.nextInt(100) < ((step / 250) % 2 == 0 ? 75 : 30);
            if (alloc) {
                int gfp = gfps[r.nextInt(gfps.length)];
                int order = order(r);
                what = String.format("step %d: alloc_pages(0x%x, %d)", step, gfp, order);
                long a = linux.alloc_pages(gfp, order);
                long b = js.alloc_pages(gfp, order);
                assertEquals(a, b, what);
                if (a >= 0) {
                    held.add(new long[] {a, order});
                } else {
                    failures++;
                }
            } else {
                long[] h = held.remove(r.nextInt(held.size()));
                what = "step " + step + ": __free_pages(" + h[0] + ", " + h[1] + ")";
                linux.__free_pages(h[0], (int) h[1]);
                js.__free_pages(h[0], (int) h[1]);
            }
            assertEquals(linux.proc("buddyinfo"), js.proc("buddyinfo"), what);
        }
        assertTrue(failures > 0 || ram.equals("1G"), "the sequence should run out of memory at times: " + failures);
        System.out.println(profile + " " + ram + " debug=" + debug + " pages=" + pageSize + ": " + steps + " steps, " + failures + " failed allocations, "
            + held.size() + " blocks held at the end");
        for (String view : new String[] {"zoneinfo", "vmstat", "meminfo", "pagetypeinfo"}) {
            assertEquals(linux.proc(view), js.proc(view), view + " at the end");
        }
        assertEquals(linux.dmesg(), js.dmesg(), "dmesg at the end");
        assertEquals(linux.tainted(), js.tainted());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"x86_64", "i386"})
    void bootsAndRunsTheRestOfTheMachineOnTop(String profile) {
        long t0 = System.nanoTime();
        Kernel k = JsModules.boot(JsModules.config(profile, "1G", true), JsModules.simple());
        long bootMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("buddy-simple.js", k.modules().get("buddy"));
        Kernel linux = Machine.boot(JsModules.config(profile, "1G", true));
        assertEquals(linux.proc("buddyinfo"), k.proc("buddyinfo"));
        long before = memFree(k);
        long p = k.kmalloc(200, Gfp.GFP_KERNEL);
        assertNotEquals(0, p);
        k.write(p, 8, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, k.read(p, 8));
        long v = k.vmalloc(3 << 20);
        assertNotEquals(0, v);
        k.write(v + 8192, 4, 7);
        assertEquals(7, k.read(v + 8192, 4));
        long z = k.get_zeroed_page(Gfp.GFP_KERNEL);
        assertEquals(0, k.memchr_inv(z, 0, 4096));
        assertTrue(memFree(k) < before, "MemFree drops");
        assertTrue(k.proc("slabinfo").contains("kmalloc-256"));
        assertTrue(k.proc("vmallocinfo").contains("vmalloc"));
        k.vfree(v);
        k.kfree(p);
        k.free_pages(z, 0);
        if (profile.equals("i386")) {
            long hi = k.alloc_pages(Gfp.GFP_HIGHUSER, 0);
            assertEquals("HighMem", k.page_zone(hi).get("name"));
            long addr = k.kmap(hi);
            k.write(addr, 4, 99);
            assertEquals(99, k.read(addr, 4));
            k.kunmap(hi);
            k.__free_pages(hi, 0);
        }
        // timing, for the record (docs/js-modules.md quotes these)
        long t1 = System.nanoTime();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            long pg = k.alloc_pages(Gfp.GFP_KERNEL, i % 4);
            k.__free_pages(pg, i % 4);
        }
        long pairUs = (System.nanoTime() - t1) / 1000 / n;
        System.out.println("buddy-simple.js on " + profile + " 1G: boot " + bootMs + " ms, alloc/free pair " + pairUs + " us");
    }

    @Test
    void aBadGfpCombinationIsTheKernelsBugUnchanged() {
        Kernel k = JsModules.boot(JsModules.config("x86_64", "64M", true), JsModules.simple());
        KernelBug e = org.junit.jupiter.api.Assertions.assertThrows(KernelBug.class,
            () -> k.alloc_pages(Gfp.__GFP_DMA | Gfp.__GFP_HIGHMEM, 0));
        assertTrue(e.getMessage().startsWith("kernel BUG at include/linux/gfp.h:"), e.getMessage());
    }

    @Test
    void pcpAndMobilityAreOffForJavaScriptModules() {
        MachineConfig c = JsModules.config("x86_64", "64M", true).withPcp(true).withMobility(true);
        Kernel k = JsModules.boot(c, JsModules.simple());
        long p = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        String before = k.proc("buddyinfo");
        k.__free_pages(p, 0);
        assertNotEquals(before, k.proc("buddyinfo"), "a freed page goes straight back to the buddy lists");
        assertTrue(k.dmesg().contains("no per-CPU lists and no mobility grouping"), k.dmesg());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> zi = (List<Map<String, Object>>) k.view("zoneinfo");
        assertTrue(zi.stream().allMatch(z -> ((Number) ((Map<?, ?>) z.get("pcp")).get("count")).intValue() == 0), zi.toString());
    }

    private static long memFree(Kernel k) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) k.view("meminfo");
        return ((Number) m.get("MemFree")).longValue();
    }
}
