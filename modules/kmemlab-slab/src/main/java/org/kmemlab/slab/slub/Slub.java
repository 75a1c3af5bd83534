package org.kmemlab.slab.slub;

import static org.kmemlab.slab.SlabFlags.OBJECT_POISON;
import static org.kmemlab.slab.SlabFlags.POISON_END;
import static org.kmemlab.slab.SlabFlags.POISON_FREE;
import static org.kmemlab.slab.SlabFlags.POISON_INUSE;
import static org.kmemlab.slab.SlabFlags.SLAB_CACHE_DMA;
import static org.kmemlab.slab.SlabFlags.SLAB_POISON;
import static org.kmemlab.slab.SlabFlags.SLAB_RECLAIM_ACCOUNT;
import static org.kmemlab.slab.SlabFlags.SLAB_RED_ZONE;
import static org.kmemlab.slab.SlabFlags.SLUB_RED_ACTIVE;
import static org.kmemlab.slab.SlabFlags.SLUB_RED_INACTIVE;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.function.LongConsumer;

import jakarta.inject.Inject;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Reports;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.slab.SlabFlags;
import org.kmemlab.slab.SlabPages;

/**
 * {@code slab=slub}: the SLUB allocator of Linux 2.6.34 (mm/slub.c), one CPU, one node. Free pointers
 * live in the objects' own memory, so a double free corrupts the freelist as it would in the kernel.
 * With {@code debug} every cache gets slub_debug=FZPU: red zones, poisoning, user tracking, and frees
 * that bypass the per-CPU fast path.
 */
public final class Slub implements SlabAllocator {
    /** size_index[]: kmalloc cache index for sizes 1..192 in 8-byte steps. */
    private static final int[] SIZE_INDEX = {3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1, 7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2};
    static final int NR_CPU_IDS = 1;

    private final SlabPages pages;
    private final MemMap map;
    private final Profile p;
    private final KernelLog log;
    private final long debugFlags;
    private final int w;
    private final List<SlubCache> byId = new ArrayList<>();
    /** slab_caches: newest first. */
    private final LinkedList<SlubCache> slabCaches = new LinkedList<>();
    private final SlubCache[] kmallocCaches;
    private final SlubCache[] kmallocDmaCaches;
    private final int slubPageShift;
    private final long slubMaxSize;
    private final SlubDebug dbg;
    /** slub_nomerge on the kernel command line. */
    private final boolean nomerge;
    private final org.kmemlab.slab.KmemTrace trace;

    /** The mmu slot, when the machine has one: object memory is then reached through its page tables. */
    @com.google.inject.Inject(optional = true)
    void setMmu(org.kmemlab.api.Mmu mmu) {
        pages.useMmu(mmu, log);
    }

    @Inject
    public Slub(PhysMem phys, PageAllocator buddy, MachineConfig config, KernelLog log, org.kmemlab.api.EventBus events) {
        this.trace = new org.kmemlab.slab.KmemTrace(events);
        this.pages = new SlabPages(phys, buddy);
        this.map = phys.memMap();
        this.p = phys.profile();
        this.log = log;
        this.debugFlags = config.debug() ? SlabFlags.SLUB_DEBUG_FZPU : 0;
        this.nomerge = config.hasParameter("slub_nomerge");
        this.w = pages.wordSize;
        this.slubPageShift = p.pageShift + 2;
        this.slubMaxSize = 2 * p.pageSize;
        this.dbg = new SlubDebug(pages, log);
        kmallocCaches = new SlubCache[slubPageShift];
        kmallocDmaCaches = new SlubCache[slubPageShift];
        // kmem_cache_init(): kmalloc-96, kmalloc-192, then kmalloc-8 ... kmalloc-(2*PAGE_SIZE)
        kmallocCaches[1] = createKmallocCache("kmalloc-96", 96, 0);
        kmallocCaches[2] = createKmallocCache("kmalloc-192", 192, 0);
        for (int i = 3; i < slubPageShift; i++) {
            kmallocCaches[i] = createKmallocCache("kmalloc-" + (1L << i), 1L << i, 0);
        }
        log.printk(String.format("SLUB: Genslabs=%d, HWalign=%d, Order=%d-%d, MinObjects=%d, CPUs=%d, Nodes=%d%n",
            slubPageShift, SlubCache.CACHE_LINE, SlubCache.SLUB_MIN_ORDER, SlubCache.SLUB_MAX_ORDER, 0, NR_CPU_IDS, 1));
    }

