package org.kmemlab.slab.slab;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.function.LongConsumer;

import jakarta.inject.Inject;

import org.kmemlab.api.EventBus;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Reports;
import org.kmemlab.slab.SlabFlags;
import org.kmemlab.slab.SlabPages;
import org.kmemlab.slab.SourceLines;

/**
 * {@code slab=slab}: the SLAB allocator of Linux 2.6.34 (mm/slab.c) for one CPU and one node: general caches
 * size-32 ... size-4194304 and their (DMA) twins, slabs with on- or off-slab management and colouring,
 * the per-CPU array cache with the kernel's limit/batchcount, the full/partial/free lists and free_limit.
 * CONFIG_DEBUG_SLAB checks are not simulated yet (debug machines run SLAB without them).
 */
public final class Slab implements org.kmemlab.api.SlabAllocator {
    static final int CACHE_LINE = 64;
    static final int BATCHREFILL_LIMIT = 16;
    static final int NR_CPUS = 1;
    static final long CFLGS_OFF_SLAB = 0x80000000L;

    private final SlabPages pages;
    private final MemMap map;
    private final Profile p;
    private final KernelLog log;
    private final org.kmemlab.slab.KmemTrace trace;
    private final int w;
    private final int structSlab;
    private final int slabBreakGfpOrder;
    private final long kmallocMaxSize;
    private final List<SlabCache> byId = new ArrayList<>();
    private final List<SlabMeta> slabs = new ArrayList<>();
    /** cache_chain: newest first. */
    private final LinkedList<SlabCache> cacheChain = new LinkedList<>();
    private final List<Long> mallocSizes = new ArrayList<>();
    private final List<SlabCache> sizeCaches = new ArrayList<>();
    private final List<SlabCache> dmaCaches = new ArrayList<>();
    private boolean slabEarlyInit = true;
    /** CONFIG_DEBUG_SLAB with FORCED_DEBUG: red zones, last user, poisoning (the machine's debug switch). */
    private final boolean debug;
    private final SlabDebug dbg;

    /** The mmu slot, when the machine has one: object memory is then reached through its page tables. */
    @com.google.inject.Inject(optional = true)
    void setMmu(org.kmemlab.api.Mmu mmu) {
        pages.useMmu(mmu, log);
    }

    @Inject
    public Slab(PhysMem phys, PageAllocator buddy, KernelLog log, EventBus events, org.kmemlab.api.MachineConfig config) {
        this.debug = config.debug();
        this.pages = new SlabPages(phys, buddy);
        this.map = phys.memMap();
        this.p = phys.profile();
        this.log = log;
        this.trace = new org.kmemlab.slab.KmemTrace(events);
        this.w = pages.wordSize;
        this.structSlab = p.is64 ? 48 : 28;   // sizeof(struct slab)
        long totalram = phys.zones().stream().mapToLong(z -> z.nrFreePages()).sum();
        this.slabBreakGfpOrder = totalram > ((32L << 20) >> p.pageShift) ? 1 : 0;
        int shiftHigh = Math.min(Profile.MAX_ORDER + p.pageShift - 1, 25);
        this.kmallocMaxSize = 1L << shiftHigh;
        // malloc_sizes[] (kmalloc_sizes.h) with 64-byte L1 lines: no size-96
        if (p.pageSize == 4096) {
            mallocSizes.add(32L);
        }
        for (long s : new long[] {64, 128, 192}) {
            mallocSizes.add(s);
        }
        for (long s = 256; s <= kmallocMaxSize; s <<= 1) {
            mallocSizes.add(s);
        }
        this.dbg = new SlabDebug(pages, log);
        kmemCacheInit();
    }

    /** kmem_cache_init(): cache_cache, the arraycache and kmem_list3 size caches, then every general cache. */
    private void kmemCacheInit() {
        create("kmem_cache", p.is64 ? 192 : 128, CACHE_LINE, SlabFlags.SLAB_HWCACHE_ALIGN, null, 0);
        for (int i = 0; i < mallocSizes.size(); i++) {
            sizeCaches.add(null);
            dmaCaches.add(null);
        }
        int indexAc = indexOf(p.is64 ? 32 : 20);   // sizeof(struct arraycache_init)
        int indexL3 = indexOf(p.is64 ? 104 : 64);  // sizeof(struct kmem_list3)
        sizeCaches.set(indexAc, create(sizeName(indexAc), mallocSizes.get(indexAc), 0, 0, null, 0));
        if (indexL3 != indexAc) {
            sizeCaches.set(indexL3, create(sizeName(indexL3), mallocSizes.get(indexL3), 0, 0, null, 0));
        }
        slabEarlyInit = false;
        for (int i = 0; i < mallocSizes.size(); i++) {
            if (sizeCaches.get(i) == null) {
                sizeCaches.set(i, create(sizeName(i), mallocSizes.get(i), 0, 0, null, 0));
            }
            dmaCaches.set(i, create(sizeName(i) + "(DMA)", mallocSizes.get(i), 0, SlabFlags.SLAB_CACHE_DMA, null, 0));
        }
    }

