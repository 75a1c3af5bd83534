package org.kmemlab.conform;

import static org.kmemlab.conform.Violation.fail;
import static org.kmemlab.conform.Violation.require;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Zone;
import org.kmemlab.kernel.Kernel;

/**
 * The contract of the {@code buddy} slot ({@link org.kmemlab.api.PageAllocator}): what any page allocator must
 * guarantee, whatever its design. Pages are allocated and freed through the kernel facade (so the kernel's
 * reference counting is respected); struct page is read through {@link MemMap}, counters through the zones
 * and /proc views.
 */
final class BuddyContract {
    private BuddyContract() {
    }

    static List<Check> checks() {
        return List.of(
            Check.of("boot-free-count", BuddyContract::bootFreeCount),
            Check.of("aligned-and-in-zone", BuddyContract::alignedAndInZone),
            Check.of("page-state", BuddyContract::pageState),
            Check.of("compound", BuddyContract::compound),
            Check.of("zeroing", BuddyContract::zeroing),
            Check.of("free-accounting", BuddyContract::freeAccounting),
            Check.of("no-overlap", BuddyContract::noOverlap),
            Check.of("frees-come-back", BuddyContract::freesComeBack),
            Check.of("coalescing", BuddyContract::coalescing),
            Check.of("exhaustion", BuddyContract::exhaustion),
            Check.of("max-order", BuddyContract::maxOrder),
            Check.of("bad-free-reported", BuddyContract::badFreeReported),
            Check.of("both-profiles", BuddyContract::bothProfiles),
            Check.of("switches", BuddyContract::switches),
            Check.of("slab-and-vmalloc-on-top", BuddyContract::slabAndVmallocOnTop));
    }

    private static final int NOWARN = Gfp.__GFP_NOWARN;
    private static final int MAX = Profile.MAX_ORDER;

    // ------------------------------------------------------------------ checks

    /** Every frame free_all_bootmem hands over is counted free, and /proc/buddyinfo agrees with NR_FREE_PAGES. */
    static void bootFreeCount(Machines m) {
        Kernel k = m.boot();
        k.drain_all_pages();
        long[] boot = Probe.bootFreePerZone(k);
        long[] free = Probe.freePerZone(k);
        for (int i = 0; i < boot.length; i++) {
            require(free[i] == boot[i], "after boot zone %s has NR_FREE_PAGES %d, but free_all_bootmem handed %d of its"
                + " frames to freeBootmem (every frame handed over must be counted free)", Probe.zoneName(k, i), free[i], boot[i]);
        }
        Probe.requireBuddyinfoConsistent(k, "after boot");
    }

    /** Blocks of every order and the usual masks are aligned, inside RAM, in an allowed zone, made of free frames. */
    static void alignedAndInZone(Machines m) {
        Kernel k = m.boot();
        for (int gfp : GfpZones.masks(k.profile())) {
            PageBlocks blocks = new PageBlocks(k);
            for (int order = 0; order < MAX; order++) {
                if (blocks.alloc(gfp | NOWARN, order) == null) {
                    requireRoomWasShort(k, gfp, order);
                }
            }
            blocks.freeAll();
        }
    }

    /** NULL is a failure unless no zone the mask allows has room for the block above its high watermark. */
    private static void requireRoomWasShort(Kernel k, int gfp, int order) {
        int highest = GfpZones.highestZone(k.profile(), gfp);
        long room = 0;
        for (Zone z : k.physmem().zones()) {
            if (z.index <= highest) {
                room = Math.max(room, z.nrFreePages() - z.highWmark());
            }
        }
        require(room < (4L << order), "%s returned NULL although a zone it may use has %d free pages above its high"
            + " watermark", PageBlocks.call(gfp, order), room);
    }

