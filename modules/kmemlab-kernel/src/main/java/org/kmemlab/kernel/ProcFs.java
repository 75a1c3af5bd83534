package org.kmemlab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kmemlab.api.MigrateType;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.VmStat;
import org.kmemlab.api.VmallocAllocator;
import org.kmemlab.api.Zone;
import org.kmemlab.physmem.ZoneSetup;

/**
 * The /proc views in the kernel's exact formats (mm/vmstat.c, fs/proc/meminfo.c; reference §8) and
 * their structured twins. The simulated kernel is a uniprocessor build: counters are exact and the
 * SMP-only "vm stats threshold" line is absent.
 */
final class ProcFs {
    static final List<String> NAMES = List.of("buddyinfo", "pagetypeinfo", "zoneinfo", "meminfo", "vmstat",
        "slabinfo", "vmallocinfo");

    private final Profile p;
    private final PhysMem phys;
    private final PageAllocator buddy;
    private final VmStat vmstat;
    private final long totalram;
    private final long totalhigh;
    private final SlabAllocator slab;
    private final VmallocAllocator vmalloc;
    /** DEBUG_PAGEALLOC maps the direct map with 4 KiB pages only. */
    private final boolean debugDirectMap;
    private final org.kmemlab.api.Mmu mmu;

    ProcFs(Profile p, PhysMem phys, PageAllocator buddy, VmStat vmstat, long totalram, SlabAllocator slab,
           VmallocAllocator vmalloc, boolean debugDirectMap, org.kmemlab.api.Mmu mmu) {
        this.debugDirectMap = debugDirectMap;
        this.mmu = mmu;
        this.p = p;
        this.phys = phys;
        this.buddy = buddy;
        this.vmstat = vmstat;
        this.totalram = totalram;
        this.slab = slab;
        this.vmalloc = vmalloc;
        long high = 0;
        for (Zone z : phys.zones()) {
            if (z.highmem) {
                high += z.nrFreePages(); // at boot every highmem page freed is free
            }
        }
        this.totalhigh = high;
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown /proc view '" + name + "'; views are " + String.join(", ", NAMES));
    }

    String text(String name) {
        return switch (name) {
            case "buddyinfo" -> buddyinfo();
            case "pagetypeinfo" -> pagetypeinfo();
            case "zoneinfo" -> zoneinfo();
            case "meminfo" -> meminfo();
            case "vmstat" -> vmstatText();
            case "slabinfo" -> {
                if (slab == null) {
                    throw new IllegalStateException("/proc/slabinfo is not available yet: no module fills the 'slab' slot in this build");
                }
                String s = slab.slabinfo();
                if (s == null) {
                    throw new IllegalStateException("/proc/slabinfo does not exist with SLOB (CONFIG_SLABINFO needs SLAB or SLUB)");
                }
                yield s;
            }
            case "vmallocinfo" -> {
                if (vmalloc == null) {
                    throw new IllegalStateException("/proc/vmallocinfo is not available yet: no module fills the 'vmalloc' slot in this build");
                }
                yield vmalloc.vmallocinfo();
            }
            default -> throw unknown(name);
        };
    }

    Object view(String name) {
        return switch (name) {
            case "buddyinfo" -> buddyinfoView();
            case "zoneinfo" -> zoneinfoView();
            case "meminfo" -> meminfoView();
            case "vmstat" -> vmstatView();
            case "slabinfo" -> slabinfoView();
            case "vmallocinfo" -> vmallocinfoView();
            default -> throw new IllegalArgumentException("no structured view '" + name
                + "'; structured views are buddyinfo, zoneinfo, meminfo, vmstat, slabinfo, vmallocinfo");
        };
    }

    private List<Zone> populated() {
        List<Zone> out = new ArrayList<>();
        for (Zone z : phys.zones()) {
            if (z.populated()) {
                out.add(z);
            }
        }
        return out;
    }

    // ---- vmallocinfo

    /** vmallocinfo(): one map per vm_struct, address order. */
    List<Object> vmallocinfoView() {
        List<Object> out = new ArrayList<>();
        if (vmalloc == null) {
            return out;
        }
        for (VmallocAllocator.VmArea a : vmalloc.areas()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", a.start());
            m.put("end", a.start() + a.size());
            m.put("size", a.size());
            m.put("pages", (long) a.nrPages());
            m.put("caller", a.caller());
            m.put("flags", a.flags());
            out.add(m);
        }
        return out;
    }

