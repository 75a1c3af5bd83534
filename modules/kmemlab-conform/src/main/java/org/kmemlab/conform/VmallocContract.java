package org.kmemlab.conform;

import static org.kmemlab.conform.Violation.fail;
import static org.kmemlab.conform.Violation.require;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.kmemlab.api.KernelBug;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.Profile;
import org.kmemlab.kernel.Kernel;

/**
 * The contract of the {@code vmalloc} slot ({@link org.kmemlab.api.VmallocAllocator}): page-aligned areas in
 * [VMALLOC_START, VMALLOC_END) that do not overlap, every page mapped to a frame of its own, zeroing on request,
 * bad frees reported, and every page back after vfree and the lazy purge.
 */
final class VmallocContract {
    private VmallocContract() {
    }

    static List<Check> checks() {
        return List.of(
            Check.of("range-and-alignment", VmallocContract::rangeAndAlignment),
            Check.of("no-overlap", VmallocContract::noOverlap),
            Check.of("mapped", VmallocContract::mapped),
            Check.of("vzalloc-zeroed", VmallocContract::vzallocZeroed),
            Check.of("zero-and-null", VmallocContract::zeroAndNull),
            Check.of("bad-vfree", VmallocContract::badVfree),
            Check.of("pages-returned", VmallocContract::pagesReturned),
            Check.of("both-profiles", VmallocContract::bothProfiles));
    }

    /** The areas a check holds. */
    private static final class Areas {
        record Area(long addr, long size, long pages, String call) {
            long end() {
                return addr + size;
            }
        }

        final Kernel k;
        final Profile p;
        final TreeMap<Long, Area> live = new TreeMap<>();

        Areas(Kernel k) {
            this.k = k;
            this.p = k.profile();
        }

        Area vmalloc(long size) {
            return add("vmalloc(" + size + ")", k.vmalloc(size), size);
        }

        /** Checks and records what {@code call} returned for {@code size} bytes. */
        Area add(String call, long addr, long size) {
            require(addr != 0, "%s returned NULL on a machine with plenty of free memory", call);
            require(addr % p.pageSize == 0, "%s returned %s, not page-aligned", call, Fmt.addr(addr));
            long pages = (size + p.pageSize - 1) / p.pageSize;
            long span = pages * p.pageSize;
            require(Long.compareUnsigned(addr, p.vmallocStart) >= 0
                    && Long.compareUnsigned(addr + span - 1, p.vmallocEnd) <= 0,
                "%s returned %s (%s), outside [VMALLOC_START, VMALLOC_END) = [%s, %s)", call, Fmt.addr(addr),
                Fmt.pages(pages), Fmt.addr(p.vmallocStart), Fmt.addr(p.vmallocEnd));
            Map.Entry<Long, Area> below = live.floorEntry(addr + span - 1);
            if (below != null && below.getValue().end() > addr) {
                Area o = below.getValue();
                fail("%s returned %s (%s), which overlaps the area at %s (%s) that %s returned and is still allocated",
                    call, Fmt.addr(addr), Fmt.pages(pages), Fmt.addr(o.addr()), Fmt.pages(o.pages()), o.call());
            }
            Area a = new Area(addr, span, pages, call);
            live.put(addr, a);
            return a;
        }

        void vfree(Area a) {
            live.remove(a.addr());
            k.vfree(a.addr());
        }

        void vfreeAll() {
            for (Area a : new ArrayList<>(live.values())) {
                vfree(a);
            }
        }
    }

    private static final long[] SIZES = {1, 100, 4095, 4096, 4097, 10_000, 65_536, 1L << 20, 4L << 20};

    /** Areas are page-aligned and inside the vmalloc range. */
    static void rangeAndAlignment(Machines m) {
        Kernel k = m.boot();
        Areas areas = new Areas(k);
        for (long size : SIZES) {
            areas.vmalloc(size);
        }
        areas.vfreeAll();
    }

