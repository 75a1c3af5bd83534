package org.kmemlab.conform;

import static org.kmemlab.conform.Violation.fail;
import static org.kmemlab.conform.Violation.require;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.kernel.Kernel;

/**
 * The contract of the {@code mmu} slot ({@link Mmu}): the direct map translates as __pa says, a walk agrees with
 * the page tables in simulated RAM and with translate(), mappings come and go, highmem pages get kmap addresses,
 * and page-table pages come from the page allocator and are counted. The x86 paging geometry (levels, entry
 * sizes, index bits) is the architecture's, not an implementation's.
 */
final class MmuContract {
    private MmuContract() {
    }

    static List<Check> checks() {
        return List.of(
            Check.of("direct-map", MmuContract::directMap),
            Check.of("walk-matches-ram", MmuContract::walkMatchesRam),
            Check.of("unmapped", MmuContract::unmapped),
            Check.of("kernel-map-pages", MmuContract::kernelMapPages),
            Check.of("map-unmap", MmuContract::mapUnmap),
            Check.of("kmap", MmuContract::kmap),
            Check.of("page-table-pages", MmuContract::pageTablePages));
    }

    /** One x86 paging mode: level names, the address bit each indexes from, index widths, entry size. */
    record Geometry(List<String> levels, int[] shift, int[] bits, int entrySize) {
        static Geometry of(String mode) {
            return switch (mode) {
                case "x86_64" -> new Geometry(List.of("pgd", "pud", "pmd", "pte"), new int[] {39, 30, 21, 12},
                    new int[] {9, 9, 9, 9}, 8);
                case "i386" -> new Geometry(List.of("pgd", "pte"), new int[] {22, 12}, new int[] {10, 10}, 4);
                case "i386-pae" -> new Geometry(List.of("pgd", "pmd", "pte"), new int[] {30, 21, 12}, new int[] {2, 9, 9}, 8);
                default -> throw new Violation("Mmu.mode() is \"" + mode + "\"; x86 paging modes are x86_64, i386, i386-pae");
            };
        }

        int level(String name) {
            return levels.indexOf(name);
        }

        int index(int level, long v) {
            return (int) ((v >>> shift[level]) & ((1L << bits[level]) - 1));
        }

        long frameMask() {
            return entrySize == 8 ? 0x000f_ffff_ffff_f000L : 0xffff_f000L;
        }
    }

    private static Mmu mmu(Kernel k) {
        Mmu mmu = k.mmu();
        require(mmu != null, "the machine booted without an mmu slot");
        return mmu;
    }

    /** Lowmem frames, spread over RAM: zone starts and ends, the last lowmem frame, and a sample in between. */
    private static long[] lowmemSample(Kernel k, int n) {
        Profile p = k.profile();
        long top = Math.min(p.maxPfn, p.maxLowPfn);
        long[] out = new long[n + 3];
        Random r = new Random(k.config().seed());
        out[0] = 0;
        out[1] = top - 1;
        out[2] = Math.min(top - 1, Profile.KERNEL_PHYS_START >> p.pageShift);
        for (int i = 3; i < out.length; i++) {
            out[i] = (long) (r.nextDouble() * top);
        }
        return out;
    }

    /** translate(PAGE_OFFSET + pa) == pa for lowmem RAM (a production machine: every lowmem frame is mapped). */
    static void directMap(Machines m) {
        Kernel k = m.boot(c -> c.withDebug(false));
        Mmu mmu = mmu(k);
        Profile p = k.profile();
        Random r = new Random(k.config().seed() ^ 0xd1);
        for (long pfn : lowmemSample(k, 3000)) {
            if (isHole(k.physmem(), pfn)) {
                continue;
            }
            long pa = (pfn << p.pageShift) + r.nextInt((int) p.pageSize);
            long va = k.__va(pa);
            long t = mmu.translate(va);
            require(t == pa, "translate(%s) is %s; the direct map must give __pa = %s", Fmt.addr(va),
                t < 0 ? "-1 (not mapped)" : Fmt.hex(t), Fmt.hex(pa));
        }
        if (p.is64) {
            // the kernel image is also mapped at __START_KERNEL_map
            for (long off = 0; off < Profile.KERNEL_IMAGE_SIZE; off += Profile.KERNEL_IMAGE_SIZE / 16 + 0x123) {
                long pa = Profile.KERNEL_PHYS_START + off;
                long va = p.startKernelMap + pa;
                long t = mmu.translate(va);
                require(t == pa, "translate(%s) is %s; the kernel text mapping at __START_KERNEL_map must give %s",
                    Fmt.addr(va), t < 0 ? "-1 (not mapped)" : Fmt.hex(t), Fmt.hex(pa));
            }
        }
    }

