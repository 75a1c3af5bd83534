package org.kmemlab.api;

/**
 * The machine's printk ring ({@code dmesg()}) and taint mask ({@code tainted()}).
 * Taint bits and letters as kernel/panic.c prints them.
 */
public final class KernelLog {
    public static final int TAINT_PROPRIETARY_MODULE = 0;
    public static final int TAINT_FORCED_MODULE = 1;
    public static final int TAINT_UNSAFE_SMP = 2;
    public static final int TAINT_FORCED_RMMOD = 3;
    public static final int TAINT_MACHINE_CHECK = 4;
    public static final int TAINT_BAD_PAGE = 5;
    public static final int TAINT_USER = 6;
    public static final int TAINT_DIE = 7;
    public static final int TAINT_OVERRIDDEN_ACPI_TABLE = 8;
    public static final int TAINT_WARN = 9;
    public static final int TAINT_CRAP = 10;

    /** One letter per taint bit, in print_tainted() order; bit 0 prints 'G' when clear. */
    private static final char[] LETTERS = {'P', 'F', 'S', 'R', 'M', 'B', 'U', 'D', 'A', 'W', 'C'};

    /** Cap on the ring so a runaway scenario cannot fill the heap (the kernel's ring also wraps). */
    private static final int MAX_CHARS = 1 << 20;

    private final StringBuilder ring = new StringBuilder();
    private int taint;
    private boolean debugLocks = true;
    private int dieCounter;
    private boolean debugPagealloc;
    private boolean is64 = true;

    /** Whether addresses in traces are 64-bit (x86_64) or 32-bit (i386). */
    public void setIs64(boolean v) {
        is64 = v;
    }

    public boolean is64() {
        return is64;
    }

    /** The machine was built with CONFIG_DEBUG_PAGEALLOC (the {@code debug} switch): oopses say so. */
    public void setDebugPagealloc(boolean on) {
        debugPagealloc = on;
    }

    /** __die(): "Oops: 0000 [#1] DEBUG_PAGEALLOC" — a UP kernel, so no SMP/PREEMPT words. */
    public String dieBanner(String str, int err) {
        return String.format("%s: %04x [#%d] %s%n", str, err & 0xffff, ++dieCounter,
            debugPagealloc ? "DEBUG_PAGEALLOC" : "");
    }

    /** printk: append text (callers include the trailing newline, as in the kernel). */
    public void printk(String text) {
        ring.append(text);
        if (ring.length() > MAX_CHARS) {
            int cut = ring.indexOf("\n", ring.length() - MAX_CHARS / 2);
            ring.delete(0, cut < 0 ? ring.length() - MAX_CHARS / 2 : cut + 1);
        }
    }

    public String dmesg() {
        return ring.toString();
    }

    /** add_taint(): the first taint of a boot also turns lock debugging off, with the kernel's warning. */
    public void addTaint(int flag) {
        if (debugLocks && flag != TAINT_WARN) {
            debugLocks = false;
            printk("Disabling lock debugging due to kernel taint\n");
        }
        taint |= 1 << flag;
    }

    public boolean tainted(int flag) {
        return (taint & (1 << flag)) != 0;
    }

    /** The set taint letters only, e.g. {@code "B"}; empty when untainted. */
    public String taintLetters() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < LETTERS.length; i++) {
            if ((taint & (1 << i)) != 0) {
                sb.append(LETTERS[i]);
            }
        }
        return sb.toString();
    }

    /** print_tainted(): {@code "Not tainted"} or {@code "Tainted: G    B      "}. */
    public String printTainted() {
        if (taint == 0) {
            return "Not tainted";
        }
        StringBuilder sb = new StringBuilder("Tainted: ");
        for (int i = 0; i < LETTERS.length; i++) {
            boolean set = (taint & (1 << i)) != 0;
            sb.append(set ? LETTERS[i] : (i == 0 ? 'G' : ' '));
        }
        return sb.toString();
    }
}
