package org.kmemlab.slab;

/**
 * Lines of the BUG checks the slab allocators reproduce, for {@code kernel BUG at FILE:LINE!}. No unmodified 2.6.34
 * mm/slab.c, slub.c or slob.c was available. The mm/slab.c lines are derived from a clean 2.6.35 file minus the
 * lines 2.6.35 added above each site (memory hotplug, numa_mem_id, the MINALIGN blocks moved out, kmemtrace),
 * anchored on the hunk headers of two patches made against 2.6.34-rc trees. The mm/slob.c lines are counted in a
 * 2.6.34 tree's unannotated slob.c (checked against a 2.6.35.7 copy with the known changes between them). The
 * mm/slub.c kfree line is the one real 2.6.34.y x86_64 kernels printed: Fedora 13's 2.6.34.7-56 and -61 reported
 * "kernel BUG at mm/slub.c:2835!" at kfree+0x5e, whose code bytes test PG_slab and then the compound bits before
 * ud2 (kernel bugzilla 20702, linux-mm, Nov 2010). Counted from a clean 2.6.35.7 slub.c (kfree's BUG_ON at 2834):
 * above kfree 2.6.35 removed 8 MINALIGN lines, added 4 for get_mems_allowed and 3 in list_slab_objects, and
 * Duyck's "slub: move kmem_cache_node into it's own cacheline" (a fix for a 2.6.34 regression, merged for
 * 2.6.35-rc1) removed 11. Elixir's v2.6.34-rc6 index puts calculate_sizes at 2210, 2.6.35.7's 2195 + 15 = +8 -4 +11,
 * confirming those deltas; so the 2.6.34.0 release printed 2846 and 2.6.34.7, which carries Duyck's fix, 2835.
 * kmemlab follows the 2.6.34.y stable tree here, as it does for mm/page_alloc.c (counted in 2.6.34.14).
 */
public final class SourceLines {
    private SourceLines() {
    }

    /** mm/slab.c page_get_cache() (inlined into virt_to_cache): BUG_ON(!PageSlab(page)). */
    public static final int SLAB_PAGE_GET_CACHE = 521;
    /** mm/slab.c kmem_cache_create(): BUG() after "%s: Early error in slab %s". */
    public static final int SLAB_CACHE_CREATE_EARLY = 2112;
    /** mm/slab.c slab_put_obj() (DEBUG): BUG() after "slab: double free detected in cache". */
    public static final int SLAB_PUT_OBJ_DOUBLE_FREE = 2705;
    /** mm/slab.c cache_free_debugcheck() (DEBUG): BUG_ON(virt_to_cache(objp) != cachep). */
    public static final int SLAB_FREE_DEBUGCHECK = 2864;
    /** mm/slab.c ksize(): BUG_ON(!objp). */
    public static final int SLAB_KSIZE = 4520;
    /** mm/slub.c kfree(): BUG_ON(!PageCompound(page)) on a page that is not a slab (as 2.6.34.7 printed it). */
    public static final int SLUB_KFREE_NOT_COMPOUND = 2835;
    /** mm/slob.c slob_alloc(): BUG_ON(!b) after allocating from a fresh page. */
    public static final int SLOB_ALLOC_FRESH_PAGE = 380;
    /** mm/slob.c ksize(): BUG_ON(!block). */
    public static final int SLOB_KSIZE = 543;
}