    private static boolean isHole(PhysMem phys, long pfn) {
        for (PhysMem.ReservedRange rr : phys.reservedRanges()) {
            if (!rr.ram() && pfn >= rr.startPfn() && pfn < rr.endPfn()) {
                return true;
            }
        }
        return false;
    }

    /**
     * walk() reads what is in RAM: the first entry at CR3, each next one in the table the previous entry points
     * to, at the index the address selects; it ends at a present pte or large page, and agrees with translate().
     */
    static void walkMatchesRam(Machines m) {
        Kernel k = m.boot();
        Mmu mmu = mmu(k);
        Geometry g = Geometry.of(mmu.mode());
        long cr3 = mmu.cr3();
        require(cr3 >= 0 && cr3 < k.profile().ramBytes && cr3 % 32 == 0, "cr3() is %s, not an aligned physical address in RAM",
            Fmt.hex(cr3));
        Profile p = k.profile();
        long page = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        long block = k.alloc_pages(Gfp.GFP_KERNEL, 9);
        long v = k.modules().containsKey("vmalloc") ? k.vmalloc(3 * p.pageSize) : 0;
        // mapped for sure, also on a debug machine: allocated pages, a vmalloc area, the kernel image
        long[] addrs = {k.page_address(page) + 0x18, block < 0 ? 0 : k.page_address(block) + 0x1234,
            v == 0 ? 0 : v + p.pageSize + 0x20, k.__va(Profile.KERNEL_PHYS_START + 0x2468),
            p.is64 ? p.startKernelMap + Profile.KERNEL_PHYS_START + 0x1010 : 0};
        for (long va : addrs) {
            if (va == 0) {
                continue;
            }
            List<Mmu.WalkStep> steps = mmu.walk(va);
            requireWalkMatchesRam(k, g, cr3, va, steps);
            Mmu.WalkStep last = steps.get(steps.size() - 1);
            require((last.entry() & Mmu._PAGE_PRESENT) != 0, "walk(%s) of a mapped address ends at a %s entry %s that is"
                + " not present", Fmt.addr(va), last.name(), Fmt.hex(last.entry()));
            boolean large = !last.name().equals("pte");
            require(!large || (last.entry() & Mmu._PAGE_PSE) != 0, "walk(%s) ends at a present %s entry %s without"
                + " _PAGE_PSE; a walk continues below a table entry", Fmt.addr(va), last.name(), Fmt.hex(last.entry()));
            long size = 1L << g.shift()[g.level(last.name())];
            long expect = (last.entry() & g.frameMask() & -size) | (va & (size - 1));
            long t = mmu.translate(va);
            require(t == expect, "translate(%s) is %s, but the walk ends at %s entry %s, which maps it to %s", Fmt.addr(va),
                Fmt.hex(t), last.name(), Fmt.hex(last.entry()), Fmt.hex(expect));
        }
        if (v != 0) {
            k.vfree(v);
        }
        if (block >= 0) {
            k.__free_pages(block, 9);
        }
        k.__free_pages(page, 0);
    }

