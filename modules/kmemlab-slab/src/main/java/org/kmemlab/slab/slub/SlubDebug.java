package org.kmemlab.slab.slub;

import static org.kmemlab.slab.SlabFlags.OBJECT_POISON;
import static org.kmemlab.slab.SlabFlags.POISON_END;
import static org.kmemlab.slab.SlabFlags.POISON_FREE;
import static org.kmemlab.slab.SlabFlags.POISON_INUSE;
import static org.kmemlab.slab.SlabFlags.SLAB_POISON;
import static org.kmemlab.slab.SlabFlags.SLAB_RED_ZONE;
import static org.kmemlab.slab.SlabFlags.SLAB_STORE_USER;
import static org.kmemlab.slab.SlabFlags.SLUB_RED_ACTIVE;
import static org.kmemlab.slab.SlabFlags.SLUB_RED_INACTIVE;

import org.kmemlab.api.KernelLog;
import org.kmemlab.api.KernelSymbols;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Reports;
import org.kmemlab.slab.SlabPages;

/**
 * SLUB's debugging (CONFIG_SLUB_DEBUG, slub_debug=FZPU): object checks at allocation and free, user
 * tracking, and the reports of mm/slub.c — slab_bug, print_trailer, print_section, object_err, slab_fix —
 * in their exact formats (reference §5.1).
 */
final class SlubDebug {
    private static final String EQ = "=".repeat(77);
    private static final String DASH = "-".repeat(77);

    private final SlabPages pages;
    private final MemMap map;
    private final Profile p;
    private final KernelLog log;
    private final int w;
    private final org.kmemlab.slab.ReportBuffer out;

    SlubDebug(SlabPages pages, KernelLog log) {
        this.pages = pages;
        this.map = pages.map;
        this.p = pages.profile;
        this.log = log;
        this.out = new org.kmemlab.slab.ReportBuffer(log);
        this.w = pages.wordSize;
    }

    String takeReport() {
        return out.take();
    }

    private void printk(String s) {
        out.printk(s);
    }

    // ---- layout helpers

    private long trackOffset(SlubCache s) {
        return s.offset != 0 ? s.offset + w : s.inuse;
    }

    /** set_track(): {addr, cpu, pid, when} at the alloc (0) or free (1) slot. */
    void setTrack(SlubCache s, long object, int which, String fn) {
        if ((s.flags & SLAB_STORE_USER) == 0) {
            return;
        }
        long t = object + trackOffset(s) + (long) which * SlubCache.trackSize(p);
        pages.writeWord(t, Long.parseUnsignedLong(KernelSymbols.address(fn, p.is64), 16));
        pages.write(t + w, 4, 0);            // cpu
        pages.write(t + w + 4, 4, Reports.PID);  // pid
        pages.writeWord(t + w + 8, 0);                          // when (jiffies do not advance)
    }

    private void printTrack(SlubCache s, String what, long object, int which) {
        long t = object + trackOffset(s) + (long) which * SlubCache.trackSize(p);
        long addr = pages.readWord(t);
        if (addr == 0) {
            return;
        }
        printk(String.format("INFO: %s in %s age=%d cpu=%d pid=%d%n", what, KernelSymbols.describe("scenario_init"),
            0, pages.read(t + w, 4), pages.read(t + w + 4, 4)));
    }

    // ---- checks

    /** check_valid_pointer(). */
    boolean checkValidPointer(SlubCache s, long page, long object, int objects) {
        if (object == 0) {
            return true;
        }
        long base = pages.pageAddress(page);
        return Long.compareUnsigned(object, base) >= 0 && Long.compareUnsigned(object, base + objects * s.size) < 0
            && (object - base) % s.size == 0;
    }

    /** check_bytes_and_report(): false when a byte differs; reports and restores the bytes. */
    private boolean checkBytesAndReport(SlubCache s, long page, long object, String what, long start, int value,
                                        long bytes, int inuse, int objects, long pageFreelist) {
        long at = pages.memchrInv(start, value, bytes);
        if (at < 0) {
            return true;
        }
        long fault = start + at;
        long end = start + bytes;
        while (end > fault && pages.readByte(end - 1) == value) {
            end--;
        }
        slabBug(s, what + " overwritten");
        printk(String.format("INFO: 0x%s-0x%s. First byte 0x%x instead of 0x%x%n", p.ptr(fault), p.ptr(end - 1),
            pages.readByte(fault), value));
        printTrailer(s, page, object, inuse, objects, pageFreelist);
        slabFix(s, String.format("Restoring 0x%s-0x%s=0x%x%n", p.ptr(fault), p.ptr(end - 1), value));
        pages.fill(fault, value, end - fault);
        return false;
    }

