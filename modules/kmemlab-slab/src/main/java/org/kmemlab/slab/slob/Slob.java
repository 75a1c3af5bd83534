package org.kmemlab.slab.slob;

import java.util.List;
import java.util.function.LongConsumer;

import jakarta.inject.Inject;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PageList;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Reports;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.slab.SlabFlags;
import org.kmemlab.slab.SlabPages;

/**
 * {@code slab=slob}: the SLOB allocator of Linux 2.6.34 (mm/slob.c) — a first-fit list allocator in
 * 2-byte units over three lists of partially free pages. Free blocks are encoded in the free memory
 * itself (set_slob), big requests take whole pages, and there is no /proc/slabinfo.
 */
public final class Slob implements SlabAllocator {
    /** SLOB_UNIT, sizeof(slob_t): slobidx_t is s16 while PAGE_SIZE <= 32767 * 2, else s32 (64 KiB pages). */
    private final int slobUnit;
    /** CONFIG_DEBUG_VM (the machine's debug switch): put_page_testzero's VM_BUG_ON for a large block. */
    private final boolean debug;
    static final int SLOB_BREAK1 = 256;
    static final int SLOB_BREAK2 = 1024;
    static final int SLOB_ALIGN = 64; // L1_CACHE_BYTES

    private final SlabPages pages;
    private final MemMap map;
    private final Profile p;
    private final KernelLog log;
    private final PageList freeSlobSmall;
    private final PageList freeSlobMedium;
    private final PageList freeSlobLarge;
    /** max(ARCH_KMALLOC_MINALIGN, ARCH_SLAB_MINALIGN): __alignof__(unsigned long). */
    private final int kmallocAlign;
    private final long unitsPerPage;
    private final org.kmemlab.slab.KmemTrace trace;

    /** The mmu slot, when the machine has one: object memory is then reached through its page tables. */
    @com.google.inject.Inject(optional = true)
    void setMmu(org.kmemlab.api.Mmu mmu) {
        pages.useMmu(mmu, log);
    }

    @Inject
    public Slob(PhysMem phys, PageAllocator buddy, KernelLog log, org.kmemlab.api.EventBus events,
                org.kmemlab.api.MachineConfig config) {
        this.debug = config.debug();
        this.trace = new org.kmemlab.slab.KmemTrace(events);
        this.pages = new SlabPages(phys, buddy);
        this.map = phys.memMap();
        this.p = phys.profile();
        this.slobUnit = p.pageSize <= 32767 * 2 ? 2 : 4;
        this.log = log;
        this.freeSlobSmall = new PageList(map);
        this.freeSlobMedium = new PageList(map);
        this.freeSlobLarge = new PageList(map);
        this.kmallocAlign = p.is64 ? 8 : 4;
        this.unitsPerPage = slobUnits(p.pageSize);
        log.printk("SLOB: a slab allocator for small systems\n");
    }

    long slobUnits(long size) {
        return (size + slobUnit - 1) / slobUnit;
    }

    // ---- the slob_t encoding, in units of 2 bytes, stored in free memory

    private long pageBase(long va) {
        return va & -p.pageSize;
    }

    private int unitAt(long va) {
        return slobUnit == 2 ? (short) pages.read(va, 2) : (int) pages.read(va, 4);
    }

    private void setUnit(long va, long v) {
        pages.write(va, slobUnit, slobUnit == 2 ? v & 0xffff : v & 0xffffffffL);
    }

    /** set_slob(): a free block of size units whose next free block is next. */
    private void setSlob(long s, long size, long next) {
        long offset = (next - pageBase(s)) / slobUnit;
        if (size > 1) {
            setUnit(s, size);
            setUnit(s + slobUnit, offset);
        } else {
            setUnit(s, -offset);
        }
    }

    /** slob_units(). */
    private long units(long s) {
        int u = unitAt(s);
        return u > 0 ? u : 1;
    }

    /** slob_next(). */
    private long next(long s) {
        long base = pageBase(s);
        int u = unitAt(s);
        long next = u < 0 ? -u : unitAt(s + slobUnit);
        return base + next * slobUnit;
    }