    /** Allocated pages look allocated: _count 1 on the head and 0 on the rest, _mapcount -1, no PG_ flags, no mapping. */
    static void pageState(Machines m) {
        Kernel k = m.boot();
        Random r = new Random(m.config().seed());
        PageBlocks churn = new PageBlocks(k);
        Churn.run(churn, r, List.of(Gfp.GFP_KERNEL, Gfp.GFP_HIGHUSER), 400, 6); // recycle pages through the free lists
        churn.freeAll();
        PageBlocks blocks = new PageBlocks(k);
        for (int round = 0; round < 3; round++) {
            for (int gfp : List.of(Gfp.GFP_KERNEL, Gfp.GFP_HIGHUSER, Gfp.GFP_KERNEL | Gfp.__GFP_DMA)) {
                for (int order : new int[] {0, 1, 2, 3, 5, MAX - 1}) {
                    PageBlocks.Block b = blocks.alloc(gfp | NOWARN, order);
                    if (b != null) {
                        requireAllocatedState(k, b, false);
                    } else if (round == 0) {
                        requireRoomWasShort(k, gfp, order);
                    }
                }
            }
        }
        blocks.freeAll();
    }

    /** The struct page fields of a block just allocated (compound: the head/tail flags are checked elsewhere). */
    static void requireAllocatedState(Kernel k, PageBlocks.Block b, boolean compound) {
        MemMap map = k.physmem().memMap();
        int allowed = compound ? PageFlags.bit(PageFlags.PG_head) | PageFlags.bit(PageFlags.PG_tail) : 0;
        for (long pfn = b.pfn(); pfn < b.end(); pfn++) {
            int flags = map.pgFlags(pfn) & PageFlags.PAGE_FLAGS_CHECK_AT_PREP & ~allowed;
            int want = pfn == b.pfn() ? 1 : 0;
            if (flags == 0 && map.mapcount(pfn) == -1 && map.mapping(pfn) == 0 && map.count(pfn) == want) {
                continue; // the common case: no message to build
            }
            String page = pfn == b.pfn() ? "its head page" : "its page " + Fmt.hex(pfn);
            require(flags == 0, "%s returned %s whose %s has flags %s; an allocated page has none of them (they are"
                + " the allocator's, e.g. PG_buddy, or must be cleared before the page is handed out)", b.call(),
                Fmt.pfn(b.pfn()), page, PageFlags.names(flags));
            require(map.mapcount(pfn) == -1, "%s returned %s whose %s has _mapcount %d, expected -1 (not mapped)", b.call(),
                Fmt.pfn(b.pfn()), page, map.mapcount(pfn));
            require(map.mapping(pfn) == 0, "%s returned %s whose %s has a mapping (%s), expected NULL", b.call(),
                Fmt.pfn(b.pfn()), page, Fmt.hex(map.mapping(pfn)));
            fail("%s returned %s whose %s has _count %d, expected %d (%s)", b.call(), Fmt.pfn(b.pfn()), page,
                map.count(pfn), want, want == 1 ? "set_page_refcounted on the head" : "only the head of a block holds the reference");
        }
        if (!compound) {
            require(map.priv(b.pfn()) == 0, "%s returned %s whose page->private is %d, expected 0 (set_page_private(page, 0))",
                b.call(), Fmt.pfn(b.pfn()), map.priv(b.pfn()));
        }
    }

