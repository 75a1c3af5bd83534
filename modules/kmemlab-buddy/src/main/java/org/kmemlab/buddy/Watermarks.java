package org.kmemlab.buddy;

import static org.kmemlab.api.Profile.MAX_ORDER;

import org.kmemlab.api.Zone;

/** zone_watermark_ok() and the alloc_flags bits (reference §2.7–2.8). */
final class Watermarks {
    private Watermarks() {
    }

    static final int ALLOC_WMARK_MIN = Zone.WMARK_MIN;
    static final int ALLOC_WMARK_LOW = Zone.WMARK_LOW;
    static final int ALLOC_WMARK_HIGH = Zone.WMARK_HIGH;
    static final int ALLOC_NO_WATERMARKS = 0x04;
    static final int ALLOC_WMARK_MASK = ALLOC_NO_WATERMARKS - 1;
    static final int ALLOC_HARDER = 0x10;
    static final int ALLOC_HIGH = 0x20;
    static final int ALLOC_CPUSET = 0x40;

    /** zone_watermark_ok(): enough free pages above mark + lowmem_reserve, in blocks big enough for order. */
    static boolean zoneWatermarkOk(BuddyZone bz, int order, long mark, int classzoneIdx, int allocFlags) {
        Zone z = bz.zone;
        long min = mark;
        long freePages = z.nrFreePages() - (1L << order) + 1;
        if ((allocFlags & ALLOC_HIGH) != 0) {
            min -= min / 2;
        }
        if ((allocFlags & ALLOC_HARDER) != 0) {
            min -= min / 4;
        }
        if (freePages <= min + z.lowmemReserve[classzoneIdx]) {
            return false;
        }
        for (int o = 0; o < order && o < MAX_ORDER; o++) {
            freePages -= bz.freeArea[o].nrFree << o;  // pages in smaller blocks cannot serve this order
            min >>= 1;
            if (freePages <= min) {
                return false;
            }
        }
        return true;
    }
}
