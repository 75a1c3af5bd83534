package org.kmemlab.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The architecture constants of one machine: page geometry, zone boundaries, address-space layout
 * and what boot reserves (reference §2.1, §4, §7). Derived from a {@link MachineConfig}; validates it.
 */
public final class Profile {
    public static final int MAX_ORDER = 11;
    public static final long MIN_RAM = 32L << 20;
    /** x86_64 DMA: MAX_DMA_PFN = 16 MiB. */
    public static final long DMA_LIMIT = 16L << 20;
    /** x86_64 DMA32: MAX_DMA32_PFN = 4 GiB. */
    public static final long DMA32_LIMIT = 4L << 30;
    /** x86_32 non-PAE MAXMEM with PKMAP_BASE 0xff800000 (reference §7): lowmem ends 0x377fe000. */
    public static final long I386_MAXMEM = 0x377fe000L;
    /** CONFIG_PHYSICAL_START: both profiles load the kernel at 16 MiB. */
    public static final long KERNEL_PHYS_START = 0x1000000L;
    /** The kernel image (text, data, bss) a defconfig 2.6.34 build occupies, rounded: 8 MiB. */
    public static final long KERNEL_IMAGE_SIZE = 8L << 20;
    /** The legacy ISA hole (VGA, option ROMs, BIOS): not RAM in the e820 map. */
    public static final long ISA_HOLE_START = 0xa0000L;
    public static final long ISA_HOLE_END = 0x100000L;

    public final String name;
    public final boolean is64;
    public final int pageShift;
    public final long pageSize;
    public final long ramBytes;
    /** Number of page frames (max_pfn; FLATMEM mem_map covers 0..maxPfn-1). */
    public final long maxPfn;
    public final long pageOffset;
    /** sizeof(struct page) on the simulated kernel: 56 (x86_64) or 32 (x86_32). */
    public final int structPageSize;
    /** Bit position of the zone id in page->flags (ZONES_PGSHIFT, FLATMEM non-NUMA). */
    public final int zonesPgShift;
    public final int pageblockOrder;
    /** x86_64: __START_KERNEL_map; 0 on i386. */
    public final long startKernelMap;
    public final long vmallocStart;
    public final long vmallocEnd;
    /** max_low_pfn: frames below it have a permanent kernel mapping. */
    public final long maxLowPfn;
    public final List<ZoneSpec> zones;

    /** One zone: index, name, first pfn, number of frames spanned (0 for an empty zone). */
    public record ZoneSpec(int index, String name, boolean highmem, long startPfn, long spanned) {
    }