    private String sizeName(int i) {
        return "size-" + mallocSizes.get(i);
    }

    private int indexOf(long size) {
        for (int i = 0; i < mallocSizes.size(); i++) {
            if (size <= mallocSizes.get(i)) {
                return i;
            }
        }
        return -1;
    }

    private static int fls(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }

    private static long alignUp(long x, long a) {
        return (x + a - 1) / a * a;
    }

    /** slab_mgmt_size(). */
    private long slabMgmtSize(long nrObjs, long align) {
        return alignUp(structSlab + nrObjs * 4, align);
    }

    /** cache_estimate(): objects per slab of this order, and the bytes left over. */
    private long[] cacheEstimate(int gfporder, long bufferSize, long align, long flags) {
        long slabSize = p.pageSize << gfporder;
        long nrObjs;
        long mgmt;
        if ((flags & CFLGS_OFF_SLAB) != 0) {
            mgmt = 0;
            nrObjs = slabSize / bufferSize;
        } else {
            nrObjs = (slabSize - structSlab) / (bufferSize + 4);
            if (nrObjs > 0 && slabMgmtSize(nrObjs, align) + nrObjs * bufferSize > slabSize) {
                nrObjs--;
            }
            mgmt = slabMgmtSize(Math.max(nrObjs, 0), align);
        }
        nrObjs = Math.max(nrObjs, 0);
        return new long[] {nrObjs, slabSize - nrObjs * bufferSize - mgmt};
    }

    /** calculate_slab_order(): the smallest order with little waste, up to slab_break_gfp_order. */
    private long calculateSlabOrder(SlabCache c, long size, long align, long flags) {
        long leftOver = 0;
        int maxOrder = Profile.MAX_ORDER - 1;
        for (int order = 0; order <= maxOrder; order++) {
            long[] e = cacheEstimate(order, size, align, flags);
            if (e[0] == 0) {
                continue;
            }
            if ((flags & CFLGS_OFF_SLAB) != 0) {
                long offslabLimit = (size - structSlab) / 4;
                if (e[0] > offslabLimit) {
                    break;
                }
            }
            c.num = (int) e[0];
            c.gfporder = order;
            leftOver = e[1];
            if ((flags & SlabFlags.SLAB_RECLAIM_ACCOUNT) != 0) {
                break;
            }
            if (order >= slabBreakGfpOrder) {
                break;
            }
            if (leftOver * 8 <= (p.pageSize << order)) {
                break;
            }
        }
        return leftOver;
    }

