// This file is fine: it passes on the reference.

test("an order-3 block is aligned", () => {
  expect(page_to_pfn(alloc_pages(GFP_KERNEL, 3)) % 8).toBe(0);
});
