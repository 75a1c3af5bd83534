package org.kmemlab.conform;

import static org.kmemlab.conform.Violation.require;

import java.util.List;

import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Zone;
import org.kmemlab.kernel.Kernel;

/**
 * The contract of the {@code physmem} slot ({@link PhysMem}): zones laid out as the profile says, every frame in
 * a zone, boot free ranges inside RAM and clear of what x86 boot reserves, sane watermarks, and RAM that keeps
 * what is written (little-endian).
 */
final class PhysmemContract {
    private PhysmemContract() {
    }

    static List<Check> checks() {
        return List.of(
            Check.of("zones-per-profile", m -> zonesPerProfile(m.boot())),
            Check.of("every-frame-has-a-zone", m -> everyFrameHasAZone(m.boot())),
            Check.of("boot-free-ranges", m -> bootFreeRanges(m.boot())),
            Check.of("watermarks", m -> watermarks(m.boot())),
            Check.of("ram-read-write", PhysmemContract::ramReadWrite),
            Check.of("both-profiles", PhysmemContract::bothProfiles));
    }

    /** The zones are the profile's: DMA below 16 MiB, DMA32 below 4 GiB, Normal up to MAXMEM on i386, then HighMem. */
    static void zonesPerProfile(Kernel k) {
        Profile p = k.profile();
        List<Zone> zones = k.physmem().zones();
        require(zones.size() == p.zones.size(), "zones() has %d zones; the %s profile has %d (%s), empty ones included",
            zones.size(), p.name, p.zones.size(), p.zones.stream().map(Profile.ZoneSpec::name).toList());
        for (int i = 0; i < zones.size(); i++) {
            Zone z = zones.get(i);
            Profile.ZoneSpec s = p.zones.get(i);
            require(z.index == i && z.name.equals(s.name()), "zone %d is %s (index %d); the %s profile's zone %d is %s", i,
                z.name, z.index, p.name, i, s.name());
            if (s.spanned() > 0) {
                require(z.startPfn == s.startPfn() && z.spannedPages == s.spanned(), "zone %s spans pfns %s-%s; the %s profile"
                    + " puts it at %s-%s", z.name, Fmt.hex(z.startPfn), Fmt.hex(z.endPfn()), p.name, Fmt.hex(s.startPfn()),
                    Fmt.hex(s.startPfn() + s.spanned()));
            } else {
                require(z.spannedPages == 0, "zone %s spans %d pages; on this machine it is empty", z.name, z.spannedPages);
            }
            require(z.highmem == s.highmem(), "zone %s says highmem=%s; only HighMem is", z.name, z.highmem);
        }
        long dmaEnd = Profile.DMA_LIMIT >> p.pageShift;
        require(zones.get(0).endPfn() <= dmaEnd, "zone DMA ends at %s, above 16 MiB (%s)", Fmt.pfn(zones.get(0).endPfn()),
            Fmt.pfn(dmaEnd));
        if (p.zoneDma32() >= 0) {
            Zone d32 = zones.get(p.zoneDma32());
            require(d32.spannedPages == 0 || d32.endPfn() <= Profile.DMA32_LIMIT >> p.pageShift, "zone DMA32 ends at %s,"
                + " above 4 GiB", Fmt.pfn(d32.endPfn()));
        }
        if (!p.is64) {
            Zone normal = zones.get(p.zoneNormal());
            require(normal.endPfn() <= p.maxLowPfn, "zone Normal ends at %s, above MAXMEM (%s); the rest is HighMem",
                Fmt.pfn(normal.endPfn()), Fmt.pfn(p.maxLowPfn));
        }
        require(k.physmem().memMap().nrPages() == p.maxPfn, "memMap() has %d struct pages; RAM has %d frames",
            k.physmem().memMap().nrPages(), p.maxPfn);
    }

    /** Every frame of RAM is a valid pfn inside the zone page_zonenum() names. */
    static void everyFrameHasAZone(Kernel k) {
        Profile p = k.profile();
        MemMap map = k.physmem().memMap();
        List<Zone> zones = k.physmem().zones();
        for (long pfn = 0; pfn < p.maxPfn; pfn++) {
            require(map.pfnValid(pfn), "pfn_valid(%s) is false inside RAM", Fmt.hex(pfn));
            int zi = map.zoneIdx(pfn);
            require(zi >= 0 && zi < zones.size() && zones.get(zi).contains(pfn), "page_zonenum(%s) is %d, but that zone"
                + " does not contain it", Fmt.pfn(pfn), zi);
        }
        require(!map.pfnValid(p.maxPfn), "pfn_valid(%s) is true; RAM ends at %s", Fmt.hex(p.maxPfn), Fmt.pfn(p.maxPfn - 1));
    }

