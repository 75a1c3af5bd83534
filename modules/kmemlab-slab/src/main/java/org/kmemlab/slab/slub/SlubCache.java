package org.kmemlab.slab.slub;

import static org.kmemlab.slab.SlabFlags.OBJECT_POISON;
import static org.kmemlab.slab.SlabFlags.SLAB_DESTROY_BY_RCU;
import static org.kmemlab.slab.SlabFlags.SLAB_HWCACHE_ALIGN;
import static org.kmemlab.slab.SlabFlags.SLAB_POISON;
import static org.kmemlab.slab.SlabFlags.SLAB_RED_ZONE;
import static org.kmemlab.slab.SlabFlags.SLAB_STORE_USER;

import java.util.function.LongConsumer;

import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageList;
import org.kmemlab.api.Profile;
import org.kmemlab.api.SlabAllocator;

/** {@code struct kmem_cache} of SLUB with its sizing (calculate_sizes, calculate_order; reference §5.1). */
final class SlubCache implements SlabAllocator.KmemCache {
    static final int CACHE_LINE = 64;
    static final int ARCH_SLAB_MINALIGN = 8;
    static final int SLUB_MAX_ORDER = 3;   // PAGE_ALLOC_COSTLY_ORDER
    static final int SLUB_MIN_ORDER = 0;
    static final int MAX_OBJS_PER_PAGE = 65535;
    static final int MIN_PARTIAL = 5;
    static final int MAX_PARTIAL = 10;

    final int id;
    String name;
    long objsize;
    long size;
    long inuse;
    long offset;
    long align;
    long flags;
    int order;
    int objects;
    int minOrder;
    int minObjects;
    long minPartial;
    int refcount = 1;
    final LongConsumer ctor;
    final boolean kmallocCache;

    // per-CPU state of the one CPU
    long cpuPage = -1;
    long cpuFreelist;
    /** c->node: 0, or -1 when debugging bypasses the fast path. */
    int cpuNode;

    // the one node
    final PageList partial;
    long nrPartial;
    long nrSlabs;
    long totalObjects;

    SlubCache(int id, String name, long size, long align, long flags, LongConsumer ctor, boolean kmalloc, MemMap map) {
        this.id = id;
        this.name = name;
        this.objsize = size;
        this.align = align;
        this.flags = flags;
        this.ctor = ctor;
        this.kmallocCache = kmalloc;
        this.partial = new PageList(map);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long objsize() {
        return objsize;
    }

    @Override
    public long size() {
        return size;
    }

    static long alignUp(long x, long a) {
        return (x + a - 1) / a * a;
    }

    /** calculate_alignment(). */
    static long calculateAlignment(long flags, long align, long size, int w) {
        if ((flags & SLAB_HWCACHE_ALIGN) != 0) {
            long ralign = CACHE_LINE;
            while (size <= ralign / 2) {
                ralign /= 2;
            }
            align = Math.max(align, ralign);
        }
        if (align < ARCH_SLAB_MINALIGN) {
            align = ARCH_SLAB_MINALIGN;
        }
        return alignUp(align, w);
    }

    /** calculate_sizes(): object layout and slab order; false when no order can hold an object. */
    boolean calculateSizes(Profile p, int w, int nrCpuIds) {
        long f = flags;
        long sz = alignUp(objsize, w);
        if ((f & SLAB_POISON) != 0 && (f & SLAB_DESTROY_BY_RCU) == 0 && ctor == null) {
            f |= OBJECT_POISON;
        } else {
            f &= ~OBJECT_POISON;
        }
        if ((f & SLAB_RED_ZONE) != 0 && sz == objsize) {
            sz += w;
        }
        inuse = sz;
        if ((f & (SLAB_DESTROY_BY_RCU | SLAB_POISON)) != 0 || ctor != null) {
            offset = sz;
            sz += w;
        } else {
            offset = 0;
        }
        if ((f & SLAB_STORE_USER) != 0) {
            sz += 2L * trackSize(p);
        }
        if ((f & SLAB_RED_ZONE) != 0) {
            sz += w;
        }
        align = calculateAlignment(f, align, objsize, w);
        sz = alignUp(sz, align);
        flags = f;
        size = sz;
        int o = calculateOrder(p, sz, nrCpuIds);
        if (o < 0) {
            return false;
        }
        order = o;
        objects = (int) ((p.pageSize << o) / sz);
        minOrder = getOrder(p, sz);
        minObjects = (int) ((p.pageSize << minOrder) / sz);
        minPartial = Math.max(MIN_PARTIAL, Math.min(MAX_PARTIAL, 63 - Long.numberOfLeadingZeros(sz)));
        return objects > 0;
    }

    /** sizeof(struct track): {addr, int cpu, int pid, unsigned long when}. */
    static int trackSize(Profile p) {
        return p.is64 ? 24 : 16;
    }

    static int getOrder(Profile p, long size) {
        return org.kmemlab.slab.SlabPages.getOrder(p, size);
    }

    private static int fls(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }

    /** slab_order(). */
    static int slabOrder(Profile p, long size, long minObjects, int maxOrder, int fractLeftover) {
        if ((p.pageSize << SLUB_MIN_ORDER) / size > MAX_OBJS_PER_PAGE) {
            return getOrder(p, size * MAX_OBJS_PER_PAGE) - 1;
        }
        int order;
        for (order = Math.max(SLUB_MIN_ORDER, fls(minObjects * size - 1) - p.pageShift); order <= maxOrder; order++) {
            long slabSize = p.pageSize << order;
            if (slabSize < minObjects * size) {
                continue;
            }
            long rem = slabSize % size;
            if (rem <= slabSize / fractLeftover) {
                break;
            }
        }
        return order;
    }

    /** calculate_order(). */
    static int calculateOrder(Profile p, long size, int nrCpuIds) {
        long minObjects = 4L * (fls(nrCpuIds) + 1);
        minObjects = Math.min(minObjects, (p.pageSize << SLUB_MAX_ORDER) / size);
        while (minObjects > 1) {
            int fraction = 16;
            while (fraction >= 4) {
                int order = slabOrder(p, size, minObjects, SLUB_MAX_ORDER, fraction);
                if (order <= SLUB_MAX_ORDER) {
                    return order;
                }
                fraction /= 2;
            }
            minObjects--;
        }
        int order = slabOrder(p, size, 1, SLUB_MAX_ORDER, 1);
        if (order <= SLUB_MAX_ORDER) {
            return order;
        }
        order = slabOrder(p, size, 1, Profile.MAX_ORDER, 1);
        if (order < Profile.MAX_ORDER) {
            return order;
        }
        return -1;
    }
}