    private static void requireWalkMatchesRam(Kernel k, Geometry g, long cr3, long va, List<Mmu.WalkStep> steps) {
        require(!steps.isEmpty(), "walk(%s) returned no steps; a walk starts at the %s", Fmt.addr(va), g.levels().get(0));
        long table = cr3;
        for (int i = 0; i < steps.size(); i++) {
            Mmu.WalkStep s = steps.get(i);
            require(i < g.levels().size() && s.name().equals(g.levels().get(i)), "step %d of walk(%s) is \"%s\"; %s walks"
                + " visit %s in that order", i + 1, Fmt.addr(va), s.name(), k.mmu().mode(), g.levels());
            int idx = g.index(i, va);
            require(s.index() == idx, "the %s step of walk(%s) has index %d; the address selects %d", s.name(), Fmt.addr(va),
                s.index(), idx);
            long at = table + (long) idx * g.entrySize();
            long inRam = k.physmem().read(at, g.entrySize());
            require(inRam == s.entry(), "the %s step of walk(%s) shows entry %s, but RAM at %s (table %s, index %d) holds %s",
                s.name(), Fmt.addr(va), Fmt.hex(s.entry()), Fmt.hex(at), Fmt.hex(table), idx, Fmt.hex(inRam));
            boolean present = (s.entry() & Mmu._PAGE_PRESENT) != 0;
            boolean leaf = s.name().equals("pte") || (present && (s.entry() & Mmu._PAGE_PSE) != 0
                && !(g.entrySize() == 8 && g.levels().size() == 3 && i == 0));
            if (!present || leaf) {
                require(i == steps.size() - 1, "walk(%s) goes on after the %s entry %s, which %s", Fmt.addr(va), s.name(),
                    Fmt.hex(s.entry()), present ? "maps a large page" : "is not present");
                return;
            }
            table = s.entry() & g.frameMask();
        }
        Mmu.WalkStep last = steps.get(steps.size() - 1);
        fail("walk(%s) stops at a present %s table entry %s without reaching a page", Fmt.addr(va), last.name(),
            Fmt.hex(last.entry()));
    }

    /** An address nothing maps translates to -1, and its walk ends at an entry that is not present. */
    static void unmapped(Machines m) {
        Kernel k = m.boot();
        Mmu mmu = mmu(k);
        Geometry g = Geometry.of(mmu.mode());
        Profile p = k.profile();
        long va = (p.vmallocStart + (p.vmallocEnd - p.vmallocStart) / 2) & -p.pageSize;
        require(mmu.translate(va) == -1, "translate(%s), in the middle of the unused vmalloc range, is %s, expected -1",
            Fmt.addr(va), Fmt.hex(mmu.translate(va)));
        require(mmu.pteFrame(va) == -1, "pteFrame(%s), in the middle of the unused vmalloc range, is %s, expected -1",
            Fmt.addr(va), Fmt.hex(mmu.pteFrame(va)));
        List<Mmu.WalkStep> steps = mmu.walk(va);
        requireWalkMatchesRam(k, g, mmu.cr3(), va, steps);
        Mmu.WalkStep last = steps.get(steps.size() - 1);
        require((last.entry() & Mmu._PAGE_PRESENT) == 0, "walk(%s) of an unmapped address ends at a present %s entry %s",
            Fmt.addr(va), last.name(), Fmt.hex(last.entry()));
    }

