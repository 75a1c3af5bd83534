package org.kmemlab.slab.slab;

/**
 * {@code struct slab} of mm/slab.c with its kmem_bufctl_t array: the slab's place on one of the node's
 * three lists, its first object (s_mem), colour offset, objects in use and the index-linked free list.
 * The bytes it would occupy at the start of an on-slab slab are accounted in the object layout.
 */
final class SlabMeta {
    static final int BUFCTL_END = -1;
    /** CONFIG_DEBUG_SLAB marks handed-out objects in the bufctl array. */
    static final int BUFCTL_FREE = -2;

    final int id;
    final long headPfn;
    final long sMem;
    final long colouroff;
    final int[] bufctl;
    /** The off-slab struct slab's object in its general cache (0 when on-slab). */
    long mgmtObj;
    int inuse;
    int free;
    /** The list this slab is on (0 none, 1 full, 2 partial, 3 free) and its links. */
    int list;
    SlabMeta prev;
    SlabMeta next;

    SlabMeta(int id, long headPfn, long sMem, long colouroff, int num) {
        this.id = id;
        this.headPfn = headPfn;
        this.sMem = sMem;
        this.colouroff = colouroff;
        this.bufctl = new int[num];
    }
}