    /** kmem_cache_create() proper (after the name checks). */
    private SlabCache create(String name, long size, long align, long flags, LongConsumer ctor, int unused) {
        if (debug) {
            // FORCED_DEBUG: red zone and last user unless that would push the size past a power of two
            if (size < 4096 || fls(size - 1) == fls(size - 1 + 8 + 2 * 8)) {
                flags |= SlabFlags.SLAB_RED_ZONE | SlabFlags.SLAB_STORE_USER;
            }
            if ((flags & SlabFlags.SLAB_DESTROY_BY_RCU) == 0) {
                flags |= SlabFlags.SLAB_POISON;
            }
        }
        if ((size & (w - 1)) != 0) {
            size = alignUp(size, w);
        }
        long ralign;
        if ((flags & SlabFlags.SLAB_HWCACHE_ALIGN) != 0) {
            ralign = CACHE_LINE;
            while (size <= ralign / 2) {
                ralign /= 2;
            }
        } else {
            ralign = w;
        }
        if ((flags & SlabFlags.SLAB_STORE_USER) != 0) {
            ralign = w;
        }
        if ((flags & SlabFlags.SLAB_RED_ZONE) != 0) {
            ralign = 8; // REDZONE_ALIGN
            size = alignUp(size, 8);
        }
        ralign = Math.max(ralign, 8);   // ARCH_SLAB_MINALIGN
        ralign = Math.max(ralign, align);
        if (ralign > 8) {
            flags &= ~(SlabFlags.SLAB_RED_ZONE | SlabFlags.SLAB_STORE_USER);
        }
        align = ralign;
        long objSize = size;
        long objOffset = 0;
        if ((flags & SlabFlags.SLAB_RED_ZONE) != 0) {
            objOffset += 8;
            size += 16;
        }
        if ((flags & SlabFlags.SLAB_STORE_USER) != 0) {
            size += (flags & SlabFlags.SLAB_RED_ZONE) != 0 ? 8 : w;
        }
        if (size >= (p.pageSize >> 3) && !slabEarlyInit) {
            flags |= CFLGS_OFF_SLAB;
        }
        size = alignUp(size, align);
        SlabCache c = new SlabCache(byId.size(), name, debug ? objSize : size);
        c.objOffset = objOffset;
        long leftOver = calculateSlabOrder(c, size, align, flags);
        if (c.num == 0) {
            log.printk("kmem_cache_create: couldn't create cache " + name + ".\n");
            return null;
        }
        long slabSize = alignUp(c.num * 4L + structSlab, align);
        if ((flags & CFLGS_OFF_SLAB) != 0 && leftOver >= slabSize) {
            flags &= ~CFLGS_OFF_SLAB;
            leftOver -= slabSize;
        }
        if ((flags & CFLGS_OFF_SLAB) != 0) {
            slabSize = c.num * 4L + structSlab;
            int idx = indexOf(slabSize);
            c.slabpCache = idx < 0 ? null : sizeCaches.get(idx);
        }
        c.offSlab = (flags & CFLGS_OFF_SLAB) != 0;
        c.colourOff = Math.max(CACHE_LINE, align);
        c.colour = (int) (leftOver / c.colourOff);
        c.slabSize = slabSize;
        c.flags = flags & ~CFLGS_OFF_SLAB;
        c.gfpflags = (flags & SlabFlags.SLAB_CACHE_DMA) != 0 ? Gfp.GFP_DMA : 0;
        c.bufferSize = size;
        c.align = align;
        c.ctor = ctor;
        enableCpucache(c);
        byId.add(c);
        cacheChain.addFirst(c);
        return c;
    }

    /** enable_cpucache(): the array cache's limit and batchcount by object size; free_limit. */
    private void enableCpucache(SlabCache c) {
        int limit;
        if (c.bufferSize > 131072) {
            limit = 1;
        } else if (c.bufferSize > p.pageSize) {
            limit = 8;
        } else if (c.bufferSize > 1024) {
            limit = 24;
        } else if (c.bufferSize > 256) {
            limit = 54;
        } else {
            limit = 120;
        }
        if (debug && limit > 32) {
            limit = 32; // CONFIG_DEBUG_SLAB keeps batches short
        }
        c.limit = limit;
        c.batchcount = (limit + 1) / 2;
        c.shared = NR_CPUS > 1 && c.bufferSize <= p.pageSize ? 8 : 0;
        c.entry = new long[limit];
        c.freeLimit = (1L + NR_CPUS) * c.batchcount + c.num;
    }

    // ------------------------------------------------------------------ slabs

    private long indexToObj(SlabCache c, SlabMeta s, int idx) {
        return s.sMem + c.bufferSize * idx;
    }

    private int objToIndex(SlabCache c, SlabMeta s, long obj) {
        return (int) ((obj - s.sMem) / c.bufferSize);
    }

