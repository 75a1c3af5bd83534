// buddy-skeleton.js: the starting point for a buddy allocator in JavaScript (kmemlab's `buddy` slot).
//
// As it stands the machine boots with it, but the module keeps no free lists: every allocation fails (NULL,
// with the kernel's "page allocation failure" warning in dmesg()) and every freed block leaks. The TODOs below
// walk through what Linux 2.6.34 mm/page_alloc.c does, function by function; examples/modules/buddy-simple.js
// is one finished answer (look at it after trying).
//
//   Run a scenario on it:   scripts/kmemlab run my-scenario.js --module buddy=./my-buddy.js
//   or, in the scenario:    machine({ modules: { buddy: "./my-buddy.js" } })   (relative to the scenario file)
//   Check it:               scripts/kmemlab conform --module buddy=./my-buddy.js
//
// The rules (docs/js-modules.md has the whole API):
//   - A page is its page frame number (pfn), a Number. -1 means NULL.
//   - struct page fields: page_count(pfn), page_private(pfn) / set_page_private(pfn, v), PageBuddy(pfn),
//     __SetPageBuddy(pfn), __ClearPageBuddy(pfn), page_order(pfn), page_zonenum(pfn), page_zone(pfn).
//   - Lists of pages through page->lru: const head = LIST_HEAD(); list_add(pfn, head); list_del(pfn);
//     list_empty(head); list_first_entry(head) (-1 when empty).
//   - zones[i]: name, zone_start_pfn, spanned_pages, present_pages, watermark[WMARK_MIN..WMARK_HIGH], free_pages.
//     You may add your own fields to a zone (zone.free_area = ...), as struct zone has free_area[].
//   - The kernel's services around the free lists: gfp_zone(gfp), prep_new_page(pfn, order, gfp),
//     free_pages_prepare(pfn, order), account_alloc(pfn, order), alloc_failed(gfp, order),
//     zone_watermark_ok(zone, order, mark, classzone_idx, alloc_flags).
//   - printk("...\n") or console.log(...) write to the kernel log (dmesg()). BUG_ON(cond) stops with
//     "kernel BUG at my-buddy.js:LINE!".
'use strict';

// init(machine): called once at boot, before the first free_bootmem().
// machine = { profile, zones, MAX_ORDER, PAGE_SIZE, max_pfn, debug }.
function init(machine) {
  // TODO 1 (struct free_area): give every zone its free_area[MAX_ORDER]. In the kernel:
  //     struct free_area { struct list_head free_list; unsigned long nr_free; };
  //     struct zone { ... struct free_area free_area[MAX_ORDER]; ... };
  // Here: zone.free_area = [] and, for each order, { free_list: LIST_HEAD(), nr_free: 0 }.
}

// free_bootmem(pfn, order): boot hands over a block of 2^order free frames (__free_pages_bootmem). They are
// already prepared (page_count 0) and counted in NR_FREE_PAGES; only your lists must change.
function free_bootmem(pfn, order) {
  // TODO 2: put the block on the free lists: __free_one_page(pfn, order), written in TODO 5.
  // Until then the block leaks: the machine boots, but nothing can be allocated.
}

// alloc_pages(gfp, order): __alloc_pages_nodemask(). Return the first pfn of 2^order free frames, or -1.
function alloc_pages(gfp, order) {
  // TODO 3 (__rmqueue_smallest + expand): for current_order = order .. MAX_ORDER - 1, take the first block
  //   of zone.free_area[current_order] (list_first_entry, list_del, nr_free--, __ClearPageBuddy), then split
  //   it: while current_order > order, go one order down and put the upper half (page + size) on that order's
  //   list with PG_buddy and set_page_private(upper, order). Keep the lower half.
  // TODO 4 (zones): the highest zone the request may use is gfp_zone(gfp); try it, then every lower zone
  //   down to 0 (the zonelist), skipping zones that are empty (populated_zone) or below their watermark
  //   (zone_watermark_ok(zone, order, zone.watermark[WMARK_LOW], ...)).
  // When you take a block: account_alloc(pfn, order), then prep_new_page(pfn, order, gfp); if that returns
  //   true the block has a bad page: forget it and take another one. Otherwise return pfn.
  return alloc_failed(gfp, order); // prints the kernel's warning and returns -1 (NULL)
}

// free_pages(pfn, order): __free_pages_ok(). The block's last reference is gone.
function free_pages(pfn, order) {
  if (!free_pages_prepare(pfn, order)) return; // the kernel's checks found a bad page: the block leaks
  // TODO 5 (__free_one_page): while order < MAX_ORDER - 1, find the buddy: with
  //     page_idx = pfn & ((1 << MAX_ORDER) - 1),
  //   the buddy's index is page_idx ^ (1 << order). If the buddy is the head of a free block of the same
  //   order (PageBuddy and page_order, in the same zone), take it off its list (list_del, nr_free--, clear
  //   PG_buddy), keep the lower of the two indexes (page_idx & ~(1 << order)) and go one order up.
  //   Finally mark the merged block (PG_buddy, private = order) and list_add it to free_area[order].
}

// nr_free(zone, order): free blocks of this order in zones[zone], for /proc/buddyinfo.
function nr_free(zone, order) {
  return 0; // TODO 6: zones[zone].free_area[order].nr_free
}

module.exports = { init, free_bootmem, alloc_pages, free_pages, nr_free };
