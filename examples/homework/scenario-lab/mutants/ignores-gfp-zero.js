// MUTANT of examples/modules/buddy-simple.js for scenario-lab (do not hand out): __GFP_ZERO is dropped: the memory handed out is not zeroed.
// buddy-simple.js: a small zoned buddy allocator in JavaScript, for kmemlab's `buddy` slot.
//
// It follows Linux 2.6.34 mm/page_alloc.c with per-CPU lists and mobility grouping off: each zone has
// free_area[MAX_ORDER], one free list per order; a request takes the first block of the smallest order that
// fits and splits it (expand), and a freed block merges with its buddy for as long as the buddy is free
// (__free_one_page). With pcp and mobility off it hands out the same pages as buddy=linux, in the same order.
//
//   Use it:    scripts/kmemlab run my-scenario.js --module buddy=examples/modules/buddy-simple.js
//              machine({ modules: { buddy: "../modules/buddy-simple.js" } })   (relative to the scenario file)
//   Check it:  scripts/kmemlab conform --module buddy=examples/modules/buddy-simple.js
//
// A page is its page frame number (pfn, a Number); -1 is NULL. The kernel functions it calls (list_add,
// PageBuddy, prep_new_page, ...) are described in docs/js-modules.md.
'use strict';

// ------------------------------------------------------------------ struct free_area

// Called once when the machine boots, before the first free_bootmem().
function init(machine) {
  for (const zone of zones) {
    // struct free_area { struct list_head free_list; unsigned long nr_free; } free_area[MAX_ORDER];
    zone.free_area = [];
    for (let order = 0; order < MAX_ORDER; order++) {
      zone.free_area.push({ free_list: LIST_HEAD(), nr_free: 0 });
    }
  }
}

// The first page of a free block carries PG_buddy and the block's order in page->private.
function set_page_order(page, order) {
  set_page_private(page, order);
  __SetPageBuddy(page);
}

function rmv_page_order(page) {
  __ClearPageBuddy(page);
  set_page_private(page, 0);
}

// page_is_buddy(): is `buddy` the first page of a free block of this order, in the same zone as `page`?
function page_is_buddy(page, buddy, order) {
  if (!pfn_valid(buddy)) return false;
  if (page_zonenum(buddy) !== page_zonenum(page)) return false;
  return PageBuddy(buddy) && page_order(buddy) === order;
}

// ------------------------------------------------------------------ allocation

// expand(): a block of order `high` is split until it has order `low`. Each time the lower half is kept and
// the upper half goes to the head of the free list one order down.
function expand(zone, page, low, high) {
  let size = 1 << high;
  while (high > low) {
    high--;
    size >>= 1;
    const area = zone.free_area[high];
    list_add(page + size, area.free_list);
    area.nr_free++;
    set_page_order(page + size, high);
  }
}

// __rmqueue_smallest(): the first block of the smallest order that fits, taken off its list and split.
function __rmqueue_smallest(zone, order) {
  for (let current_order = order; current_order < MAX_ORDER; current_order++) {
    const area = zone.free_area[current_order];
    if (list_empty(area.free_list)) continue;
    const page = list_first_entry(area.free_list);
    list_del(page);
    rmv_page_order(page);
    area.nr_free--;
    expand(zone, page, order, current_order);
    return page;
  }
  return -1;
}

// buffered_rmqueue() without per-CPU lists: a block off the zone's lists, counted, and prepared for its user.
function buffered_rmqueue(zone, order, gfp) {
  for (;;) {
    const page = __rmqueue_smallest(zone, order);
    if (page === -1) return -1;
    account_alloc(page, order);                 // NR_FREE_PAGES -= 2^order
    if (prep_new_page(page, order, gfp & ~__GFP_ZERO)) continue; // BUG: drops __GFP_ZERO
    return page;
  }
}

