// 10 — reference counts and compound pages.
//
// _count is the page's reference count: __free_pages() drops one reference and frees the block
// only when it reaches zero. __GFP_COMP makes a compound page: the head holds the count, every
// tail points to the head.

test("get_page keeps a page alive across a free", () => {
  const page = alloc_page(GFP_KERNEL);
  get_page(page);
  expect(page_count(page)).toBe(2);
  __free_page(page);                   // drops our reference; one is left
  expect(page_count(page)).toBe(1);
  expect(PageBuddy(page)).toBe(false);
  put_page(page);                      // the last reference frees it
  expect(page_count(page)).toBe(0);
});

test("a compound page", () => {
  const head = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
  expect(PageHead(head)).toBe(true);
  expect(PageCompound(head)).toBe(true);
  const tail = pfn_to_page(page_to_pfn(head) + 3);
  expect(PageTail(tail)).toBe(true);
  expect(tail.flagNames).toEqual(["tail"]);
  expect(page_count(tail)).toBe(1);    // page_count() of a tail is the head's count
  get_page(tail);                      // and a reference through a tail lands on the head
  expect(head._count).toBe(2);
  put_page(tail);
  put_page(head);                      // frees all four pages at once
  expect(PageHead(head)).toBe(false);
});

test("split_page and alloc_pages_exact", () => {
  const addr = alloc_pages_exact(3 * PAGE_SIZE, GFP_KERNEL);  // an order-2 block, the 4th page freed
  const first = virt_to_page(addr);
  const pfn = page_to_pfn(first);
  expect([0, 1, 2].map(i => pfn_to_page(pfn + i)._count)).toEqual([1, 1, 1]);
  expect(pfn_to_page(pfn + 3)._count).toBe(0);
  free_pages_exact(addr, 3 * PAGE_SIZE);
  expect(first._count).toBe(0);
});

test("bad arguments are clear errors, not crashes", () => {
  expect(() => alloc_pages(GFP_KERNEL, -1)).toThrow(RangeError);
  expect(() => alloc_pages(GFP_KERNEL, 1.5)).toThrow(RangeError);
  expect(() => __free_pages(4096n, 0)).toThrow(TypeError);   // an address is not a struct page
});