    /** __GFP_COMP makes a compound page: PG_head, PG_tail pointing at the head, the order in page[1]. */
    static void compound(Machines m) {
        Kernel k = m.boot();
        MemMap map = k.physmem().memMap();
        PageBlocks blocks = new PageBlocks(k);
        long[] before = Probe.availablePerZone(k);
        List<PageBlocks.Block> held = new ArrayList<>();
        for (int order = 1; order <= 6; order++) {
            PageBlocks.Block b = blocks.alloc(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, order);
            require(b != null, "%s returned NULL on a freshly booted machine", PageBlocks.call(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, order));
            held.add(b);
            requireAllocatedState(k, b, true);
            require(map.test(b.pfn(), PageFlags.PG_head) && !map.test(b.pfn(), PageFlags.PG_tail),
                "%s returned %s whose head page has flags %s, expected PG_head (and not PG_tail)", b.call(), Fmt.pfn(b.pfn()),
                PageFlags.names(map.pgFlags(b.pfn())));
            for (long t = b.pfn() + 1; t < b.end(); t++) {
                require(map.test(t, PageFlags.PG_tail) && !map.test(t, PageFlags.PG_head),
                    "%s returned %s whose tail page %s has flags %s, expected PG_tail", b.call(), Fmt.pfn(b.pfn()), Fmt.hex(t),
                    PageFlags.names(map.pgFlags(t)));
                require(PageFlags.headOf(map, t) == b.pfn(), "%s returned %s whose tail page %s says its head is %s"
                    + " (page->first_page, kept in private)", b.call(), Fmt.pfn(b.pfn()), Fmt.hex(t), Fmt.pfn(PageFlags.headOf(map, t)));
            }
            require(PageFlags.compoundOrder(map, b.pfn()) == order, "%s returned %s whose compound order (page[1].lru.prev)"
                + " is %d, expected %d", b.call(), Fmt.pfn(b.pfn()), PageFlags.compoundOrder(map, b.pfn()), order);
            long tail = b.end() - 1;
            k.get_page(tail);
            require(k.page_count(b.pfn()) == 2, "get_page() on a tail page of the compound page at %s did not reach the"
                + " head's _count (it is %d, expected 2)", Fmt.pfn(b.pfn()), k.page_count(b.pfn()));
            k.put_page(tail);
        }
        PageBlocks.Block zero = blocks.alloc(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 0);
        require(zero != null, "alloc_pages(GFP_KERNEL|__GFP_COMP, 0) returned NULL on a freshly booted machine");
        require(!map.test(zero.pfn(), PageFlags.PG_head) && !map.test(zero.pfn(), PageFlags.PG_tail),
            "%s returned %s with flags %s; an order-0 page is never compound", zero.call(), Fmt.pfn(zero.pfn()),
            PageFlags.names(map.pgFlags(zero.pfn())));
        blocks.freeAll();
        k.drain_all_pages();
        long[] after = Probe.availablePerZone(k);
        String diff = Probe.zoneDifference(k, before, after, "free pages");
        require(diff == null, "after freeing the compound pages, %s", diff);
        // the same memory, handed out again without __GFP_COMP, must not keep head/tail flags
        for (int round = 0; round < 2; round++) {
            for (int order = 6; order >= 1; order--) {
                PageBlocks.Block b = blocks.alloc(Gfp.GFP_KERNEL, order);
                if (b != null) {
                    requireAllocatedState(k, b, false);
                }
            }
        }
        blocks.freeAll();
    }

    /** __GFP_ZERO pages read as zero through the kernel (page_address, or kmap for highmem). */
    static void zeroing(Machines m) {
        Kernel k = m.boot();
        PageBlocks dirty = new PageBlocks(k);
        for (int order = 0; order <= 4; order++) {
            for (int i = 0; i < 4; i++) {
                PageBlocks.Block b = dirty.alloc(Gfp.GFP_KERNEL, order);
                if (b != null) {
                    k.memset(k.page_address(b.pfn()), 0xa5, k.profile().pageSize << order);
                }
            }
        }
        dirty.freeAll();
        PageBlocks blocks = new PageBlocks(k);
        for (int order = 0; order <= 4; order++) {
            for (int i = 0; i < 4; i++) {
                PageBlocks.Block b = blocks.alloc(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, order);
                require(b != null, "%s returned NULL on a freshly booted machine", PageBlocks.call(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, order));
                requireZero(k, b, k.page_address(b.pfn()), k.profile().pageSize << order);
            }
        }
        if (k.mmu() != null && k.profile().zoneHighmem() >= 0) {
            for (int i = 0; i < 8; i++) {
                PageBlocks.Block b = blocks.alloc(Gfp.GFP_HIGHUSER | Gfp.__GFP_ZERO, 0);
                if (b == null) {
                    break;
                }
                long addr = k.kmap(b.pfn());
                try {
                    requireZero(k, b, addr, k.profile().pageSize);
                } finally {
                    k.kunmap(b.pfn());
                }
            }
        }
        long zp = k.get_zeroed_page(Gfp.GFP_KERNEL);
        require(zp != 0, "get_zeroed_page(GFP_KERNEL) returned NULL on a freshly booted machine");
        long at = k.memchr_inv(zp, 0, k.profile().pageSize);
        if (at != 0) {
            fail("get_zeroed_page(GFP_KERNEL) returned a page whose byte at offset %s reads %s, not 0", Fmt.hex(at - zp),
                Fmt.hex(k.read(at, 1)));
        }
        k.free_page(zp);
        blocks.freeAll();
    }

