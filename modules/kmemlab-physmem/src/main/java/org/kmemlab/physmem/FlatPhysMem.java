package org.kmemlab.physmem;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Zone;

/**
 * FLATMEM physical memory: one mem_map for all frames, one node, zones as the profile lays them out.
 *
 * <p>Boot (memmap_init_zone): every frame starts PG_reserved, _count 1, _mapcount −1. What stays
 * reserved: pfn 0 (the BIOS data page), the ISA hole 640K–1M (not RAM, so not present), the kernel
 * image at 16 MiB and the frames mem_map itself would occupy right after it (sizeof(struct page) of the
 * simulated kernel × max_pfn). Everything else is listed by {@link #bootFreeRanges()}.
 */
public final class FlatPhysMem implements PhysMem {
    private final Profile profile;
    private final MemMap memMap;
    private final List<Zone> zones = new ArrayList<>();
    private final List<ReservedRange> reserved = new ArrayList<>();
    private final List<long[]> freeRanges = new ArrayList<>();
    private final SparseRam ram;
    private final long minFreeKbytes;
    private boolean bootmemReleased;

    @Inject
    public FlatPhysMem(Profile profile, MachineConfig config, KernelLog log) {
        this.profile = profile;
        this.memMap = new MemMap(profile);
        this.ram = new SparseRam(profile.pageShift, config.seed());
        long n = profile.maxPfn;
        for (long pfn = 0; pfn < n; pfn++) {
            memMap.setPgFlags(pfn, 1 << PageFlags.PG_reserved); // SetPageReserved
            memMap.setCount(pfn, 1);                            // init_page_count
            memMap.setMapcount(pfn, -1);                        // reset_page_mapcount
            memMap.setLru(pfn, MemMap.NIL, MemMap.NIL);         // INIT_LIST_HEAD(&page->lru)
        }
        layOutReservations();
        for (Profile.ZoneSpec s : profile.zones) {
            Zone z = new Zone(s.index(), s.name(), s.highmem(), s.startPfn(), s.spanned(), profile.zones.size());
            long holes = holesIn(s.startPfn(), s.startPfn() + s.spanned());
            long realsize = s.spanned() - holes;
            long memmap = ZoneSetup.memmapPages(s.spanned(), profile.structPageSize, profile.pageShift);
            if (realsize >= memmap) {
                realsize -= memmap;
                if (memmap > 0) {
                    log.printk(String.format("  %s zone: %d pages used for memmap%n", s.name(), memmap));
                }
            }
            z.presentPages = realsize;
            if (s.spanned() > 0) {
                log.printk(String.format("  %s zone: %d pages, LIFO batch:%d%n", s.name(), realsize,
                    Zone.zoneBatchsize(realsize, profile.pageSize)));
            }
            zones.add(z);
        }
        long lowmemPages = 0;
        for (Zone z : zones) {
            if (!z.highmem) {
                lowmemPages += z.presentPages;
            }
        }
        this.minFreeKbytes = ZoneSetup.minFreeKbytes(lowmemPages * (profile.pageSize / 1024));
        ZoneSetup.setupPerZoneWmarks(zones, minFreeKbytes, profile.pageShift);
        ZoneSetup.setupPerZoneLowmemReserve(zones, ZoneSetup.lowmemReserveRatio(profile.is64));
    }

    private void layOutReservations() {
        long ps = profile.pageSize;
        long holeStart = Profile.ISA_HOLE_START / ps;
        long holeEnd = (Profile.ISA_HOLE_END + ps - 1) / ps;
        long kStart = Profile.KERNEL_PHYS_START / ps;
        long kEnd = (Profile.KERNEL_PHYS_START + Profile.KERNEL_IMAGE_SIZE + ps - 1) / ps;
        long memmapFrames = (profile.maxPfn * profile.structPageSize + ps - 1) / ps;
        if (holeStart == 0) {
            reserved.add(new ReservedRange("ISA hole (not RAM)", 0, holeEnd, false));
        } else {
            reserved.add(new ReservedRange("BIOS data page", 0, 1, true));
            reserved.add(new ReservedRange("ISA hole (not RAM)", holeStart, holeEnd, false));
        }
        reserved.add(new ReservedRange("kernel image", kStart, kEnd, true));
        reserved.add(new ReservedRange("mem_map", kEnd, kEnd + memmapFrames, true));
        computeFreeRanges();
    }