    /** cache_grow(): a new slab on the free list. */
    private boolean cacheGrow(SlabCache c, int flags) {
        long offset = c.colourNext;
        c.colourNext++;
        if (c.colourNext >= c.colour) {
            c.colourNext = 0;
        }
        offset *= c.colourOff;
        int localFlags = flags & (Gfp.GFP_CONSTRAINT_MASK | Gfp.GFP_RECLAIM_MASK);
        localFlags |= c.gfpflags;
        if ((c.flags & SlabFlags.SLAB_RECLAIM_ACCOUNT) != 0) {
            localFlags |= Gfp.__GFP_RECLAIMABLE;
        }
        long page = pages.allocPages(localFlags, c.gfporder); // kmem_getpages(): not compound
        if (page < 0) {
            return false;
        }
        long nrPages = 1L << c.gfporder;
        pages.accountSlab(page, (c.flags & SlabFlags.SLAB_RECLAIM_ACCOUNT) != 0, nrPages);
        long objp = pages.pageAddress(page);
        long mgmtObj = 0;
        long colouroff = offset;
        if (c.offSlab) {
            mgmtObj = allocate(c.slabpCache, localFlags);
            if (mgmtObj == 0) {
                kmemFreepages(c, page);
                return false;
            }
        } else {
            colouroff += c.slabSize;
        }
        SlabMeta s = new SlabMeta(slabs.size(), page, objp + colouroff, colouroff, c.num);
        s.mgmtObj = mgmtObj;
        slabs.add(s);
        for (long i = 0; i < nrPages; i++) {
            map.set(page + i, PageFlags.PG_slab);
            map.setLru(page + i, c.id, s.id); // page_set_cache(), page_set_slab()
        }
        for (int i = 0; i < c.num; i++) {
            long o = indexToObj(c, s, i);
            if (debug) {
                dbg.initObj(c, o);
            }
            if (c.ctor != null && (c.flags & SlabFlags.SLAB_POISON) == 0) {
                c.ctor.accept(o + c.objOffset);
            }
            s.bufctl[i] = i + 1;
        }
        s.bufctl[c.num - 1] = SlabMeta.BUFCTL_END;
        s.free = 0;
        c.slabsFree.addTail(s);
        c.freeObjects += c.num;
        return true;
    }

    private void kmemFreepages(SlabCache c, long page) {
        long nrPages = 1L << c.gfporder;
        for (long i = 0; i < nrPages; i++) {
            map.clear(page + i, PageFlags.PG_slab);
            map.setLru(page + i, MemMap.NIL, MemMap.NIL);
        }
        pages.accountSlab(page, (c.flags & SlabFlags.SLAB_RECLAIM_ACCOUNT) != 0, -nrPages);
        pages.freePages(page, c.gfporder);
    }

    /** slab_destroy(). */
    private void slabDestroy(SlabCache c, SlabMeta s) {
        slabs.set(s.id, null);
        kmemFreepages(c, s.headPfn);
        if (c.offSlab && s.mgmtObj != 0) {
            release(c.slabpCache, s.mgmtObj);
        }
    }

    private long slabGetObj(SlabCache c, SlabMeta s) {
        long obj = indexToObj(c, s, s.free);
        s.inuse++;
        int next = s.bufctl[s.free];
        if (debug) {
            s.bufctl[s.free] = SlabMeta.BUFCTL_FREE;
        }
        s.free = next;
        return obj;
    }

    private void slabPutObj(SlabCache c, SlabMeta s, long obj) {
        int nr = objToIndex(c, s, obj);
        if (debug && s.bufctl[nr] != SlabMeta.BUFCTL_FREE) {
            throw dbg.doubleFreeInSlab(c, obj); // the object is already on the slab's free list
        }
        s.bufctl[nr] = s.free;
        s.free = nr;
        s.inuse--;
    }

    // ------------------------------------------------------------------ alloc / free

    /** ____cache_alloc(): the array cache, else cache_alloc_refill(). */
    private long cacheAlloc(SlabCache c, int flags) {
        long obj;
        if (c.avail > 0) {
            c.touched = true;
            obj = c.entry[--c.avail];
        } else {
            obj = cacheAllocRefill(c, flags);
        }
        return obj;
    }

    /** __cache_alloc(): the object, checked and poisoned under debug, zeroed for __GFP_ZERO. */
    private long allocate(SlabCache c, int flags) {
        long objp = cacheAlloc(c, flags);
        if (objp == 0) {
            return 0;
        }
        long obj = debug ? dbg.allocDebugcheckAfter(c, objp) : objp;
        if ((flags & Gfp.__GFP_ZERO) != 0) {
            pages.fill(obj, 0, c.objSize);
        }
        return obj;
    }

    /** __cache_free() with cache_free_debugcheck() first. */
    private void release(SlabCache c, long obj) {
        long objp = debug ? dbg.freeDebugcheck(c, obj) : obj;
        cacheFree(c, objp);
    }

    /** A report printed during this call (slab_error, Slab corruption) is the call's KernelBug on a debug machine. */
    private void raiseReport() {
        String r = dbg.takeReport();
        if (r != null) {
            throw new org.kmemlab.api.KernelBug(r);
        }
    }

