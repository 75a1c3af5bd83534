package org.kmemlab.api;

import java.util.List;

/**
 * The {@code physmem} slot: page frames, their {@code struct page}s, the zones they form, and the
 * bytes they hold. Booting leaves every frame {@code PG_reserved} with {@code _count} 1; the kernel
 * then hands the frames listed by {@link #bootFreeRanges()} to the page allocator.
 */
public interface PhysMem {
    Profile profile();

    MemMap memMap();

    /** All zones of the node in index order, empty ones included (for_each_zone). */
    List<Zone> zones();

    /** Pfn ranges {@code [start, end)} that free_all_bootmem hands to the buddy allocator, ascending. */
    List<long[]> bootFreeRanges();

    /** Named reserved ranges {@code [start, end)} for documentation and views ("kernel image", ...). */
    List<ReservedRange> reservedRanges();

    /**
     * reserve_early() of a run found by find_e820_area(): the first {@code nFrames} consecutive RAM frames at or
     * above {@code fromPfn} that no other reservation holds, reserved under {@code what} (they stay
     * PG_reserved and never reach the page allocator). Only before free_all_bootmem. Returns the first pfn,
     * or −1 when no such run exists below {@code limitPfn}.
     */
    long reserveEarly(String what, long fromPfn, long nFrames, long limitPfn);

    /** min_free_kbytes as init_per_zone_wmark_min computed it. */
    long minFreeKbytes();

    /** A boot-time reservation, by pfn. */
    record ReservedRange(String what, long startPfn, long endPfn, boolean ram) {
    }

    // ---- contents of physical memory (little-endian, like x86) ----

    int readByte(long pa);

    void writeByte(long pa, int value);

    /** Reads 1, 2, 4 or 8 bytes. */
    long read(long pa, int size);

    void write(long pa, int size, long value);

    void fill(long pa, int value, long n);

    void copy(long dstPa, long srcPa, long n);

    /** Frames whose contents have been materialised (written), for the heap accounting. */
    long framesMaterialised();
}
