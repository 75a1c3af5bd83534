package org.kmemlab.conform;

import java.util.List;
import java.util.Map;

import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Zone;
import org.kmemlab.kernel.Kernel;

/** Counters a check reads through the kernel's views: free pages per zone, per-CPU lists, MemFree, buddyinfo. */
final class Probe {
    private Probe() {
    }

    /** /proc/meminfo MemFree, in kB. */
    static long memFreeKb(Kernel k) {
        Object v = ((Map<?, ?>) k.view("meminfo")).get("MemFree");
        return ((Number) v).longValue();
    }

    /** NR_FREE_PAGES of every zone. */
    static long[] freePerZone(Kernel k) {
        List<Zone> zones = k.physmem().zones();
        long[] out = new long[zones.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = zones.get(i).nrFreePages();
        }
        return out;
    }

    /**
     * Pages the allocator can hand out without asking anyone: NR_FREE_PAGES plus the per-CPU lists, per zone
     * (a page on a pcp list is not counted free by the kernel, but it is not allocated either).
     */
    static long[] availablePerZone(Kernel k) {
        long[] out = freePerZone(k);
        PageAllocator a = k.pageAllocator();
        for (int i = 0; i < out.length; i++) {
            int[] pcp = a.pcp(i);
            out[i] += pcp == null || pcp.length == 0 ? 0 : pcp[0];
        }
        return out;
    }

    static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += x;
        }
        return s;
    }

    /** The frames free_all_bootmem handed to the allocator, per zone (from the physmem slot's boot ranges). */
    static long[] bootFreePerZone(Kernel k) {
        List<Zone> zones = k.physmem().zones();
        long[] out = new long[zones.size()];
        for (long[] r : k.physmem().bootFreeRanges()) {
            for (Zone z : zones) {
                long lo = Math.max(r[0], z.startPfn);
                long hi = Math.min(r[1], z.endPfn());
                if (hi > lo) {
                    out[z.index] += hi - lo;
                }
            }
        }
        return out;
    }

    /** What /proc/buddyinfo adds up to for a zone: the sum of nr_free(order) << order. */
    static long buddyinfoPages(Kernel k, int zone) {
        long s = 0;
        for (int o = 0; o < Profile.MAX_ORDER; o++) {
            s += k.pageAllocator().nrFree(zone, o) << o;
        }
        return s;
    }

    /** The name of zone i. */
    static String zoneName(Kernel k, int i) {
        return k.physmem().zones().get(i).name;
    }

    /** Compares per-zone counts with what they were; null when equal, else a description of the first difference. */
    static String zoneDifference(Kernel k, long[] was, long[] now, String what) {
        for (int i = 0; i < was.length; i++) {
            if (was[i] != now[i]) {
                long d = was[i] - now[i];
                return String.format("zone %s has %d %s, it had %d (%s)", zoneName(k, i), now[i], what, was[i],
                    d > 0 ? Fmt.pages(d) + " missing" : Fmt.pages(-d) + " too many");
            }
        }
        return null;
    }

    /** Every zone's buddyinfo matches its NR_FREE_PAGES (call after drain_all_pages). */
    static void requireBuddyinfoConsistent(Kernel k, String when) {
        List<Zone> zones = k.physmem().zones();
        for (Zone z : zones) {
            long bi = buddyinfoPages(k, z.index);
            Violation.require(bi == z.nrFreePages(), "%s, /proc/buddyinfo of zone %s adds up to %d free pages"
                + " (nr_free(order) << order, summed) but NR_FREE_PAGES is %d", when, z.name, bi, z.nrFreePages());
        }
    }
}
