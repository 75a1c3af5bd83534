package org.kmemlab.slab;

import org.kmemlab.api.KernelLog;

/**
 * What a slab debugger prints during one call: it goes to the kernel log at once and is kept, so the
 * allocator can raise it as that call's KernelBug on a debug machine.
 */
public final class ReportBuffer {
    private final KernelLog log;
    private StringBuilder report;

    public ReportBuffer(KernelLog log) {
        this.log = log;
    }

    public void printk(String s) {
        log.printk(s);
        if (report == null) {
            report = new StringBuilder();
        }
        report.append(s);
    }

    /** The text printed since the last call, or null; clears it. */
    public String take() {
        String r = report == null ? null : report.toString();
        report = null;
        return r;
    }
}
