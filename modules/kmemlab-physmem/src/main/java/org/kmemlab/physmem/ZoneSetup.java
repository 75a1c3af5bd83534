package org.kmemlab.physmem;

import java.util.List;

import org.kmemlab.api.Zone;

/** The zone arithmetic of mm/page_alloc.c boot: present pages, min_free_kbytes, watermarks, lowmem_reserve. */
public final class ZoneSetup {
    private ZoneSetup() {
    }

    /** sysctl_lowmem_reserve_ratio, indexed by the lower zone (reference §2.6). */
    public static long[] lowmemReserveRatio(boolean is64) {
        return is64 ? new long[] {256, 256, 32} : new long[] {256, 32, 32};
    }

    /** free_area_init_core(): memmap pages charged to a zone, PAGE_ALIGN(spanned * sizeof(struct page)) >> PAGE_SHIFT. */
    public static long memmapPages(long spanned, int structPageSize, int pageShift) {
        long bytes = spanned * structPageSize;
        long pageSize = 1L << pageShift;
        return (bytes + pageSize - 1) >> pageShift;
    }

    /** int_sqrt(). */
    public static long intSqrt(long x) {
        long r = (long) Math.sqrt((double) x);
        while (r * r > x) {
            r--;
        }
        while ((r + 1) * (r + 1) <= x) {
            r++;
        }
        return r;
    }

    /** init_per_zone_wmark_min(): clamp(int_sqrt(lowmem_kbytes * 16), 128, 65536). */
    public static long minFreeKbytes(long lowmemKbytes) {
        long v = intSqrt(lowmemKbytes * 16);
        return Math.max(128, Math.min(65536, v));
    }

    /** setup_per_zone_wmarks(): min/low/high per zone (reference §2.5). */
    public static void setupPerZoneWmarks(List<Zone> zones, long minFreeKbytes, int pageShift) {
        long pagesMin = minFreeKbytes >> (pageShift - 10);
        long lowmemPages = 0;
        for (Zone z : zones) {
            if (!z.highmem) {
                lowmemPages += z.presentPages;
            }
        }
        for (Zone z : zones) {
            long tmp = lowmemPages == 0 ? 0 : pagesMin * z.presentPages / lowmemPages;
            if (z.highmem) {
                long minPages = z.presentPages / 1024;
                minPages = Math.max(32, Math.min(128, minPages)); // SWAP_CLUSTER_MAX .. 128
                z.watermark[Zone.WMARK_MIN] = minPages;
            } else {
                z.watermark[Zone.WMARK_MIN] = tmp;
            }
            z.watermark[Zone.WMARK_LOW] = z.watermark[Zone.WMARK_MIN] + (tmp >> 2);
            z.watermark[Zone.WMARK_HIGH] = z.watermark[Zone.WMARK_MIN] + (tmp >> 1);
        }
    }

    /** setup_per_zone_lowmem_reserve() (reference §2.6). */
    public static void setupPerZoneLowmemReserve(List<Zone> zones, long[] ratio) {
        int n = zones.size();
        for (int j = 0; j < n; j++) {
            Zone zj = zones.get(j);
            zj.lowmemReserve[j] = 0;
            long sum = zj.presentPages;
            for (int idx = j - 1; idx >= 0; idx--) {
                long r = Math.max(1, ratio[idx]);
                zones.get(idx).lowmemReserve[j] = sum / r;
                sum += zones.get(idx).presentPages;
            }
        }
    }
}
