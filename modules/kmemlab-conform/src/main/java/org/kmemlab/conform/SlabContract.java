package org.kmemlab.conform;

import static org.kmemlab.conform.Violation.fail;
import static org.kmemlab.conform.Violation.require;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.kernel.Kernel;

/**
 * The contract of the {@code slab} slot ({@link SlabAllocator}): kmalloc and kmem_cache objects are aligned,
 * big enough, apart from each other, writable, zeroed on request, and their pages go back to the buddy
 * allocator. Everything goes through the kernel facade.
 */
final class SlabContract {
    private SlabContract() {
    }

    static List<Check> checks() {
        return List.of(
            Check.of("kmalloc-sizes", SlabContract::kmallocSizes),
            Check.of("kmalloc-large", SlabContract::kmallocLarge),
            Check.of("zero-size-and-null", SlabContract::zeroSizeAndNull),
            Check.of("gfp-zero", SlabContract::gfpZero),
            Check.of("cache-round-trip", SlabContract::cacheRoundTrip),
            Check.of("cache-shrink", SlabContract::cacheShrink),
            Check.of("pages-come-back", SlabContract::pagesComeBack),
            Check.advisory("double-kfree", SlabContract::doubleKfree),
            Check.of("both-profiles", SlabContract::bothProfiles));
    }

    private static final int GFP = Gfp.GFP_KERNEL;

    /** The minimum alignment of kmalloc memory: sizeof(unsigned long). */
    private static long wordSize(Kernel k) {
        return k.profile().is64 ? 8 : 4;
    }

    /**
     * Live objects of a check, each filled with its own byte: an allocation must not overlap a live object, and
     * an object's bytes must be unchanged when it is freed (nobody else wrote into it).
     */
    private static final class LiveObjects {
        record Obj(long addr, long size, int fill, String call) {
        }

        final Kernel k;
        final TreeMap<Long, Obj> live = new TreeMap<>();
        final Deque<Obj> fifo = new ArrayDeque<>();
        int next = 1;

        LiveObjects(Kernel k) {
            this.k = k;
        }

        /** Checks and records an object just returned by {@code call} for {@code size} bytes, and fills it. */
        void add(String call, long addr, long size, long align) {
            require(addr != 0, "%s returned NULL on a machine with plenty of free memory", call);
            require(addr != SlabAllocator.ZERO_SIZE_PTR, "%s returned ZERO_SIZE_PTR; only a 0-byte request gets that", call);
            require(addr % align == 0, "%s returned %s, not aligned to %d bytes", call, Fmt.addr(addr), align);
            require(k.virt_addr_valid(addr) && k.virt_addr_valid(addr + size - 1), "%s returned %s, which is not in the"
                + " kernel's direct map (kmalloc memory is lowmem, physically contiguous)", call, Fmt.addr(addr));
            Map.Entry<Long, Obj> below = live.floorEntry(addr + size - 1);
            if (below != null && below.getValue().addr() + below.getValue().size() > addr) {
                Obj o = below.getValue();
                fail("%s returned %s (%d bytes), which overlaps the %d-byte object at %s that %s returned and is still"
                    + " allocated", call, Fmt.addr(addr), size, o.size(), Fmt.addr(o.addr()), o.call());
            }
            int fill = next++ % 254 + 1;
            k.memset(addr, fill, size);
            Obj o = new Obj(addr, size, fill, call);
            live.put(addr, o);
            fifo.addLast(o);
        }

        /** Checks that an object still holds its bytes, then forgets it (the caller frees it). */
        Obj take(Obj o) {
            long bad = k.memchr_inv(o.addr(), o.fill(), o.size());
            if (bad != 0) {
                fail("the %d-byte object at %s from %s lost its contents at offset %s (reads %s, was %s) while other"
                    + " objects were allocated and written (they overlap it, or the allocator wrote into a live object)",
                    o.size(), Fmt.addr(o.addr()), o.call(), Fmt.hex(bad - o.addr()), Fmt.hex(k.read(bad, 1)), Fmt.hex(o.fill()));
            }
            live.remove(o.addr());
            fifo.remove(o);
            return o;
        }

        void kfreeOldest() {
            k.kfree(take(fifo.peekFirst()).addr());
        }

        void kfreeAll() {
            while (!fifo.isEmpty()) {
                kfreeOldest();
            }
        }
    }