    private static void requireZero(Kernel k, PageBlocks.Block b, long addr, long size) {
        long at = k.memchr_inv(addr, 0, size);
        if (at != 0) {
            long off = at - addr;
            fail("%s returned %s whose byte at offset %s (page %d of the block) reads %s, not 0", b.call(), Fmt.pfn(b.pfn()),
                Fmt.hex(off), off / k.profile().pageSize, Fmt.hex(k.read(at, 1)));
        }
    }

    /** An allocation takes exactly 2^order pages off its zone's free counts; freeing puts them back. */
    static void freeAccounting(Machines m) {
        Kernel k = m.boot();
        PageBlocks blocks = new PageBlocks(k);
        for (int gfp : List.of(Gfp.GFP_KERNEL, Gfp.GFP_KERNEL | Gfp.__GFP_DMA, Gfp.GFP_HIGHUSER)) {
            for (int order : new int[] {0, 1, 3, 5, MAX - 1}) {
                long[] before = Probe.availablePerZone(k);
                PageBlocks.Block b = blocks.alloc(gfp | NOWARN, order);
                if (b == null) {
                    requireRoomWasShort(k, gfp, order);
                    continue;
                }
                long[] after = Probe.availablePerZone(k);
                int zone = k.page_zonenum(b.pfn());
                for (int z = 0; z < before.length; z++) {
                    long want = z == zone ? b.pages() : 0;
                    long took = before[z] - after[z];
                    require(took == want, "%s returned %s in zone %s and took %d pages off zone %s's free counts"
                        + " (NR_FREE_PAGES plus the per-CPU lists), expected %d", b.call(), Fmt.pfn(b.pfn()),
                        Probe.zoneName(k, zone), took, Probe.zoneName(k, z), want);
                }
                blocks.free(b);
                long[] back = Probe.availablePerZone(k);
                String diff = Probe.zoneDifference(k, before, back, "free pages");
                require(diff == null, "after __free_pages(%s, %d) of the block %s returned, %s", Fmt.pfn(b.pfn()), order,
                    b.call(), diff);
            }
        }
    }

    /** A random run: no block handed out twice, live blocks never touched, all in the right place. */
    static void noOverlap(Machines m) {
        Kernel k = m.boot();
        Random r = new Random(m.config().seed() ^ 0x5eed);
        PageBlocks blocks = new PageBlocks(k);
        int got = Churn.run(blocks, r, GfpZones.masks(k.profile()), 3000, MAX - 1);
        require(got > 0, "not one allocation of a random run of 3000 steps succeeded on a freshly booted machine");
        MemMap map = k.physmem().memMap();
        for (PageBlocks.Block b : blocks.live()) {
            require(map.count(b.pfn()) == 1, "the block at %s that %s returned has _count %d while still allocated,"
                + " expected 1", Fmt.pfn(b.pfn()), b.call(), map.count(b.pfn()));
            for (long pfn = b.pfn(); pfn < b.end(); pfn++) {
                if (map.test(pfn, PageFlags.PG_buddy)) {
                    fail("the block at %s that %s returned has PG_buddy on page %s while still allocated (was it merged"
                        + " with a freed neighbour?)", Fmt.pfn(b.pfn()), b.call(), Fmt.hex(pfn));
                }
            }
        }
        blocks.freeAll();
    }

    /** After a random run and freeing everything, every zone has its boot free pages back. */
    static void freesComeBack(Machines m) {
        Kernel k = m.boot();
        k.drain_all_pages();
        long[] boot = Probe.freePerZone(k);
        long memFree = Probe.memFreeKb(k);
        Random r = new Random(m.config().seed() ^ 0xf4ee);
        PageBlocks blocks = new PageBlocks(k);
        for (int round = 0; round < 4; round++) {
            Churn.run(blocks, r, GfpZones.masks(k.profile()), 1000, MAX - 1);
            blocks.freeAll();
            k.drain_all_pages();
            String diff = Probe.zoneDifference(k, boot, Probe.freePerZone(k), "free pages");
            require(diff == null, "after random round %d and freeing every block (then drain_all_pages), %s", round + 1, diff);
            long mf = Probe.memFreeKb(k);
            require(mf == memFree, "after random round %d and freeing every block, MemFree is %d kB; it was %d kB after boot",
                round + 1, mf, memFree);
            Probe.requireBuddyinfoConsistent(k, "after random round " + (round + 1) + " and freeing every block");
        }
    }

