package org.kmemlab.slab.slab;

/** A struct list_head of struct slab: list_add (head), list_add_tail, list_del, first entry. */
final class SlabList {
    final int kind;
    private SlabMeta head;
    private SlabMeta tail;
    long size;

    SlabList(int kind) {
        this.kind = kind;
    }

    SlabMeta first() {
        return head;
    }

    void add(SlabMeta s) {
        s.list = kind;
        s.prev = null;
        s.next = head;
        if (head != null) {
            head.prev = s;
        } else {
            tail = s;
        }
        head = s;
        size++;
    }

    void addTail(SlabMeta s) {
        s.list = kind;
        s.next = null;
        s.prev = tail;
        if (tail != null) {
            tail.next = s;
        } else {
            head = s;
        }
        tail = s;
        size++;
    }

    void remove(SlabMeta s) {
        if (s.prev != null) {
            s.prev.next = s.next;
        } else {
            head = s.next;
        }
        if (s.next != null) {
            s.next.prev = s.prev;
        } else {
            tail = s.prev;
        }
        s.prev = null;
        s.next = null;
        s.list = 0;
        size--;
    }

    void forEach(java.util.function.Consumer<SlabMeta> f) {
        for (SlabMeta s = head; s != null; s = s.next) {
            f.accept(s);
        }
    }
}
