package org.kmemlab.api;

/**
 * Text the kernel prints when something goes wrong, in 2.6.34's formats (reference §0, §3.5):
 * dump_page(), the dump_stack() header, BUG()/oops banners. The simulated current task is a
 * module being loaded: scenarios run in process context of {@code insmod}.
 */
public final class Reports {
    private Reports() {
    }

    public static final String COMM = "insmod";
    public static final int PID = 1000;
    public static final String UTS_RELEASE = "2.6.34";
    public static final String UTS_VERSION = "#1";

    /** Where struct page lives: FLATMEM mem_map, right after the kernel image (see FlatPhysMem). */
    public static long structPageAddress(Profile p, long pfn) {
        long memmapPa = Profile.KERNEL_PHYS_START + Profile.KERNEL_IMAGE_SIZE;
        memmapPa = (memmapPa + p.pageSize - 1) & -p.pageSize;
        return p.pageOffset + memmapPa + pfn * p.structPageSize;
    }

    /** %p: pointer as lower-case hex without 0x, zero padded; NULL prints (null). */
    public static String ptr(Profile p, long v) {
        return v == 0 ? "(null)" : p.ptr(v);
    }

    /** %#lx: 0x prefix, also for zero. */
    public static String hexAlt(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** dump_page(): two lines, each ending in a newline. */
    public static String dumpPage(MemMap m, long pfn) {
        Profile p = m.profile();
        long head = PageFlags.headOf(m, pfn);
        int count = m.count(head);
        String line1 = "page:" + ptr(p, structPageAddress(p, pfn)) + " count:" + count + " mapcount:"
            + (m.mapcount(pfn) + 1) + " mapping:" + ptr(p, m.mapping(pfn)) + " index:" + hexAlt(m.index(pfn)) + "\n";
        long raw = m.flags(pfn);
        long rawShown = p.is64 ? raw : raw & 0xffffffffL;
        String names = PageFlags.names(m.pgFlags(pfn));
        return line1 + "page flags: " + hexAlt(rawShown) + "(" + names + ")\n";
    }

    /** The x86 dump_stack() header line. */
    public static String stackHeader(KernelLog log) {
        return "Pid: " + PID + ", comm: " + COMM + " " + log.printTainted() + " " + UTS_RELEASE + " " + UTS_VERSION + "\n";
    }

    /** dump_stack(): header and the simulated call chain, innermost first. */
    public static String dumpStack(KernelLog log, String... frames) {
        StringBuilder sb = new StringBuilder(stackHeader(log));
        sb.append("Call Trace:\n");
        for (String f : frames) {
            sb.append(" [<").append(KernelSymbols.address(f, log.is64())).append(">] ").append(KernelSymbols.describe(f)).append('\n');
        }
        return sb.toString();
    }

    /**
     * BUG(): the report_bug() banner and the oops that follows. Prints to the log, taints 'D', and
     * returns the KernelBug to throw; its message starts with {@code kernel BUG at FILE:LINE!}.
     */
    public static KernelBug bug(KernelLog log, String file, int line, String... frames) {
        String first = "kernel BUG at " + file + ":" + line + "!\n";
        String oops = log.dieBanner("invalid opcode", 0)
            + "last sysfs file: \n"
            + "Modules linked in:\n";
        String stack = dumpStack(log, frames);
        log.printk("------------[ cut here ]------------\n" + first + oops + stack);
        log.addTaint(KernelLog.TAINT_DIE);
        return new KernelBug(first + oops + stack);
    }

    /** WARN_ON(): the warn_slowpath banner; taints 'W'. Returns the printed text. */
    public static String warn(KernelLog log, String file, int line, String... frames) {
        return warnMsg(log, file, line, "", frames);
    }

    /**
     * WARN(cond, fmt, ...): warn_slowpath_common() prints the banner, the message, the modules and the stack,
     * and taints 'W'. Returns the printed text.
     */
    public static String warnMsg(KernelLog log, String file, int line, String message, String... frames) {
        String text = "------------[ cut here ]------------\n"
            + "WARNING: at " + file + ":" + line + " " + KernelSymbols.describe(frames.length > 0 ? frames[0] : "?") + "()\n"
            + message
            + "Modules linked in:\n"
            + dumpStack(log, frames)
            + "---[ end trace " + String.format("%016x", 0x4eaa2a86a8e2da22L + line) + " ]---\n";
        log.printk(text);
        log.addTaint(KernelLog.TAINT_WARN);
        return text;
    }

    /**
     * A kernel-mode page fault that no fixup handles: show_fault_oops() and the die banner (the access does
     * not happen). Prints to the log, taints 'D', returns the KernelBug to throw. {@code fn} is where IP is.
     */
    public static KernelBug pageFault(KernelLog log, Profile p, long vaddr, boolean write, String fn, String... callers) {
        long v = p.is64 ? vaddr : vaddr & 0xffffffffL;
        String what = Long.compareUnsigned(v, p.pageSize) < 0 ? "NULL pointer dereference" : "paging request";
        String first = "BUG: unable to handle kernel " + what + " at " + ptr(p, v) + "\n";
        String[] frames = new String[callers.length + 1];
        frames[0] = fn;
        System.arraycopy(callers, 0, frames, 1, callers.length);
        String body = "IP: [<" + KernelSymbols.address(fn, p.is64) + ">] " + KernelSymbols.describe(fn) + "\n"
            + log.dieBanner("Oops", write ? 2 : 0)
            + "last sysfs file: \n"
            + "Modules linked in:\n"
            + dumpStack(log, frames);
        log.printk(first + body);
        log.addTaint(KernelLog.TAINT_DIE);
        return new KernelBug(first + body);
    }

    /**
     * panic(fmt, ...): {@code Kernel panic - not syncing: <message>} and, with CONFIG_DEBUG_BUGVERBOSE, the stack.
     * A real machine stops here; kmemlab reports it as a KernelBug and the scenario ends.
     */
    public static KernelBug panic(KernelLog log, String message, String... frames) {
        String first = "Kernel panic - not syncing: " + message + "\n";
        String text = first + dumpStack(log, frames);
        log.printk(text);
        return new KernelBug(text);
    }
}
