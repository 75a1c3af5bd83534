// Graded: an allocation takes the smallest free block that fits, splits it, and keeps the LOWEST part
// (expand() puts the upper halves back on the free lists, one per order).

/** The smallest order at or above `order` with a free block in `counts`, or -1. */
function lowestFree(counts, order) {
  for (let o = order; o < MAX_ORDER; o++) if (counts[o] > 0) return o;
  return -1;
}

/** An order whose own list is empty but a bigger block exists: a request of it must split. */
function orderThatSplits(counts) {
  for (let j = 0; j < MAX_ORDER - 1; j++) if (counts[j] === 0 && lowestFree(counts, j) > j) return j;
  return -1;
}

test("the smallest block that fits is split, one upper half left on every order below it", () => {
  const before = buddyinfo().DMA32;
  const j = orderThatSplits(before);
  expect(j).toBeGreaterThan(-1);
  const k = lowestFree(before, j);
  const page = alloc_pages(GFP_KERNEL, j);
  expect(page).not.toBeNull();
  const after = buddyinfo().DMA32;
  for (let o = j; o < k; o++) expect(after[o]).toBe(before[o] + 1);
  expect(after[k]).toBe(before[k] - 1);
  __free_pages(page, j);
});

test("the lowest part of the split block is handed out", () => {
  const j = orderThatSplits(buddyinfo().DMA32);
  const k = lowestFree(buddyinfo().DMA32, j);
  const page = alloc_pages(GFP_KERNEL, j);
  const pfn = page_to_pfn(page);
  expect(pfn % (1 << k)).toBe(0);                  // the start of the order-k block
  const next = alloc_pages(GFP_KERNEL, j);         // its buddy, the upper half of the last split
  expect(page_to_pfn(next)).toBe(pfn + (1 << j));
  __free_pages(next, j);
  __free_pages(page, j);
});

test("a block is aligned to its size", () => {
  for (const order of [0, 1, 3, 5, 9]) {
    const page = alloc_pages(GFP_KERNEL, order);
    expect(page_to_pfn(page) % (1 << order)).toBe(0);
    __free_pages(page, order);
  }
});
