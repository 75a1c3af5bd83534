package org.kmemlab.student;

import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;

/**
 * Registers {@link StudentBuddy} as {@code buddy=student}. kmemlab finds this class through
 * {@code src/main/resources/META-INF/services/org.kmemlab.api.SlotModule}; keep both names as they are.
 */
public final class StudentBuddyModule extends SingletonSlotModule<PageAllocator> {
    public StudentBuddyModule() {
        super(Slot.BUDDY, "student", "buddy lab: the student's buddy allocator", PageAllocator.class, StudentBuddy.class);
    }
}