    /**
     * The boot free ranges are ascending, apart, inside RAM and outside every reservation and hole (page 0, the ISA
     * hole, the kernel image); after boot their frames left PG_reserved and every other frame kept it.
     */
    static void bootFreeRanges(Kernel k) {
        Profile p = k.profile();
        PhysMem phys = k.physmem();
        MemMap map = phys.memMap();
        List<long[]> ranges = phys.bootFreeRanges();
        require(!ranges.isEmpty(), "bootFreeRanges() is empty: nothing would reach the page allocator");
        long prevEnd = -1;
        for (long[] r : ranges) {
            String range = "[" + Fmt.hex(r[0]) + ", " + Fmt.hex(r[1]) + ")";
            require(r[0] < r[1], "boot free range %s is empty or reversed", range);
            require(r[0] > prevEnd || prevEnd < 0 && r[0] >= 0, "boot free range %s is not above the previous one (ranges"
                + " are ascending and apart)", range);
            require(r[0] >= 0 && r[1] <= p.maxPfn, "boot free range %s is outside RAM (pfns 0x0-%s)", range, Fmt.hex(p.maxPfn - 1));
            prevEnd = r[1] - 1;
            for (PhysMem.ReservedRange rr : phys.reservedRanges()) {
                require(r[1] <= rr.startPfn() || r[0] >= rr.endPfn(), "boot free range %s overlaps the reserved range"
                    + " \"%s\" [%s, %s)", range, rr.what(), Fmt.hex(rr.startPfn()), Fmt.hex(rr.endPfn()));
            }
            requireClear(range, r, 0, 1, "page 0 (the BIOS data page)");
            requireClear(range, r, Profile.ISA_HOLE_START >> p.pageShift, (Profile.ISA_HOLE_END + p.pageSize - 1) >> p.pageShift,
                "the ISA hole 640K-1M (not RAM)");
            requireClear(range, r, Profile.KERNEL_PHYS_START >> p.pageShift,
                (Profile.KERNEL_PHYS_START + Profile.KERNEL_IMAGE_SIZE + p.pageSize - 1) >> p.pageShift, "the kernel image");
        }
        int ri = 0;
        for (long pfn = 0; pfn < p.maxPfn; pfn++) {
            while (ri < ranges.size() && ranges.get(ri)[1] <= pfn) {
                ri++;
            }
            boolean free = ri < ranges.size() && pfn >= ranges.get(ri)[0];
            boolean reserved = map.test(pfn, PageFlags.PG_reserved);
            require(free != reserved, "after boot %s %s PG_reserved, but it is %s a boot free range", Fmt.pfn(pfn),
                reserved ? "has" : "lacks", free ? "in" : "not in");
        }
    }

    private static void requireClear(String range, long[] r, long lo, long hi, String what) {
        require(r[1] <= lo || r[0] >= hi, "boot free range %s includes %s (pfns %s-%s)", range, what, Fmt.hex(lo), Fmt.hex(hi - 1));
    }

    /** Watermarks min <= low <= high, lowmem_reserve rising, and the lowmem minimums adding up to min_free_kbytes. */
    static void watermarks(Kernel k) {
        Profile p = k.profile();
        long pageKb = p.pageSize / 1024;
        require(k.physmem().minFreeKbytes() > 0, "minFreeKbytes() is %d", k.physmem().minFreeKbytes());
        long lowmemMin = 0;
        int lowmemZones = 0;
        for (Zone z : k.physmem().zones()) {
            require(z.presentPages <= z.spannedPages, "zone %s has %d present pages but spans only %d", z.name,
                z.presentPages, z.spannedPages);
            require(z.lowmemReserve[z.index] == 0, "zone %s reserves %d pages against itself (lowmem_reserve[%d])", z.name,
                z.lowmemReserve[z.index], z.index);
            for (int j = z.index + 1; j < z.lowmemReserve.length; j++) {
                require(z.lowmemReserve[j] >= z.lowmemReserve[j - 1], "zone %s's lowmem_reserve falls from %d to %d between"
                    + " zones %d and %d", z.name, z.lowmemReserve[j - 1], z.lowmemReserve[j], j - 1, j);
            }
            if (!z.populated()) {
                continue;
            }
            require(z.minWmark() >= 0 && z.minWmark() <= z.lowWmark() && z.lowWmark() <= z.highWmark(), "zone %s has"
                + " watermarks min %d, low %d, high %d; expected 0 <= min <= low <= high", z.name, z.minWmark(), z.lowWmark(),
                z.highWmark());
            if (!z.highmem) {
                lowmemMin += z.minWmark();
                lowmemZones++;
            }
        }
        long want = k.physmem().minFreeKbytes() / pageKb;
        require(Math.abs(lowmemMin - want) <= lowmemZones, "the lowmem zones' min watermarks add up to %d pages;"
            + " min_free_kbytes (%d kB) is %d pages", lowmemMin, k.physmem().minFreeKbytes(), want);
    }

