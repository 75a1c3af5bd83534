package org.kmemlab.kernel.view;

/** What a page frame is, for drawing. Order matters (ordinal = code). */
public enum FrameKind {
    HOLE, RESERVED, FREE, PCP, ALLOCATED, COMPOUND_HEAD, COMPOUND_TAIL, SLAB, PAGE_TABLE, VMALLOC
}
