package org.kmemlab.slab.slab;

import org.kmemlab.api.KernelLog;
import org.kmemlab.api.KernelSymbols;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Reports;
import org.kmemlab.slab.SlabFlags;
import org.kmemlab.slab.SlabPages;

/**
 * CONFIG_DEBUG_SLAB of mm/slab.c: red-zone words around each object (RED_INACTIVE/RED_ACTIVE), the last
 * user word, poisoning, and the reports slab_error(), check_poison_obj() and dump_line() print.
 */
final class SlabDebug {
    static final long RED_INACTIVE = 0x09F911029D74E35BL;
    static final long RED_ACTIVE = 0xD84156C5635688C0L;

    private final SlabPages pages;
    private final Profile p;
    private final KernelLog log;
    private final org.kmemlab.slab.ReportBuffer out;

    SlabDebug(SlabPages pages, KernelLog log) {
        this.pages = pages;
        this.p = pages.profile;
        this.log = log;
        this.out = new org.kmemlab.slab.ReportBuffer(log);
    }

    private void printk(String s) {
        out.printk(s);
    }

    String takeReport() {
        return out.take();
    }

    private long redzone1(SlabCache c, long objp) {
        return objp + c.objOffset - 8;
    }

    private long redzone2(SlabCache c, long objp) {
        if ((c.flags & SlabFlags.SLAB_STORE_USER) != 0) {
            return objp + c.bufferSize - 8 - 8;
        }
        return objp + c.bufferSize - 8;
    }

    private long userword(SlabCache c, long objp) {
        return objp + c.bufferSize - pages.wordSize;
    }

    private long read64(long va) {
        return pages.read(va, 8);
    }

    private void write64(long va, long v) {
        pages.write(va, 8, v);
    }

    /** poison_obj(). */
    void poisonObj(SlabCache c, long objp, int val) {
        long addr = objp + c.objOffset;
        pages.fill(addr, val, c.objSize);
        pages.fill(addr + c.objSize - 1, SlabFlags.POISON_END, 1);
    }

    /** The DEBUG part of cache_init_objs() for one object. */
    void initObj(SlabCache c, long objp) {
        if ((c.flags & SlabFlags.SLAB_POISON) != 0) {
            poisonObj(c, objp, SlabFlags.POISON_FREE);
        }
        if ((c.flags & SlabFlags.SLAB_STORE_USER) != 0) {
            pages.writeWord(userword(c, objp), 0);
        }
        if ((c.flags & SlabFlags.SLAB_RED_ZONE) != 0) {
            write64(redzone1(c, objp), RED_INACTIVE);
            write64(redzone2(c, objp), RED_INACTIVE);
        }
    }

    private String caller() {
        return KernelSymbols.address("scenario_init", p.is64);
    }

    /** slab_error(): "slab error in FN(): cache `NAME': MSG" and a stack dump. */
    private void slabError(String fn, SlabCache c, String msg) {
        printk("slab error in " + fn + "(): cache `" + c.name + "': " + msg + "\n" + Reports.dumpStack(log, fn, "scenario_init"));
    }

    /** cache_alloc_debugcheck_after(): the object pointer the caller gets. */
    long allocDebugcheckAfter(SlabCache c, long objp) {
        if ((c.flags & SlabFlags.SLAB_POISON) != 0) {
            checkPoisonObj(c, objp);
            poisonObj(c, objp, SlabFlags.POISON_INUSE);
        }
        if ((c.flags & SlabFlags.SLAB_STORE_USER) != 0) {
            pages.writeWord(userword(c, objp), Long.parseUnsignedLong(caller(), 16));
        }
        if ((c.flags & SlabFlags.SLAB_RED_ZONE) != 0) {
            long r1 = read64(redzone1(c, objp));
            long r2 = read64(redzone2(c, objp));
            if (r1 != RED_INACTIVE || r2 != RED_INACTIVE) {
                slabError("cache_alloc_debugcheck_after", c, "double free, or memory outside object was overwritten");
                printk(String.format("%s: redzone 1:0x%x, redzone 2:0x%x%n", p.ptr(objp), r1, r2));
            }
            write64(redzone1(c, objp), RED_ACTIVE);
            write64(redzone2(c, objp), RED_ACTIVE);
        }
        long obj = objp + c.objOffset;
        if (c.ctor != null && (c.flags & SlabFlags.SLAB_POISON) != 0) {
            c.ctor.accept(obj);
        }
        return obj;
    }

