package org.kmemlab.script.module;

/**
 * A {@code struct list_head} a JavaScript module made with {@code LIST_HEAD()}: a sentinel slot in the mem_map lru
 * links ({@link org.kmemlab.api.MemMap#allocListHead()}), so pages are linked through {@code page->lru} exactly
 * as {@link org.kmemlab.api.PageList} links them. Opaque to the script (no exported members); the owner check
 * keeps a head from one machine out of another.
 */
public final class JsListHead {
    final JsModuleHost owner;
    final int slot;

    JsListHead(JsModuleHost owner, int slot) {
        this.owner = owner;
        this.slot = slot;
    }

    @Override
    public String toString() {
        return "struct list_head (" + slot + ")";
    }
}