    private SlubCache createKmallocCache(String name, long size, long flags) {
        SlubCache s = open(name, size, 8, flags, null, true);
        if (s == null) {
            throw new IllegalStateException("Creation of kmalloc slab " + name + " size=" + size + " failed.");
        }
        return s;
    }

    /** kmem_cache_open() + registration at the head of slab_caches. */
    private SlubCache open(String name, long size, long align, long flags, LongConsumer ctor, boolean kmalloc) {
        SlubCache s = new SlubCache(byId.size(), name, size, align, flags | debugFlags, ctor, kmalloc, map);
        if (!s.calculateSizes(p, w, NR_CPU_IDS)) {
            return null;
        }
        s.cpuNode = (s.flags & (SlabFlags.SLUB_DEBUG_FZPU | SlabFlags.SLAB_TRACE)) != 0 ? -1 : 0;
        byId.add(s);
        slabCaches.addFirst(s);
        return s;
    }

    // ------------------------------------------------------------------ object memory

    private long getFreepointer(SlubCache s, long object) {
        long v = pages.readWord(object + s.offset);
        return p.is64 ? v : v & 0xffffffffL;
    }

    private void setFreepointer(SlubCache s, long object, long fp) {
        pages.writeWord(object + s.offset, fp);
    }

    /** init_object(): poison and red zone of one object. */
    private void initObject(SlubCache s, long object, boolean active) {
        if ((s.flags & OBJECT_POISON) != 0) {
            pages.fill(object, POISON_FREE, s.objsize - 1);
            pages.fill(object + s.objsize - 1, POISON_END, 1);
        }
        if ((s.flags & SLAB_RED_ZONE) != 0) {
            pages.fill(object + s.objsize, active ? SLUB_RED_ACTIVE : SLUB_RED_INACTIVE, s.inuse - s.objsize);
        }
    }

    // ------------------------------------------------------------------ struct page overlays

    private int inuse(long page) {
        return map.mapcount(page) & 0xffff;
    }

    private int objects(long page) {
        return (map.mapcount(page) >>> 16) & 0xffff;
    }

    private void setInuse(long page, int inuse) {
        map.setMapcount(page, (map.mapcount(page) & 0xffff0000) | (inuse & 0xffff));
    }

    private void setObjects(long page, int objects) {
        map.setMapcount(page, (objects << 16) | (map.mapcount(page) & 0xffff));
    }

    private long pageFreelist(long page) {
        return map.index(page);
    }

    private void setPageFreelist(long page, long fp) {
        map.setIndex(page, fp);
    }

    // ------------------------------------------------------------------ slabs

    /** new_slab(): pages from the buddy slot, every object threaded on the page freelist. */
    private long newSlab(SlubCache s, int gfp) {
        int flags = (gfp & (Gfp.GFP_RECLAIM_MASK | Gfp.GFP_CONSTRAINT_MASK)) | Gfp.__GFP_NOWARN | Gfp.__GFP_NORETRY;
        if ((s.flags & SLAB_CACHE_DMA) != 0) {
            flags |= Gfp.__GFP_DMA;
        }
        if ((s.flags & SLAB_RECLAIM_ACCOUNT) != 0) {
            flags |= Gfp.__GFP_RECLAIMABLE;
        }
        int order = s.order;
        int objects = s.objects;
        long page = pages.allocPages((flags & ~Gfp.__GFP_NOFAIL) | SlabPages.compFor(order), order);
        if (page < 0) {
            order = s.minOrder;
            objects = s.minObjects;
            int f2 = (gfp & (Gfp.GFP_RECLAIM_MASK | Gfp.GFP_CONSTRAINT_MASK)) | (flags & (Gfp.__GFP_DMA | Gfp.__GFP_RECLAIMABLE));
            page = pages.allocPages(f2 | SlabPages.compFor(order), order);
            if (page < 0) {
                return -1;
            }
        }
        pages.accountSlab(page, (s.flags & SLAB_RECLAIM_ACCOUNT) != 0, 1L << order);
        s.nrSlabs++;
        s.totalObjects += objects;
        map.setMapcount(page, 0);
        setObjects(page, objects);
        map.setPriv(page, s.id);          // page->slab
        map.set(page, PageFlags.PG_slab);
        if ((s.flags & (SlabFlags.SLUB_DEBUG_FZPU | SlabFlags.SLAB_TRACE)) != 0) {
            map.set(page, PageFlags.PG_slub_debug);
        }
        long start = pages.pageAddress(page);
        if ((s.flags & SLAB_POISON) != 0) {
            pages.fill(start, POISON_INUSE, p.pageSize << order);
        }
        long last = start;
        for (int i = 1; i < objects; i++) {
            long obj = start + i * s.size;
            setupObject(s, last);
            setFreepointer(s, last, obj);
            last = obj;
        }
        setupObject(s, last);
        setFreepointer(s, last, 0);
        setPageFreelist(page, start);
        setInuse(page, 0);
        return page;
    }

