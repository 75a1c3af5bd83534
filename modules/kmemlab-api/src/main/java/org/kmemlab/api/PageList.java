package org.kmemlab.api;

import java.util.function.IntConsumer;

/**
 * A {@code struct list_head} whose entries are pages linked through {@code page->lru}. The head is a
 * sentinel slot in the same lru arrays ({@link MemMap#allocListHead()}), so an entry can be
 * unlinked with {@link MemMap#listDel(long)} without knowing its list, exactly as list_del() does.
 */
public final class PageList {
    private final MemMap map;
    private final int head;

    public PageList(MemMap map) {
        this.map = map;
        this.head = map.allocListHead();
        map.setLru(head, head, head);
    }

    public boolean isEmpty() {
        return map.lruNext(head) == head;
    }

    /** list->next as a pfn, or NIL when empty. */
    public int first() {
        int n = map.lruNext(head);
        return n == head ? MemMap.NIL : n;
    }

    /** list->prev as a pfn, or NIL when empty. */
    public int last() {
        int p = map.lruPrev(head);
        return p == head ? MemMap.NIL : p;
    }

    /** list_add(): insert at the head. */
    public void add(long pfn) {
        map.listAdd((int) pfn, head, map.lruNext(head));
    }

    /** list_add_tail(). */
    public void addTail(long pfn) {
        map.listAdd((int) pfn, map.lruPrev(head), head);
    }

    /** list_add(page, after): insert right after an entry of this list. */
    public void addAfter(long pfn, long after) {
        map.listAdd((int) pfn, (int) after, map.lruNext(after));
    }

    /** list_add_tail(page, before): insert right before an entry of this list. */
    public void addBefore(long pfn, long before) {
        map.listAdd((int) pfn, map.lruPrev(before), (int) before);
    }

    /** list_del(): the page must be on this list. */
    public void remove(long pfn) {
        map.listDel(pfn);
    }

    /** The sentinel slot, for list-head positions in insertions (list_add(page, head)). */
    public int headSlot() {
        return head;
    }

    /** Entries counted by walking the list (for views and checks). */
    public long size() {
        long n = 0;
        for (int p = map.lruNext(head); p != head; p = map.lruNext(p)) {
            n++;
        }
        return n;
    }

    /** Walks the list, head first. */
    public void forEach(IntConsumer action) {
        for (int p = map.lruNext(head); p != head; p = map.lruNext(p)) {
            action.accept(p);
        }
    }
}