    /** Freed neighbours merge again: as many MAX_ORDER-1 blocks can be allocated after a run as right after boot. */
    static void coalescing(Machines m) {
        Kernel k = m.boot();
        int big = Gfp.GFP_HIGHUSER | NOWARN;
        long atBoot = countLargest(k, big);
        if (atBoot == 0) {
            requireRoomWasShort(k, big, MAX - 1);
        }
        Random r = new Random(m.config().seed() ^ 0xc0a1);
        PageBlocks blocks = new PageBlocks(k);
        Churn.run(blocks, r, GfpZones.masks(k.profile()), 2000, 3);
        blocks.freeAll();
        k.drain_all_pages();
        long after = countLargest(k, big);
        require(after >= atBoot, "after a random run of small allocations and freeing every block, only %d order-%d blocks"
            + " could be allocated; %d could right after boot (freed buddies must merge back into large blocks)",
            after, MAX - 1, atBoot);
        splitOneLargestBlockAndMergeItBack(k, big, atBoot);
    }

    /**
     * The churn above may never reach the largest blocks (small requests are served from smaller leftovers first),
     * so split one for certain: hold every largest block but one, take the rest of memory one page at a time,
     * free those pages, and the block must be whole again.
     */
    private static void splitOneLargestBlockAndMergeItBack(Kernel k, int gfp, long atBoot) {
        if (atBoot == 0) {
            return;
        }
        PageBlocks tops = new PageBlocks(k);
        while (tops.alloc(gfp, MAX - 1) != null) {
            require(tops.size() <= atBoot + 1, "%s handed out more blocks than right after boot", PageBlocks.call(gfp, MAX - 1));
        }
        PageBlocks.Block one = tops.live().get(tops.size() - 1);
        tops.free(one);
        PageBlocks singles = new PageBlocks(k);
        long limit = k.profile().maxPfn;
        boolean split = false;
        while (true) {
            PageBlocks.Block b = singles.alloc(gfp, 0);
            if (b == null) {
                break;
            }
            split |= b.pfn() >= one.pfn() && b.pfn() < one.pfn() + (1L << (MAX - 1));
            require(singles.size() <= limit, "%s handed out more pages than the machine has", PageBlocks.call(gfp, 0));
        }
        long pages = singles.size();
        singles.freeAll();
        k.drain_all_pages();
        PageBlocks.Block again = tops.alloc(gfp, MAX - 1);
        tops.freeAll();
        k.drain_all_pages();
        require(!split || again != null, "the order-%d block at %s was split to hand out %d single pages; after every one"
            + " of them was freed, %s returned NULL: a freed page must merge with its buddy, order after order, until the"
            + " whole block is free again (__free_one_page)", MAX - 1, Fmt.pfn(one.pfn()), pages, PageBlocks.call(gfp, MAX - 1));
    }

    /** How many MAX_ORDER-1 blocks the allocator hands out in a row (all freed again). */
    private static long countLargest(Kernel k, int gfp) {
        PageBlocks blocks = new PageBlocks(k);
        long limit = (k.profile().maxPfn >> (MAX - 1)) + 1;
        long n = 0;
        while (blocks.alloc(gfp, MAX - 1) != null) {
            n++;
            require(n <= limit, "%s handed out %d blocks of %s; RAM has room for %d", PageBlocks.call(gfp, MAX - 1), n,
                Fmt.pages(1L << (MAX - 1)), limit - 1);
        }
        blocks.freeAll();
        k.drain_all_pages();
        return n;
    }

