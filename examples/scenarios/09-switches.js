// 09 — the three switches: pcp, mobility, debug.
//
// machine({ pcp, mobility, debug }) chooses how close to the real kernel the buddy allocator
// behaves. Off, it is the textbook buddy system of the chapter; on, it is 2.6.34 in full.

test("pcp: order-0 pages go through a per-CPU list", () => {
  machine({ pcp: true });
  const before = buddyinfo().DMA32;
  const free = meminfo().MemFree;
  const page = alloc_page(GFP_KERNEL);
  // the empty per-CPU list was refilled with a batch of 31 pages at once
  expect(meminfo().MemFree).toBe(free - 31 * 4);
  const mid = buddyinfo().DMA32;
  __free_page(page);
  expect(buddyinfo().DMA32).toEqual(mid);     // the freed page sits on the pcp list
  drain_all_pages();
  expect(buddyinfo().DMA32).toEqual(before);  // drained: everything merged back
});

test("mobility: migrate types and the fallback", () => {
  machine({ mobility: true });
  const text = proc("pagetypeinfo");
  // at boot every free page is Movable (and up to two pageblocks per zone are the Reserve)
  expect(text).toMatch(/zone    DMA32, type      Movable +\d+/);
  const page = alloc_page(GFP_KERNEL);        // an Unmovable request steals from Movable
  expect(page).not.toBeNull();
  expect(proc("pagetypeinfo")).not.toBe(text);
  __free_page(page);
});

test("mobility off: one free list per order, as in the textbook", () => {
  machine({ mobility: false });
  expect(proc("pagetypeinfo")).toMatch(/type    Unmovable/);
});

test("debug off: a double free goes unnoticed until the page is reused", () => {
  machine({ debug: false });
  const page = alloc_page(GFP_KERNEL);
  __free_page(page);
  __free_page(page);
  expect(tainted()).toBe("");
  alloc_page(GFP_KERNEL);
  expect(tainted()).toBe("B");
});
