package org.kmemlab.conform.broken;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;
import org.kmemlab.buddy.LinuxBuddy;

/**
 * Returns blocks of order 1 and more one page into a block twice as big: the right size, the wrong alignment.
 * Frees find the real block again, so the machine keeps working.
 */
public final class MisalignedBuddy extends WrappedBuddy {
    private final MemMap map;
    private final Map<Long, Long> realHead = new HashMap<>();

    @Inject
    MisalignedBuddy(LinuxBuddy inner, PhysMem phys) {
        super(inner);
        this.map = phys.memMap();
    }

    @Override
    public long allocPages(int gfp, int order) {
        if (order == 0 || order >= Profile.MAX_ORDER - 1) {
            return inner.allocPages(gfp, order);
        }
        long real = inner.allocPages(gfp & ~Gfp.__GFP_COMP, order + 1);
        if (real < 0) {
            return real;
        }
        long ret = real + 1;
        map.setCount(real, 0);
        map.setCount(ret, 1);
        realHead.put(ret, real);
        return ret;
    }

    @Override
    public void freePages(long pfn, int order, boolean cold) {
        Long real = realHead.remove(pfn);
        if (real == null) {
            inner.freePages(pfn, order, cold);
        } else {
            inner.freePages(real, order + 1, cold);
        }
    }

    /** {@code buddy=conform-misaligned}. */
    public static final class Module extends SingletonSlotModule<PageAllocator> {
        public Module() {
            super(Slot.BUDDY, "conform-misaligned", "test: buddy=linux that returns misaligned blocks",
                PageAllocator.class, MisalignedBuddy.class);
        }
    }
}