    /** A random run of vmalloc and vfree: live areas never overlap, and /proc/vmallocinfo lists each of them. */
    static void noOverlap(Machines m) {
        Kernel k = m.boot();
        Areas areas = new Areas(k);
        Random r = new Random(m.config().seed() ^ 0x7a11);
        List<Areas.Area> order = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            if (order.isEmpty() || r.nextInt(100) < 60) {
                long size = r.nextInt(10) == 0 ? 1 + r.nextInt(1 << 20) : 1 + r.nextInt(6 * 4096);
                order.add(areas.vmalloc(size));
            } else {
                areas.vfree(order.remove(r.nextInt(order.size())));
            }
            if (i % 100 == 99) {
                requireListed(k, areas);
            }
        }
        areas.vfreeAll();
    }

    /** Every live area lies inside one /proc/vmallocinfo area with at least its pages; the listed areas do not overlap. */
    @SuppressWarnings("unchecked")
    private static void requireListed(Kernel k, Areas areas) {
        List<Map<String, Object>> info = (List<Map<String, Object>>) k.view("vmallocinfo");
        TreeMap<Long, Map<String, Object>> byStart = new TreeMap<>(Long::compareUnsigned);
        for (Map<String, Object> e : info) {
            byStart.put(((Number) e.get("start")).longValue(), e);
        }
        long prevEnd = 0;
        Long prevStart = null;
        for (Map.Entry<Long, Map<String, Object>> e : byStart.entrySet()) {
            if (prevStart != null) {
                require(Long.compareUnsigned(e.getKey(), prevEnd) >= 0, "/proc/vmallocinfo lists overlapping areas at %s"
                    + " and %s", Fmt.addr(prevStart), Fmt.addr(e.getKey()));
            }
            prevStart = e.getKey();
            prevEnd = ((Number) e.getValue().get("end")).longValue();
        }
        for (Areas.Area a : areas.live.values()) {
            Map.Entry<Long, Map<String, Object>> e = byStart.floorEntry(a.addr());
            boolean inside = e != null && Long.compareUnsigned(a.end(), ((Number) e.getValue().get("end")).longValue()) <= 0;
            require(inside, "the area at %s that %s returned is not listed in /proc/vmallocinfo (VmallocAllocator.areas())",
                Fmt.addr(a.addr()), a.call());
            long listed = ((Number) e.getValue().get("pages")).longValue();
            require(listed >= a.pages(), "/proc/vmallocinfo lists the area at %s that %s returned with pages=%d, expected"
                + " at least %d", Fmt.addr(a.addr()), a.call(), listed, a.pages());
        }
    }

    /** Every page of an area is mapped (translate, vmalloc_to_pfn agree) to a frame of its own that is not reserved. */
    static void mapped(Machines m) {
        Kernel k = m.boot();
        Areas areas = new Areas(k);
        for (long size : SIZES) {
            areas.vmalloc(size);
        }
        requireMapped(k, areas);
        areas.vfreeAll();
    }

    private static void requireMapped(Kernel k, Areas areas) {
        Profile p = k.profile();
        MemMap map = k.physmem().memMap();
        Map<Long, String> owner = new HashMap<>();
        for (Areas.Area a : areas.live.values()) {
            for (long i = 0; i < a.pages(); i++) {
                long v = a.addr() + i * p.pageSize;
                String where = String.format("page %d (%s) of the area %s returned", i, Fmt.addr(v), a.call());
                long pfn = k.vmalloc_to_pfn(v);
                require(pfn != 0, "vmalloc_to_pfn() finds no frame behind %s", where);
                require(map.pfnValid(pfn), "vmalloc_to_pfn() of %s is %s, not a frame of this machine", where, Fmt.pfn(pfn));
                long off = (i * 97) % p.pageSize;
                long pa = k.translate(v + off);
                require(pa == (pfn << p.pageShift) + off, "translate(%s) is %s, but vmalloc_to_pfn() of %s says %s",
                    Fmt.addr(v + off), pa < 0 ? "-1 (not mapped)" : Fmt.hex(pa), where, Fmt.pfn(pfn));
                require(!map.test(pfn, PageFlags.PG_reserved), "%s is mapped to %s, a reserved frame (not from the page"
                    + " allocator)", where, Fmt.pfn(pfn));
                require(k.page_count(pfn) >= 1, "%s is mapped to %s, whose _count is %d (a free page)", where, Fmt.pfn(pfn),
                    k.page_count(pfn));
                String had = owner.put(pfn, where);
                require(had == null, "%s and %s are both mapped to %s", had, where, Fmt.pfn(pfn));
                long magic = 0x5a5a0000_00000000L ^ (pfn << 8) ^ i;
                k.write(v + (off & ~7L), 8, magic);
                long seen = k.physmem().read((pfn << p.pageShift) + (off & ~7L), 8);
                require(seen == magic, "writing %s through %s did not reach %s (the frame holds %s there)", Fmt.hex(magic),
                    where, Fmt.pfn(pfn), Fmt.hex(seen));
            }
        }
    }

    /** vzalloc memory reads as zero, also where freed vmalloc memory was dirty. */
    static void vzallocZeroed(Machines m) {
        Kernel k = m.boot();
        long size = 16L * k.profile().pageSize + 123;
        for (int round = 0; round < 3; round++) {
            long d = k.vmalloc(size);
            require(d != 0, "vmalloc(%d) returned NULL on a machine with plenty of free memory", size);
            k.memset(d, 0xa5, size);
            k.vfree(d);
            if (round == 1) {
                k.purge_vmap_area_lazy();
            }
            long z = k.vzalloc(size);
            require(z != 0, "vzalloc(%d) returned NULL on a machine with plenty of free memory", size);
            long bad = k.memchr_inv(z, 0, size);
            require(bad == 0, "vzalloc(%d) returned %s whose byte at offset %s reads %s, not 0", size, Fmt.addr(z),
                Fmt.hex(bad - z), Fmt.hex(bad == 0 ? 0 : k.read(bad, 1)));
            k.vfree(z);
        }
    }

    /** vfree(NULL) does nothing; vmalloc(0) is NULL. */
    static void zeroAndNull(Machines m) {
        Kernel k = m.boot();
        long free = Probe.memFreeKb(k);
        String log = k.dmesg();
        k.vfree(0);
        require(Probe.memFreeKb(k) == free && k.dmesg().equals(log), "vfree(NULL) did something (MemFree or the log"
            + " changed); it is a no-op");
        long z = k.vmalloc(0);
        require(z == 0, "vmalloc(0) returned %s, expected NULL", Fmt.addr(z));
    }

    /** vfree of an address inside an area or of no area at all is reported, and live areas stay intact. */
    static void badVfree(Machines m) {
        Kernel k = m.boot();
        Profile p = k.profile();
        Areas areas = new Areas(k);
        Areas.Area a = areas.vmalloc(3 * p.pageSize);
        long[] pfns = new long[3];
        for (int i = 0; i < 3; i++) {
            pfns[i] = k.vmalloc_to_pfn(a.addr() + i * p.pageSize);
            k.write(a.addr() + i * p.pageSize, 8, 0xfeedface00L + i);
        }
        long inside = a.addr() + 8;
        requireReported(k, inside, "an address inside a vmalloc area (not its start)", "Trying to vfree() bad address");
        long nowhere = (p.vmallocStart + (p.vmallocEnd - p.vmallocStart) / 2) & -p.pageSize;
        requireReported(k, nowhere, "a page-aligned address in the vmalloc range that no vmalloc returned",
            "Trying to vfree() nonexistent vm area");
        for (int i = 0; i < 3; i++) {
            long v = a.addr() + i * p.pageSize;
            require(k.vmalloc_to_pfn(v) == pfns[i] && k.read(v, 8) == 0xfeedface00L + i, "after the bad vfree() calls the"
                + " live area at %s (%s) lost page %d (its mapping or contents changed)", Fmt.addr(a.addr()), a.call(), i);
        }
        areas.vfree(a);
        Areas.Area b = areas.vmalloc(5000);
        areas.vfree(b);
    }

    private static void requireReported(Kernel k, long addr, String what, String kernelSays) {
        try {
            k.vfree(addr);
        } catch (KernelBug reported) {
            return;
        }
        fail("vfree(%s) of %s was not reported; the kernel WARNs (\"%s\"), a KernelBug here", Fmt.addr(addr), what, kernelSays);
    }

    /** After vfree and purge_vmap_area_lazy every page is back (page tables the kernel keeps aside) and unmapped. */
    static void pagesReturned(Machines m) {
        Kernel k = m.boot();
        cycle(k); // the first areas may leave page tables and kmalloc'ed metadata slabs behind, as the kernel's do
        long before = Probe.memFreeKb(k);
        long tablesBefore = tablePages(k);
        List<Areas.Area> freed = cycle(k);
        long after = Probe.memFreeKb(k);
        long newTablesKb = (tablePages(k) - tablesBefore) * (k.profile().pageSize / 1024);
        long lostKb = before - after - newTablesKb;
        require(lostKb == 0, "after vfree() of every area and purge_vmap_area_lazy(), MemFree is %d kB lower than before"
            + " the vmalloc() calls (%d kB of that are new page tables): %s not given back", before - after, newTablesKb,
            Fmt.pages(lostKb / (k.profile().pageSize / 1024)));
        for (Areas.Area a : freed) {
            for (long i = 0; i < a.pages(); i++) {
                long v = a.addr() + i * k.profile().pageSize;
                require(k.translate(v) == -1, "after vfree() and purge_vmap_area_lazy(), page %d (%s) of the area %s returned"
                    + " is still mapped", i, Fmt.addr(v), a.call());
            }
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> info = (List<Map<String, Object>>) k.view("vmallocinfo");
        for (Areas.Area a : freed) {
            for (Map<String, Object> e : info) {
                require(((Number) e.get("start")).longValue() != a.addr(), "after vfree() and purge_vmap_area_lazy(),"
                    + " /proc/vmallocinfo still lists the area at %s (%s)", Fmt.addr(a.addr()), a.call());
            }
        }
    }

    private static List<Areas.Area> cycle(Kernel k) {
        Areas areas = new Areas(k);
        List<Areas.Area> all = new ArrayList<>();
        for (long size : SIZES) {
            Areas.Area a = areas.vmalloc(size);
            k.write(a.addr(), 1, 1);
            all.add(a);
        }
        areas.vfreeAll();
        k.purge_vmap_area_lazy();
        k.drain_all_pages();
        return all;
    }

    private static long tablePages(Kernel k) {
        return k.mmu() == null ? 0 : Probe.sum(k.mmu().pageTablePages().values().stream().mapToLong(Long::longValue).toArray());
    }

    /** The same promises on i386 (highmem pages behind vmalloc addresses) and x86_64. */
    static void bothProfiles(Machines m) {
        for (String profile : new String[] {"x86_64", "i386"}) {
            String where = "[" + profile + " 1G] ";
            try {
                Kernel k = m.bootProfile(profile, 1L << 30);
                Areas areas = new Areas(k);
                for (long size : SIZES) {
                    areas.vmalloc(size);
                }
                requireMapped(k, areas);
                List<Areas.Area> freed = new ArrayList<>(areas.live.values());
                areas.vfreeAll();
                k.purge_vmap_area_lazy();
                for (Areas.Area a : freed) {
                    require(k.translate(a.addr()) == -1, "after vfree() and purge_vmap_area_lazy() the area at %s (%s) is"
                        + " still mapped", Fmt.addr(a.addr()), a.call());
                }
            } catch (Violation v) {
                throw new Violation(where + v.getMessage());
            }
        }
    }
}