    /** kmalloc of every size from 1 to 8192: aligned, ksize >= size, writable, apart from its neighbours. */
    static void kmallocSizes(Machines m) {
        Kernel k = m.boot();
        LiveObjects objs = new LiveObjects(k);
        for (long size = 1; size <= 8192; size++) {
            String call = "kmalloc(" + size + ", GFP_KERNEL)";
            long a = k.kmalloc(size, GFP);
            objs.add(call, a, size, wordSize(k));
            long ks = k.ksize(a);
            require(ks >= size, "ksize() of the object %s returned is %d, smaller than the %d bytes asked for", call, ks, size);
            if (objs.fifo.size() > 48) {
                objs.kfreeOldest();
            }
        }
        objs.kfreeAll();
    }

    /** Sizes above the largest general cache (kmalloc_large in SLUB): the same promises. */
    static void kmallocLarge(Machines m) {
        Kernel k = m.boot();
        long max = k.constants().getOrDefault("KMALLOC_MAX_SIZE", 4L << 20);
        LiveObjects objs = new LiveObjects(k);
        for (long size : new long[] {8193, 12288, 16384, 16385, 65536, 100_000, 131_072, 1L << 20, max}) {
            if (size > max) {
                continue;
            }
            String call = "kmalloc(" + size + ", GFP_KERNEL)";
            long a = k.kmalloc(size, GFP);
            objs.add(call, a, size, wordSize(k));
            long ks = k.ksize(a);
            require(ks >= size, "ksize() of the object %s returned is %d, smaller than the %d bytes asked for", call, ks, size);
        }
        objs.kfreeAll();
        long huge = 2 * k.profile().ramBytes;
        long a;
        try {
            a = k.kmalloc(huge, GFP | Gfp.__GFP_NOWARN);
        } catch (KernelBug e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Violation("kmalloc(" + huge + ") (twice the RAM) threw " + Failures.describe(e) + "; it returns NULL");
        }
        require(a == 0, "kmalloc(%d) (twice the RAM) returned %s; it returns NULL", huge, Fmt.addr(a));
    }

    /** kmalloc(0) is ZERO_SIZE_PTR; kfree(NULL) and kfree(ZERO_SIZE_PTR) do nothing. */
    static void zeroSizeAndNull(Machines m) {
        Kernel k = m.boot();
        long z = k.kmalloc(0, GFP);
        require(z == SlabAllocator.ZERO_SIZE_PTR, "kmalloc(0, GFP_KERNEL) returned %s, expected ZERO_SIZE_PTR (0x10)", Fmt.addr(z));
        long free = Probe.memFreeKb(k);
        String log = k.dmesg();
        k.kfree(0);
        k.kfree(SlabAllocator.ZERO_SIZE_PTR);
        require(k.ksize(SlabAllocator.ZERO_SIZE_PTR) == 0, "ksize(ZERO_SIZE_PTR) returned %d, expected 0",
            k.ksize(SlabAllocator.ZERO_SIZE_PTR));
        require(Probe.memFreeKb(k) == free && k.dmesg().equals(log), "kfree(NULL) or kfree(ZERO_SIZE_PTR) did something"
            + " (MemFree or the log changed); both are no-ops");
        long a = k.kmalloc(64, GFP);
        require(a != 0 && a != SlabAllocator.ZERO_SIZE_PTR, "kmalloc(64) after kmalloc(0) returned %s", Fmt.addr(a));
        k.kfree(a);
    }

