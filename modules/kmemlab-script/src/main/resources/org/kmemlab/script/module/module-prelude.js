// kmemlab module prelude: the low-level kernel API a JavaScript buddy module is written against
// (docs/js-modules.md). Evaluated once per machine in the module's own sandboxed context, before the module,
// with the host object as its only way to the machine. Every global it defines is named after the kernel
// function, macro or constant it stands for. A page is its pfn (a Number); -1 is NULL.
// Returns { module, machine } to the host: module.exports holds the operations once the module file has run.
(function (H) {
  'use strict';
  const g = globalThis;

  function define(name, value) {
    Object.defineProperty(g, name, { value, writable: false, configurable: false, enumerable: false });
  }

  // ------------------------------------------------------------------ constants

  // MAX_ORDER, PAGE_SHIFT, PAGE_SIZE, max_pfn, PG_locked .. PG_hwpoison, NR_PAGEFLAGS, every GFP_* and __GFP_*,
  // ZONE_DMA .. ZONE_MOVABLE, MAX_NR_ZONES, NR_FREE_PAGES, WMARK_*, ALLOC_*, CONFIG_DEBUG_VM, PROFILE
  const C = JSON.parse(H.constantsJson());
  for (const name of Object.keys(C)) {
    define(name, C[name]);
  }

  // ------------------------------------------------------------------ zones (struct zone)

  const zoneList = JSON.parse(H.zonesJson()).map((z) => {
    const zone = {};
    for (const k of Object.keys(z)) {
      const v = Array.isArray(z[k]) ? Object.freeze(z[k]) : z[k];
      Object.defineProperty(zone, k, { value: v, writable: false, enumerable: true, configurable: false });
    }
    const i = z.index;
    // zone_page_state(zone, NR_FREE_PAGES), live
    Object.defineProperty(zone, 'free_pages', { get() { return H.zone_page_state(i, 0); }, enumerable: true });
    // extensible on purpose: a module keeps its own fields on the zone, e.g. zone.free_area
    return zone;
  });
  Object.freeze(zoneList);

  function zoneArg(fn, z) {
    if (z !== null && typeof z === 'object' && zoneList[z.index] === z) return z;
    throw new TypeError(fn + ": argument 'zone' must be one of zones[], got " + String(z));
  }

  const api = {
    zones: zoneList,
    page_zone(pfn) { return zoneList[H.page_zonenum(pfn)]; },
    zone_idx(zone) { return zoneArg('zone_idx', zone).index; },
    populated_zone(zone) { return zoneArg('populated_zone', zone).present_pages > 0; },
    zone_page_state(zone, item) { return H.zone_page_state(zoneArg('zone_page_state', zone).index, item); },
    min_wmark_pages(zone) { return zoneArg('min_wmark_pages', zone).watermark[WMARK_MIN]; },
    low_wmark_pages(zone) { return zoneArg('low_wmark_pages', zone).watermark[WMARK_LOW]; },
    high_wmark_pages(zone) { return zoneArg('high_wmark_pages', zone).watermark[WMARK_HIGH]; },

    // ---------------------------------------------------------------- struct page (mem_map[pfn])

    pfn_valid(pfn) { return H.pfn_valid(pfn); },
    page_zonenum(pfn) { return H.page_zonenum(pfn); },
    page_count(pfn) { return H.page_count(pfn); },
    set_page_count(pfn, v) { H.set_page_count(pfn, v); },
    page_mapcount(pfn) { return H.page_mapcount(pfn); },
    reset_page_mapcount(pfn) { H.reset_page_mapcount(pfn); },
    page_private(pfn) { return H.page_private(pfn); },
    set_page_private(pfn, v) { H.set_page_private(pfn, v); },
    page_order(pfn) { return H.page_order(pfn); },

    PageFlag(pfn, flag) { return H.PageFlag(pfn, flag); },
    SetPageFlag(pfn, flag) { H.SetPageFlag(pfn, flag); },
    ClearPageFlag(pfn, flag) { H.ClearPageFlag(pfn, flag); },
    PageBuddy(pfn) { return H.PageBuddy(pfn); },
    __SetPageBuddy(pfn) { H.__SetPageBuddy(pfn); },
    __ClearPageBuddy(pfn) { H.__ClearPageBuddy(pfn); },
    PageReserved(pfn) { return H.PageReserved(pfn); },

    // ---------------------------------------------------------------- struct list_head over page->lru

    LIST_HEAD() { return H.list_head(); },
    list_add(pfn, head) { H.list_add(pfn, head); },
    list_add_tail(pfn, head) { H.list_add_tail(pfn, head); },
    list_del(pfn) { H.list_del(pfn); },
    list_move(pfn, head) { H.list_move(pfn, head); },
    list_move_tail(pfn, head) { H.list_move_tail(pfn, head); },
    list_empty(head) { return H.list_empty(head); },
    list_first_entry(head) { return H.list_first_entry(head); },
    list_last_entry(head) { return H.list_last_entry(head); },
    list_next_entry(pfn, head) { return H.list_next_entry(pfn, head); },
    list_prev_entry(pfn, head) { return H.list_prev_entry(pfn, head); },
    /** list_for_each_entry_safe: fn(pfn) for each page, head first; fn may list_del it; return false to stop. */
    list_for_each_entry(head, fn) {
      if (typeof fn !== 'function') {
        throw new TypeError('list_for_each_entry(head, fn): fn must be a function; it is called with each pfn');
      }
      let pfn = H.list_first_entry(head);
      while (pfn !== -1) {
        const next = H.list_next_entry(pfn, head);
        if (fn(pfn) === false) return;
        pfn = next;
      }
    },

    // ---------------------------------------------------------------- page_alloc.c services

    gfp_zone(gfp) { return H.gfp_zone(gfp); },
    prep_new_page(pfn, order, gfp) { return H.prep_new_page(pfn, order, gfp); },
    free_pages_prepare(pfn, order) { return H.free_pages_prepare(pfn, order); },
    account_alloc(pfn, order) { H.account_alloc(pfn, order); },
    alloc_failed(gfp, order) { return H.alloc_failed(gfp, order); },

    /**
     * zone_watermark_ok(): enough free pages above mark (less for ALLOC_HIGH / ALLOC_HARDER) plus the zone's
     * lowmem_reserve for classzone_idx, counting for each order below `order` only the pages in bigger blocks.
     * The per-order counts come from the module's own nr_free(zone, order).
     */
    zone_watermark_ok(zone, order, mark, classzone_idx, alloc_flags) {
      zone = zoneArg('zone_watermark_ok', zone);
      alloc_flags = alloc_flags || 0;
      let min = mark;
      let free_pages = H.zone_page_state(zone.index, NR_FREE_PAGES) - (1 << order) + 1;
      if (alloc_flags & ALLOC_HIGH) min -= Math.floor(min / 2);
      if (alloc_flags & ALLOC_HARDER) min -= Math.floor(min / 4);
      if (free_pages <= min + zone.lowmem_reserve[classzone_idx]) return false;
      for (let o = 0; o < order && o < MAX_ORDER; o++) {
        free_pages -= module.exports.nr_free(zone.index, o) * 2 ** o;
        min = Math.floor(min / 2);
        if (free_pages <= min) return false;
      }
      return true;
    },

    // ---------------------------------------------------------------- log and assertions

    printk(s) { H.printk(String(s)); },
    /** BUG(): the kernel's "kernel BUG at FILE:LINE!" report, with this module's file and line. */
    BUG() { H.BUG(); },
    BUG_ON(cond) { if (cond) H.BUG(); },
    /** VM_BUG_ON(): BUG_ON on a debug machine (CONFIG_DEBUG_VM), nothing otherwise. */
    VM_BUG_ON(cond) { if (CONFIG_DEBUG_VM && cond) H.BUG(); },
  };

  function format(v) {
    if (typeof v === 'string') return v;
    try {
      const s = JSON.stringify(v);
      return s === undefined ? String(v) : s;
    } catch (e) {
      return String(v);
    }
  }
  /** console.log writes a line to the kernel log (dmesg()). */
  api.console = Object.freeze({
    log(...args) { H.printk(args.map(format).join(' ') + '\n'); },
  });

  for (const name of Object.keys(api)) {
    define(name, api[name]);
  }

  const module = { exports: {} };
  const machine = Object.freeze({
    profile: PROFILE,
    zones: zoneList,
    MAX_ORDER,
    PAGE_SIZE,
    max_pfn,
    debug: CONFIG_DEBUG_VM,
  });
  return { module, machine };
})