    /** setup_object(): debug caches get poison and red zones, then the constructor runs. */
    private void setupObject(SlubCache s, long object) {
        if ((s.flags & (SlabFlags.SLUB_DEBUG_FZPU | SlabFlags.SLAB_TRACE)) != 0) {
            initObject(s, object, false);
        }
        if (s.ctor != null) {
            s.ctor.accept(object);
        }
    }

    /** discard_slab() → __free_slab(): the pages go back to the page allocator. */
    private void discardSlab(SlubCache s, long page) {
        int order = PageFlags.compoundOrder(map, page);
        int objects = objects(page);
        s.nrSlabs--;
        s.totalObjects -= objects;
        pages.accountSlab(page, (s.flags & SLAB_RECLAIM_ACCOUNT) != 0, -(1L << order));
        map.clear(page, PageFlags.PG_slab);
        map.clear(page, PageFlags.PG_slub_debug);
        map.clear(page, PageFlags.PG_slub_frozen);
        map.setMapcount(page, -1);         // reset_page_mapcount
        map.setPriv(page, 0);
        setPageFreelist(page, 0);
        pages.freePages(page, order);
    }

    private void addPartial(SlubCache s, long page, boolean tail) {
        s.nrPartial++;
        if (tail) {
            s.partial.addTail(page);
        } else {
            s.partial.add(page);
        }
    }

    private void removePartial(SlubCache s, long page) {
        map.listDel(page);
        s.nrPartial--;
    }

    /** get_partial(): the first partial slab, frozen for this CPU. */
    private long getPartial(SlubCache s) {
        int page = s.partial.first();
        if (page == MemMap.NIL) {
            return -1;
        }
        removePartial(s, page);
        map.set(page, PageFlags.PG_slub_frozen);
        return page;
    }

    /** unfreeze_slab(). */
    private void unfreezeSlab(SlubCache s, long page, boolean tail) {
        map.clear(page, PageFlags.PG_slub_frozen);
        if (inuse(page) != 0) {
            if (pageFreelist(page) != 0) {
                addPartial(s, page, tail);
            }
        } else if (s.nrPartial < s.minPartial) {
            addPartial(s, page, true);
        } else {
            discardSlab(s, page);
        }
    }

    /** deactivate_slab(): give the CPU freelist back to the page and unfreeze it. */
    private void deactivateSlab(SlubCache s) {
        long page = s.cpuPage;
        boolean tail = true;
        while (s.cpuFreelist != 0) {
            tail = false;
            long object = s.cpuFreelist;
            s.cpuFreelist = getFreepointer(s, object);
            setFreepointer(s, object, pageFreelist(page));
            setPageFreelist(page, object);
            setInuse(page, inuse(page) - 1);
        }
        s.cpuPage = -1;
        unfreezeSlab(s, page, tail);
    }

    // ------------------------------------------------------------------ allocation

    /** slab_alloc(): the CPU freelist, else __slab_alloc(). */
    private long slabAlloc(SlubCache s, int gfp) {
        long object = s.cpuFreelist;
        if (object == 0 || s.cpuNode < 0) {
            object = slowAlloc(s, gfp);
        } else {
            s.cpuFreelist = getFreepointer(s, object);
        }
        if (object != 0 && (gfp & Gfp.__GFP_ZERO) != 0) {
            pages.fill(object, 0, s.objsize);
        }
        return object;
    }