    /** __GFP_ZERO objects read as zero over the whole size asked for, even where freed objects were dirty. */
    static void gfpZero(Machines m) {
        Kernel k = m.boot();
        for (long size : new long[] {1, 8, 64, 100, 192, 1000, 4096, 8192, 20_000}) {
            List<Long> dirty = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                long a = k.kmalloc(size, GFP);
                require(a != 0, "kmalloc(%d, GFP_KERNEL) returned NULL on a machine with plenty of free memory", size);
                k.memset(a, 0xa5, size);
                dirty.add(a);
            }
            for (long a : dirty) {
                k.kfree(a);
            }
            List<Long> clean = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                long a = k.kmalloc(size, GFP | Gfp.__GFP_ZERO);
                require(a != 0, "kmalloc(%d, GFP_KERNEL|__GFP_ZERO) returned NULL", size);
                long bad = k.memchr_inv(a, 0, size);
                require(bad == 0, "kmalloc(%d, GFP_KERNEL|__GFP_ZERO) returned %s whose byte at offset %s reads %s, not 0",
                    size, Fmt.addr(a), Fmt.hex(bad - a), Fmt.hex(bad == 0 ? 0 : k.read(bad, 1)));
                clean.add(a);
            }
            for (long a : clean) {
                k.kfree(a);
            }
        }
        SlabAllocator.KmemCache c = k.kmem_cache_create("conform_zero", 176, 0, 0, null);
        require(c != null, "kmem_cache_create(\"conform_zero\", 176, 0, 0, NULL) returned NULL");
        List<Long> objs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long o = k.kmem_cache_alloc(c, GFP);
            require(o != 0, "kmem_cache_alloc(conform_zero, GFP_KERNEL) returned NULL");
            k.memset(o, 0x5a, 176);
            objs.add(o);
        }
        for (long o : objs) {
            k.kmem_cache_free(c, o);
        }
        objs.clear();
        for (int i = 0; i < 40; i++) {
            long o = k.kmem_cache_alloc(c, GFP | Gfp.__GFP_ZERO);
            require(o != 0, "kmem_cache_alloc(conform_zero, GFP_KERNEL|__GFP_ZERO) returned NULL");
            long bad = k.memchr_inv(o, 0, 176);
            require(bad == 0, "kmem_cache_alloc(conform_zero, GFP_KERNEL|__GFP_ZERO) returned %s whose byte at offset %s"
                + " reads %s, not 0", Fmt.addr(o), Fmt.hex(bad - o), Fmt.hex(bad == 0 ? 0 : k.read(bad, 1)));
            objs.add(o);
        }
        for (long o : objs) {
            k.kmem_cache_free(c, o);
        }
        k.kmem_cache_destroy(c);
    }

    /** A cache of one's own: aligned, constructed, apart, writable objects; destroy gives every page back. */
    static void cacheRoundTrip(Machines m) {
        Kernel k = m.boot();
        cacheCycle(k, 0); // the first cache may leave kmalloc'ed metadata slabs behind, as the kernel's do
        long before = memFree(k);
        cacheCycle(k, 1);
        long after = memFree(k);
        require(after == before, "after kmem_cache_destroy() MemFree is %d kB, %d kB less than before"
            + " kmem_cache_create() (destroying a cache frees all its slabs)", after, before - after);
    }

    private static void cacheCycle(Kernel k, int round) {
        String name = "conform_obj" + round;
        Set<Long> constructed = new HashSet<>();
        String create = "kmem_cache_create(\"" + name + "\", 200, 64, 0, ctor)";
        SlabAllocator.KmemCache c = k.kmem_cache_create(name, 200, 64, 0, constructed::add);
        require(c != null, "%s returned NULL", create);
        require(c.objsize() >= 200, "%s made a cache whose object size is %d, less than 200", create, c.objsize());
        LiveObjects objs = new LiveObjects(k);
        String call = "kmem_cache_alloc(" + name + ", GFP_KERNEL)";
        for (int i = 0; i < 300; i++) {
            long o = k.kmem_cache_alloc(c, GFP);
            require(o == 0 || constructed.contains(o), "%s returned %s, on which the constructor never ran", call, Fmt.addr(o));
            objs.add(call, o, 200, 64);
        }
        while (!objs.fifo.isEmpty()) {
            k.kmem_cache_free(c, objs.take(objs.fifo.peekLast()).addr());
        }
        k.kmem_cache_destroy(c);
    }

    /** Freeing every object of a cache and kmem_cache_shrink() gives its pages back. */
    static void cacheShrink(Machines m) {
        Kernel k = m.boot();
        SlabAllocator.KmemCache c = k.kmem_cache_create("conform_shrink", 512, 0, 0, x -> { });
        require(c != null, "kmem_cache_create(\"conform_shrink\", 512, 0, 0, ctor) returned NULL");
        shrinkCycle(k, c); // the first fill may leave metadata (off-slab descriptors, per-CPU arrays) in other caches
        long before = memFree(k);
        long used = shrinkCycle(k, c);
        require(used >= 2000L * 512 / 1024, "2000 objects of 512 bytes took only %d kB from the page allocator", used);
        long after = memFree(k);
        require(after == before, "after freeing all 2000 objects of a cache and kmem_cache_shrink(), MemFree is %d kB;"
            + " it was %d kB before they were allocated (%d kB of empty slabs kept)", after, before, before - after);
        k.kmem_cache_destroy(c);
    }

    /** Fills a cache with 2000 objects, frees them, shrinks it; returns the kB the objects took at their peak. */
    private static long shrinkCycle(Kernel k, SlabAllocator.KmemCache c) {
        long before = memFree(k);
        List<Long> objs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            long o = k.kmem_cache_alloc(c, GFP);
            require(o != 0, "kmem_cache_alloc(conform_shrink, GFP_KERNEL) returned NULL after %d objects", i);
            objs.add(o);
        }
        long used = before - memFree(k);
        for (long o : objs) {
            k.kmem_cache_free(c, o);
        }
        int rc = k.kmem_cache_shrink(c);
        require(rc == 0, "kmem_cache_shrink() returned %d, expected 0", rc);
        return used;
    }

    /** MemFree once the per-CPU page lists are drained (pages on them are free, but not counted). */
    private static long memFree(Kernel k) {
        k.drain_all_pages();
        return Probe.memFreeKb(k);
    }

    /** Rounds of kmalloc/kfree of mixed sizes: what stays allocated stops growing, and most memory goes back. */
    static void pagesComeBack(Machines m) {
        Kernel k = m.boot();
        long base = memFree(k);
        long[] retained = new long[10];
        long peak = 0;
        for (int round = 0; round < retained.length; round++) {
            List<Long> objs = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                long size = 8 + (i * 37L) % 3000;
                long a = k.kmalloc(size, GFP);
                require(a != 0, "kmalloc(%d, GFP_KERNEL) returned NULL in round %d (%d objects live)", size, round + 1, i);
                objs.add(a);
            }
            peak = Math.max(peak, base - memFree(k));
            for (long a : objs) {
                k.kfree(a);
            }
            retained[round] = base - memFree(k);
        }
        int n = retained.length;
        require(retained[n - 1] <= retained[n - 3], "what stays allocated after each round of 3000 kmalloc/kfree keeps"
            + " growing (kB after rounds 1-%d: %s): a leak, freed objects or empty slabs are not reused", n,
            java.util.Arrays.toString(retained));
        require(retained[n - 1] <= peak / 4, "after freeing all 3000 objects, %d kB stay allocated; the peak was %d kB (an"
            + " allocator may keep a few empty slabs per cache, not most of them)", retained[n - 1], peak);
    }

    /**
     * Advisory: a double kfree on a debug machine is reported as a KernelBug (SLUB's "Object already free", SLAB's
     * red-zone "double free detected"); SLOB, like the kernel's, has no debugging and does not notice.
     */
    static void doubleKfree(Machines m) {
        Kernel k = m.boot(c -> c.withDebug(true));
        long a = k.kmalloc(64, GFP);
        require(a != 0, "kmalloc(64, GFP_KERNEL) returned NULL on a freshly booted machine");
        k.kfree(a);
        try {
            k.kfree(a);
        } catch (KernelBug reported) {
            long b = k.kmalloc(64, GFP);
            require(b != 0, "after reporting a double kfree, kmalloc(64) returned NULL; the machine must stay usable");
            k.kfree(b);
            return;
        }
        fail("a second kfree() of the same 64-byte object was not reported on a debug machine (SLUB and SLAB report it as a"
            + " KernelBug; SLOB has no debugging, like the kernel's)");
    }

    /** The same promises on i386 (4-byte words, highmem) and x86_64. */
    static void bothProfiles(Machines m) {
        for (String profile : new String[] {"x86_64", "i386"}) {
            String where = "[" + profile + " 1G] ";
            try {
                Kernel k = m.bootProfile(profile, 1L << 30);
                LiveObjects objs = new LiveObjects(k);
                for (long size : new long[] {1, 4, 7, 8, 24, 64, 96, 100, 192, 256, 1000, 2048, 4096, 5000, 8192, 8193, 65536}) {
                    String call = "kmalloc(" + size + ", GFP_KERNEL)";
                    long a = k.kmalloc(size, GFP);
                    objs.add(call, a, size, wordSize(k));
                    require(k.ksize(a) >= size, "ksize() of the object %s returned is %d", call, k.ksize(a));
                }
                objs.kfreeAll();
                cacheCycle(k, 0);
            } catch (Violation v) {
                throw new Violation(where + v.getMessage());
            }
        }
    }
}