    /** cache_alloc_refill(): batchcount objects from partial, then free slabs; grow when there are none. */
    private long cacheAllocRefill(SlabCache c, int flags) {
        while (true) {
            int batchcount = c.batchcount;
            if (!c.touched && batchcount > BATCHREFILL_LIMIT) {
                batchcount = BATCHREFILL_LIMIT;
            }
            while (batchcount > 0) {
                SlabMeta s = c.slabsPartial.first();
                if (s == null) {
                    s = c.slabsFree.first();
                    if (s == null) {
                        break;
                    }
                }
                while (s.inuse < c.num && batchcount-- > 0) {
                    c.entry[c.avail++] = slabGetObj(c, s);
                }
                listOf(c, s).remove(s);
                if (s.free == SlabMeta.BUFCTL_END) {
                    c.slabsFull.add(s);
                } else {
                    c.slabsPartial.add(s);
                }
            }
            c.freeObjects -= c.avail;
            if (c.avail == 0) {
                if (!cacheGrow(c, flags)) {
                    return 0;
                }
                continue;
            }
            c.touched = true;
            return c.entry[--c.avail];
        }
    }

    private SlabList listOf(SlabCache c, SlabMeta s) {
        return s.list == 1 ? c.slabsFull : s.list == 2 ? c.slabsPartial : c.slabsFree;
    }

    /** __cache_free(): onto the array cache; a full array cache flushes batchcount objects first. */
    private void cacheFree(SlabCache c, long obj) {
        if (c.avail >= c.limit) {
            cacheFlusharray(c);
        }
        c.entry[c.avail++] = obj;
    }

    private void cacheFlusharray(SlabCache c) {
        int batch = Math.min(c.batchcount, c.avail);
        freeBlock(c, c.entry, batch);
        System.arraycopy(c.entry, batch, c.entry, 0, c.avail - batch);
        c.avail -= batch;
    }

    /** free_block(): objects back to their slabs; an empty slab is destroyed once free_limit is passed. */
    private void freeBlock(SlabCache c, long[] objs, int n) {
        for (int i = 0; i < n; i++) {
            long obj = objs[i];
            SlabMeta s = slabOf(obj);
            listOf(c, s).remove(s);
            slabPutObj(c, s, obj);
            c.freeObjects++;
            if (s.inuse == 0) {
                if (c.freeObjects > c.freeLimit) {
                    c.freeObjects -= c.num;
                    slabDestroy(c, s);
                } else {
                    c.slabsFree.add(s);
                }
            } else {
                c.slabsPartial.addTail(s);
            }
        }
    }

    private SlabMeta slabOf(long obj) {
        long pfn = pages.virtToPfn(obj);
        return slabs.get(map.lruPrev(pfn));
    }

    /** virt_to_cache(): page_get_cache(virt_to_head_page(obj)); a non-slab page is a BUG. */
    private SlabCache virtToCache(long obj, String fn) {
        long pfn = pages.virtToPfn(obj);
        if (pfn < 0 || !map.pfnValid(pfn) || !map.test(pfn, PageFlags.PG_slab)) {
            throw Reports.bug(log, "mm/slab.c", SourceLines.SLAB_PAGE_GET_CACHE, fn, "scenario_init"); // BUG_ON(!PageSlab(page))
        }
        return byId.get(map.lruNext(pfn));
    }

    // ------------------------------------------------------------------ kmalloc

    /** __find_general_cachep(). */
    private SlabCache findGeneral(long size, int gfp) {
        int i = indexOf(size);
        if (i < 0) {
            return null;
        }
        return (gfp & Gfp.GFP_DMA) != 0 ? dmaCaches.get(i) : sizeCaches.get(i);
    }

    @Override
    public long kmalloc(long size, int gfp) {
        if (size < 0) {
            throw new IllegalArgumentException("kmalloc: size must be non-negative, got " + size);
        }
        if (size == 0) {
            return ZERO_SIZE_PTR;
        }
        SlabCache c = findGeneral(size, gfp);
        if (c == null) {
            return 0;
        }
        long obj = allocate(c, gfp);
        raiseReport();
        return trace.alloc("kmalloc", obj, size, c.bufferSize, gfp);
    }

    @Override
    public void kfree(long obj) {
        if (Long.compareUnsigned(obj, ZERO_SIZE_PTR) <= 0) {
            return;
        }
        SlabCache c = virtToCache(obj, "kfree");
        trace.free("kfree", obj);
        release(c, obj);
        raiseReport();
    }

    @Override
    public long ksize(long obj) {
        if (obj == 0) {
            throw Reports.bug(log, "mm/slab.c", SourceLines.SLAB_KSIZE, "ksize", "scenario_init"); // BUG_ON(!objp)
        }
        if (obj == ZERO_SIZE_PTR) {
            return 0;
        }
        return virtToCache(obj, "ksize").objSize; // obj_size(): the object without debug words
    }