    public Profile(MachineConfig c) {
        this.name = c.profile();
        switch (name) {
            case "x86_64" -> is64 = true;
            case "i386" -> is64 = false;
            default -> throw new IllegalArgumentException(
                "unknown profile '" + name + "'; profiles are x86_64, i386");
        }
        int ps = c.pageSize();
        if (ps != 4096 && ps != 8192 && ps != 16384 && ps != 65536) {
            throw new IllegalArgumentException(
                "pageSize " + ps + " is not allowed; page sizes are 4K, 8K, 16K, 64K");
        }
        this.pageSize = ps;
        this.pageShift = Integer.numberOfTrailingZeros(ps);
        long maxRam = is64 ? 64L << 30 : 4L << 30;
        long ram = c.ramBytes();
        if (ram < MIN_RAM || ram > maxRam) {
            throw new IllegalArgumentException("ram " + formatSize(ram) + " is out of range; " + name
                + " allows 32M to " + formatSize(maxRam));
        }
        if (ram % ((long) ps << (MAX_ORDER - 1)) != 0) {
            throw new IllegalArgumentException("ram " + formatSize(ram) + " must be a multiple of "
                + formatSize((long) ps << (MAX_ORDER - 1)) + " (a MAX_ORDER block of " + ps + "-byte pages)");
        }
        this.ramBytes = ram;
        this.maxPfn = ram >>> pageShift;
        this.structPageSize = is64 ? 56 : 32;
        this.zonesPgShift = is64 ? 62 : 30;
        int hpageShift = is64 ? 21 : 22;
        this.pageblockOrder = Math.max(0, Math.min(MAX_ORDER - 1, hpageShift - pageShift));
        List<ZoneSpec> z = new ArrayList<>();
        long dmaEnd = Math.min(ram, DMA_LIMIT) >>> pageShift;
        if (is64) {
            pageOffset = 0xffff880000000000L;
            startKernelMap = 0xffffffff80000000L;
            vmallocStart = 0xffffc90000000000L;
            vmallocEnd = 0xffffe8ffffffffffL;
            maxLowPfn = maxPfn;
            long dma32End = Math.min(ram, DMA32_LIMIT) >>> pageShift;
            z.add(new ZoneSpec(0, "DMA", false, 0, dmaEnd));
            z.add(new ZoneSpec(1, "DMA32", false, dmaEnd, dma32End - dmaEnd));
            z.add(new ZoneSpec(2, "Normal", false, dma32End, maxPfn - dma32End));
            z.add(new ZoneSpec(3, "Movable", false, maxPfn, 0));
        } else {
            pageOffset = 0xc0000000L;
            startKernelMap = 0;
            maxLowPfn = Math.min(maxPfn, I386_MAXMEM >>> pageShift);
            // VMALLOC_START = high_memory + VMALLOC_OFFSET (8 MiB); VMALLOC_END = PKMAP_BASE - 2 pages
            vmallocStart = pageOffset + (maxLowPfn << pageShift) + (8L << 20);
            vmallocEnd = 0xff7fe000L;
            z.add(new ZoneSpec(0, "DMA", false, 0, dmaEnd));
            z.add(new ZoneSpec(1, "Normal", false, dmaEnd, maxLowPfn - dmaEnd));
            z.add(new ZoneSpec(2, "HighMem", true, maxLowPfn, maxPfn - maxLowPfn));
            z.add(new ZoneSpec(3, "Movable", false, maxPfn, 0));
        }
        this.zones = List.copyOf(z);
    }

    /** Index of the zone holding pfn (zones are contiguous and ordered). */
    public int zoneOf(long pfn) {
        for (int i = zones.size() - 1; i >= 0; i--) {
            ZoneSpec s = zones.get(i);
            if (s.spanned() > 0 && pfn >= s.startPfn()) {
                return i;
            }
        }
        return 0;
    }

    /** gfp_zone() upper bound per profile: index of ZONE_NORMAL. */
    public int zoneNormal() {
        return is64 ? 2 : 1;
    }

    /** ZONE_HIGHMEM index, or -1 (x86_64 has none: __GFP_HIGHMEM maps to Normal). */
    public int zoneHighmem() {
        return is64 ? -1 : 2;
    }

    /** ZONE_DMA32 index, or -1 (x86_32 has none: __GFP_DMA32 maps to Normal). */
    public int zoneDma32() {
        return is64 ? 1 : -1;
    }

    public int zoneMovable() {
        return 3;
    }

    public long pfnToPhys(long pfn) {
        return pfn << pageShift;
    }

    /** An address as the kernel's %p prints it: lower-case hex, zero-padded to the pointer width. */
    public String ptr(long v) {
        String h = Long.toHexString(is64 ? v : v & 0xffffffffL);
        int w = is64 ? 16 : 8;
        return "0".repeat(Math.max(0, w - h.length())) + h;
    }

    public static String formatSize(long bytes) {
        if (bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "G";
        }
        if (bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "M";
        }
        if (bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "K";
        }
        return bytes + "";
    }

    /** Parses "1G", "512M", "64K", "1048576" (what machine({ram}) and --ram take). */
    public static long parseSize(String what, String s) {
        String t = s.trim();
        if (!t.matches("(?i)[0-9]+\\s*([KMGT]i?B?)?")) {
            throw new IllegalArgumentException(what + " '" + s + "' is malformed; write a size like 512M, 1G or 4G");
        }
        String digits = t.replaceAll("(?i)[^0-9].*$", "");
        String unit = t.substring(digits.length()).trim().toUpperCase();
        int shift = unit.isEmpty() ? 0 : switch (unit.charAt(0)) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 40;
        };
        try {
            long v = Long.parseLong(digits);
            if (v > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return v << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is too large");
        }
    }
}
