package org.kmemlab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.Zone;

/**
 * Random kmalloc/kfree/kmem_cache sequences, checked after every step: live objects never overlap, every
 * object lies in a slab page (or a compound page for large kmalloc), ksize >= the request, zeroing holds,
 * slabinfo adds up, and after freeing everything and shrinking, every page is back. 104,000 operations
 * per allocator (four runs of 26,000): the slab slot's conformance property test.
 */
class SlabPropertyTest {
    @ParameterizedTest(name = "slab={0} seed {1} debug={2} {3}")
    @CsvSource({"slub, 1, false, x86_64", "slub, 2, true, x86_64", "slub, 3, false, i386", "slub, 4, true, i386",
        "slob, 5, false, x86_64", "slob, 6, true, i386", "slob, 7, true, x86_64", "slob, 8, false, i386",
        "slab, 9, false, x86_64", "slab, 10, true, i386", "slab, 11, true, x86_64", "slab, 12, false, i386"})
    void randomKmallocKeepsInvariants(String slab, long seed, boolean debug, String profile) {
        Kernel k = Machine.boot(MachineConfig.defaults().withProfile(profile).withRam(128L << 20).withDebug(debug)
            .withModule("slab", slab).withSeed(seed));
        MemMap map = k.physmem().memMap();
        long free0 = k.physmem().zones().stream().mapToLong(Zone::nrFreePages).sum();
        Random r = new Random(seed);
        TreeMap<Long, Long> live = new TreeMap<>(Long::compareUnsigned); // address -> requested size
        Map<Long, SlabAllocator.KmemCache> owner = new java.util.HashMap<>();
        List<SlabAllocator.KmemCache> caches = new ArrayList<>();
        caches.add(k.kmem_cache_create("prop_a", 24, 0, 0, null));
        caches.add(k.kmem_cache_create("prop_b", 700, 64, 0x2000, a -> { }));
        caches.add(k.kmem_cache_create("prop_c", 3000, 0, 0x20000, null));
        int ops = 26_000;
        for (int step = 0; step < ops; step++) {
            if (live.isEmpty() || r.nextInt(100) < 55) {
                long size;
                long a;
                SlabAllocator.KmemCache c = null;
                boolean zero = r.nextInt(4) == 0;
                int gfp = Gfp.GFP_KERNEL | (zero ? Gfp.__GFP_ZERO : 0);
                if (r.nextInt(3) == 0) {
                    c = caches.get(r.nextInt(caches.size()));
                    size = c.objsize();
                    a = k.kmem_cache_alloc(c, gfp);
                } else {
                    size = r.nextInt(100) < 95 ? 1 + r.nextInt(2048) : 8193 + r.nextInt(40000);
                    a = k.kmalloc(size, gfp);
                }
                assertNotEquals(0, a, "allocation failed on a machine with plenty of memory");
                check(k, map, live, a, size, c == null);
                if (zero) {
                    assertEquals(0, k.memchr_inv(a, 0, size), "zeroed");
                }
                k.write(a, 1, 0x5c); // touch the first byte, like a user would
                live.put(a, size);
                if (c != null) {
                    owner.put(a, c);
                }
            } else {
                List<Long> keys = new ArrayList<>(live.keySet());
                long a = keys.get(r.nextInt(keys.size()));
                live.remove(a);
                SlabAllocator.KmemCache c = owner.remove(a);
                if (c != null) {
                    k.kmem_cache_free(c, a);
                } else {
                    k.kfree(a);
                }
            }
            if (step % 50 == 0) {
                slabinfoAddsUp(k);
            }
        }
        for (Map.Entry<Long, Long> e : live.entrySet()) {
            SlabAllocator.KmemCache c = owner.get(e.getKey());
            if (c != null) {
                k.kmem_cache_free(c, e.getKey());
            } else {
                k.kfree(e.getKey());
            }
        }
        for (SlabAllocator.KmemCache c : caches) {
            k.kmem_cache_shrink(c);
            k.kmem_cache_destroy(c);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) k.view("slabinfo");
        long allSlabs = rows.stream().mapToLong(row -> (Long) row.get("num_slabs")).sum();
        for (Map<String, Object> row : rows) {
            // slabinfo counts objects held per CPU as active (reference §8): SLUB's CPU slab (one slab's worth),
            // SLAB's array cache (up to its limit)
            long bound = Math.max((Long) row.get("objperslab"), (Long) row.get("limit"));
            if (slab.equals("slab")) {
                bound += allSlabs; // off-slab struct slabs live as objects in the small general caches
            }
            assertTrue((Long) row.get("active_objs") <= bound, row.get("name") + " still has objects");
        }
        long slabPages = k.physmem().zones().stream()
            .mapToLong(z -> z.vmStat[Zone.NR_SLAB_RECLAIMABLE] + z.vmStat[Zone.NR_SLAB_UNRECLAIMABLE]).sum();
        long free = k.physmem().zones().stream().mapToLong(Zone::nrFreePages).sum();
        assertEquals(free0, free + slabPages, "every page is free or an (empty) cached slab");
        assertEquals("", k.tainted());
    }

    private static void check(Kernel k, MemMap map, TreeMap<Long, Long> live, long a, long size, boolean kmalloced) {
        if (kmalloced) {
            assertTrue(k.ksize(a) >= size, "ksize >= requested"); // ksize is defined for kmalloc'd memory only (SLOB)
        }
        Map.Entry<Long, Long> below = live.floorEntry(a);
        if (below != null && Long.compareUnsigned(below.getKey() + Math.max(below.getValue(), 1), a) > 0) {
            fail("object " + Long.toHexString(a) + " overlaps live object " + Long.toHexString(below.getKey()));
        }
        Map.Entry<Long, Long> above = live.ceilingEntry(a);
        if (above != null && Long.compareUnsigned(a + Math.max(size, 1), above.getKey()) > 0) {
            fail("object " + Long.toHexString(a) + " overlaps live object " + Long.toHexString(above.getKey()));
        }
        long head = PageFlags.headOf(map, k.virt_to_page(a));
        assertTrue(map.test(head, PageFlags.PG_slab) || map.test(head, PageFlags.PG_head), "object in a slab or compound page");
        long last = PageFlags.headOf(map, k.virt_to_page(a + size - 1));
        if (map.test(head, PageFlags.PG_head)) {
            assertEquals(head, last, "object within one compound slab or page");
        } else {
            // SLAB's multi-page slabs are not compound: every page carries PG_slab
            assertTrue(map.test(last, PageFlags.PG_slab), "object within one slab");
            assertTrue(last - head <= 1L << 10, "object within one slab");
        }
    }

    private static void slabinfoAddsUp(Kernel k) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) k.view("slabinfo");
        long pages = 0;
        for (Map<String, Object> row : rows) {
            long active = (Long) row.get("active_objs");
            long num = (Long) row.get("num_objs");
            assertTrue(active <= num && active >= 0, row.toString());
            pages += (Long) row.get("num_slabs") * (Long) row.get("pagesperslab");
        }
        long accounted = k.physmem().zones().stream()
            .mapToLong(z -> z.vmStat[Zone.NR_SLAB_RECLAIMABLE] + z.vmStat[Zone.NR_SLAB_UNRECLAIMABLE]).sum();
        assertTrue(pages <= accounted, "slabinfo pages " + pages + " vs NR_SLAB " + accounted);
    }
}