// get_page_from_freelist(): the zonelist runs from the highest zone the gfp mask allows down to ZONE_DMA;
// the first zone above its watermark that has a block serves the request.
function get_page_from_freelist(gfp, order, high_zoneidx, preferred_zone, alloc_flags) {
  for (let i = Math.min(high_zoneidx, zones.length - 1); i >= 0; i--) {
    const zone = zones[i];
    if (!populated_zone(zone)) continue;
    if (!(alloc_flags & ALLOC_NO_WATERMARKS)) {
      const mark = zone.watermark[alloc_flags & ALLOC_WMARK_MASK];
      if (!zone_watermark_ok(zone, order, mark, preferred_zone, alloc_flags)) continue;
    }
    const page = buffered_rmqueue(zone, order, gfp);
    if (page !== -1) return page;
  }
  return -1;
}

// first_zones_zonelist(): the first populated zone of the zonelist (its index is the "classzone").
function first_populated_zone(high_zoneidx) {
  for (let i = Math.min(high_zoneidx, zones.length - 1); i >= 0; i--) {
    if (populated_zone(zones[i])) return i;
  }
  return -1;
}

// __alloc_pages_nodemask(): the fast path at the low watermark; then, as __alloc_pages_slowpath() does when
// there is nothing to reclaim, one more try at the min watermark (lowered for __GFP_HIGH and for requests
// that cannot wait); then the allocation fails.
function alloc_pages(gfp, order) {
  const high_zoneidx = gfp_zone(gfp);
  const preferred_zone = first_populated_zone(high_zoneidx);
  if (preferred_zone < 0) return -1;
  if (order >= MAX_ORDER) return alloc_failed(gfp, order);

  let page = get_page_from_freelist(gfp | __GFP_HARDWALL, order, high_zoneidx, preferred_zone,
    ALLOC_WMARK_LOW | ALLOC_CPUSET);
  if (page !== -1) return page;

  // gfp_to_alloc_flags()
  let alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;
  if (gfp & __GFP_HIGH) alloc_flags |= ALLOC_HIGH;
  if (!(gfp & __GFP_WAIT)) {
    alloc_flags |= ALLOC_HARDER;
    alloc_flags &= ~ALLOC_CPUSET;
  }
  page = get_page_from_freelist(gfp, order, high_zoneidx, preferred_zone, alloc_flags);
  if (page !== -1) return page;
  return alloc_failed(gfp, order);              // the warning, and -1 (NULL)
}

// ------------------------------------------------------------------ freeing

// __free_one_page(): merge the block with its buddy while the buddy is a free block of the same order, then
// put the (maybe bigger) block at the head of its free list.
function __free_one_page(page, order) {
  const zone = page_zone(page);
  let page_idx = page & ((1 << MAX_ORDER) - 1); // the block's index inside its MAX_ORDER-aligned area
  const base = page - page_idx;
  while (order < MAX_ORDER - 1) {
    const buddy = base + (page_idx ^ (1 << order)); // __page_find_buddy()
    if (!page_is_buddy(page, buddy, order)) break;
    list_del(buddy);
    zone.free_area[order].nr_free--;
    rmv_page_order(buddy);
    page_idx &= ~(1 << order);                  // __find_combined_index(): the lower of the two halves
    order++;
  }
  const head = base + page_idx;
  set_page_order(head, order);
  list_add(head, zone.free_area[order].free_list);
  zone.free_area[order].nr_free++;
}

// __free_pages_ok(): the kernel's checks (a bad page leaks the block) and accounting, then the lists.
function free_pages(page, order) {
  VM_BUG_ON(page & ((1 << order) - 1));         // a block starts at a multiple of its size
  if (!free_pages_prepare(page, order)) return;
  __free_one_page(page, order);
}

// The boot hand-over (__free_pages_bootmem): the frames are already counted free; only the lists change.
function free_bootmem(page, order) {
  __free_one_page(page, order);
}

// /proc/buddyinfo: free blocks of an order in a zone (the zone's index).
function nr_free(zone, order) {
  return zones[zone].free_area[order].nr_free;
}

module.exports = { init, free_bootmem, alloc_pages, free_pages, nr_free };
