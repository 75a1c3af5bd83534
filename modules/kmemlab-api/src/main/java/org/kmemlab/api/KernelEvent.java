package org.kmemlab.api;

import java.util.Map;

/**
 * One state change, named after the kernel tracepoint it mirrors ({@code mm_page_alloc},
 * {@code mm_page_free_direct}, {@code mm_pagevec_free}, {@code mm_page_alloc_zone_locked},
 * {@code mm_page_pcpu_drain}, {@code mm_page_alloc_extfrag}, {@code bad_page}, ...).
 *
 * @param name   tracepoint name
 * @param fields the tracepoint's fields (pfn, order, gfp_flags, migratetype, ...)
 */
public record KernelEvent(String name, Map<String, Object> fields) {
}
