package org.kmemlab.conform.broken;

import org.kmemlab.api.PageAllocator;
import org.kmemlab.buddy.LinuxBuddy;

/** buddy=linux by composition: a broken module overrides the one thing it gets wrong. */
abstract class WrappedBuddy implements PageAllocator {
    protected final LinuxBuddy inner;

    WrappedBuddy(LinuxBuddy inner) {
        this.inner = inner;
    }

    @Override
    public long allocPages(int gfp, int order) {
        return inner.allocPages(gfp, order);
    }

    @Override
    public void freePages(long pfn, int order, boolean cold) {
        inner.freePages(pfn, order, cold);
    }

    @Override
    public void freeBootmem(long pfn, int order) {
        inner.freeBootmem(pfn, order);
    }

    @Override
    public void bootComplete() {
        inner.bootComplete();
    }

    @Override
    public void drainAllPages() {
        inner.drainAllPages();
    }

    @Override
    public long nrFree(int zone, int order) {
        return inner.nrFree(zone, order);
    }

    @Override
    public long nrFreeOfType(int zone, int order, int migratetype) {
        return inner.nrFreeOfType(zone, order, migratetype);
    }

    @Override
    public boolean mobility() {
        return inner.mobility();
    }

    @Override
    public int pageblockMigratetype(long pfn) {
        return inner.pageblockMigratetype(pfn);
    }

    @Override
    public int[] pcp(int zone) {
        return inner.pcp(zone);
    }
}