    /** cache_free_debugcheck(): the buffer start of the object being freed. */
    long freeDebugcheck(SlabCache c, long obj) {
        long objp = obj - c.objOffset;
        if ((c.flags & SlabFlags.SLAB_RED_ZONE) != 0) {
            long r1 = read64(redzone1(c, objp));
            long r2 = read64(redzone2(c, objp));
            if (r1 != RED_ACTIVE || r2 != RED_ACTIVE) {   // verify_redzone_free()
                String what = r1 == RED_INACTIVE && r2 == RED_INACTIVE ? "double free detected"
                    : "memory outside object was overwritten";
                slabError("verify_redzone_free", c, what);
                printk(String.format("%s: redzone 1:0x%x, redzone 2:0x%x.%n", p.ptr(objp), r1, r2));
            }
            write64(redzone1(c, objp), RED_INACTIVE);
            write64(redzone2(c, objp), RED_INACTIVE);
        }
        if ((c.flags & SlabFlags.SLAB_STORE_USER) != 0) {
            pages.writeWord(userword(c, objp), Long.parseUnsignedLong(caller(), 16));
        }
        if ((c.flags & SlabFlags.SLAB_POISON) != 0) {
            poisonObj(c, objp, SlabFlags.POISON_FREE);
        }
        return objp;
    }

    /** slab_put_obj()'s check: the object was already on its slab's free list. */
    org.kmemlab.api.KernelBug doubleFreeInSlab(SlabCache c, long objp) {
        printk("slab: double free detected in cache '" + c.name + "', objp " + p.ptr(objp) + "\n");
        String r = takeReport();
        org.kmemlab.api.KernelBug bug = Reports.bug(log, "mm/slab.c", org.kmemlab.slab.SourceLines.SLAB_PUT_OBJ_DOUBLE_FREE, "slab_put_obj", "free_block", "scenario_init");
        return new org.kmemlab.api.KernelBug(r + bug.getMessage());
    }

    /** check_poison_obj(): at allocation, the free object must still hold its poison. */
    private void checkPoisonObj(SlabCache c, long objp) {
        long realobj = objp + c.objOffset;
        int size = (int) c.objSize;
        if (pages.memchrInv(realobj, SlabFlags.POISON_FREE, size - 1) < 0
            && pages.readByte(realobj + size - 1) == SlabFlags.POISON_END) {
            return; // intact: the byte loop below only runs to report
        }
        int lines = 0;
        for (int i = 0; i < size; i++) {
            int exp = i == size - 1 ? SlabFlags.POISON_END : SlabFlags.POISON_FREE;
            if (pages.readByte(realobj + i) != exp) {
                if (lines == 0) {
                    printk(String.format("Slab corruption: %s start=%s, len=%d%n", c.name, p.ptr(realobj), size));
                    printObjinfo(c, objp, 0);
                }
                i = (i / 16) * 16;
                int limit = Math.min(16, size - i);
                dumpLine(realobj, i, limit);
                i += 15;
                lines++;
                if (lines > 5) {
                    break;
                }
            }
        }
    }

    private void printObjinfo(SlabCache c, long objp, int lines) {
        if ((c.flags & SlabFlags.SLAB_RED_ZONE) != 0) {
            printk(String.format("Redzone: 0x%x/0x%x.%n", read64(redzone1(c, objp)), read64(redzone2(c, objp))));
        }
        if ((c.flags & SlabFlags.SLAB_STORE_USER) != 0) {
            long user = pages.readWord(userword(c, objp));
            printk("Last user: [<" + p.ptr(user) + ">](" + (user == 0 ? "" : KernelSymbols.describe("scenario_init")) + ")\n");
        }
    }

    /** dump_line(). */
    private void dumpLine(long data, int offset, int limit) {
        StringBuilder sb = new StringBuilder(String.format("%03x:", offset));
        int error = 0;
        int bad = 0;
        for (int i = 0; i < limit; i++) {
            int b = pages.readByte(data + offset + i);
            if (b != SlabFlags.POISON_FREE) {
                error = b;
                bad++;
            }
            sb.append(String.format(" %02x", b));
        }
        sb.append('\n');
        printk(sb.toString());
        if (bad == 1) {
            error ^= SlabFlags.POISON_FREE;
            if ((error & (error - 1)) == 0) {
                printk("Single bit error detected. Probably bad RAM.\nRun memtest86+ or a similar memory test tool.\n");
            }
        }
    }
}
