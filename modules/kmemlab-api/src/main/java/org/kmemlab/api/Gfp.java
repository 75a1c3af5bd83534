package org.kmemlab.api;

import java.util.LinkedHashMap;
import java.util.Map;

/** GFP bits of include/linux/gfp.h, 2.6.34 values (reference §2.2). */
public final class Gfp {
    private Gfp() {
    }

    public static final int __GFP_DMA = 0x01;
    public static final int __GFP_HIGHMEM = 0x02;
    public static final int __GFP_DMA32 = 0x04;
    public static final int __GFP_MOVABLE = 0x08;
    public static final int GFP_ZONEMASK = __GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE;
    public static final int __GFP_WAIT = 0x10;
    public static final int __GFP_HIGH = 0x20;
    public static final int __GFP_IO = 0x40;
    public static final int __GFP_FS = 0x80;
    public static final int __GFP_COLD = 0x100;
    public static final int __GFP_NOWARN = 0x200;
    public static final int __GFP_REPEAT = 0x400;
    public static final int __GFP_NOFAIL = 0x800;
    public static final int __GFP_NORETRY = 0x1000;
    public static final int __GFP_COMP = 0x4000;
    public static final int __GFP_ZERO = 0x8000;
    public static final int __GFP_NOMEMALLOC = 0x10000;
    public static final int __GFP_HARDWALL = 0x20000;
    public static final int __GFP_THISNODE = 0x40000;
    public static final int __GFP_RECLAIMABLE = 0x80000;
    /** 0 without CONFIG_KMEMCHECK in the kernel; kept at its bit value so scenarios can name it. */
    public static final int __GFP_NOTRACK = 0x200000;
    public static final int __GFP_BITS_SHIFT = 22;
    public static final int __GFP_BITS_MASK = (1 << __GFP_BITS_SHIFT) - 1;

    public static final int GFP_NOWAIT = 0;
    public static final int GFP_ATOMIC = __GFP_HIGH;
    public static final int GFP_NOIO = __GFP_WAIT;
    public static final int GFP_NOFS = __GFP_WAIT | __GFP_IO;
    public static final int GFP_KERNEL = __GFP_WAIT | __GFP_IO | __GFP_FS;
    public static final int GFP_TEMPORARY = GFP_KERNEL | __GFP_RECLAIMABLE;
    public static final int GFP_USER = GFP_KERNEL | __GFP_HARDWALL;
    public static final int GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
    public static final int GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE;
    public static final int GFP_IOFS = __GFP_IO | __GFP_FS;
    /** Non-NUMA build: 0 (reference §2.2). */
    public static final int GFP_THISNODE = 0;
    public static final int GFP_DMA = __GFP_DMA;
    public static final int GFP_DMA32 = __GFP_DMA32;
    public static final int GFP_RECLAIM_MASK = __GFP_WAIT | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN
        | __GFP_REPEAT | __GFP_NOFAIL | __GFP_NORETRY | __GFP_NOMEMALLOC;
    public static final int GFP_CONSTRAINT_MASK = __GFP_HARDWALL | __GFP_THISNODE;
    public static final int GFP_SLAB_BUG_MASK = __GFP_DMA32 | __GFP_HIGHMEM | ~__GFP_BITS_MASK;
    public static final int GFP_MOVABLE_MASK = __GFP_RECLAIMABLE | __GFP_MOVABLE;
    public static final int GFP_BOOT_MASK = __GFP_BITS_MASK & ~(__GFP_WAIT | __GFP_IO | __GFP_FS);

    /** Every named constant, for the scripting layer. */
    public static Map<String, Integer> constants() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (var f : Gfp.class.getFields()) {
            if (f.getType() == int.class) {
                try {
                    m.put(f.getName(), f.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return m;
    }
}