    /** Running out returns NULL (not an exception), __GFP_NOWARN keeps the log quiet, and everything comes back. */
    static void exhaustion(Machines m) {
        Kernel k = m.boot();
        k.drain_all_pages();
        long[] boot = Probe.freePerZone(k);
        long bootFree = Probe.sum(boot);
        String log = k.dmesg();
        int gfp = Gfp.GFP_HIGHUSER | NOWARN;
        PageBlocks blocks = new PageBlocks(k);
        long got = 0;
        for (int order = MAX - 1; order >= 0; order--) {
            while (true) {
                PageBlocks.Block b;
                try {
                    b = blocks.alloc(gfp, order);
                } catch (Violation v) {
                    throw v;
                } catch (RuntimeException e) {
                    throw new Violation(PageBlocks.call(gfp, order) + " threw " + Failures.describe(e) + " after "
                        + Fmt.pages(got) + " had been handed out; an allocator that cannot allocate returns NULL (-1)");
                }
                if (b == null) {
                    break;
                }
                got += b.pages();
                require(got <= bootFree, "the allocator handed out %s, more than the %d pages free after boot", Fmt.pages(got),
                    bootFree);
            }
        }
        long reachable = 0;
        int highest = GfpZones.highestZone(k.profile(), gfp);
        for (Zone z : k.physmem().zones()) {
            if (z.index <= highest) {
                long reserve = 0;
                for (long v : z.lowmemReserve) {
                    reserve = Math.max(reserve, v);
                }
                reachable += Math.max(0, boot[z.index] - z.highWmark() - reserve);
            }
        }
        require(got >= reachable * 9 / 10, "alloc_pages(%s, ...) returned NULL after handing out only %d pages; %d were"
            + " free above the zones' watermarks and reserves", Fmt.gfp(gfp), got, reachable);
        String added = k.dmesg().length() >= log.length() ? k.dmesg().substring(log.length()) : k.dmesg();
        require(!added.contains("page allocation failure") && !added.contains("WARNING:"), "with __GFP_NOWARN the"
            + " failed allocations still printed a warning: %s", added.lines().filter(l -> l.contains("failure")
            || l.contains("WARNING")).findFirst().orElse(""));
        blocks.freeAll();
        k.drain_all_pages();
        String diff = Probe.zoneDifference(k, boot, Probe.freePerZone(k), "free pages");
        require(diff == null, "after running out of memory and freeing every block, %s", diff);
        require(k.alloc_pages(Gfp.GFP_KERNEL, 0) != Kernel.NULL_PAGE, "after running out of memory and freeing everything,"
            + " alloc_pages(GFP_KERNEL, 0) returned NULL");
    }

    /** An order of MAX_ORDER or more is NULL (-1), never an exception, and frees nothing and takes nothing. */
    static void maxOrder(Machines m) {
        Kernel k = m.boot();
        long before = Probe.sum(Probe.availablePerZone(k));
        String log = k.dmesg();
        for (int order : new int[] {MAX, MAX + 1, 20}) {
            for (int gfp : new int[] {Gfp.GFP_KERNEL | NOWARN, Gfp.GFP_KERNEL}) {
                long pfn;
                try {
                    pfn = k.alloc_pages(gfp, order);
                } catch (KernelBug e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new Violation(PageBlocks.call(gfp, order) + " threw " + Failures.describe(e)
                        + "; an order of MAX_ORDER (" + MAX + ") or more returns NULL (-1)");
                }
                require(pfn == Kernel.NULL_PAGE, "%s returned %s; an order of MAX_ORDER (%d) or more returns NULL (-1)",
                    PageBlocks.call(gfp, order), Fmt.pfn(pfn), MAX);
                if (order == MAX && gfp == (Gfp.GFP_KERNEL | NOWARN)) {
                    String added = k.dmesg().substring(log.length());
                    require(!added.contains("WARNING") && !added.contains("page allocation failure"),
                        "%s printed a warning although __GFP_NOWARN was given: %s", PageBlocks.call(gfp, order),
                        added.lines().findFirst().orElse(""));
                }
            }
        }
        long after = Probe.sum(Probe.availablePerZone(k));
        require(after == before, "failed allocations of order MAX_ORDER or more changed the free counts by %d pages",
            before - after);
    }

