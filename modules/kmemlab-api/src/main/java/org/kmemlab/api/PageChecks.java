package org.kmemlab.api;

import static org.kmemlab.api.PageFlags.PAGE_FLAGS_CHECK_AT_FREE;
import static org.kmemlab.api.PageFlags.PAGE_FLAGS_CHECK_AT_PREP;

import java.util.Map;

/**
 * free_pages_check(), check_new_page() and bad_page() (reference §3.5), with bad_page()'s rate limit. Part of
 * {@link PageAllocSupport}: every buddy-slot module, built-in or not, reports bad pages with the same text.
 */
public final class PageChecks {
    private static final long HZ = 250;

    private final MemMap map;
    private final KernelLog log;
    private final EventBus events;
    /** bad_page() rate limit state; jiffies do not advance in the simulator, so a window never ends. */
    private long nrShown;
    private long nrUnshown;
    private long resume;
    private final long jiffies = 0;
    /** The most recent report, so a debug build can raise it at the call. */
    private String lastReport;

    public PageChecks(MemMap map, KernelLog log, EventBus events) {
        this.map = map;
        this.log = log;
        this.events = events;
    }

    /** free_pages_check(): true (bad) when the page must not be freed; clears the PREP flags otherwise. */
    public boolean freePagesCheck(long pfn, String... frames) {
        if (map.badState(pfn, PAGE_FLAGS_CHECK_AT_FREE)) {
            badPage(pfn, frames);
            return true;
        }
        int flags = map.pgFlags(pfn);
        if ((flags & PAGE_FLAGS_CHECK_AT_PREP) != 0) {
            map.setPgFlags(pfn, flags & ~PAGE_FLAGS_CHECK_AT_PREP);
        }
        return false;
    }

    /** check_new_page(): true (bad) when a page leaving the allocator is not clean. */
    public boolean checkNewPage(long pfn, String... frames) {
        if (map.badState(pfn, PAGE_FLAGS_CHECK_AT_PREP)) {
            badPage(pfn, frames);
            return true;
        }
        return false;
    }

    /** bad_page(): the report, then __ClearPageBuddy and add_taint(TAINT_BAD_PAGE). */
    public void badPage(long pfn, String... frames) {
        if (map.test(pfn, PageFlags.PG_hwpoison)) {
            map.clear(pfn, PageFlags.PG_buddy);
            return;
        }
        boolean print = true;
        if (nrShown == 60) {
            if (jiffies < resume) {
                nrUnshown++;
                print = false;
            } else {
                if (nrUnshown != 0) {
                    log.printk("BUG: Bad page state: " + nrUnshown + " messages suppressed\n");
                    nrUnshown = 0;
                }
                nrShown = 0;
            }
        }
        if (print) {
            if (nrShown++ == 0) {
                resume = jiffies + 60 * HZ;
            }
            String report = String.format("BUG: Bad page state in process %s  pfn:%05x%n", Reports.COMM, pfn)
                + Reports.dumpPage(map, pfn)
                + Reports.dumpStack(log, frames);
            log.printk(report);
            if (lastReport == null) {
                lastReport = report;
            }
        }
        map.clear(pfn, PageFlags.PG_buddy);
        log.addTaint(KernelLog.TAINT_BAD_PAGE);
        if (events.active()) {
            events.emit("bad_page", Map.of("pfn", pfn));
        }
    }

    /** The first bad_page report printed since the last call, or null. */
    public String takeReport() {
        String r = lastReport;
        lastReport = null;
        return r;
    }
}