    /** The frames no reservation holds, ascending (what free_all_bootmem will hand over). */
    private void computeFreeRanges() {
        reserved.sort(java.util.Comparator.comparingLong(ReservedRange::startPfn));
        freeRanges.clear();
        long next = 0;
        for (ReservedRange r : reserved) {
            if (r.startPfn() > next) {
                freeRanges.add(new long[] {next, r.startPfn()});
            }
            next = Math.max(next, r.endPfn());
        }
        if (next < profile.maxPfn) {
            freeRanges.add(new long[] {next, profile.maxPfn});
        }
    }

    private long holesIn(long start, long end) {
        long n = 0;
        for (ReservedRange r : reserved) {
            if (!r.ram()) {
                n += Math.max(0, Math.min(end, r.endPfn()) - Math.max(start, r.startPfn()));
            }
        }
        return n;
    }

    @Override
    public Profile profile() {
        return profile;
    }

    @Override
    public MemMap memMap() {
        return memMap;
    }

    @Override
    public List<Zone> zones() {
        return zones;
    }

    @Override
    public List<long[]> bootFreeRanges() {
        bootmemReleased = true;
        return freeRanges;
    }

    @Override
    public List<ReservedRange> reservedRanges() {
        return reserved;
    }

    @Override
    public long reserveEarly(String what, long fromPfn, long nFrames, long limitPfn) {
        if (bootmemReleased) {
            throw new IllegalStateException("reserve_early after free_all_bootmem");
        }
        for (long[] r : freeRanges) {
            long start = Math.max(r[0], fromPfn);
            if (start + nFrames <= r[1] && start + nFrames <= limitPfn) {
                reserved.add(new ReservedRange(what, start, start + nFrames, true));
                computeFreeRanges();
                return start;
            }
        }
        return -1;
    }

    @Override
    public long minFreeKbytes() {
        return minFreeKbytes;
    }

    private void checkPa(long pa, long n) {
        if (pa < 0 || n < 0 || pa + n > profile.ramBytes || pa + n < pa) {
            throw new IllegalArgumentException(String.format("physical address 0x%x (+%d) is outside RAM", pa, n));
        }
    }

    @Override
    public int readByte(long pa) {
        checkPa(pa, 1);
        return ram.read(pa);
    }

    @Override
    public void writeByte(long pa, int value) {
        checkPa(pa, 1);
        ram.write(pa, value);
    }

    @Override
    public long read(long pa, int size) {
        checkPa(pa, size);
        if (ram.sameFrame(pa, size)) {
            return ram.readLe(pa, size);
        }
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | ram.read(pa + i);
        }
        return v;
    }

    @Override
    public void write(long pa, int size, long value) {
        checkPa(pa, size);
        if (ram.sameFrame(pa, size)) {
            ram.writeLe(pa, size, value);
            return;
        }
        for (int i = 0; i < size; i++) {
            ram.write(pa + i, (int) (value >>> (8 * i)) & 0xff);
        }
    }

    @Override
    public void fill(long pa, int value, long n) {
        checkPa(pa, n);
        ram.fill(pa, value, n);
    }

    @Override
    public void copy(long dstPa, long srcPa, long n) {
        checkPa(dstPa, n);
        checkPa(srcPa, n);
        if (dstPa <= srcPa) {
            for (long i = 0; i < n; i++) {
                ram.write(dstPa + i, ram.read(srcPa + i));
            }
        } else {
            for (long i = n - 1; i >= 0; i--) {
                ram.write(dstPa + i, ram.read(srcPa + i));
            }
        }
    }

    @Override
    public long framesMaterialised() {
        return ram.materialised();
    }
}