    /** Freeing a page that is still in use is reported (a KernelBug on a debug machine, the log otherwise). */
    static void badFreeReported(Machines m) {
        Kernel k = m.boot(c -> c.withDebug(true));
        // double free of an order-0 page: put_page_testzero's VM_BUG_ON in the kernel
        long q = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        require(q != Kernel.NULL_PAGE, "alloc_pages(GFP_KERNEL, 0) returned NULL on a freshly booted machine");
        k.__free_pages(q, 0);
        try {
            k.__free_pages(q, 0);
            fail("freeing %s twice was not reported; on a debug machine the second __free_pages() is a kernel BUG", Fmt.pfn(q));
        } catch (KernelBug expected) {
            // reported
        }
        requireUsable(k, -1, "after a double free");

        // a block whose second page is still referenced
        long p = k.alloc_pages(Gfp.GFP_KERNEL, 1);
        require(p != Kernel.NULL_PAGE, "alloc_pages(GFP_KERNEL, 1) returned NULL on a freshly booted machine");
        k.split_page(p, 1); // page p+1 now holds its own reference
        String call = "__free_pages(" + Fmt.pfn(p) + ", 1)";
        try {
            k.__free_pages(p, 1);
            fail("%s freed a block whose page %s is still in use (_count 1) and nothing was reported; on a debug machine"
                + " free_pages_check() reports it as a KernelBug (\"BUG: Bad page state ...\")", call, Fmt.hex(p + 1));
        } catch (KernelBug bug) {
            requireBadPageReport(bug.report(), p + 1, call);
        }
        requireUsable(k, p + 1, "after " + call + " with a page still in use");

        // a page freed with PG_reserved set (SetPageReserved without ClearPageReserved)
        long r = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        k.physmem().memMap().set(r, PageFlags.PG_reserved);
        String rcall = "__free_pages(" + Fmt.pfn(r) + ", 0)";
        try {
            k.__free_pages(r, 0);
            fail("%s freed a page with PG_reserved set and nothing was reported; on a debug machine free_pages_check()"
                + " reports it as a KernelBug (\"BUG: Bad page state ...\")", rcall);
        } catch (KernelBug bug) {
            requireBadPageReport(bug.report(), r, rcall);
        }
        requireUsable(k, r, "after " + rcall + " of a PG_reserved page");

        // production build: the report goes to the log, the call returns
        Kernel prod = m.boot(c -> c.withDebug(false));
        long pp = prod.alloc_pages(Gfp.GFP_KERNEL, 1);
        prod.split_page(pp, 1);
        String before = prod.dmesg();
        String pcall = "__free_pages(" + Fmt.pfn(pp) + ", 1)";
        try {
            prod.__free_pages(pp, 1);
        } catch (RuntimeException e) {
            fail("without debug, %s of a block whose page %s is still in use threw %s; the kernel prints the bad page"
                + " report and returns", pcall, Fmt.hex(pp + 1), Failures.describe(e));
        }
        String added = prod.dmesg().substring(before.length());
        require(added.contains(badPageLine(pp + 1)), "without debug, %s of a block whose page %s is still in use printed"
            + " no \"%s\" to the log", pcall, Fmt.hex(pp + 1), badPageLine(pp + 1).strip());
        require(prod.tainted().contains("B"), "without debug, a bad page report must taint the kernel 'B' (tainted: \"%s\")",
            prod.tainted());
        requireUsable(prod, pp + 1, "without debug, after " + pcall + " with a page still in use");
    }

    private static String badPageLine(long pfn) {
        return String.format("BUG: Bad page state in process insmod  pfn:%05x", pfn);
    }

    private static void requireBadPageReport(String report, long pfn, String call) {
        String first = report == null ? "" : report.lines().findFirst().orElse("");
        require(first.equals(badPageLine(pfn)), "%s was reported, but the report's first line is \"%s\", expected \"%s\""
            + " (bad_page(), see Reports)", call, first, badPageLine(pfn));
    }

    /** The machine still allocates, and never hands out a page that was leaked as bad. */
    private static void requireUsable(Kernel k, long badPfn, String when) {
        PageBlocks blocks = new PageBlocks(k);
        for (int i = 0; i < 64; i++) {
            PageBlocks.Block b = blocks.alloc(Gfp.GFP_KERNEL, i % 4);
            require(b != null, "%s, %s returned NULL; the machine must stay usable", when, PageBlocks.call(Gfp.GFP_KERNEL, i % 4));
            require(badPfn < b.pfn() || badPfn >= b.end(), "%s, %s handed out %s, which contains the page %s that is still"
                + " in use (a block with a bad page is not freed)", when, b.call(), Fmt.pfn(b.pfn()), Fmt.hex(badPfn));
        }
        blocks.freeAll();
    }

