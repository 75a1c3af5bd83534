package org.kmemlab.slab;

/** SLAB_* flags of include/linux/slab.h (2.6.34) and SLUB's private ones. */
public final class SlabFlags {
    private SlabFlags() {
    }

    public static final long SLAB_DEBUG_FREE = 0x100L;
    public static final long SLAB_RED_ZONE = 0x400L;
    public static final long SLAB_POISON = 0x800L;
    public static final long SLAB_HWCACHE_ALIGN = 0x2000L;
    public static final long SLAB_CACHE_DMA = 0x4000L;
    public static final long SLAB_STORE_USER = 0x10000L;
    public static final long SLAB_RECLAIM_ACCOUNT = 0x20000L;
    public static final long SLAB_PANIC = 0x40000L;
    public static final long SLAB_DESTROY_BY_RCU = 0x80000L;
    public static final long SLAB_MEM_SPREAD = 0x100000L;
    public static final long SLAB_TRACE = 0x200000L;
    public static final long SLAB_NOLEAKTRACE = 0x800000L;
    public static final long SLAB_FAILSLAB = 0x02000000L;
    public static final long SLAB_NOTRACK = 0x01000000L;

    /** SLUB internal: poison the object itself (POISON without ctor or RCU). */
    public static final long OBJECT_POISON = 0x80000000L;

    /** slub_debug=FZPU, what a debug build turns on for every cache. */
    public static final long SLUB_DEBUG_FZPU = SLAB_DEBUG_FREE | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER;

    /** SLUB_NEVER_MERGE. */
    public static final long SLUB_NEVER_MERGE = SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE
        | SLAB_DESTROY_BY_RCU | SLAB_NOLEAKTRACE | SLAB_FAILSLAB;

    /** SLUB_MERGE_SAME. */
    public static final long SLUB_MERGE_SAME = SLAB_DEBUG_FREE | SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | SLAB_NOTRACK;

    public static final int POISON_INUSE = 0x5a;
    public static final int POISON_FREE = 0x6b;
    public static final int POISON_END = 0xa5;
    public static final int SLUB_RED_INACTIVE = 0xbb;
    public static final int SLUB_RED_ACTIVE = 0xcc;
}
