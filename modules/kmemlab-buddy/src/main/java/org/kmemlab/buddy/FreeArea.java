package org.kmemlab.buddy;

import org.kmemlab.api.MemMap;
import org.kmemlab.api.MigrateType;
import org.kmemlab.api.PageList;

/** {@code struct free_area}: one free list per migrate type and nr_free, counted in blocks. */
final class FreeArea {
    final PageList[] freeList = new PageList[MigrateType.MIGRATE_TYPES];
    long nrFree;

    FreeArea(MemMap map) {
        for (int i = 0; i < freeList.length; i++) {
            freeList[i] = new PageList(map);
        }
    }
}
