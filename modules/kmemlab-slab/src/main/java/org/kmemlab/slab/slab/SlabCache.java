package org.kmemlab.slab.slab;

import java.util.function.LongConsumer;

import org.kmemlab.api.SlabAllocator;

/** {@code struct kmem_cache} of SLAB, with its one CPU's array cache and its one node's kmem_list3. */
final class SlabCache implements SlabAllocator.KmemCache {
    final int id;
    final String name;
    final long objSize;
    long bufferSize;
    /** CONFIG_DEBUG_SLAB: where the real object starts inside the buffer (after red zone 1). */
    long objOffset;
    long align;
    long flags;
    int num;
    int gfporder;
    boolean offSlab;
    long slabSize;
    long colourOff;
    int colour;
    int gfpflags;
    LongConsumer ctor;
    SlabCache slabpCache;

    // struct array_cache of the one CPU
    int limit;
    int batchcount;
    int shared;
    long[] entry;
    int avail;
    boolean touched;

    // struct kmem_list3 of the one node
    final SlabList slabsFull = new SlabList(1);
    final SlabList slabsPartial = new SlabList(2);
    final SlabList slabsFree = new SlabList(3);
    long freeObjects;
    long freeLimit;
    int colourNext;
    boolean live = true;

    SlabCache(int id, String name, long objSize) {
        this.id = id;
        this.name = name;
        this.objSize = objSize;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long objsize() {
        return objSize;
    }

    @Override
    public long size() {
        return bufferSize;
    }
}