    /**
     * kmemlab's guard, not the kernel's: a free block outside its page, or a walk longer than the page has units,
     * means the in-page free list is corrupted (a double kfree does this). The kernel would spin forever or
     * scribble over memory; kmemlab stops with a report instead of hanging.
     */
    private void checkFreeList(long sp, long cur, int steps) {
        if (pageBase(cur) != pages.pageAddress(sp) || steps > unitsPerPage) {
            throw new KernelBug(String.format("kmemlab: SLOB free list of page pfn:%05x is corrupted at %s (%s);"
                + " a double kfree() does this, and the kernel would %s here%n", sp, p.ptr(cur),
                steps > unitsPerPage ? "it loops" : "it points outside the page",
                steps > unitsPerPage ? "spin forever" : "corrupt another page"));
        }
    }

    /** slob_last(). */
    private boolean last(long s) {
        return (next(s) & (p.pageSize - 1)) == 0;
    }

    // ---- struct slob_page overlays: units in _mapcount, free in index, list in lru

    private long spUnits(long page) {
        return map.mapcount(page);
    }

    private void setSpUnits(long page, long u) {
        map.setMapcount(page, (int) u);
    }

    private long spFree(long page) {
        return map.index(page);
    }

    private void setSpFree(long page, long b) {
        map.setIndex(page, b);
    }

    private void setSlobPageFree(long page, PageList list) {
        list.add(page);
        map.set(page, PageFlags.PG_slob_free);
    }

    private void clearSlobPageFree(long page) {
        map.listDel(page);
        map.clear(page, PageFlags.PG_slob_free);
    }

    private long slobPage(long va) {
        return pages.virtToPfn(va);
    }

    /** slob_page_alloc(): first fit inside one page, honouring alignment. */
    private long slobPageAlloc(long sp, long size, long align) {
        long units = slobUnits(size);
        long prev = 0;
        int steps = 0;
        for (long cur = spFree(sp); ; prev = cur, cur = next(cur)) {
            checkFreeList(sp, cur, ++steps);
            long avail = units(cur);
            long aligned = cur;
            long delta = 0;
            if (align != 0) {
                aligned = (cur + align - 1) & -align;
                delta = (aligned - cur) / slobUnit;
            }
            if (avail >= units + delta) {
                if (delta != 0) {
                    long nxt = next(cur);
                    setSlob(aligned, avail - delta, nxt);
                    setSlob(cur, delta, aligned);
                    prev = cur;
                    cur = aligned;
                    avail = units(cur);
                }
                long nxt = next(cur);
                if (avail == units) {
                    if (prev != 0) {
                        setSlob(prev, units(prev), nxt);
                    } else {
                        setSpFree(sp, nxt);
                    }
                } else {
                    if (prev != 0) {
                        setSlob(prev, units(prev), cur + units * slobUnit);
                    } else {
                        setSpFree(sp, cur + units * slobUnit);
                    }
                    setSlob(cur + units * slobUnit, avail - units, nxt);
                }
                setSpUnits(sp, spUnits(sp) - units);
                if (spUnits(sp) == 0) {
                    clearSlobPageFree(sp);
                }
                return cur;
            }
            if (last(cur)) {
                return 0;
            }
        }
    }

    /** slob_alloc(): next fit over the page list for this size, else a new page. */
    private long slobAlloc(long size, int gfp, long align) {
        PageList list = size < SLOB_BREAK1 ? freeSlobSmall : size < SLOB_BREAK2 ? freeSlobMedium : freeSlobLarge;
        long b = 0;
        for (int sp = list.first(); sp != MemMap.NIL; sp = map.lruNext(sp) == list.headSlot() ? MemMap.NIL : map.lruNext(sp)) {
            if (spUnits(sp) < slobUnits(size)) {
                continue;
            }
            int prev = map.lruPrev(sp);
            b = slobPageAlloc(sp, size, align);
            if (b == 0) {
                continue;
            }
            // start the next search at this page (Knuth vol 1, 2.5): list_move_tail(slob_list, prev->next)
            if (prev != map.lruPrev(list.headSlot()) && map.lruNext(list.headSlot()) != map.lruNext(prev)) {
                int newFirst = map.lruNext(prev);
                map.listDel(list.headSlot());
                map.listAdd(list.headSlot(), map.lruPrev(newFirst), newFirst);
            }
            break;
        }
        if (b == 0) {
            long page = pages.allocPages(gfp & ~Gfp.__GFP_ZERO, 0);
            if (page < 0) {
                return 0;
            }
            map.set(page, PageFlags.PG_slab);
            long base = pages.pageAddress(page);
            setSpUnits(page, unitsPerPage);
            setSpFree(page, base);
            setSlob(base, unitsPerPage, base + p.pageSize);
            setSlobPageFree(page, list);
            b = slobPageAlloc(page, size, align);
            if (b == 0) {
                throw Reports.bug(log, "mm/slob.c", org.kmemlab.slab.SourceLines.SLOB_ALLOC_FRESH_PAGE, "slob_alloc", "scenario_init");
            }
        }
        if ((gfp & Gfp.__GFP_ZERO) != 0) {
            pages.fill(b, 0, size);
        }
        return b;
    }