    /** __slab_alloc(). */
    private long slowAlloc(SlubCache s, int gfp) {
        while (true) {
            if (s.cpuPage >= 0) {
                long page = s.cpuPage;
                long object = pageFreelist(page);
                if (object != 0) {
                    if (s.cpuNode < 0) {
                        // debug: one object at a time from the page freelist
                        if (!allocDebugProcessing(s, page, object)) {
                            deactivateSlab(s);
                            continue;
                        }
                        setInuse(page, inuse(page) + 1);
                        setPageFreelist(page, getFreepointer(s, object));
                        return object;
                    }
                    s.cpuFreelist = getFreepointer(s, object);
                    setInuse(page, objects(page));
                    setPageFreelist(page, 0);
                    return object;
                }
                deactivateSlab(s);
            }
            long page = getPartial(s);
            if (page < 0) {
                page = newSlab(s, gfp);
                if (page < 0) {
                    if ((gfp & Gfp.__GFP_NOWARN) == 0) {
                        slabOutOfMemory(s, gfp);
                    }
                    return 0;
                }
                map.set(page, PageFlags.PG_slub_frozen);
            }
            s.cpuPage = page;
        }
    }

    /** on_freelist(): whether search is on the page's freelist (walking at most objects entries). */
    private boolean onFreelist(SlubCache s, long page, long search) {
        long fp = pageFreelist(page);
        long object = 0;
        int nr = 0;
        int objects = objects(page);
        while (fp != 0 && nr <= objects) {
            if (fp == search) {
                return true;
            }
            if (!dbg.checkValidPointer(s, page, fp, objects)) {
                if (object != 0) {
                    dbg.objectErr(s, page, object, "Freechain corrupt", inuse(page), objects, pageFreelist(page));
                    setFreepointer(s, object, 0);
                } else {
                    dbg.slabErr(s, page, "Freepointer corrupt", inuse(page), objects, pageFreelist(page));
                    setPageFreelist(page, 0);
                    setInuse(page, objects);
                    dbg.slabFix(s, "Freelist cleared");
                    return false;
                }
                break;
            }
            object = fp;
            fp = getFreepointer(s, object);
            nr++;
        }
        return search == 0;
    }

    /** alloc_debug_processing(). */
    private boolean allocDebugProcessing(SlubCache s, long page, long object) {
        int objects = objects(page);
        boolean ok;
        if (!onFreelist(s, page, object)) {
            dbg.objectErr(s, page, object, "Object already allocated", inuse(page), objects, pageFreelist(page));
            ok = false;
        } else if (!dbg.checkValidPointer(s, page, object, objects)) {
            dbg.objectErr(s, page, object, "Freelist Pointer check fails", inuse(page), objects, pageFreelist(page));
            ok = false;
        } else {
            ok = dbg.checkObject(s, page, object, false, inuse(page), objects, pageFreelist(page));
        }
        if (!ok) {
            dbg.slabFix(s, "Marking all objects used");
            setInuse(page, objects);
            setPageFreelist(page, 0);
            return false;
        }
        dbg.setTrack(s, object, 0, "scenario_init");
        initObject(s, object, true);
        return true;
    }

    /** free_debug_processing(): false when the object must not be freed. */
    private boolean freeDebugProcessing(SlubCache s, long page, long object) {
        int objects = objects(page);
        if (!dbg.checkValidPointer(s, page, object, objects)) {
            dbg.slabErr(s, page, "Invalid object pointer 0x" + p.ptr(object), inuse(page), objects, pageFreelist(page));
        } else if (onFreelist(s, page, object)) {
            dbg.objectErr(s, page, object, "Object already free", inuse(page), objects, pageFreelist(page));
        } else if (!dbg.checkObject(s, page, object, true, inuse(page), objects, pageFreelist(page))) {
            return false;
        } else if (byId.get(map.priv(page)) != s) {
            dbg.objectErr(s, page, object, "page slab pointer corrupt.", inuse(page), objects, pageFreelist(page));
        } else {
            dbg.setTrack(s, object, 1, "scenario_init");
            initObject(s, object, false);
            return true;
        }
        dbg.slabFix(s, "Object at 0x" + p.ptr(object) + " not freed");
        return false;
    }