    /** kernel_map_pages (DEBUG_PAGEALLOC) takes a direct-map page out and puts it back. */
    static void kernelMapPages(Machines m) {
        Kernel k = m.boot(c -> c.withDebug(true));
        Mmu mmu = mmu(k);
        long pfn = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        require(pfn != Kernel.NULL_PAGE, "alloc_pages(GFP_KERNEL, 0) returned NULL on a freshly booted machine");
        long va = k.page_address(pfn) + 0x40;
        long pa = (pfn << k.profile().pageShift) + 0x40;
        require(mmu.translate(va) == pa, "translate(%s) of an allocated page is %s, expected %s", Fmt.addr(va),
            Fmt.hex(mmu.translate(va)), Fmt.hex(pa));
        mmu.kernelMapPages(pfn, 1, false);
        require(mmu.translate(va) == -1, "after kernelMapPages(%s, 1, false) translate(%s) is still %s; the page must"
            + " leave the direct map (and the TLB)", Fmt.pfn(pfn), Fmt.addr(va), Fmt.hex(mmu.translate(va)));
        long next = pfn + 1 < k.profile().maxLowPfn ? pfn + 1 : pfn - 1;
        long nva = k.__va(next << k.profile().pageShift);
        boolean neighbourMapped = mmu.translate(nva) != -1;
        mmu.kernelMapPages(pfn, 1, true);
        require(mmu.translate(va) == pa, "after kernelMapPages(%s, 1, true) translate(%s) is %s, expected %s",
            Fmt.pfn(pfn), Fmt.addr(va), Fmt.hex(mmu.translate(va)), Fmt.hex(pa));
        require(neighbourMapped == (mmu.translate(nva) != -1), "kernelMapPages(%s, 1, ...) changed the mapping of the"
            + " neighbouring %s", Fmt.pfn(pfn), Fmt.pfn(next));
        k.write(va, 8, 0x0123456789abcdefL);
        require(k.physmem().read(pa, 8) == 0x0123456789abcdefL, "a write through %s after remapping did not reach %s",
            Fmt.addr(va), Fmt.hex(pa));
        k.__free_pages(pfn, 0);
    }

    /** mapPages maps frames at a kernel virtual address, refuses to overwrite a live pte, unmapRange removes them. */
    static void mapUnmap(Machines m) {
        Kernel k = m.boot();
        Mmu mmu = mmu(k);
        Profile p = k.profile();
        long va = (p.vmallocStart + (p.vmallocEnd - p.vmallocStart) / 2) & -(4L << 20);
        boolean highmem = p.zoneHighmem() >= 0 && k.physmem().zones().get(p.zoneHighmem()).populated();
        long[] pfns = new long[4];
        for (int i = 0; i < pfns.length; i++) {
            pfns[i] = k.alloc_pages(i == 3 && highmem ? Gfp.GFP_HIGHUSER : Gfp.GFP_KERNEL, 0);
            require(pfns[i] != Kernel.NULL_PAGE, "alloc_pages returned NULL on a freshly booted machine");
        }
        long prot = mmu.pageKernel();
        int n = mmu.mapPages(va, pfns, prot);
        require(n == pfns.length, "mapPages(%s, %d frames, PAGE_KERNEL) mapped %d of them", Fmt.addr(va), pfns.length, n);
        for (int i = 0; i < pfns.length; i++) {
            long v = va + (long) i * p.pageSize;
            long pa = pfns[i] << p.pageShift;
            require(mmu.translate(v + 0x88) == pa + 0x88, "after mapPages, translate(%s) is %s, expected %s (%s)",
                Fmt.addr(v + 0x88), Fmt.hex(mmu.translate(v + 0x88)), Fmt.hex(pa + 0x88), Fmt.pfn(pfns[i]));
            require(mmu.pteFrame(v) == pfns[i], "after mapPages, pteFrame(%s) is %s, expected %s", Fmt.addr(v),
                Fmt.hex(mmu.pteFrame(v)), Fmt.pfn(pfns[i]));
            k.write(v + 0x10, 8, 0x7e57_0000L + i);
            require(k.physmem().read(pa + 0x10, 8) == 0x7e57_0000L + i, "a write through %s did not reach %s", Fmt.addr(v),
                Fmt.pfn(pfns[i]));
        }
        long[] other = {pfns[1]};
        int again;
        try {
            again = mmu.mapPages(va, other, prot);
        } catch (RuntimeException e) {
            again = -1; // a WARN reported as an exception is acceptable; overwriting is not
        }
        require(again < 1 && mmu.pteFrame(va) == pfns[0], "mapPages over a pte that is already set %s; it must refuse"
            + " (the kernel WARNs and returns -EBUSY)", again >= 1 ? "mapped it anyway" : "changed it");
        mmu.unmapRange(va, va + (long) pfns.length * p.pageSize);
        for (int i = 0; i < pfns.length; i++) {
            long v = va + (long) i * p.pageSize;
            require(mmu.translate(v) == -1 && mmu.pteFrame(v) == -1, "after unmapRange(%s, %s), %s still translates to %s",
                Fmt.addr(va), Fmt.addr(va + (long) pfns.length * p.pageSize), Fmt.addr(v), Fmt.hex(mmu.translate(v)));
        }
        require(mmu.mapPages(va, pfns, prot) == pfns.length, "mapPages at %s after unmapRange did not map all %d frames"
            + " again", Fmt.addr(va), pfns.length);
        mmu.unmapRange(va, va + (long) pfns.length * p.pageSize);
        for (long pfn : pfns) {
            k.__free_pages(pfn, 0);
        }
    }

