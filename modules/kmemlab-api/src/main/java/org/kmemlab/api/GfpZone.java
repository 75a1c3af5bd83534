package org.kmemlab.api;

/** gfp_zone(): the highest zone an allocation may use (GFP_ZONE_TABLE, reference §2.3). */
public final class GfpZone {
    private GfpZone() {
    }

    /** Returned for the combinations GFP_ZONE_BAD marks. */
    public static final int BAD = -1;

    public static int gfpZone(Profile p, int gfp) {
        int bits = gfp & Gfp.GFP_ZONEMASK;
        int normal = p.zoneNormal();
        return switch (bits) {
            case 0, Gfp.__GFP_MOVABLE -> normal;
            case Gfp.__GFP_DMA, Gfp.__GFP_MOVABLE | Gfp.__GFP_DMA -> 0;
            case Gfp.__GFP_HIGHMEM -> p.zoneHighmem() >= 0 ? p.zoneHighmem() : normal;
            case Gfp.__GFP_DMA32, Gfp.__GFP_MOVABLE | Gfp.__GFP_DMA32 -> p.zoneDma32() >= 0 ? p.zoneDma32() : normal;
            case Gfp.__GFP_MOVABLE | Gfp.__GFP_HIGHMEM -> p.zoneMovable();
            default -> BAD;
        };
    }
}
