package org.kmemlab.conform;

import java.util.ArrayList;
import java.util.List;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.Profile;

/** gfp_zone() as include/linux/gfp.h defines it per architecture, and the masks the checks allocate with. */
final class GfpZones {
    private GfpZones() {
    }

    /**
     * The highest zone an allocation may use (lower zones are allowed fallbacks): __GFP_DMA → DMA;
     * __GFP_DMA32 → DMA32 (Normal on i386, which has none); __GFP_HIGHMEM → HighMem (Normal on x86_64);
     * __GFP_HIGHMEM|__GFP_MOVABLE → Movable; none → Normal.
     */
    static int highestZone(Profile p, int gfp) {
        int bits = gfp & Gfp.GFP_ZONEMASK;
        if ((bits & Gfp.__GFP_DMA) != 0) {
            return 0;
        }
        if ((bits & Gfp.__GFP_DMA32) != 0) {
            return p.zoneDma32() >= 0 ? p.zoneDma32() : p.zoneNormal();
        }
        if ((bits & Gfp.__GFP_HIGHMEM) != 0) {
            if ((bits & Gfp.__GFP_MOVABLE) != 0) {
                return p.zoneMovable();
            }
            return p.zoneHighmem() >= 0 ? p.zoneHighmem() : p.zoneNormal();
        }
        return p.zoneNormal();
    }

    /** The masks every allocator must place correctly: kernel, DMA, DMA32, highmem user, atomic. */
    static List<Integer> masks(Profile p) {
        List<Integer> m = new ArrayList<>();
        m.add(Gfp.GFP_KERNEL);
        m.add(Gfp.GFP_KERNEL | Gfp.__GFP_DMA);
        m.add(Gfp.GFP_KERNEL | Gfp.__GFP_DMA32);
        m.add(Gfp.GFP_HIGHUSER);
        m.add(Gfp.GFP_ATOMIC);
        return m;
    }
}