    /** kmap of a lowmem page is page_address; on a highmem machine a highmem page gets a pkmap address while kmapped. */
    static void kmap(Machines m) {
        Kernel k = m.boot();
        Mmu mmu = mmu(k);
        Profile p = k.profile();
        Map<String, Long> c = mmu.constants();
        int km = c.getOrDefault("KM_USER0", 3L).intValue();
        long low = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        long lowVa = mmu.kmap(low);
        require(lowVa == k.page_address(low), "kmap(%s) of a lowmem page is %s; it must be page_address() = %s",
            Fmt.pfn(low), Fmt.addr(lowVa), Fmt.addr(k.page_address(low)));
        mmu.kunmap(low);
        long atomic = mmu.kmapAtomic(low, km);
        require(atomic == k.page_address(low), "kmapAtomic(%s, KM_USER0) of a lowmem page is %s; it must be page_address()",
            Fmt.pfn(low), Fmt.addr(atomic));
        mmu.kunmapAtomic(atomic, km);
        k.__free_pages(low, 0);
        if (p.zoneHighmem() < 0) {
            return; // x86_64: no highmem, kmap is page_address
        }
        Kernel hk = p.maxPfn > p.maxLowPfn ? k : m.boot(cf -> cf.withRam(1L << 30));
        Profile hp = hk.profile();
        Map<String, Long> hc = hk.mmu().constants();
        require(hc.containsKey("PKMAP_BASE") && hc.containsKey("LAST_PKMAP"), "constants() of the mmu of a machine with"
            + " highmem name no PKMAP_BASE and LAST_PKMAP");
        long pkmapBase = hc.get("PKMAP_BASE");
        long lastPkmap = hc.get("LAST_PKMAP");
        long high = -1;
        for (int i = 0; i < 64 && high < 0; i++) {
            long pfn = hk.alloc_pages(Gfp.GFP_HIGHUSER, 0);
            if (pfn != Kernel.NULL_PAGE && pfn >= hp.maxLowPfn) {
                high = pfn;
            }
        }
        require(high >= 0, "no highmem page could be allocated on an i386 machine with %s RAM", Profile.formatSize(hp.ramBytes));
        Mmu hm = hk.mmu();
        require(hm.pageAddress(high) == 0, "pageAddress(%s) of a highmem page that is not kmapped is %s, expected 0",
            Fmt.pfn(high), Fmt.addr(hm.pageAddress(high)));
        long va = hm.kmap(high);
        long pa = high << hp.pageShift;
        require(va >= pkmapBase && va < pkmapBase + lastPkmap * hp.pageSize, "kmap(%s) of a highmem page is %s, outside"
            + " the pkmap area [PKMAP_BASE, PKMAP_BASE + LAST_PKMAP pages) = [%s, %s)", Fmt.pfn(high), Fmt.addr(va),
            Fmt.addr(pkmapBase), Fmt.addr(pkmapBase + lastPkmap * hp.pageSize));
        require(hm.translate(va + 0x30) == pa + 0x30, "translate(%s), the kmap address of %s, is %s, expected %s",
            Fmt.addr(va + 0x30), Fmt.pfn(high), Fmt.hex(hm.translate(va + 0x30)), Fmt.hex(pa + 0x30));
        require(hm.pageAddress(high) == va, "pageAddress(%s) while kmapped is %s, expected the kmap address %s",
            Fmt.pfn(high), Fmt.addr(hm.pageAddress(high)), Fmt.addr(va));
        hk.write(va + 0x30, 8, 0x4849474800L);
        require(hk.physmem().read(pa + 0x30, 8) == 0x4849474800L, "a write through the kmap address %s did not reach %s",
            Fmt.addr(va), Fmt.pfn(high));
        hm.kunmap(high);
        long at = hm.kmapAtomic(high, km);
        require(hm.translate(at + 0x30) == pa + 0x30, "translate(%s), the kmapAtomic(%s, KM_USER0) address, is %s,"
            + " expected %s", Fmt.addr(at + 0x30), Fmt.pfn(high), Fmt.hex(hm.translate(at + 0x30)), Fmt.hex(pa + 0x30));
        require(hk.read(at + 0x30, 8) == 0x4849474800L, "reading through kmapAtomic(%s) does not show what was written"
            + " through kmap", Fmt.pfn(high));
        hm.kunmapAtomic(at, km);
        hk.__free_pages(high, 0);
    }