    /** RAM keeps what is written: bytes, little-endian words, across a frame boundary, fill and copy. */
    static void ramReadWrite(Machines m) {
        Kernel k = m.boot();
        PhysMem phys = k.physmem();
        Profile p = k.profile();
        List<long[]> ranges = phys.bootFreeRanges();
        long[] last = ranges.get(ranges.size() - 1);
        require(last[1] - last[0] >= 2, "the last boot free range is a single frame");
        long pa = (last[1] - 2) << p.pageShift; // two frames at the top of RAM, which nothing has allocated yet
        long junk = phys.read(pa + 0x100, 8);
        require(phys.read(pa + 0x100, 8) == junk, "reading unwritten memory twice at %s gave different values", Fmt.hex(pa));
        phys.write(pa, 8, 0x1122334455667788L);
        require(phys.read(pa, 8) == 0x1122334455667788L, "read(%s, 8) after write(%s, 8, 0x1122334455667788) is %s",
            Fmt.hex(pa), Fmt.hex(pa), Fmt.hex(phys.read(pa, 8)));
        require(phys.readByte(pa) == 0x88 && phys.read(pa, 2) == 0x7788 && phys.read(pa + 4, 4) == 0x11223344L,
            "memory is not little-endian: after writing 0x1122334455667788 at %s, the first byte is %s", Fmt.hex(pa),
            Fmt.hex(phys.readByte(pa)));
        long edge = pa + p.pageSize - 3;
        phys.write(edge, 8, 0xa1b2c3d4e5f60718L);
        require(phys.read(edge, 8) == 0xa1b2c3d4e5f60718L, "an 8-byte write across the frame boundary at %s does not read"
            + " back (%s)", Fmt.hex(pa + p.pageSize), Fmt.hex(phys.read(edge, 8)));
        phys.writeByte(pa + 9, 0xfe);
        require(phys.readByte(pa + 9) == 0xfe, "readByte after writeByte(%s, 0xfe) is %s", Fmt.hex(pa + 9),
            Fmt.hex(phys.readByte(pa + 9)));
        phys.fill(pa + 16, 0x5c, 100);
        for (long i = 0; i < 100; i++) {
            require(phys.readByte(pa + 16 + i) == 0x5c, "after fill(%s, 0x5c, 100) the byte at +%d is %s", Fmt.hex(pa + 16), i,
                Fmt.hex(phys.readByte(pa + 16 + i)));
        }
        require(phys.readByte(pa + 116) != 0x5c || phys.readByte(pa + 15) != 0x5c, "fill wrote past its range");
        phys.copy(pa + p.pageSize + 512, pa, 128);
        for (long i = 0; i < 128; i++) {
            require(phys.readByte(pa + p.pageSize + 512 + i) == phys.readByte(pa + i), "after copy(%s, %s, 128) the byte at"
                + " +%d differs", Fmt.hex(pa + p.pageSize + 512), Fmt.hex(pa), i);
        }
    }

    /** The zone layout and boot ranges on the other profiles too: x86_64 above 4 GiB, i386 with HighMem. */
    static void bothProfiles(Machines m) {
        String[][] machines = {{"x86_64", "4160M"}, {"i386", "2G"}, {"x86_64", "32M"}};
        for (String[] pm : machines) {
            String where = "[" + pm[0] + " " + pm[1] + "] ";
            try {
                Kernel k = m.bootProfile(pm[0], Profile.parseSize("ram", pm[1]));
                zonesPerProfile(k);
                bootFreeRanges(k);
                watermarks(k);
            } catch (Violation v) {
                throw new Violation(where + v.getMessage());
            }
        }
    }
}
