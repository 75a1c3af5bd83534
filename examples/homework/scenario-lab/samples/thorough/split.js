// Splitting: the smallest free block that fits is split and its LOWEST part handed out.

/** The smallest order at or above `order` with a free block, or -1. */
function lowestFree(counts, order) {
  for (let o = order; o < MAX_ORDER; o++) if (counts[o] > 0) return o;
  return -1;
}

test("the lowest part of the split block is handed out", () => {
  const before = buddyinfo().DMA32;
  let j = 0;
  while (before[j] > 0 || lowestFree(before, j) <= j) j++;   // an order that must split a bigger block
  const k = lowestFree(before, j);
  const pfn = page_to_pfn(alloc_pages(GFP_KERNEL, j));
  expect(pfn % (1 << k)).toBe(0);
  const after = buddyinfo().DMA32;
  for (let o = j; o < k; o++) expect(after[o]).toBe(before[o] + 1);   // one upper half left on every order
  expect(after[k]).toBe(before[k] - 1);
});

test("two order-0 allocations are buddies", () => {
  const a = page_to_pfn(alloc_pages(GFP_KERNEL, 0));
  const b = page_to_pfn(alloc_pages(GFP_KERNEL, 0));
  expect(b).toBe(a ^ 1);
});