    /** Page-table pages after boot come from the page allocator and are counted in pageTablePages(). */
    static void pageTablePages(Machines m) {
        Kernel k = m.boot();
        Mmu mmu = mmu(k);
        Profile p = k.profile();
        Map<String, Long> boot = mmu.pageTablePages();
        require(boot.getOrDefault("pgd", 0L) >= 1, "pageTablePages() after boot counts %s pgd pages; swapper_pg_dir is one",
            boot.getOrDefault("pgd", 0L));
        long tablesBefore = boot.values().stream().mapToLong(Long::longValue).sum();
        long[] pfns = new long[8];
        for (int i = 0; i < pfns.length; i++) {
            pfns[i] = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        }
        k.drain_all_pages();
        long freeBefore = Probe.sum(Probe.freePerZone(k));
        // two places far apart in the unused vmalloc range: new page tables are needed for at least one
        long span = p.vmallocEnd - p.vmallocStart;
        long va1 = (p.vmallocStart + span / 2) & -(4L << 20);
        long va2 = (p.vmallocStart + span / 4 * 3) & -(4L << 20);
        require(mmu.mapPages(va1, new long[] {pfns[0], pfns[1], pfns[2], pfns[3]}, mmu.pageKernel()) == 4,
            "mapPages(%s, 4 frames) did not map them all", Fmt.addr(va1));
        require(mmu.mapPages(va2, new long[] {pfns[4], pfns[5], pfns[6], pfns[7]}, mmu.pageKernel()) == 4,
            "mapPages(%s, 4 frames) did not map them all", Fmt.addr(va2));
        k.drain_all_pages();
        long tablesAfter = mmu.pageTablePages().values().stream().mapToLong(Long::longValue).sum();
        long taken = freeBefore - Probe.sum(Probe.freePerZone(k));
        require(tablesAfter > tablesBefore, "mapping pages at %s and %s (far apart in the unused vmalloc range) needed no"
            + " new page tables, per pageTablePages() (%d before, %d after)", Fmt.addr(va1), Fmt.addr(va2), tablesBefore,
            tablesAfter);
        require(taken == tablesAfter - tablesBefore, "mapping pages at %s and %s took %s from the page allocator, but"
            + " pageTablePages() grew by %d (page tables after boot come from the buddy slot and are counted)",
            Fmt.addr(va1), Fmt.addr(va2), Fmt.pages(taken), tablesAfter - tablesBefore);
        mmu.unmapRange(va1, va1 + 4 * p.pageSize);
        mmu.unmapRange(va2, va2 + 4 * p.pageSize);
        for (long pfn : pfns) {
            k.__free_pages(pfn, 0);
        }
    }
}
