package org.kmemlab.buddy;

import org.kmemlab.api.MemMap;
import org.kmemlab.api.MigrateType;
import org.kmemlab.api.PageList;

/** {@code struct per_cpu_pages} of the one simulated CPU: order-0 lists per pcp migrate type. */
final class PerCpuPages {
    final PageList[] lists = new PageList[MigrateType.MIGRATE_PCPTYPES];
    int count;
    int high;
    int batch;

    PerCpuPages(MemMap map) {
        for (int i = 0; i < lists.length; i++) {
            lists[i] = new PageList(map);
        }
    }

    /** setup_pageset(): high = 6 * batch, batch = max(1, batch). */
    void setup(int b) {
        high = 6 * b;
        batch = Math.max(1, b);
    }
}
