package org.kmemlab.api;

import java.util.List;
import java.util.function.LongConsumer;

/**
 * The {@code slab} slot (mm/slub.c, mm/slab.c, mm/slob.c): byte-sized, physically contiguous memory.
 * Implementations get pages only through {@link PageAllocator}. Addresses are kernel virtual addresses;
 * 0 is NULL. {@code krealloc}, {@code kzalloc} and {@code kcalloc} are built by the kernel on these.
 */
public interface SlabAllocator {
    /** {@code ZERO_SIZE_PTR}: what kmalloc(0) returns. */
    long ZERO_SIZE_PTR = 16;

    /** {@code __kmalloc()}: address, {@code ZERO_SIZE_PTR} for size 0, or 0 on failure. */
    long kmalloc(long size, int gfp);

    /** {@code kfree()}: NULL and ZERO_SIZE_PTR are no-ops. */
    void kfree(long addr);

    /** {@code ksize()}: the usable size of an allocated object. */
    long ksize(long addr);

    /** {@code kmem_cache_create()}: a cache (possibly an existing one it merged with), or null. */
    KmemCache kmemCacheCreate(String name, long size, long align, long flags, LongConsumer ctor);

    /** {@code kmem_cache_alloc()}: an object address or 0. */
    long kmemCacheAlloc(KmemCache cache, int gfp);

    void kmemCacheFree(KmemCache cache, long obj);

    void kmemCacheDestroy(KmemCache cache);

    /** {@code kmem_cache_shrink()}: 0 on success. */
    int kmemCacheShrink(KmemCache cache);

    /** The rows /proc/slabinfo would show, in its order; empty when the allocator has none (SLOB). */
    List<SlabInfo> slabinfoRows();

    /** {@code /proc/slabinfo} text (the 2.1 header, then one line per row), or null when the allocator has none (SLOB). */
    default String slabinfo() {
        StringBuilder sb = new StringBuilder(SlabInfo.HEADER);
        for (SlabInfo r : slabinfoRows()) {
            sb.append(r.line());
        }
        return sb.toString();
    }

    /**
     * The name of the cache a {@code PG_slab} page belongs to (SLUB: page->slab, SLAB: page_get_cache(), SLOB: its
     * list), for views such as the physical memory map; null when the page is not a slab page or the allocator
     * does not say.
     */
    default String cacheOfPage(long pfn) {
        return null;
    }

    /** A {@code struct kmem_cache *} as scenarios hold it. */
    interface KmemCache {
        String name();

        /** The object size the cache was created with (after merging: the largest). */
        long objsize();

        /** The size of one object with its metadata (s->size / buffer_size). */
        long size();
    }

    /** One /proc/slabinfo line, version 2.1. */
    record SlabInfo(String name, long activeObjs, long numObjs, long objsize, long objperslab, long pagesperslab,
                    long limit, long batchcount, long sharedfactor, long activeSlabs, long numSlabs, long sharedavail) {
        /** The line exactly as slabinfo prints it. */
        public String line() {
            return String.format("%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata %6d %6d %6d%n", name,
                activeObjs, numObjs, objsize, objperslab, pagesperslab, limit, batchcount, sharedfactor, activeSlabs,
                numSlabs, sharedavail);
        }

        public static final String HEADER = "slabinfo - version: 2.1\n"
            + "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> "
            + "<batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n";
    }
}