    /** A debug report printed during this call becomes the call's KernelBug (its first line is the BUG line). */
    private void raiseReport() {
        String r = dbg.takeReport();
        if (r != null) {
            throw new org.kmemlab.api.KernelBug(r.substring(r.indexOf('\n') + 1));
        }
    }

    private void slabOutOfMemory(SlubCache s, int gfp) {
        log.printk(String.format("SLUB: Unable to allocate memory on node %d (gfp=0x%x)%n", -1, gfp)
            + String.format("  cache: %s, object size: %d, buffer size: %d, default order: %d, min order: %d%n",
                s.name, s.objsize, s.size, s.order, s.minOrder)
            + String.format("  node %d: slabs: %d, objs: %d, free: %d%n", 0, s.nrSlabs, s.totalObjects, countFree(s)));
    }

    // ------------------------------------------------------------------ freeing

    /** slab_free(): the CPU fast path, else __slab_free(). */
    private void slabFree(SlubCache s, long page, long object) {
        if (page == s.cpuPage && s.cpuNode >= 0) {
            setFreepointer(s, object, s.cpuFreelist);
            s.cpuFreelist = object;
            return;
        }
        if (map.test(page, PageFlags.PG_slub_debug) && !freeDebugProcessing(s, page, object)) {
            return;
        }
        long prior = pageFreelist(page);
        setFreepointer(s, object, prior);
        setPageFreelist(page, object);
        setInuse(page, inuse(page) - 1);
        if (map.test(page, PageFlags.PG_slub_frozen)) {
            return;
        }
        if (inuse(page) == 0) {
            if (prior != 0) {
                removePartial(s, page);
            }
            discardSlab(s, page);
            return;
        }
        if (prior == 0) {
            addPartial(s, page, true);
        }
    }

    // ------------------------------------------------------------------ kmalloc

    /** get_slab(). */
    private SlubCache getSlab(long size, int gfp) {
        int index;
        if (size <= 192) {
            index = SIZE_INDEX[(int) ((size - 1) / 8)];
        } else {
            index = 64 - Long.numberOfLeadingZeros(size - 1);
        }
        if ((gfp & Gfp.__GFP_DMA) != 0) {
            SlubCache d = kmallocDmaCaches[index];
            if (d == null) {
                // dma_kmalloc_cache(): created on first use
                d = open("kmalloc_dma-" + kmallocCaches[index].objsize, kmallocCaches[index].objsize, 8, SLAB_CACHE_DMA,
                    null, true);
                kmallocDmaCaches[index] = d;
            }
            return d;
        }
        return kmallocCaches[index];
    }

    @Override
    public long kmalloc(long size, int gfp) {
        if (size < 0) {
            throw new IllegalArgumentException("kmalloc: size must be non-negative, got " + size);
        }
        if (size > slubMaxSize) {
            return kmallocLarge(size, gfp);
        }
        if (size == 0) {
            return ZERO_SIZE_PTR;
        }
        SlubCache s = getSlab(size, gfp);
        long obj = slabAlloc(s, gfp);
        raiseReport();
        return trace.alloc("kmalloc", obj, size, s.size, gfp);
    }

    /** kmalloc_large(): whole compound pages straight from the page allocator. */
    private long kmallocLarge(long size, int gfp) {
        int order = SlabPages.getOrder(p, size);
        if (order > 62) {
            order = 62;
        }
        long page = pages.allocPages(gfp | Gfp.__GFP_COMP, order);
        return page < 0 ? 0 : pages.pageAddress(page);
    }

