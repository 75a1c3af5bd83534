// 05 — freeing pages, and what happens when you get it wrong.
//
// The chapter warns: "passing the wrong pointer or address when freeing crashes the kernel".
// kmemlab boots with debug: true by default (CONFIG_DEBUG_VM, DEBUG_PAGEALLOC), which reports a
// misuse at the call that makes it, as a KernelBug with the kernel's own report. With
// debug: false the machine behaves like a production 2.6.34 kernel: quiet now, trouble later.

test("a double free is a kernel BUG at the second free (debug build)", () => {
  const page = alloc_page(GFP_KERNEL);
  __free_page(page);
  expect(() => __free_page(page)).toThrow(KernelBug);
  expect(dmesg()).toMatch(/kernel BUG at include\/linux\/mm\.h:\d+!/);
  expect(tainted()).toContain("D");      // an oops taints the kernel with D
});

test("a double free on a production kernel: silent now, a bad page later", () => {
  machine({ debug: false });
  const page = alloc_page(GFP_KERNEL);
  __free_page(page);
  __free_page(page);                     // _count goes 0 -> -1; nothing is printed
  expect(page._count).toBe(-1);
  expect(dmesg()).not.toMatch(/Bad page/);
  const again = alloc_page(GFP_KERNEL);  // the allocator trips over the page when it hands it out
  expect(again).not.toBe(page);
  expect(dmesg()).toMatch(/BUG: Bad page state in process insmod  pfn:/);
  expect(dmesg()).toMatch(/count:-1 mapcount:0 mapping:\(null\) index:0x0/);
  expect(tainted()).toBe("B");           // taint B: bad page; the page is leaked for good
});

test("freeing with a larger order than allocated: Bad page state", () => {
  const a = alloc_page(GFP_KERNEL);
  const b = alloc_page(GFP_KERNEL);      // the next page, still in use
  expect(page_to_pfn(b)).toBe(page_to_pfn(a) + 1);
  expect(() => __free_pages(a, 1)).toThrow(/Bad page state/);
  expect(b._count).toBe(1);              // b was not freed under its owner
});

test("freeing a page by a wrong address", () => {
  expect(() => free_pages(0x1234n, 0)).toThrow(KernelBug);  // not a kernel address: VM_BUG_ON
  free_pages(0n, 0);                                         // 0 is a no-op, like kfree(NULL)
  const addr = __get_free_page(GFP_KERNEL);
  free_page(addr + 100n);                                    // rounds down to the page: this works
  expect(virt_to_page(addr)._count).toBe(0);
});

test("use after free faults under DEBUG_PAGEALLOC", () => {
  const addr = __get_free_page(GFP_KERNEL);
  writeb(addr, 1);
  free_page(addr);
  expect(() => readb(addr)).toThrow(/unable to handle kernel paging request/);
});

test("a KernelBug cannot be hidden by catching it", () => {
  let caught = null;
  try {
    __free_page(alloc_page(GFP_KERNEL));
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeNull();             // a correct free throws nothing
});