    /** slob_free(): back into the page's free chain, coalescing; an all-free page goes back at once. */
    private void slobFree(long b, long size) {
        long sp = slobPage(b);
        long units = slobUnits(size);
        if (spUnits(sp) + units == unitsPerPage) {
            if (map.test(sp, PageFlags.PG_slob_free)) {
                clearSlobPageFree(sp);
            }
            map.clear(sp, PageFlags.PG_slab);
            map.setMapcount(sp, -1);
            setSpFree(sp, 0);
            pages.freePages(sp, 0);
            return;
        }
        if (!map.test(sp, PageFlags.PG_slob_free)) {
            setSpUnits(sp, units);
            setSpFree(sp, b);
            setSlob(b, units, pageBase(b) + p.pageSize);
            setSlobPageFree(sp, freeSlobSmall);
            return;
        }
        setSpUnits(sp, spUnits(sp) + units);
        long free = spFree(sp);
        if (Long.compareUnsigned(b, free) < 0) {
            if (b + units * slobUnit == free) {
                units += units(free);
                free = next(free);
            }
            setSlob(b, units, free);
            setSpFree(sp, b);
        } else {
            long prev = free;
            long nxt = next(prev);
            int steps = 0;
            while (Long.compareUnsigned(b, nxt) > 0) {
                prev = nxt;
                checkFreeList(sp, prev, ++steps);
                nxt = next(prev);
            }
            if (!last(prev) && b + units * slobUnit == nxt) {
                units += units(nxt);
                setSlob(b, units, next(nxt));
            } else {
                setSlob(b, units, nxt);
            }
            if (prev + units(prev) * slobUnit == b) {
                units = units(b) + units(prev);
                setSlob(prev, units, next(b));
            } else {
                setSlob(prev, units(prev), b);
            }
        }
    }

    // ---- kmalloc

    @Override
    public long kmalloc(long size, int gfp) {
        if (size < 0) {
            throw new IllegalArgumentException("kmalloc: size must be non-negative, got " + size);
        }
        if (size < p.pageSize - kmallocAlign) {
            if (size == 0) {
                return ZERO_SIZE_PTR;
            }
            long m = slobAlloc(size + kmallocAlign, gfp, kmallocAlign);
            if (m == 0) {
                return 0;
            }
            pages.write(m, 4, size); // *m = size
            return trace.alloc("kmalloc", m + kmallocAlign, size, slobUnits(size + kmallocAlign) * slobUnit, gfp);
        }
        int order = Math.min(62, SlabPages.getOrder(p, size));
        long page = pages.allocPages(gfp | Gfp.__GFP_COMP, order);
        if (page < 0) {
            return 0;
        }
        map.setPriv(page, (int) Math.min(Integer.MAX_VALUE, size)); // page->private = size
        return trace.alloc("kmalloc", pages.pageAddress(page), size, p.pageSize << order, gfp);
    }

    private boolean isSlobPage(long page) {
        return map.test(page, PageFlags.PG_slab);
    }

    @Override
    public void kfree(long block) {
        if (Long.compareUnsigned(block, ZERO_SIZE_PTR) <= 0) {
            return;
        }
        long page = slobPage(block);
        if (page < 0 || !map.pfnValid(page)) {
            throw new KernelBug("BUG: unable to handle kernel paging request at " + p.ptr(block) + "\n");
        }
        trace.free("kfree", block);
        if (isSlobPage(page)) {
            long m = block - kmallocAlign;
            long size = pages.read(m, 4);
            slobFree(m, size + kmallocAlign);
        } else {
            pages.putCompound(PageFlags.headOf(map, page), debug ? log : null, "kfree"); // put_page(&sp->page)
        }
    }