    // ---- slabinfo

    List<Object> slabinfoView() {
        List<Object> out = new ArrayList<>();
        if (slab == null) {
            return out;
        }
        for (SlabAllocator.SlabInfo r : slab.slabinfoRows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("active_objs", r.activeObjs());
            m.put("num_objs", r.numObjs());
            m.put("objsize", r.objsize());
            m.put("objperslab", r.objperslab());
            m.put("pagesperslab", r.pagesperslab());
            m.put("limit", r.limit());
            m.put("batchcount", r.batchcount());
            m.put("sharedfactor", r.sharedfactor());
            m.put("active_slabs", r.activeSlabs());
            m.put("num_slabs", r.numSlabs());
            out.add(m);
        }
        return out;
    }

    // ---- buddyinfo (frag_show_print)

    String buddyinfo() {
        StringBuilder sb = new StringBuilder();
        for (Zone z : populated()) {
            sb.append(String.format("Node %d, zone %8s ", 0, z.name));
            for (int o = 0; o < Profile.MAX_ORDER; o++) {
                sb.append(String.format("%6d ", buddy.nrFree(z.index, o)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    Map<String, Object> buddyinfoView() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Zone z : populated()) {
            List<Long> orders = new ArrayList<>();
            for (int o = 0; o < Profile.MAX_ORDER; o++) {
                orders.add(buddy.nrFree(z.index, o));
            }
            m.put(z.name, orders);
        }
        return m;
    }

    // ---- pagetypeinfo

    String pagetypeinfo() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Page block order: %d%n", p.pageblockOrder));
        sb.append(String.format("Pages per block:  %d%n", 1L << p.pageblockOrder));
        sb.append('\n');
        sb.append(String.format("%-43s ", "Free pages count per migrate type at order"));
        for (int o = 0; o < Profile.MAX_ORDER; o++) {
            sb.append(String.format("%6d ", o));
        }
        sb.append('\n');
        for (Zone z : populated()) {
            for (int t = 0; t < MigrateType.MIGRATE_TYPES; t++) {
                sb.append(String.format("Node %4d, zone %8s, type %12s ", 0, z.name, MigrateType.NAMES[t]));
                for (int o = 0; o < Profile.MAX_ORDER; o++) {
                    sb.append(String.format("%6d ", buddy.nrFreeOfType(z.index, o, t)));
                }
                sb.append('\n');
            }
        }
        sb.append(String.format("%n%-23s", "Number of blocks type "));
        for (String n : MigrateType.NAMES) {
            sb.append(String.format("%12s ", n));
        }
        sb.append('\n');
        long nr = 1L << p.pageblockOrder;
        for (Zone z : populated()) {
            long[] count = new long[MigrateType.MIGRATE_TYPES];
            for (long pfn = z.startPfn; pfn < z.endPfn(); pfn += nr) {
                int mt = buddy.pageblockMigratetype(pfn);
                count[mt < 0 ? MigrateType.MIGRATE_UNMOVABLE : mt]++;
            }
            sb.append(String.format("Node %d, zone %8s ", 0, z.name));
            for (long c : count) {
                sb.append(String.format("%12d ", c));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    // ---- zoneinfo (zoneinfo_show_print)

    String zoneinfo() {
        StringBuilder sb = new StringBuilder();
        for (Zone z : populated()) {
            sb.append(String.format("Node %d, zone %8s", 0, z.name));
            sb.append(String.format("%n  pages free     %d", z.nrFreePages()));
            sb.append(String.format("%n        min      %d", z.minWmark()));
            sb.append(String.format("%n        low      %d", z.lowWmark()));
            sb.append(String.format("%n        high     %d", z.highWmark()));
            sb.append(String.format("%n        scanned  %d", 0));
            sb.append(String.format("%n        spanned  %d", z.spannedPages));
            sb.append(String.format("%n        present  %d", z.presentPages));
            for (int i = 0; i < Zone.STAT_NAMES.length; i++) {
                sb.append(String.format("%n    %-12s %d", Zone.STAT_NAMES[i], z.vmStat[i]));
            }
            sb.append(String.format("%n        protection: (%d", z.lowmemReserve[0]));
            for (int i = 1; i < z.lowmemReserve.length; i++) {
                sb.append(String.format(", %d", z.lowmemReserve[i]));
            }
            sb.append(")");
            int[] pcp = buddy.pcp(z.index);
            sb.append("\n  pagesets");
            sb.append(String.format("%n    cpu: %d", 0));
            sb.append(String.format("%n              count: %d", pcp[0]));
            sb.append(String.format("%n              high:  %d", pcp[1]));
            sb.append(String.format("%n              batch: %d", pcp[2]));
            sb.append(String.format("%n  all_unreclaimable: %d", 0));
            sb.append(String.format("%n  prev_priority:     %d", 12));
            sb.append(String.format("%n  start_pfn:         %d", z.startPfn));
            sb.append(String.format("%n  inactive_ratio:    %d", inactiveRatio(z)));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** calculate_zone_inactive_ratio(). */
    private long inactiveRatio(Zone z) {
        long gb = z.presentPages >> (30 - p.pageShift);
        return gb != 0 ? ZoneSetup.intSqrt(10 * gb) : 1;
    }

    List<Object> zoneinfoView() {
        List<Object> out = new ArrayList<>();
        for (Zone z : populated()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", z.name);
            m.put("free", z.nrFreePages());
            m.put("min", z.minWmark());
            m.put("low", z.lowWmark());
            m.put("high", z.highWmark());
            m.put("spanned", z.spannedPages);
            m.put("present", z.presentPages);
            List<Long> prot = new ArrayList<>();
            for (long r : z.lowmemReserve) {
                prot.add(r);
            }
            m.put("protection", prot);
            m.put("start_pfn", z.startPfn);
            int[] pcp = buddy.pcp(z.index);
            m.put("pcp", Map.of("count", (long) pcp[0], "high", (long) pcp[1], "batch", (long) pcp[2]));
            for (int i = 0; i < Zone.STAT_NAMES.length; i++) {
                m.put(Zone.STAT_NAMES[i], z.vmStat[i]);
            }
            out.add(m);
        }
        return out;
    }

    // ---- meminfo

    private long kb(long pages) {
        return pages * (p.pageSize / 1024);
    }

    private long globalStat(int item) {
        long s = 0;
        for (Zone z : phys.zones()) {
            s += z.vmStat[item];
        }
        return s;
    }

    Map<String, Long> meminfoView() {
        Map<String, Long> m = new LinkedHashMap<>();
        long free = globalStat(Zone.NR_FREE_PAGES);
        long highFree = 0;
        for (Zone z : phys.zones()) {
            if (z.highmem) {
                highFree += z.nrFreePages();
            }
        }
        m.put("MemTotal", kb(totalram));
        m.put("MemFree", kb(free));
        for (String k : new String[] {"Buffers", "Cached", "SwapCached", "Active", "Inactive", "Active(anon)",
            "Inactive(anon)", "Active(file)", "Inactive(file)", "Unevictable", "Mlocked"}) {
            m.put(k, 0L);
        }
        if (!p.is64) {
            m.put("HighTotal", kb(totalhigh));
            m.put("HighFree", kb(highFree));
            m.put("LowTotal", kb(totalram - totalhigh));
            m.put("LowFree", kb(free - highFree));
        }
        for (String k : new String[] {"SwapTotal", "SwapFree", "Dirty", "Writeback", "AnonPages", "Mapped", "Shmem"}) {
            m.put(k, 0L);
        }
        long sRec = globalStat(Zone.NR_SLAB_RECLAIMABLE);
        long sUnrec = globalStat(Zone.NR_SLAB_UNRECLAIMABLE);
        m.put("Slab", kb(sRec + sUnrec));
        m.put("SReclaimable", kb(sRec));
        m.put("SUnreclaim", kb(sUnrec));
        m.put("KernelStack", 0L);
        m.put("PageTables", kb(globalStat(Zone.NR_PAGETABLE)));
        m.put("NFS_Unstable", 0L);
        m.put("Bounce", 0L);
        m.put("WritebackTmp", 0L);
        m.put("CommitLimit", kb(totalram * 50 / 100)); // overcommit_ratio 50, no swap
        m.put("Committed_AS", 0L);
        long vmallocTotal = (p.vmallocEnd - p.vmallocStart) >>> 10;
        m.put("VmallocTotal", vmallocTotal);
        long[] vi = vmalloc != null ? vmalloc.vmallocInfo() : new long[] {0, p.vmallocEnd - p.vmallocStart};
        m.put("VmallocUsed", vi[0] >>> 10);
        m.put("VmallocChunk", vi[1] >>> 10);
        m.put("HugePages_Total", 0L);
        m.put("HugePages_Free", 0L);
        m.put("HugePages_Rsvd", 0L);
        m.put("HugePages_Surp", 0L);
        boolean pae = mmu != null && mmu.mode().equals("i386-pae");
        m.put("Hugepagesize", p.is64 || pae ? 2048L : 4096L);
        if (mmu != null) {
            m.putAll(mmu.directMapKb());
            return m;
        }
        long large = p.is64 ? 2L << 20 : 4L << 20;
        long lowBytes = p.maxLowPfn << p.pageShift;
        long direct4k = debugDirectMap ? lowBytes : lowBytes % large;
        m.put("DirectMap4k", direct4k >> 10);
        m.put(p.is64 ? "DirectMap2M" : "DirectMap4M", (lowBytes - direct4k) >> 10);
        return m;
    }


    String meminfo() {
        StringBuilder sb = new StringBuilder();
        meminfoView().forEach((k, v) -> {
            if (k.startsWith("HugePages_")) {
                sb.append(String.format("%-19s%5d%n", k + ":", v));
            } else {
                sb.append(String.format("%-16s%8d kB%n", k + ":", v));
            }
        });
        return sb.toString();
    }

    // ---- vmstat

    private List<String> zoneSuffixes() {
        return p.is64 ? List.of("dma", "dma32", "normal", "movable") : List.of("dma", "normal", "high", "movable");
    }

    Map<String, Long> vmstatView() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < Zone.STAT_NAMES.length; i++) {
            m.put(Zone.STAT_NAMES[i], globalStat(i));
        }
        m.put("pgpgin", 0L);
        m.put("pgpgout", 0L);
        m.put("pswpin", 0L);
        m.put("pswpout", 0L);
        List<String> zs = zoneSuffixes();
        for (int i = 0; i < zs.size(); i++) {
            m.put("pgalloc_" + zs.get(i), vmstat.pgalloc[i]);
        }
        m.put("pgfree", vmstat.pgfree);
        m.put("pgactivate", vmstat.pgactivate);
        m.put("pgdeactivate", vmstat.pgdeactivate);
        m.put("pgfault", vmstat.pgfault);
        m.put("pgmajfault", vmstat.pgmajfault);
        for (String prefix : new String[] {"pgrefill", "pgsteal", "pgscan_kswapd", "pgscan_direct"}) {
            for (String z : zs) {
                m.put(prefix + "_" + z, 0L);
            }
        }
        for (String k : new String[] {"pginodesteal", "slabs_scanned", "kswapd_steal", "kswapd_inodesteal",
            "kswapd_low_wmark_hit_quickly", "kswapd_high_wmark_hit_quickly", "kswapd_skip_congestion_wait",
            "pageoutrun"}) {
            m.put(k, 0L);
        }
        m.put("allocstall", vmstat.allocstall);
        m.put("pgrotated", 0L);
        m.put("htlb_buddy_alloc_success", 0L);
        m.put("htlb_buddy_alloc_fail", 0L);
        for (String k : new String[] {"unevictable_pgs_culled", "unevictable_pgs_scanned", "unevictable_pgs_rescued",
            "unevictable_pgs_mlocked", "unevictable_pgs_munlocked", "unevictable_pgs_cleared",
            "unevictable_pgs_stranded", "unevictable_pgs_mlockfreed"}) {
            m.put(k, 0L);
        }
        return m;
    }

    String vmstatText() {
        StringBuilder sb = new StringBuilder();
        vmstatView().forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        return sb.toString();
    }
}