    @Override
    public void kfree(long addr) {
        if (Long.compareUnsigned(addr, ZERO_SIZE_PTR) <= 0) {
            return;
        }
        long page = pages.virtToHeadPfn(addr);
        if (page < 0 || !map.pfnValid(page)) {
            throw new org.kmemlab.api.KernelBug("BUG: unable to handle kernel paging request at "
                + p.ptr(Reports.structPageAddress(p, Math.max(0, pages.virtToPfn(addr)))) + "\n");
        }
        if (!map.test(page, PageFlags.PG_slab)) {
            if (!map.test(page, PageFlags.PG_head) && !map.test(page, PageFlags.PG_tail)) {
                throw Reports.bug(log, "mm/slub.c", org.kmemlab.slab.SourceLines.SLUB_KFREE_NOT_COMPOUND, "kfree", "scenario_init"); // BUG_ON(!PageCompound(page))
            }
            pages.putCompound(page, debugFlags != 0 ? log : null, "kfree");
            return;
        }
        slabFree(byId.get(map.priv(page)), page, addr);
        raiseReport();
        trace.free("kfree", addr);
    }

    @Override
    public long ksize(long addr) {
        if (addr == ZERO_SIZE_PTR) {
            return 0;
        }
        long page = pages.virtToHeadPfn(addr);
        if (page < 0) {
            throw new org.kmemlab.api.KernelBug("BUG: unable to handle kernel NULL pointer dereference at "
                + p.ptr(Reports.structPageAddress(p, 0)) + "\n");
        }
        if (!map.test(page, PageFlags.PG_slab)) {
            return p.pageSize << PageFlags.compoundOrder(map, page);
        }
        SlubCache s = byId.get(map.priv(page));
        if ((s.flags & (SLAB_RED_ZONE | SLAB_POISON)) != 0) {
            return s.objsize;
        }
        if ((s.flags & (SlabFlags.SLAB_DESTROY_BY_RCU | SlabFlags.SLAB_STORE_USER)) != 0) {
            return s.inuse;
        }
        return s.size;
    }

    // ------------------------------------------------------------------ kmem_cache

    @Override
    public KmemCache kmemCacheCreate(String name, long size, long align, long flags, LongConsumer ctor) {
        if (name == null) {
            return null;
        }
        SlubCache merged = findMergeable(size, align, flags, name, ctor);
        if (merged != null) {
            merged.refcount++;
            merged.objsize = Math.max(merged.objsize, size);
            merged.inuse = Math.max(merged.inuse, SlubCache.alignUp(size, w));
            return merged;
        }
        SlubCache s = open(name, size, align, flags, ctor, false);
        if (s == null && (flags & SlabFlags.SLAB_PANIC) != 0) {
            throw Reports.panic(log, "Cannot create slabcache " + name, "kmem_cache_create", "scenario_init");
        }
        return s;
    }

    /** find_mergeable(). */
    private SlubCache findMergeable(long size, long align, long flags, String name, LongConsumer ctor) {
        if (nomerge || ctor != null || ((flags | debugFlags) & SlabFlags.SLUB_NEVER_MERGE) != 0) {
            return null;
        }
        long a = SlubCache.calculateAlignment(flags, align, size, w);
        long sz = SlubCache.alignUp(SlubCache.alignUp(size, w), a);
        for (SlubCache s : slabCaches) {
            if (s.ctor != null || (s.flags & SlabFlags.SLUB_NEVER_MERGE) != 0 || s.refcount < 0) {
                continue;
            }
            if (sz > s.size) {
                continue;
            }
            if (((flags | debugFlags) & SlabFlags.SLUB_MERGE_SAME) != (s.flags & SlabFlags.SLUB_MERGE_SAME)) {
                continue;
            }
            if ((s.size & ~(a - 1)) != s.size) {
                continue;
            }
            if (s.size - sz >= w) {
                continue;
            }
            return s;
        }
        return null;
    }

    private SlubCache cache(KmemCache c) {
        if (!(c instanceof SlubCache s) || s.refcount <= 0 || byId.get(s.id) != s) {
            throw new IllegalArgumentException("not a live kmem_cache of this machine: " + c);
        }
        return s;
    }

    @Override
    public long kmemCacheAlloc(KmemCache c, int gfp) {
        SlubCache s = cache(c);
        long obj = slabAlloc(s, gfp);
        raiseReport();
        return trace.alloc("kmem_cache_alloc", obj, s.objsize, s.size, gfp);
    }