    /** The allocator works on both profiles: x86_64 with DMA, DMA32 and Normal, i386 with HighMem. */
    static void bothProfiles(Machines m) {
        String[][] machines = {{"x86_64", "4160M"}, {"i386", "1G"}};
        for (String[] pm : machines) {
            long ram = Profile.parseSize("ram", pm[1]);
            String where = "[" + pm[0] + " " + pm[1] + "] ";
            Kernel k;
            try {
                k = m.bootProfile(pm[0], ram);
            } catch (RuntimeException e) {
                throw new Violation(where + "the machine did not boot: " + Failures.describe(e));
            }
            try {
                smoke(k, new Random(m.config().seed() ^ pm[0].hashCode()), 600);
            } catch (Violation v) {
                throw new Violation(where + v.getMessage());
            }
        }
    }

    /** Under every machine switch: per-CPU lists and mobility grouping, on and off. */
    static void switches(Machines m) {
        for (boolean pcp : new boolean[] {false, true}) {
            for (boolean mobility : new boolean[] {false, true}) {
                String where = "[" + (pcp ? "--pcp" : "--no-pcp") + " " + (mobility ? "--mobility" : "--no-mobility") + "] ";
                Kernel k = m.boot(c -> c.withPcp(pcp).withMobility(mobility));
                try {
                    smoke(k, new Random(m.config().seed() ^ (pcp ? 1 : 0) ^ (mobility ? 2 : 0)), 1500);
                } catch (Violation v) {
                    throw new Violation(where + v.getMessage());
                }
            }
        }
    }

    /** Placement for every mask at a few orders, a random run, and all pages back at the end. */
    private static void smoke(Kernel k, Random r, int ops) {
        k.drain_all_pages();
        long[] boot = Probe.freePerZone(k);
        PageBlocks blocks = new PageBlocks(k);
        for (int gfp : GfpZones.masks(k.profile())) {
            for (int order : new int[] {0, 3, 9}) {
                if (blocks.alloc(gfp | NOWARN, order) == null) {
                    requireRoomWasShort(k, gfp, order);
                }
            }
        }
        Churn.run(blocks, r, GfpZones.masks(k.profile()), ops, MAX - 1);
        blocks.freeAll();
        k.drain_all_pages();
        String diff = Probe.zoneDifference(k, boot, Probe.freePerZone(k), "free pages");
        require(diff == null, "after freeing every block (then drain_all_pages), %s", diff);
        Probe.requireBuddyinfoConsistent(k, "after freeing every block");
    }

    /** kmalloc and vmalloc, which get their pages from this slot, work after boot. */
    static void slabAndVmallocOnTop(Machines m) {
        Kernel k = m.boot();
        long ps = k.profile().pageSize;
        if (k.modules().containsKey("slab")) {
            List<Long> objs = new ArrayList<>();
            for (long size : new long[] {32, 200, 4096, 5000, 3 * ps, 40 * ps}) {
                long a = k.kmalloc(size, Gfp.GFP_KERNEL);
                require(a != 0, "kmalloc(%d, GFP_KERNEL) returned NULL on a freshly booted machine (the slab allocator"
                    + " gets its pages from the buddy slot)", size);
                k.write(a, 1, 0x5a);
                k.write(a + size - 1, 1, 0xa5);
                require(k.read(a, 1) == 0x5a && k.read(a + size - 1, 1) == 0xa5, "kmalloc(%d) memory does not keep what"
                    + " was written to it", size);
                objs.add(a);
            }
            for (long a : objs) {
                k.kfree(a);
            }
        }
        if (k.modules().containsKey("vmalloc")) {
            long size = 64 * 1024 + 1;
            long v = k.vmalloc(size);
            require(v != 0, "vmalloc(%d) returned NULL on a freshly booted machine (vmalloc takes its pages one"
                + " alloc_page() at a time from the buddy slot)", size);
            for (long off = 0; off < size; off += ps) {
                k.write(v + off, 8, 0x1122334455667788L ^ off);
            }
            for (long off = 0; off < size; off += ps) {
                require(k.read(v + off, 8) == (0x1122334455667788L ^ off), "vmalloc(%d) memory at offset %s does not keep"
                    + " what was written to it", size, Fmt.hex(off));
            }
            k.vfree(v);
            k.purge_vmap_area_lazy();
        }
    }
}
