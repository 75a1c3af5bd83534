// 01 — struct page: one per page frame, and what its fields mean.
//
// The chapter: "the kernel represents every physical page with a struct page" (<linux/mm_types.h>).
// Here every frame of a simulated 1 GiB x86_64 machine has one; a scenario sees it as a page object
// whose read-only properties are named as in 2.6.34: flags, _count, _mapcount, private, mapping,
// index, virtual — plus pfn and flagNames for convenience.

test("a freshly allocated page: _count 1, _mapcount -1, no flags", () => {
  const page = alloc_page(GFP_KERNEL);
  expect(page).not.toBeNull();
  expect(page._count).toBe(1);        // one reference: ours
  expect(page._mapcount).toBe(-1);    // not mapped into any process (-1 means zero mappings)
  expect(page_mapcount(page)).toBe(0);
  expect(page.flagNames).toEqual([]); // every PG_ bit is clear when a page leaves the allocator
  expect(page.mapping).toBe(0n);
  __free_page(page);
});

test("the zone lives in the high bits of page->flags", () => {
  const page = alloc_page(GFP_DMA);
  expect(page_zone(page).name).toBe("DMA");
  expect(page.flags >> 62n).toBe(0n);      // ZONE_DMA = 0
  const p2 = alloc_page(GFP_KERNEL);      // on a 1 GiB machine Normal is empty: DMA32
  expect(page_zone(p2).name).toBe("DMA32");
  expect(p2.flags >> 62n).toBe(1n);        // ZONE_DMA32 = 1
  __free_page(page);
  __free_page(p2);
});

test("the same frame is always the same object", () => {
  const page = alloc_pages(GFP_KERNEL, 1);
  expect(pfn_to_page(page_to_pfn(page))).toBe(page);
  expect(virt_to_page(page_address(page))).toBe(page);
  __free_pages(page, 1);
});

test("a free block's head carries PG_buddy and its order in private", () => {
  // On a fresh machine the first order-0 request splits a larger block at P: the caller keeps P
  // and the upper halves P+1 (order 0), P+2 (order 1), P+4 (order 2) ... go back on the free lists.
  const page = alloc_page(GFP_KERNEL);
  const pfn = page_to_pfn(page);
  for (const [offset, order] of [[1, 0], [2, 1], [4, 2], [8, 3]]) {
    const head = pfn_to_page(pfn + offset);
    expect(PageBuddy(head)).toBe(true);
    expect(head.private).toBe(order);      // the order, only on free block heads
    expect(head._count).toBe(0);
  }
  expect(PageBuddy(pfn_to_page(pfn + 3))).toBe(false); // inside a free block: no flags at all
  console.log(dump_page(pfn_to_page(pfn + 2)));
  __free_page(page);
  expect(PageBuddy(pfn_to_page(pfn + 1))).toBe(false); // merged back into a bigger block
});

test("boot reserved pages stay PG_reserved", () => {
  const zero = pfn_to_page(0);            // the BIOS data page
  expect(PageReserved(zero)).toBe(true);
  expect(zero._count).toBe(1);
  expect(zero.flagNames).toContain("reserved");
});