    @Override
    public long ksize(long block) {
        if (block == 0) {
            throw Reports.bug(log, "mm/slob.c", org.kmemlab.slab.SourceLines.SLOB_KSIZE, "ksize", "scenario_init"); // BUG_ON(!block)
        }
        if (block == ZERO_SIZE_PTR) {
            return 0;
        }
        long page = slobPage(block);
        if (isSlobPage(page)) {
            long size = pages.read(block - kmallocAlign, 4);
            return slobUnits(size) * slobUnit;
        }
        return map.priv(PageFlags.headOf(map, page));
    }

    // ---- kmem_cache

    /** struct kmem_cache of SLOB: size, align, flags, name, ctor, kept in a slob block of its own. */
    private static final class SlobCache implements KmemCache {
        final String name;
        final long size;
        final long align;
        final long flags;
        final LongConsumer ctor;
        final long descriptor;
        boolean destroyed;

        SlobCache(String name, long size, long align, long flags, LongConsumer ctor, long descriptor) {
            this.name = name;
            this.size = size;
            this.align = align;
            this.flags = flags;
            this.ctor = ctor;
            this.descriptor = descriptor;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long objsize() {
            return size;
        }

        @Override
        public long size() {
            return size;
        }
    }

    private long descriptorSize() {
        return p.is64 ? 32 : 20; // sizeof(struct kmem_cache) in SLOB
    }

    @Override
    public KmemCache kmemCacheCreate(String name, long size, long align, long flags, LongConsumer ctor) {
        long c = slobAlloc(descriptorSize(), Gfp.GFP_KERNEL, 8);
        if (c == 0) {
            if ((flags & SlabFlags.SLAB_PANIC) != 0) {
                throw new KernelBug("Kernel panic - not syncing: Cannot create slab cache " + name + "\n");
            }
            return null;
        }
        long a = (flags & SlabFlags.SLAB_HWCACHE_ALIGN) != 0 ? SLOB_ALIGN : 0;
        a = Math.max(a, kmallocAlign);
        a = Math.max(a, align);
        return new SlobCache(name, size, a, flags, ctor, c);
    }

    private SlobCache cache(KmemCache c) {
        if (!(c instanceof SlobCache s) || s.destroyed) {
            throw new IllegalArgumentException("not a live kmem_cache of this machine: " + c);
        }
        return s;
    }

    @Override
    public long kmemCacheAlloc(KmemCache kc, int gfp) {
        SlobCache c = cache(kc);
        long b;
        if (c.size < p.pageSize) {
            b = slobAlloc(c.size, gfp, c.align);
        } else {
            long page = pages.allocPages(gfp, SlabPages.getOrder(p, c.size));
            b = page < 0 ? 0 : pages.pageAddress(page);
        }
        if (b != 0 && c.ctor != null) {
            c.ctor.accept(b);
        }
        return b == 0 ? 0 : trace.alloc("kmem_cache_alloc", b, c.size, c.size, gfp);
    }

    @Override
    public void kmemCacheFree(KmemCache kc, long b) {
        SlobCache c = cache(kc);
        trace.free("kmem_cache_free", b);
        if (c.size < p.pageSize) {
            slobFree(b, c.size);
        } else {
            long page = slobPage(b);
            int n = map.count(page) - 1;
            map.setCount(page, n);
            if (n == 0) {
                pages.buddy.freePages(page, SlabPages.getOrder(p, c.size), false);
            }
        }
    }

    @Override
    public void kmemCacheDestroy(KmemCache kc) {
        SlobCache c = cache(kc);
        c.destroyed = true;
        slobFree(c.descriptor, descriptorSize());
    }

    @Override
    public int kmemCacheShrink(KmemCache c) {
        cache(c);
        return 0;
    }

    /** SLOB has no caches: every PG_slab page is one of its small-object pages ("slob"). */
    @Override
    public String cacheOfPage(long pfn) {
        return map.pfnValid(pfn) && map.test(pfn, PageFlags.PG_slab) ? "slob" : null;
    }

    @Override
    public List<SlabInfo> slabinfoRows() {
        return List.of();
    }

    @Override
    public String slabinfo() {
        return null;
    }
}