    @Override
    public void kmemCacheFree(KmemCache c, long obj) {
        SlubCache s = cache(c);
        long page = pages.virtToHeadPfn(obj);
        if (page < 0 || !map.test(page, PageFlags.PG_slab)) {
            throw new org.kmemlab.api.KernelBug("BUG: unable to handle kernel paging request at " + p.ptr(obj) + "\n");
        }
        slabFree(s, page, obj);
        raiseReport();
        trace.free("kmem_cache_free", obj);
    }

    @Override
    public void kmemCacheDestroy(KmemCache c) {
        SlubCache s = cache(c);
        if (--s.refcount > 0) {
            return;
        }
        slabCaches.remove(s);
        if (s.cpuPage >= 0) {
            deactivateSlab(s);
        }
        // free_partial(): empty slabs go back; a slab that still has objects is listed and leaks
        for (int page = s.partial.first(); page != MemMap.NIL; ) {
            int next = map.lruNext(page);
            if (inuse(page) == 0) {
                removePartial(s, page);
                discardSlab(s, page);
            } else {
                listSlabObjects(s, page, "Objects remaining on kmem_cache_close()");
            }
            page = next == s.partial.headSlot() ? MemMap.NIL : next;
        }
        if (s.nrPartial != 0 || s.nrSlabs != 0) {
            log.printk(String.format("SLUB %s: %s called for cache that still has objects.%n", s.name, "kmem_cache_destroy")
                + Reports.dumpStack(log, "kmem_cache_destroy", "scenario_init"));
        }
        String report = dbg.takeReport();
        if (report != null && debugFlags != 0) {
            throw new org.kmemlab.api.KernelBug(report.substring(report.indexOf('\n') + 1));
        }
    }

    /** list_slab_objects() (CONFIG_SLUB_DEBUG): the slab, then every object not on its freelist. */
    private void listSlabObjects(SlubCache s, long page, String text) {
        int objects = objects(page);
        dbg.slabErr(s, page, text, inuse(page), objects, pageFreelist(page));
        long addr = pages.pageAddress(page);
        java.util.Set<Long> free = new java.util.HashSet<>();
        for (long fp = pageFreelist(page); fp != 0 && free.size() <= objects; fp = getFreepointer(s, fp)) {
            free.add(fp);
        }
        for (int i = 0; i < objects; i++) {
            long obj = addr + i * s.size;
            if (!free.contains(obj)) {
                dbg.objectInfo(s, obj, obj - addr);
            }
        }
    }

    /** Every empty slab on the partial list goes back to the page allocator. */
    private void discardEmptyPartials(SlubCache s) {
        for (int page = s.partial.first(); page != MemMap.NIL; ) {
            int next = map.lruNext(page);
            if (inuse(page) == 0) {
                removePartial(s, page);
                discardSlab(s, page);
            }
            page = next == s.partial.headSlot() ? MemMap.NIL : next;
        }
    }

    @Override
    public int kmemCacheShrink(KmemCache c) {
        SlubCache s = cache(c);
        if (s.cpuPage >= 0) {
            deactivateSlab(s); // flush_all()
        }
        discardEmptyPartials(s);
        return 0;
    }

    // ------------------------------------------------------------------ slabinfo

    /** count_partial(): free objects on partial slabs. */
    private long countFree(SlubCache s) {
        long[] free = {0};
        s.partial.forEach(page -> free[0] += objects(page) - inuse(page));
        return free[0];
    }

    /** page->slab->name of a PG_slab page (a compound slab's tail asks its head, as virt_to_head_page does). */
    @Override
    public String cacheOfPage(long pfn) {
        if (!map.pfnValid(pfn)) {
            return null;
        }
        long head = PageFlags.headOf(map, pfn);
        if (!map.pfnValid(head) || !map.test(head, PageFlags.PG_slab)) {
            return null;
        }
        int id = map.priv(head);
        return id >= 0 && id < byId.size() ? byId.get(id).name : null;
    }

    @Override
    public List<SlabInfo> slabinfoRows() {
        List<SlabInfo> rows = new ArrayList<>();
        for (SlubCache s : slabCaches) {
            long nrFree = countFree(s);
            rows.add(new SlabInfo(s.name, s.totalObjects - nrFree, s.totalObjects, s.size, s.objects, 1L << s.order,
                0, 0, 0, s.nrSlabs, s.nrSlabs, 0));
        }
        return rows;
    }

}
