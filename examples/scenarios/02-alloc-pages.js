// 02 — alloc_pages() and page_address().
//
// struct page *alloc_pages(gfp_t gfp_mask, unsigned int order) allocates 2^order physically
// contiguous pages and returns the first one's struct page. page_address() gives its kernel
// virtual address: on x86_64 every frame is in the direct map at PAGE_OFFSET + physical address.

test("alloc_pages(GFP_KERNEL, 2) gives four contiguous frames", () => {
  const page = alloc_pages(GFP_KERNEL, 2);
  expect(page).not.toBeNull();
  const pfn = page_to_pfn(page);
  expect(pfn % 4).toBe(0);                         // a block of order 2 is aligned to 4 frames
  const addr = page_address(page);
  expect(typeof addr).toBe("bigint");              // addresses are exact BigInts
  expect(addr).toBe(PAGE_OFFSET + BigInt(pfn) * BigInt(PAGE_SIZE));
  expect(__pa(addr)).toBe(BigInt(pfn) * 4096n);
  expect(__va(__pa(addr))).toBe(addr);
  // the frames after the head are the rest of the block
  for (let i = 1; i < 4; i++) {
    const p = pfn_to_page(pfn + i);
    expect(page_address(p)).toBe(addr + BigInt(i * PAGE_SIZE));
    expect(p._count).toBe(0);                      // only the head holds the reference
  }
  __free_pages(page, 2);
});

test("the allocator splits the smallest block that fits and keeps the lowest part", () => {
  const before = buddyinfo().DMA32;
  const page = alloc_pages(GFP_KERNEL, 0);
  const after = buddyinfo().DMA32;
  // the smallest free block was split: one block fewer at some order k, and one more at every order below
  let k = 0;
  while (after[k] === before[k] + 1) k++;
  expect(after[k]).toBe(before[k] - 1);
  console.log(`an order-${k} block was split to serve an order-0 request`);
  __free_pages(page, 0);
  expect(buddyinfo().DMA32).toEqual(before);        // and freeing merges it all back
});

test("order >= MAX_ORDER is not an error: it returns NULL", () => {
  expect(alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER)).toBeNull();
});
