// Freeing: pages go back to the free lists and merge with their buddies.

test("freeing two buddies merges them back", () => {
  const before = buddyinfo().DMA32;
  const a = alloc_pages(GFP_KERNEL, 0);
  const b = alloc_pages(GFP_KERNEL, 0);
  __free_pages(a, 0);
  __free_pages(b, 0);
  expect(buddyinfo().DMA32).toEqual(before);
});

test("a freed block can be allocated again", () => {
  const a = page_to_pfn(alloc_pages(GFP_KERNEL, 3));
  __free_pages(pfn_to_page(a), 3);
  expect(page_to_pfn(alloc_pages(GFP_KERNEL, 3))).toBe(a);
});