    // ------------------------------------------------------------------ kmem_cache

    @Override
    public KmemCache kmemCacheCreate(String name, long size, long align, long flags, LongConsumer ctor) {
        if (name == null || size < w || size > kmallocMaxSize) {
            throw Reports.bug(log, "mm/slab.c", SourceLines.SLAB_CACHE_CREATE_EARLY, "kmem_cache_create", "scenario_init"); // Early error in slab
        }
        for (SlabCache c : cacheChain) {
            if (c.name.equals(name)) {
                log.printk("kmem_cache_create: duplicate cache " + name + "\n"
                    + Reports.dumpStack(log, "kmem_cache_create", "scenario_init"));
                return null;
            }
        }
        return create(name, size, align, flags, ctor, 0);
    }

    private SlabCache cache(KmemCache kc) {
        if (!(kc instanceof SlabCache c) || !c.live || byId.get(c.id) != c) {
            throw new IllegalArgumentException("not a live kmem_cache of this machine: " + kc);
        }
        return c;
    }

    @Override
    public long kmemCacheAlloc(KmemCache kc, int gfp) {
        SlabCache c = cache(kc);
        long obj = allocate(c, gfp);
        raiseReport();
        return trace.alloc("kmem_cache_alloc", obj, c.objSize, c.bufferSize, gfp);
    }

    @Override
    public void kmemCacheFree(KmemCache kc, long obj) {
        SlabCache c = cache(kc);
        if (virtToCache(obj, "kmem_cache_free") != c) {
            // cache_free_debugcheck()'s BUG_ON(virt_to_cache(objp) != cachep); without CONFIG_DEBUG_SLAB the kernel
            // would put the object on the wrong cache's array (silent corruption): reported on every machine here
            throw Reports.bug(log, "mm/slab.c", SourceLines.SLAB_FREE_DEBUGCHECK, "cache_free_debugcheck",
                "kmem_cache_free", "scenario_init");
        }
        trace.free("kmem_cache_free", obj);
        release(c, obj);
        raiseReport();
    }

    /** __cache_shrink(): drain the array cache, destroy free slabs; 1 when objects remain. */
    private int cacheShrink(SlabCache c) {
        freeBlock(c, c.entry, c.avail);
        c.avail = 0;
        for (SlabMeta s = c.slabsFree.first(); s != null; s = c.slabsFree.first()) {
            c.slabsFree.remove(s);
            c.freeObjects -= c.num;
            slabDestroy(c, s);
        }
        return c.slabsFull.size != 0 || c.slabsPartial.size != 0 ? 1 : 0;
    }

    @Override
    public void kmemCacheDestroy(KmemCache kc) {
        SlabCache c = cache(kc);
        cacheChain.remove(c);
        if (cacheShrink(c) != 0) {
            log.printk("slab error in kmem_cache_destroy(): cache `" + c.name + "': Can't free all objects\n"
                + Reports.dumpStack(log, "kmem_cache_destroy", "scenario_init"));
            cacheChain.addFirst(c);
            return;
        }
        c.live = false;
    }

    @Override
    public int kmemCacheShrink(KmemCache kc) {
        return cacheShrink(cache(kc));
    }

    // ------------------------------------------------------------------ slabinfo

    /** page_get_cache(page)->name: every page of a slab has PG_slab and lru.next = the cache. */
    @Override
    public String cacheOfPage(long pfn) {
        if (!map.pfnValid(pfn) || !map.test(pfn, PageFlags.PG_slab)) {
            return null;
        }
        int id = map.lruNext(pfn);
        return id >= 0 && id < byId.size() ? byId.get(id).name : null;
    }

    @Override
    public List<SlabInfo> slabinfoRows() {
        List<SlabInfo> rows = new ArrayList<>();
        for (SlabCache c : cacheChain) {
            long[] active = {0, 0};
            c.slabsFull.forEach(s -> {
                active[0] += c.num;
                active[1]++;
            });
            c.slabsPartial.forEach(s -> {
                active[0] += s.inuse;
                active[1]++;
            });
            long numSlabs = active[1] + c.slabsFree.size;
            rows.add(new SlabInfo(c.name, active[0], numSlabs * c.num, c.bufferSize, c.num, 1L << c.gfporder, c.limit,
                c.batchcount, c.shared, active[1], numSlabs, 0));
        }
        return rows;
    }

}
