package org.kmemlab.conform.broken;

import jakarta.inject.Inject;

import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;
import org.kmemlab.buddy.LinuxBuddy;

/**
 * allocPages never returns: it loops, ignoring interrupts, until a test releases it (sleeping, so the abandoned
 * threads do not eat the test machine's CPUs).
 */
public final class SpinningBuddy extends WrappedBuddy {
    /** Set by the test when it is done: every looping allocPages then gives up. */
    public static volatile boolean released;

    @Inject
    SpinningBuddy(LinuxBuddy inner) {
        super(inner);
    }

    @Override
    public long allocPages(int gfp, int order) {
        while (!released) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                // an endless loop does not care
            }
        }
        return -1;
    }

    /** {@code buddy=conform-spin}. */
    public static final class Module extends SingletonSlotModule<PageAllocator> {
        public Module() {
            super(Slot.BUDDY, "conform-spin", "test: buddy=linux whose allocPages loops forever", PageAllocator.class,
                SpinningBuddy.class);
        }
    }
}
