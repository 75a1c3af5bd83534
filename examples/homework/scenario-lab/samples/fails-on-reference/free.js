// The mistake: it forgets that a freed page merges with its free buddy.

test("a freed page waits on the order-0 list", () => {
  const a = alloc_pages(GFP_KERNEL, 0);
  const b = alloc_pages(GFP_KERNEL, 0);
  __free_pages(b, 0);
  const before = buddyinfo().DMA32[0];
  __free_pages(a, 0);
  expect(buddyinfo().DMA32[0]).toBe(before + 1);
});