    /** check_object(): red zone (and, for a free object, poison) intact. */
    boolean checkObject(SlubCache s, long page, long object, boolean active, int inuse, int objects, long fl) {
        long endobject = object + s.objsize;
        if ((s.flags & SLAB_RED_ZONE) != 0) {
            int red = active ? SLUB_RED_ACTIVE : SLUB_RED_INACTIVE;
            if (!checkBytesAndReport(s, page, object, "Redzone", endobject, red, s.inuse - s.objsize, inuse, objects, fl)) {
                return false;
            }
        } else if ((s.flags & SLAB_POISON) != 0 && s.objsize < s.inuse) {
            checkBytesAndReport(s, page, object, "Alignment padding", endobject, POISON_INUSE, s.inuse - s.objsize, inuse,
                objects, fl);
        }
        if ((s.flags & SLAB_POISON) != 0 && !active && (s.flags & OBJECT_POISON) != 0) {
            if (!checkBytesAndReport(s, page, object, "Poison", object, POISON_FREE, s.objsize - 1, inuse, objects, fl)
                || !checkBytesAndReport(s, page, object, "Poison", object + s.objsize - 1, POISON_END, 1, inuse, objects, fl)) {
                return false;
            }
        }
        return true;
    }

    // ---- reports

    /** slab_bug(): the banner. */
    void slabBug(SlubCache s, String what) {
        printk(EQ + "\n" + "BUG " + s.name + ": " + what + "\n" + DASH + "\n\n");
    }

    /** slab_fix(). */
    void slabFix(SlubCache s, String what) {
        printk("FIX " + s.name + ": " + what + "\n");
    }

    private String pagePtr(long page) {
        return p.ptr(Reports.structPageAddress(p, page));
    }

    /** print_page_info(). */
    void printPageInfo(long page, int inuse, int objects, long freelist) {
        printk(String.format("INFO: Slab 0x%s objects=%d used=%d fp=0x%s flags=0x%04x%n", pagePtr(page), objects, inuse,
            Reports.ptr(p, freelist), p.is64 ? map.flags(page) : map.flags(page) & 0xffffffffL));
    }

    /** print_trailer(). */
    void printTrailer(SlubCache s, long page, long object, int inuse, int objects, long freelist) {
        long addr = pages.pageAddress(page);
        if ((s.flags & SLAB_STORE_USER) != 0) {
            printTrack(s, "Allocated", object, 0);
            printTrack(s, "Freed", object, 1);
        }
        printPageInfo(page, inuse, objects, freelist);
        long fp = pages.readWord(object + s.offset);
        printk(String.format("INFO: Object 0x%s @offset=%d fp=0x%s%n%n", p.ptr(object), object - addr, Reports.ptr(p, fp)));
        if (object - addr > 16) {
            printSection("Bytes b4", object - 16, 16);
        }
        printSection("Object", object, Math.min(s.objsize, p.pageSize));
        if ((s.flags & SLAB_RED_ZONE) != 0) {
            printSection("Redzone", object + s.objsize, s.inuse - s.objsize);
        }
        long off = trackOffset(s);
        if ((s.flags & SLAB_STORE_USER) != 0) {
            off += 2L * SlubCache.trackSize(p);
        }
        if (off != s.size) {
            printSection("Padding", object + off, s.size - off);
        }
        printk(Reports.dumpStack(log, "kfree", "scenario_init"));
    }

    /** print_section(): 16 bytes a line, then the Latin-1 isgraph() column. */
    void printSection(String text, long addr, long length) {
        StringBuilder sb = new StringBuilder();
        char[] ascii = new char[16];
        boolean newline = true;
        int i;
        for (i = 0; i < length; i++) {
            if (newline) {
                sb.append(String.format("%8s 0x%s: ", text, p.ptr(addr + i)));
                newline = false;
            }
            int b = pages.readByte(addr + i);
            sb.append(String.format(" %02x", b));
            int offset = i % 16;
            ascii[offset] = isgraph(b) ? (char) b : '.';
            if (offset == 15) {
                sb.append(' ').append(ascii).append('\n');
                newline = true;
            }
        }
        if (!newline) {
            i %= 16;
            while (i < 16) {
                sb.append("   ");
                ascii[i] = ' ';
                i++;
            }
            sb.append(' ').append(ascii).append('\n');
        }
        printk(sb.toString());
    }

    /** The kernel's isgraph() with its Latin-1 ctype table. */
    static boolean isgraph(int b) {
        return (b >= 0x21 && b <= 0x7e) || b >= 0xa1;
    }

    /** The per-object lines of list_slab_objects(). */
    void objectInfo(SlubCache s, long object, long offset) {
        printk(String.format("INFO: Object 0x%s @offset=%d%n", p.ptr(object), offset));
        if ((s.flags & SLAB_STORE_USER) != 0) {
            printTrack(s, "Allocated", object, 0);
            printTrack(s, "Freed", object, 1);
        }
    }

    /** object_err(). */
    void objectErr(SlubCache s, long page, long object, String reason, int inuse, int objects, long freelist) {
        slabBug(s, reason);
        printTrailer(s, page, object, inuse, objects, freelist);
    }

    /** slab_err(): banner, page info, stack. */
    void slabErr(SlubCache s, long page, String what, int inuse, int objects, long freelist) {
        slabBug(s, what);
        printPageInfo(page, inuse, objects, freelist);
        printk(Reports.dumpStack(log, "kfree", "scenario_init"));
    }
}
