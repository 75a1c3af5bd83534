package org.kmemlab.api;

/** Global vm event counters (/proc/vmstat's event part: pgalloc_*, pgfree, ...), as vmstat.c counts them. */
public final class VmStat {
    /** pgalloc_&lt;zone&gt; per zone index, in pages. */
    public final long[] pgalloc = new long[4];
    /** pages that reached free_hot_cold_page / __free_pages_ok. */
    public long pgfree;
    public long pgactivate;
    public long pgdeactivate;
    public long pgfault;
    public long pgmajfault;
    public long allocstall;
}
